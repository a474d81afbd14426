/*
 * pack.c - the week's workbook for the leaders (SPEC 5.7), written
 * through lib/xlsxout.c: sheet 汇总 (the roll-up laid out like an
 * official weekly table), sheet 图表 (the chart's numbers and a native
 * chart drawn by Excel or WPS itself), and sheets made from CSV files
 * (the job's 未报送, 质量, 问题).
 *
 * Print setup everywhere: A4 landscape, one page wide, the header row
 * repeated on every page, page numbers in the footer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "lt/core.h"
#include "lt_xlsx.h"
#include "ltpack.h"

/* Formats of the 汇总 sheet: per cell type, plain and bold. */
enum { PF_TITLE, PF_UNIT, PF_DATE, PF_HEAD, PF_TEXT, PF_INT, PF_CHANGE,
	PF_RATE, PF_N };

struct fmts {
	lxw_format *f[PF_N][2];
};

static lxw_format *
mkfmt(lt_xlsx *x, int kind, int bold)
{
	lxw_format *f = workbook_add_format(lt_xlsx_workbook(x));

	if (f == NULL)
		return NULL;
	format_set_font_size(f, 10);
	switch (kind) {
	case PF_TITLE:
		format_set_bold(f);
		format_set_font_size(f, 16);
		format_set_align(f, LXW_ALIGN_CENTER);
		format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
		return f;
	case PF_UNIT:
	case PF_DATE:
		format_set_align(f, kind == PF_UNIT ? LXW_ALIGN_LEFT :
		    LXW_ALIGN_RIGHT);
		format_set_num_format(f, "@");
		return f;
	case PF_HEAD:
		format_set_bold(f);
		format_set_text_wrap(f);
		format_set_align(f, LXW_ALIGN_CENTER);
		format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
		format_set_pattern(f, LXW_PATTERN_SOLID);
		format_set_bg_color(f, 0xD9E1F2);
		format_set_num_format(f, "@");
		break;
	case PF_TEXT:
		format_set_num_format(f, "@");
		break;
	case PF_INT:
		format_set_num_format(f, "0");
		break;
	case PF_CHANGE:
		/* the sign always shown: +3, -2, 0 */
		format_set_num_format(f, "+0;-0;0");
		break;
	case PF_RATE:
		format_set_num_format(f, "0.0");
		break;
	}
	format_set_border(f, LXW_BORDER_THIN);
	if (bold)
		format_set_bold(f);
	return f;
}

static int
mkfmts(lt_xlsx *x, struct fmts *pf)
{
	int k, b;

	for (k = 0; k < PF_N; k++)
		for (b = 0; b < 2; b++)
			if ((pf->f[k][b] = mkfmt(x, k, b)) == NULL) {
				lt_xlsx_fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
				return -1;
			}
	return 0;
}

/* A4 landscape, one page wide, rows first..last repeated, page numbers. */
static void
print_setup(lt_xlsx *x, int zh, int first, int last)
{
	lxw_worksheet *ws = lt_xlsx_worksheet(x);

	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);	/* A4 */
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
	worksheet_center_horizontally(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	if (first >= 0)
		lt_xlsx_fail(x, worksheet_repeat_rows(ws, first, last));
	lt_xlsx_fail(x, worksheet_set_footer(ws, zh ?
	    "&C第 &P 页，共 &N 页" : "&CPage &P of &N"));
}

/* A row of one text over columns 0..last, merged. */
static void
merged(lt_xlsx *x, int c0, int c1, const char *s, lxw_format *f)
{
	lxw_worksheet *ws = lt_xlsx_worksheet(x);
	int row = lt_xlsx_row(x);

	if (c1 > c0)
		lt_xlsx_fail(x, worksheet_merge_range(ws, row, c0, row, c1, s,
		    f));
	else
		lt_xlsx_fail(x, worksheet_write_string(ws, row, c0, s, f));
}

/* 填报单位 and 填报日期 (today). */
static void
unit_row(lt_xlsx *x, const lt_chart *ch, int32_t today, int ncols,
    const struct fmts *pf)
{
	char b[256], day[16];
	int y, m, d, half = ncols / 2;

	lt_date_fmt(today, day);
	if (sscanf(day, "%d-%d-%d", &y, &m, &d) != 3)
		y = m = d = 0;
	snprintf(b, sizeof b, ch->zh ? "填报单位：%s" : "Reported by: %s",
	    ch->district ? ch->district : "");
	merged(x, 0, half - 1, b, pf->f[PF_UNIT][0]);
	if (ch->zh)
		snprintf(b, sizeof b, "填报日期：%d年%d月%d日", y, m, d);
	else
		snprintf(b, sizeof b, "Date: %s", day);
	merged(x, half, ncols - 1, b, pf->f[PF_DATE][0]);
}

/* Column widths of the roll-up: places wider, counts narrow. */
static void
rollup_widths(lt_xlsx *x, const lt_grid *g)
{
	const lt_gcell *c;
	int i, n, places = 0;

	if (g->nrows == 0)
		return;
	c = lt_grid_row(g, 0, &n);
	/* the place columns are the text columns of the first group row
	 * (or of the total row) */
	for (i = 0; i < n; i++) {
		const lt_gcell *r;
		int m;

		r = lt_grid_row(g, g->nrows > 1 ? 1 : 0, &m);
		if (i < m && (r[i].type == LT_GC_TEXT ||
		    r[i].type == LT_GC_EMPTY) && i < 3)
			places = i + 1;
		else
			break;
	}
	for (i = 0; i < g->ncols; i++)
		lt_xlsx_width(x, i, i < places ? 12 :
		    (i < n && strcmp(lt_grid_str(g, &c[i]), "较上周") == 0) ?
		    5.5 : 6.5);
}

int
lt_pack_rollup_sheet(lt_xlsx *x, const lt_grid *g, const lt_chart *ch,
    int32_t today)
{
	struct fmts pf;
	const lt_gcell *c;
	char title[256];
	size_t r;
	int i, n, b, ncols = g->ncols > 2 ? g->ncols : 2;

	if (lt_xlsx_sheet(x, "汇总") < 0 || mkfmts(x, &pf) < 0)
		return -1;
	rollup_widths(x, g);
	lt_pack_title(ch, title, sizeof title);
	worksheet_set_row(lt_xlsx_worksheet(x), 0, 30, NULL);
	merged(x, 0, ncols - 1, title, pf.f[PF_TITLE][0]);
	lt_xlsx_end(x);
	unit_row(x, ch, today, ncols, &pf);
	lt_xlsx_end(x);
	/* --note (the job's "no update this week") above the header: the
	 * autofilter runs from the header to the last row */
	if (ch->note != NULL && *ch->note != '\0') {
		merged(x, 0, ncols - 1, ch->note, pf.f[PF_UNIT][0]);
		lt_xlsx_end(x);
	}
	for (r = 0; r < g->nrows; r++) {
		c = lt_grid_row(g, r, &n);
		b = g->kind[r] == LT_GR_SUB || g->kind[r] == LT_GR_TOTAL;
		if (g->kind[r] == LT_GR_HEAD) {
			worksheet_set_row(lt_xlsx_worksheet(x), lt_xlsx_row(x),
			    42, NULL);
			lt_xlsx_table(x);
			print_setup(x, ch->zh, lt_xlsx_row(x), lt_xlsx_row(x));
			for (i = 0; i < n; i++)
				lt_xlsx_cstr(x, lt_grid_str(g, &c[i]),
				    pf.f[PF_HEAD][0]);
			lt_xlsx_end(x);
			continue;
		}
		for (i = 0; i < n; i++) {
			switch (c[i].type) {
			case LT_GC_INT:
				lt_xlsx_number(x, (double)c[i].v,
				    pf.f[PF_INT][b]);
				break;
			case LT_GC_CHANGE:
				lt_xlsx_number(x, (double)c[i].v,
				    pf.f[PF_CHANGE][b]);
				break;
			case LT_GC_RATE:
				lt_xlsx_number(x, (double)c[i].v / 10,
				    pf.f[PF_RATE][b]);
				break;
			case LT_GC_TEXT:
				lt_xlsx_cstr(x, lt_grid_str(g, &c[i]),
				    pf.f[PF_TEXT][b]);
				break;
			default:
				lt_xlsx_blank(x, pf.f[PF_TEXT][b]);
			}
		}
		lt_xlsx_end(x);
	}
	return 0;
}

/* The chart's series: this week's returns, the earlier ones, employed,
 * the earlier ones; colours as in the SVG. */
static const lxw_color_t colour[4] = {
	0x1F4E79, 0x9DC3E6, 0xC55A11, 0xF4B183
};

int
lt_pack_chart_sheet(lt_xlsx *x, const lt_chart *ch)
{
	struct fmts pf;
	lxw_chart *chart;
	lxw_chart_series *s;
	lxw_chart_font font = { 0 };
	lxw_chart_options io = { 0 };
	char title[256], b[128];
	int first, last, j, m = ch->prev ? 4 : 2;
	size_t i;

	if (lt_xlsx_sheet(x, "图表") < 0 || mkfmts(x, &pf) < 0)
		return -1;
	lt_pack_title(ch, title, sizeof title);
	worksheet_set_row(lt_xlsx_worksheet(x), 0, 24, NULL);
	merged(x, 0, m, title, pf.f[PF_TITLE][0]);
	lt_xlsx_end(x);
	lt_xlsx_width(x, 0, 14);
	for (j = 1; j <= m; j++)
		lt_xlsx_width(x, j, 11);
	worksheet_set_row(lt_xlsx_worksheet(x), lt_xlsx_row(x), 30, NULL);
	print_setup(x, ch->zh, lt_xlsx_row(x), lt_xlsx_row(x));
	lt_xlsx_cstr(x, ch->zh ? "乡镇（街道）" : "Township", pf.f[PF_HEAD][0]);
	for (j = 0; j < m; j++)
		lt_xlsx_cstr(x, lt_chart_series(ch, ch->prev ? j : j * 2, b,
		    sizeof b), pf.f[PF_HEAD][0]);
	lt_xlsx_end(x);
	first = lt_xlsx_row(x);
	for (i = 0; i < ch->nbar; i++) {
		const lt_bar *br = &ch->bar[i];
		long v[4] = { br->ret, br->pret, br->emp, br->pemp };

		lt_xlsx_cstr(x, br->label, pf.f[PF_TEXT][0]);
		for (j = 0; j < m; j++) {
			int sr = ch->prev ? j : j * 2;

			if ((sr == 1 || sr == 3) && !br->has_prev)
				lt_xlsx_blank(x, pf.f[PF_INT][0]);
			else
				lt_xlsx_number(x, (double)v[sr],
				    pf.f[PF_INT][0]);
		}
		lt_xlsx_end(x);
	}
	last = lt_xlsx_row(x) - 1;
	if (ch->nbar == 0) {
		lt_xlsx_cstr(x, ch->zh ? "本周没有数据" : "no data this week",
		    NULL);
		lt_xlsx_end(x);
		return 0;
	}
	/* horizontal bars, townships top to bottom as in the table */
	chart = workbook_add_chart(lt_xlsx_workbook(x), LXW_CHART_BAR);
	if (chart == NULL) {
		lt_xlsx_fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return -1;
	}
	for (j = 0; j < m; j++) {
		int sr = ch->prev ? j : j * 2;

		s = chart_add_series(chart, NULL, NULL);
		if (s == NULL) {
			lt_xlsx_fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
			return -1;
		}
		chart_series_set_categories(s, "图表", first, 0, last, 0);
		chart_series_set_values(s, "图表", first, j + 1, last, j + 1);
		chart_series_set_name_range(s, "图表", first - 1, j + 1);
		{
			lxw_chart_fill fill = { .color = colour[sr] };

			chart_series_set_fill(s, &fill);
		}
		chart_series_set_labels(s);
	}
	chart_title_set_name(chart, title);
	font.size = 14;
	font.bold = LXW_TRUE;
	chart_title_set_name_font(chart, &font);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_TOP);
	chart_axis_set_reverse(chart->y_axis);	/* first township on top */
	chart_axis_set_name(chart->x_axis, ch->zh ? "人数" : "persons");
	chart_axis_major_gridlines_set_visible(chart->x_axis, LXW_TRUE);
	chart_set_series_gap(chart, 60);
	io.x_offset = 10;
	io.y_offset = 10;
	io.x_scale = 1.6;
	/* room for every bar: about 5 mm a township and series */
	io.y_scale = (60.0 + (double)ch->nbar * m * 9.0) / 288.0;
	if (io.y_scale < 1.6)
		io.y_scale = 1.6;
	lt_xlsx_fail(x, worksheet_insert_chart_opt(lt_xlsx_worksheet(x), 1,
	    m + 2, chart, &io));
	return 0;
}

/* ------------------------------------------------------------------ */
/* a sheet from a CSV file                                             */

struct csvsheet {
	lt_xlsx *x;
	long row;
	int header;
};

/* A whole number or a decimal a person would read as a number: no
 * leading zero (codes such as 01 stay text), at most 15 digits (an ID
 * never becomes 5.00235E+17). */
static int
numeric(const char *s, size_t n, double *v)
{
	size_t i = 0, digits = 0;
	char b[40];

	if (n == 0 || n >= sizeof b)
		return 0;
	if (s[0] == '-')
		i++;
	if (i < n && s[i] == '0' && i + 1 < n && s[i + 1] != '.')
		return 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (digits == 0)
		return 0;
	if (i < n && s[i] == '.') {
		size_t j = ++i;

		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
		if (i == j)
			return 0;
	}
	if (i != n || digits > 15)
		return 0;
	memcpy(b, s, n);
	b[n] = '\0';
	*v = strtod(b, NULL);
	return 1;
}

static void
cb_field(void *p, size_t n, void *ud)
{
	struct csvsheet *cs = ud;
	const char *s = p ? p : "";
	double v;

	if (cs->row == 0 && !cs->header) {
		lt_xlsx_table(cs->x);
		cs->header = 1;
	}
	if (cs->row > 0 && numeric(s, n, &v))
		lt_xlsx_number(cs->x, v, lt_xlsx_fmt(cs->x, LT_XF_NUMBER));
	else
		lt_xlsx_text(cs->x, (lt_str){ s, n }, NULL);
}

static void
cb_row(int c, void *ud)
{
	struct csvsheet *cs = ud;

	(void)c;
	lt_xlsx_end(cs->x);
	cs->row++;
}

int
lt_pack_csv_sheet(lt_xlsx *x, const char *name, const char *path, int zh)
{
	struct csv_parser p;
	struct csvsheet cs = { x, 0, 0 };
	char buf[65536];
	size_t n, off;
	FILE *fp;
	int first = 1, err = 0;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	if (lt_xlsx_sheet(x, name) < 0) {
		fclose(fp);
		errno = EINVAL;
		return -1;
	}
	print_setup(x, zh, 0, 0);
	if (csv_init(&p, 0) != 0) {
		fclose(fp);
		errno = ENOMEM;
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		off = 0;
		if (first && n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
			off = 3;	/* a BOM for Excel */
		first = 0;
		if (csv_parse(&p, buf + off, n - off, cb_field, cb_row, &cs) !=
		    n - off) {
			err = EINVAL;
			break;
		}
	}
	if (ferror(fp))
		err = errno ? errno : EIO;
	if (!err)
		csv_fini(&p, cb_field, cb_row, &cs);
	csv_free(&p);
	fclose(fp);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}
