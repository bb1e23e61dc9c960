// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_preset_gpmi.c - the i.MX GPMI legacy geometry: strengths, the marker swap, the common checks.
 */
#include <check.h>
#include <string.h>

#include "preset_util.h"

static struct mm_pagelayout pl;


START_TEST(test_gpmi_legacy_geometries)
{
	/* 2048+64: 4 chunks of 512, GF(2^13), t = (54·8)/(13·4) = 8 */
	preset_check_all(&pl, "imx-gpmi", 2048, 64, 64);
	ck_assert_uint_eq(pl.m, 13);
	ck_assert_uint_eq(pl.t, 8);
	ck_assert_uint_eq(pl.swap_data, 2048 * 8 - (8 * 13 * 3 + 80));
	mm_pl_release(&pl);
	/* 4096+224: chunks of 512 < 224? no: 512 >= 224, 8 chunks, t = 16 */
	preset_check_all(&pl, "imx-gpmi", 4096, 224, 64);
	ck_assert_uint_eq(pl.t, 16);
	mm_pl_release(&pl);
	/* 8192+744 (i.MX6ULL): chunk 1024, GF(2^14), t = round_down(734·8/(14·8), 2) = 52, capped at 40 */
	ck_assert_int_ne(mm_pl_from_arg(&pl, "imx-gpmi", &(struct mm_pl_geom){ 8192, 744, 128 }, NULL, 0), 0);
	preset_check_all(&pl, "imx-gpmi:t=40", 8192, 744, 128);
	ck_assert_uint_eq(pl.m, 14);
	/* i.MX6ULL 8K example of flash-formats.md: block mark byte 7692, bit 0 */
	ck_assert_uint_eq(pl.swap_data / 8, 7692);
	ck_assert_uint_eq(pl.swap_data % 8, 0);
	mm_pl_release(&pl);
	/* an odd strength: 78-bit ECC fields, not byte aligned */
	preset_check_all(&pl, "imx-gpmi:t=6", 2048, 64, 64);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_gpmi_marker_reaches_the_physical_byte)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	uint8_t data[2048], oob[64], phys[2112], back[2048], boob[64];

	ck_assert_int_eq(mm_pl_from_arg(&pl, "imx-gpmi", &g, NULL, 0), 0);
	preset_fill(data, sizeof(data), 5);
	memset(oob, 0xff, sizeof(oob));
	ck_assert_int_eq(mm_pl_encode(&pl, 0, data, oob, phys), 0);
	ck_assert_uint_eq(phys[2048], 0xff);
	/* a bad block: marker 00 in the logical OOB byte 0 reaches byte W */
	oob[0] = 0;
	ck_assert_int_eq(mm_pl_encode(&pl, 0, data, oob, phys), 0);
	ck_assert_uint_eq(phys[2048], 0x00);
	ck_assert(mm_pl_is_bad(&pl, phys));
	ck_assert_int_eq(mm_pl_decode(&pl, 0, phys, back, boob, NULL, NULL), 0);
	ck_assert_mem_eq(back, data, sizeof(data));
	ck_assert_uint_eq(boob[0], 0);
	mm_pl_release(&pl);
}
END_TEST

Suite *preset_gpmi_suite(void)
{
	Suite *s = suite_create("preset_gpmi");
	TCase *tc = tcase_create("gpmi");

	tcase_add_test(tc, test_gpmi_legacy_geometries);
	tcase_add_test(tc, test_gpmi_marker_reaches_the_physical_byte);
	suite_add_tcase(s, tc);
	return s;
}
