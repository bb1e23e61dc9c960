// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_preset_qcom.c - the Qualcomm NANDc codeword layout and the common
 * checks, in BCH-4/8 and RS mode. The RS codewords are checked against the
 * code's definition with arithmetic of their own (not core/ecc/rs.c): the
 * 516 codeword bytes and the 8 10-bit parity symbols unpacked LSB first
 * from the 10 ECC bytes form a polynomial with the roots a^1..a^8 in
 * GF(2^10) mod x^10 + x^3 + 1.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "preset_util.h"

static struct mm_pagelayout pl;


START_TEST(test_qcom_geometries)
{
	preset_check_all(&pl, "qcom-nandc", 2048, 64, 64);
	ck_assert_uint_eq(pl.oob.oobavail, 16);
	ck_assert_uint_eq(pl.oob.free[0].off, 37);
	mm_pl_release(&pl);
	preset_check_all(&pl, "qcom-nandc:t=8", 2048, 128, 64);
	mm_pl_release(&pl);
	preset_check_all(&pl, "qcom-nandc:t=8", 4096, 224, 64);
	mm_pl_release(&pl);
	preset_check_all(&pl, "qcom-nandc:ecc=rs", 2048, 64, 64);
	ck_assert_uint_eq(pl.oob.oobavail, 16);
	ck_assert(pl.rs);
	mm_pl_release(&pl);
	preset_check_all(&pl, "qcom-nandc:ecc=rs", 4096, 224, 64);
	mm_pl_release(&pl);
}
END_TEST

static uint16_t gf_mul(uint16_t a, uint16_t b)
{
	uint32_t r = 0;
	int i;

	for (i = 0; i < 10; i++)
		if (b >> i & 1)
			r ^= (uint32_t)a << i;
	for (i = 19; i >= 10; i--)
		if (r >> i & 1)
			r ^= 0x409u << (i - 10);
	return (uint16_t)r;
}

START_TEST(test_qcom_rs_codewords)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	uint8_t data[2048], oob[64], phys[2112];
	uint16_t c[524];
	unsigned int cw, i, j, r;

	ck_assert_int_eq(mm_pl_from_arg(&pl, "qcom-nandc:ecc=rs", &g, NULL, 0), 0);
	preset_fill(data, sizeof(data), 7);
	memset(oob, 0xff, sizeof(oob));
	for (i = 0; i < pl.oob.nfree; i++)	/* free OOB bytes: the last cw's */
		memset(oob + pl.oob.free[i].off, 0x5a, pl.oob.free[i].len);
	ck_assert_int_eq(mm_pl_encode(&pl, 0, data, oob, phys), 0);
	for (cw = 0; cw < 4; cw++) {
		const uint8_t *p = phys + 528 * cw;
		uint16_t x = 1;

		/* 464 bytes, the marker slot (0xFF, not covered), 52 bytes */
		ck_assert_uint_eq(p[464], 0xff);
		for (i = 0; i < 464; i++)
			c[i] = p[i];
		for (i = 464; i < 516; i++)
			c[i] = p[i + 1];
		if (cw < 3)
			ck_assert_mem_eq(p, data + 516 * cw, 464);
		for (j = 0; j < 8; j++) {
			c[516 + j] = 0;
			for (i = 0; i < 10; i++) {
				unsigned int bit = 10 * j + i;

				c[516 + j] |= (uint16_t)((p[517 + bit / 8] >> (bit % 8) & 1) << i);
			}
		}
		ck_assert_uint_eq(p[527], 0xff);	/* the spare byte */
		for (r = 1; r <= 9; r++) {
			uint16_t v = 0;

			x = gf_mul(x, 2);	/* a^r */
			for (i = 0; i < 524; i++)
				v = gf_mul(v, x) ^ c[i];
			if (r <= 8)
				ck_assert_msg(!v, "codeword %u: c(a^%u) = 0x%x", cw, r, v);
			else
				ck_assert_uint_ne(v, 0);
		}
	}
	/* the last codeword: 500 data bytes, then the 16 free OOB bytes */
	ck_assert_mem_eq(phys + 3 * 528 + 465, data + 3 * 516 + 464, 500 - 464);
	ck_assert_uint_eq(phys[3 * 528 + 465 + 36], 0x5a);
	mm_pl_release(&pl);
}
END_TEST

/* t symbol errors of any shape corrected, t + 1 (in distinct bytes) not */
START_TEST(test_qcom_rs_symbols)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	uint8_t data[2048], back[2048], phys[2112], work[2112];
	struct mm_ecc_stat st;
	enum mm_page_state state;
	unsigned int k;

	ck_assert_int_eq(mm_pl_from_arg(&pl, "qcom-nandc:ecc=rs", &g, NULL, 0), 0);
	preset_fill(data, sizeof(data), 11);
	ck_assert_int_eq(mm_pl_encode(&pl, 0, data, NULL, phys), 0);
	/* 4 whole bytes inverted in codeword 1 (32 bits), parity included */
	memcpy(work, phys, sizeof(work));
	work[528 + 3] ^= 0xff;
	work[528 + 100] ^= 0xff;
	work[528 + 500] ^= 0xff;
	work[528 + 517] ^= 0xff;	/* ECC byte 0: bits 0..7 of symbol 0 */
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mm_pl_decode(&pl, 0, work, back, NULL, &st, &state), 0);
	ck_assert_int_eq(state, MM_PAGE_CORRECTED);
	ck_assert_uint_eq(st.uncorrectable_steps, 0);
	ck_assert_uint_eq(st.corrected_bits, 32);
	ck_assert_mem_eq(back, data, sizeof(data));
	/* 5 bytes, one bit each: uncorrectable, the data left as read */
	memcpy(work, phys, sizeof(work));
	for (k = 0; k < 5; k++)
		work[528 * 2 + 17 + 90 * k] ^= 0x10;
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mm_pl_decode(&pl, 0, work, back, NULL, &st, &state), 0);
	ck_assert_int_eq(state, MM_PAGE_UNCORRECTABLE);
	ck_assert_uint_eq(st.uncorrectable_steps, 1);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_qcom_refused)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	char msg[200];

	ck_assert_int_eq(mm_pl_from_arg(&pl, "qcom-nandc:ecc=rs,t=8", &g, msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_pl_from_arg(&pl, "qcom-nandc:ecc=hamming", &g, msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "bch or rs"));
}
END_TEST

START_TEST(test_qcom_last_codeword_marker_at_page_size)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	uint8_t data[2048], phys[2112];

	ck_assert_int_eq(mm_pl_from_arg(&pl, "qcom-nandc", &g, NULL, 0), 0);
	preset_fill(data, sizeof(data), 2);
	ck_assert_int_eq(mm_pl_encode(&pl, 0, data, NULL, phys), 0);
	/* codeword 0: 464 data bytes, the dummy marker, 52 more */
	ck_assert_mem_eq(phys, data, 464);
	ck_assert_uint_eq(phys[464], 0xff);
	ck_assert_mem_eq(phys + 465, data + 464, 52);
	/* the last codeword starts at 3·528; its marker slot is byte 2048 */
	ck_assert_uint_eq(phys[2048], 0xff);
	ck_assert_mem_eq(phys + 3 * 528, data + 3 * 516, 464);
	mm_pl_release(&pl);
}
END_TEST

Suite *preset_qcom_suite(void)
{
	Suite *s = suite_create("preset_qcom");
	TCase *tc = tcase_create("qcom");

	tcase_add_test(tc, test_qcom_geometries);
	tcase_add_test(tc, test_qcom_last_codeword_marker_at_page_size);
	tcase_add_test(tc, test_qcom_rs_codewords);
	tcase_add_test(tc, test_qcom_rs_symbols);
	tcase_add_test(tc, test_qcom_refused);
	suite_add_tcase(s, tc);
	return s;
}
