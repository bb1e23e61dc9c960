// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rs.c - Reed-Solomon codes over GF(2^m) (see rs.h).
 *
 * GF arithmetic by log/antilog tables (the antilog table doubled, so a
 * product is one lookup without a modulo). Encoding is the usual division
 * register; decoding computes the nsym syndromes by Horner's rule, the
 * error locator by Berlekamp-Massey, its roots by trying every position of
 * the (possibly shortened) codeword, and the error values by Forney's
 * formula. A locator whose degree exceeds nsym / 2, or that does not have
 * as many roots inside the codeword as its degree, or an error value of 0,
 * means more errors than the code corrects: -EBADMSG, nothing changed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "rs.h"

#define RS_MAX_M	12
#define RS_MAX_NSYM	64

struct mm_rs {
	unsigned int m;
	unsigned int q1;	/* 2^m - 1, the multiplicative order */
	unsigned int nsym;
	unsigned int fcr;
	uint16_t *exp;		/* 2·q1 entries */
	uint16_t *log;		/* 2^m entries; log[0] unused */
	uint16_t gen[RS_MAX_NSYM + 1];	/* g(x), highest coefficient first */
	int genlog[RS_MAX_NSYM + 1];	/* log of each, -1 for 0 */
	uint16_t *fb;		/* 2^m rows of nsym: v·g[1..nsym] for each v */
};

static inline uint16_t gmul(const struct mm_rs *rs, uint16_t a, uint16_t b)
{
	if (!a || !b)
		return 0;
	return rs->exp[rs->log[a] + rs->log[b]];
}

static inline uint16_t gdiv(const struct mm_rs *rs, uint16_t a, uint16_t b)
{
	if (!a)
		return 0;
	return rs->exp[rs->log[a] + rs->q1 - rs->log[b]];
}

/* a^e for any integer e */
static inline uint16_t gpow(const struct mm_rs *rs, long e)
{
	e %= (long)rs->q1;
	if (e < 0)
		e += rs->q1;
	return rs->exp[e];
}

struct mm_rs *mm_rs_new(unsigned int m, unsigned int nsym,
			unsigned int prim_poly, unsigned int fcr)
{
	struct mm_rs *rs;
	unsigned int i, j, x, q;

	if (m < 3 || m > RS_MAX_M || nsym < 2 || nsym > RS_MAX_NSYM ||
	    nsym >= (1u << m) - 1 || (prim_poly >> m) != 1) {
		errno = EINVAL;
		return NULL;
	}
	rs = calloc(1, sizeof(*rs));
	if (!rs)
		return NULL;
	q = 1u << m;
	rs->m = m;
	rs->q1 = q - 1;
	rs->nsym = nsym;
	rs->fcr = fcr;
	rs->exp = calloc(2 * (size_t)rs->q1, sizeof(*rs->exp));
	rs->log = calloc(q, sizeof(*rs->log));
	if (!rs->exp || !rs->log)
		goto out_free;
	/* a = x generates every nonzero element iff the polynomial is primitive */
	for (i = 0, x = 1; i < rs->q1; i++) {
		if (i && x == 1)
			goto out_inval;
		rs->exp[i] = (uint16_t)x;
		rs->log[x] = (uint16_t)i;
		x <<= 1;
		if (x & q)
			x ^= prim_poly;
	}
	if (x != 1)
		goto out_inval;
	for (i = 0; i < rs->q1; i++)
		rs->exp[rs->q1 + i] = rs->exp[i];

	/* g(x) = prod (x - a^(fcr+i)), highest coefficient first */
	rs->gen[0] = 1;
	for (i = 0; i < nsym; i++) {
		uint16_t root = gpow(rs, (long)fcr + i);

		rs->gen[i + 1] = 0;
		for (j = i + 1; j > 0; j--)
			rs->gen[j] ^= gmul(rs, rs->gen[j - 1], root);
	}
	for (i = 0; i <= nsym; i++)
		rs->genlog[i] = rs->gen[i] ? rs->log[rs->gen[i]] : -1;
	/* the division register's feedback, one row per symbol value */
	rs->fb = calloc((size_t)q * nsym, sizeof(*rs->fb));
	if (!rs->fb)
		goto out_free;
	for (x = 1; x < q; x++)
		for (j = 0; j < nsym; j++)
			rs->fb[(size_t)x * nsym + j] = gmul(rs, (uint16_t)x,
							    rs->gen[j + 1]);
	return rs;

out_inval:
	mm_rs_free(rs);
	errno = EINVAL;
	return NULL;
out_free:
	mm_rs_free(rs);
	errno = ENOMEM;
	return NULL;
}

void mm_rs_free(struct mm_rs *rs)
{
	if (!rs)
		return;
	free(rs->exp);
	free(rs->log);
	free(rs->fb);
	free(rs);
}

unsigned int mm_rs_nsym(const struct mm_rs *rs)
{
	return rs->nsym;
}

void mm_rs_encode(const struct mm_rs *rs, const uint16_t *msg, size_t k,
		  uint16_t *par)
{
	unsigned int n = rs->nsym, j;
	size_t i;

	memset(par, 0, n * sizeof(*par));
	for (i = 0; i < k; i++) {
		const uint16_t *row = rs->fb + (size_t)(msg[i] ^ par[0]) * n;

		for (j = 0; j + 1 < n; j++)
			par[j] = par[j + 1] ^ row[j];
		par[n - 1] = row[n - 1];
	}
}

/* @p (degree @deg, lowest coefficient first) at @x */
static uint16_t peval(const struct mm_rs *rs, const uint16_t *p,
		      unsigned int deg, uint16_t x)
{
	uint16_t v = 0;
	unsigned int i;

	for (i = deg + 1; i-- > 0;)
		v = gmul(rs, v, x) ^ p[i];
	return v;
}

int mm_rs_decode(const struct mm_rs *rs, uint16_t *cw, size_t n,
		 unsigned int *pos)
{
	uint16_t syn[RS_MAX_NSYM], lam[RS_MAX_NSYM + 1], b[RS_MAX_NSYM + 1];
	uint16_t t_[RS_MAX_NSYM + 1], om[RS_MAX_NSYM], val[RS_MAX_NSYM / 2];
	unsigned int where[RS_MAX_NSYM / 2];
	unsigned int ns = rs->nsym, L = 0, mshift = 1, j, r, found = 0;
	uint16_t bd = 1;
	bool clean = true;
	size_t i;

	if (n <= ns || n > rs->q1)
		return -EBADMSG;
	/* syndromes S_j = r(a^(fcr+j)) */
	for (j = 0; j < ns; j++) {
		unsigned int e = (rs->fcr + j) % rs->q1;
		uint16_t s = 0;

		for (i = 0; i < n; i++)
			s = (s ? rs->exp[rs->log[s] + e] : 0) ^ cw[i];
		syn[j] = s;
		clean &= !s;
	}
	if (clean)
		return 0;

	/* Berlekamp-Massey: lam(x), lowest coefficient first */
	memset(lam, 0, sizeof(lam));
	memset(b, 0, sizeof(b));
	lam[0] = 1;
	b[0] = 1;
	for (r = 0; r < ns; r++) {
		uint16_t d = syn[r];

		for (j = 1; j <= L; j++)
			d ^= gmul(rs, lam[j], syn[r - j]);
		if (!d) {
			mshift++;
			continue;
		}
		memcpy(t_, lam, sizeof(t_));
		for (j = 0; j + mshift <= ns; j++)
			lam[j + mshift] ^= gmul(rs, gdiv(rs, d, bd), b[j]);
		if (2 * L <= r) {
			L = r + 1 - L;
			memcpy(b, t_, sizeof(b));
			bd = d;
			mshift = 1;
		} else {
			mshift++;
		}
	}
	if (2 * L > ns)
		return -EBADMSG;
	for (j = L + 1; j <= ns; j++)
		if (lam[j])
			return -EBADMSG;

	/*
	 * Roots: the symbol of degree d is in error iff lam(a^-d) = 0. Chien
	 * search over d = 0 .. n-1 with each term kept as a logarithm,
	 * lt[j] = log(lam_j) - j·d, stepped by -j.
	 */
	{
		int lt[RS_MAX_NSYM / 2 + 1];
		unsigned int d;

		for (j = 1; j <= L; j++)
			lt[j] = lam[j] ? rs->log[lam[j]] : -1;
		for (d = 0; d < n && found <= L; d++) {
			uint16_t v = lam[0];

			for (j = 1; j <= L; j++) {
				if (lt[j] < 0)
					continue;
				v ^= rs->exp[lt[j]];
				lt[j] -= (int)j;
				if (lt[j] < 0)
					lt[j] += (int)rs->q1;
			}
			if (v)
				continue;
			if (found == L)
				return -EBADMSG;
			where[found++] = (unsigned int)(n - 1 - d);
		}
	}
	if (found != L)
		return -EBADMSG;

	/* Forney: e = X^(1-fcr) om(X^-1) / lam'(X^-1), om = S·lam mod x^ns */
	for (j = 0; j < ns; j++) {
		uint16_t v = 0;

		for (r = 0; r <= j && r <= L; r++)
			v ^= gmul(rs, lam[r], syn[j - r]);
		om[j] = v;
	}
	for (j = 0; j < L; j++) {
		long d = (long)(n - 1 - where[j]);
		uint16_t xinv = gpow(rs, -d), num, den = 0;
		unsigned int k;

		num = peval(rs, om, ns - 1, xinv);
		for (k = 1; k <= L; k += 2)	/* lam'(x): the odd terms */
			den ^= gmul(rs, lam[k], gpow(rs, -d * (long)(k - 1)));
		if (!den)
			return -EBADMSG;
		val[j] = gmul(rs, gdiv(rs, num, den),
			      gpow(rs, d * (1 - (long)rs->fcr)));
		if (!val[j])
			return -EBADMSG;
	}
	for (j = 0; j < L; j++) {
		cw[where[j]] ^= val[j];
		if (pos)
			pos[j] = where[j];
	}
	return (int)L;
}
