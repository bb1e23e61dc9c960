// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_fmt_oob.c - page + OOB interleaved: probe by size, read_page of
 * data and spare, factory markers, truncated files.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/open.h"
#include "../../formats/format.h"
#include "fmt_util.h"

static const uint64_t bad_1_4[] = { 1, 4 };

static struct mm_gen gen_oob(void)
{
	struct mm_gen g = {
		.page_size = 2048, .oob_size = 64, .pages_per_block = 4,
		.blocks = 6, .bad = bad_1_4, .n_bad = 2, .layout = MM_GEN_OOB,
		.content = MM_GEN_PATTERN, .seed = 11,
	};

	return g;
}

static void opts_oob(struct mm_open_opts *o)
{
	tu_opts(o);
	o->geom.page_size = 2048;
	o->geom.oob_size = 64;
	o->oob_size_set = true;
	o->geom.pages_per_block = 4;
}

START_TEST(test_oob_probe_bids_by_record_and_block_arithmetic)
{
	const struct mm_format *f = mm_format_find("oob");
	struct mm_geom hint = { .page_size = 2048, .oob_size = 64,
				.pages_per_block = 64 };
	struct mm_src src = { .size = 2112 * 64 * 2, .fd = -1 };

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->probe(&src, &hint), 4);
	src.size = 2112 * 3;
	ck_assert_int_eq(f->probe(&src, &hint), 2);
	src.size = 2112 * 3 + 1;
	ck_assert_int_eq(f->probe(&src, &hint), 0);
	hint.oob_size = 0;
	src.size = 2048 * 64;
	ck_assert_int_eq(f->probe(&src, &hint), 0);
}
END_TEST

START_TEST(test_oob_read_page_returns_data_and_spare)
{
	struct mm_gen g = gen_oob();
	struct mm_open_opts o;
	struct mm_dump d;

	opts_oob(&o);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_str_eq(d.fmt->name, "oob");
	tu_assert_matches_gen(&d, &g, TU_BAD_ASIS);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_oob_factory_markers_make_blocks_bad)
{
	struct mm_gen g = gen_oob();
	struct mm_open_opts o;
	struct mm_dump d;

	opts_oob(&o);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_uint_eq(mm_bbt_count(&d.bbt), 2);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 1), MM_BBS_MARKER);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 4), MM_BBS_MARKER);
	mm_dump_close(&d);

	o.no_bbm_scan = true;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_uint_eq(mm_bbt_count(&d.bbt), 0);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_oob_small_page_marker_is_byte_5)
{
	struct mm_gen g = gen_oob();
	struct mm_open_opts o;
	struct mm_dump d;

	g.page_size = 512;
	g.oob_size = 16;
	opts_oob(&o);
	o.geom.page_size = 512;
	o.geom.oob_size = 16;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	tu_assert_matches_gen(&d, &g, TU_BAD_ASIS);
	ck_assert_uint_eq(mm_bbt_count(&d.bbt), 2);
	ck_assert(mm_bbt_is_bad(&d.bbt, 4));
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_oob_refuses_a_truncated_record)
{
	char path[PATH_MAX];
	struct mm_gen g = gen_oob();
	struct mm_open_opts o;
	struct mm_dump d;

	tu_gen_file(&g, path);
	ck_assert_int_eq(truncate(path, 2112 * 10 + 2000), 0);
	opts_oob(&o);
	ck_assert_int_eq(mm_dump_open(&d, path, &o), -EINVAL);
	ck_assert_msg(strstr(mm_dump_error(&d), "2112-byte page record"), "%s", mm_dump_error(&d));
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "0x5280"));
	ck_assert_int_eq(truncate(path, 2112 * 10), 0);
	ck_assert_int_eq(mm_dump_open(&d, path, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "ends inside block 2 (page 2 of 4"));
	unlink(path);
}
END_TEST

START_TEST(test_oob_format_needs_an_oob_size)
{
	struct mm_gen g = gen_oob();
	struct mm_open_opts o;
	struct mm_dump d;

	opts_oob(&o);
	o.format = "oob";
	o.geom.oob_size = 0;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "needs an OOB size"));
}
END_TEST

START_TEST(test_oob_same_page_twice_gives_the_same_bytes)
{
	struct mm_gen g = gen_oob();
	struct mm_open_opts o;
	struct mm_dump d;

	opts_oob(&o);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert(tu_page_eq(&d, 13, &d, 13));
	ck_assert(!tu_page_eq(&d, 13, &d, 14));
	mm_dump_close(&d);
}
END_TEST

Suite *fmt_oob_suite(void)
{
	Suite *s = suite_create("fmt_oob");
	TCase *tc;

	tc = tcase_create("probe");
	tcase_add_test(tc, test_oob_probe_bids_by_record_and_block_arithmetic);
	suite_add_tcase(s, tc);

	tc = tcase_create("read_page");
	tcase_add_test(tc, test_oob_read_page_returns_data_and_spare);
	tcase_add_test(tc, test_oob_same_page_twice_gives_the_same_bytes);
	tcase_add_test(tc, test_oob_factory_markers_make_blocks_bad);
	tcase_add_test(tc, test_oob_small_page_marker_is_byte_5);
	suite_add_tcase(s, tc);

	tc = tcase_create("refused");
	tcase_add_test(tc, test_oob_refuses_a_truncated_record);
	tcase_add_test(tc, test_oob_format_needs_an_oob_size);
	suite_add_tcase(s, tc);
	return s;
}
