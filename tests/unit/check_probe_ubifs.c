// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_probe_ubifs.c - the UBIFS prober on a bare image: a superblock
 * node, then blocks that start with UBIFS nodes; a bad superblock CRC.
 * (UBIFS inside a UBI volume: check_probe_ubi.c.)
 */
#include <check.h>
#include <string.h>

#include "probe_util.h"

static void ubifs_sb(uint8_t *sb, uint32_t leb_cnt)
{
	memset(sb, 0, 4096);
	pu_put_le32(sb, 0x06101831);
	pu_put_le32(sb + 16, 4096);
	sb[20] = 6;
	pu_put_le32(sb + 32, PS);
	pu_put_le32(sb + 36, EB);
	pu_put_le32(sb + 40, leb_cnt);
	pu_put_le32(sb + 44, 100);
	pu_put_le32(sb + 80, 4);
	sb[84] = 2;
	pu_put_le32(sb + 4, pu_bit_crc(0xFFFFFFFFu, sb + 8, 4096 - 8));
}

START_TEST(test_probe_ubifs_bare_image)
{
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;
	uint8_t *p;

	pu_img_init(&m, 6);
	ubifs_sb(pu_blk(&m, 1), 5);
	/* Block 2: a node of another type (1, a data node) goes on. */
	p = pu_blk(&m, 2);
	memset(p, 0, 64);
	pu_put_le32(p, 0x06101831);
	p[20] = 1;
	/* Block 3: something else ends it. Block 4: a damaged superblock. */
	memset(pu_blk(&m, 3), 0x44, 100);
	ubifs_sb(pu_blk(&m, 4), 5);
	pu_blk(&m, 4)[100] ^= 1;
	pu_img_scan(&m, &d, &r, NULL, 0);
	c = pu_find(&r, "ubifs", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert(!c->in_volume);
	ck_assert_uint_eq(c->first_block, 1);
	ck_assert_uint_eq(c->last_block, 2);
	ck_assert_uint_eq(c->blocks, 2);
	ck_assert_uint_eq(pu_u64(c, "min_io_size"), PS);
	ck_assert_uint_eq(pu_u64(c, "leb_size"), EB);
	ck_assert_uint_eq(pu_u64(c, "leb_cnt"), 5);
	ck_assert_uint_eq(pu_u64(c, "max_leb_cnt"), 100);
	ck_assert_uint_eq(pu_u64(c, "fmt_version"), 4);
	ck_assert_str_eq(pu_field(c, "compression"), "zlib");
	ck_assert_ptr_null(pu_find(&r, "ubifs", 1));
	c = pu_find(&r, "data", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 3);
	ck_assert_uint_eq(c->last_block, 4);
	mm_scan_free(&r);
	mm_dump_close(&d);
	pu_img_free(&m);
}
END_TEST

Suite *probe_ubifs_suite(void)
{
	Suite *s = suite_create("probe_ubifs");
	TCase *tc = tcase_create("ubifs");

	tcase_add_test(tc, test_probe_ubifs_bare_image);
	suite_add_tcase(s, tc);
	return s;
}
