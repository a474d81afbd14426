/*
 * test_chart.c - the week's chart as SVG (lib/chart.c) and the grid
 * (lib/grid.c): self-contained (no script, no reference outside the
 * file, fonts by family with sans-serif last), escaped, deterministic;
 * then rendered with rsvg-convert (librsvg2-bin, a test-time tool: the
 * render check is skipped, saying so, when it is not installed) and the
 * PNG decoded here (zlib) to check that it is not blank and that the bars
 * of every series are drawn.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "lt.h"
#include "ltpack.h"
#include "unit.h"

static char *
render(const lt_chart *ch, size_t *n)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, n);

	if (fp == NULL)
		return NULL;
	UNIT_CHECK(lt_chart_svg(ch, fp) == 0, "lt_chart_svg");
	fclose(fp);
	return buf;
}

static const lt_bar bars[] = {
	{ "龙溪街道", 120, 80, 110, 70, 1 },
	{ "人和街道", 60, 20, 58, 19, 1 },
	{ "A&B <镇>", 30, 10, 0, 0, 0 },
	{ "翠云街道", 5, 0, 5, 0, 1 },
};

static void
chart_of(lt_chart *ch)
{
	memset(ch, 0, sizeof *ch);
	ch->zh = 1;
	ch->district = "渝北区";
	ch->week_end = lt_date_iso("2024-05-15");
	ch->prev_end = LT_NODATE;
	ch->prev = 1;
	ch->bar = bars;
	ch->nbar = sizeof bars / sizeof bars[0];
	ch->tot_ret = 215;
	ch->tot_emp = 110;
	ch->tot_pret = 173;
	ch->tot_pemp = 89;
	ch->tot_has_prev = 1;
}

static void
test_svg_text(void)
{
	lt_chart ch;
	char *a, *b, t[256];
	size_t na, nb;
	static const char *const banned[] = { "<script", "href", "url(",
		"@import", "<image", "<foreignObject", "on" "load", NULL };
	int i;

	chart_of(&ch);
	a = render(&ch, &na);
	b = render(&ch, &nb);
	UNIT_CHECK(a && b && na == nb && memcmp(a, b, na) == 0,
	    "the same chart twice gives the same bytes");
	for (i = 0; banned[i]; i++)
		UNIT_CHECK(strstr(a, banned[i]) == NULL, "no %s", banned[i]);
	UNIT_CHECK(strstr(a, "viewBox=\"0 0 297 210\"") != NULL &&
	    strstr(a, "width=\"297mm\" height=\"210mm\"") != NULL,
	    "A4 landscape");
	UNIT_CHECK(strstr(a, "font-family=\"'Noto Sans CJK SC'") != NULL &&
	    strstr(a, ",sans-serif\"") != NULL, "CJK families first, "
	    "generic last");
	UNIT_CHECK(strstr(a, "A&amp;B &lt;镇&gt;") != NULL, "escaped label");
	UNIT_CHECK(strstr(a, "渝北区返乡农民工周报（截至 2024年5月15日）") !=
	    NULL, "title");
	UNIT_CHECK(strstr(a, "（上周无此项）") != NULL, "new township said");
	UNIT_CHECK(strstr(a, "较上周 +42") != NULL, "total change");
	UNIT_CHECK(strstr(a, "就业率 51.2%") != NULL, "total rate");
	UNIT_CHECK(na > 0 && strcmp(a + na - 7, "</svg>\n") == 0, "ends");
	lt_pack_title(&ch, t, sizeof t);
	UNIT_CHECK(strcmp(t, "渝北区返乡农民工周报（截至 2024年5月15日）") == 0,
	    "title %s", t);
	ch.prev_end = lt_date_iso("2024-05-01");
	lt_chart_series(&ch, 1, t, sizeof t);
	UNIT_CHECK(strcmp(t, "返乡人数（2024年5月1日）") == 0, "older %s", t);
	ch.zh = 0;
	ch.district = "";
	lt_pack_title(&ch, t, sizeof t);
	UNIT_CHECK(strcmp(t, "Returned migrant workers, weekly report "
	    "(to 15 May 2024)") == 0, "english title %s", t);
	free(a);
	free(b);
	ch.nbar = 0;
	ch.zh = 1;
	a = render(&ch, &na);
	UNIT_CHECK(a && strstr(a, "本周没有数据") != NULL, "empty chart");
	free(a);
}

static void
test_grid(void)
{
	lt_grid g;
	const lt_gcell *c;
	int n;

	lt_grid_init(&g);
	lt_grid_text(&g, "区县");
	lt_grid_text(&g, "");
	lt_grid_end(&g, LT_GR_HEAD);
	lt_grid_num(&g, LT_GC_INT, 5);
	lt_grid_num(&g, LT_GC_CHANGE, -2);
	lt_grid_num(&g, LT_GC_RATE, 667);
	lt_grid_end(&g, LT_GR_TOTAL);
	UNIT_CHECK(g.nrows == 2 && g.ncols == 3, "rows %zu cols %d", g.nrows,
	    g.ncols);
	c = lt_grid_row(&g, 0, &n);
	UNIT_CHECK(n == 2 && c[0].type == LT_GC_TEXT && c[1].type ==
	    LT_GC_EMPTY && strcmp(lt_grid_str(&g, &c[0]), "区县") == 0,
	    "text row");
	c = lt_grid_row(&g, 1, &n);
	UNIT_CHECK(n == 3 && c[1].v == -2 && c[2].type == LT_GC_RATE &&
	    g.kind[1] == LT_GR_TOTAL, "number row");
	lt_grid_free(&g);
}

/* ------------------------------------------------------------------ */
/* the render check                                                    */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* An 8-bit RGB or RGBA, non-interlaced PNG as RGBA rows; NULL if not. */
static unsigned char *
png_decode(const unsigned char *f, size_t n, uint32_t *w, uint32_t *h)
{
	unsigned char *z = NULL, *raw, *img, *prev, *cur;
	size_t zn = 0, rawn, stride, x;
	uint32_t len, y;
	int bpp = 0;

	if (n < 8 || memcmp(f, "\x89PNG\r\n\x1a\n", 8) != 0)
		return NULL;
	*w = *h = 0;
	for (x = 8; x + 12 <= n; x += 12 + len) {
		len = be32(f + x);
		if (x + 12 + len > n)
			break;
		if (memcmp(f + x + 4, "IHDR", 4) == 0) {
			*w = be32(f + x + 8);
			*h = be32(f + x + 12);
			if (f[x + 16] != 8 || f[x + 20] != 0)
				return NULL;
			bpp = f[x + 17] == 6 ? 4 : f[x + 17] == 2 ? 3 : 0;
		} else if (memcmp(f + x + 4, "IDAT", 4) == 0) {
			z = realloc(z, zn + len);
			memcpy(z + zn, f + x + 8, len);
			zn += len;
		}
	}
	if (bpp == 0 || *w == 0 || *w > 20000 || *h > 20000 || z == NULL) {
		free(z);
		return NULL;
	}
	stride = (size_t)*w * bpp;
	rawn = (stride + 1) * *h;
	raw = malloc(rawn);
	img = calloc((size_t)*w * *h, 4);
	prev = calloc(stride, 1);
	{
		uLongf dn = rawn;

		if (uncompress(raw, &dn, z, zn) != Z_OK || dn != rawn) {
			free(z), free(raw), free(img), free(prev);
			return NULL;
		}
	}
	for (y = 0; y < *h; y++) {
		unsigned char *r = raw + y * (stride + 1), t = r[0];

		cur = r + 1;
		for (x = 0; x < stride; x++) {
			int a = x >= (size_t)bpp ? cur[x - bpp] : 0;
			int b = prev[x];
			int c = x >= (size_t)bpp ? prev[x - bpp] : 0;

			cur[x] += t == 1 ? a : t == 2 ? b : t == 3 ?
			    (a + b) / 2 : t == 4 ? paeth(a, b, c) : 0;
		}
		memcpy(prev, cur, stride);
		for (x = 0; x < *w; x++) {
			memcpy(img + ((size_t)y * *w + x) * 4, cur + x * bpp, 3);
			img[((size_t)y * *w + x) * 4 + 3] = bpp == 4 ?
			    cur[x * bpp + 3] : 255;
		}
	}
	free(z);
	free(raw);
	free(prev);
	return img;
}

static int
have_rsvg(void)
{
	return system("command -v rsvg-convert >/dev/null 2>&1") == 0;
}

static void
test_render(void)
{
	static const unsigned char rgb[4][3] = { { 0x1f, 0x4e, 0x79 },
		{ 0x9d, 0xc3, 0xe6 }, { 0xc5, 0x5a, 0x11 },
		{ 0xf4, 0xb1, 0x83 } };
	char dir[] = "/tmp/test_chart.XXXXXX", svg[64], png[64], cmd[256];
	unsigned char *f, *img;
	long count[4] = { 0, 0, 0, 0 }, ink = 0;
	uint32_t w = 0, h = 0;
	size_t n, i;
	lt_chart ch;
	FILE *fp;
	int j;

	if (!have_rsvg()) {
		printf("test_chart: rsvg-convert not installed (Debian "
		    "librsvg2-bin): render check skipped\n");
		return;
	}
	if (mkdtemp(dir) == NULL) {
		UNIT_CHECK(0, "mkdtemp");
		return;
	}
	snprintf(svg, sizeof svg, "%s/c.svg", dir);
	snprintf(png, sizeof png, "%s/c.png", dir);
	chart_of(&ch);
	fp = fopen(svg, "w");
	UNIT_CHECK(fp && lt_chart_svg(&ch, fp) == 0, "write %s", svg);
	if (fp)
		fclose(fp);
	snprintf(cmd, sizeof cmd, "rsvg-convert -w 1123 -f png -o %s %s",
	    png, svg);
	UNIT_CHECK(system(cmd) == 0, "%s", cmd);
	fp = fopen(png, "rb");
	f = malloc(8 << 20);
	n = fp ? fread(f, 1, 8 << 20, fp) : 0;
	if (fp)
		fclose(fp);
	img = png_decode(f, n, &w, &h);
	UNIT_CHECK(img != NULL && w == 1123 && (h == 794 || h == 795), "png %ux%u",
	    img ? w : 0, img ? h : 0);
	for (i = 0; img && i < (size_t)w * h; i++) {
		unsigned char *p = img + i * 4;

		if (p[3] > 200 && (p[0] < 200 || p[1] < 200 || p[2] < 200))
			ink++;
		for (j = 0; j < 4; j++)
			if (p[3] > 200 && abs(p[0] - rgb[j][0]) < 4 &&
			    abs(p[1] - rgb[j][1]) < 4 &&
			    abs(p[2] - rgb[j][2]) < 4)
				count[j]++;
	}
	/* not blank: text and bars cover a few per cent of the page */
	UNIT_CHECK(ink > (long)w * h / 100, "ink %ld of %u pixels", ink,
	    w * h);
	for (j = 0; j < 4; j++)
		UNIT_CHECK(count[j] > 500, "series %d: %ld pixels", j,
		    count[j]);
	/* the longest bar (120, this week's returns) outweighs the others */
	UNIT_CHECK(count[0] > count[1] && count[2] > count[3],
	    "this week's bars longer: %ld %ld %ld %ld", count[0], count[1],
	    count[2], count[3]);
	free(f);
	free(img);
	unlink(svg);
	unlink(png);
	rmdir(dir);
}

int
main(void)
{
	test_grid();
	test_svg_text();
	test_render();
	return unit_done("test_chart");
}
