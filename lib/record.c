/*
 * record.c - small helpers every tool uses on records: masking a value by
 * its field's type (any other cell through lt_mask_text), output header
 * names.
 */
#include <stdlib.h>
#include <string.h>

#include "lt/core.h"

/* Fewer than 7 digits (ASCII or full-width): nothing lt_mask_text would
 * touch, so the common cell is not copied. */
static int
few_digits(lt_str v)
{
	const unsigned char *p = (const unsigned char *)v.p;
	size_t i;
	int d = 0;

	for (i = 0; i < v.n; i++)
		if ((p[i] >= '0' && p[i] <= '9') || (p[i] == 0xBC &&
		    i > 0 && p[i - 1] == 0xEF && i + 1 < v.n &&
		    p[i + 1] >= 0x90 && p[i + 1] <= 0x99))
			if (++d >= 7)
				return 0;
	return 1;
}

lt_str
lt_mask_value(const lt_field *f, lt_str v, char *buf, size_t bsz)
{
	lt_str m;

	if (v.n == 0)
		return v;
	switch (f != NULL ? f->type : LT_T_TEXT) {
	case LT_T_IDCARD:
		m.n = lt_mask_id(v, buf, bsz);
		break;
	case LT_T_PHONE:
		m.n = lt_mask_phone(v, buf, bsz);
		break;
	case LT_T_NAME:
		m.n = lt_mask_name(v, buf, bsz);
		break;
	default:
		/* free text (an address, a note, an extra column): an ID or
		 * phone typed into it (SPEC 5.5) */
		if (few_digits(v))
			return v;
		m.n = lt_mask_text(v, buf, bsz);
		break;
	}
	m.p = buf;
	return m;
}

lt_str
lt_mask_cell(const lt_field *f, lt_str v, char **buf, size_t *bsz)
{
	/* a masked value is never longer than 4 bytes a byte of its cell */
	if (4 * v.n + 8 > *bsz) {
		free(*buf);
		*bsz = 4 * v.n + 64;
		*buf = lt_xmalloc(*bsz);
	}
	return lt_mask_value(f, v, *buf, *bsz);
}
