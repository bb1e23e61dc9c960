// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_mtdparts.c - cmdlinepart partition lists (PARTSCMDLINE).
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/util/mtdparts.h"

#define DEV	(128ull << 20)	/* 128 MiB */
#define EB	(128ull << 10)	/* 128 KiB */

static struct mm_part *parts;
static size_t n;
static char msg[256];

static int parse(const char *s)
{
	free(parts);
	parts = NULL;
	msg[0] = '\0';
	return mm_parts_parse(s, DEV, EB, &parts, &n, msg, sizeof(msg));
}

static void teardown(void)
{
	free(parts);
	parts = NULL;
}

START_TEST(test_parts_two_partitions_with_rest)
{
	ck_assert_int_eq(parse("1M(boot),-(rootfs)"), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(parts[0].name, "boot");
	ck_assert_uint_eq(parts[0].offset, 0);
	ck_assert_uint_eq(parts[0].size, 1u << 20);
	ck_assert_str_eq(parts[1].name, "rootfs");
	ck_assert_uint_eq(parts[1].offset, 1u << 20);
	ck_assert_uint_eq(parts[1].size, DEV - (1u << 20));
	ck_assert(!parts[0].ro && !parts[1].lk);
}
END_TEST

START_TEST(test_parts_offsets_suffixes_hex_and_flags)
{
	ck_assert_int_eq(parse("256k@0x100000(a)ro,0x40000(b)lk,2m@64M,512K@8Mrolk"), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(parts[0].offset, 0x100000);
	ck_assert_uint_eq(parts[0].size, 256u << 10);
	ck_assert(parts[0].ro && !parts[0].lk);
	/* Without @ a partition follows the previous one. */
	ck_assert_uint_eq(parts[1].offset, 0x140000);
	ck_assert_uint_eq(parts[1].size, 0x40000);
	ck_assert(!parts[1].ro && parts[1].lk);
	ck_assert_str_eq(parts[2].name, "");
	ck_assert_uint_eq(parts[2].offset, 64u << 20);
	ck_assert_uint_eq(parts[2].size, 2u << 20);
	ck_assert(parts[3].ro && parts[3].lk);
	ck_assert_uint_eq(parts[3].offset, 8u << 20);
	ck_assert_int_eq(parse("1G@0"), -EINVAL);	/* 1 GiB > 128 MiB */
	ck_assert_int_eq(parse("131072(x)"), 0);
	ck_assert_uint_eq(parts[0].size, EB);
}
END_TEST

START_TEST(test_parts_unnamed_and_empty_name)
{
	ck_assert_int_eq(parse("1m,1m(),-"), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(parts[0].name, "");
	ck_assert_str_eq(parts[1].name, "");
	ck_assert_uint_eq(parts[2].offset, 2u << 20);
}
END_TEST

START_TEST(test_parts_rejects_syntax_errors_with_position)
{
	ck_assert_int_eq(parse(""), -EINVAL);
	ck_assert_int_eq(parse("1M(boot"), -EINVAL);
	ck_assert_ptr_null(parts);
	ck_assert_ptr_nonnull(strstr(msg, "at character 3"));
	ck_assert_int_eq(parse("1M(boot)xx"), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "at character 9"));
	ck_assert_int_eq(parse("1M,,1M"), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "at character 4"));
	ck_assert_int_eq(parse("-,1M"), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "at character 3"));
	ck_assert_int_eq(parse("1M@"), -EINVAL);
	ck_assert_int_eq(parse("1KiB"), -EINVAL);
	ck_assert_int_eq(parse("0"), -EINVAL);
	ck_assert_int_eq(parse("abc"), -EINVAL);
	ck_assert_int_eq(parse("1M,"), -EINVAL);
	ck_assert_int_eq(parse("99999999999999999999999"), -EINVAL);
	ck_assert_int_eq(parse("1M(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)"), -EINVAL);
	ck_assert_int_eq(mm_parts_parse(NULL, DEV, EB, &parts, &n, msg,
					sizeof(msg)), -EINVAL);
}
END_TEST

START_TEST(test_parts_rejects_bad_placement)
{
	/* Unaligned size and offset. */
	ck_assert_int_eq(parse("100k"), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "aligned"));
	ck_assert_int_eq(parse("128k@64k"), -EINVAL);
	/* Past the end. */
	ck_assert_int_eq(parse("127M,2M"), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "end of the device"));
	ck_assert_int_eq(parse("1M@128M"), -EINVAL);
	ck_assert_int_eq(parse("128M,-"), -EINVAL);
	/* Overlap. */
	ck_assert_int_eq(parse("2M(a),1M@1M(b)"), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "overlaps"));
	ck_assert_int_eq(parse("1M@4M,1M@0,-@3M"), -EINVAL);
	ck_assert_int_eq(parse("1M@4M,1M@0,1M@3M"), 0);
	ck_assert_uint_eq(n, 3);
	/* A whole-device partition is fine. */
	ck_assert_int_eq(parse("-"), 0);
	ck_assert_uint_eq(parts[0].size, DEV);
	ck_assert_int_eq(parse("128M"), 0);
}
END_TEST

START_TEST(test_parts_octal_like_the_kernel)
{
	/* memparse uses base 0: a leading 0 means octal. */
	ck_assert_int_eq(parse("0400000"), 0);
	ck_assert_uint_eq(parts[0].size, 0400000);
	ck_assert_int_eq(parse("08"), -EINVAL);
}
END_TEST

Suite *mtdparts_suite(void)
{
	Suite *s = suite_create("mtdparts");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_parts_two_partitions_with_rest);
	tcase_add_test(tc, test_parts_offsets_suffixes_hex_and_flags);
	tcase_add_test(tc, test_parts_unnamed_and_empty_name);
	tcase_add_test(tc, test_parts_rejects_syntax_errors_with_position);
	tcase_add_test(tc, test_parts_rejects_bad_placement);
	tcase_add_test(tc, test_parts_octal_like_the_kernel);
	suite_add_tcase(s, tc);
	return s;
}
