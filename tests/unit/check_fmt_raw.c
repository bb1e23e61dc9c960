// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_fmt_raw.c - the data-only reader: probe, open, read_page, absent
 * pages, sizes that do not fit.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/open.h"
#include "../../formats/format.h"
#include "fmt_util.h"

static struct mm_gen gen_raw(void)
{
	struct mm_gen g = {
		.page_size = 512, .oob_size = 16, .pages_per_block = 4,
		.blocks = 6, .layout = MM_GEN_RAW, .content = MM_GEN_PATTERN,
		.seed = 3,
	};

	return g;
}

static void opts_raw(struct mm_open_opts *o)
{
	tu_opts(o);
	o->format = "raw";
	o->geom.page_size = 512;
	o->geom.pages_per_block = 4;
}

START_TEST(test_raw_probe_bids_one_when_the_size_fits_whole_pages)
{
	const struct mm_format *f = mm_format_find("raw");
	struct mm_geom hint = { .page_size = 2048, .pages_per_block = 64 };
	struct mm_src src = { .size = 2048 * 64 * 3, .fd = -1 };

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->probe(&src, &hint), 1);
	src.size = 2048 * 5;			/* pages, not whole blocks */
	ck_assert_int_eq(f->probe(&src, &hint), 1);
	src.size = 2049;
	ck_assert_int_eq(f->probe(&src, &hint), 0);
}
END_TEST

START_TEST(test_raw_probe_rejects_an_oob_hint_and_an_empty_file)
{
	const struct mm_format *f = mm_format_find("raw");
	struct mm_geom hint = { .page_size = 2048, .oob_size = 64 };
	struct mm_src src = { .size = 2112 * 64, .fd = -1 };

	ck_assert_int_eq(f->probe(&src, &hint), 0);
	hint.oob_size = 0;
	src.size = 0;
	ck_assert_int_eq(f->probe(&src, &hint), 0);
}
END_TEST

START_TEST(test_raw_read_page_returns_the_file_bytes_and_ff_oob)
{
	struct mm_gen g = gen_raw();
	struct mm_open_opts o;
	struct mm_dump d;
	uint8_t oob[16];

	opts_raw(&o);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_uint_eq(d.geom.oob_size, 0);
	ck_assert_uint_eq(d.geom.block_count, 6);
	tu_assert_matches_gen(&d, &g, TU_BAD_ASIS);
	/* A data-only dump has no OOB: a caller's buffer is left alone. */
	memset(oob, 0x5a, sizeof(oob));
	ck_assert_int_eq(mm_dump_read_page(&d, 3, NULL, oob), 0);
	ck_assert_uint_eq(oob[0], 0x5a);
	ck_assert_int_eq(mm_dump_read_page(&d, 24, NULL, NULL), -EINVAL);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_raw_refuses_size_not_a_multiple_of_the_page)
{
	char path[PATH_MAX];
	struct mm_gen g = gen_raw();
	struct mm_open_opts o;
	struct mm_dump d;

	tu_gen_file(&g, path);
	ck_assert_int_eq(truncate(path, 6 * 4 * 512 - 100), 0);
	opts_raw(&o);
	ck_assert_int_eq(mm_dump_open(&d, path, &o), -EINVAL);
	unlink(path);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "not a multiple of the 512-byte page record"));
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "truncated at 0x2e00"));
}
END_TEST

START_TEST(test_raw_refuses_a_file_ending_inside_a_block)
{
	char path[PATH_MAX];
	struct mm_gen g = gen_raw();
	struct mm_open_opts o;
	struct mm_dump d;

	tu_gen_file(&g, path);
	ck_assert_int_eq(truncate(path, 5 * 4 * 512 + 512), 0);
	opts_raw(&o);
	ck_assert_int_eq(mm_dump_open(&d, path, &o), -EINVAL);
	unlink(path);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "ends inside block 5"));
}
END_TEST

START_TEST(test_raw_pages_past_a_short_file_read_absent)
{
	char path[PATH_MAX];
	struct mm_gen g = gen_raw();
	struct mm_open_opts o;
	struct mm_dump d;
	uint8_t data[512];

	tu_gen_file(&g, path);
	opts_raw(&o);
	o.chip_size = 8 * 4 * 512;		/* the chip is larger */
	ck_assert_int_eq(mm_dump_open(&d, path, &o), 0);
	unlink(path);
	ck_assert_uint_eq(d.geom.block_count, 8);
	ck_assert_int_eq(mm_dump_read_page(&d, 23, data, NULL), 0);
	ck_assert_int_eq(mm_dump_read_page(&d, 24, data, NULL), MM_PAGE_ABSENT);
	ck_assert_uint_eq(data[0], 0xff);
	ck_assert_uint_eq(data[511], 0xff);
	mm_dump_close(&d);

	o.chip_size = 4 * 4 * 512;		/* smaller than the file */
	tu_gen_file(&g, path);
	ck_assert_int_eq(mm_dump_open(&d, path, &o), -EINVAL);
	unlink(path);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "file holds 6 blocks"));

	o.chip_size = 8 * 4 * 512 + 512;	/* not whole blocks */
	tu_gen_file(&g, path);
	ck_assert_int_eq(mm_dump_open(&d, path, &o), -EINVAL);
	unlink(path);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "not a whole number"));
}
END_TEST

START_TEST(test_raw_refuses_an_oob_size_with_format_raw)
{
	struct mm_gen g = gen_raw();
	struct mm_open_opts o;
	struct mm_dump d;

	opts_raw(&o);
	o.geom.oob_size = 16;
	o.oob_size_set = true;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "has no OOB"));
}
END_TEST

START_TEST(test_raw_read_of_a_file_that_shrank_is_an_io_error)
{
	char path[PATH_MAX];
	struct mm_gen g = gen_raw();
	struct mm_open_opts o;
	struct mm_dump d;
	uint8_t data[512];

	tu_gen_file(&g, path);
	opts_raw(&o);
	ck_assert_int_eq(mm_dump_open(&d, path, &o), 0);
	ck_assert_int_eq(truncate(path, 512 * 4), 0);
	unlink(path);
	ck_assert_int_eq(mm_dump_read_page(&d, 2, data, NULL), 0);
	ck_assert_int_eq(mm_dump_read_page(&d, 20, data, NULL), -EIO);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "page 20"));
	mm_dump_close(&d);
}
END_TEST

Suite *fmt_raw_suite(void)
{
	Suite *s = suite_create("fmt_raw");
	TCase *tc;

	tc = tcase_create("probe");
	tcase_add_test(tc, test_raw_probe_bids_one_when_the_size_fits_whole_pages);
	tcase_add_test(tc, test_raw_probe_rejects_an_oob_hint_and_an_empty_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("read_page");
	tcase_add_test(tc, test_raw_read_page_returns_the_file_bytes_and_ff_oob);
	tcase_add_test(tc, test_raw_pages_past_a_short_file_read_absent);
	tcase_add_test(tc, test_raw_read_of_a_file_that_shrank_is_an_io_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("refused");
	tcase_add_test(tc, test_raw_refuses_size_not_a_multiple_of_the_page);
	tcase_add_test(tc, test_raw_refuses_a_file_ending_inside_a_block);
	tcase_add_test(tc, test_raw_refuses_an_oob_size_with_format_raw);
	suite_add_tcase(s, tc);
	return s;
}
