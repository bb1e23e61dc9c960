// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_fmt_split.c - --oob-file: a data file and a spare file read as page
 * + OOB records; geometry from the options or from the size ratio; sizes
 * that do not fit refused; each file may itself be compressed.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/open.h"
#include "../../formats/format.h"
#include "cont_util.h"

static uint8_t *img;
static size_t img_len;

/* Split the generated image into NAME.data and NAME.spare. */
static void split_files(const char *name, size_t page, size_t oob)
{
	size_t rec = page + oob, n = img_len / rec, i;
	uint8_t *d = malloc(n * page), *s = malloc(n * oob);
	char p[64];

	for (i = 0; i < n; i++) {
		memcpy(d + i * page, img + i * rec, page);
		memcpy(s + i * oob, img + i * rec + page, oob);
	}
	snprintf(p, sizeof(p), "%s.data", name);
	cu_write(cu_path(p), d, n * page);
	snprintf(p, sizeof(p), "%s.spare", name);
	cu_write(cu_path(p), s, n * oob);
	free(d);
	free(s);
}

static void setup(void)
{
	struct mm_gen g = cu_gen_2k();

	img = cu_gen_image(&g, &img_len);
	split_files("s", 2048, 64);
}

static void teardown(void)
{
	free(img);
}

START_TEST(test_split_with_geometry_reads_like_page_plus_oob)
{
	struct mm_open_opts o;
	struct mm_dump d;

	cu_opts(&o, 2048, 64, 8);
	o.oob_file = cu_path("s.spare");
	ck_assert_int_eq(mm_dump_open(&d, cu_path("s.data"), &o), 0);
	ck_assert_str_eq(d.fmt->name, "oob");
	cu_assert_pages(&d, img, img_len);
	ck_assert(mm_bbt_is_bad(&d.bbt, 2));
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_split_sizes_give_the_geometry_when_not_given)
{
	struct mm_open_opts o;
	struct mm_dump d;

	cu_opts(&o, 0, 0, 8);
	o.oob_size_set = false;
	o.format = "oob";
	o.oob_file = cu_path("s.spare");
	ck_assert_int_eq(mm_dump_open(&d, cu_path("s.data"), &o), 0);
	ck_assert_uint_eq(d.geom.page_size, 2048);
	ck_assert_uint_eq(d.geom.oob_size, 64);
	cu_assert_pages(&d, img, img_len);
	mm_dump_close(&d);

	/* Only the OOB size given: the page size follows. */
	cu_opts(&o, 0, 64, 8);
	o.format = "oob";
	o.oob_file = cu_path("s.spare");
	ck_assert_int_eq(mm_dump_open(&d, cu_path("s.data"), &o), 0);
	ck_assert_uint_eq(d.geom.page_size, 2048);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_split_mismatched_sizes_are_refused)
{
	size_t len;
	uint8_t *s = cu_slurp(cu_path("s.spare"), &len);
	struct mm_open_opts o;
	struct mm_dump d;

	cu_write(cu_path("short.spare"), s, len - 64);
	cu_opts(&o, 2048, 64, 8);
	o.oob_file = cu_path("short.spare");
	ck_assert_int_eq(mm_dump_open(&d, cu_path("s.data"), &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(d.err, "--oob-file"));
	cu_opts(&o, 2048, 32, 8);
	o.oob_file = cu_path("s.spare");
	ck_assert_int_eq(mm_dump_open(&d, cu_path("s.data"), &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(d.err, "64 spare bytes per page, not 32"));
	cu_opts(&o, 2048, 64, 8);
	o.oob_file = cu_path("missing.spare");
	ck_assert_int_eq(mm_dump_open(&d, cu_path("s.data"), &o), -ENOENT);
	ck_assert_ptr_nonnull(strstr(d.err, "missing.spare"));
	free(s);
}
END_TEST

START_TEST(test_split_files_may_be_compressed)
{
	struct mm_open_opts o;
	struct mm_dump d;

	ck_assert_int_eq(cu_run("cd '%s' && gzip -c s.data > c.data.gz && xz -c s.spare > c.spare.xz",
				cu_dir()), 0);
	cu_opts(&o, 2048, 64, 8);
	o.oob_file = cu_path("c.spare.xz");
	ck_assert_int_eq(mm_dump_open(&d, cu_path("c.data.gz"), &o), 0);
	cu_assert_pages(&d, img, img_len);
	mm_dump_close(&d);
}
END_TEST

Suite *fmt_split_suite(void)
{
	Suite *s = suite_create("fmt_split");
	TCase *tc = tcase_create("split");

	cu_dir();
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_split_with_geometry_reads_like_page_plus_oob);
	tcase_add_test(tc, test_split_sizes_give_the_geometry_when_not_given);
	tcase_add_test(tc, test_split_mismatched_sizes_are_refused);
	tcase_add_test(tc, test_split_files_may_be_compressed);
	suite_add_tcase(s, tc);
	return s;
}
