// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_probe_uboot_env.c - the U-Boot environment prober: plain and
 * redundant environments, at eraseblocks and in UBI volumes.
 */
#include <check.h>
#include <string.h>

#include "probe_util.h"

START_TEST(test_scan_uboot_env_and_mtdparts)
{
	static const char pairs[] =
		"bootcmd=nand read 0x80000 0x100000; bootm\0"
		"mtdparts=mtdparts=nand0:1M(boot),-(rootfs)\0baudrate=115200\0";
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;

	pu_img_init(&m, 4);
	pu_uboot_env(pu_blk(&m, 0), 0x1000, false, pairs, sizeof(pairs));
	pu_uboot_env(pu_blk(&m, 1), 0x2000, true, pairs, sizeof(pairs));
	pu_uboot_env(pu_blk(&m, 2), 0x1000, false, pairs, sizeof(pairs));
	pu_blk(&m, 2)[0] ^= 1;	/* wrong CRC: not an environment */
	/* A string split over the page boundary of block 3. */
	memcpy(pu_blk(&m, 3) + PS - 5, "mtdparts=spi0.0:64k(u-boot)ro ", 30);
	pu_img_scan(&m, &d, &r, NULL, 0);

	c = pu_find(&r, "uboot-env", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 0);
	ck_assert_uint_eq(pu_u64(c, "env_size"), 0x1000);
	ck_assert(!pu_bool(c, "redundant"));
	ck_assert_uint_eq(pu_u64(c, "keys.#"), 3);
	ck_assert_str_eq(pu_field(c, "keys.0"), "bootcmd");
	ck_assert_str_eq(pu_field(c, "keys.1"), "mtdparts");
	c = pu_find(&r, "uboot-env", 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 1);
	ck_assert_uint_eq(pu_u64(c, "env_size"), 0x2000);
	ck_assert(pu_bool(c, "redundant"));
	ck_assert_uint_eq(pu_u64(c, "flags"), 1);
	ck_assert_ptr_null(pu_find(&r, "uboot-env", 2));

	c = pu_find(&r, "mtdparts", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(pu_field(c, "value"), "nand0:1M(boot),-(rootfs)");
	ck_assert_uint_eq(c->first_block, 0);
	ck_assert_uint_eq(pu_u64(c, "count"), 3);
	c = pu_find(&r, "mtdparts", 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(pu_field(c, "value"), "spi0.0:64k(u-boot)ro");
	ck_assert_uint_eq(c->offset, 3 * EB + PS - 5);
	mm_scan_free(&r);
	mm_dump_close(&d);
	pu_img_free(&m);
}
END_TEST

START_TEST(test_scan_uboot_env_in_ubi_volumes)
{
	static const char pairs[] = "bootcmd=ubi part ubi; boot\0arch=arm\0";
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;
	unsigned int i, k, nrec = 2 * PS / 172;

	pu_img_init(&m, 4);
	for (i = 0; i < 4; i++)
		pu_ubi_ec(pu_blk(&m, i), 1, 0x55);
	for (i = 0; i < 2; i++) {
		uint8_t *t = pu_blk(&m, i) + 2 * PS;

		pu_ubi_vid(pu_blk(&m, i) + PS, 0x7FFFEFFF, i, 1);
		for (k = 0; k < nrec; k++)
			pu_vtbl_rec(t + k * 172, 0, 0, "");
		pu_vtbl_rec(t, 1, 1, "u-boot-env");
		pu_vtbl_rec(t + 172, 1, 1, "u-boot-env2");
	}
	pu_ubi_vid(pu_blk(&m, 2) + PS, 0, 0, 1);
	pu_uboot_env(pu_blk(&m, 2) + 2 * PS, 0x1000, false, pairs,
		     sizeof(pairs));
	pu_ubi_vid(pu_blk(&m, 3) + PS, 1, 0, 1);
	pu_uboot_env(pu_blk(&m, 3) + 2 * PS, 0x1000, true, pairs,
		     sizeof(pairs));
	pu_img_scan(&m, &d, &r, NULL, 0);
	c = pu_find(&r, "uboot-env", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 2);
	ck_assert(c->in_volume);
	ck_assert_str_eq(c->vol_name, "u-boot-env");
	ck_assert_uint_eq(pu_u64(c, "env_size"), 0x1000);
	ck_assert(!pu_bool(c, "redundant"));
	ck_assert_uint_eq(pu_u64(c, "keys.#"), 2);
	c = pu_find(&r, "uboot-env", 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 3);
	ck_assert_str_eq(c->vol_name, "u-boot-env2");
	ck_assert(pu_bool(c, "redundant"));
	c = pu_find(&r, "ubi", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->last_block, 3);
	ck_assert_str_eq(pu_field(c, "volumes.0.content"), "uboot-env");
	mm_scan_free(&r);
	mm_dump_close(&d);
	pu_img_free(&m);
}
END_TEST

Suite *probe_uboot_env_suite(void)
{
	Suite *s = suite_create("probe_uboot_env");
	TCase *tc = tcase_create("uboot_env");

	tcase_add_test(tc, test_scan_uboot_env_and_mtdparts);
	tcase_add_test(tc, test_scan_uboot_env_in_ubi_volumes);
	suite_add_tcase(s, tc);
	return s;
}
