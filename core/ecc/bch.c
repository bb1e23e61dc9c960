// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bch.c - binary BCH encoder and decoder with the bit conventions of the
 * Linux kernel's lib/bch.c (see bch.h).
 *
 * Encoding and checking compute the remainder of the message by the
 * generator 16 bytes at a time: the remainder register is kept left-aligned
 * in 64-bit words, and sixteen 256-entry tables give the remainder of each
 * byte of the next 16 message bytes XORed into its top words (slicing-by-16).
 *
 * Decoding: syndromes from the remainder difference, Berlekamp-Massey for the
 * error locator, and its roots found by the Berlekamp trace algorithm (the
 * locator is split by gcd with Tr(beta·x) mod itself) down to degree 4 or
 * less, where closed forms finish: tables of the solutions of y^2 + y = c
 * and of y^3 + y = c, a quartic through its resolvent cubic. No Chien
 * search, no linear algebra.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bch.h"

#define BCH_T_MAX	128
#define POLY_MAX	(2 * BCH_T_MAX + 2)
#define TABS		16	/* bytes per round of the remainder loop */
#define M_MAX		15
#define NOROOT		0xffff	/* csol[c]: y^3 + y = c has no solution */

struct mm_bch {
	unsigned int m;
	unsigned int t;
	unsigned int n;		/* 2^m - 1 */
	unsigned int deg;	/* ECC bits */
	unsigned int ecc_bytes;
	unsigned int nw;	/* 64-bit words of the remainder register */
	size_t max_len;
	/*
	 * exp[i] = alpha^i for i < 2n, and 0 from 2n to 4n: log[0] is 2n, so
	 * exp[log x + log y] is x·y even when x or y is 0 (no branch on a
	 * zero coefficient in the inner loops).
	 */
	uint16_t *exp;
	uint16_t *log;		/* n + 1 entries */
	uint16_t *spos;		/* [t][ecc_bytes]: see syndromes() */
	uint16_t *qsol;		/* y with y^2 + y = c and bit 0 clear, or 1 */
	uint16_t *csol;		/* a y with y^3 + y = c, or NOROOT */
	uint16_t *syn;		/* [t][256]: log of byte v at alpha^(2k+1) */
	uint64_t *tab;		/* [16][256][nw] */
	unsigned int cq;	/* limbs of the folding constants; 0: no CLMUL */
	uint64_t fold[8][8];	/* x^(64i + 512) mod g, little-endian limbs */
	uint64_t fin[8][8];	/* x^(64i + deg) mod g */
};

static const unsigned int default_poly[16] = {
	[5] = 0x25, [6] = 0x43, [7] = 0x83, [8] = 0x11d, [9] = 0x211,
	[10] = 0x409, [11] = 0x805, [12] = 0x1053, [13] = 0x201b,
	[14] = 0x402b, [15] = 0x8003,
};

static inline unsigned int gf_mul(const struct mm_bch *b, unsigned int x,
				  unsigned int y)
{
	return x && y ? b->exp[b->log[x] + b->log[y]] : 0;
}

static inline unsigned int gf_div(const struct mm_bch *b, unsigned int x,
				  unsigned int y)
{
	return x ? b->exp[b->log[x] + b->n - b->log[y]] : 0;
}

static inline unsigned int gf_sqr(const struct mm_bch *b, unsigned int x)
{
	return x ? b->exp[2 * b->log[x]] : 0;
}

/* the log of x^2 from the log of x; the zero log 2n stays */
static inline unsigned int dbl_log(const struct mm_bch *b, unsigned int l)
{
	if (l >= b->n)
		return l;
	l *= 2;
	return l >= b->n ? l - b->n : l;
}

/* sqrt(x) = x^(2^(m-1)): half the logarithm, taken mod the odd n */
static inline unsigned int gf_sqrt(const struct mm_bch *b, unsigned int x)
{
	unsigned int l;

	if (!x)
		return 0;
	l = b->log[x];
	return b->exp[(l & 1 ? l + b->n : l) / 2];
}

static int build_field(struct mm_bch *b, unsigned int poly)
{
	unsigned int i, x = 1, top = 1u << b->m;

	b->exp = calloc(4 * b->n + 1, sizeof(*b->exp));
	b->log = calloc(b->n + 1, sizeof(*b->log));
	b->qsol = malloc((b->n + 1) * sizeof(*b->qsol));
	b->csol = malloc((b->n + 1) * sizeof(*b->csol));
	if (!b->exp || !b->log || !b->qsol || !b->csol)
		return -ENOMEM;
	for (i = 0; i < b->n; i++) {
		if (i && x == 1)
			return -EINVAL;	/* not primitive */
		b->exp[i] = x;
		b->log[x] = i;
		x <<= 1;
		if (x & top)
			x ^= poly;
	}
	if (x != 1)
		return -EINVAL;
	for (i = b->n; i < 2 * b->n; i++)
		b->exp[i] = b->exp[i - b->n];
	b->log[0] = 2 * b->n;
	for (i = 0; i <= b->n; i++)
		b->qsol[i] = 1;
	for (i = 0; i <= b->n; i += 2)
		b->qsol[gf_sqr(b, i) ^ i] = i;
	/*
	 * y^3 + y = c has 0, 1 or 3 solutions; any one will do (the cubic
	 * solver deflates by it). One pass over the field fills the table.
	 */
	for (i = 0; i <= b->n; i++)
		b->csol[i] = NOROOT;
	for (i = 0; i <= b->n; i++)
		b->csol[gf_mul(b, gf_sqr(b, i), i) ^ i] = i;
	return 0;
}

/*
 * The generator: the product of (x + alpha^r) over the conjugates r of
 * alpha^1, alpha^3, ..., alpha^(2t-1). Its coefficients are 0 or 1; they
 * are returned as a left-aligned register image without the x^deg term.
 */
static int build_generator(struct mm_bch *b, uint64_t **gout)
{
	uint16_t *g;
	uint8_t *seen;
	uint64_t *reg;
	unsigned int i, r, k, deg = 0, maxdeg = b->m * b->t;
	int ret = -ENOMEM;

	g = calloc(maxdeg + 1, sizeof(*g));
	seen = calloc(b->n, 1);
	if (!g || !seen)
		goto out;
	g[0] = 1;
	for (i = 1; i < 2 * b->t; i += 2) {
		for (r = i % b->n; !seen[r]; r = (2 * r) % b->n) {
			seen[r] = 1;
			/* g *= (x + alpha^r) */
			g[deg + 1] = g[deg];
			for (k = deg; k > 0; k--)
				g[k] = g[k - 1] ^ gf_mul(b, g[k], b->exp[r]);
			g[0] = gf_mul(b, g[0], b->exp[r]);
			deg++;
		}
	}
	ret = -EINVAL;
	for (k = 0; k <= deg; k++)
		if (g[k] > 1)
			goto out;
	b->deg = deg;
	b->ecc_bytes = (deg + 7) / 8;
	b->nw = (deg + 63) / 64;
	ret = -ENOMEM;
	reg = calloc(b->nw, sizeof(*reg));
	if (!reg)
		goto out;
	/* coefficient x^k (k < deg) at register bit deg-1-k from the top */
	for (k = 0; k < deg; k++) {
		unsigned int pb = deg - 1 - k;

		if (g[k])
			reg[pb / 64] |= 1ull << (63 - pb % 64);
	}
	*gout = reg;
	ret = 0;
out:
	free(g);
	free(seen);
	return ret;
}

/* One bit into the LFSR: reg = (reg·x + in·x^deg) mod g, left-aligned. */
static void lfsr_bit(const struct mm_bch *b, uint64_t *reg, const uint64_t *g,
		     unsigned int in)
{
	unsigned int fb = (unsigned int)(reg[0] >> 63) ^ in, i;

	for (i = 0; i < b->nw; i++) {
		reg[i] <<= 1;
		if (i + 1 < b->nw)
			reg[i] |= reg[i + 1] >> 63;
	}
	if (fb)
		for (i = 0; i < b->nw; i++)
			reg[i] ^= g[i];
}

/* syn[k][v] = log of the sum of the bits i of v times alpha^((2k+1)·i) */
static int build_syn(struct mm_bch *b)
{
	unsigned int k, v, i;

	b->syn = malloc((size_t)b->t * 256 * sizeof(*b->syn));
	if (!b->syn)
		return -ENOMEM;
	for (k = 0; k < b->t; k++)
		for (v = 0; v < 256; v++) {
			unsigned int acc = 0;

			for (i = 0; i < 8; i++)
				if (v & (1u << i))
					acc ^= b->exp[((2 * k + 1) * i) % b->n];
			/* nonzero for v != 0: 8 < m independent powers */
			/* (v = 0: the zero logarithm) */
			b->syn[(size_t)k * 256 + v] = b->log[acc];
		}
	return 0;
}

/*
 * spos[k][i]: the exponent of byte i of the remainder for S_(2k+1), see
 * syndromes(); < n.
 */
static int build_spos(struct mm_bch *b)
{
	unsigned int k, i, j, nb = b->ecc_bytes, n = b->n;
	unsigned int pad = 8 * nb - b->deg;

	b->spos = malloc((size_t)b->t * nb * sizeof(*b->spos));
	if (!b->spos)
		return -ENOMEM;
	for (k = 0; k < b->t; k++)
		for (i = 0; i < nb; i++) {
			j = 2 * k + 1;
			b->spos[k * nb + i] = (uint16_t)((uint64_t)j *
				(8 * (nb - 1 - i) + n - pad) % n);
		}
	return 0;
}

/*
 * tab[k][v] (k < 16): the remainder of byte v followed by 15 - k zero bytes,
 * times x^deg, left-aligned: the contribution of byte k of a 16-byte chunk.
 * Built one bit at a time with the LFSR, then by linearity.
 */
static int build_tables(struct mm_bch *b, const uint64_t *g)
{
	unsigned int k, bit, v, i, z, nw = b->nw;
	uint64_t *reg;

	b->tab = calloc((size_t)TABS * 256 * nw, sizeof(*b->tab));
	reg = calloc(nw, sizeof(*reg));
	if (!b->tab || !reg) {
		free(reg);
		return -ENOMEM;
	}
	for (k = 0; k < TABS; k++) {
		uint64_t *t = b->tab + (size_t)k * 256 * nw;

		for (bit = 0; bit < 8; bit++) {
			memset(reg, 0, nw * sizeof(*reg));
			for (i = 0; i < 8; i++)
				lfsr_bit(b, reg, g, i == 7 - bit);
			for (z = 0; z < 8 * (TABS - 1 - k); z++)
				lfsr_bit(b, reg, g, 0);
			memcpy(t + (1u << bit) * nw, reg, nw * sizeof(*reg));
		}
		for (v = 1; v < 256; v++) {
			unsigned int low = v & -v;

			if (v == low)
				continue;
			for (i = 0; i < nw; i++)
				t[v * nw + i] = t[low * nw + i] ^
						t[(v ^ low) * nw + i];
		}
	}
	free(reg);
	return 0;
}

/*
 * Carry-less multiply folding (x86-64 with PCLMULQDQ): the message is taken
 * 64 bytes (8 limbs of 64 coefficients) at a time; the 512-bit accumulator
 * A is congruent to the message so far, and each round replaces it with
 * sum(a_i · (x^(64i+512) mod g)) + the next 64 bytes. At the end
 * A·x^deg mod g = sum(a_i · (x^(64i+deg) mod g)) leaves a value of deg + 64
 * bits whose top 64 go through the byte tables. Used for lengths that are
 * multiples of 64 (every ECC step); the tables do the rest.
 */
static void limbs_mulx(uint64_t *p, unsigned int nl, const uint64_t *g,
		       unsigned int deg)
{
	unsigned int i;

	for (i = nl - 1; i > 0; i--)
		p[i] = p[i] << 1 | p[i - 1] >> 63;
	p[0] <<= 1;
	if (p[deg / 64] >> (deg % 64) & 1)
		for (i = 0; i < nl; i++)
			p[i] ^= g[i];
}

static void setup_clmul(struct mm_bch *b, const uint64_t *reg)
{
	uint64_t g[9] = { 0 }, p[9] = { 0 };
	unsigned int k, e, q = (b->deg + 63) / 64, nl = q + 1;

	b->cq = 0;
#if defined(__x86_64__) && defined(__GNUC__)
	if (q > 7 || !__builtin_cpu_supports("pclmul") ||
	    !__builtin_cpu_supports("ssse3"))
		return;
	/* g as limbs: coefficient x^k (k < deg) is register bit deg-1-k */
	for (k = 0; k < b->deg; k++) {
		unsigned int pb = b->deg - 1 - k;

		if (reg[pb / 64] >> (63 - pb % 64) & 1)
			g[k / 64] |= 1ull << (k % 64);
	}
	g[b->deg / 64] |= 1ull << (b->deg % 64);
	p[0] = 1;
	for (e = 0; e <= 64 * 7 + 512; e++) {
		if (e >= 512 && (e - 512) % 64 == 0)
			memcpy(b->fold[(e - 512) / 64], p, 8 * sizeof(*p));
		if (e >= b->deg && (e - b->deg) % 64 == 0 &&
		    (e - b->deg) / 64 < 8)
			memcpy(b->fin[(e - b->deg) / 64], p, 8 * sizeof(*p));
		limbs_mulx(p, nl, g, b->deg);
	}
	b->cq = q;
#else
	(void)reg;
	(void)nl;
	(void)g;
	(void)p;
	(void)k;
	(void)e;
#endif
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* The folding rounds for @q constant limbs; inlined per constant. */
static inline __attribute__((always_inline, target("pclmul,ssse3"))) void
clmul_rounds(const uint64_t (*fold)[8], const uint8_t *data, size_t len,
	     __m128i *a, unsigned int q)
{
	const __m128i rev = _mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6,
					  5, 4, 3, 2, 1, 0);
	__m128i c[8][7] = { { { 0 } } };
	unsigned int i, j;
	size_t p;

#pragma GCC unroll 8
	for (i = 0; i < 8; i++)
#pragma GCC unroll 7
		for (j = 0; j < q; j++)
			c[i][j] = _mm_loadl_epi64((const __m128i *)&fold[i][j]);
	for (p = 64; p < len; p += 64) {
		__m128i n[4];

#pragma GCC unroll 4
		for (j = 0; j < 4; j++)
			n[j] = _mm_shuffle_epi8(_mm_loadu_si128(
				(const __m128i *)(data + p + 48 - 16 * j)), rev);
#pragma GCC unroll 8
		for (i = 0; i < 8; i++) {
#pragma GCC unroll 7
			for (j = 0; j < q; j++) {
				__m128i pr = i & 1 ?
					_mm_clmulepi64_si128(a[i / 2], c[i][j], 0x01) :
					_mm_clmulepi64_si128(a[i / 2], c[i][j], 0x00);

				if (!(j & 1)) {
					n[j / 2] = _mm_xor_si128(n[j / 2], pr);
				} else {
					n[j / 2] = _mm_xor_si128(n[j / 2],
						_mm_slli_si128(pr, 8));
					n[j / 2 + 1] = _mm_xor_si128(
						n[j / 2 + 1],
						_mm_srli_si128(pr, 8));
				}
			}
		}
#pragma GCC unroll 4
		for (j = 0; j < 4; j++)
			a[j] = n[j];
	}
}

__attribute__((target("pclmul,ssse3")))
static void rem_clmul(const struct mm_bch *b, const uint8_t *data, size_t len,
		      uint64_t *reg)
{
	const __m128i rev = _mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6,
					  5, 4, 3, 2, 1, 0);
	unsigned int q = b->cq, i, j, nw = b->nw, deg = b->deg;
	uint64_t lim[9], s[10] = { 0 }, hi;
	__m128i a[4];

	for (j = 0; j < 4; j++)
		a[j] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)
					(data + 48 - 16 * j)), rev);
	switch (q) {
	case 1:
		clmul_rounds(b->fold, data, len, a, 1);
		break;
	case 2:
		clmul_rounds(b->fold, data, len, a, 2);
		break;
	case 3:
		clmul_rounds(b->fold, data, len, a, 3);
		break;
	case 4:
		clmul_rounds(b->fold, data, len, a, 4);
		break;
	default:
		clmul_rounds(b->fold, data, len, a, q);
		break;
	}
	/* S = A·x^deg mod g up to deg + 64 bits */
	for (j = 0; j < 4; j++)
		_mm_storeu_si128((__m128i *)&lim[2 * j], a[j]);
	for (i = 0; i < 8; i++)
		for (j = 0; j < q; j++) {
			__m128i pr = _mm_clmulepi64_si128(
				_mm_set_epi64x(0, (long long)lim[i]),
				_mm_set_epi64x(0, (long long)b->fin[i][j]), 0x00);
			uint64_t lo2[2];

			_mm_storeu_si128((__m128i *)lo2, pr);
			s[j] ^= lo2[0];
			s[j + 1] ^= lo2[1];
		}
	/* top 64 bits through the tables, the rest left-aligned */
	hi = s[deg / 64] >> (deg % 64);
	if (deg % 64)
		hi |= s[deg / 64 + 1] << (64 - deg % 64);
	if (deg % 64)
		s[deg / 64] &= (1ull << (deg % 64)) - 1;
	else
		s[deg / 64] = 0;
	s[deg / 64 + 1] = 0;
	{
		unsigned int sh = 64 * nw - deg, k;
		const uint64_t *tab = b->tab;

		/* reg word w (0 = top) holds limbs nw-1-w shifted up by sh */
		for (i = 0; i < nw; i++) {
			unsigned int l = nw - 1 - i;

			reg[i] = s[l] << sh;
			if (sh && l)
				reg[i] |= s[l - 1] >> (64 - sh);
		}
		for (k = 0; k < 8; k++) {
			const uint64_t *e = tab + ((size_t)(8 + k) * 256 +
					    ((hi >> (56 - 8 * k)) & 0xff)) * nw;

			for (i = 0; i < nw; i++)
				reg[i] ^= e[i];
		}
	}
}
#endif

struct mm_bch *mm_bch_new(unsigned int m, unsigned int t,
			  unsigned int prim_poly, size_t max_len)
{
	struct mm_bch *b;
	uint64_t *g = NULL;
	int ret = -EINVAL;

	if (m < 5 || m > 15 || t < 1 || t > BCH_T_MAX || m * t >= (1u << m)) {
		errno = EINVAL;
		return NULL;
	}
	if (!prim_poly)
		prim_poly = default_poly[m];
	if (prim_poly >> m != 1) {
		errno = EINVAL;
		return NULL;
	}
	b = calloc(1, sizeof(*b));
	if (!b) {
		errno = ENOMEM;
		return NULL;
	}
	b->m = m;
	b->t = t;
	b->n = (1u << m) - 1;
	b->max_len = max_len;
	ret = build_field(b, prim_poly);
	if (ret)
		goto out_free;
	ret = build_generator(b, &g);
	if (ret)
		goto out_free;
	ret = -EINVAL;
	if (8 * max_len + b->deg > b->n)
		goto out_free;
	ret = build_tables(b, g);
	if (ret)
		goto out_free;
	ret = build_syn(b);
	if (ret)
		goto out_free;
	ret = build_spos(b);
	if (ret)
		goto out_free;
	setup_clmul(b, g);
	free(g);
	return b;
out_free:
	free(g);
	mm_bch_free(b);
	errno = -ret;
	return NULL;
}

void mm_bch_free(struct mm_bch *b)
{
	if (!b)
		return;
	free(b->exp);
	free(b->log);
	free(b->qsol);
	free(b->csol);
	free(b->syn);
	free(b->spos);
	free(b->tab);
	free(b);
}

unsigned int mm_bch_ecc_bits(const struct mm_bch *b)
{
	return b->deg;
}

unsigned int mm_bch_ecc_bytes(const struct mm_bch *b)
{
	return b->ecc_bytes;
}

static inline uint64_t load_be64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

#define TAB(k, v)	(tab + ((size_t)(k) * 256 + (v)) * nw)

/*
 * The remainder loop for a register of @nw words; inlined per constant.
 * 16 bytes a round: the top word XOR the first 8 message bytes and the
 * second word (0 when nw = 1) XOR the next 8 select 16 table entries; the
 * remaining words move up two places.
 */
static inline __attribute__((always_inline)) void
rem_loop(const uint64_t *tab, unsigned int nw,
			    const uint8_t *data, size_t len, uint64_t *reg)
{
	unsigned int i, k;
	size_t p = 0;

	for (; p + 16 <= len; p += 16) {
		uint64_t h = reg[0] ^ load_be64(data + p);
		uint64_t l = (nw > 1 ? reg[1] : 0) ^ load_be64(data + p + 8);
		const uint64_t *e[16];

#pragma GCC unroll 16
		for (k = 0; k < 8; k++) {
			e[k] = TAB(k, (h >> (56 - 8 * k)) & 0xff);
			e[8 + k] = TAB(8 + k, (l >> (56 - 8 * k)) & 0xff);
		}
#pragma GCC unroll 8
		for (i = 0; i < nw; i++) {
			uint64_t v = i + 2 < nw ? reg[i + 2] : 0;

#pragma GCC unroll 16
			for (k = 0; k < 16; k++)
				v ^= e[k][i];
			reg[i] = v;
		}
	}
	for (; p + 8 <= len; p += 8) {
		uint64_t h = reg[0] ^ load_be64(data + p);
		const uint64_t *e[8];

#pragma GCC unroll 8
		for (k = 0; k < 8; k++)
			e[k] = TAB(8 + k, (h >> (56 - 8 * k)) & 0xff);
#pragma GCC unroll 8
		for (i = 0; i < nw; i++) {
			uint64_t v = i + 1 < nw ? reg[i + 1] : 0;

#pragma GCC unroll 8
			for (k = 0; k < 8; k++)
				v ^= e[k][i];
			reg[i] = v;
		}
	}
	for (; p < len; p++) {
		const uint64_t *e = TAB(15, (reg[0] >> 56) ^ data[p]);

		for (i = 0; i < nw; i++)
			reg[i] = (reg[i] << 8 |
				  (i + 1 < nw ? reg[i + 1] >> 56 : 0)) ^ e[i];
	}
}

#undef TAB

void mm_bch_encode(const struct mm_bch *b, const uint8_t *data, size_t len,
		   uint8_t *ecc)
{
	uint64_t reg[(BCH_T_MAX * 15 + 63) / 64] = { 0 };
	unsigned int i;

#if defined(__x86_64__) && defined(__GNUC__)
	if (b->cq && len >= 128 && !(len % 64)) {
		rem_clmul(b, data, len, reg);
		goto out;
	}
#endif
	switch (b->nw) {
	case 1:
		rem_loop(b->tab, 1, data, len, reg);
		break;
	case 2:
		rem_loop(b->tab, 2, data, len, reg);
		break;
	case 3:
		rem_loop(b->tab, 3, data, len, reg);
		break;
	case 4:
		rem_loop(b->tab, 4, data, len, reg);
		break;
	default:
		rem_loop(b->tab, b->nw, data, len, reg);
		break;
	}
#if defined(__x86_64__) && defined(__GNUC__)
out:
#endif
	for (i = 0; i < b->ecc_bytes; i++)
		ecc[i] = (uint8_t)(reg[i / 8] >> (56 - 8 * (i % 8)));
}

/*
 * Syndromes S_1..S_2t (s[j - 1]) of the remainder difference @diff. The
 * diff is R'(x) = R(x)·x^pad (the unused low bits of the last byte are pad
 * coefficients); byte k holds the coefficients of x^(8(nb-1-k)) and up, so
 * S_j = sum over the bytes of syn[j][byte]·alpha^(j·(8(nb-1-k) - pad)),
 * where syn[j][v] (kept as a logarithm) is the sum of the bits i of v times
 * alpha^(j·i), and the exponents are in spos: one addition and one lookup
 * per byte and odd syndrome, no branch (a zero byte has the zero log).
 * Every term is independent: no chain through the bytes.
 */
static bool syndromes(const struct mm_bch *b, const uint8_t *diff,
		      unsigned int *s)
{
	unsigned int i, j, nb = b->ecc_bytes;
	unsigned int pad = 8 * nb - b->deg, any = 0;
	uint8_t v[8 * ((BCH_T_MAX * 15 + 63) / 64)];

	memcpy(v, diff, nb);
	v[nb - 1] &= (uint8_t)(0xff << pad);
	for (i = 0; i < nb; i++)
		any |= v[i];
	if (!any)
		return false;
	for (j = 0; j < b->t; j++) {
		const uint16_t *syn = b->syn + (size_t)j * 256;
		const uint16_t *pos = b->spos + (size_t)j * nb;
		unsigned int acc = 0;

		for (i = 0; i < nb; i++)
			acc ^= b->exp[syn[v[i]] + pos[i]];
		s[2 * j] = acc;
	}
	for (j = 2; j <= 2 * b->t; j += 2)
		s[j - 1] = gf_sqr(b, s[j / 2 - 1]);
	return true;
}

/*
 * Berlekamp-Massey: the error locator in @lam; returns its degree or -1.
 * Binary codes (S_2j = S_j^2) have a zero discrepancy at every other step,
 * so only the steps on odd syndromes are computed.
 */
static int berlekamp_massey(const struct mm_bch *b, const unsigned int *s,
			    unsigned int *lam)
{
	unsigned int bp[BCH_T_MAX + 2], tmp[BCH_T_MAX + 2];
	uint16_t ls[2 * BCH_T_MAX];
	unsigned int L = 0, LB = 0, k, i, shift = 1, bd = 1, t2 = 2 * b->t;

	memset(lam, 0, (b->t + 2) * sizeof(*lam));
	memset(bp, 0, (b->t + 2) * sizeof(*bp));
	lam[0] = 1;
	bp[0] = 1;
	for (k = 0; k < t2; k++)
		ls[k] = b->log[s[k]];
	for (k = 0; k < t2; k += 2) {
		unsigned int d = s[k], lcoef;

		for (i = 1; i <= L; i++)
			d ^= b->exp[b->log[lam[i]] + ls[k - i]];
		if (!d) {
			shift += 2;
			continue;
		}
		/* coef = d / bd, kept as its log */
		lcoef = b->log[d] + b->n - b->log[bd];
		if (lcoef >= b->n)
			lcoef -= b->n;
		if (2 * L <= k) {
			unsigned int newL = k + 1 - L;

			if (newL > b->t || LB + shift > b->t)
				return -1;
			memcpy(tmp, lam, (L + 1) * sizeof(*tmp));
			for (i = 0; i <= LB; i++)
				lam[i + shift] ^= b->exp[lcoef + b->log[bp[i]]];
			memcpy(bp, tmp, (L + 1) * sizeof(*tmp));
			LB = L;
			L = newL;
			bd = d;
			shift = 2;
		} else {
			if (LB + shift > b->t)
				return -1;
			for (i = 0; i <= LB; i++)
				lam[i + shift] ^= b->exp[lcoef + b->log[bp[i]]];
			shift += 2;
		}
	}
	if (!lam[L])
		return -1;
	for (i = L + 1; i <= b->t; i++)
		if (lam[i])
			return -1;
	return (int)L;
}

/*
 * @a (degree @da) mod @f (degree @df, any leading coefficient), in place;
 * the new degree. The divisor's logarithms are taken divided by its
 * leading coefficient once, so the gcd needs no monic step per division.
 */
static int poly_mod(const struct mm_bch *b, unsigned int *a, int da,
		    const unsigned int *f, int df)
{
	uint16_t lf[POLY_MAX];
	unsigned int n = b->n, ll;
	int k, l;

	if (da < df) {
		while (da >= 0 && !a[da])
			da--;
		return da;
	}
	ll = n - b->log[f[df]];
	for (l = 0; l < df; l++) {
		unsigned int v = b->log[f[l]] + ll;

		lf[l] = f[l] ? (v >= n ? v - n : v) : 2 * n;
	}
	for (k = da; k >= df; k--) {
		unsigned int c = a[k], lc;
		unsigned int *base = a + k - df;

		if (!c)
			continue;
		lc = b->log[c];
		a[k] = 0;
		for (l = 0; l < df; l++)
			base[l] ^= b->exp[lc + lf[l]];
	}
	k = df - 1;
	while (k >= 0 && !a[k])
		k--;
	return k;
}

static void poly_monic(const struct mm_bch *b, unsigned int *a, int da)
{
	unsigned int linv;
	int i;

	if (a[da] == 1)
		return;
	linv = b->n - b->log[a[da]];
	for (i = 0; i < da; i++)
		a[i] = b->exp[b->log[a[i]] + linv];
	a[da] = 1;
}


/*
 * The Frobenius table of a monic F (the locator): the logarithms of the
 * coefficients of x^(2^i) mod F, i < m (2n for 0). Since the roots of
 * every factor f of F are roots of F, Tr(beta·x) mod f is
 * (sum of beta^(2^i) · (x^(2^i) mod F)) mod f: one table of m - 1
 * squarings serves every beta tried and every factor met while splitting,
 * each at the price of m·deg(F) lookups and a reduction.
 */
struct frob {
	const unsigned int *F;
	int dF;			/* 0: not built yet */
	uint16_t lx[M_MAX][BCH_T_MAX];
};

static void frob_build(const struct mm_bch *b, struct frob *fr, int dF)
{
	uint16_t rl[BCH_T_MAX - 1][BCH_T_MAX], lf[BCH_T_MAX];
	unsigned int sq[BCH_T_MAX], x[BCH_T_MAX + 1];
	const unsigned int *f = fr->F;
	unsigned int i, n = b->n;
	int k, l;

	/* rl[k]: x^(dF + k) mod F, k <= dF - 2, as logs */
	memcpy(x, f, dF * sizeof(*x));
	for (l = 0; l < dF; l++)
		lf[l] = b->log[f[l]];
	for (k = 0; k <= dF - 2; k++) {
		unsigned int top;

		for (l = 0; l < dF; l++)
			rl[k][l] = b->log[x[l]];
		top = x[dF - 1];
		for (l = dF - 1; l > 0; l--)
			x[l] = x[l - 1];
		x[0] = 0;
		if (top) {
			unsigned int lt = b->log[top];

			for (l = 0; l < dF; l++)
				x[l] ^= b->exp[lt + lf[l]];
		}
	}
	/*
	 * Row i from row i - 1, in logarithms: the square of sum(u_k·x^k) is
	 * sum(u_k^2·x^(2k)), log u_k^2 = 2·log u_k mod n (the zero log 2n is
	 * kept), and the x^(2k) at or above dF come from rl.
	 */
	for (l = 0; l < dF; l++)
		fr->lx[0][l] = l == 1 ? 0 : (uint16_t)(2 * n);
	for (i = 1; i < b->m; i++) {
		const uint16_t *prev = fr->lx[i - 1];

		memset(sq, 0, dF * sizeof(*sq));
		for (k = 0; 2 * k < dF; k++)
			sq[2 * k] = b->exp[dbl_log(b, prev[k])];
		for (; k < dF; k++) {
			const uint16_t *r = rl[2 * k - dF];
			unsigned int lu = prev[k];

			if (lu >= n)
				continue;
			lu = dbl_log(b, lu);
			for (l = 0; l < dF; l++)
				sq[l] ^= b->exp[lu + r[l]];
		}
		for (l = 0; l < dF; l++)
			fr->lx[i][l] = b->log[sq[l]];
	}
	fr->dF = dF;
}

/* Tr(alpha^beta_log · x) mod @f (a factor of fr->F); returns the degree. */
static int trace_mod(const struct mm_bch *b, struct frob *fr,
		     unsigned int beta_log, const unsigned int *f, int df,
		     unsigned int *tr)
{
	unsigned int lb[M_MAX], i, n = b->n, c;
	int l, dF = fr->dF;

	for (i = 0; i < b->m; i++) {
		lb[i] = beta_log;
		beta_log = 2 * beta_log >= n ? 2 * beta_log - n : 2 * beta_log;
	}
	for (l = 0; l < dF; l++) {
		c = 0;
		for (i = 0; i < b->m; i++)
			c ^= b->exp[lb[i] + fr->lx[i][l]];
		tr[l] = c;
	}
	return poly_mod(b, tr, dF - 1, f, df);
}

/* Monic gcd of @a and @c (both modified); returns it in @a, its degree. */
static int poly_gcd(const struct mm_bch *b, unsigned int *a, int da,
		    unsigned int *c, int dc)
{
	unsigned int *x = a, *y = c, *sw;
	int dx = da, dy = dc, ds;

	while (dy >= 0) {
		dx = poly_mod(b, x, dx, y, dy);
		sw = x;
		x = y;
		y = sw;
		ds = dx;
		dx = dy;
		dy = ds;
	}
	poly_monic(b, x, dx);
	if (x != a)
		memcpy(a, x, sizeof(*a) * (dx + 1));
	return dx;
}

/* @f / @g exactly (both monic) into @q; returns deg @q. */
static int poly_div(const struct mm_bch *b, const unsigned int *f, int df,
		    const unsigned int *g, int dg, unsigned int *q)
{
	unsigned int r[POLY_MAX];
	uint16_t lg[POLY_MAX];
	int k, l;

	for (l = 0; l < dg; l++)
		lg[l] = b->log[g[l]];
	memcpy(r, f, sizeof(*r) * (df + 1));
	for (k = df; k >= dg; k--) {
		unsigned int c = r[k], lc;

		q[k - dg] = c;
		if (!c)
			continue;
		lc = b->log[c];
		for (l = 0; l < dg; l++)
			r[k - dg + l] ^= b->exp[lc + lg[l]];
	}
	return df - dg;
}

/*
 * The two roots of x^2 + a·x + c (a != 0): x = a·y with y^2 + y = c/a^2,
 * from the table. False when there are none (a = 0 would be a double root).
 */
static inline bool quad_roots(const struct mm_bch *b, unsigned int a,
			      unsigned int c, unsigned int *r)
{
	unsigned int y;

	if (!a)
		return false;
	y = b->qsol[gf_div(b, c, gf_sqr(b, a))];
	if (y == 1)
		return false;
	r[0] = gf_mul(b, a, y);
	r[1] = r[0] ^ a;
	return true;
}

/*
 * One root of y^3 + p·y + q (q != 0) or NOROOT. p != 0: with s^2 = p and
 * y = s·z the equation becomes s^3·(z^3 + z) = q, so z is in the table at
 * q / s^3. p = 0: a cube root, by the logarithm: for odd m, 3 is
 * invertible mod n and every q has one; for even m, 3 divides n and only
 * the q with 3 | log q have roots (three; any one serves).
 */
static inline unsigned int cubic_root(const struct mm_bch *b, unsigned int p,
				      unsigned int q)
{
	unsigned int s, z, lq;

	if (!p) {
		lq = b->log[q];
		if (b->n % 3)
			return b->exp[(unsigned int)((uint64_t)lq *
					((2 * b->n + 1) / 3) % b->n)];
		return lq % 3 ? NOROOT : b->exp[lq / 3];
	}
	s = gf_sqrt(b, p);
	z = b->csol[gf_div(b, q, gf_mul(b, p, s))];
	return z == NOROOT ? NOROOT : gf_mul(b, s, z);
}

/*
 * The closed forms for degree 3 and 4: true with the roots stored when @f
 * is a product of distinct linear factors, false when it is not. Table
 * lookups and a few field operations; no search, no linear algebra.
 *
 * Cubic x^3 + a·x^2 + b·x + c: x = y + a removes the square term,
 * y^3 + p·y + q with p = a^2 + b, q = a·b + c; one root y0 from
 * cubic_root(), and (y + y0)(y^2 + y0·y + y0^2 + p) leaves a quadratic.
 */
static bool roots_cubic(const struct mm_bch *b, const unsigned int *f,
			unsigned int *roots)
{
	unsigned int a = f[2], p, q, y0, r[2];

	p = gf_sqr(b, a) ^ f[1];
	q = gf_mul(b, a, f[1]) ^ f[0];
	if (!q)
		return false;	/* y = 0 and the double root sqrt(p) */
	y0 = cubic_root(b, p, q);
	if (y0 == NOROOT)
		return false;
	/* y0 != 0 as q != 0; a root of the quadratic equal to y0 needs q = 0 */
	if (!quad_roots(b, y0, gf_sqr(b, y0) ^ p, r))
		return false;
	roots[0] = y0 ^ a;
	roots[1] = r[0] ^ a;
	roots[2] = r[1] ^ a;
	return true;
}

/*
 * Quartic x^4 + a·x^3 + b·x^2 + c·x + d (d != 0). With a != 0 the shift
 * x = y + e, e^2 = c/a, removes the linear term and the reversal z = 1/y
 * the cubic one (the kernel's lib/bch.c makes the same reduction before an
 * elimination; here no elimination follows). Then z^4 + A·z^2 + B·z + C =
 * (z^2 + u·z + v)(z^2 + u·z + w) with u^2 + v + w = A, u·(v + w) = B and
 * v·w = C, so u is a root of the resolvent u^3 + A·u + B (any of its
 * roots serves when the quartic splits), v and w the roots of
 * X^2 + (B/u)·X + C, and two more quadratics finish.
 */
static bool roots_quartic(const struct mm_bch *b, const unsigned int *f,
			  unsigned int *roots)
{
	unsigned int A = f[2], B = f[1], C = f[0], e = 0, u, vw[2], r[4], i;
	bool rev = false;

	if (f[3]) {
		unsigned int a = f[3], d2, e2;

		e = gf_sqrt(b, gf_div(b, f[1], a));
		e2 = gf_sqr(b, e);
		/* f(e) */
		d2 = gf_sqr(b, e2) ^ gf_mul(b, a, gf_mul(b, e2, e)) ^
		     gf_mul(b, f[2], e2) ^ gf_mul(b, f[1], e) ^ f[0];
		/*
		 * e a root, say r4: e^2 = c/a is r4^2·(r1 + r2 + r3 + r4) =
		 * sigma_3, which reduces to (r4 + r1)(r4 + r2)(r4 + r3) = 0,
		 * a repeated root.
		 */
		if (!d2)
			return false;
		/* y^4 + a·y^3 + (a·e + b)·y^2 + d2, reversed and made monic */
		A = gf_div(b, gf_mul(b, a, e) ^ f[2], d2);
		B = gf_div(b, a, d2);
		C = gf_div(b, 1, d2);
		rev = true;
	}
	if (!B)
		return false;	/* (z^2 + sqrt(A)·z + sqrt(C))^2 */
	u = cubic_root(b, A, B);
	if (u == NOROOT)
		return false;
	/*
	 * u != 0 as B != 0, so each quadratic has distinct roots; the two
	 * share none since v != w (v + w = B/u), and none is 0 (C != 0).
	 */
	if (!quad_roots(b, gf_div(b, B, u), C, vw) ||
	    !quad_roots(b, u, vw[0], r) || !quad_roots(b, u, vw[1], r + 2))
		return false;
	for (i = 0; i < 4; i++)
		roots[i] = rev ? gf_div(b, 1, r[i]) ^ e : r[i];
	return true;
}

int mm_bch_small_roots(const struct mm_bch *b, const unsigned int *f, int df,
		       unsigned int *roots)
{
	bool ok;

	if (df < 1 || df > 4 || !f[0])
		return -1;
	if (df == 1) {
		roots[0] = f[0];
		return 1;
	}
	ok = df == 2 ? quad_roots(b, f[1], f[0], roots) :
	     df == 3 ? roots_cubic(b, f, roots) : roots_quartic(b, f, roots);
	return ok ? df : -1;
}

/*
 * Roots of the monic @f of degree @df, assumed to split into distinct
 * linear factors; appended to @roots. False when it does not split.
 */
static bool find_roots(const struct mm_bch *b, struct frob *fr,
		       const unsigned int *f, int df, unsigned int beta_log,
		       unsigned int *roots, unsigned int *nroots)
{
	unsigned int tr[POLY_MAX], g[POLY_MAX], q[POLY_MAX], fc[POLY_MAX];
	int dt, dg;

	if (df == 1) {
		roots[(*nroots)++] = f[0];
		return f[0] != 0;
	}
	if (df == 2) {
		if (!f[0] || !quad_roots(b, f[1], f[0], roots + *nroots))
			return false;
		*nroots += 2;
		return true;
	}
	if (df <= 4) {
		if (!f[0])
			return false;	/* root 0: no error location */
		if (!(df == 3 ? roots_cubic(b, f, roots + *nroots) :
				roots_quartic(b, f, roots + *nroots)))
			return false;
		*nroots += (unsigned int)df;
		return true;
	}
	if (!fr->dF)
		frob_build(b, fr, df);	/* f is F itself here */
	for (; beta_log < b->m; beta_log++) {
		memcpy(fc, f, sizeof(*f) * (df + 1));
		dt = trace_mod(b, fr, beta_log, f, df, tr);
		if (dt <= 0)
			continue;
		dg = poly_gcd(b, fc, df, tr, dt);
		if (dg <= 0 || dg >= df)
			continue;
		memcpy(g, fc, sizeof(*g) * (dg + 1));
		poly_div(b, f, df, g, dg, q);
		return find_roots(b, fr, g, dg, beta_log + 1, roots, nroots) &&
		       find_roots(b, fr, q, df - dg, beta_log + 1, roots,
				  nroots);
	}
	return false;
}

int mm_bch_decode(const struct mm_bch *b, size_t len, const uint8_t *diff,
		  unsigned int *errloc)
{
	unsigned int s[2 * BCH_T_MAX], lam[BCH_T_MAX + 2], rev[BCH_T_MAX + 2];
	unsigned int roots[BCH_T_MAX], nroots = 0, i, ncode;
	struct frob fr;
	int L, k;

	if (!syndromes(b, diff, s))
		return 0;
	L = berlekamp_massey(b, s, lam);
	if (L <= 0)
		return -EBADMSG;
	/* The roots of the reversed locator are the error locations X_k. */
	for (k = 0; k <= L; k++)
		rev[L - k] = lam[k];
	fr.F = rev;
	fr.dF = 0;
	if (!find_roots(b, &fr, rev, L, 0, roots, &nroots) ||
	    nroots != (unsigned int)L)
		return -EBADMSG;
	ncode = 8 * (unsigned int)len + b->deg;
	for (i = 0; i < nroots; i++) {
		unsigned int pos;

		if (!roots[i])
			return -EBADMSG;
		pos = b->log[roots[i]];
		if (pos >= ncode)
			return -EBADMSG;
		errloc[i] = ncode - 1 - pos;
	}
	return L;
}
