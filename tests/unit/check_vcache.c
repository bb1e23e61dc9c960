// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_vcache.c - the MUSE server's ECC verdict cache
 * (core/muse/vcache.c): the clean bitmap remembers pages, only those, and
 * its memory is touched only where pages were read; corrected pages come
 * back with their data, OOB and verdict, a slot holds the last page put
 * there; no bitmap, no entries: nothing is kept.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../../core/muse/vcache.h"

START_TEST(test_clean_bitmap)
{
	struct mm_vcache c;
	uint64_t big = 32ull << 20;	/* a 64 GiB dump of 2 KiB pages */

	ck_assert_int_eq(mm_vcache_init(&c, big, 2048, 64, true, 4), 0);
	ck_assert(!mm_vcache_is_clean(&c, 0));
	mm_vcache_set_clean(&c, 0);
	mm_vcache_set_clean(&c, 63);
	mm_vcache_set_clean(&c, big - 1);
	mm_vcache_set_clean(&c, big);		/* out of range: ignored */
	ck_assert(mm_vcache_is_clean(&c, 0));
	ck_assert(mm_vcache_is_clean(&c, 63));
	ck_assert(!mm_vcache_is_clean(&c, 1));
	ck_assert(!mm_vcache_is_clean(&c, 64));
	ck_assert(mm_vcache_is_clean(&c, big - 1));
	ck_assert(!mm_vcache_is_clean(&c, big));
	ck_assert_uint_eq(c.clean_len, big / 8);
	mm_vcache_free(&c);
}
END_TEST

START_TEST(test_corrected_entries)
{
	struct mm_vcache c;
	uint8_t d[512], o[16], gd[512], go[16];
	int v = 0;

	ck_assert_int_eq(mm_vcache_init(&c, 100, sizeof(d), sizeof(o), false,
					4), 0);
	ck_assert_ptr_null(c.clean);
	mm_vcache_set_clean(&c, 3);
	ck_assert(!mm_vcache_is_clean(&c, 3));	/* no bitmap */
	ck_assert(!mm_vcache_get(&c, 3, gd, go, &v));
	memset(d, 0x5a, sizeof(d));
	memset(o, 0xa5, sizeof(o));
	mm_vcache_put(&c, 3, d, o, 2);
	ck_assert(mm_vcache_get(&c, 3, gd, go, &v));
	ck_assert_int_eq(v, 2);
	ck_assert_mem_eq(gd, d, sizeof(d));
	ck_assert_mem_eq(go, o, sizeof(o));
	/* page 7 takes page 3's slot (7 % 4 == 3) */
	memset(d, 0x11, sizeof(d));
	mm_vcache_put(&c, 7, d, NULL, -EBADMSG);
	ck_assert(!mm_vcache_get(&c, 3, gd, go, &v));
	ck_assert(mm_vcache_get(&c, 7, gd, go, &v));
	ck_assert_int_eq(v, -EBADMSG);
	ck_assert_mem_eq(gd, d, sizeof(d));
	ck_assert_uint_eq(go[0], 0xff);		/* no OOB given: erased */
	mm_vcache_free(&c);
}
END_TEST

/* The bitmap is mapped, not filled: RSS follows the pages read. */
START_TEST(test_bitmap_memory)
{
	struct mm_vcache c;
	uint64_t big = 512ull << 20;	/* 1 TiB of 2 KiB pages: 64 MiB map */
	long rss0 = 0, rss1 = 0;
	FILE *f;

	ck_assert_int_eq(mm_vcache_init(&c, big, 2048, 64, true, 0), 0);
	f = fopen("/proc/self/statm", "r");
	if (f) {
		ck_assert_int_eq(fscanf(f, "%*d %ld", &rss0), 1);
		fclose(f);
	}
	mm_vcache_set_clean(&c, big / 2);
	ck_assert(mm_vcache_is_clean(&c, big / 2));
	f = fopen("/proc/self/statm", "r");
	if (f) {
		ck_assert_int_eq(fscanf(f, "%*d %ld", &rss1), 1);
		fclose(f);
		ck_assert_int_lt(rss1 - rss0, 64);	/* pages, not 16384 */
	}
	mm_vcache_free(&c);
}
END_TEST

Suite *vcache_suite(void)
{
	Suite *s = suite_create("vcache");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_clean_bitmap);
	tcase_add_test(tc, test_corrected_entries);
	tcase_add_test(tc, test_bitmap_memory);
	suite_add_tcase(s, tc);
	return s;
}
