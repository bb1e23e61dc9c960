// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_preset_mtk.c - the MediaTek NFI layout: spare per sector, FDM, the marker swap, the common checks.
 */
#include <check.h>
#include <string.h>

#include "preset_util.h"

static struct mm_pagelayout pl;


START_TEST(test_mtk_geometries)
{
	/* MT7622, 2048+64: 4 sectors, spare 16, t = 8·8/13 -> 4 */
	preset_check_all(&pl, "mtk-nfi", 2048, 64, 64);
	ck_assert_uint_eq(pl.t, 4);
	/* fdm = 16 - 7 = 8, free = 7 per sector */
	ck_assert_uint_eq(pl.oob.oobavail, 28);
	mm_pl_release(&pl);
	preset_check_all(&pl, "mtk-nfi:soc=mt7622", 4096, 128, 64);
	mm_pl_release(&pl);
	preset_check_all(&pl, "mtk-nfi:soc=mt2712,step=1024,t=24", 4096, 256, 64);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_mtk_marker_swap_with_fdm0)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	uint8_t data[2048], phys[2112];

	ck_assert_int_eq(mm_pl_from_arg(&pl, "mtk-nfi", &g, NULL, 0), 0);
	preset_fill(data, sizeof(data), 9);
	ck_assert_int_eq(mm_pl_encode(&pl, 0, data, NULL, phys), 0);
	/* sector 3 (2048 / 528), position 464: data byte 3·512+464 goes to FDM[0] of sector 3 */
	ck_assert_uint_eq(phys[2048], 0xff);
	ck_assert_uint_eq(phys[3 * 528 + 512], data[3 * 512 + 464]);
	mm_pl_release(&pl);
}
END_TEST

Suite *preset_mtk_suite(void)
{
	Suite *s = suite_create("preset_mtk");
	TCase *tc = tcase_create("mtk");

	tcase_add_test(tc, test_mtk_geometries);
	tcase_add_test(tc, test_mtk_marker_swap_with_fdm0);
	suite_add_tcase(s, tc);
	return s;
}
