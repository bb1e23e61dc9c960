// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_preset_sunxi.c - the Allwinner sunxi layout: geometry and the
 * common checks, the randomizer, the u-boot image builder's byte places.
 */
#include <check.h>
#include <string.h>

#include "preset_util.h"

static struct mm_pagelayout pl;

START_TEST(test_sunxi_geometries)
{
	preset_check_all(&pl, "sunxi", 2048, 64, 64);
	/* the strongest that fits 2 × (4 + ECC) in 64 bytes: t = 16, 28 bytes */
	ck_assert_uint_eq(pl.t, 16);
	ck_assert_uint_eq(pl.oob.oobavail, 2 + 4 + 0);
	mm_pl_release(&pl);
	preset_check_all(&pl, "sunxi:t=40,step=1024", 8192, 640, 256);
	mm_pl_release(&pl);
	preset_check_all(&pl, "sunxi:t=24,step=512,scramble", 4096, 448, 128);
	ck_assert_uint_eq(pl.scrambler, MM_PL_SCR_SUNXI);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_sunxi_places_user_bytes_and_ecc_like_the_image_builder)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	uint8_t data[2048], oob[64], phys[2112];
	char msg[128];

	ck_assert_int_eq(mm_pl_from_arg(&pl, "sunxi:t=16", &g, msg, sizeof(msg)), 0);
	preset_fill(data, sizeof(data), 3);
	memset(oob, 0xff, sizeof(oob));
	oob[2] = 0x12;
	oob[32] = 0x34;
	ck_assert_int_eq(mm_pl_encode(&pl, 0, data, oob, phys), 0);
	/* data in place, user bytes of step 1 at OOB 32, ECC at 4..31, 36..63 */
	ck_assert_mem_eq(phys, data, 2048);
	ck_assert_uint_eq(phys[2048 + 2], 0x12);
	ck_assert_uint_eq(phys[2048 + 32], 0x34);
	ck_assert_uint_eq(phys[2048 + 0], 0xff);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_sunxi_scrambler_changes_the_bytes_per_page)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	uint8_t data[2048], p0[2112], p1[2112], back[2048];
	char msg[128];

	ck_assert_int_eq(mm_pl_from_arg(&pl, "sunxi:scramble", &g, msg, sizeof(msg)), 0);
	memset(data, 0, sizeof(data));
	ck_assert_int_eq(mm_pl_encode(&pl, 0, data, NULL, p0), 0);
	ck_assert_int_eq(mm_pl_encode(&pl, 1, data, NULL, p1), 0);
	ck_assert(memcmp(p0, p1, 2048) != 0);
	ck_assert(memcmp(p0, data, 2048) != 0);
	/* the first byte is seed 0x2b75 stepped 15 times, low 8 bits */
	ck_assert_int_eq(mm_pl_decode(&pl, 1, p1, back, NULL, NULL, NULL), 0);
	ck_assert_mem_eq(back, data, 2048);
	mm_pl_release(&pl);
}
END_TEST

Suite *preset_sunxi_suite(void)
{
	Suite *s = suite_create("preset_sunxi");
	TCase *tc = tcase_create("sunxi");

	tcase_add_test(tc, test_sunxi_geometries);
	tcase_add_test(tc, test_sunxi_places_user_bytes_and_ecc_like_the_image_builder);
	tcase_add_test(tc, test_sunxi_scrambler_changes_the_bytes_per_page);
	suite_add_tcase(s, tc);
	return s;
}
