// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_preset_qcom.c - the Qualcomm NANDc codeword layout and the common checks.
 */
#include <check.h>
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
	suite_add_tcase(s, tc);
	return s;
}
