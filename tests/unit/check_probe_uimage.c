// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_probe_uimage.c - the U-Boot legacy image prober: the blocks of its
 * data, the data CRC over them, and a bad block that breaks it.
 */
#include <check.h>
#include <string.h>

#include "probe_util.h"

START_TEST(test_probe_uimage_extent_and_data_crc)
{
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;

	pu_img_init(&m, 7);
	pu_uimage(pu_blk(&m, 0), 2 * EB + 10, "Linux-6.1", true);
	memset(pu_blk(&m, 3), 0x11, 100);
	pu_uimage(pu_blk(&m, 5), 100, "bad data", false);
	pu_img_scan(&m, &d, &r, NULL, 0);
	c = pu_find(&r, "uimage", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 0);
	ck_assert_uint_eq(c->last_block, 2);
	ck_assert_str_eq(pu_field(c, "name"), "Linux-6.1");
	ck_assert_uint_eq(pu_u64(c, "data_size"), 2 * EB + 10);
	ck_assert_str_eq(pu_field(c, "image_type"), "kernel");
	ck_assert_uint_eq(pu_u64(c, "os"), 5);
	ck_assert_str_eq(pu_field(c, "compression"), "gzip");
	ck_assert(pu_bool(c, "data_crc_ok"));
	c = pu_find(&r, "data", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 3);
	c = pu_find(&r, "uimage", 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 5);
	ck_assert(!pu_bool(c, "data_crc_ok"));
	ck_assert_ptr_null(pu_find(&r, "uimage", 2));
	mm_scan_free(&r);
	mm_dump_close(&d);
	pu_img_free(&m);
}
END_TEST

/* A bad block inside the data: the CRC cannot hold, the extent still does. */
START_TEST(test_probe_uimage_bad_block_breaks_data_crc)
{
	static const uint64_t bad[] = { 1 };
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;

	pu_img_init(&m, 4);
	pu_uimage(pu_blk(&m, 0), 2 * EB + 10, "Linux-6.1", true);
	pu_img_scan(&m, &d, &r, bad, 1);
	c = pu_find(&r, "uimage", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 0);
	ck_assert_uint_eq(c->last_block, 2);
	ck_assert_uint_eq(c->blocks, 2);
	ck_assert(!pu_bool(c, "data_crc_ok"));
	mm_scan_free(&r);
	mm_dump_close(&d);
	pu_img_free(&m);
}
END_TEST

Suite *probe_uimage_suite(void)
{
	Suite *s = suite_create("probe_uimage");
	TCase *tc = tcase_create("uimage");

	tcase_add_test(tc, test_probe_uimage_extent_and_data_crc);
	tcase_add_test(tc, test_probe_uimage_bad_block_breaks_data_crc);
	suite_add_tcase(s, tc);
	return s;
}
