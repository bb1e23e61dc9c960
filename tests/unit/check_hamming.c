// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_hamming.c - the kernel's software Hamming code: hand-derived
 * vectors from the parity definitions (flash-formats.md §2), every single
 * flip corrected, double flips detected. The real-dump check is in
 * check_ecc.c.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/ecc/hamming.h"

/* Reference: the code straight from the definitions, bit by bit. */
static void ref_calc(const uint8_t *d, unsigned int step, bool sm,
		     uint8_t code[3])
{
	unsigned int rp[18] = { 0 }, cp[6] = { 0 }, i, b, k, lo = 0, hi = 0;
	unsigned int c2 = 0, nbits = step == 512 ? 9 : 8;

	for (i = 0; i < step; i++)
		for (b = 0; b < 8; b++) {
			unsigned int v = (d[i] >> b) & 1;

			for (k = 0; k < nbits; k++)
				rp[2 * k + ((i >> k) & 1)] ^= v;
			for (k = 0; k < 3; k++)
				cp[2 * k + ((b >> k) & 1)] ^= v;
		}
	for (k = 0; k < 8; k++) {
		lo |= (rp[k] ^ 1) << k;
		hi |= (rp[k + 8] ^ 1) << k;
	}
	for (k = 0; k < 6; k++)
		c2 |= (cp[k] ^ 1) << (k + 2);
	c2 |= step == 512 ? ((rp[17] ^ 1) << 1) | (rp[16] ^ 1) : 3;
	code[sm ? 1 : 0] = hi;
	code[sm ? 0 : 1] = lo;
	code[2] = c2;
}

START_TEST(test_hamming_erased_step_is_ff)
{
	uint8_t d[512], c[3];

	memset(d, 0xff, sizeof(d));
	mm_hamming_calc(d, 256, false, c);
	ck_assert(c[0] == 0xff && c[1] == 0xff && c[2] == 0xff);
	mm_hamming_calc(d, 512, false, c);
	ck_assert(c[0] == 0xff && c[1] == 0xff && c[2] == 0xff);
}
END_TEST

START_TEST(test_hamming_one_bit_in_byte_0_vector)
{
	uint8_t d[256] = { 0x01 }, c[3];

	/* rp even = 1 -> stored 0, rp odd = 0 -> 1; cp0/2/4 = 1 -> 0 */
	mm_hamming_calc(d, 256, false, c);
	ck_assert_uint_eq(c[0], 0xaa);
	ck_assert_uint_eq(c[1], 0xaa);
	ck_assert_uint_eq(c[2], 0xab);
	/* byte 255, bit 7: all odd line parities and cp1/3/5 */
	memset(d, 0, sizeof(d));
	d[255] = 0x80;
	mm_hamming_calc(d, 256, false, c);
	ck_assert_uint_eq(c[0], 0x55);
	ck_assert_uint_eq(c[1], 0x55);
	ck_assert_uint_eq(c[2], 0x57);
}
END_TEST

START_TEST(test_hamming_matches_reference_on_random_data)
{
	uint8_t d[512], c[3], r[3];
	unsigned int i, n;
	static const unsigned int steps[2] = { 256, 512 };

	srand(7);
	for (n = 0; n < 400; n++) {
		unsigned int step = steps[n & 1];
		bool sm = n & 2;

		for (i = 0; i < step; i++)
			d[i] = rand();
		mm_hamming_calc(d, step, sm, c);
		ref_calc(d, step, sm, r);
		ck_assert_msg(!memcmp(c, r, 3), "step %u sm %d: %02x%02x%02x vs %02x%02x%02x",
			      step, sm, c[0], c[1], c[2], r[0], r[1], r[2]);
	}
}
END_TEST

START_TEST(test_hamming_corrects_every_single_flip)
{
	uint8_t d[512], orig[512], code[3], stored[3], calc[3];
	unsigned int step = _i ? 512 : 256, i, pos;

	srand(11);
	for (i = 0; i < step; i++)
		orig[i] = rand();
	mm_hamming_calc(orig, step, false, code);
	for (pos = 0; pos < 8 * step + 24; pos++) {
		memcpy(d, orig, step);
		memcpy(stored, code, 3);
		if (pos < 8 * step)
			d[pos / 8] ^= 1u << (pos % 8);
		else
			stored[(pos - 8 * step) / 8] ^= 1u << (pos % 8);
		mm_hamming_calc(d, step, false, calc);
		ck_assert_int_eq(mm_hamming_correct(d, step, false, stored,
						    calc), 1);
		ck_assert_msg(!memcmp(d, orig, step) && !memcmp(stored, code, 3),
			      "flip at bit %u not undone", pos);
	}
}
END_TEST

/*
 * mm_hamming_check (the page engine's single call) against calc + correct:
 * the same verdict, data and stored code for no flip, every single flip
 * of data or code, and random double flips, both step sizes and orders.
 */
START_TEST(test_hamming_check_is_calc_plus_correct)
{
	uint8_t d1[512], d2[512], orig[512], code[3], s1[3], s2[3], calc[3];
	unsigned int step = _i & 1 ? 512 : 256, i, pos, n;
	bool sm = _i & 2;

	srand(13 + _i);
	for (i = 0; i < step; i++)
		orig[i] = rand();
	mm_hamming_calc(orig, step, sm, code);
	for (n = 0; n <= 8 * step + 24 + 500; n++) {
		int r1, r2;

		memcpy(d1, orig, step);
		memcpy(s1, code, 3);
		/* n = 0 clean, then bit n - 1 alone, then two random bits */
		for (i = 0; i < (n == 0 ? 0u : n <= 8 * step + 24 ? 1u : 2u);
		     i++) {
			pos = n <= 8 * step + 24 ? n - 1 :
			      (unsigned int)rand() % (8 * step + 24);
			if (pos < 8 * step)
				d1[pos / 8] ^= 1u << (pos % 8);
			else
				s1[(pos - 8 * step) / 8] ^= 1u << (pos % 8);
		}
		memcpy(d2, d1, step);
		memcpy(s2, s1, 3);
		mm_hamming_calc(d1, step, sm, calc);
		r1 = mm_hamming_correct(d1, step, sm, s1, calc);
		r2 = mm_hamming_check(d2, step, sm, s2);
		if (r1 != r2 || memcmp(d1, d2, step) || memcmp(s1, s2, 3))
			ck_abort_msg("step %u sm %d case %u: %d against %d", step,
				     sm, n, r2, r1);
	}
}
END_TEST

START_TEST(test_hamming_detects_double_flips)
{
	uint8_t d[512], orig[512], code[3], stored[3], calc[3];
	unsigned int step = _i ? 512 : 256, i, n, a, b, nbits = 8 * step + 24;

	srand(13);
	for (i = 0; i < step; i++)
		orig[i] = rand();
	mm_hamming_calc(orig, step, false, code);
	for (n = 0; n < 3000; n++) {
		a = rand() % nbits;
		do
			b = rand() % nbits;
		while (b == a);
		/* the 2 constant bits of a 256-byte code are not checked */
		if (step == 256 && (a == 8 * step + 16 || a == 8 * step + 17 ||
				    b == 8 * step + 16 || b == 8 * step + 17)) {
			/* data flip + unused code bit: data fixed, bit reset */
			unsigned int p = a >= 8 * step ? b : a, q = a ^ b ^ p;

			if (p >= 8 * step)
				continue;
			memcpy(d, orig, step);
			memcpy(stored, code, 3);
			d[p / 8] ^= 1u << (p % 8);
			stored[2] ^= 1u << (q % 8);
			mm_hamming_calc(d, step, false, calc);
			ck_assert_int_eq(mm_hamming_correct(d, step, false,
							    stored, calc), 1);
			ck_assert(!memcmp(d, orig, step) &&
				  !memcmp(stored, code, 3));
			continue;
		}
		memcpy(d, orig, step);
		memcpy(stored, code, 3);
		for (i = 0; i < 2; i++) {
			unsigned int p = i ? b : a;

			if (p < 8 * step)
				d[p / 8] ^= 1u << (p % 8);
			else
				stored[(p - 8 * step) / 8] ^= 1u << (p % 8);
		}
		mm_hamming_calc(d, step, false, calc);
		ck_assert_int_eq(mm_hamming_correct(d, step, false, stored,
						    calc), -EBADMSG);
	}
}
END_TEST

START_TEST(test_hamming_smartmedia_order_swaps_line_parities)
{
	uint8_t d[256], a[3], b[3];

	memset(d, 0, sizeof(d));
	d[0x0f] = 0x01;
	mm_hamming_calc(d, 256, false, a);
	mm_hamming_calc(d, 256, true, b);
	ck_assert(a[0] == b[1] && a[1] == b[0] && a[2] == b[2]);
	ck_assert_uint_eq(a[0], 0xaa);
	ck_assert_uint_eq(a[1], 0x55);
}
END_TEST

Suite *hamming_suite(void)
{
	Suite *s = suite_create("hamming");
	TCase *tc = tcase_create("calc");

	tcase_add_test(tc, test_hamming_erased_step_is_ff);
	tcase_add_test(tc, test_hamming_one_bit_in_byte_0_vector);
	tcase_add_test(tc, test_hamming_matches_reference_on_random_data);
	tcase_add_test(tc, test_hamming_smartmedia_order_swaps_line_parities);
	suite_add_tcase(s, tc);
	tc = tcase_create("correct");
	tcase_add_loop_test(tc, test_hamming_corrects_every_single_flip, 0, 2);
	tcase_add_loop_test(tc, test_hamming_detects_double_flips, 0, 2);
	tcase_add_loop_test(tc, test_hamming_check_is_calc_plus_correct, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}
