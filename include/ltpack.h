/*
 * ltpack.h - the week's pack for the leaders (SPEC 5.7): the roll-up as a
 * table of typed cells (lib/grid.c), the chart of returns and employed
 * per township as a self-contained SVG (lib/chart.c) and the workbook
 * around them (lib/pack.c).  Core layer: these never print or exit; they
 * return -1 with errno set, the tool says it.
 */
#ifndef LTPACK_H
#define LTPACK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------------ */
/* a table of typed cells (lib/grid.c)                                 */

/* Cell types: a CSV writes INT and CHANGE as integers and RATE (tenths)
 * as "x.y"; a workbook writes them as numbers, CHANGE with its sign. */
enum { LT_GC_EMPTY, LT_GC_TEXT, LT_GC_INT, LT_GC_CHANGE, LT_GC_RATE };
/* Row kinds: the header, a group, a subtotal, the total (bold). */
enum { LT_GR_HEAD, LT_GR_ROW, LT_GR_SUB, LT_GR_TOTAL };

typedef struct lt_gcell {
	int type;
	long long v;		/* INT, CHANGE; RATE in tenths */
	size_t off;		/* TEXT: offset in the arena */
} lt_gcell;

typedef struct lt_grid {
	lt_gcell *c;		/* every row's cells, one after the other */
	size_t nc, ccap;
	size_t *row;		/* first cell of each row; row[nrows] = nc */
	int *kind;
	size_t nrows, rcap;
	char *arena;
	size_t an, acap;
	int ncols;		/* the widest row */
} lt_grid;

void lt_grid_init(lt_grid *g);
void lt_grid_free(lt_grid *g);
/* Append a cell to the current row; 0 ok, -1 out of memory (errno). */
int lt_grid_text(lt_grid *g, const char *s);
int lt_grid_num(lt_grid *g, int type, long long v);
/* End the current row as a row of kind k. */
int lt_grid_end(lt_grid *g, int k);
/* Cells of row r and their count. */
const lt_gcell *lt_grid_row(const lt_grid *g, size_t r, int *n);
const char *lt_grid_str(const lt_grid *g, const lt_gcell *c);

/* ------------------------------------------------------------------ */
/* the chart (lib/chart.c)                                             */

/* One group of bars: a township (or district) with this week's and the
 * earlier roll-up's returns and employed. */
typedef struct lt_bar {
	const char *label;
	long ret, emp;
	long pret, pemp;
	int has_prev;		/* the group is in the earlier roll-up */
} lt_bar;

typedef struct lt_chart {
	int zh;			/* labels in Chinese (else English) */
	const char *district;	/* for the title; NULL or "" for none */
	int32_t week_end;	/* days since 1970-01-01 */
	int32_t prev_end;	/* the earlier roll-up's date, LT_NODATE when
				   unknown (said as "last week") */
	int prev;		/* last week's values given (--prev) */
	const lt_bar *bar;
	size_t nbar;
	long tot_ret, tot_emp, tot_pret, tot_pemp;
	int tot_has_prev;
	const char *note;	/* a line under the chart, or NULL */
} lt_chart;

/* The title: "<district>返乡农民工周报（截至 YYYY年M月D日）" (or its
 * English), into buf. */
const char *lt_pack_title(const lt_chart *ch, char *buf, size_t n);
/* The legend text of series i (0 returns, 1 returns earlier, 2 employed,
 * 3 employed earlier) into buf. */
const char *lt_chart_series(const lt_chart *ch, int i, char *buf, size_t n);
/* Write the chart as SVG 1.1 (A4 landscape, no script, no external
 * reference, fonts by family); 0 ok, -1 write error (errno). */
int lt_chart_svg(const lt_chart *ch, FILE *fp);

/* ------------------------------------------------------------------ */
/* the workbook (lib/pack.c), through lib/xlsxout.c                    */

struct lt_xlsx;
/* Sheet 汇总: the title, 填报单位 and 填报日期 (today), the roll-up grid
 * with 小计 and 合计 bold, changes signed, numbers as numbers, print
 * setup A4 landscape with the header repeated.  0 ok, -1 (errors are
 * also kept by the workbook for lt_xlsx_close). */
int lt_pack_rollup_sheet(struct lt_xlsx *x, const lt_grid *g,
    const lt_chart *ch, int32_t today);
/* Sheet 图表: the chart's numbers and a native bar chart of them. */
int lt_pack_chart_sheet(struct lt_xlsx *x, const lt_chart *ch);
/* A sheet NAME from a CSV file (UTF-8, a BOM skipped): its first row the
 * header (bold, frozen, autofilter), whole numbers and decimals as
 * numbers, the rest as text.  0 ok, -1 with errno (EINVAL: a bad sheet
 * name or a malformed CSV). */
int lt_pack_csv_sheet(struct lt_xlsx *x, const char *name, const char *path,
    int zh);

#endif /* LTPACK_H */
