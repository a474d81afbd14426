/*
 * chart.c - the week's chart (SPEC 5.7) as a self-contained SVG: returns
 * this week and employed, per township, with the earlier roll-up's values
 * beside them.
 *
 * Horizontal bars, one band per township, so that Chinese names stay
 * level and readable; more than 30 townships go into two panels side by
 * side.  The page is A4 landscape in millimetres (viewBox 0 0 297 210),
 * so a printout keeps the proportions; text is at least about 5 pt on
 * paper.  No script, no link, no image, no external font: the text names
 * font families only, CJK-capable ones first and the generic sans-serif
 * last.  Numbers are printed with fixed decimals, so the same chart is
 * the same bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lt/core.h"
#include "ltpack.h"

#define PW 297.0		/* A4 landscape, mm */
#define PH 210.0
#define MARGIN 12.0

static const char font[] =
    "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',"
    "'PingFang SC','WenQuanYi Micro Hei','Heiti SC',SimHei,"
    "'DejaVu Sans',Arial,sans-serif";

/* this week's returns, the earlier ones, employed, the earlier ones:
 * dark and light of two hues, told apart in grey print too */
static const char *const colour[4] = {
	"#1f4e79", "#9dc3e6", "#c55a11", "#f4b183"
};

/* "2024年5月15日" or "15 May 2024" */
static const char *
longdate(int zh, int32_t d, char *buf, size_t n)
{
	static const char *const mon[12] = { "Jan", "Feb", "Mar", "Apr",
		"May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char iso[16];
	int y, m, dd;

	lt_date_fmt(d, iso);
	if (sscanf(iso, "%d-%d-%d", &y, &m, &dd) != 3 || m < 1 || m > 12) {
		snprintf(buf, n, "%s", iso);
		return buf;
	}
	if (zh)
		snprintf(buf, n, "%d年%d月%d日", y, m, dd);
	else
		snprintf(buf, n, "%d %s %d", dd, mon[m - 1], y);
	return buf;
}

const char *
lt_pack_title(const lt_chart *ch, char *buf, size_t n)
{
	const char *d = ch->district ? ch->district : "";
	char day[64];

	longdate(ch->zh, ch->week_end, day, sizeof day);
	if (ch->zh)
		snprintf(buf, n, "%s返乡农民工周报（截至 %s）", d, day);
	else
		snprintf(buf, n, "%s%sReturned migrant workers, weekly report "
		    "(to %s)", d, *d ? ": " : "", day);
	return buf;
}

/* What the earlier roll-up is called: last week, or its date when it is
 * older (a missed week). */
static const char *
earlier(const lt_chart *ch, char *buf, size_t n)
{
	if (ch->prev_end == LT_NODATE || ch->prev_end == ch->week_end - 7)
		snprintf(buf, n, "%s", ch->zh ? "上周" : "last week");
	else
		longdate(ch->zh, ch->prev_end, buf, n);
	return buf;
}

const char *
lt_chart_series(const lt_chart *ch, int i, char *buf, size_t n)
{
	char e[64];

	earlier(ch, e, sizeof e);
	switch (i) {
	case 0:
		snprintf(buf, n, "%s", ch->zh ? "返乡人数（本周）" :
		    "Returned (this week)");
		break;
	case 1:
		snprintf(buf, n, ch->zh ? "返乡人数（%s）" : "Returned (%s)", e);
		break;
	case 2:
		snprintf(buf, n, "%s", ch->zh ? "已就业（本周）" :
		    "Employed (this week)");
		break;
	default:
		snprintf(buf, n, ch->zh ? "已就业（%s）" : "Employed (%s)", e);
	}
	return buf;
}

/* Width of a text in em: CJK and full-width forms one em, the rest about
 * half (a sans-serif's average). */
static double
text_em(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	double w = 0;

	while (*p) {
		if (*p < 0x80) {
			w += (*p >= 'A' && *p <= 'Z') ? 0.65 : 0.55;
			p++;
		} else if (*p >= 0xe0) {
			w += 1.0;
			p += *p >= 0xf0 ? 4 : 3;
		} else {
			w += 0.6;
			p += 2;
		}
		while ((*p & 0xc0) == 0x80)
			p++;
	}
	return w;
}

/* Text for XML character data and attribute values. */
static void
xml(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&apos;", fp); break;
		default:
			/* control characters are not allowed in XML 1.0 */
			if ((unsigned char)*s < 0x20 && *s != '\t' &&
			    *s != '\n')
				fputc(' ', fp);
			else
				fputc(*s, fp);
		}
	}
}

static void
text(FILE *fp, double x, double y, double size, const char *anchor,
    const char *extra, const char *s)
{
	fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\"", x, y,
	    size);
	if (anchor)
		fprintf(fp, " text-anchor=\"%s\"", anchor);
	if (extra)
		fprintf(fp, " %s", extra);
	fputc('>', fp);
	xml(fp, s);
	fputs("</text>\n", fp);
}

/* A tick step of 1, 2 or 5 times a power of ten giving at most 8 steps. */
static long
tick_step(long max)
{
	long p = 1, s;

	for (;;) {
		if ((s = p) * 8 >= max)
			return s;
		if ((s = 2 * p) * 8 >= max)
			return s;
		if ((s = 5 * p) * 8 >= max)
			return s;
		if (p > 100000000L)
			return s;
		p *= 10;
	}
}

static void
change(char *buf, size_t n, long d)
{
	snprintf(buf, n, d > 0 ? "+%ld" : "%ld", d);
}

struct panel {
	double x0, x1;		/* the whole panel: labels and bars */
	double lw;		/* label column */
	size_t from, to;	/* bars */
};

static void
draw_panel(const lt_chart *ch, FILE *fp, const struct panel *pn,
    double y0, double y1, long axmax, long step)
{
	double band, bh, fs, lfs, px0 = pn->x0 + pn->lw, px1 = pn->x1 - 12;
	double y, w;
	size_t i, per = pn->to - pn->from;
	int m = ch->prev ? 4 : 2, j;
	long v, t;
	char b[32], e[64], none[128];

	if (per == 0)
		return;
	earlier(ch, e, sizeof e);
	snprintf(none, sizeof none, ch->zh ? "（%s无此项）" :
	    "(not in the roll-up of %s)", e);
	band = (y1 - y0) / (double)(per < 6 ? 6 : per);
	bh = band * 0.8 / m;
	if (bh > 4.5)
		bh = 4.5;
	fs = bh * 0.9 > 3.0 ? 3.0 : bh * 0.9;
	lfs = band * 0.5 > 3.6 ? 3.6 : band * 0.5;
	if (lfs < 1.8)
		lfs = 1.8;
	/* grid lines and the scale */
	fputs("<g stroke=\"#d0d0d0\" stroke-width=\"0.2\">\n", fp);
	for (t = 0; t <= axmax; t += step) {
		double x = px0 + (px1 - px0) * (double)t / (double)axmax;

		fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
		    "y2=\"%.2f\"/>\n", x, y0, x, y1);
	}
	fputs("</g>\n<g fill=\"#555555\">\n", fp);
	for (t = 0; t <= axmax; t += step) {
		double x = px0 + (px1 - px0) * (double)t / (double)axmax;

		snprintf(b, sizeof b, "%ld", t);
		text(fp, x, y1 + 4.2, 2.8, "middle", NULL, b);
	}
	fputs("</g>\n", fp);
	fprintf(fp, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
	    "stroke=\"#555555\" stroke-width=\"0.3\"/>\n", px0, y0, px0, y1);
	for (i = pn->from; i < pn->to; i++) {
		const lt_bar *br = &ch->bar[i];
		double top = y0 + band * (double)(i - pn->from);
		double by = top + (band - bh * m) / 2;

		fputs("<g>\n", fp);
		text(fp, px0 - 1.5, top + band / 2 + lfs * 0.36, lfs, "end",
		    "fill=\"#222222\"", br->label);
		for (j = 0; j < m; j++) {
			int s = ch->prev ? j : j * 2;

			if (s == 1 || s == 3) {
				if (!br->has_prev) {
					/* new this week: said once */
					if (s == 1 && fs >= 1.5)
						text(fp, px0 + 0.8, by + bh * 1.46 +
						    fs * 0.36, fs, NULL,
						    "fill=\"#777777\"", none);
					continue;
				}
				v = s == 1 ? br->pret : br->pemp;
			} else
				v = s == 0 ? br->ret : br->emp;
			y = by + bh * j;
			w = (px1 - px0) * (double)(v < 0 ? 0 : v) /
			    (double)axmax;
			fprintf(fp, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
			    "height=\"%.2f\" fill=\"%s\"/>\n", px0, y, w,
			    bh * 0.92, colour[s]);
			if (fs >= 1.5) {
				snprintf(b, sizeof b, "%ld", v);
				text(fp, px0 + w + 0.8, y + bh * 0.46 + fs * 0.36,
				    fs, NULL, "fill=\"#222222\"", b);
			}
		}
		fputs("</g>\n", fp);
	}
}

int
lt_chart_svg(const lt_chart *ch, FILE *fp)
{
	struct panel pn[2];
	double y0 = 36, y1 = 186, x, lw, em;
	char title[256], b[256], c1[32], c2[32];
	long vmax = 0, step, axmax;
	size_t i, np;
	int m = ch->prev ? 4 : 2, j;

	lt_pack_title(ch, title, sizeof title);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", fp);
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "version=\"1.1\" width=\"297mm\" height=\"210mm\" "
	    "viewBox=\"0 0 297 210\" font-family=\"%s\">\n", font);
	fputs("<title>", fp);
	xml(fp, title);
	fputs("</title>\n<desc>", fp);
	if (ch->prev)
		xml(fp, ch->zh ? "各乡镇（街道）本周返乡人数和已就业人数，及上周数值" :
		    "Returned and employed per township, this week and the "
		    "earlier roll-up");
	else
		xml(fp, ch->zh ? "各乡镇（街道）本周返乡人数和已就业人数" :
		    "Returned and employed per township this week");
	fputs("</desc>\n", fp);
	fprintf(fp, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" "
	    "fill=\"#ffffff\"/>\n", PW, PH);
	text(fp, PW / 2, 17, 6.4, "middle", "font-weight=\"bold\" "
	    "fill=\"#000000\"", title);
	snprintf(b, sizeof b, "%s", ch->zh ?
	    "返乡人数与已就业人数（单位：人）" :
	    "Returned and employed (persons)");
	text(fp, PW / 2, 24.5, 3.6, "middle", "fill=\"#444444\"", b);

	/* the legend, centred */
	em = 3.4;
	for (x = 0, j = 0; j < m; j++) {
		lt_chart_series(ch, ch->prev ? j : j * 2, b, sizeof b);
		x += 5.5 + text_em(b) * em + 7;
	}
	x = (PW - x + 7) / 2;
	for (j = 0; j < m; j++) {
		int s = ch->prev ? j : j * 2;

		lt_chart_series(ch, s, b, sizeof b);
		fprintf(fp, "<rect x=\"%.2f\" y=\"28.6\" width=\"4.2\" "
		    "height=\"3.2\" fill=\"%s\"/>\n", x, colour[s]);
		text(fp, x + 5.5, 31.4, em, NULL, "fill=\"#222222\"", b);
		x += 5.5 + text_em(b) * em + 7;
	}

	for (i = 0; i < ch->nbar; i++) {
		const lt_bar *br = &ch->bar[i];
		long v[4] = { br->ret, br->emp, br->pret, br->pemp };

		for (j = 0; j < (ch->prev && br->has_prev ? 4 : 2); j++)
			if (v[j] > vmax)
				vmax = v[j];
	}
	step = tick_step(vmax > 0 ? vmax : 1);
	axmax = (vmax + step - 1) / step * step;
	if (axmax < step)
		axmax = step;

	np = ch->nbar > 30 ? 2 : 1;
	for (j = 0; j < (int)np; j++) {
		pn[j].x0 = MARGIN + (PW - 2 * MARGIN) / np * j;
		pn[j].x1 = pn[j].x0 + (PW - 2 * MARGIN) / np;
		pn[j].from = ch->nbar * j / np;
		pn[j].to = ch->nbar * (j + 1) / np;
		lw = 0;
		for (i = pn[j].from; i < pn[j].to; i++) {
			double w = text_em(ch->bar[i].label) * 3.6;

			if (w > lw)
				lw = w;
		}
		lw += 3;
		if (lw < 14)
			lw = 14;
		if (lw > (pn[j].x1 - pn[j].x0) / 3)
			lw = (pn[j].x1 - pn[j].x0) / 3;
		pn[j].lw = lw;
	}
	if (ch->nbar == 0)
		text(fp, PW / 2, (y0 + y1) / 2, 5, "middle", "fill=\"#888888\"",
		    ch->zh ? "本周没有数据" : "no data this week");
	else
		for (j = 0; j < (int)np; j++)
			draw_panel(ch, fp, &pn[j], y0, y1, axmax, step);

	/* the totals, in words */
	if (ch->prev && ch->tot_has_prev) {
		char e[64];

		earlier(ch, e, sizeof e);
		change(c1, sizeof c1, ch->tot_ret - ch->tot_pret);
		change(c2, sizeof c2, ch->tot_emp - ch->tot_pemp);
		if (ch->zh)
			snprintf(b, sizeof b, "合计：返乡 %ld 人（较%s %s），"
			    "已就业 %ld 人（较%s %s）", ch->tot_ret, e, c1,
			    ch->tot_emp, e, c2);
		else
			snprintf(b, sizeof b, "Total: %ld returned (%s on %s), "
			    "%ld employed (%s)", ch->tot_ret, c1, e,
			    ch->tot_emp, c2);
	} else
		snprintf(b, sizeof b, ch->zh ? "合计：返乡 %ld 人，已就业 %ld 人" :
		    "Total: %ld returned, %ld employed", ch->tot_ret,
		    ch->tot_emp);
	if (ch->tot_ret > 0) {
		long long tenths = (2000LL * ch->tot_emp + ch->tot_ret) /
		    (2LL * ch->tot_ret);
		size_t l = strlen(b);

		snprintf(b + l, sizeof b - l, ch->zh ? "，就业率 %lld.%lld%%" :
		    ", employment rate %lld.%lld %%", tenths / 10, tenths % 10);
	}
	text(fp, MARGIN, 197, 3.4, NULL, "fill=\"#000000\"", b);
	if (ch->note)
		text(fp, MARGIN, 203, 2.8, NULL, "fill=\"#555555\"", ch->note);
	fputs("</svg>\n", fp);
	if (ferror(fp)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}
