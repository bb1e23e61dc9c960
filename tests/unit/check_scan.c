// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_scan.c - the scan driver: erased, programmed and bad blocks, the
 * prober registry, and hostile or damaged headers of every kind (run under
 * ASan). Each prober has its own check_probe_<name>.c.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "../../core/probe/prober.h"
#include "probe_util.h"

START_TEST(test_scan_counts_erased_and_programmed_blocks)
{
	struct img m;
	struct mm_dump d;
	struct mm_scan r;

	pu_img_init(&m, 4);
	memset(pu_blk(&m, 1) + 100, 0x00, 10);	/* data programmed */
	pu_oob(&m, 3, 2)[30] = 0x12;		/* only OOB programmed */
	pu_img_scan(&m, &d, &r, NULL, 0);
	ck_assert_uint_eq(r.erased_blocks, 2);
	ck_assert_uint_eq(r.programmed_blocks, 2);
	ck_assert_uint_eq(r.bad_blocks, 0);
	ck_assert_uint_eq(r.n_items, 2);
	ck_assert_str_eq(mm_content_type(&r.items[0]), "data");
	ck_assert_uint_eq(r.items[0].first_block, 1);
	ck_assert_uint_eq(r.items[1].first_block, 3);
	mm_scan_free(&r);
	mm_dump_close(&d);
	pu_img_free(&m);
}
END_TEST

/* Every prober has a name, and the names are unique. */
START_TEST(test_scan_registry_names_its_probers)
{
	struct mm_content data = { 0 };
	size_t i, k;

	ck_assert_ptr_nonnull(mm_probers[0]);
	for (i = 0; mm_probers[i]; i++) {
		const struct mm_prober *p = mm_probers[i];
		struct mm_content c = { .prober = p };

		ck_assert_ptr_nonnull(p->name);
		ck_assert_str_ne(p->name, "data");
		ck_assert_str_eq(mm_content_type(&c), p->name);
		ck_assert_msg(p->page || p->claim, "%s: sees nothing", p->name);
		for (k = 0; k < i; k++)
			ck_assert_str_ne(mm_probers[k]->name, p->name);
	}
	ck_assert_str_eq(mm_content_type(&data), "data");
}
END_TEST

START_TEST(test_scan_survives_hostile_and_damaged_headers)
{
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;
	uint8_t *t, *p;
	unsigned int i, k, nrec = 2 * PS / 172, seed = 1;

	pu_img_init(&m, 6);
	/* Block 0: EC header whose offsets point past the block. */
	pu_ubi_ec(pu_blk(&m, 0), 1, 7);
	pu_put_be32(pu_blk(&m, 0) + 16, 0xfffffff0u);
	pu_put_be32(pu_blk(&m, 0) + 60,
		    pu_bit_crc(0xFFFFFFFFu, pu_blk(&m, 0), 60));
	/* Block 1: a layout volume whose records say absurd things. */
	pu_ubi_ec(pu_blk(&m, 1), UINT64_MAX, 7);
	pu_ubi_vid(pu_blk(&m, 1) + PS, 0x7FFFEFFF, 0, 1);
	t = pu_blk(&m, 1) + 2 * PS;
	for (k = 0; k < nrec; k++) {
		pu_vtbl_rec(t + k * 172, 0xffffffffu, 1, "x");
		t[k * 172 + 14] = 0xff;		/* name_len 65535 */
		t[k * 172 + 15] = 0xff;
		memset(t + k * 172 + 16, 'A', 128);	/* no NUL */
		pu_put_be32(t + k * 172 + 8, 0xffffffffu);	/* data_pad */
		pu_put_be32(t + k * 172 + 168,
			 pu_bit_crc(0xFFFFFFFFu, t + k * 172, 168));
	}
	/* Block 2: VID header of a volume id far past the table. */
	pu_ubi_ec(pu_blk(&m, 2), 3, 7);
	pu_ubi_vid(pu_blk(&m, 2) + PS, 0x7fffffffu, 0, 2);
	/* Block 3: SquashFS that claims 2^64 - 1 bytes. */
	p = pu_blk(&m, 3);
	memset(p, 0, 96);
	memcpy(p, "hsqs", 4);
	pu_put_le32(p + 12, 4096);
	p[22] = 12;
	p[28] = 4;
	memset(p + 40, 0xff, 8);
	/* Block 5: an environment whose key never ends. */
	memset(pu_blk(&m, 5) + 4, 'k', EB - 4);
	pu_img_scan(&m, &d, &r, NULL, 0);
	c = pu_find(&r, "ubi", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 1);
	ck_assert(pu_bool(c, "volume_table"));
	for (k = 0; k < pu_u64(c, "volumes.#"); k++) {
		char path[32];

		snprintf(path, sizeof(path), "volumes.%u.name", (unsigned int)k);
		ck_assert_uint_lt(strlen(pu_field(c, path)), 128);
	}
	c = pu_find(&r, "squashfs", 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->last_block, 5);
	mm_scan_free(&r);
	mm_dump_close(&d);

	/* Random byte damage in the first pages of every block. */
	for (i = 0; i < 40; i++) {
		for (k = 0; k < 64; k++) {
			seed = seed * 1103515245u + 12345u;
			pu_blk(&m, (seed >> 8) % 6)[(seed >> 12) % (3 * PS)] ^=
				1u << (seed % 8);
		}
		pu_img_scan(&m, &d, &r, NULL, 0);
		ck_assert_uint_eq(r.erased_blocks + r.programmed_blocks, 6);
		mm_scan_free(&r);
		mm_dump_close(&d);
	}
	pu_img_free(&m);
}
END_TEST

Suite *scan_suite(void)
{
	Suite *s = suite_create("scan");
	TCase *tc = tcase_create("driver");

	tcase_add_test(tc, test_scan_counts_erased_and_programmed_blocks);
	tcase_add_test(tc, test_scan_registry_names_its_probers);
	tcase_add_test(tc, test_scan_survives_hostile_and_damaged_headers);
	suite_add_tcase(s, tc);
	return s;
}
