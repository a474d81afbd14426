/*
 * opts.c - the common options of every tool (SPEC 3, 5.1), merged with
 * the tool's own into one getopt_long table, and the three steps every
 * tool takes:
 *
 *	lt_opts_argv	argv and the environment into a plain lt_opts (no
 *			I/O, no exit: a usage error comes back as a message);
 *	lt_ctx_load	the config, the schema, today and the language into
 *			the read-only lt_ctx the core reads (an error comes
 *			back as a message and a kind);
 *	lt_run_status	the exit status of a run from its lt_run: LT_FAIL,
 *			LT_DATA or LT_OK.
 *
 * lt_start is the utility step a main calls: both steps, and the printing
 * and exiting they leave to it (usage errors, -h, -V, --print-*).
 * lt_io_check likewise says what lt_io_verify (files.c) returns.
 *
 * A tool in cmd/ is shaped options -> process -> main (tsv-utils), in
 * that order in its file:
 *
 *   options	usage_en/usage_zh (ending in LT_USAGE_COMMON_EN/ZH before
 *		the examples), longopts[], struct args, opt() (0, or -1 for
 *		an invalid argument: lt_opts_argv names the option), and
 *		static const lt_tool tool = { prog, usage, schema, ... };
 *   process	a struct with what the record loop works with, a function
 *		per record, process() for the loop; counts go to the run
 *		(o->run.ndata for data problems, o->run.fail for failures);
 *   main	about 60 lines at most: lt_start, the checks parsing cannot
 *		make, the files (lt_io_in/lt_io_out, lt_io_check), open,
 *		process(), close, lt_summary, return lt_finish(&o).
 *
 * The common options' help is here once; each tool keeps its bilingual
 * usage[2].
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "lt.h"
#include "lt_private.h"

enum {
	O_CSV = 256, O_TSV, O_OCSV, O_OTSV, O_BOM, O_LANG, O_ENCODING,
	O_ASCII, O_CONFIG, O_SCHEMA, O_TODAY, O_MASK, O_UNMASK, O_HEADER_FROM,
	O_PRINT_CONFIG, O_PRINT_SCHEMA, O_DATE_ORDER, O_SHEET, O_OXLSX
};

static const struct option common[] = {
	{ "help",		no_argument,		NULL, 'h' },
	{ "version",		no_argument,		NULL, 'V' },
	{ "quiet",		no_argument,		NULL, 'q' },
	{ "csv",		no_argument,		NULL, O_CSV },
	{ "tsv",		no_argument,		NULL, O_TSV },
	{ "ocsv",		no_argument,		NULL, O_OCSV },
	{ "otsv",		no_argument,		NULL, O_OTSV },
	{ "oxlsx",		no_argument,		NULL, O_OXLSX },
	{ "bom",		no_argument,		NULL, O_BOM },
	{ "lang",		required_argument,	NULL, O_LANG },
	{ "encoding",		required_argument,	NULL, O_ENCODING },
	{ "ascii-headers",	no_argument,		NULL, O_ASCII },
	{ "config",		required_argument,	NULL, O_CONFIG },
	{ "schema",		required_argument,	NULL, O_SCHEMA },
	{ "today",		required_argument,	NULL, O_TODAY },
	{ "mask",		no_argument,		NULL, O_MASK },
	{ "unmask",		no_argument,		NULL, O_UNMASK },
	{ "header-from",	required_argument,	NULL, O_HEADER_FROM },
	{ "print-config",	no_argument,		NULL, O_PRINT_CONFIG },
	{ "print-schema",	optional_argument,	NULL, O_PRINT_SCHEMA },
	{ "date-order",		required_argument,	NULL, O_DATE_ORDER },
	{ "sheet",		required_argument,	NULL, O_SHEET },
};
#define NCOMMON (sizeof(common) / sizeof(common[0]))

static const char common_help_en[] =
"Common options:\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"  -q, --quiet            report fatal errors only\n"
"      --csv, --tsv       input format (default: detected)\n"
"      --ocsv, --otsv     output format (default: as the input)\n"
"      --oxlsx            standard output as an .xlsx workbook (files: by\n"
"                         their name, *.xlsx)\n"
"      --bom              write a UTF-8 BOM (for Excel)\n"
"      --encoding ENC     input encoding: auto, utf-8 or gb18030 (or gbk,\n"
"                         cp936, ...)\n"
"      --lang zh|en       language of messages\n"
"      --ascii-headers    write ASCII keys as headers\n"
"      --mask             mask IDs, phones and names in person files\n"
"      --unmask           do not mask report files\n"
"      --header-from FILE read the header from FILE\n"
"      --sheet NAME|N     the workbook sheet to read (default: the first\n"
"                         visible one)\n"
"      --config FILE      configuration (default: built in, or $LEDGER_CONFIG)\n"
"      --schema FILE|ledger|roster  record schema: a file, or a built-in\n"
"                         one by name (default: the tool's; ./roster is a file)\n"
"      --today DATE       run as if today were DATE (YYYY-MM-DD; or $LEDGER_TODAY)\n"
"      --date-order ymd|mdy|dmy  how to read year-last dates such as\n"
"                         3/15/2022 (default ymd: they are errors)\n"
"      --print-config     print the configuration and exit\n"
"      --print-schema[=ledger|roster]  print a schema and exit\n";

static const char common_help_zh[] =
"通用选项：\n"
"  -h, --help             显示本帮助并退出\n"
"  -V, --version          显示版本并退出\n"
"  -q, --quiet            只报告致命错误\n"
"      --csv, --tsv       输入格式（默认自动识别）\n"
"      --ocsv, --otsv     输出格式（默认与输入相同）\n"
"      --oxlsx            标准输出写成 .xlsx 工作簿（文件按名称：*.xlsx）\n"
"      --bom              输出 UTF-8 BOM（供 Excel 打开）\n"
"      --encoding ENC     输入编码：auto、utf-8 或 gb18030（或 gbk、cp936\n"
"                         等）\n"
"      --lang zh|en       提示信息的语言\n"
"      --ascii-headers    表头输出英文键名\n"
"      --mask             人员文件中的身份证号、电话、姓名脱敏\n"
"      --unmask           报告文件不脱敏\n"
"      --header-from FILE 从 FILE 读取表头\n"
"      --sheet NAME|N     读取工作簿的哪个工作表（默认第一个可见的）\n"
"      --config FILE      配置文件（默认内置，或 $LEDGER_CONFIG）\n"
"      --schema FILE|ledger|roster  记录模式：文件，或按名称用内置模式\n"
"                         （默认为本工具的内置模式；./roster 指文件）\n"
"      --today DATE       以 DATE 作为今天（YYYY-MM-DD；或 $LEDGER_TODAY）\n"
"      --date-order ymd|mdy|dmy  年份在后的日期（如 3/15/2022）按月日年\n"
"                         或日月年读取（默认 ymd：视为错误）\n"
"      --print-config     输出配置并退出\n"
"      --print-schema[=ledger|roster]  输出模式并退出\n";

/* The tool of this run, for usage errors raised after parsing
 * (lt_usage_err). */
static const lt_tool *cur_tool;

/*
 * The usage is the tool's text up to its first empty line; the examples
 * follow it, for --help only.  --help leaves out the usage's short list
 * of common options (from its title line on): the full one follows.
 */
static void
put_usage(const lt_opts *o, FILE *fp, int help)
{
	const char *t, *e, *c;
	int lang = o->ctx.lang;
	size_t n;

	if (cur_tool == NULL || cur_tool->usage == NULL ||
	    (t = cur_tool->usage[lang]) == NULL || *t == '\0')
		return;
	n = (e = strstr(t, "\n\n")) != NULL ? (size_t)(e - t) : strlen(t);
	if (help && (c = strstr(t, lang == LT_ZH ? "\n通用选项：" :
	    "\ncommon options:")) != NULL && (size_t)(c - t) < n)
		n = (size_t)(c - t);
	fwrite(t, 1, n, fp);
	if (t[n - 1] != '\n')
		fputc('\n', fp);
}

static void
put_help(const lt_opts *o)
{
	const char *e, *t;

	put_usage(o, stdout, 1);
	fputc('\n', stdout);
	fputs(o->ctx.lang == LT_ZH ? common_help_zh : common_help_en, stdout);
	if (cur_tool != NULL && cur_tool->usage != NULL &&
	    (t = cur_tool->usage[o->ctx.lang]) != NULL &&
	    (e = strstr(t, "\n\n")) != NULL)
		fputs(e + 1, stdout);
}

void
lt_usage_err(lt_opts *o, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		lt_warnx(o, "%s", msg);
	}
	lt_diag_flush();	/* the message before the usage */
	put_usage(o, stderr, 0);
	exit(LT_FAIL);
}

int
lt_run_status(const lt_run *r)
{
	if (r->fail)
		return LT_FAIL;
	return r->ndata > 0 ? LT_DATA : LT_OK;
}

/* The locale's language: the first of LC_ALL, LC_MESSAGES, LANG that is
 * set decides; C and POSIX (also C.UTF-8) name none: -1. */
static int
locale_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		if ((v = getenv(vars[i])) == NULL || *v == '\0')
			continue;
		if (strcmp(v, "C") == 0 || strncmp(v, "C.", 2) == 0 ||
		    strcmp(v, "POSIX") == 0 || strncmp(v, "POSIX.", 6) == 0)
			return -1;
		return strncmp(v, "zh", 2) == 0 ? LT_ZH : LT_EN;
	}
	return -1;
}

static int
parse_lang(const char *s)
{
	if (strcasecmp(s, "zh") == 0 || strncasecmp(s, "zh_", 3) == 0 ||
	    strncasecmp(s, "zh-", 3) == 0)
		return LT_ZH;
	if (strcasecmp(s, "en") == 0 || strncasecmp(s, "en_", 3) == 0 ||
	    strncasecmp(s, "en-", 3) == 0)
		return LT_EN;
	return -1;
}

/* The language of messages while no config is loaded: the built-in
 * config's (Chinese) when nothing chose one. */
static int
msg_lang(const lt_opts *o)
{
	return o->lang >= 0 ? o->lang : LT_ZH;
}

static const char *
tr(const lt_opts *o, const char *zh, const char *en)
{
	return msg_lang(o) == LT_ZH ? zh : en;
}

/* --lang decides the language of option errors too, wherever it stands. */
static void
prescan_lang(lt_opts *o, int argc, char **argv)
{
	const char *v;
	int i, l;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		v = NULL;
		if (strncmp(argv[i], "--lang=", 7) == 0)
			v = argv[i] + 7;
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			v = argv[i + 1];
		if (v != NULL && (l = parse_lang(v)) >= 0)
			o->lang = l;
	}
}

/* SPEC 3: --lang, else LEDGER_LANG, else the locale when it names a
 * language; -1 when none of them decides (then the config's lang). */
static int
env_lang(lt_opts *o, int argc, char **argv, char *err, size_t esz)
{
	const char *v = getenv("LEDGER_LANG");

	prescan_lang(o, argc, argv);
	if (o->lang >= 0)
		return 0;
	if (v == NULL || *v == '\0') {
		o->lang = locale_lang();
		return 0;
	}
	if ((o->lang = parse_lang(v)) < 0) {
		o->lang = LT_EN;
		snprintf(err, esz, "LEDGER_LANG: expected zh or en: '%s'", v);
		return -1;
	}
	return 0;
}

static int
parse_date_order(const char *s)
{
	if (strcasecmp(s, "ymd") == 0)
		return LT_DATE_YMD;
	if (strcasecmp(s, "mdy") == 0)
		return LT_DATE_MDY;
	if (strcasecmp(s, "dmy") == 0)
		return LT_DATE_DMY;
	return -1;
}

/* --schema: a bare ledger/roster is the built-in one; ./roster is the
 * file. */
static void
set_schema(lt_opts *o, const char *arg)
{
	if (strcmp(arg, "ledger") == 0 || strcmp(arg, "roster") == 0) {
		o->schema_name = arg;
		o->schema_path = NULL;
	} else {
		o->schema_name = NULL;
		o->schema_path = arg;
	}
}

/* A common option that takes a value checked here: 0, or -1 with the
 * message in err. */
static int
checked_opt(lt_opts *o, int c, const char *arg, char *err, size_t esz)
{
	int l;

	switch (c) {
	case O_LANG:
		if ((l = parse_lang(arg)) < 0)
			goto bad;
		o->lang = l;
		return 0;
	case O_ENCODING:
		if ((l = lt_enc_parse(arg)) < 0)
			goto bad;
		o->encoding = l;
		return 0;
	case O_DATE_ORDER:
		if ((l = parse_date_order(arg)) < 0)
			goto bad;
		o->date_order = l;
		return 0;
	case O_PRINT_SCHEMA:
		o->print_schema = 1;
		o->print_schema_name = arg;
		if (arg != NULL && strcmp(arg, "ledger") != 0 &&
		    strcmp(arg, "roster") != 0)
			goto bad;
		return 0;
	}
	return 0;
bad:
	switch (c) {
	case O_LANG:
		snprintf(err, esz, tr(o, "--lang：应为 zh 或 en：'%s'",
		    "--lang: expected zh or en: '%s'"), arg);
		break;
	case O_ENCODING:
		snprintf(err, esz, tr(o,
		    "--encoding：应为 auto、utf-8 或 gb18030（也可写 "
		    LT_ENC_NAMES "）：'%s'",
		    "--encoding: expected auto, utf-8 or gb18030 "
		    "(also " LT_ENC_NAMES "): '%s'"), arg);
		break;
	case O_DATE_ORDER:
		snprintf(err, esz, tr(o, "--date-order：应为 ymd、mdy 或 dmy：'%s'",
		    "--date-order: expected ymd, mdy or dmy: '%s'"), arg);
		break;
	default:
		snprintf(err, esz, tr(o, "--print-schema：应为 ledger 或 roster：'%s'",
		    "--print-schema: expected ledger or roster: '%s'"), arg);
		break;
	}
	return -1;
}

/* One of the common options: 0 done, 1 not a common option, -1 invalid
 * (message in err). */
static int
common_opt(lt_opts *o, int c, const char *arg, char *err, size_t esz)
{
	switch (c) {
	case 'h':
		o->help = 1;
		break;
	case 'V':
		o->version = 1;
		break;
	case 'q':
		o->quiet = 1;
		break;
	case O_CSV:
	case O_TSV:
		o->in_fmt = c == O_CSV ? LT_FMT_CSV : LT_FMT_TSV;
		break;
	case O_OCSV:
	case O_OTSV:
		o->out_fmt = c == O_OCSV ? LT_FMT_CSV : LT_FMT_TSV;
		break;
	case O_OXLSX:
		o->oxlsx = 1;
		break;
	case O_BOM:
		o->bom = 1;
		break;
	case O_LANG:
	case O_ENCODING:
	case O_DATE_ORDER:
	case O_PRINT_SCHEMA:
		return checked_opt(o, c, arg, err, esz);
	case O_ASCII:
		o->ascii_headers = 1;
		break;
	case O_CONFIG:
		o->config_path = arg;
		break;
	case O_SCHEMA:
		set_schema(o, arg);
		break;
	case O_TODAY:
		o->today_arg = arg;
		break;
	case O_MASK:
		o->mask = 1;
		break;
	case O_UNMASK:
		o->unmask = 1;
		break;
	case O_HEADER_FROM:
		o->header_from = arg;
		break;
	case O_SHEET:
		o->sheet = arg;
		break;
	case O_PRINT_CONFIG:
		o->print_config = 1;
		break;
	default:
		return 1;
	}
	return 0;
}

/* The name of the option that getopt_long just returned, for messages. */
static void
optname(char *buf, size_t bsz, const struct option *lo, int idx, int c,
    char **argv)
{
	if (idx >= 0)
		snprintf(buf, bsz, "--%s", lo[idx].name);
	else if (c > 0 && c < 256)
		snprintf(buf, bsz, "-%c", c);
	else
		snprintf(buf, bsz, "%s", argv[optind - 1]);
}

/* An option that is not a common one: getopt's complaints, or the
 * tool's.  0, or -1 with the message in err. */
static int
other_opt(lt_opts *o, const lt_tool *t, const struct option *lo, int idx,
    int c, char **argv, void *ud, char *err, size_t esz)
{
	const char *sho = t->shortopts != NULL ? t->shortopts : "";
	char name[64];

	if (c == ':') {
		optname(name, sizeof(name), lo, idx, optopt, argv);
		snprintf(err, esz, tr(o, "选项需要参数：%s",
		    "option requires an argument: %s"), name);
		return -1;
	}
	if (c == '?') {
		if (optopt > 0 && optopt < 256)
			snprintf(name, sizeof(name), "-%c", optopt);
		else
			snprintf(name, sizeof(name), "%s", argv[optind - 1]);
		snprintf(err, esz, tr(o, "未知选项：%s", "unknown option: %s"),
		    name);
		return -1;
	}
	optname(name, sizeof(name), lo, idx, c, argv);
	if (t->opt == NULL || !(c >= LT_OPT_TOOL ||
	    (c > 0 && c < 256 && strchr(sho, c) != NULL))) {
		snprintf(err, esz, tr(o, "未知选项：%s", "unknown option: %s"),
		    name);
		return -1;
	}
	if (t->opt(o, c, optarg, ud) == 0)
		return 0;
	if (optarg != NULL)
		snprintf(err, esz, tr(o, "%s：参数无效：'%s'",
		    "%s: invalid argument '%s'"), name, optarg);
	else
		snprintf(err, esz, tr(o, "%s：用法错误", "%s: usage error"),
		    name);
	return -1;
}

#define MAXTOOLOPTS	32

int
lt_opts_argv(lt_opts *o, const lt_tool *t, int argc, char **argv, void *ud,
    char *err, size_t esz)
{
	struct option lo[NCOMMON + MAXTOOLOPTS + 1];
	char so[8 + MAXTOOLOPTS * 2];
	const char *v, *sho = t->shortopts != NULL ? t->shortopts : "";
	size_t nt = 0;
	int c, idx, r;

	memset(o, 0, sizeof(*o));
	o->prog = t->prog;
	o->lang = -1;
	if (env_lang(o, argc, argv, err, esz) < 0)
		return -1;
	while (t->longopts != NULL && t->longopts[nt].name != NULL)
		nt++;
	if (nt > MAXTOOLOPTS || strlen(sho) > MAXTOOLOPTS * 2) {
		snprintf(err, esz, "%s: too many options", t->prog);
		return -1;
	}
	memcpy(lo, common, sizeof(common));
	if (nt > 0)
		memcpy(lo + NCOMMON, t->longopts, nt * sizeof(*lo));
	memset(&lo[NCOMMON + nt], 0, sizeof(*lo));
	/* ':' first: a missing argument is told apart from a bad option */
	snprintf(so, sizeof(so), ":hVq%s", sho);

	opterr = 0;
	optind = 0;	/* GNU: start afresh (a second parse, in tests) */
	for (;;) {
		idx = -1;
		if ((c = getopt_long(argc, argv, so, lo, &idx)) == -1)
			break;
		if (c == 0)	/* a tool's option with a flag pointer */
			continue;
		if ((r = common_opt(o, c, optarg, err, esz)) > 0)
			r = other_opt(o, t, lo, idx, c, argv, ud, err, esz);
		if (r < 0)
			return -1;
		if (o->help || o->version)	/* the rest is not read */
			return optind;
	}
	if (o->mask && o->unmask) {	/* SPEC 5.5: in every tool */
		snprintf(err, esz, "%s", tr(o, "--mask 与 --unmask 不能同时使用",
		    "--mask and --unmask cannot be used together"));
		return -1;
	}
	if (o->config_path == NULL && (v = getenv("LEDGER_CONFIG")) != NULL &&
	    *v != '\0')
		o->config_path = v;
	o->today_from = "--today";
	if (o->today_arg == NULL && (v = getenv("LEDGER_TODAY")) != NULL &&
	    *v != '\0') {
		o->today_arg = v;
		o->today_from = "LEDGER_TODAY";
	}
	return optind;
}

static int32_t
real_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return LT_NODATE;
	return lt_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int
lt_ctx_load(lt_ctx *c, const lt_opts *o, const char *schema, char *err,
    size_t esz)
{
	memset(c, 0, sizeof(*c));
	c->lang = msg_lang(o);
	c->date_order = o->date_order;
	if (o->today_arg != NULL) {
		if ((c->today = lt_date_iso(o->today_arg)) == LT_NODATE) {
			snprintf(err, esz, tr(o,
			    "%s：日期无效：'%s'（应为 YYYY-MM-DD）",
			    "%s: invalid date '%s' (expected YYYY-MM-DD)"),
			    o->today_from, o->today_arg);
			return LT_LOAD_USAGE;
		}
	} else if ((c->today = real_today()) == LT_NODATE) {
		snprintf(err, esz, "%s", tr(o, "无法取得今天的日期",
		    "cannot get today's date"));
		return LT_LOAD_SYS;
	}
	if (lt_config_load(&c->cfg, o->config_path, err, esz) != 0)
		return LT_LOAD_CONFIG;
	/* C, POSIX or unset (cron): the config's language */
	if (o->lang < 0 && c->cfg.lang >= 0)
		c->lang = c->cfg.lang;
	if (o->schema_name != NULL)
		schema = o->schema_name;
	if (schema != NULL && lt_schema_load(&c->schema, schema,
	    o->schema_path, err, esz) != 0)
		return LT_LOAD_CONFIG;
	return 0;
}

/* Copy a file to stdout (--print-config/--print-schema with a file). */
static void
cat(lt_opts *o, const char *path)
{
	char buf[8192];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		lt_warnx(o, "%s: %s", path, strerror(errno));
		exit(LT_FAIL);
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		fwrite(buf, 1, n, stdout);
	if (ferror(fp)) {
		lt_warnx(o, "%s: %s", path, strerror(errno));
		exit(LT_FAIL);
	}
	fclose(fp);
}

/* -h, -V, --print-config, --print-schema: print, flush and close stdout
 * (a failed write is 2), exit. */
static void
print_and_exit(lt_opts *o, const char *schema)
{
	const char *name = o->print_schema_name;

	if (o->help)
		put_help(o);
	else if (o->version)
		printf("%s (ledger-tools) %s\n", o->prog, LT_VERSION);
	else if (o->print_config) {
		if (o->config_path != NULL)
			cat(o, o->config_path);
		else
			fputs(lt_builtin_config, stdout);
	} else if (name == NULL && o->schema_path != NULL)
		cat(o, o->schema_path);
	else {
		if (name == NULL)
			name = o->schema_name ? o->schema_name :
			    schema ? schema : "ledger";
		fputs(strcmp(name, "roster") == 0 ? lt_builtin_roster :
		    lt_builtin_ledger, stdout);
	}
	exit(lt_finish(o));
}

int
lt_start(lt_opts *o, const lt_tool *t, int argc, char **argv, void *ud)
{
	char err[512];
	int i;

	cur_tool = t;
	lt_diag_oom(o);
	i = lt_opts_argv(o, t, argc, argv, ud, err, sizeof(err));
	o->sink = lt_diag_sink(o);
	o->ctx.lang = msg_lang(o);	/* till the config is loaded */
	o->tty = isatty(2);
	lt_diag_buffer(o->tty);
	if (i < 0)
		lt_usage_err(o, "%s", err);
	if (o->help || o->version)
		print_and_exit(o, t->schema);
	lt_ofile_nofsz();	/* a file size limit is a write error */
	if (o->print_config || o->print_schema)
		print_and_exit(o, t->schema);
	switch (lt_ctx_load(&o->ctx, o, t->schema, err, sizeof(err))) {
	case 0:
		break;
	case LT_LOAD_USAGE:
		lt_usage_err(o, "%s", err);
	case LT_LOAD_CONFIG:
		lt_warnx(o, "%s [F-CONFIG]", err);
		exit(LT_FAIL);
	default:
		lt_warnx(o, "%s", err);
		exit(LT_FAIL);
	}
	return i;
}

void
lt_io_check(lt_opts *o)
{
	char err[512];
	int tty;

	if (lt_io_verify(o, &tty, err, sizeof(err)) < 0)
		lt_usage_err(o, "%s", err);
	if (tty && !o->quiet) {
		/* a note, not a failure: the run's status stays its own */
		int fail = o->run.fail;

		lt_warnx(o, "%s", lt_tr(o, "正在读取标准输入（-h 查看帮助）",
		    "reading standard input (-h for help)"));
		o->run.fail = fail;
	}
}

int32_t
lt_opt_date(lt_opts *o, const char *optname, const char *arg)
{
	int32_t d;

	if (arg == NULL || (d = lt_date_iso(arg)) == LT_NODATE)
		lt_usage_err(o, lt_tr(o, "%s：日期无效：'%s'（应为 YYYY-MM-DD）",
		    "%s: invalid date '%s' (expected YYYY-MM-DD)"), optname,
		    arg ? arg : "");
	return d;
}

int32_t
lt_opt_week_ending(lt_opts *o, const char *arg)
{
	int32_t d;

	if (arg == NULL)
		return lt_wed_on_or_before(o->ctx.today);
	d = lt_opt_date(o, "--week-ending", arg);
	if (lt_weekday(d) != 3)
		lt_usage_err(o, lt_tr(o, "--week-ending：%s 不是星期三",
		    "--week-ending: %s is not a Wednesday"), arg);
	return d;
}

int
lt_out_fmt(const lt_opts *o, int in_fmt)
{
	if (o->out_fmt != LT_FMT_AUTO)
		return o->out_fmt;
	if (in_fmt == LT_FMT_TSV)
		return LT_FMT_TSV;
	return LT_FMT_CSV;
}

/* ------------------------------------------------------------------ */
/* what the tool reads: the table's input description from the options */

lt_input
lt_input_main(const lt_opts *o, char *const *files, int nfiles, int form)
{
	lt_input in = { .files = files, .nfiles = nfiles, .fmt = o->in_fmt,
		.enc = o->encoding, .header_from = o->header_from,
		.sheet = o->sheet, .form = form };

	return in;
}

lt_input
lt_input_side(const lt_opts *o, char *const *files, int nfiles, int form)
{
	lt_input in = { .files = files, .nfiles = nfiles,
		.fmt = LT_FMT_AUTO, .enc = LT_ENC_AUTO, .form = form };

	(void)o;
	return in;
}

lt_table *
lt_table_main(lt_opts *o, const lt_schema *s, char *const *files,
    int nfiles, int form)
{
	lt_input in = lt_input_main(o, files, nfiles, form);

	return lt_table_open(&o->ctx, s, &in, &o->sink);
}

lt_table *
lt_table_side(lt_opts *o, const lt_schema *s, char *const *files,
    int nfiles, int form)
{
	lt_input in = lt_input_side(o, files, nfiles, form);

	return lt_table_open(&o->ctx, s, &in, &o->sink);
}
