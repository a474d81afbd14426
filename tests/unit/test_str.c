/*
 * test_str.c - string helpers (SPEC 4.3, 5.1) and the small typed cells.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"
#include "unit.h"

#define IDSP	"\xe3\x80\x80"	/* U+3000 */
#define NBSP	"\xc2\xa0"

static const struct { const char *in, *want; } trims[] = {
	{ "abc", "abc" },
	{ "  abc  ", "abc" },
	{ "\t\r\n abc \r\n", "abc" },
	{ IDSP "张三" IDSP, "张三" },
	{ NBSP "张三" NBSP, "张三" },
	{ " " IDSP NBSP " 张 三 " NBSP IDSP " ", "张 三" },
	{ "a" IDSP "b", "a" IDSP "b" },
	{ "", "" },
	{ "   ", "" },
	{ IDSP IDSP, "" },
	{ NBSP, "" },
	/* not white space: a lone A0 byte, 80 80 without E3, U+3001 */
	{ "\xa0x\xa0", "\xa0x\xa0" },
	{ "x\x80\x80", "x\x80\x80" },
	{ "\xe3\x80\x81", "\xe3\x80\x81" },
	/* a character ending in A0 or 80 80 that is not white space */
	{ "\xe4\xb8\xa0", "\xe4\xb8\xa0" },		/* U+4E20 */
	{ "\xe4\x80\x80", "\xe4\x80\x80" },		/* U+4000 */
};

static const struct { const char *a, *b; int eq; } headers[] = {
	{ "已就业方式", "已就业方式", 1 },
	{ "已就业   方式", "已就业方式", 1 },
	{ " 已就业" IDSP "方式 ", "已就业方式", 1 },
	{ "已" NBSP "就业\t方式", "已 就业方式", 1 },
	{ "已就业\n方式", "已就业方式", 1 },
	{ "id_number", "ID_NUMBER", 1 },
	{ "Id_Number ", "id_number", 1 },
	{ "id number", "idnumber", 1 },
	{ "已就业方式", "已就业方", 0 },
	{ "已就业", "已就业方式", 0 },
	{ "", "", 1 },
	{ "   ", "", 1 },
	{ "", "x", 0 },
	{ "x", "", 0 },
	{ "id_numbers", "id_number", 0 },
	{ "id-number", "id_number", 0 },
	/* only ASCII folds case: Ａ (full-width) is not a */
	{ "\xef\xbc\xa1", "a", 0 },
};

static const struct { const char *in, *want; } folds[] = {
	{ "abc", "abc" },
	{ "１２３", "123" },
	{ "Ｘ", "X" },
	{ "ｘ", "x" },
	{ "！", "!" },				/* U+FF01 */
	{ "～", "~" },				/* U+FF5E */
	{ "\xef\xbd\x9f", "\xef\xbd\x9f" },	/* U+FF5F stays */
	{ "\xef\xbc\x80", "\xef\xbc\x80" },	/* U+FF00 stays */
	{ "２０２２年３月", "2022年3月" },
	{ "a" IDSP "b", "a b" },
	{ NBSP, NBSP },				/* not folded */
	{ "－＋．／：", "-+./:" },
	{ "张三１", "张三1" },
	{ "", "" },
	{ "\xef\xbc", "\xef\xbc" },		/* truncated: kept */
};

static const struct { const char *in; size_t n; int ok; } utf8[] = {
	{ "", 0, 1 },
	{ "plain ascii text, longer than eight", 35, 1 },
	{ "张三李四王五赵六", 24, 1 },
	{ "abcdefgh张", 11, 1 },
	{ "\xc2\xa0", 2, 1 },
	{ "\xf0\x9f\x98\x80", 4, 1 },		/* U+1F600 */
	{ "\xf4\x8f\xbf\xbf", 4, 1 },		/* U+10FFFF */
	{ "\xef\xbf\xbd", 3, 1 },		/* U+FFFD */
	{ "\xed\x9f\xbf", 3, 1 },		/* U+D7FF */
	{ "\xee\x80\x80", 3, 1 },		/* U+E000 */
	{ "abc\0def", 7, 1 },			/* NUL is valid */
	{ "\x80", 1, 0 },
	{ "abcdefg\x80", 8, 0 },
	{ "abcdefgh\xbf", 9, 0 },
	{ "\xc0\x80", 2, 0 },			/* overlong NUL */
	{ "\xc1\xbf", 2, 0 },			/* overlong */
	{ "\xe0\x80\xaf", 3, 0 },		/* overlong / */
	{ "\xe0\x9f\xbf", 3, 0 },		/* overlong */
	{ "\xf0\x8f\xbf\xbf", 4, 0 },		/* overlong */
	{ "\xed\xa0\x80", 3, 0 },		/* surrogate D800 */
	{ "\xed\xbf\xbf", 3, 0 },		/* surrogate DFFF */
	{ "\xf4\x90\x80\x80", 4, 0 },		/* > U+10FFFF */
	{ "\xf5\x80\x80\x80", 4, 0 },
	{ "\xff", 1, 0 },
	{ "\xe5\xbc", 2, 0 },			/* truncated */
	{ "\xe5\xbc" "a", 3, 0 },
	{ "\xc4\xe3", 2, 0 },			/* GBK 你 */
	{ "\xd5\xc5\xc8\xfd", 4, 0 },		/* GBK 张三 */
	{ "12345678\xe5\xbc\xa0" "12345678", 19, 1 },
};

static const struct { const char *in; int want; } idlike[] = {
	{ "500101199001011234", 1 },
	{ "500101800101123", 1 },
	{ "50010180010112", 0 },
	{ "abc500101800101123def", 1 },
	{ "5001018001 01123", 0 },
	{ "５００１０１８００１０１１２３", 1 },
	{ "５００１０１８00101123", 1 },
	{ "５００１０１８００１０１１２", 0 },
	{ "１２３４５６７８９０１２３４Ｘ", 0 },
	{ "", 0 },
	{ "张三", 0 },
};

static const struct { const char *in; int want; } yesno[] = {
	{ "是", 1 }, { "否", 0 }, { " 是 ", 1 }, { IDSP "否", 0 },
	{ "", -1 }, { "是否", -1 }, { "Y", -1 }, { "1", -1 }, { "不是", -1 },
};

static const struct { const char *in; int rc; long v; } uints[] = {
	{ "0", 0, 0 }, { "42", 0, 42 }, { "007", 0, 7 }, { "４２", 0, 42 },
	{ " 42 ", 0, 42 }, { "2147483648", 0, 2147483648L },
	{ "9223372036854775807", 0, 9223372036854775807L },
	{ "9223372036854775808", -1, 0 },
	{ "99999999999999999999", -1, 0 },
	{ "", -1, 0 }, { "-1", -1, 0 }, { "+1", -1, 0 }, { "1.5", -1, 0 },
	{ "1 2", -1, 0 }, { "一", -1, 0 }, { "0x10", -1, 0 },
};

int
main(void)
{
	char out[128], big[4096];
	lt_str t;
	size_t i, n;
	long v;
	int r;

	for (i = 0; i < sizeof(trims) / sizeof(trims[0]); i++) {
		t = lt_trim(lt_cstr(trims[i].in));
		UNIT_CHECK(t.n == strlen(trims[i].want) &&
		    memcmp(t.p, trims[i].want, t.n) == 0,
		    "trim '%s': '%.*s'", trims[i].in, (int)t.n, t.p);
	}
	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		r = lt_header_eq(lt_cstr(headers[i].a), headers[i].b);
		UNIT_CHECK(r == headers[i].eq, "header_eq('%s', '%s') = %d",
		    headers[i].a, headers[i].b, r);
	}
	for (i = 0; i < sizeof(folds) / sizeof(folds[0]); i++) {
		n = lt_fold(lt_cstr(folds[i].in), out, sizeof(out));
		UNIT_CHECK(n == strlen(folds[i].want) &&
		    strcmp(out, folds[i].want) == 0, "fold '%s': '%s'",
		    folds[i].in, out);
	}
	/* fold into a short buffer: truncated, terminated, whole chars */
	memset(out, 'Z', sizeof(out));
	n = lt_fold(LT_S("１２张三"), out, 5);
	UNIT_CHECK(n == 2 && strcmp(out, "12") == 0 && out[5] == 'Z',
	    "fold outsz 5: '%s'", out);
	n = lt_fold(LT_S("１２张三"), out, 6);
	UNIT_CHECK(n == 5 && strcmp(out, "12张") == 0, "fold outsz 6: '%s'",
	    out);
	n = lt_fold(LT_S("abc"), out, 1);
	UNIT_CHECK(n == 0 && out[0] == '\0', "fold outsz 1");

	for (i = 0; i < sizeof(utf8) / sizeof(utf8[0]); i++) {
		r = lt_utf8_valid(utf8[i].in, utf8[i].n);
		UNIT_CHECK(r == utf8[i].ok, "utf8_valid case %zu = %d", i, r);
	}
	/* a bad byte at every offset of a long ASCII text */
	memset(big, 'a', sizeof(big));
	UNIT_CHECK(lt_utf8_valid(big, sizeof(big)), "utf8 long ascii");
	for (i = 0; i < 64; i++) {
		big[i] = (char)0x80;
		r = lt_utf8_valid(big, 64);
		big[i] = 'a';
		if (r) {
			UNIT_CHECK(0, "utf8 bad byte at %zu", i);
			break;
		}
	}
	UNIT_CHECK(i == 64, "utf8 bad byte at every offset");

	for (i = 0; i < sizeof(idlike) / sizeof(idlike[0]); i++) {
		r = lt_has_idlike(lt_cstr(idlike[i].in));
		UNIT_CHECK(r == idlike[i].want, "has_idlike('%s') = %d",
		    idlike[i].in, r);
	}
	for (i = 0; i < sizeof(yesno) / sizeof(yesno[0]); i++) {
		r = lt_yesno(lt_cstr(yesno[i].in));
		UNIT_CHECK(r == yesno[i].want, "yesno('%s') = %d",
		    yesno[i].in, r);
	}
	for (i = 0; i < sizeof(uints) / sizeof(uints[0]); i++) {
		v = -7;
		r = lt_uint(lt_cstr(uints[i].in), &v);
		UNIT_CHECK(r == uints[i].rc && (r != 0 || v == uints[i].v),
		    "uint('%s') = %d, %ld", uints[i].in, r, v);
	}

	/* slices */
	UNIT_CHECK(lt_str_eq(LT_S("abc"), "abc"), "str_eq");
	UNIT_CHECK(!lt_str_eq(LT_S("abc"), "ab"), "str_eq prefix");
	UNIT_CHECK(!lt_str_eq(LT_S("ab"), "abc"), "str_eq longer");
	UNIT_CHECK(lt_str_eq(LT_S(""), ""), "str_eq empty");
	UNIT_CHECK(lt_str_eqs(LT_S("张三"), lt_cstr("张三")), "str_eqs");
	UNIT_CHECK(!lt_str_eqs(LT_S("张三"), LT_S("张四")), "str_eqs ne");
	t = lt_cstr("hello");
	UNIT_CHECK(t.n == 5, "cstr");
	t = (lt_str){ "abcdef", 3 };
	UNIT_CHECK(lt_str_eq(t, "abc") && !lt_str_eq(t, "abcdef"),
	    "slice not NUL-terminated");

	return unit_done("test_str");
}
