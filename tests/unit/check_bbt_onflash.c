// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_bbt_onflash.c - the kernel's on-flash bad block table: found in the
 * last blocks by "Bbt0"/"1tbB" at OOB 8, the newer version wins, 2 bits per
 * block (11 good, anything else bad), marked with source "bbt"; the
 * NAND_BBT_NO_OOB variant; no table, no marks.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/open.h"
#include "../../core/bbt_onflash.h"
#include "../../formats/format.h"
#include "cont_util.h"

#define REC	(2048 + 64)
#define PPB	8

/* Write a table into block @blk of @img: @bad blocks get code @code. */
static void put_table(uint8_t *img, uint64_t blk, const char *pat,
		      uint8_t version, const uint64_t *bad, size_t n,
		      unsigned int code, bool no_oob)
{
	uint8_t *page = img + blk * PPB * REC, *tab;
	size_t i;

	memset(page, 0xff, (size_t)PPB * REC);	/* erased block */
	tab = no_oob ? page + 5 : page;
	for (i = 0; i < n; i++) {
		tab[bad[i] / 4] &= (uint8_t)~(3u << ((bad[i] % 4) * 2));
		tab[bad[i] / 4] |= (uint8_t)(code << ((bad[i] % 4) * 2));
	}
	if (no_oob) {
		memcpy(page, pat, 4);
		page[4] = version;
	} else {
		memcpy(page + 2048 + 8, pat, 4);
		page[2048 + 12] = version;
	}
}

static int open_img(struct mm_dump *d, const uint8_t *img, size_t len)
{
	struct mm_open_opts o;

	cu_write(cu_path("bbt.bin"), img, len);
	cu_opts(&o, 2048, 64, PPB);
	o.no_bbm_scan = true;
	return mm_dump_open(d, cu_path("bbt.bin"), &o);
}

START_TEST(test_onflash_bbt_marks_its_blocks_with_source_bbt)
{
	static const uint64_t bad[] = { 1, 5, 6 };
	struct mm_gen g = cu_gen_2k();
	size_t len;
	uint8_t *img = cu_gen_image(&g, &len);
	struct mm_bbt_onflash info;
	struct mm_dump d;

	put_table(img, 11, "Bbt0", 1, bad, 3, 0, false);
	ck_assert_int_eq(open_img(&d, img, len), 0);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 1), MM_BBS_BBT);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 5), MM_BBS_BBT);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 6), MM_BBS_BBT);
	ck_assert_uint_eq(mm_bbt_count(&d.bbt), 3);
	ck_assert_str_eq(mm_bbt_source_name(MM_BBS_BBT), "bbt");
	ck_assert_int_eq(mm_bbt_onflash_find(&d, &info, NULL), 0);
	ck_assert(info.found && !info.mirror && info.block == 11 &&
		  info.version == 1 && info.bad == 3);
	mm_dump_close(&d);
	free(img);
}
END_TEST

START_TEST(test_onflash_bbt_newer_mirror_wins_and_worn_codes_count)
{
	static const uint64_t old_bad[] = { 3 }, new_bad[] = { 4, 7 };
	struct mm_gen g = cu_gen_2k();
	size_t len;
	uint8_t *img = cu_gen_image(&g, &len);
	struct mm_bbt_onflash info;
	struct mm_dump d;

	put_table(img, 11, "Bbt0", 4, old_bad, 1, 0, false);
	put_table(img, 10, "1tbB", 5, new_bad, 2, 1, false);	/* worn: 01 */
	ck_assert_int_eq(open_img(&d, img, len), 0);
	ck_assert(!mm_bbt_is_bad(&d.bbt, 3));
	ck_assert(mm_bbt_is_bad(&d.bbt, 4));
	ck_assert(mm_bbt_is_bad(&d.bbt, 7));
	ck_assert_int_eq(mm_bbt_onflash_find(&d, &info, NULL), 0);
	ck_assert(info.found && info.mirror && info.block == 10 &&
		  info.version == 5);
	mm_dump_close(&d);
	free(img);
}
END_TEST

START_TEST(test_onflash_bbt_no_oob_variant_and_none)
{
	static const uint64_t bad[] = { 8 };
	struct mm_gen g = cu_gen_2k();
	size_t len;
	uint8_t *img = cu_gen_image(&g, &len);
	struct mm_bbt_onflash info;
	struct mm_dump d;

	g.n_bad = 0;
	free(img);
	img = cu_gen_image(&g, &len);
	ck_assert_int_eq(open_img(&d, img, len), 0);
	ck_assert_uint_eq(mm_bbt_count(&d.bbt), 0);
	ck_assert_int_eq(mm_bbt_onflash_find(&d, &info, NULL), 0);
	ck_assert(!info.found);
	mm_dump_close(&d);

	put_table(img, 9, "Bbt0", 2, bad, 1, 2, true);
	ck_assert_int_eq(open_img(&d, img, len), 0);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 8), MM_BBS_BBT);
	ck_assert_uint_eq(mm_bbt_count(&d.bbt), 1);
	ck_assert_int_eq(mm_bbt_onflash_find(&d, &info, NULL), 0);
	ck_assert(info.found && info.no_oob && info.block == 9);
	mm_dump_close(&d);

	/* Outside the last 4 blocks it is not looked for. */
	memset(img + 9 * PPB * REC, 0xff, (size_t)PPB * REC);
	put_table(img, 7, "Bbt0", 2, bad, 1, 0, false);
	ck_assert_int_eq(open_img(&d, img, len), 0);
	ck_assert_uint_eq(mm_bbt_count(&d.bbt), 0);
	mm_dump_close(&d);
	free(img);
}
END_TEST

Suite *bbt_onflash_suite(void)
{
	Suite *s = suite_create("bbt_onflash");
	TCase *tc = tcase_create("onflash");

	cu_dir();
	tcase_add_test(tc, test_onflash_bbt_marks_its_blocks_with_source_bbt);
	tcase_add_test(tc, test_onflash_bbt_newer_mirror_wins_and_worn_codes_count);
	tcase_add_test(tc, test_onflash_bbt_no_oob_variant_and_none);
	suite_add_tcase(s, tc);
	return s;
}
