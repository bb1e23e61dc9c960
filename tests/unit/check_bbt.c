// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_bbt.c - the bad block map, its list parser and the marker rule.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/util/bbt.h"

START_TEST(test_bbt_first_source_wins)
{
	struct mm_bbt b;

	ck_assert_int_eq(mm_bbt_init(&b, 8), 0);
	ck_assert(!mm_bbt_is_bad(&b, 3));
	ck_assert_int_eq(mm_bbt_mark(&b, 3, MM_BBS_MARKER), 0);
	ck_assert_int_eq(mm_bbt_mark(&b, 3, MM_BBS_USER), 0);
	ck_assert(mm_bbt_is_bad(&b, 3));
	ck_assert_int_eq(mm_bbt_source(&b, 3), MM_BBS_MARKER);
	ck_assert_int_eq(mm_bbt_mark(&b, 8, MM_BBS_USER), -ERANGE);
	ck_assert(!mm_bbt_is_bad(&b, 100));
	ck_assert_uint_eq(mm_bbt_count(&b), 1);
	mm_bbt_free(&b);
}
END_TEST

START_TEST(test_bbt_parse_list_sorts_and_merges_ranges)
{
	uint64_t *v;
	size_t n;

	ck_assert_int_eq(mm_bbt_parse_list("20,3,0x14,30-32", &v, &n), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_uint_eq(v[0], 3);
	ck_assert_uint_eq(v[1], 20);
	ck_assert_uint_eq(v[2], 30);
	ck_assert_uint_eq(v[4], 32);
	free(v);
}
END_TEST

START_TEST(test_bbt_parse_list_rejects_garbage)
{
	uint64_t *v;
	size_t n;

	ck_assert_int_eq(mm_bbt_parse_list("", &v, &n), -EINVAL);
	ck_assert_int_eq(mm_bbt_parse_list("a", &v, &n), -EINVAL);
	ck_assert_int_eq(mm_bbt_parse_list("5-3", &v, &n), -EINVAL);
	ck_assert_int_eq(mm_bbt_parse_list("1,,x", &v, &n), -EINVAL);
	ck_assert_int_eq(mm_bbt_parse_list("-1", &v, &n), -EINVAL);
	/* at most MM_BBT_LIST_MAX blocks in all, repeats counted */
	ck_assert_int_eq(mm_bbt_parse_list("0-1048575", &v, &n), 0);
	ck_assert_uint_eq(n, 1048576);
	free(v);
	ck_assert_int_eq(mm_bbt_parse_list("0-1048576", &v, &n), -EINVAL);
	ck_assert_int_eq(mm_bbt_parse_list("0-600000,0-600000", &v, &n),
			 -EINVAL);
}
END_TEST

START_TEST(test_bbt_marker_rule_byte_and_word)
{
	uint8_t oob[16];

	memset(oob, 0xff, sizeof(oob));
	ck_assert(!mm_bbm_is_bad(oob, 16, 0, false));
	oob[5] = 0x00;
	ck_assert(mm_bbm_is_bad(oob, 16, 5, false));
	ck_assert(!mm_bbm_is_bad(oob, 16, 0, false));
	oob[1] = 0xfe;
	ck_assert(!mm_bbm_is_bad(oob, 16, 0, false));
	ck_assert(mm_bbm_is_bad(oob, 16, 0, true));
	ck_assert(!mm_bbm_is_bad(oob, 16, 40, false));
}
END_TEST

Suite *bbt_suite(void)
{
	Suite *s = suite_create("bbt");
	TCase *tc = tcase_create("map");

	tcase_add_test(tc, test_bbt_first_source_wins);
	tcase_add_test(tc, test_bbt_parse_list_sorts_and_merges_ranges);
	tcase_add_test(tc, test_bbt_parse_list_rejects_garbage);
	tcase_add_test(tc, test_bbt_marker_rule_byte_and_word);
	suite_add_tcase(s, tc);
	return s;
}
