/* test_xlsxout: workbooks written through lib/xlsxout.c: mode 0600,
 * nothing left behind, the same bytes twice, text cells, bold frozen
 * header, autofilter, fills and comments (read with unzip when it is
 * there), stdout through a scratch file in the current directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lt.h"
#include "lt_xlsx.h"
#include "unit.h"

#define CHECK(cond, what) UNIT_CHECK(cond, "%s", what)

static char dir[64];

static char *
pathof(const char *name)
{
	static char buf[2][128];
	static int k;

	k ^= 1;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

static int
nentries(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	int n = 0;

	if (dp == NULL)
		return -1;
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

/* The test workbook: a header, an ID row with an error comment, a row
 * with a warning and a number. */
static int
build(const char *path, int32_t today)
{
	lt_xlsx *x = lt_xlsx_open(path, today);

	if (x == NULL)
		return -1;
	lt_xlsx_sheet(x, "台账");
	lt_xlsx_table(x);
	lt_xlsx_cstr(x, "身份证号码", NULL);
	lt_xlsx_cstr(x, "姓名", NULL);
	lt_xlsx_cstr(x, "人数", NULL);
	lt_xlsx_end(x);
	lt_xlsx_cstr(x, "500235199003071234", lt_xlsx_fmt(x, LT_XF_ERROR));
	lt_xlsx_note(x, LT_S("checksum digit wrong [E-ID-CHECK]"));
	lt_xlsx_cstr(x, "张三", NULL);
	lt_xlsx_number(x, 3, NULL);
	lt_xlsx_end(x);
	lt_xlsx_cstr(x, "007", NULL);
	lt_xlsx_text(x, LT_S("bad \xff byte\x01"), lt_xlsx_fmt(x, LT_XF_WARN));
	lt_xlsx_note(x, LT_S("a warning"));
	lt_xlsx_cstr(x, "_x0041_", NULL);
	lt_xlsx_end(x);
	return lt_xlsx_close(x);
}

static int
same_bytes(const char *a, const char *b)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", a, b);
	return system(cmd) == 0;
}

/* unzip -p path part > out; 0 ok, 1 no unzip, -1 failed */
static int
part(const char *path, const char *name, char *out, size_t outsz)
{
	char cmd[300];
	FILE *p;
	size_t n;

	if (system("command -v unzip >/dev/null 2>&1") != 0)
		return 1;
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' '%s' 2>/dev/null", path,
	    name);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	n = fread(out, 1, outsz - 1, p);
	out[n] = '\0';
	return pclose(p) == 0 && n > 0 ? 0 : -1;
}

static void
test_file(void)
{
	struct stat st;
	char xml[16384];
	int rc;

	CHECK(build(pathof("a.xlsx"), lt_days(2026, 12, 2)) == 0, "build a");
	CHECK(stat(pathof("a.xlsx"), &st) == 0 && (st.st_mode & 0777) == 0600,
	    "mode 0600");
	CHECK(nentries(dir) == 1, "only the workbook in its directory");
	sleep(1);	/* a clock in the bytes would show */
	CHECK(build(pathof("b.xlsx"), lt_days(2026, 12, 2)) == 0, "build b");
	CHECK(same_bytes(pathof("a.xlsx"), pathof("b.xlsx")),
	    "the same run writes the same bytes");
	/* replacing an existing file */
	CHECK(build(pathof("b.xlsx"), lt_days(2026, 12, 9)) == 0, "rebuild b");
	CHECK(!same_bytes(pathof("a.xlsx"), pathof("b.xlsx")),
	    "another --today, another document time");
	CHECK(nentries(dir) == 2, "two workbooks, no temporary");

	rc = part(pathof("a.xlsx"), "xl/worksheets/sheet1.xml", xml,
	    sizeof(xml));
	if (rc == 1) {
		printf("test_xlsxout: no unzip, sheet XML not checked\n");
		return;
	}
	CHECK(rc == 0, "sheet1.xml");
	CHECK(strstr(xml, "<c r=\"A2\" s=\"") != NULL &&
	    strstr(xml, "t=\"inlineStr\"><is><t>500235199003071234</t>") !=
	    NULL, "the ID is a text cell");
	CHECK(strstr(xml, "<c r=\"C2\" s=\"") == NULL &&
	    strstr(xml, "<c r=\"C2\"><v>3</v>") != NULL, "a number");
	CHECK(strstr(xml, "<pane ySplit=\"1\" topLeftCell=\"A2\" "
	    "activePane=\"bottomLeft\" state=\"frozen\"/>") != NULL,
	    "header frozen");
	CHECK(strstr(xml, "<autoFilter ref=\"A1:C3\"/>") != NULL,
	    "autofilter over the table");
	CHECK(strstr(xml, "<cols><col min=\"1\" max=\"1\" width=\"20") != NULL,
	    "the ID column as wide as an ID");
	CHECK(strstr(xml, "\"preserve\">bad \xef\xbf\xbd byte </t>") != NULL,
	    "a bad byte as U+FFFD, a control character as a space");
	CHECK(strstr(xml, "<t>_x005F_x0041_</t>") != NULL,
	    "a literal _xHHHH_ escaped");
	CHECK(strstr(xml, "<legacyDrawing") != NULL, "comments drawn");
	rc = part(pathof("a.xlsx"), "xl/comments1.xml", xml, sizeof(xml));
	CHECK(rc == 0 && strstr(xml, "<comment ref=\"A2\"") != NULL &&
	    strstr(xml, "checksum digit wrong [E-ID-CHECK]") != NULL &&
	    strstr(xml, "<comment ref=\"B3\"") != NULL, "the comments");
	rc = part(pathof("a.xlsx"), "xl/styles.xml", xml, sizeof(xml));
	CHECK(rc == 0 && strstr(xml, "FFFFC7CE") != NULL &&
	    strstr(xml, "FFFFEB9C") != NULL && strstr(xml, "<b/>") != NULL &&
	    strstr(xml, "formatCode=\"@\"") != NULL,
	    "red, yellow, bold, the text format");
	rc = part(pathof("a.xlsx"), "docProps/core.xml", xml, sizeof(xml));
	CHECK(rc == 0 && strstr(xml, "2026-12-02T00:00:00Z") != NULL,
	    "document time from today");
}

static void
test_abort(void)
{
	lt_xlsx *x = lt_xlsx_open(pathof("c.xlsx"), 0);

	CHECK(x != NULL, "open c");
	lt_xlsx_sheet(x, "S");
	lt_xlsx_cstr(x, "500235199003071234", NULL);
	lt_xlsx_abort(x);
	CHECK(access(pathof("c.xlsx"), F_OK) == -1, "abort: no file");
	CHECK(nentries(dir) == 2, "abort: no temporary");

	x = lt_xlsx_open(pathof("c.xlsx"), 0);
	lt_xlsx_sheet(x, "S");
	CHECK(lt_xlsx_sheet(x, "S") < 0, "a sheet name twice");
	lt_xlsx_cstr(x, "x", NULL);
	errno = 0;
	CHECK(lt_xlsx_close(x) < 0 && errno == EINVAL, "close reports it");
	CHECK(nentries(dir) == 2, "failed close: nothing left");

	lt_ofile_named(1);	/* where O_TMPFILE is missing */
	CHECK(build(pathof("d.xlsx"), lt_days(2026, 12, 2)) == 0, "named");
	CHECK(same_bytes(pathof("a.xlsx"), pathof("d.xlsx")),
	    "named temporary: same bytes");
	CHECK(nentries(dir) == 3, "named: no temporary left");
	lt_ofile_named(0);

	CHECK(lt_xlsx_open(pathof("no/such/dir.xlsx"), 0) == NULL &&
	    errno == ENOENT, "no such directory");
}

/* "-" and /dev/fd/N: built in the current directory, copied out. */
static void
test_stream(void)
{
	char sub[128], out[160], cwd[256];
	int fd, save;

	snprintf(sub, sizeof(sub), "%s/run", dir);
	mkdir(sub, 0700);
	snprintf(out, sizeof(out), "%s/out.xlsx", dir);
	if (getcwd(cwd, sizeof(cwd)) == NULL || chdir(sub) == -1)
		return;
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	save = dup(1);
	fflush(stdout);
	dup2(fd, 1);
	close(fd);
	CHECK(build("-", lt_days(2026, 12, 2)) == 0, "to stdout");
	fflush(stdout);
	dup2(save, 1);
	close(save);
	CHECK(same_bytes(out, pathof("a.xlsx")), "stdout: same bytes");
	CHECK(nentries(sub) == 0, "stdout: nothing left in the cwd");
	if (chdir(cwd) == -1)
		return;
	rmdir(sub);
	unlink(out);
}

int
main(void)
{
	char cmd[128];

	snprintf(dir, sizeof(dir), "%s", "/tmp/test_xlsxout.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	test_file();
	test_abort();
	test_stream();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return unit_done("test_xlsxout");
}
