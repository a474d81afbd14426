/*
 * codes.c - the catalogue of diagnostic codes (stable identifiers, listed
 * in ledger-tools(5)) with their severity and messages, and the findings
 * list of one record.
 *
 * A message may hold one %s for the detail.  When it has none and a detail
 * is given, the detail is appended in parentheses; when it has one and the
 * detail is empty, the message ends before the separator in front of %s.
 * Keep this table and the CODES section of man/ledger-tools.5 in sync.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "lt/core.h"

#define E LT_SEV_ERROR
#define W LT_SEV_WARN
#define N LT_SEV_NOTE
#define F LT_SEV_FATAL

const lt_codeinfo lt_codes[] = {
	/* ID numbers */
	{ "E-ID-EMPTY", E, "ID number is empty", "身份证号码为空" },
	{ "E-ID-LENGTH", E, "ID number has the wrong length",
	    "身份证号码位数不对" },
	{ "E-ID-CHAR", E, "ID number holds a character other than digits "
	    "and a final X", "身份证号码含有数字和末位 X 以外的字符" },
	{ "E-ID-PROVINCE", E, "ID number starts with an unknown province "
	    "code %s", "身份证号码前两位 %s 不是有效的省份代码" },
	{ "E-ID-BIRTH", E, "birth date %s in the ID number is impossible",
	    "身份证号码中的出生日期 %s 不存在" },
	{ "E-ID-FUTURE", E, "birth date %s in the ID number is after today",
	    "身份证号码中的出生日期 %s 晚于今天" },
	{ "E-ID-CHECKSUM", E, "check character is wrong, expected %s",
	    "校验码错误，应为 %s" },
	{ "E-ID-EXCEL", E, "ID number was stored as a number by Excel; "
	    "format the column as text and enter it again",
	    "身份证号码被 Excel 存成了数字，请把该列设为文本格式后重新录入" },
	{ "W-ID-15", W, "old 15-digit ID number, upgraded to 18 digits",
	    "15 位旧身份证号码，已升级为 18 位" },
	{ "W-ID-COUNTY", W, "ID number's county code %s is not in the "
	    "county list", "身份证号码的县级代码 %s 不在代码表中" },
	{ "E-DUP-ID", E, "duplicate ID number, first seen at %s",
	    "身份证号码重复，首次出现于 %s" },
	/* dates */
	{ "E-DATE-FORMAT", E, "not a date; write year-month-day, e.g. "
	    "2022-03-15", "不是日期，请按年-月-日填写，如 2022-03-15" },
	{ "E-DATE-INVALID", E, "no such date", "日期不存在" },
	{ "E-DATE-ORDER", E, "day or month first; write the year first "
	    "(YYYY-MM-DD), or give --date-order mdy or dmy",
	    "日期写成了日或月在前，请按年-月-日顺序填写，或给出 --date-order mdy 或 dmy" },
	{ "E-DATE-YEAR2", E, "two-digit year; write all four digits",
	    "年份只有两位，请填写四位年份" },
	{ "E-DATE-SERIAL60", E, "Excel serial 60 is the non-existent "
	    "1900-02-29", "Excel 序列号 60 对应不存在的 1900-02-29" },
	{ "W-DATE-SERIAL", W, "Excel serial number read as a date",
	    "Excel 日期序列号，已按日期读取" },
	{ "E-DATE-RANGE", E, "date is before the statistics start or "
	    "after today", "日期早于统计起始日或晚于今天" },
	{ "E-DATE-BEFORE", E, "date is earlier than %s",
	    "日期早于%s" },
	/* phones */
	{ "E-PHONE", E, "not a valid phone number", "联系电话格式不正确" },
	{ "W-PHONE-LOCAL", W, "local number without an area code",
	    "电话号码缺少区号" },
	/* cells */
	{ "E-REQUIRED", E, "required value is empty", "必填项为空" },
	{ "W-EMPTY", W, "value is empty", "该项为空，请尽量填写" },
	{ "E-CODE", E, "not one of the listed codes", "不是规定的代码" },
	{ "E-CODE-LABEL", E, "code number and label disagree",
	    "代码编号与文字说明不一致" },
	{ "E-YESNO", E, "must be 是 or 否", "应填“是”或“否”" },
	{ "E-INT", E, "not a whole number in range", "应为范围内的整数" },
	{ "E-ENUM", E, "not one of the allowed values",
	    "不是规定的取值" },
	{ "E-DISTRICT", E, "not a district or county of the configuration",
	    "区县不在配置的区县列表中" },
	{ "E-TOWNSHIP", E, "not a township of this district",
	    "乡镇（街道）不属于该区县" },
	{ "W-REGION", W, "no province recognised in the region",
	    "未能识别区域中的省份" },
	{ "W-INDUSTRY", W, "industry not mapped to a GB/T 4754 section",
	    "行业无法归入国民经济行业门类" },
	{ "W-NAME-CHAR", W, "name holds ? or a replacement character: a "
	    "character may have been lost", "姓名含有“?”或乱码字符，可能有生僻字丢失" },
	/* record-level checks */
	{ "E-WEEKLY", E, "weekly column is empty although the record's "
	    "first Wednesday update is past", "已过首个周三更新日，该周更新项不能为空" },
	{ "W-AGE", W, "age at return date is outside the expected range",
	    "返乡时年龄超出合理范围" },
	/* CSV layout */
	{ "E-CSV-QUOTE", E, "quoted cell never closed; record rejected, "
	    "reading resumes on the next line",
	    "引号未闭合，该记录被拒收，从下一行继续读取" },
	{ "E-CSV-FIELDS", E, "more cells than the header",
	    "单元格数多于表头列数" },
	{ "W-CSV-FIELDS", W, "fewer cells than the header; padded with empty "
	    "cells", "单元格数少于表头列数，已补空" },
	{ "E-ENCODING", E, "bytes invalid in the file's encoding, replaced "
	    "by U+FFFD", "含有不符合文件编码的字节，已替换为 U+FFFD" },
	{ "N-ENCODING", N, "not UTF-8: read as %s", "不是 UTF-8 编码，按 %s 读取" },
	{ "N-ENCODING-HINT", N, "bytes that are not UTF-8 after a first MiB "
	    "of plain ASCII; if the file is GBK, give --encoding gb18030",
	    "文件前 1 MiB 只有 ASCII 字符，此处出现非 UTF-8 字节；如文件为 GBK "
	    "编码，请加 --encoding gb18030" },
	{ "N-SKIP-LAYOUT", N, "layout row skipped (title, numbers, "
	    "instructions or sub-header)", "跳过表格说明行（标题、序号、填写说明或分项表头）" },
	{ "N-SKIP-FOOTER", N, "footer row skipped", "跳过表尾行" },
	{ "N-SKIP-BLANK", N, "blank row skipped", "跳过空行" },
	/* merge, update, compare */
	{ "E-CONFLICT", E, "values differ for the same person; the earliest "
	    "is kept", "同一人的数据不一致，保留最早的值" },
	{ "E-NOKEY", E, "record without a valid ID number cannot be merged",
	    "记录没有有效身份证号码，无法合并" },
	{ "W-UPDATE-UNKNOWN", W, "update for a person not in the ledger",
	    "更新记录中的人员不在台账中" },
	/* fatal */
	{ "F-COLUMN", F, "required column missing: %s", "缺少必需的列：%s" },
	{ "F-OPEN", F, "cannot open or read the file", "无法打开或读取文件" },
	{ "F-HEADER", F, "no header row found", "找不到表头行" },
	{ "F-FORMAT", F, "%s", "%s" },	/* the reader says what it is */
	{ "F-CONFIG", F, "bad configuration or schema", "配置文件或模式文件有误" },
	{ "F-ORDER", F, "not sorted by ID (--sorted): this ID comes before "
	    "that of line %s", "未按身份证号码排序（--sorted）：本行号码应排在第 %s "
	    "行之前" },
	/* subsidy-list */
	{ "W-PAID-ID", W, "paid list: not a valid ID number (%s); line "
	    "ignored", "已发放名单：不是有效的身份证号码（%s），该行忽略" },
	{ "N-SPLIT-REMOVED", N, "removed the list of a township no longer "
	    "listed", "已删除不再列入名单的乡镇文件" },
	/* rollup-weekly */
	{ "W-ROLLUP-PLACE", W, "place not in the configuration; counted under "
	    "its own name, after the known places", "地名不在配置中，按原名统计，"
	    "排在配置中的地名之后" },
	/* report-overseas, sample-plan */
	{ "W-UNCOVERED", W, "people working where no office serves "
	    "(未覆盖): %s", "务工地区不在任何驻外机构服务范围内的人员（未覆盖）：%s 人" },
	{ "N-NOT-DUE", N, "no office is due on %s", "%s 没有需要报送的驻外机构" },
	{ "W-NOTES-OFFICE", W, "notes for an office not in the configuration: "
	    "%s; ignored", "情况说明中的机构不在配置中：%s，已忽略" },
	{ "W-NOTES-DUP", W, "second notes row for %s; the later one is used",
	    "%s 有多行情况说明，采用后一行" },
	{ NULL, 0, NULL, NULL }
};

#undef E
#undef W
#undef N
#undef F

/*
 * Every finding and every message looks its code up (a broken row: about
 * ten times): a hash of the codes, open addressing, built once by
 * whichever thread asks first.  In table order, so that the first of two
 * equal codes is found, as a scan would.
 */
#define CODE_SLOTS	512	/* a power of 2, several times the codes */

static unsigned short code_slot[CODE_SLOTS];	/* index + 1, 0 = free */
static pthread_once_t code_once = PTHREAD_ONCE_INIT;

static unsigned
code_hash(const char *s)
{
	unsigned h = 2166136261u;	/* FNV-1a */

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h & (CODE_SLOTS - 1);
}

static void
code_index(void)
{
	unsigned i, h;

	for (i = 0; lt_codes[i].code != NULL && i < CODE_SLOTS - 1; i++) {
		for (h = code_hash(lt_codes[i].code); code_slot[h] != 0;
		    h = (h + 1) & (CODE_SLOTS - 1))
			;
		code_slot[h] = (unsigned short)(i + 1);
	}
}

const lt_codeinfo *
lt_code(const char *code)
{
	const lt_codeinfo *c;
	unsigned h;

	if (code == NULL)
		return NULL;
	pthread_once(&code_once, code_index);
	for (h = code_hash(code); code_slot[h] != 0;
	    h = (h + 1) & (CODE_SLOTS - 1)) {
		c = &lt_codes[code_slot[h] - 1];
		if (strcmp(c->code, code) == 0)
			return c;
	}
	return NULL;
}

int
lt_code_sev(const char *code)
{
	const lt_codeinfo *c = lt_code(code);

	/* a code outside the catalogue (none is used) counts as an error,
	 * so that it is never passed over */
	return c != NULL ? c->sev : LT_SEV_ERROR;
}

int
lt_code_error(const char *code)
{
	return code != NULL && lt_code_sev(code) >= LT_SEV_ERROR;
}

/* Copy at most dsz-1 bytes, never cutting a UTF-8 sequence. */
static void
copy_utf8(char *d, size_t dsz, const char *s)
{
	size_t n = strlen(s);

	if (n >= dsz) {
		n = dsz - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(d, s, n);
	d[n] = '\0';
}

void
lt_find_add_sev(lt_findings *fs, const char *code, int sev, int field,
    const char *detail)
{
	lt_finding *f;

	/* counted even when the list is full, so a record is never passed
	 * because its findings overflowed */
	if (sev >= LT_SEV_ERROR)
		fs->nerr++;
	else if (sev == LT_SEV_WARN)
		fs->nwarn++;
	if (fs->n >= LT_MAXFIND)
		return;
	f = &fs->f[fs->n++];
	f->code = code;
	f->sev = sev;
	f->field = field;
	f->rule = NULL;
	if (detail != NULL)
		copy_utf8(f->detail, sizeof(f->detail), detail);
	else
		f->detail[0] = '\0';
}

void
lt_find_add(lt_findings *fs, const char *code, int field, const char *detail)
{
	lt_find_add_sev(fs, code, lt_code_sev(code), field, detail);
}

/* Separators before %s dropped with it when the detail is empty. */
static size_t
cut_before(const char *msg, size_t at)
{
	static const char *const seps[] = { "，", "：", ", ", ": ", " ", NULL };
	const char *const *s;
	size_t k;

	for (s = seps; *s != NULL; s++) {
		k = strlen(*s);
		if (at >= k && memcmp(msg + at - k, *s, k) == 0)
			return at - k;
	}
	return at;
}

/* Append n bytes of p to buf (bsz bytes) at *o, cut as snprintf cuts;
 * *o counts what would have been written. */
static void
put(char *buf, size_t bsz, size_t *o, const char *p, size_t n)
{
	if (*o + 1 < bsz)
		memcpy(buf + *o, p, n < bsz - 1 - *o ? n : bsz - 1 - *o);
	*o += n;
}

size_t
lt_find_text(const lt_finding *f, int lang, char *buf, size_t bsz)
{
	const lt_codeinfo *c;
	const char *msg, *pct, *p;
	size_t o = 0;

	if (bsz == 0)
		return 0;
	if (f->rule != NULL) {
		msg = lang == LT_ZH ? f->rule->msg_zh : f->rule->msg_en;
		if (msg == NULL)
			msg = lang == LT_ZH ? f->rule->msg_en : f->rule->msg_zh;
		if (msg == NULL)
			msg = f->rule->id;
	} else if ((c = lt_code(f->code)) != NULL)
		msg = lang == LT_ZH ? c->zh : c->en;
	else
		msg = f->code;
	/* no printf: a message is pieces of the catalogue and the detail */
	if ((pct = strstr(msg, "%s")) != NULL) {
		if (f->detail[0] != '\0') {
			put(buf, bsz, &o, msg, (size_t)(pct - msg));
			put(buf, bsz, &o, f->detail, strlen(f->detail));
			put(buf, bsz, &o, pct + 2, strlen(pct + 2));
		} else if (pct > msg)	/* "..., first seen at line %s" */
			put(buf, bsz, &o, msg, cut_before(msg,
			    (size_t)(pct - msg)));
		else {			/* "%s people ..." */
			p = pct + 2 + strspn(pct + 2, " ");
			put(buf, bsz, &o, p, strlen(p));
		}
	} else if (f->detail[0] != '\0') {
		put(buf, bsz, &o, msg, strlen(msg));
		if (lang == LT_ZH)
			put(buf, bsz, &o, "（", strlen("（"));
		else
			put(buf, bsz, &o, " (", 2);
		put(buf, bsz, &o, f->detail, strlen(f->detail));
		if (lang == LT_ZH)
			put(buf, bsz, &o, "）", strlen("）"));
		else
			put(buf, bsz, &o, ")", 1);
	} else
		put(buf, bsz, &o, msg, strlen(msg));
	if (o >= bsz)
		o = bsz - 1;
	buf[o] = '\0';
	return o;
}
