/*
 * cells.c - small typed cells: yes/no and non-negative integers.
 */
#include <limits.h>
#include <string.h>

#include "lt/core.h"
#include "lt_private.h"

int
lt_yesno(lt_str s)
{
	s = lt_trim(s);
	if (lt_str_eq(s, "是"))
		return 1;
	if (lt_str_eq(s, "否"))
		return 0;
	return -1;
}

int
lt_uint(lt_str s, long *v)
{
	char f[64];
	size_t n, i;
	long r = 0;
	int d;

	/* the usual cell: up to 18 ASCII digits, no room for an overflow */
	if (!lt_slow_paths && s.n > 0 && s.n <= 18) {
		for (i = 0; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++)
			r = r * 10 + (s.p[i] - '0');
		if (i == s.n) {
			*v = r;
			return 0;
		}
		r = 0;
	}
	s = lt_trim(s);
	if (s.n == 0 || s.n >= sizeof(f) - 1)
		return -1;
	n = lt_fold(s, f, sizeof(f));
	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (f[i] < '0' || f[i] > '9')
			return -1;
		d = f[i] - '0';
		if (r > (LONG_MAX - d) / 10)
			return -1;
		r = r * 10 + d;
	}
	*v = r;
	return 0;
}
