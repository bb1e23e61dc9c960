// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_dbbt.c - the i.MX DBBT among the partition maps: found from the
 * FCB's search-area page (mm-gen --imx-bcb, as U-Boot's nandbcb lays it
 * out), its copies one eraseblock apart (a bad block skipped), its table 4
 * pages after the header; compared with the bad-block map; found by its
 * fingerprint without an FCB (or none where it points), also behind BCH
 * metadata; a table that does not fit is reported invalid; never chosen
 * by --mtdparts=auto.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/open.h"
#include "../../core/partmap.h"
#include "cont_util.h"

#define PAGE	2048
#define REC	(PAGE + 64)
#define PPB	8
#define BLOCKS	24

static const uint64_t factory_bad[] = { 5, 10 };

static struct mm_gen bcb_gen(void)
{
	struct mm_gen g = {
		.page_size = PAGE, .oob_size = 64, .pages_per_block = PPB,
		.blocks = BLOCKS, .bad = factory_bad, .n_bad = 2,
		.layout = MM_GEN_OOB, .content = MM_GEN_PATTERN, .seed = 3,
		.imx_bcb = true,
	};

	return g;
}

static uint8_t *page_at(uint8_t *img, uint64_t blk, uint32_t page)
{
	return img + (blk * PPB + page) * REC;
}

/* Open @img and find its maps; exactly one, the DBBT, is expected. */
static const struct mm_partmap *find_dbbt(struct mm_dump *d,
					  const uint8_t *img, size_t len,
					  struct mm_partmap *maps, size_t *n)
{
	struct mm_scan scan = { 0 };
	struct mm_open_opts o;

	cu_write(cu_path("dbbt.bin"), img, len);
	cu_opts(&o, PAGE, 64, PPB);
	ck_assert_int_eq(mm_dump_open(d, cu_path("dbbt.bin"), &o), 0);
	ck_assert_int_eq(mm_partmaps_find(d, NULL, &scan, maps, MM_PARTMAP_MAX,
					  n), 0);
	ck_assert_uint_eq(*n, 1);
	ck_assert_str_eq(maps[0].source, "dbbt");
	ck_assert(maps[0].bad_map && maps[0].dbbt.found);
	return &maps[0];
}

START_TEST(test_dbbt_from_the_fcb_agrees_with_the_markers)
{
	struct mm_gen g = bcb_gen();
	struct mm_partmap maps[MM_PARTMAP_MAX];
	const struct mm_partmap *m;
	struct mm_dump d;
	char msg[256];
	size_t len, n;
	uint8_t *img = cu_gen_image(&g, &len);

	m = find_dbbt(&d, img, len, maps, &n);
	ck_assert(m->dbbt.from_fcb);
	ck_assert_uint_eq(m->dbbt.fcb_where, 12);	/* page 0, byte 12 */
	ck_assert_uint_eq(m->dbbt.search_page, 4 * PPB);
	ck_assert_uint_eq(m->where, 4 * PPB * PAGE);
	ck_assert_uint_eq(m->dbbt.table_where, (4 * PPB + 4) * PAGE);
	/* blocks 4, 6, 7: block 5 is bad and holds none */
	ck_assert_uint_eq(m->dbbt.copies, 3);
	ck_assert_uint_eq(m->dbbt.agree, 3);
	ck_assert_str_eq(m->check, "fingerprint ok");
	ck_assert_uint_eq(m->dbbt.nbad, 2);
	ck_assert(m->dbbt.bad[0] == 5 && m->dbbt.bad[1] == 10);
	ck_assert_str_eq(m->note, "");
	ck_assert_msg(strstr(m->found_by, "the FCB at 0xc: DBBT search area from page 32"),
		      "%s", m->found_by);
	/* a map of bad blocks is never the partitions */
	ck_assert_int_eq(mm_partmaps_choose(maps, n, "auto", NULL, msg,
					    sizeof(msg)), -ENOENT);
	ck_assert_int_eq(mm_partmaps_choose(maps, n, "auto:dbbt", NULL, msg,
					    sizeof(msg)), -EINVAL);
	ck_assert_str_eq(msg, "--mtdparts=auto:dbbt: the i.MX DBBT lists bad blocks, not partitions");
	mm_partmaps_free(maps, n);
	mm_dump_close(&d);
	free(img);
}
END_TEST

START_TEST(test_dbbt_disagreeing_with_the_markers_gets_a_note)
{
	static const uint64_t listed[] = { 9, 5 };
	struct mm_gen g = bcb_gen();
	struct mm_partmap maps[MM_PARTMAP_MAX];
	const struct mm_partmap *m;
	struct mm_dump d;
	size_t len, n;
	uint8_t *img;

	g.dbbt = listed;
	g.n_dbbt = 2;
	img = cu_gen_image(&g, &len);
	m = find_dbbt(&d, img, len, maps, &n);
	ck_assert(m->dbbt.nbad == 2 && m->dbbt.bad[0] == 5 &&
		  m->dbbt.bad[1] == 9);		/* sorted */
	ck_assert_msg(strstr(m->note, "disagree: listed only by the DBBT: 9; bad in the map, not in the DBBT: 10 ("),
		      "%s", m->note);
	mm_partmaps_free(maps, n);
	mm_dump_close(&d);
	free(img);
}
END_TEST

START_TEST(test_dbbt_found_by_its_fingerprint_behind_metadata)
{
	struct mm_gen g = bcb_gen();
	struct mm_partmap maps[MM_PARTMAP_MAX];
	const struct mm_partmap *m;
	struct mm_dump d;
	size_t len, n;
	uint8_t *img = cu_gen_image(&g, &len);
	uint64_t b;

	for (b = 0; b < 4; b++)			/* no FCB */
		memset(page_at(img, b, 0), 0xff, REC);
	/* every copy 10 bytes in (a raw GPMI page: the metadata first) */
	for (b = 4; b < 8; b++) {
		if (b == 5)
			continue;
		memmove(page_at(img, b, 0) + 10, page_at(img, b, 0), 64);
		memset(page_at(img, b, 0), 0x5a, 10);
		memmove(page_at(img, b, 4) + 10, page_at(img, b, 4), 64);
		memset(page_at(img, b, 4), 0x5a, 10);
	}
	/* the last copy lists another block */
	page_at(img, 7, 4)[10 + 12] = 3;
	m = find_dbbt(&d, img, len, maps, &n);
	ck_assert(!m->dbbt.from_fcb);
	ck_assert_str_eq(m->found_by, "fingerprint scan of the boot area");
	ck_assert_uint_eq(m->where, 4 * PPB * PAGE + 10);
	ck_assert_uint_eq(m->dbbt.table_where, (4 * PPB + 4) * PAGE + 10);
	ck_assert_uint_eq(m->dbbt.copies, 3);
	ck_assert_uint_eq(m->dbbt.agree, 2);
	ck_assert(m->dbbt.nbad == 2 && m->dbbt.bad[1] == 10);
	mm_partmaps_free(maps, n);
	mm_dump_close(&d);
	free(img);
}
END_TEST

START_TEST(test_dbbt_not_where_the_fcb_points_is_scanned_for)
{
	struct mm_gen g = bcb_gen();
	struct mm_partmap maps[MM_PARTMAP_MAX];
	const struct mm_partmap *m;
	struct mm_dump d;
	size_t len, n;
	uint8_t *img = cu_gen_image(&g, &len);
	uint64_t b;

	for (b = 0; b < 4; b++)		/* dbbt_start: block 12, no DBBT there */
		page_at(img, b, 0)[12 + 120] = 12 * PPB;
	m = find_dbbt(&d, img, len, maps, &n);
	ck_assert(!m->dbbt.from_fcb);
	ck_assert_str_eq(m->found_by, "fingerprint scan of the boot area");
	ck_assert_uint_eq(m->where, 4 * PPB * PAGE);
	ck_assert_uint_eq(m->dbbt.copies, 3);
	mm_partmaps_free(maps, n);
	mm_dump_close(&d);
	free(img);
}
END_TEST

START_TEST(test_dbbt_table_past_the_device_is_invalid)
{
	struct mm_gen g = bcb_gen();
	struct mm_partmap maps[MM_PARTMAP_MAX];
	const struct mm_partmap *m;
	struct mm_dump d;
	size_t len, n;
	uint8_t *img = cu_gen_image(&g, &len);
	uint64_t b;

	for (b = 4; b < 8; b++)
		page_at(img, b, 4)[12] = 200;	/* block 200 of 24 */
	m = find_dbbt(&d, img, len, maps, &n);
	ck_assert_str_eq(m->check, "fingerprint ok, table invalid: block 200 listed, past the device's 24");
	ck_assert(!m->dbbt.table_ok && m->dbbt.nbad == 0 && !m->note[0]);
	mm_partmaps_free(maps, n);
	mm_dump_close(&d);
	free(img);
}
END_TEST

START_TEST(test_no_boot_area_no_dbbt)
{
	struct mm_gen g = bcb_gen();
	struct mm_partmap maps[MM_PARTMAP_MAX];
	struct mm_scan scan = { 0 };
	struct mm_open_opts o;
	struct mm_dump d;
	size_t len, n = 9;
	uint8_t *img;

	g.imx_bcb = false;
	img = cu_gen_image(&g, &len);
	cu_write(cu_path("dbbt.bin"), img, len);
	cu_opts(&o, PAGE, 64, PPB);
	ck_assert_int_eq(mm_dump_open(&d, cu_path("dbbt.bin"), &o), 0);
	ck_assert_int_eq(mm_partmaps_find(&d, NULL, &scan, maps,
					  MM_PARTMAP_MAX, &n), 0);
	ck_assert_uint_eq(n, 0);
	mm_dump_close(&d);
	free(img);
}
END_TEST

Suite *dbbt_suite(void)
{
	Suite *s = suite_create("dbbt");
	TCase *tc = tcase_create("dbbt");

	cu_dir();
	tcase_add_test(tc, test_dbbt_from_the_fcb_agrees_with_the_markers);
	tcase_add_test(tc, test_dbbt_disagreeing_with_the_markers_gets_a_note);
	tcase_add_test(tc, test_dbbt_found_by_its_fingerprint_behind_metadata);
	tcase_add_test(tc, test_dbbt_not_where_the_fcb_points_is_scanned_for);
	tcase_add_test(tc, test_dbbt_table_past_the_device_is_invalid);
	tcase_add_test(tc, test_no_boot_area_no_dbbt);
	suite_add_tcase(s, tc);
	return s;
}
