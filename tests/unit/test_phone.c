/*
 * test_phone.c - phone numbers (SPEC 3.4, 4.3).
 */
#include <stdio.h>
#include <string.h>

#include "lt.h"
#include "unit.h"

static const struct pcase {
	const char *in;
	const char *code;	/* NULL = ok */
	const char *norm;	/* normalised, NULL = do not check */
} cases[] = {
	/* mobiles */
	{ "13812345678", NULL, "13812345678" },
	{ "19912345678", NULL, "19912345678" },
	{ "15023456789", NULL, "15023456789" },
	{ "+8613812345678", NULL, "13812345678" },
	{ "+86 138 1234 5678", NULL, "13812345678" },
	{ "+86-138-1234-5678", NULL, "13812345678" },
	{ "8613812345678", NULL, "13812345678" },
	{ "86 13812345678", NULL, "13812345678" },
	{ "138 1234 5678", NULL, "13812345678" },
	{ "138-1234-5678", NULL, "13812345678" },
	{ " 13812345678 ", NULL, "13812345678" },
	{ "１３８１２３４５６７８", NULL, "13812345678" },
	{ "＋８６　１３８１２３４５６７８", NULL, "13812345678" },
	{ "１３８－１２３４－５６７８", NULL, "13812345678" },
	{ "12812345678", "E-PHONE", "" },
	{ "10812345678", "E-PHONE", "" },
	{ "1381234567", "E-PHONE", "" },
	{ "138123456789", "E-PHONE", "" },
	{ "+8612812345678", "E-PHONE", "" },
	{ "+1 2125551234", "E-PHONE", "" },
	{ "+86023-12345678", "E-PHONE", "" },
	{ "8612812345678", "E-PHONE", "" },
	/* landlines: 010 and 02X take 3-digit area codes, others 4 */
	{ "010-12345678", NULL, "010-12345678" },
	{ "01012345678", NULL, "010-12345678" },
	{ "010 1234567", NULL, "010-1234567" },
	{ "023-62345678", NULL, "023-62345678" },
	{ "02362345678", NULL, "023-62345678" },
	{ "023 6234 5678", NULL, "023-62345678" },
	{ "020-8765432", NULL, "020-8765432" },
	{ "0755-26543210", NULL, "0755-26543210" },
	{ "075526543210", NULL, "0755-26543210" },
	{ "0755-2654321", NULL, "0755-2654321" },
	{ "0311-87654321", NULL, "0311-87654321" },
	{ "０２３－６２３４５６７８", NULL, "023-62345678" },
	{ "023-623456", "E-PHONE", "" },
	{ "023-623456789", "E-PHONE", "" },
	{ "0755-265432", "E-PHONE", "" },
	{ "0755-265432101", "E-PHONE", "" },
	{ "023-02345678", "E-PHONE", "" },
	{ "00862362345678", "E-PHONE", "" },
	/* local numbers without an area code */
	{ "62345678", "W-PHONE-LOCAL", "62345678" },
	{ "6234567", "W-PHONE-LOCAL", "6234567" },
	{ "6234-5678", "W-PHONE-LOCAL", "62345678" },
	{ "６２３４５６７８", "W-PHONE-LOCAL", "62345678" },
	{ "623456", "E-PHONE", "" },
	{ "623456789", "E-PHONE", "" },
	/* bad */
	{ "", "E-PHONE", "" },
	{ "无", "E-PHONE", "" },
	{ "138x2345678", "E-PHONE", "" },
	{ "13812345678/13912345678", "E-PHONE", "" },
	{ "(023)62345678", "E-PHONE", "" },
	{ "+", "E-PHONE", "" },
	{ "1", "E-PHONE", "" },
};

int
main(void)
{
	const struct pcase *c;
	char out[64], det[112], digits[64];
	const char *code;
	size_t i, j, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = &cases[i];
		memset(out, 'Z', sizeof(out));
		memset(det, 'Z', sizeof(det));
		code = lt_phone_check(lt_cstr(c->in), out, sizeof(out), det,
		    sizeof(det));
		UNIT_CHECK(unit_streq(code, c->code), "'%s': code %s, want %s",
		    c->in, unit_s(code), unit_s(c->code));
		UNIT_CHECK(memchr(det, '\0', sizeof(det)) != NULL &&
		    memchr(out, '\0', sizeof(out)) != NULL,
		    "'%s': not terminated", c->in);
		if (c->norm != NULL && code != NULL &&
		    strcmp(code, "E-PHONE") == 0)
			; /* out is unspecified for errors */
		else if (c->norm != NULL)
			UNIT_CHECK(strcmp(out, c->norm) == 0,
			    "'%s': norm '%s', want '%s'", c->in, out, c->norm);
		if (code != NULL && strcmp(code, "E-PHONE") == 0)
			UNIT_CHECK(det[0] != '\0', "'%s': no detail", c->in);
		/* the detail never holds the number's digits */
		for (j = k = 0; c->in[j] != '\0' && k + 1 < sizeof(digits);
		    j++)
			if (c->in[j] >= '0' && c->in[j] <= '9')
				digits[k++] = c->in[j];
		digits[k] = '\0';
		if (k >= 7)
			UNIT_CHECK(strstr(det, digits) == NULL &&
			    strstr(det, digits + k - 7) == NULL,
			    "'%s': detail '%s' holds the number", c->in, det);
	}

	/* the detail names the bad character's position in characters */
	lt_phone_check(LT_S("１３８x"), out, sizeof(out), det, sizeof(det));
	UNIT_CHECK(strcmp(det, "character 4") == 0, "position: '%s'", det);
	lt_phone_check(LT_S("电话13812345678"), out, sizeof(out), det,
	    sizeof(det));
	UNIT_CHECK(strcmp(det, "character 1") == 0, "position: '%s'", det);

	/* a small output buffer is respected */
	memset(out, 'Z', sizeof(out));
	lt_phone_check(LT_S("13812345678"), out, 5, det, sizeof(det));
	UNIT_CHECK(strlen(out) < 5 && out[5] == 'Z', "outsz 5: '%.5s'", out);

	return unit_done("test_phone");
}
