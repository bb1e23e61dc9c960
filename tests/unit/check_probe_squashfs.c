// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_probe_squashfs.c - the SquashFS prober: a superblock and the blocks
 * of its bytes_used.
 */
#include <check.h>
#include <string.h>

#include "probe_util.h"

START_TEST(test_scan_squashfs_spans_its_bytes_used)
{
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;
	uint8_t *p;

	pu_img_init(&m, 5);
	p = pu_blk(&m, 1);
	memset(p, 0x5a, 2 * EB + 100);
	memset(p, 0, 96);
	memcpy(p, "hsqs", 4);
	pu_put_le32(p + 4, 3);		/* inodes */
	pu_put_le32(p + 12, 131072);	/* block_size */
	p[20] = 4;			/* xz */
	p[22] = 17;			/* block_log */
	p[28] = 4;			/* 4.0 */
	pu_put_le32(p + 40, 2 * EB + 100);	/* bytes_used */
	memset(pu_blk(&m, 4), 0x33, 10);
	pu_img_scan(&m, &d, &r, NULL, 0);
	c = pu_find(&r, "squashfs", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 1);
	ck_assert_uint_eq(c->last_block, 3);
	ck_assert_str_eq(pu_field(c, "compression"), "xz");
	ck_assert_uint_eq(pu_u64(c, "bytes_used"), 2 * EB + 100);
	c = pu_find(&r, "data", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 4);
	mm_scan_free(&r);
	mm_dump_close(&d);
	pu_img_free(&m);
}
END_TEST

Suite *probe_squashfs_suite(void)
{
	Suite *s = suite_create("probe_squashfs");
	TCase *tc = tcase_create("squashfs");

	tcase_add_test(tc, test_scan_squashfs_spans_its_bytes_used);
	suite_add_tcase(s, tc);
	return s;
}
