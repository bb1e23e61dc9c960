// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_pairing.c - MLC page pairing rules (core/muse/pairing.c): dist3
 * pairs pages as Micron's MLC chips do ((0,2), (1,4), (3,6), ... and the
 * last page with the one two before it), offset:D pairs p with p + D in
 * runs of 2D; both are bijections between the lower and the upper pages
 * of a block, a lower page always comes before its upper page, and rules
 * and geometries that do not fit are refused.
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "../../core/muse/pairing.h"

static char msg[256];

static struct mm_pairing rule(const char *s)
{
	struct mm_pairing p;

	ck_assert_msg(!mm_pairing_parse(s, &p, msg, sizeof(msg)), "%s: %s", s,
		      msg);
	return p;
}

/* Every page is in one group and pair; the map inverts; lower < upper. */
static void check_bijection(const struct mm_pairing *p, uint32_t ppb)
{
	static int seen[2][512];
	uint32_t page, group, pair, lowers = 0;
	int64_t lo;

	ck_assert_int_eq(mm_pairing_check(p, ppb, msg, sizeof(msg)), 0);
	memset(seen, 0, sizeof(seen));
	for (page = 0; page < ppb; page++) {
		ck_assert_int_eq(mm_pairing_info(p, ppb, page, &group, &pair),
				 0);
		ck_assert_uint_le(group, 1);
		ck_assert_uint_lt(pair, ppb / 2);
		seen[group][pair]++;
		ck_assert_int_eq(mm_pairing_page(p, ppb, group, pair),
				 (int64_t)page);
		lo = mm_pairing_lower(p, ppb, page);
		if (!group) {
			lowers++;
			ck_assert_int_eq(lo, -ENOENT);
		} else {
			ck_assert_int_ge(lo, 0);
			ck_assert_int_lt(lo, (int64_t)page);
		}
	}
	ck_assert_uint_eq(lowers, ppb / 2);
	for (pair = 0; pair < ppb / 2; pair++)
		ck_assert(seen[0][pair] == 1 && seen[1][pair] == 1);
	ck_assert_int_eq(mm_pairing_info(p, ppb, ppb, &group, &pair), -EINVAL);
	ck_assert_int_eq(mm_pairing_page(p, ppb, 0, ppb / 2), -EINVAL);
	ck_assert_int_eq(mm_pairing_page(p, ppb, 2, 0), -EINVAL);
}

START_TEST(test_dist3_micron_pairs)
{
	/* upper page -> its lower page, 64 pages per block */
	static const int pairs[][2] = {
		{ 2, 0 }, { 4, 1 }, { 6, 3 }, { 8, 5 }, { 10, 7 },
		{ 60, 57 }, { 62, 59 }, { 63, 61 },
	};
	static const int lowers[] = { 0, 1, 3, 5, 7, 59, 61 };
	struct mm_pairing p = rule("dist3");
	uint32_t group, pair;
	size_t i;

	ck_assert_int_eq(p.kind, MM_PAIRING_DIST3);
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		ck_assert_int_eq(mm_pairing_lower(&p, 64, pairs[i][0]),
				 pairs[i][1]);
	for (i = 0; i < sizeof(lowers) / sizeof(lowers[0]); i++)
		ck_assert_int_eq(mm_pairing_lower(&p, 64, lowers[i]), -ENOENT);
	/* the kernel's numbering of the pairs */
	ck_assert_int_eq(mm_pairing_info(&p, 64, 0, &group, &pair), 0);
	ck_assert(group == 0 && pair == 0);
	ck_assert_int_eq(mm_pairing_info(&p, 64, 1, &group, &pair), 0);
	ck_assert(group == 0 && pair == 1);
	ck_assert_int_eq(mm_pairing_info(&p, 64, 2, &group, &pair), 0);
	ck_assert(group == 1 && pair == 0);
	ck_assert_int_eq(mm_pairing_info(&p, 64, 7, &group, &pair), 0);
	ck_assert(group == 0 && pair == 4);
	ck_assert_int_eq(mm_pairing_info(&p, 64, 63, &group, &pair), 0);
	ck_assert(group == 1 && pair == 31);
	/* 4 pages: (0,2), (1,3) */
	ck_assert_int_eq(mm_pairing_lower(&p, 4, 2), 0);
	ck_assert_int_eq(mm_pairing_lower(&p, 4, 3), 1);
}
END_TEST

START_TEST(test_dist3_bijection)
{
	static const uint32_t ppbs[] = { 4, 6, 8, 64, 128, 256, 512 };
	struct mm_pairing p = rule("dist3");
	size_t i;

	for (i = 0; i < sizeof(ppbs) / sizeof(ppbs[0]); i++)
		check_bijection(&p, ppbs[i]);
}
END_TEST

START_TEST(test_offset_pairs)
{
	struct mm_pairing one = rule("offset:1"), four = rule("offset:4");

	ck_assert_int_eq(one.kind, MM_PAIRING_OFFSET);
	ck_assert_uint_eq(four.dist, 4);
	ck_assert_int_eq(mm_pairing_lower(&one, 64, 1), 0);
	ck_assert_int_eq(mm_pairing_lower(&one, 64, 3), 2);
	ck_assert_int_eq(mm_pairing_lower(&one, 64, 2), -ENOENT);
	ck_assert_int_eq(mm_pairing_lower(&four, 64, 4), 0);
	ck_assert_int_eq(mm_pairing_lower(&four, 64, 7), 3);
	ck_assert_int_eq(mm_pairing_lower(&four, 64, 12), 8);
	ck_assert_int_eq(mm_pairing_lower(&four, 64, 15), 11);
	ck_assert_int_eq(mm_pairing_lower(&four, 64, 8), -ENOENT);
	check_bijection(&one, 64);
	check_bijection(&four, 64);
	check_bijection(&four, 256);
}
END_TEST

START_TEST(test_refused)
{
	static const char *const bad[] = {
		"", "dist2", "dist3x", "offset", "offset:", "offset:0",
		"offset:x", "offset:-1", "offset:3k", "offset:4294967295",
	};
	struct mm_pairing p;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		msg[0] = 0;
		ck_assert_msg(mm_pairing_parse(bad[i], &p, msg, sizeof(msg)) ==
			      -EINVAL, "'%s' accepted", bad[i]);
		ck_assert_msg(strstr(msg, "invalid pairing rule"), "%s", msg);
	}
	p = rule("dist3");
	ck_assert_int_eq(mm_pairing_check(&p, 2, msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_pairing_check(&p, 63, msg, sizeof(msg)), -EINVAL);
	ck_assert_msg(strstr(msg, "has 63"), "%s", msg);
	p = rule("offset:3");
	ck_assert_int_eq(mm_pairing_check(&p, 64, msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_pairing_check(&p, 96, msg, sizeof(msg)), 0);
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(mm_pairing_check(&p, 64, msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_pairing_lower(&p, 64, 2), -EINVAL);
}
END_TEST

Suite *pairing_suite(void)
{
	Suite *s = suite_create("pairing");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_dist3_micron_pairs);
	tcase_add_test(tc, test_dist3_bijection);
	tcase_add_test(tc, test_offset_pairs);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	return s;
}
