// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_probe_fdt.c - the flattened device tree prober: a consistent
 * header claims the blocks of its totalsize; an inconsistent one is data.
 */
#include <check.h>
#include <string.h>

#include "probe_util.h"

static void fdt_header(uint8_t *p, uint32_t totalsize)
{
	memset(p, 0, 200);
	pu_put_be32(p, 0xd00dfeed);
	pu_put_be32(p + 4, totalsize);
	pu_put_be32(p + 8, 56);		/* off_dt_struct */
	pu_put_be32(p + 12, 100);	/* off_dt_strings */
	pu_put_be32(p + 16, 40);	/* off_mem_rsvmap */
	pu_put_be32(p + 20, 17);	/* version */
	pu_put_be32(p + 24, 16);	/* last_comp_version */
	pu_put_be32(p + 32, 20);	/* size_dt_strings */
	pu_put_be32(p + 36, 40);	/* size_dt_struct */
}

START_TEST(test_probe_fdt_extent)
{
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;

	pu_img_init(&m, 5);
	fdt_header(pu_blk(&m, 0), EB + 1);	/* into block 1 */
	memset(pu_blk(&m, 1), 0x11, 100);
	memset(pu_blk(&m, 2), 0x22, 100);
	fdt_header(pu_blk(&m, 3), 1000);
	pu_put_be32(pu_blk(&m, 3) + 36, 1000);	/* struct past totalsize */
	pu_img_scan(&m, &d, &r, NULL, 0);
	c = pu_find(&r, "fdt", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 0);
	ck_assert_uint_eq(c->last_block, 1);
	ck_assert_uint_eq(pu_u64(c, "version"), 17);
	ck_assert_uint_eq(pu_u64(c, "totalsize"), EB + 1);
	ck_assert_ptr_null(pu_find(&r, "fdt", 1));
	c = pu_find(&r, "data", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 2);
	ck_assert_uint_eq(c->last_block, 3);
	mm_scan_free(&r);
	mm_dump_close(&d);
	pu_img_free(&m);
}
END_TEST

Suite *probe_fdt_suite(void)
{
	Suite *s = suite_create("probe_fdt");
	TCase *tc = tcase_create("fdt");

	tcase_add_test(tc, test_probe_fdt_extent);
	suite_add_tcase(s, tc);
	return s;
}
