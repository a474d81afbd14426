/*
 * test_idcard.c - ID numbers (SPEC 3.1): checksum, normalisation, 15-digit
 * upgrade, provinces, birth dates, Excel damage, and pack/unpack.
 */
#include <stdio.h>
#include <string.h>

#include "lt.h"
#include "unit.h"

#define FW_X	"\xef\xbc\xb8"		/* Ｘ */
#define FW_x	"\xef\xbd\x98"		/* ｘ */
#define IDSP	"\xe3\x80\x80"		/* U+3000 */

static const struct idcase {
	const char *in;
	const char *today;	/* NULL = 2024-06-01 */
	const char *code;	/* NULL = valid */
	const char *norm;	/* NULL = do not check */
	const char *detail;	/* NULL = do not check */
} cases[] = {
	/* valid, checksum right */
	{ "11010519491231002X", NULL, NULL, "11010519491231002X", "" },
	{ "11010519491231002x", NULL, NULL, "11010519491231002X", NULL },
	{ "440304198506153216", NULL, NULL, "440304198506153216", NULL },
	{ "50010119900101123X", NULL, NULL, "50010119900101123X", NULL },
	{ "50010119900101000X", NULL, NULL, "50010119900101000X", NULL },
	{ "500101199001010050", NULL, NULL, "500101199001010050", NULL },
	{ "150101199001010071", NULL, NULL, NULL, NULL },
	{ "210101199001010094", NULL, NULL, NULL, NULL },
	{ "650101199001010088", NULL, NULL, NULL, NULL },
	{ "370102198510101003", NULL, NULL, NULL, NULL },
	/* checksum wrong: detail is the expected character only */
	{ "110105194912310021", NULL, "E-ID-CHECKSUM", "110105194912310021", "X" },
	{ "500101199001011234", NULL, "E-ID-CHECKSUM", NULL, "X" },
	{ "440304198506153217", NULL, "E-ID-CHECKSUM", NULL, "6" },
	{ "44030419850615321X", NULL, "E-ID-CHECKSUM", NULL, "6" },
	{ "500101199001010051", NULL, "E-ID-CHECKSUM", NULL, "0" },
	{ "50010119900101005x", NULL, "E-ID-CHECKSUM", "50010119900101005X", "0" },
	/* full-width digits and X, white space around */
	{ "４４０３０４１９８５０６１５３２１６", NULL, NULL, "440304198506153216", NULL },
	{ "１１０１０５１９４９１２３１００２" FW_X, NULL, NULL, "11010519491231002X", NULL },
	{ "１１０１０５１９４９１２３１００２" FW_x, NULL, NULL, "11010519491231002X", NULL },
	{ "  440304198506153216\t", NULL, NULL, "440304198506153216", NULL },
	{ IDSP "440304198506153216" IDSP, NULL, NULL, "440304198506153216", NULL },
	{ "\xc2\xa0" "440304198506153216", NULL, NULL, "440304198506153216", NULL },
	/* 15 digits: warning, upgraded */
	{ "500101800101123", NULL, "W-ID-15", "500101198001011235", NULL },
	{ "110105491231002", NULL, "W-ID-15", "11010519491231002X", NULL },
	{ "440304850615321", NULL, "W-ID-15", "440304198506153216", NULL },
	{ "500101800231123", NULL, "E-ID-BIRTH", NULL, NULL },
	{ "500101801301123", NULL, "E-ID-BIRTH", NULL, NULL },
	{ "990101800101123", NULL, "E-ID-PROVINCE", NULL, "99" },
	{ "50010180010112X", NULL, "E-ID-CHAR", NULL, "character 15" },
	/* residence permits 81, 82, 83; Feb 29 in leap years */
	{ "810000199001010019", NULL, NULL, NULL, NULL },
	{ "820000200002290021", NULL, NULL, NULL, NULL },
	{ "830000202002290030", NULL, NULL, NULL, NULL },
	/* bad provinces */
	{ "000000199001010019", NULL, "E-ID-PROVINCE", NULL, "00" },
	{ "100101199001010019", NULL, "E-ID-PROVINCE", NULL, "10" },
	{ "660101199001010019", NULL, "E-ID-PROVINCE", NULL, "66" },
	{ "990101199001010019", NULL, "E-ID-PROVINCE", NULL, "99" },
	{ "160101199001010019", NULL, "E-ID-PROVINCE", NULL, "16" },
	{ "840101199001010019", NULL, "E-ID-PROVINCE", NULL, "84" },
	{ "550101199001010019", NULL, "E-ID-PROVINCE", NULL, "55" },
	/* birth dates */
	{ "500101190001010017", NULL, NULL, NULL, NULL },
	{ "500101190002290017", NULL, "E-ID-BIRTH", NULL, NULL },
	{ "500101202102290046", NULL, "E-ID-BIRTH", NULL, NULL },
	{ "500101189912310017", NULL, "E-ID-BIRTH", NULL, NULL },
	{ "500101199013010017", NULL, "E-ID-BIRTH", NULL, NULL },
	{ "500101199004310017", NULL, "E-ID-BIRTH", NULL, NULL },
	{ "500101199001000017", NULL, "E-ID-BIRTH", NULL, NULL },
	{ "500101202102280046", NULL, NULL, NULL, NULL },
	{ "500101199912310054", NULL, NULL, NULL, NULL },
	/* future births, judged against today */
	{ "500101202401010062", "2023-12-31", "E-ID-FUTURE", NULL, NULL },
	{ "500101202401010062", "2024-01-01", NULL, NULL, NULL },
	{ "500101202401010062", NULL, NULL, NULL, NULL },
	/* Excel damage */
	{ "5.00101E+17", NULL, "E-ID-EXCEL", NULL, "5.00101E+17" },
	{ "500101199001011234E0", NULL, "E-ID-EXCEL", NULL, "" },
	{ "5.00101e17", NULL, "E-ID-EXCEL", NULL, NULL },
	{ "5.00101E17", NULL, "E-ID-EXCEL", NULL, NULL },
	{ "５.００１０１Ｅ＋１７", NULL, "E-ID-EXCEL", NULL, NULL },
	{ "500101199001011000", NULL, "E-ID-EXCEL", NULL, NULL },
	{ "500101199001012000", NULL, "E-ID-EXCEL", NULL, NULL },
	{ "500101199001011100", NULL, "E-ID-CHECKSUM", NULL, "9" },
	{ "500101199001081000", NULL, NULL, "500101199001081000", NULL },
	{ "5.00101E+", NULL, "E-ID-CHAR", NULL, "character 2" },
	/* empty */
	{ "", NULL, "E-ID-EMPTY", "", NULL },
	{ "  " IDSP, NULL, "E-ID-EMPTY", "", NULL },
	/* length */
	{ "50010119900101123", NULL, "E-ID-LENGTH", "", "17 characters" },
	{ "5001011990010112345", NULL, "E-ID-LENGTH", "", "19 characters" },
	{ "5001011990010112", NULL, "E-ID-LENGTH", "", "16 characters" },
	{ "5001011990010112X", NULL, "E-ID-LENGTH", "", "17 characters" },
	{ "5", NULL, "E-ID-LENGTH", "", "1 characters" },
	/* characters, positions counted in characters */
	{ "50010119900101A23X", NULL, "E-ID-CHAR", "50010119900101A23X", "character 15" },
	{ "5001011990010112X3", NULL, "E-ID-CHAR", NULL, "character 17" },
	{ "身50010119900101123", NULL, "E-ID-CHAR", "", "character 1" },
	{ "５００１０１１９９００１０１１２３身", NULL, "E-ID-CHAR", "", "character 18" },
	/* digit groups with spaces or dashes are read like phones (4.4) */
	{ "500101 19900101123X", NULL, NULL, "50010119900101123X", "" },
	{ "500114 1970 0208 2155", NULL, NULL, "500114197002082155", "" },
	{ "500114-19700208-2155", NULL, NULL, "500114197002082155", "" },
	{ "500114 - 19700208  2155", NULL, NULL, "500114197002082155", NULL },
	{ "500114\t19700208\t2155", NULL, NULL, "500114197002082155", NULL },
	{ "110105 19491231 002x", NULL, NULL, "11010519491231002X", NULL },
	{ "５００１１４" IDSP "１９７０－０２０８－２１５５", NULL, NULL,
	    "500114197002082155", NULL },
	{ "110105 491231 002", NULL, "W-ID-15", "11010519491231002X", NULL },
	{ "500114 1970 0208 2154", NULL, "E-ID-CHECKSUM", "500114197002082154", "5" },
	{ "500114 1970 0208 215", NULL, "E-ID-LENGTH", "", "17 characters" },
	/* dots are not separators; nor is anything but digits around */
	{ "500114.19700208.2155", NULL, "E-ID-CHAR", NULL, "character 7" },
	{ "500114 1970 0208 215A", NULL, "E-ID-CHAR", NULL, "character 7" },
	{ "500114 19700208 2155-", NULL, "E-ID-CHAR", NULL, "character 7" },
	{ "-50010119900101123", NULL, "E-ID-CHAR", NULL, "character 1" },
	/* order: chars before length, province before birth, birth before
	 * checksum, province before the trailing-000 rule */
	{ "5001011990010112a", NULL, "E-ID-CHAR", NULL, "character 17" },
	{ "000101199002300017", NULL, "E-ID-PROVINCE", NULL, NULL },
	{ "500101199002300011", NULL, "E-ID-BIRTH", NULL, NULL },
	{ "000101199001011000", NULL, "E-ID-PROVINCE", NULL, NULL },
};

int
main(void)
{
	const struct idcase *c;
	lt_id id;
	char det[112], buf[20], d17[18];
	const char *code;
	int32_t today;
	size_t i;
	int y, m, d;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = &cases[i];
		today = lt_date_iso(c->today != NULL ? c->today :
		    "2024-06-01");
		memset(det, 'Z', sizeof(det));
		code = lt_id_check(lt_cstr(c->in), today, &id, det,
		    sizeof(det));
		UNIT_CHECK(unit_streq(code, c->code), "'%s': code %s, want %s",
		    c->in, unit_s(code), unit_s(c->code));
		if (c->norm != NULL)
			UNIT_CHECK(strcmp(id.norm, c->norm) == 0,
			    "'%s': norm '%s', want '%s'", c->in, id.norm,
			    c->norm);
		if (c->detail != NULL)
			UNIT_CHECK(strcmp(det, c->detail) == 0,
			    "'%s': detail '%s', want '%s'", c->in, det,
			    c->detail);
		UNIT_CHECK(memchr(det, '\0', sizeof(det)) != NULL,
		    "'%s': detail not terminated", c->in);
		/* never the full ID in the detail */
		if (strlen(id.norm) >= 15)
			UNIT_CHECK(strstr(det, id.norm) == NULL &&
			    (strlen(c->in) < 15 || strstr(det, c->in) ==
			    NULL), "'%s': detail '%s' holds the ID", c->in,
			    det);
		UNIT_CHECK(!lt_has_idlike(lt_cstr(det)),
		    "'%s': detail '%s' is ID-like", c->in, det);
		if (code == NULL || strcmp(code, "W-ID-15") == 0) {
			UNIT_CHECK(strlen(id.norm) == 18 &&
			    lt_id_checkchar(id.norm) == id.norm[17],
			    "'%s': norm '%s' not a valid 18", c->in, id.norm);
			UNIT_CHECK(id.len_in == (code == NULL ? 18 : 15),
			    "'%s': len_in %d", c->in, id.len_in);
			/* birth and sex from the normalised number */
			lt_ymd(id.birth, &y, &m, &d);
			snprintf(buf, sizeof(buf), "%04d%02d%02d", y, m, d);
			UNIT_CHECK(memcmp(buf, id.norm + 6, 8) == 0,
			    "'%s': birth %s", c->in, buf);
			UNIT_CHECK(id.male == ((id.norm[16] - '0') & 1),
			    "'%s': male %d", c->in, id.male);
			/* pack / unpack round trip */
			lt_id_unpack(lt_id_pack(id.norm), buf);
			UNIT_CHECK(strcmp(buf, id.norm) == 0,
			    "'%s': unpack '%s'", c->in, buf);
		}
	}

	/* sex */
	code = lt_id_check(LT_S("440304198506153216"), LT_NODATE, &id, det,
	    sizeof(det));
	UNIT_CHECK(code == NULL && id.male == 1, "male: %d", id.male);
	code = lt_id_check(LT_S("11010519491231002X"), LT_NODATE, &id, det,
	    sizeof(det));
	UNIT_CHECK(code == NULL && id.male == 0, "female: %d", id.male);
	UNIT_CHECK(id.birth == lt_days(1949, 12, 31), "birth %d", id.birth);
	/* LT_NODATE today: no future check */
	code = lt_id_check(LT_S("500101202401010062"), LT_NODATE, &id, det,
	    sizeof(det));
	UNIT_CHECK(code == NULL, "nodate today: %s", unit_s(code));

	/* check characters, straight from the standard */
	UNIT_CHECK(lt_id_checkchar("11010519491231002") == 'X', "cc X");
	UNIT_CHECK(lt_id_checkchar("44030419850615321") == '6', "cc 6");
	UNIT_CHECK(lt_id_checkchar("50010119900101005") == '0', "cc 0");
	UNIT_CHECK(lt_id_checkchar("81000019900101001") == '9', "cc 9");
	UNIT_CHECK(lt_id_checkchar("00000000000000000") == '1', "cc 1");

	/* packing: 17 digits, the 15-digit form packs like its upgrade */
	UNIT_CHECK(lt_id_pack("11010519491231002X") ==
	    UINT64_C(11010519491231002), "pack");
	UNIT_CHECK(lt_id_pack("830000202002290030") ==
	    UINT64_C(83000020200229003), "pack 83");
	lt_id_check(LT_S("110105491231002"), LT_NODATE, &id, det, sizeof(det));
	UNIT_CHECK(lt_id_pack(id.norm) == lt_id_pack("11010519491231002X"),
	    "pack 15 == pack 18");
	lt_id_unpack(UINT64_C(50010119900101000), buf);
	UNIT_CHECK(strcmp(buf, "50010119900101000X") == 0, "unpack %s", buf);
	memcpy(d17, "00000000000000001", 18);
	lt_id_unpack(lt_id_pack("000000000000000010"), buf);
	UNIT_CHECK(strncmp(buf, d17, 17) == 0, "unpack leading zeros %s", buf);

	return unit_done("test_idcard");
}
