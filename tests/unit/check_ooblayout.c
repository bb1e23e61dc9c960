// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_ooblayout.c - the kernel's standard OOB layouts.
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "../../core/layout/ooblayout.h"

START_TEST(test_ooblayout_2048_64_default_is_lp_hamming)
{
	struct mm_geom g = { .page_size = 2048, .oob_size = 64 };
	struct mm_ooblayout l;
	char msg[128];

	ck_assert_int_eq(mm_ooblayout_default(&l, &g), 0);
	ck_assert_str_eq(l.name, "lp-hamming");
	ck_assert_uint_eq(l.oobavail, 38);
	ck_assert_int_eq(mm_ooblayout_free_offset(&l, 0), 2);
	ck_assert_int_eq(mm_ooblayout_free_offset(&l, 37), 39);
	ck_assert_int_eq(mm_ooblayout_free_offset(&l, 38), -1);
	ck_assert_uint_eq(l.necc, 1);
	ck_assert_uint_eq(l.ecc[0].off, 40);
	ck_assert_uint_eq(l.ecc[0].len, 24);
	ck_assert_int_eq(mm_ooblayout_check(&l, msg, sizeof(msg)), 0);
}
END_TEST

START_TEST(test_ooblayout_bch4_2048_64_is_lp_generic)
{
	struct mm_geom g = { .page_size = 2048, .oob_size = 64 };
	struct mm_ooblayout l;

	ck_assert_int_eq(mm_ooblayout_kernel(&l, &g, 4 * 7, false), 0);
	ck_assert_str_eq(l.name, "lp");
	ck_assert_uint_eq(l.oobavail, 34);
	ck_assert_uint_eq(l.ecc[0].off, 36);
	ck_assert_int_eq(mm_ooblayout_free_offset(&l, 33), 35);
}
END_TEST

START_TEST(test_ooblayout_small_page_16)
{
	struct mm_geom g = { .page_size = 512, .oob_size = 16 };
	struct mm_ooblayout l;

	ck_assert_int_eq(mm_ooblayout_default(&l, &g), 0);
	ck_assert_str_eq(l.name, "sp");
	ck_assert_uint_eq(l.bbm.off, 5);
	ck_assert_uint_eq(l.oobavail, 8);
	ck_assert_int_eq(mm_ooblayout_free_offset(&l, 0), 8);
	ck_assert_uint_eq(l.necc, 2);
	ck_assert_uint_eq(l.ecc[1].off, 6);
	ck_assert_uint_eq(l.ecc[1].len, 2);
}
END_TEST

START_TEST(test_ooblayout_free_bytes_round_trip)
{
	struct mm_geom g = { .page_size = 256, .oob_size = 8 };
	struct mm_ooblayout l;
	uint8_t oob[8], buf[4] = { 1, 2, 3, 4 }, back[4];

	ck_assert_int_eq(mm_ooblayout_default(&l, &g), 0);
	ck_assert_uint_eq(l.oobavail, 4);
	memset(oob, 0xff, sizeof(oob));
	mm_ooblayout_put_free(&l, oob, 0, 4, buf);
	ck_assert_uint_eq(oob[3], 1);
	ck_assert_uint_eq(oob[4], 2);
	ck_assert_uint_eq(oob[5], 0xff);
	ck_assert_uint_eq(oob[6], 3);
	mm_ooblayout_get_free(&l, oob, 1, 3, back);
	ck_assert_mem_eq(back, buf + 1, 3);
}
END_TEST

START_TEST(test_ooblayout_parse_spec)
{
	struct mm_geom g = { .page_size = 2048, .oob_size = 64 };
	struct mm_ooblayout l;
	char msg[160];

	ck_assert_int_eq(mm_ooblayout_parse(&l, "bbm=0-1,free=2-39,ecc=40-63",
					    &g, 8, 3, true, msg, sizeof(msg)), 0);
	ck_assert_str_eq(l.name, "custom");
	ck_assert_uint_eq(l.bbm.off, 0);
	ck_assert_uint_eq(l.bbm.len, 2);
	ck_assert_uint_eq(l.oobavail, 38);
	ck_assert_uint_eq(l.necc, 1);
	ck_assert_uint_eq(l.ecc[0].off, 40);
	ck_assert_uint_eq(l.ecc[0].len, 24);
	ck_assert(!l.ecc_covers_free && !l.ecc_plain);
	/* repeated ranges keep their order; flags; hex */
	ck_assert_int_eq(mm_ooblayout_parse(&l, "ecc=0x30-0x3f,ecc=2-17,free=20-23,free=18,ecc-covers-free,ecc-plain",
					    &g, 4, 8, false, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(l.necc, 2);
	ck_assert_uint_eq(l.ecc[0].off, 48);
	ck_assert_uint_eq(l.ecc[1].off, 2);
	ck_assert_int_eq(mm_ooblayout_free_offset(&l, 4), 18);
	ck_assert_uint_eq(l.bbm.len, 0);
	ck_assert(l.ecc_covers_free && l.ecc_plain);
}
END_TEST

START_TEST(test_ooblayout_parse_rejects)
{
	struct mm_geom g = { .page_size = 2048, .oob_size = 64 };
	struct mm_ooblayout l;
	char msg[160];

	/* overlap, past the end, too few ECC bytes, junk, unknown name */
	ck_assert_int_eq(mm_ooblayout_parse(&l, "bbm=0-1,free=1-39", &g, 0, 0,
					    false, msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "used twice"));
	ck_assert_int_eq(mm_ooblayout_parse(&l, "ecc=40-64", &g, 0, 0, false,
					    msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_ooblayout_parse(&l, "ecc=40-62", &g, 8, 3, true,
					    msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "needs 24"));
	ck_assert_int_eq(mm_ooblayout_parse(&l, "free=9-3", &g, 0, 0, false,
					    msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_ooblayout_parse(&l, "spare=2-9", &g, 0, 0, false,
					    msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_ooblayout_parse(&l, "free=2-x", &g, 0, 0, false,
					    msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_ooblayout_parse(&l, "yaffs", &g, 0, 0, false, msg,
					    sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "unknown OOB layout 'yaffs'"));
	ck_assert_int_eq(mm_ooblayout_parse(&l, "sp", &g, 0, 0, false, msg,
					    sizeof(msg)), -EINVAL);
}
END_TEST

START_TEST(test_ooblayout_presets)
{
	struct mm_geom g = { .page_size = 2048, .oob_size = 64 };
	struct mm_geom g4k = { .page_size = 4096, .oob_size = 224 };
	struct mm_ooblayout l;
	const char *const *n;
	char msg[160];

	ck_assert_int_eq(mm_ooblayout_parse(&l, "omap-bch8", &g, 4, 13, false,
					    msg, sizeof(msg)), 0);
	ck_assert_str_eq(l.name, "omap-bch8");
	ck_assert_uint_eq(l.necc, 4);
	ck_assert_uint_eq(l.ecc[0].off, 2);
	ck_assert_uint_eq(l.ecc[3].off, 44);
	ck_assert_uint_eq(l.ecc[3].len, 13);
	ck_assert_int_eq(mm_ooblayout_free_offset(&l, 0), 58);
	ck_assert_uint_eq(l.oobavail, 6);
	ck_assert(l.ecc_plain);
	ck_assert_int_eq(mm_ooblayout_parse(&l, "omap-bch8", &g4k, 8, 13,
					    false, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(l.oobavail, 224 - 2 - 8 * 14);
	/* the kernel's, by name */
	ck_assert_int_eq(mm_ooblayout_parse(&l, "lp", &g, 4, 7, false, msg,
					    sizeof(msg)), 0);
	ck_assert_uint_eq(l.ecc[0].off, 36);
	ck_assert_int_eq(mm_ooblayout_parse(&l, "lp-hamming", &g, 8, 3, true,
					    msg, sizeof(msg)), 0);
	ck_assert_uint_eq(l.ecc[0].off, 40);
	for (n = mm_ooblayout_preset_names(); *n; n++)
		ck_assert_int_eq(mm_ooblayout_parse(&l, *n, &g, 4, 5, false,
						    msg, sizeof(msg)),
				 strcmp(*n, "sp") ? 0 : -EINVAL);
}
END_TEST

Suite *ooblayout_suite(void)
{
	Suite *s = suite_create("ooblayout");
	TCase *tc = tcase_create("kernel");

	tcase_add_test(tc, test_ooblayout_2048_64_default_is_lp_hamming);
	tcase_add_test(tc, test_ooblayout_bch4_2048_64_is_lp_generic);
	tcase_add_test(tc, test_ooblayout_small_page_16);
	tcase_add_test(tc, test_ooblayout_free_bytes_round_trip);
	suite_add_tcase(s, tc);
	tc = tcase_create("parse");
	tcase_add_test(tc, test_ooblayout_parse_spec);
	tcase_add_test(tc, test_ooblayout_parse_rejects);
	tcase_add_test(tc, test_ooblayout_presets);
	suite_add_tcase(s, tc);
	return s;
}
