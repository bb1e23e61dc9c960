// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_probe_ubi.c - the UBI prober: EC and VID headers, the volume table,
 * and what LEB 0 of a volume holds.
 */
#include <check.h>
#include <string.h>

#include "probe_util.h"

START_TEST(test_scan_ubi_volume_table_and_ubifs)
{
	const struct mm_content *c, *f;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;
	uint8_t *sb;
	unsigned int i, nrec = 2 * PS / 172;

	pu_img_init(&m, 5);
	for (i = 0; i < 4; i++)
		pu_ubi_ec(pu_blk(&m, i), 10 + i, 0xabcd);
	/* Blocks 0 and 1: the layout volume, two copies of the table. */
	for (i = 0; i < 2; i++) {
		uint8_t *t = pu_blk(&m, i) + 2 * PS;
		unsigned int k;

		pu_ubi_vid(pu_blk(&m, i) + PS, 0x7FFFEFFF, i, 1);
		for (k = 0; k < nrec; k++)
			pu_vtbl_rec(t + k * 172, 0, 0, "");
		pu_vtbl_rec(t, 10, 1, "rootfs");
		pu_vtbl_rec(t + 2 * 172, 3, 2, "kernel");
	}
	/* Block 2: LEB 0 of volume 0 starts with a UBIFS superblock. */
	pu_ubi_vid(pu_blk(&m, 2) + PS, 0, 0, 1);
	sb = pu_blk(&m, 2) + 2 * PS;
	memset(sb, 0, 4096);
	pu_put_le32(sb, 0x06101831);
	pu_put_le32(sb + 16, 4096);
	sb[20] = 6;
	pu_put_le32(sb + 32, PS);
	pu_put_le32(sb + 36, 2 * PS);
	pu_put_le32(sb + 40, 7);
	pu_put_le32(sb + 4, pu_bit_crc(0xFFFFFFFFu, sb + 8, 4096 - 8));
	/* Block 3: a free PEB (EC header only). Block 4: damaged EC header. */
	pu_ubi_ec(pu_blk(&m, 4), 1, 0xabcd);
	pu_blk(&m, 4)[30] ^= 0x40;
	pu_img_scan(&m, &d, &r, NULL, 0);

	c = pu_find(&r, "ubi", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 0);
	ck_assert_uint_eq(c->last_block, 3);
	ck_assert_uint_eq(pu_u64(c, "image_seq"), 0xabcd);
	ck_assert_uint_eq(pu_u64(c, "used_pebs"), 3);
	ck_assert_uint_eq(pu_u64(c, "max_ec"), 13);
	ck_assert(pu_bool(c, "volume_table"));
	ck_assert_uint_eq(pu_u64(c, "volumes.#"), 2);
	ck_assert_str_eq(pu_field(c, "volumes.0.name"), "rootfs");
	ck_assert_str_eq(pu_field(c, "volumes.0.type"), "dynamic");
	ck_assert_uint_eq(pu_u64(c, "volumes.0.size"), 10 * 2 * PS);
	ck_assert_uint_eq(pu_u64(c, "volumes.0.lebs_seen"), 1);
	ck_assert_str_eq(pu_field(c, "volumes.0.content"), "ubifs");
	ck_assert_uint_eq(pu_u64(c, "volumes.1.id"), 2);
	ck_assert_str_eq(pu_field(c, "volumes.1.name"), "kernel");
	ck_assert_str_eq(pu_field(c, "volumes.1.type"), "static");
	f = pu_find(&r, "ubifs", 0);
	ck_assert_ptr_nonnull(f);
	ck_assert(f->in_volume);
	ck_assert_uint_eq(f->first_block, 2);
	ck_assert_str_eq(f->vol_name, "rootfs");
	ck_assert_uint_eq(pu_u64(f, "leb_cnt"), 7);
	ck_assert_ptr_null(pu_find(&r, "ubi", 1));
	c = pu_find(&r, "data", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 4);
	mm_scan_free(&r);
	mm_dump_close(&d);
	pu_img_free(&m);
}
END_TEST

Suite *probe_ubi_suite(void)
{
	Suite *s = suite_create("probe_ubi");
	TCase *tc = tcase_create("ubi");

	tcase_add_test(tc, test_scan_ubi_volume_table_and_ubifs);
	suite_add_tcase(s, tc);
	return s;
}
