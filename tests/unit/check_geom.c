// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_geom.c - geometry validation and size parsing.
 */
#include <check.h>
#include <errno.h>

#include "../../core/util/geom.h"

static const struct mm_geom good = {
	.page_size = 2048, .oob_size = 64, .pages_per_block = 64,
	.block_count = 1024, .bus_width = 8,
};

START_TEST(test_geom_parse_size_accepts_binary_suffixes)
{
	uint64_t v;

	ck_assert_int_eq(mm_parse_size("2048", &v), 0);
	ck_assert_uint_eq(v, 2048);
	ck_assert_int_eq(mm_parse_size("128KiB", &v), 0);
	ck_assert_uint_eq(v, 131072);
	ck_assert_int_eq(mm_parse_size("4MiB", &v), 0);
	ck_assert_uint_eq(v, 4u << 20);
	ck_assert_int_eq(mm_parse_size("1GiB", &v), 0);
	ck_assert_uint_eq(v, 1u << 30);
	ck_assert_int_eq(mm_parse_size("0x800", &v), 0);
	ck_assert_uint_eq(v, 2048);
	ck_assert_int_eq(mm_parse_size("1M", &v), 0);
	ck_assert_uint_eq(v, 1u << 20);
}
END_TEST

START_TEST(test_geom_parse_size_rejects_garbage)
{
	uint64_t v;

	ck_assert_int_eq(mm_parse_size("", &v), -EINVAL);
	ck_assert_int_eq(mm_parse_size("KiB", &v), -EINVAL);
	ck_assert_int_eq(mm_parse_size("12XiB", &v), -EINVAL);
	ck_assert_int_eq(mm_parse_size("-5", &v), -EINVAL);
	ck_assert_int_eq(mm_parse_size("5 KiB", &v), -EINVAL);
	ck_assert_int_eq(mm_parse_size("99999999999999999999", &v), -ERANGE);
	ck_assert_int_eq(mm_parse_size("17179869184GiB", &v), -ERANGE);
}
END_TEST

START_TEST(test_geom_validate_accepts_common_geometry)
{
	char msg[128];

	ck_assert_int_eq(mm_geom_validate(&good, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(mm_geom_eb_size(&good), 131072);
	ck_assert_uint_eq(mm_geom_size(&good), 128u << 20);
}
END_TEST

START_TEST(test_geom_validate_rejects_impossible_geometry)
{
	struct mm_geom g;
	char msg[128];

	g = good;
	g.page_size = 3000;
	ck_assert_int_eq(mm_geom_validate(&g, msg, sizeof(msg)), -EINVAL);
	g = good;
	g.oob_size = 2048;
	ck_assert_int_eq(mm_geom_validate(&g, msg, sizeof(msg)), -EINVAL);
	g = good;
	g.pages_per_block = 48;
	ck_assert_int_eq(mm_geom_validate(&g, msg, sizeof(msg)), -EINVAL);
	g = good;
	g.block_count = 0;
	ck_assert_int_eq(mm_geom_validate(&g, msg, sizeof(msg)), -EINVAL);
	g = good;
	g.subpage_size = 256;
	ck_assert_int_eq(mm_geom_validate(&g, msg, sizeof(msg)), -EINVAL);
	g = good;
	g.subpage_size = 512;
	ck_assert_int_eq(mm_geom_validate(&g, msg, sizeof(msg)), 0);
	g = good;
	g.bus_width = 12;
	ck_assert_int_eq(mm_geom_validate(&g, msg, sizeof(msg)), -EINVAL);
}
END_TEST

Suite *geom_suite(void)
{
	Suite *s = suite_create("geom");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_geom_parse_size_accepts_binary_suffixes);
	tcase_add_test(tc, test_geom_parse_size_rejects_garbage);
	suite_add_tcase(s, tc);
	tc = tcase_create("validate");
	tcase_add_test(tc, test_geom_validate_accepts_common_geometry);
	tcase_add_test(tc, test_geom_validate_rejects_impossible_geometry);
	suite_add_tcase(s, tc);
	return s;
}
