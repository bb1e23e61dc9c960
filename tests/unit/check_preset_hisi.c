// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_preset_hisi.c - the HiSilicon Balong layout: the data bytes in the
 * places of balong-raw-dump-tools, the OOB of the rest, no ECC.
 */
#include <check.h>
#include <string.h>

#include "preset_util.h"

static struct mm_pagelayout pl;

START_TEST(test_hisi_balong_places)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	uint8_t data[2048], oob[64], phys[2112], back[2048], boob[64];
	struct mm_pagelayout again;
	struct mm_ecc_stat st;
	enum mm_page_state state;
	char msg[160], spec[1024], spec2[1024];
	unsigned int i;

	ck_assert_int_eq(mm_pl_from_arg(&pl, "hisi-balong", &g, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(pl.m, 0);
	ck_assert_uint_eq(pl.nsteps, 0);
	ck_assert_uint_eq(pl.oob.oobavail, 0);
	mm_pl_format(&pl, spec, sizeof(spec));
	ck_assert_int_eq(mm_pl_parse(&again, spec, msg, sizeof(msg)), 0);
	mm_pl_format(&again, spec2, sizeof(spec2));
	ck_assert_str_eq(spec, spec2);
	mm_pl_release(&again);

	preset_fill(data, sizeof(data), 17);
	preset_fill(oob, sizeof(oob), 18);
	oob[0] = oob[1] = 0xff;
	ck_assert_int_eq(mm_pl_encode(&pl, 3, data, oob, phys), 0);
	/* convert_raw_dump.py: 1040 data, 14, 994 data, 2, 14 data, 48 */
	ck_assert_mem_eq(phys, data, 1040);
	ck_assert_mem_eq(phys + 1040, oob + 2, 14);
	ck_assert_mem_eq(phys + 1054, data + 1040, 994);
	ck_assert_uint_eq(phys[2048], 0xff);
	ck_assert_uint_eq(phys[2049], 0xff);
	ck_assert_mem_eq(phys + 2050, data + 2034, 14);
	ck_assert_mem_eq(phys + 2064, oob + 16, 48);
	ck_assert(!mm_pl_is_bad(&pl, phys));
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mm_pl_decode(&pl, 3, phys, back, boob, &st, &state), 0);
	ck_assert_mem_eq(back, data, sizeof(data));
	ck_assert_mem_eq(boob, oob, sizeof(oob));
	ck_assert_int_eq(state, MM_PAGE_CLEAN);
	ck_assert_uint_eq(st.steps, 0);

	/* no code: a flip stays, nothing is counted */
	phys[100] ^= 0x10;
	ck_assert_int_eq(mm_pl_decode(&pl, 3, phys, back, boob, &st, &state), 0);
	ck_assert_uint_eq(back[100], data[100] ^ 0x10);
	ck_assert_int_eq(state, MM_PAGE_CLEAN);
	ck_assert_uint_eq(st.corrected_bits + st.uncorrectable_steps, 0);

	/* erased; the factory marker at 2048..2049 */
	memset(phys, 0xff, sizeof(phys));
	ck_assert_int_eq(mm_pl_decode(&pl, 3, phys, back, boob, NULL, &state), 0);
	ck_assert_int_eq(state, MM_PAGE_ERASED);
	for (i = 0; i < sizeof(back); i++)
		ck_assert_uint_eq(back[i], 0xff);
	phys[2049] = 0;
	ck_assert(mm_pl_is_bad(&pl, phys));
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_hisi_balong_only_2048_64)
{
	ck_assert_int_ne(mm_pl_from_arg(&pl, "hisi-balong",
					&(struct mm_pl_geom){ 4096, 224, 64 },
					NULL, 0), 0);
	ck_assert_int_ne(mm_pl_from_arg(&pl, "hisi-balong",
					&(struct mm_pl_geom){ 2048, 128, 64 },
					NULL, 0), 0);
	ck_assert_int_ne(mm_pl_from_arg(&pl, "hisi-balong:t=8",
					&(struct mm_pl_geom){ 2048, 64, 64 },
					NULL, 0), 0);
}
END_TEST

START_TEST(test_hisi_balong_spec_string)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	char spec[1024];

	ck_assert_int_eq(mm_pl_from_arg(&pl, "hisi-balong", &g, NULL, 0), 0);
	mm_pl_format(&pl, spec, sizeof(spec));
	ck_assert_str_eq(spec, "name=hisi-balong;data=2048;oob=64;phys=2112;bbm=2048+2;oob-bbm=0-1;oob-ecc=2-29;fields=D1040/-,O14@2/-,D994/-,O2@0/-,D14/-,O48@16/-");
	mm_pl_release(&pl);
}
END_TEST

Suite *preset_hisi_suite(void)
{
	Suite *s = suite_create("preset_hisi");
	TCase *tc = tcase_create("hisi");

	tcase_add_test(tc, test_hisi_balong_places);
	tcase_add_test(tc, test_hisi_balong_only_2048_64);
	tcase_add_test(tc, test_hisi_balong_spec_string);
	suite_add_tcase(s, tc);
	return s;
}
