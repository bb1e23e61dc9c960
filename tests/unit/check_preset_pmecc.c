// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_preset_pmecc.c - the Atmel PMECC layout and the common checks.
 */
#include <check.h>
#include <string.h>

#include "preset_util.h"

static struct mm_pagelayout pl;


START_TEST(test_pmecc_geometries)
{
	preset_check_all(&pl, "pmecc", 2048, 64, 64);
	ck_assert_uint_eq(pl.poly, 0x201b);
	mm_pl_release(&pl);
	/* flash-formats.md: 4096+224, 8 bits per 512, 13 bytes per sector, ECC from 120 */
	preset_check_all(&pl, "pmecc:t=8", 4096, 224, 64);
	ck_assert_uint_eq(pl.oob.ecc[0].off, 120);
	ck_assert_uint_eq(pl.oob.ecc[0].len, 104);
	mm_pl_release(&pl);
	preset_check_all(&pl, "pmecc:t=24,step=1024", 4096, 224, 64);
	ck_assert_uint_eq(pl.poly, 0x4443);
	mm_pl_release(&pl);
}
END_TEST

Suite *preset_pmecc_suite(void)
{
	Suite *s = suite_create("preset_pmecc");
	TCase *tc = tcase_create("pmecc");

	tcase_add_test(tc, test_pmecc_geometries);
	suite_add_tcase(s, tc);
	return s;
}
