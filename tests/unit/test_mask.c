/*
 * test_mask.c - masking of IDs, phones and names (SPEC 3.3, 5.1).
 */
#include <stdio.h>
#include <string.h>

#include "lt.h"
#include "lt_private.h"
#include "unit.h"

enum { ID, PHONE, NAME, TEXT, QUOTE };

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
	/* the last-resort masker: separated, full-width, +86, landlines */
	{ TEXT, "填表人：张三 联系电话：139 1014 2542",
	    "填表人：张三 联系电话：139 **** 2542" },
	{ TEXT, "500231 19750808 2154", "500231 ******** 2154" },
	{ TEXT, "500231-1975-08-08-2154", "500231-****-**-**-2154" },
	{ TEXT, "139-1014-2542", "139-****-2542" },
	{ TEXT, "139.1014.2542", "139.****.2542" },
	{ TEXT, "139 - 1014 - 2542", "139 - **** - 2542" },
	{ TEXT, "139\xe3\x80\x80" "1014\xef\xbc\x8d" "2542",
	    "139\xe3\x80\x80****\xef\xbc\x8d" "2542" },
	{ TEXT, "１３９１０１４２５４２", "１３９****２５４２" },
	{ TEXT, "５００２３１１９７５０８０８２１５Ｘ",
	    "５００２３１********２１５Ｘ" },
	{ TEXT, "13910142542", "139****2542" },
	{ TEXT, "ID500231197508082154.", "ID500231********2154." },
	{ TEXT, "+86 139 1014 2542", "+86 139 **** 2542" },
	{ TEXT, "+8613910142542", "+86139****2542" },
	{ TEXT, "8613910142542", "86139****2542" },
	{ TEXT, "0086 139 1014 2542", "0086 139 **** 2542" },
	{ TEXT, "023-6789 1234", "023-**** 1234" },
	{ TEXT, "02362345678", "023****5678" },
	{ TEXT, "(0755)2654 3210", "(0755)**** 3210" },
	{ TEXT, "（023）6789-1234", "（023）****-1234" },
	{ TEXT, "审核人：19750808215X", "审核人：197*****215X" },
	{ TEXT, "tail 1975 0808 215x.", "tail 197* **** 215x." },
	{ TEXT, "5.002311976012E+17", "5.00231*******E+17" },
	{ TEXT, "(5.002311976012e17)", "(5.00231*******e17)" },
	{ TEXT, "5.00231E+17", "5.00231E+17" },
	{ TEXT, "1.3910142542E+10", "1.39********E+10" },
	{ TEXT, "6789 1234", "**** 1234" },
	{ TEXT, "电话：67891234", "电话：****1234" },
	{ TEXT, "Tel 6789123", "Tel ***9123" },
	{ TEXT, "1920x1080, tel 13910142542", "1920x1080, tel 139****2542" },
	{ TEXT, "1080 13910142542x", "1080 13******542x" },
	/* at the edge of the short way for lines with nothing to mask
	 * (lib/mask.c plain): 7 digits, with X, full-width, joined by
	 * separators or a Chinese space, Excel's form with 4 digits */
	{ TEXT, "tel 678912X", "tel ***912X" },
	{ TEXT, "tel 678912", "tel 678912" },
	{ TEXT, "电话：６７８９１２３", "电话：***９１２３" },
	{ TEXT, "tel 67-89-123", "tel **-*9-123" },
	{ TEXT, "tel 678\xe3\x80\x80" "9123", "tel ***\xe3\x80\x80" "9123" },
	{ TEXT, "5.000E+12", "5.00*E+12" },
	{ TEXT, "5.000e12", "5.00*e12" },
	{ TEXT, "５．０００E+12", "５．００*E+12" },
	/* cut inside a chain of 3-byte digits: nothing after it */
	{ TEXT, "１２a", "１２a" },
	{ TEXT, "f.csv:102: 身份证号码: 必填项为空 [E-REQUIRED]",
	    "f.csv:102: 身份证号码: 必填项为空 [E-REQUIRED]" },
	{ TEXT, "a2024-01-02x123", "a2024-01-02x123" },
	/* left alone: dates, counts, short numbers, masked values */
	{ TEXT, "2024-01-02", "2024-01-02" },
	{ TEXT, "2022-03-01 - 2022-03-15", "2022-03-01 - 2022-03-15" },
	{ TEXT, "2022-03-15 00:00:00", "2022-03-15 00:00:00" },
	{ TEXT, "2022.3.15 2022.12.1", "2022.3.15 2022.12.1" },
	{ TEXT, "20220315", "20220315" },
	{ TEXT, "2022-2023", "2022-2023" },
	{ TEXT, "12345678 records, 1190 passed", "12345678 records, 1190 passed" },
	{ TEXT, "f.csv:12: 1 2 3", "f.csv:12: 1 2 3" },
	{ TEXT, "500101********123X 138****5678",
	    "500101********123X 138****5678" },
	{ TEXT, "", "" },
	{ TEXT, "1234567890123456789012345678901234567890123456789012345678901234567890",
	    "**********************************************************************" },
	/* quoted cells: masked, then cut to 20 characters */
	{ QUOTE, "填表人：张三 联系电话：139 1014 2542",
	    "填表人：张三 联系电话：139 ***…" },
	{ QUOTE, " 合计\n13910142542 ", "合计 139****2542" },
	{ QUOTE, "12345678901234567890", "123456**********7890" },
	{ QUOTE, "123456789012345678901", "123456***********89…" },
	{ QUOTE, "一二三四五六七八九十一二三四五六七八九十",
	    "一二三四五六七八九十一二三四五六七八九十" },
	{ QUOTE, "一二三四五六七八九十一二三四五六七八九十一",
	    "一二三四五六七八九十一二三四五六七八九…" },
};

static size_t
run(int kind, lt_str s, char *out, size_t outsz)
{
	switch (kind) {
	case ID:
		return lt_mask_id(s, out, outsz);
	case PHONE:
		return lt_mask_phone(s, out, outsz);
	case TEXT:
		return lt_mask_text(s, out, outsz);
	case QUOTE:
		return lt_mask_quote(s, out, outsz);
	default:
		return lt_mask_name(s, out, outsz);
	}
}

/*
 * lt_mask_text's short way (a line with nothing to mask, copied) against
 * the general way, on random lines made of what chains are made of.
 */
static void
test_short_way(void)
{
	static const char *const bits[] = { "0", "1", "5", "9", "86", "+",
	    " ", "-", ".", ")", "X", "x", "E", "e", "E+", "a", ":", "/",
	    "\xef\xbc\x91", "\xef\xbc\xb8", "\xef\xbc\x8d",
	    "\xe3\x80\x80", "\xc2\xa0", "\xe2\x80\x94", "电话", "tel ",
	    "号", "：", "2024-01-02", "20240102" };
	char in[200], fast[256], slow[256];
	unsigned long seed = 1;
	size_t nf, ns, n, k;
	int i, bad = 0, same = 0;

	for (i = 0; i < 200000 && bad < 5; i++) {
		n = 0;
		do {
			seed = seed * 6364136223846793005UL +
			    1442695040888963407UL;
			k = (seed >> 33) % (sizeof(bits) / sizeof(bits[0]));
			if (n + strlen(bits[k]) >= sizeof(in))
				break;
			memcpy(in + n, bits[k], strlen(bits[k]));
			n += strlen(bits[k]);
		} while ((seed >> 20) % 16 != 0);
		nf = lt_mask_text((lt_str){ in, n }, fast, sizeof(fast));
		lt_slow_paths = 1;
		ns = lt_mask_text((lt_str){ in, n }, slow, sizeof(slow));
		lt_slow_paths = 0;
		if (nf != ns || strcmp(fast, slow) != 0) {
			bad++;
			UNIT_CHECK(0, "short way '%.*s': '%s', general '%s'",
			    (int)n, in, fast, slow);
		}
		same += nf == n && memcmp(fast, in, n) == 0;
	}
	/* both kinds of line were tried */
	UNIT_CHECK(bad == 0 && same > 1000 && same < i - 1000,
	    "short way: %d of %d lines differ, %d unchanged", bad, i, same);
}

int
main(void)
{
	static const char *kinds[] = { "id", "phone", "name", "text",
	    "quote" };
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
		for (sz = 1; c->kind != QUOTE && sz <= strlen(c->want) + 1;
		    sz++) {
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
		UNIT_CHECK(c->kind == QUOTE || sz > strlen(c->want) + 1,
		    "%s '%s' tight buffers",
		    kinds[c->kind], c->in);
	}
	test_short_way();
	return unit_done("test_mask");
}
