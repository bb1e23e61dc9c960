// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_preset_brcmnand.c - the Broadcom BRCMNAND BCH layout and the common checks.
 */
#include <check.h>
#include <string.h>

#include "preset_util.h"

static struct mm_pagelayout pl;


START_TEST(test_brcmnand_geometries)
{
	preset_check_all(&pl, "brcmnand", 2048, 64, 64);
	/* 16-byte slices, 7 ECC bytes: 9 free, 8 in sector 0 (marker) */
	ck_assert_uint_eq(pl.oob.oobavail, 8 + 3 * 9);
	ck_assert_uint_eq(pl.oob.free[0].off, 1);
	mm_pl_release(&pl);
	preset_check_all(&pl, "brcmnand:t=8", 2048, 64, 64);
	mm_pl_release(&pl);
	preset_check_all(&pl, "brcmnand:t=12", 4096, 224, 64);
	mm_pl_release(&pl);
	ck_assert_int_ne(mm_pl_from_arg(&pl, "brcmnand:t=12", &(struct mm_pl_geom){ 2048, 64, 64 }, NULL, 0), 0);
}
END_TEST

START_TEST(test_brcmnand_ecc_is_nibble_aligned)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	uint8_t data[2048], phys[2112];

	ck_assert_int_eq(mm_pl_from_arg(&pl, "brcmnand", &g, NULL, 0), 0);
	preset_fill(data, sizeof(data), 4);
	ck_assert_int_eq(mm_pl_encode(&pl, 0, data, NULL, phys), 0);
	/* user bits 0..75 of the slice stay 1: bytes 0..8 and the high nibble of 9 */
	ck_assert_uint_eq(phys[2048 + 8], 0xff);
	ck_assert_uint_eq(phys[2048 + 9] & 0xf0, 0xf0);
	mm_pl_release(&pl);
}
END_TEST

Suite *preset_brcmnand_suite(void)
{
	Suite *s = suite_create("preset_brcmnand");
	TCase *tc = tcase_create("brcmnand");

	tcase_add_test(tc, test_brcmnand_geometries);
	tcase_add_test(tc, test_brcmnand_ecc_is_nibble_aligned);
	suite_add_tcase(s, tc);
	return s;
}
