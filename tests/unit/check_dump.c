// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_dump.c - the dump model: choosing the reader, the bad block map
 * and its sources, errors that leave nothing open.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/open.h"
#include "../../formats/format.h"
#include "fmt_util.h"

static const uint64_t bad_2[] = { 2 };

static struct mm_gen gen_small(void)
{
	struct mm_gen g = {
		.page_size = 2048, .oob_size = 64, .pages_per_block = 4,
		.blocks = 6, .bad = bad_2, .n_bad = 1, .layout = MM_GEN_OOB,
		.content = MM_GEN_PATTERN, .seed = 21,
	};

	return g;
}

static void opts_small(struct mm_open_opts *o)
{
	tu_opts(o);
	o->geom.page_size = 2048;
	o->geom.oob_size = 64;
	o->oob_size_set = true;
	o->geom.pages_per_block = 4;
}

static int count_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	int n = 0;

	ck_assert_ptr_nonnull(dir);
	while (readdir(dir))
		n++;
	closedir(dir);
	return n;
}

START_TEST(test_dump_says_how_the_reader_was_chosen)
{
	struct mm_gen g = gen_small();
	struct mm_open_opts o;
	struct mm_dump d;

	opts_small(&o);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_str_eq(d.fmt->name, "oob");
	ck_assert_ptr_nonnull(strstr(d.fmt_why, "bids: "));
	ck_assert_ptr_nonnull(strstr(d.fmt_why, "oob=4"));
	ck_assert_str_eq(d.geom_why, "given");
	mm_dump_close(&d);

	o.format = "oob";
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_str_eq(d.fmt_why, "given (--format)");
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_dump_refuses_an_unknown_format)
{
	struct mm_gen g = gen_small();
	struct mm_open_opts o;
	struct mm_dump d;

	opts_small(&o);
	o.format = "yaffs9";
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_str_eq(mm_dump_error(&d), "unknown format 'yaffs9' (see --list-formats)");
}
END_TEST

START_TEST(test_dump_missing_file_is_enoent)
{
	struct mm_open_opts o;
	struct mm_dump d;

	opts_small(&o);
	ck_assert_int_eq(mm_dump_open(&d, "/nonexistent/dump.bin", &o), -ENOENT);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "cannot open"));
}
END_TEST

START_TEST(test_dump_bad_blocks_option_marks_user_blocks)
{
	static const uint64_t user[] = { 2, 5 };
	struct mm_gen g = gen_small();
	struct mm_open_opts o;
	struct mm_dump d;

	opts_small(&o);
	o.bad_blocks = user;
	o.n_bad_blocks = 2;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	/* The marker was seen first: its source wins. */
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 2), MM_BBS_MARKER);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 5), MM_BBS_USER);
	ck_assert_uint_eq(mm_bbt_count(&d.bbt), 2);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_dump_refuses_a_bad_block_past_the_end)
{
	static const uint64_t user[] = { 6 };
	struct mm_gen g = gen_small();
	struct mm_open_opts o;
	struct mm_dump d;

	opts_small(&o);
	o.bad_blocks = user;
	o.n_bad_blocks = 1;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_str_eq(mm_dump_error(&d), "bad block 6 is past the last block (5)");
}
END_TEST

START_TEST(test_dump_marker_offset_option_moves_the_marker)
{
	struct mm_gen g = gen_small();
	struct mm_open_opts o;
	struct mm_dump d;

	opts_small(&o);
	o.bbm.offset = 5;		/* the generator marks byte 0 */
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_uint_eq(mm_bbt_count(&d.bbt), 0);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_dump_read_page_past_the_end_is_einval)
{
	struct mm_gen g = gen_small();
	struct mm_open_opts o;
	struct mm_dump d;
	uint8_t data[2048];

	opts_small(&o);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_int_eq(mm_dump_read_page(&d, 23, data, NULL), 0);
	ck_assert_int_eq(mm_dump_read_page(&d, 24, data, NULL), -EINVAL);
	ck_assert_int_eq(mm_dump_read_page(&d, UINT64_MAX, data, NULL), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "past the end"));
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_dump_failed_opens_leave_nothing_open)
{
	struct mm_gen g = gen_small();
	struct mm_open_opts o;
	struct mm_dump d;
	char path[PATH_MAX];
	int before, i;

	tu_gen_file(&g, path);
	before = count_fds();
	for (i = 0; i < 200; i++) {
		opts_small(&o);
		switch (i % 4) {
		case 0:
			o.format = "nope";
			break;
		case 1:
			o.geom.pages_per_block = 5;	/* not whole blocks */
			break;
		case 2:
			o.geom.block_count = 2;		/* smaller than the file */
			break;
		case 3:
			o.bb_mode = MM_BB_SKIPBAD;
			o.geom.block_count = 9;
			break;
		}
		ck_assert_int_lt(mm_dump_open(&d, path, &o), 0);
	}
	ck_assert_int_eq(count_fds(), before);
	unlink(path);
}
END_TEST

Suite *dump_suite(void)
{
	Suite *s = suite_create("dump");
	TCase *tc;

	tc = tcase_create("open");
	tcase_add_test(tc, test_dump_says_how_the_reader_was_chosen);
	tcase_add_test(tc, test_dump_refuses_an_unknown_format);
	tcase_add_test(tc, test_dump_missing_file_is_enoent);
	tcase_add_test(tc, test_dump_failed_opens_leave_nothing_open);
	tcase_add_test(tc, test_dump_read_page_past_the_end_is_einval);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad_blocks");
	tcase_add_test(tc, test_dump_bad_blocks_option_marks_user_blocks);
	tcase_add_test(tc, test_dump_refuses_a_bad_block_past_the_end);
	tcase_add_test(tc, test_dump_marker_offset_option_moves_the_marker);
	suite_add_tcase(s, tc);
	return s;
}
