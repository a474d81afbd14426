/*
 * test_mask.c - masking of IDs, phones and names (SPEC 3.3, 5.1).
 */
#include <stdio.h>
#include <string.h>

#include "lt.h"
#include "unit.h"

enum { ID, PHONE, NAME };

static const struct mcase {
	int kind;
	const char *in;
	const char *want;
} cases[] = {
	/* IDs: first 6 and last 4 kept */
	{ ID, "50010119900101123X", "500101********123X" },
	{ ID, "440304198506153216", "440304********3216" },
	{ ID, "500101800101123", "500101*****1123" },
	{ ID, "５００１０１１９９００１０１１２３Ｘ",
	    "５００１０１********１２３Ｘ" },
	{ ID, " 50010119900101123X ", "500101********123X" },
	/* shorter than 12 characters: all '*' */
	{ ID, "12345678901", "***********" },
	{ ID, "5001", "****" },
	{ ID, "", "" },
	{ ID, "123456789012", "123456**9012" },
	{ ID, "身份证号码未填写", "********" },
	/* phones */
	{ PHONE, "13812345678", "138****5678" },
	{ PHONE, "+86 138-1234-5678", "138****5678" },
	{ PHONE, "１３８１２３４５６７８", "138****5678" },
	{ PHONE, "023-62345678", "023-****5678" },
	{ PHONE, "02362345678", "023-****5678" },
	{ PHONE, "0755-2654321", "0755-***4321" },
	{ PHONE, "010 12345678", "010-****5678" },
	{ PHONE, "62345678", "********" },
	{ PHONE, "6234567", "*******" },
	{ PHONE, "12345", "*****" },
	{ PHONE, "", "" },
	{ PHONE, "12812345678", "128****5678" },
	{ PHONE, "138123456789012", "138********9012" },
	/* names: first character kept, one '*' per other character */
	{ NAME, "张", "张" },
	{ NAME, "张三", "张*" },
	{ NAME, "欧阳娜", "欧**" },
	{ NAME, "欧阳娜娜", "欧***" },
	{ NAME, "王?祥", "王**" },
	{ NAME, "Li Lei", "L*****" },
	{ NAME, " 张三 ", "张*" },
	{ NAME, "", "" },
};

static size_t
run(int kind, lt_str s, char *out, size_t outsz)
{
	switch (kind) {
	case ID:
		return lt_mask_id(s, out, outsz);
	case PHONE:
		return lt_mask_phone(s, out, outsz);
	default:
		return lt_mask_name(s, out, outsz);
	}
}

int
main(void)
{
	static const char *kinds[] = { "id", "phone", "name" };
	const struct mcase *c;
	char out[256];
	size_t i, n, sz;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = &cases[i];
		memset(out, 'Z', sizeof(out));
		n = run(c->kind, lt_cstr(c->in), out, 4 * strlen(c->in) + 8);
		UNIT_CHECK(strcmp(out, c->want) == 0 && n == strlen(out),
		    "%s '%s': '%s' (%zu), want '%s'", kinds[c->kind], c->in,
		    out, n, c->want);
		/* tight buffers: never overrun, always terminated, never
		 * half a UTF-8 character */
		for (sz = 1; sz <= strlen(c->want) + 1; sz++) {
			memset(out, 'Z', sizeof(out));
			n = run(c->kind, lt_cstr(c->in), out, sz);
			if (n >= sz || out[n] != '\0' || out[sz] != 'Z' ||
			    strncmp(out, c->want, n) != 0 ||
			    !lt_utf8_valid(out, n)) {
				UNIT_CHECK(0, "%s '%s' outsz %zu: '%.*s'",
				    kinds[c->kind], c->in, sz, (int)sz, out);
				break;
			}
		}
		UNIT_CHECK(sz > strlen(c->want) + 1, "%s '%s' tight buffers",
		    kinds[c->kind], c->in);
	}
	return unit_done("test_mask");
}
