// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_probe_jffs2.c - the JFFS2 prober: nodes, clean-markers, endianness,
 * and a bad block inside the file system.
 */
#include <check.h>
#include <string.h>

#include "probe_util.h"

START_TEST(test_scan_jffs2_nodes_cleanmarkers_and_bad_block_gap)
{
	static const uint8_t cm[8] = { 0x85, 0x19, 0x03, 0x20, 8, 0, 0, 0 };
	static const uint64_t bad[] = { 2 };
	const struct mm_content *c;
	struct img m;
	uint8_t *p;
	struct mm_dump d;
	struct mm_scan r;

	pu_img_init(&m, 6);
	pu_jffs2_node(pu_blk(&m, 1), 0xE001, 60);
	pu_jffs2_node(pu_blk(&m, 1) + 60, 0xE002, 100);
	/* a node whose header straddles no page but sits in page 3 */
	pu_jffs2_node(pu_blk(&m, 1) + 3 * PS + 16, 0xE002, 100);
	memcpy(pu_oob(&m, 3, 0) + 2, cm, 8);	/* erased, clean-marker */
	/* Block 4: a magic with a wrong CRC is not a node. */
	pu_jffs2_node(pu_blk(&m, 4), 0xE001, 60);
	pu_blk(&m, 4)[8] ^= 1;
	/* Block 5: a big-endian node (19 85 ..., fields big endian). */
	p = pu_blk(&m, 5);
	p[0] = 0x19;
	p[1] = 0x85;
	p[2] = 0xE0;
	p[3] = 0x02;
	pu_put_be32(p + 4, 68);
	pu_put_be32(p + 8, pu_bit_crc(0, p, 8));
	pu_img_scan(&m, &d, &r, bad, 1);
	ck_assert_uint_eq(r.bad_blocks, 1);
	c = pu_find(&r, "jffs2", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 1);
	ck_assert_uint_eq(c->last_block, 3);
	ck_assert_uint_eq(c->blocks, 2);
	ck_assert_uint_eq(pu_u64(c, "nodes"), 3);
	ck_assert_uint_eq(pu_u64(c, "cleanmarkers"), 1);
	ck_assert(!strcmp(pu_field(c, "endian"), "little"));
	c = pu_find(&r, "jffs2", 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 5);
	ck_assert_uint_eq(pu_u64(c, "nodes"), 1);
	ck_assert(!strcmp(pu_field(c, "endian"), "big"));
	c = pu_find(&r, "data", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 4);
	mm_scan_free(&r);
	mm_dump_close(&d);
	pu_img_free(&m);
}
END_TEST

Suite *probe_jffs2_suite(void)
{
	Suite *s = suite_create("probe_jffs2");
	TCase *tc = tcase_create("jffs2");

	tcase_add_test(tc,
		       test_scan_jffs2_nodes_cleanmarkers_and_bad_block_gap);
	suite_add_tcase(s, tc);
	return s;
}
