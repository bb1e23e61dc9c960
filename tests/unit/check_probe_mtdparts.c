// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_probe_mtdparts.c - the "mtdparts=" string prober: repeated values
 * counted once, the doubled prefix stripped, strings across page and block
 * boundaries, a bad block that cuts one, values that are no partition list.
 */
#include <check.h>
#include <string.h>

#include "probe_util.h"

static void put(struct img *m, unsigned int b, size_t off, const char *s)
{
	memcpy(pu_blk(m, b) + off, s, strlen(s));
}

START_TEST(test_probe_mtdparts_strings)
{
	static const uint64_t bad[] = { 5 };
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;

	pu_img_init(&m, 6);
	put(&m, 0, 100, "mtdparts=mtdparts=nand0:1M(boot),-(rootfs)\n");
	put(&m, 1, 300, "\"mtdparts=nand0:1M(boot),-(rootfs)\"");
	put(&m, 1, 600, "mtdparts=noparts mtdparts=a: ");	/* no list */
	put(&m, 2, PS - 5, "mtdparts=spi0.0:64k(u-boot)ro ");
	put(&m, 3, EB - 11, "mtdparts=x:");	/* into block 4 */
	put(&m, 4, 0, "1M(a);");
	put(&m, 4, EB - 13, "mtdparts=y:1M");	/* cut by bad block 5 */
	pu_img_scan(&m, &d, &r, bad, 1);

	c = pu_find(&r, "mtdparts", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(pu_field(c, "value"), "nand0:1M(boot),-(rootfs)");
	ck_assert_uint_eq(c->first_block, 0);
	ck_assert_uint_eq(c->offset, 100);
	ck_assert_uint_eq(pu_u64(c, "count"), 2);
	c = pu_find(&r, "mtdparts", 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(pu_field(c, "value"), "spi0.0:64k(u-boot)ro");
	ck_assert_uint_eq(c->offset, 2 * EB + PS - 5);
	c = pu_find(&r, "mtdparts", 2);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(pu_field(c, "value"), "x:1M(a)");
	ck_assert_uint_eq(c->first_block, 3);
	c = pu_find(&r, "mtdparts", 3);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(pu_field(c, "value"), "y:1M");
	ck_assert_uint_eq(c->first_block, 4);
	ck_assert_ptr_null(pu_find(&r, "mtdparts", 4));
	/* A string found in a block comes after the block's own item. */
	ck_assert_str_eq(mm_content_type(&r.items[0]), "data");
	ck_assert_str_eq(mm_content_type(&r.items[1]), "mtdparts");
	mm_scan_free(&r);
	mm_dump_close(&d);
	pu_img_free(&m);
}
END_TEST

Suite *probe_mtdparts_suite(void)
{
	Suite *s = suite_create("probe_mtdparts");
	TCase *tc = tcase_create("mtdparts");

	tcase_add_test(tc, test_probe_mtdparts_strings);
	suite_add_tcase(s, tc);
	return s;
}
