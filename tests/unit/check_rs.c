// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_rs.c - Reed-Solomon codes (core/ecc/rs.c) with Qualcomm NANDc's
 * parameters (GF(2^10), x^10 + x^3 + 1, 8 parity symbols, first root a^1):
 * every codeword has the roots a^1..a^8 (checked by evaluating it with a
 * bitwise GF multiply, not the code's tables); up to 4 symbol errors of any
 * value anywhere are corrected; 5 are refused (or, rarely, miscorrected
 * into another codeword, counted); codes that cannot exist are refused.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

#include "../../core/ecc/rs.h"

static uint32_t seed = 12345;

static uint32_t rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

/* a·b in GF(2^10) mod 0x409, shift and add */
static uint16_t slow_mul(uint16_t a, uint16_t b)
{
	uint32_t r = 0;
	int i;

	for (i = 0; i < 10; i++)
		if (b & (1u << i))
			r ^= (uint32_t)a << i;
	for (i = 19; i >= 10; i--)
		if (r & (1u << i))
			r ^= 0x409u << (i - 10);
	return (uint16_t)r;
}

/* c(x) at x = a^e (a = 2), c highest coefficient first */
static uint16_t slow_eval(const uint16_t *c, size_t n, unsigned int e)
{
	uint16_t x = 1, v = 0;
	unsigned int i;
	size_t k;

	for (i = 0; i < e; i++)
		x = slow_mul(x, 2);
	for (k = 0; k < n; k++)
		v = slow_mul(v, x) ^ c[k];
	return v;
}

static struct mm_rs *qcom(void)
{
	struct mm_rs *rs = mm_rs_new(10, 8, 0x409, 1);

	ck_assert_ptr_nonnull(rs);
	ck_assert_uint_eq(mm_rs_nsym(rs), 8);
	return rs;
}

/* a 516-byte message (the codeword data of one step) and its parity */
static size_t codeword(const struct mm_rs *rs, uint16_t *cw, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		cw[i] = (uint16_t)(rnd() & 0xff);
	mm_rs_encode(rs, cw, k, cw + k);
	return k + 8;
}

START_TEST(test_roots)
{
	struct mm_rs *rs = qcom();
	uint16_t cw[1023];
	unsigned int j, trial;
	size_t n;

	for (trial = 0; trial < 20; trial++) {
		n = codeword(rs, cw, trial ? 516 : 1015);
		for (j = 1; j <= 8; j++)
			ck_assert_msg(!slow_eval(cw, n, j), "c(a^%u) != 0", j);
		ck_assert_uint_ne(slow_eval(cw, n, 9) | slow_eval(cw, n, 0), 0);
		ck_assert_int_eq(mm_rs_decode(rs, cw, n, NULL), 0);
	}
	/* all zero message: zero parity; one symbol changes all the parity */
	memset(cw, 0, sizeof(cw));
	mm_rs_encode(rs, cw, 516, cw + 516);
	for (j = 0; j < 8; j++)
		ck_assert_uint_eq(cw[516 + j], 0);
	mm_rs_free(rs);
}
END_TEST

START_TEST(test_correct)
{
	struct mm_rs *rs = qcom();
	uint16_t cw[524], orig[524];
	unsigned int pos[4], e, k, trial, i;
	size_t n;

	for (trial = 0; trial < 2000; trial++) {
		n = codeword(rs, orig, 516);
		memcpy(cw, orig, sizeof(cw));
		e = trial % 5;
		for (k = 0; k < e; k++) {
			unsigned int p;
			bool dup;

			do {
				p = rnd() % n;
				dup = false;
				for (i = 0; i < k; i++)
					dup |= pos[i] == p;
			} while (dup);
			pos[k] = p;
			/* any nonzero value: one bit, a byte, the top bits */
			cw[p] ^= (uint16_t)(trial & 1 ? 1u << (rnd() % 10) :
					    1 + rnd() % 1023);
		}
		ck_assert_int_eq(mm_rs_decode(rs, cw, n, pos), (int)e);
		ck_assert_msg(!memcmp(cw, orig, sizeof(cw)), "trial %u: %u errors not undone",
			      trial, e);
	}
	mm_rs_free(rs);
}
END_TEST

START_TEST(test_beyond)
{
	struct mm_rs *rs = qcom();
	uint16_t cw[524], orig[524], save[524];
	unsigned int trial, k, refused = 0, wrong = 0, j;
	size_t n;
	int r;

	for (trial = 0; trial < 2000; trial++) {
		n = codeword(rs, orig, 516);
		memcpy(cw, orig, sizeof(cw));
		for (k = 0; k < 5 + trial % 4; k++)
			cw[(k * 97 + rnd() % 97) % n] ^= (uint16_t)(1 + rnd() % 1023);
		memcpy(save, cw, sizeof(cw));
		r = mm_rs_decode(rs, cw, n, NULL);
		if (r < 0) {
			ck_assert_int_eq(r, -EBADMSG);
			ck_assert(!memcmp(cw, save, sizeof(cw)));	/* unchanged */
			refused++;
			continue;
		}
		/* a miscorrection must at least end in a codeword */
		ck_assert(memcmp(cw, orig, sizeof(cw)));
		for (j = 1; j <= 8; j++)
			ck_assert(!slow_eval(cw, n, j));
		wrong++;
	}
	ck_assert_msg(wrong < 40, "%u of 2000 miscorrected", wrong);
	ck_assert_uint_eq(refused + wrong, 2000);
	mm_rs_free(rs);
}
END_TEST

START_TEST(test_refused)
{
	ck_assert_ptr_null(mm_rs_new(10, 8, 0x401, 1));	/* x^10 + 1: not primitive */
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(mm_rs_new(10, 8, 0x209, 1));	/* degree 9 */
	ck_assert_ptr_null(mm_rs_new(10, 1, 0x409, 1));
	ck_assert_ptr_null(mm_rs_new(13, 8, 0x201b, 1));	/* symbols too wide */
}
END_TEST

Suite *rs_suite(void)
{
	Suite *s = suite_create("rs");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_roots);
	tcase_add_test(tc, test_correct);
	tcase_add_test(tc, test_beyond);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	return s;
}
