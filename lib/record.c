/*
 * record.c - small helpers every tool uses on records: masking a value by
 * its field's type, output header names.
 */
#include <string.h>

#include "lt.h"

lt_str
lt_mask_value(const lt_field *f, lt_str v, char *buf, size_t bsz)
{
	lt_str m;

	if (v.n == 0)
		return v;
	switch (f->type) {
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
		return v;
	}
	m.p = buf;
	return m;
}

const char *
lt_out_header(const lt_opts *o, const lt_field *f)
{
	return o->ascii_headers ? f->key : f->header;
}
