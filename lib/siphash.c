/*
 * siphash.c - SipHash-2-4 (Jean-Philippe Aumasson, Daniel J. Bernstein,
 * "SipHash: a fast short-input PRF", 2012), the keyed hash that ranks
 * people for sample-plan --draw.  Matches the reference test vectors.
 */
#include <stdint.h>
#include <string.h>

#include "lt/core.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

#define SIPROUND do {							\
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);	\
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;				\
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;				\
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);	\
} while (0)

static uint64_t
le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	    (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	    (uint64_t)p[7] << 56;
}

uint64_t
lt_siphash(uint64_t k0, uint64_t k1, const void *in, size_t n)
{
	const unsigned char *p = in, *end = p + (n & ~(size_t)7);
	uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
	uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
	uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
	uint64_t v3 = 0x7465646279746573ULL ^ k1;
	uint64_t m, b = (uint64_t)n << 56;
	size_t left = n & 7;

	for (; p != end; p += 8) {
		m = le64(p);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	switch (left) {
	case 7:
		b |= (uint64_t)p[6] << 48;
		/* FALLTHROUGH */
	case 6:
		b |= (uint64_t)p[5] << 40;
		/* FALLTHROUGH */
	case 5:
		b |= (uint64_t)p[4] << 32;
		/* FALLTHROUGH */
	case 4:
		b |= (uint64_t)p[3] << 24;
		/* FALLTHROUGH */
	case 3:
		b |= (uint64_t)p[2] << 16;
		/* FALLTHROUGH */
	case 2:
		b |= (uint64_t)p[1] << 8;
		/* FALLTHROUGH */
	case 1:
		b |= (uint64_t)p[0];
		break;
	case 0:
		break;
	}
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}
