// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_bch.c - the BCH code: known vectors and random error campaigns.
 *
 * Vectors: the Linux OMAP NAND driver (drivers/mtd/nand/raw/omap2.c) holds
 * two constants computed with the kernel's BCH-8 (m = 13, poly 0x201b):
 * bch8_polynomial = ~BCH(512 × 0xff), the mask its software-BCH mode XORs
 * in (the same mask Linux's software BCH uses), and bch8_vector = the code
 * of 525 bytes of 0xff (an erased step read back with its 13 ECC bytes);
 * likewise bch4_polynomial. The real-dump checks are in check_ecc.c.
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/ecc/bch.h"

static const uint8_t bch8_polynomial[13] = {
	0xef, 0x51, 0x2e, 0x09, 0xed, 0x93, 0x9a, 0xc2, 0x97, 0x79, 0xe5,
	0x24, 0xb5,
};
static const uint8_t bch8_vector[13] = {
	0xf3, 0xdb, 0x14, 0x16, 0x8b, 0xd2, 0xbe, 0xcc, 0xac, 0x6b, 0xff,
	0x99, 0x7b,
};
static const uint8_t bch4_polynomial[7] = {
	0x28, 0x13, 0xcc, 0x39, 0x96, 0xac, 0x7f,
};

START_TEST(test_bch_sizes_follow_the_kernel)
{
	struct mm_bch *b;

	b = mm_bch_new(13, 4, 0, 512);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(mm_bch_ecc_bits(b), 52);
	ck_assert_uint_eq(mm_bch_ecc_bytes(b), 7);
	mm_bch_free(b);
	b = mm_bch_new(13, 8, 0x201b, 512);
	ck_assert_uint_eq(mm_bch_ecc_bytes(b), 13);
	mm_bch_free(b);
	b = mm_bch_new(14, 16, 0, 1024);
	ck_assert_uint_eq(mm_bch_ecc_bits(b), 224);
	ck_assert_uint_eq(mm_bch_ecc_bytes(b), 28);
	mm_bch_free(b);
	/* message too long for the field, not a primitive polynomial */
	ck_assert_ptr_null(mm_bch_new(13, 4, 0, 1024));
	ck_assert_ptr_null(mm_bch_new(13, 4, 0x2001, 512));
}
END_TEST

START_TEST(test_bch_omap_vectors)
{
	uint8_t ff[525], ecc[13];
	struct mm_bch *b;
	unsigned int i;

	memset(ff, 0xff, sizeof(ff));
	b = mm_bch_new(13, 8, 0, 525);
	ck_assert_ptr_nonnull(b);
	mm_bch_encode(b, ff, 512, ecc);
	for (i = 0; i < 13; i++)
		ck_assert_uint_eq((uint8_t)~ecc[i], bch8_polynomial[i]);
	mm_bch_encode(b, ff, 525, ecc);
	ck_assert_mem_eq(ecc, bch8_vector, 13);
	mm_bch_free(b);
	b = mm_bch_new(13, 4, 0, 512);
	mm_bch_encode(b, ff, 512, ecc);
	for (i = 0; i < 7; i++)
		ck_assert_uint_eq((uint8_t)~ecc[i], bch4_polynomial[i]);
	mm_bch_free(b);
}
END_TEST

START_TEST(test_bch_encode_is_linear_and_tail_safe)
{
	uint8_t a[523], c[523], x[523], ea[32], ec[32], ex[32];
	struct mm_bch *b = mm_bch_new(13, 8, 0, 523);
	unsigned int i, len;

	srand(3);
	for (len = 500; len <= 523; len++) {
		for (i = 0; i < len; i++) {
			a[i] = rand();
			c[i] = rand();
			x[i] = a[i] ^ c[i];
		}
		mm_bch_encode(b, a, len, ea);
		mm_bch_encode(b, c, len, ec);
		mm_bch_encode(b, x, len, ex);
		for (i = 0; i < 13; i++)
			ck_assert_uint_eq(ea[i] ^ ec[i], ex[i]);
	}
	mm_bch_free(b);
	/* 52 bits in 7 bytes: the low 4 bits of the last are 0 */
	b = mm_bch_new(13, 4, 0, 512);
	for (len = 0; len < 50; len++) {
		for (i = 0; i < 512; i++)
			a[i] = rand();
		mm_bch_encode(b, a, 512, ea);
		ck_assert_uint_eq(ea[6] & 0x0f, 0);
	}
	mm_bch_free(b);
}
END_TEST

/*
 * @trials codewords of random data; each gets @nerr distinct flips over
 * data and ECC bits, is decoded and compared with the original.
 */
static void campaign(unsigned int m, unsigned int t, unsigned int len,
		     unsigned int trials, unsigned int nerr,
		     unsigned int *ok, unsigned int *failed,
		     unsigned int *wrong)
{
	struct mm_bch *b = mm_bch_new(m, t, 0, len);
	unsigned int nb = mm_bch_ecc_bytes(b), bits = 8 * len +
			  mm_bch_ecc_bits(b), n, i, k;
	uint8_t *d = malloc(len), *orig = malloc(len), ecc[256], rd[256];
	unsigned int loc[128], flips[128];

	ck_assert_ptr_nonnull(b);
	*ok = *failed = *wrong = 0;
	for (n = 0; n < trials; n++) {
		int r;

		for (i = 0; i < len; i++)
			orig[i] = rand();
		memcpy(d, orig, len);
		mm_bch_encode(b, d, len, ecc);
		memcpy(rd, ecc, nb);
		for (k = 0; k < nerr; k++) {
			unsigned int p;
			bool dup;

			do {
				p = rand() % bits;
				dup = false;
				for (i = 0; i < k; i++)
					dup |= flips[i] == p;
			} while (dup);
			flips[k] = p;
			if (p < 8 * len)
				d[p / 8] ^= 0x80 >> (p % 8);
			else
				rd[(p - 8 * len) / 8] ^= 0x80 >> ((p - 8 * len) % 8);
		}
		{
			uint8_t calc[256];

			mm_bch_encode(b, d, len, calc);
			for (i = 0; i < nb; i++)
				calc[i] ^= rd[i];
			r = mm_bch_decode(b, len, calc, loc);
		}
		if (r < 0) {
			(*failed)++;
			continue;
		}
		for (k = 0; k < (unsigned int)r; k++) {
			unsigned int p = loc[k];

			if (p < 8 * len)
				d[p / 8] ^= 0x80 >> (p % 8);
			else
				rd[(p - 8 * len) / 8] ^= 0x80 >> ((p - 8 * len) % 8);
		}
		if (!memcmp(d, orig, len) && !memcmp(rd, ecc, nb) &&
		    (unsigned int)r == nerr)
			(*ok)++;
		else
			(*wrong)++;
	}
	free(d);
	free(orig);
	mm_bch_free(b);
}

START_TEST(test_bch_corrects_up_to_t_flips)
{
	static const struct { unsigned int m, t, len, trials; } c[] = {
		{ 13, 4, 512, 400 }, { 13, 8, 512, 300 },
		{ 14, 16, 1024, 120 }, { 13, 1, 512, 200 },
		{ 13, 24, 512, 40 }, { 14, 40, 1024, 10 },
		/* the strongest controllers: sunxi t = 64, GF(2^15) t = 72 */
		{ 14, 64, 1024, 4 }, { 15, 72, 2048, 3 },
	};
	unsigned int i, e, ok, failed, wrong;

	srand(17);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		for (e = 0; e <= c[i].t; e += e < 4 ? 1 : (c[i].t + 3) / 4) {
			campaign(c[i].m, c[i].t, c[i].len, c[i].trials, e, &ok,
				 &failed, &wrong);
			ck_assert_msg(ok == c[i].trials,
				      "m=%u t=%u with %u flips: %u ok, %u failed, %u wrong",
				      c[i].m, c[i].t, e, ok, failed, wrong);
		}
}
END_TEST

START_TEST(test_bch_exactly_t_flips)
{
	unsigned int ok, failed, wrong;

	srand(19);
	campaign(13, 8, 512, 300, 8, &ok, &failed, &wrong);
	ck_assert_uint_eq(ok, 300);
	campaign(14, 16, 1024, 100, 16, &ok, &failed, &wrong);
	ck_assert_uint_eq(ok, 100);
	campaign(15, 72, 2048, 3, 72, &ok, &failed, &wrong);
	ck_assert_uint_eq(ok, 3);
}
END_TEST

/*
 * t+1 flips: must be reported, except for the rare word that lands within
 * t of another codeword (for t=4 about 0.3% of random syndromes decode).
 */
START_TEST(test_bch_t_plus_1_flips_are_reported)
{
	unsigned int ok, failed, wrong;

	srand(23);
	campaign(13, 4, 512, 2000, 5, &ok, &failed, &wrong);
	ck_assert_uint_eq(ok, 0);
	ck_assert_msg(failed >= 1960, "%u of 2000 reported", failed);
	campaign(13, 8, 512, 500, 9, &ok, &failed, &wrong);
	ck_assert_uint_eq(failed, 500);
}
END_TEST

/*
 * Heavier than t: the decoder either reports the word or returns at most t
 * positions whose flips give a codeword again (a miscorrection lands on
 * another codeword, never on garbage). Covers the Frobenius-table
 * splitting of large locators, its retries when a trace does not split,
 * and the elimination of the degree 3 and 4 leaves, at m = 13, 14, 15 and
 * the strengths the presets use.
 */
static void heavy(unsigned int m, unsigned int t, unsigned int len,
		  unsigned int trials, unsigned int nerr)
{
	struct mm_bch *b = mm_bch_new(m, t, 0, len);
	unsigned int nb, bits, n, i, k, loc[128], flips[160];
	uint8_t *d = malloc(len), calc[256], rd[256];

	ck_assert_ptr_nonnull(b);
	nb = mm_bch_ecc_bytes(b);
	bits = 8 * len + mm_bch_ecc_bits(b);
	for (n = 0; n < trials; n++) {
		int r;

		/* the code is linear: the zero word with nerr flips will do */
		memset(d, 0, len);
		memset(rd, 0, nb);
		for (k = 0; k < nerr; k++) {
			unsigned int p;
			bool dup;

			do {
				p = rand() % bits;
				dup = false;
				for (i = 0; i < k; i++)
					dup |= flips[i] == p;
			} while (dup);
			flips[k] = p;
			if (p < 8 * len)
				d[p / 8] ^= 0x80 >> (p % 8);
			else
				rd[(p - 8 * len) / 8] ^= 0x80 >> ((p - 8 * len) % 8);
		}
		mm_bch_encode(b, d, len, calc);
		for (i = 0; i < nb; i++)
			calc[i] ^= rd[i];
		r = mm_bch_decode(b, len, calc, loc);
		if (r == -EBADMSG)
			continue;
		ck_assert_msg(r > 0 && (unsigned int)r <= t,
			      "m=%u t=%u %u flips: %d", m, t, nerr, r);
		for (k = 0; k < (unsigned int)r; k++) {
			unsigned int p = loc[k];

			ck_assert_uint_lt(p, bits);
			for (i = 0; i < k; i++)
				ck_assert_uint_ne(loc[i], p);
			if (p < 8 * len)
				d[p / 8] ^= 0x80 >> (p % 8);
			else
				rd[(p - 8 * len) / 8] ^= 0x80 >> ((p - 8 * len) % 8);
		}
		mm_bch_encode(b, d, len, calc);
		calc[nb - 1] ^= rd[nb - 1];
		calc[nb - 1] &= (uint8_t)(0xff << (8 * nb - mm_bch_ecc_bits(b)));
		ck_assert_msg(!memcmp(calc, rd, nb - 1) && !calc[nb - 1],
			      "m=%u t=%u %u flips: decoded to a non-codeword",
			      m, t, nerr);
	}
	free(d);
	mm_bch_free(b);
}

START_TEST(test_bch_heavy_words_decode_to_codewords_or_fail)
{
	static const struct { unsigned int m, t, len, trials; } c[] = {
		{ 13, 2, 512, 300 }, { 13, 4, 512, 300 }, { 13, 6, 512, 200 },
		{ 13, 8, 512, 150 }, { 13, 12, 512, 60 }, { 13, 16, 512, 40 },
		{ 13, 24, 512, 15 }, { 14, 8, 1024, 100 },
		{ 14, 16, 1024, 40 }, { 14, 24, 1024, 15 },
		{ 14, 40, 1024, 5 }, { 14, 60, 1024, 2 },
		{ 15, 8, 2048, 60 }, { 15, 16, 2048, 20 }, { 15, 24, 2048, 10 },
	};
	unsigned int i, e;

	srand(29);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		for (e = c[i].t + 1; e <= c[i].t + 3; e++)
			heavy(c[i].m, c[i].t, c[i].len, c[i].trials, e);
}
END_TEST

/*
 * The closed forms of degree 1..4 against a brute-force root search, with
 * the test's own field tables: every monic cubic over GF(2^5) and GF(2^6)
 * (m even has the cube roots of unity: cube roots exist for a third of
 * the elements only), every monic quartic over GF(2^5), and at m = 13 and 14
 * products of distinct random linear factors (roots near both ends of
 * the field included) and random polynomials.
 */
struct tf {
	unsigned int m, n, exp[2 * 16384], log[16384];
};

static void tf_init(struct tf *f, unsigned int m, unsigned int poly)
{
	unsigned int i, x = 1;

	f->m = m;
	f->n = (1u << m) - 1;
	for (i = 0; i < f->n; i++) {
		f->exp[i] = f->exp[i + f->n] = x;
		f->log[x] = i;
		x <<= 1;
		if (x >> m)
			x ^= poly;
	}
}

static unsigned int tf_mul(const struct tf *f, unsigned int a, unsigned int b)
{
	return a && b ? f->exp[f->log[a] + f->log[b]] : 0;
}

static unsigned int tf_eval(const struct tf *f, const unsigned int *c,
			    int d, unsigned int x)
{
	unsigned int v = 1;
	int k;

	for (k = d - 1; k >= 0; k--)
		v = tf_mul(f, v, x) ^ c[k];
	return v;
}

/*
 * One polynomial: the closed forms' verdict against the brute force; 0 when
 * they agree. (No ck_assert per polynomial: Check marks every assertion
 * through its pipe, which would cost more than the test itself.)
 */
static int small_check(const struct mm_bch *b, const struct tf *f,
		       const unsigned int *c, int d)
{
	unsigned int br[4], r[4], nbr = 0, x, i, k;
	int ret;

	for (x = 1; x <= f->n && nbr <= 4; x++)
		if (!tf_eval(f, c, d, x)) {
			if (nbr < 4)
				br[nbr] = x;
			nbr++;
		}
	ret = mm_bch_small_roots(b, c, d, r);
	if (nbr != (unsigned int)d)
		return ret == -1 ? 0 : 1;
	if (ret != d)
		return 2;
	for (i = 0; i < (unsigned int)d; i++) {
		bool in = false;

		for (k = 0; k < (unsigned int)d; k++)
			in |= r[k] == br[i];
		if (!in)
			return 3;
	}
	return 0;
}

#define SMALL_CHECK(b, f, c, d) do {					\
	int _e = small_check(b, f, c, d);				\
	if (_e)								\
		ck_abort_msg("m=%u deg %d, c = %u %u %u %u: %s", (f)->m,	\
			     d, (c)[0], (c)[1], (c)[2], (c)[3],		\
			     _e == 1 ? "roots where none split" :		\
			     _e == 2 ? "split not found" : "wrong root");	\
} while (0)

START_TEST(test_bch_small_roots_match_brute_force)
{
	static struct tf f;
	static const unsigned int poly[16] = {
		[5] = 0x25, [6] = 0x43, [13] = 0x201b, [14] = 0x402b,
	};
	static const unsigned int ms[] = { 13, 14 };
	unsigned int c[5], i, j, k, n, m;
	struct mm_bch *b;

	memset(c, 0, sizeof(c));
	/* exhaustive: cubics at m = 5, 6, quartics at m = 5 */
	for (m = 5; m <= 6; m++) {
		b = mm_bch_new(m, 1, 0, 1);
		ck_assert_ptr_nonnull(b);
		tf_init(&f, m, poly[m]);
		n = 1u << m;
		for (c[2] = 0; c[2] < n; c[2]++)
			for (c[1] = 0; c[1] < n; c[1]++)
				for (c[0] = 1; c[0] < n; c[0]++) {
					SMALL_CHECK(b, &f, c, 3);
				}
		if (m == 5)
			for (c[3] = 0; c[3] < n; c[3]++)
				for (c[2] = 0; c[2] < n; c[2]++)
					for (c[1] = 0; c[1] < n; c[1]++)
						for (c[0] = 1; c[0] < n; c[0]++) {
							SMALL_CHECK(b, &f, c, 4);
						}
		mm_bch_free(b);
	}
	srand(37);
	for (i = 0; i < 2; i++) {
		m = ms[i];
		b = mm_bch_new(m, 8, 0, 512);
		ck_assert_ptr_nonnull(b);
		tf_init(&f, m, poly[m]);
		for (j = 0; j < 3000; j++) {
			int d = 1 + (int)(j % 4);
			unsigned int r[4];

			/* a product of distinct factors, or random */
			memset(c, 0, sizeof(c));
			if (j % 3) {
				c[0] = 1;
				for (k = 0; k < (unsigned int)d; k++) {
					unsigned int q, l, dup;

					do {
						q = rand() % 4;
						/* 1, alpha, alpha^(n-1), any */
						r[k] = q == 0 ? 1 : q == 1 ? 2 :
						       q == 2 ? f.exp[f.n - 1] :
						       1 + rand() % f.n;
						dup = 0;
						for (l = 0; l < k; l++)
							dup |= r[l] == r[k];
					} while (dup);
					/* c *= (x + r[k]) */
					for (l = k + 1; l > 0; l--)
						c[l] = c[l - 1] ^ tf_mul(&f, c[l], r[k]);
					c[0] = tf_mul(&f, c[0], r[k]);
				}
			} else {
				for (k = 0; k < (unsigned int)d; k++)
					c[k] = rand() % (f.n + 1);
				if (!c[0])
					c[0] = 1;
				c[d] = 1;
			}
			SMALL_CHECK(b, &f, c, d);
		}
		mm_bch_free(b);
	}
}
END_TEST

/*
 * 1 to 4 errors (the closed forms alone) and t errors at t = 4 and 8, on
 * the first and last bits of the codeword (data bit 0, the last ECC bit)
 * and their neighbours: exactly the flipped positions come back.
 */
START_TEST(test_bch_errors_at_the_codeword_ends)
{
	static const unsigned int ts[] = { 4, 8 };
	unsigned int i, e, k, s, loc[16], flips[16];
	uint8_t d[512], calc[16], rd[16];

	srand(41);
	for (i = 0; i < 2; i++) {
		struct mm_bch *b = mm_bch_new(13, ts[i], 0, 512);
		unsigned int nb = mm_bch_ecc_bytes(b);
		unsigned int bits = 8 * 512 + mm_bch_ecc_bits(b);
		const unsigned int ends[] = { 0, 1, 2, bits - 3, bits - 2,
					      bits - 1 };

		for (e = 1; e <= ts[i]; e++)
			for (s = 0; s < 200; s++) {
				int r;

				memset(d, 0, sizeof(d));
				memset(rd, 0, sizeof(rd));
				for (k = 0; k < e; k++) {
					unsigned int p, l, dup;

					do {
						p = k < 2 || rand() % 2 ?
						    ends[rand() % 6] :
						    rand() % bits;
						dup = 0;
						for (l = 0; l < k; l++)
							dup |= flips[l] == p;
					} while (dup);
					flips[k] = p;
					if (p < 8 * 512)
						d[p / 8] ^= 0x80 >> (p % 8);
					else
						rd[(p - 4096) / 8] ^= 0x80 >> ((p - 4096) % 8);
				}
				mm_bch_encode(b, d, 512, calc);
				for (k = 0; k < nb; k++)
					calc[k] ^= rd[k];
				r = mm_bch_decode(b, 512, calc, loc);
				ck_assert_int_eq(r, (int)e);
				for (k = 0; k < e; k++) {
					unsigned int l, in = 0;

					for (l = 0; l < e; l++)
						in |= loc[l] == flips[k];
					ck_assert_msg(in, "t=%u %u errors: bit %u not found",
						      ts[i], e, flips[k]);
				}
			}
		mm_bch_free(b);
	}
}
END_TEST

/* Up to t flips at GF(2^15) and the presets' t (each weight 0..t). */
START_TEST(test_bch_presets_strengths_every_weight)
{
	static const struct { unsigned int m, t, len, trials; } c[] = {
		{ 13, 2, 512, 40 }, { 13, 6, 512, 30 }, { 13, 12, 512, 10 },
		{ 13, 16, 512, 8 }, { 14, 8, 1024, 20 }, { 14, 24, 1024, 4 },
		{ 15, 4, 2048, 30 }, { 15, 8, 2048, 20 }, { 15, 16, 2048, 6 },
	};
	unsigned int i, e, ok, failed, wrong;

	srand(31);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		for (e = 0; e <= c[i].t; e++) {
			campaign(c[i].m, c[i].t, c[i].len, c[i].trials, e, &ok,
				 &failed, &wrong);
			ck_assert_msg(ok == c[i].trials,
				      "m=%u t=%u with %u flips: %u ok, %u failed, %u wrong",
				      c[i].m, c[i].t, e, ok, failed, wrong);
		}
}
END_TEST

Suite *bch_suite(void)
{
	Suite *s = suite_create("bch");
	TCase *tc = tcase_create("encode");

	tcase_add_test(tc, test_bch_sizes_follow_the_kernel);
	tcase_add_test(tc, test_bch_omap_vectors);
	tcase_add_test(tc, test_bch_encode_is_linear_and_tail_safe);
	suite_add_tcase(s, tc);
	tc = tcase_create("decode");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_bch_corrects_up_to_t_flips);
	tcase_add_test(tc, test_bch_exactly_t_flips);
	tcase_add_test(tc, test_bch_t_plus_1_flips_are_reported);
	tcase_add_test(tc, test_bch_heavy_words_decode_to_codewords_or_fail);
	tcase_add_test(tc, test_bch_presets_strengths_every_weight);
	tcase_add_test(tc, test_bch_small_roots_match_brute_force);
	tcase_add_test(tc, test_bch_errors_at_the_codeword_ends);
	suite_add_tcase(s, tc);
	return s;
}
