// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_fusion.c - --extra-read: per ECC step the first read that decodes
 * wins, else the bitwise majority (counted as fixed or uncorrectable); no
 * ECC: bitwise majority; extra reads that do not match are refused.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/flash.h"
#include "../../core/open.h"
#include "../../core/ecc/ecc.h"
#include "../../core/fusion.h"
#include "../../formats/format.h"
#include "cont_util.h"

#define REC	(2048 + 64)

static uint8_t *img;
static size_t img_len;

/* The generated chip with Hamming ECC in its OOB, as the kernel writes it. */
static void setup(void)
{
	struct mm_gen g = cu_gen_2k();
	struct mm_geom geom = { .page_size = 2048, .oob_size = 64,
				.pages_per_block = 8, .block_count = 12 };
	struct mm_ecc *e;
	char msg[200];
	size_t p;

	img = cu_gen_image(&g, &img_len);
	ck_assert_int_eq(mm_ecc_new(&e, "hamming", NULL, &geom, msg,
				    sizeof(msg)), 0);
	for (p = 0; p < img_len / REC; p++)
		mm_ecc_encode(e, img + p * REC, img + p * REC + 2048);
	mm_ecc_free(e);
}

static void teardown(void)
{
	free(img);
}

/* Flip bits @b1 and @b2 of 256-byte step @step of page @page in @copy. */
static void flip2(uint8_t *copy, size_t page, unsigned int step,
		  unsigned int b1, unsigned int b2)
{
	uint8_t *s = copy + page * REC + step * 256;

	s[b1 / 8] ^= 1u << (b1 % 8);
	s[b2 / 8] ^= 1u << (b2 % 8);
}

static const char *reads[3];

static void write_reads(uint8_t *const c[3])
{
	static const char *const names[3] = { "r0.bin", "r1.bin", "r2.bin" };
	int i;

	for (i = 0; i < 3; i++) {
		reads[i] = cu_path(names[i]);
		cu_write(reads[i], c[i], img_len);
	}
}

/* Through the flash opener: the extra reads fuse per step of its codec. */
static int open_fused(struct mm_flash *f, const char *ecc)
{
	struct mm_flash_opts o;

	memset(&o, 0, sizeof(o));
	cu_opts(&o.open, 2048, 64, 8);
	o.open.extra_reads = &reads[1];
	o.open.n_extra_reads = 2;
	o.ecc = ecc;
	return mm_flash_open(f, reads[0], &o);
}

static uint8_t **copies(void)
{
	static uint8_t *c[3];
	int i;

	for (i = 0; i < 3; i++) {
		c[i] = malloc(img_len);
		memcpy(c[i], img, img_len);
	}
	return c;
}

static void free_copies(uint8_t **c)
{
	int i;

	for (i = 0; i < 3; i++)
		free(c[i]);
}

START_TEST(test_fusion_first_decoding_read_wins_per_step)
{
	uint8_t **c = copies();
	struct mm_fusion_stats st;
	struct mm_flash fl;
	struct mm_dump *d = &fl.dump;

	flip2(c[0], 3, 1, 5, 900);	/* read 0 bad in page 3 step 1 */
	flip2(c[1], 3, 1, 7, 100);	/* read 1 too, elsewhere */
	flip2(c[1], 20, 6, 0, 2047);	/* read 1 bad in page 20 step 6 */
	flip2(c[0], 40, 2, 9, 10);	/* reads 0 and 1: the same flips */
	flip2(c[1], 40, 2, 9, 10);
	write_reads(c);
	ck_assert_int_eq(open_fused(&fl, "hamming"), 0);
	ck_assert(mm_fusion_active(d));
	cu_assert_pages(d, img, img_len);
	ck_assert_int_eq(mm_fusion_get_stats(d, &st), 0);
	ck_assert_uint_eq(st.copies, 3);
	ck_assert(st.per_step);
	ck_assert_uint_eq(st.step_size, 256);
	ck_assert_uint_eq(st.pages, img_len / REC);
	ck_assert_uint_eq(st.steps_from[2], 2);	/* page 3 step 1, page 40 step 2 */
	ck_assert_uint_eq(st.steps_from[1], 0);
	ck_assert_uint_eq(st.steps_from[0], st.pages * 8 - 2);
	ck_assert_uint_eq(st.majority_steps, 0);
	ck_assert_uint_eq(st.uncorrectable_steps, 0);
	ck_assert_str_eq(mm_fusion_copy_path(d, 2), reads[2]);
	mm_flash_close(&fl);

	/* A bitwise majority alone keeps the flips reads 0 and 1 share. */
	ck_assert_int_eq(open_fused(&fl, NULL), 0);
	ck_assert_int_eq(mm_fusion_get_stats(d, &st), 0);
	ck_assert(!st.per_step);
	{
		uint8_t data[2048];

		ck_assert_int_eq(mm_dump_read_page(d, 40, data, NULL), 0);
		ck_assert_int_ne(memcmp(data, img + 40 * REC, 2048), 0);
		ck_assert_int_eq(mm_dump_read_page(d, 3, data, NULL), 0);
		ck_assert_int_eq(memcmp(data, img + 3 * REC, 2048), 0);
	}
	mm_flash_close(&fl);
	free_copies(c);
}
END_TEST

START_TEST(test_fusion_majority_when_no_read_decodes)
{
	uint8_t **c = copies();
	struct mm_fusion_stats st;
	struct mm_flash fl;
	struct mm_dump *d = &fl.dump;

	/* Page 5 step 4: every read bad, at different bits: majority fixes. */
	flip2(c[0], 5, 4, 1, 2);
	flip2(c[1], 5, 4, 3, 4);
	flip2(c[2], 5, 4, 5, 6);
	/* Page 6 step 0: the same flips in every read: uncorrectable. */
	flip2(c[0], 6, 0, 11, 12);
	flip2(c[1], 6, 0, 11, 12);
	flip2(c[2], 6, 0, 11, 12);
	write_reads(c);
	ck_assert_int_eq(open_fused(&fl, "hamming"), 0);
	{
		uint8_t data[2048], oob[64];
		uint64_t p;

		for (p = 0; p < img_len / REC; p++) {
			ck_assert_int_eq(mm_dump_read_page(d, p, data, oob), 0);
			if (p != 6)
				ck_assert_int_eq(memcmp(data, img + p * REC, 2048), 0);
		}
	}
	ck_assert_int_eq(mm_fusion_get_stats(d, &st), 0);
	ck_assert_uint_eq(st.majority_steps, 2);
	ck_assert_uint_eq(st.uncorrectable_steps, 1);
	ck_assert_uint_eq(st.n_bad, 1);
	ck_assert_uint_eq(st.bad[0].page, 6);
	ck_assert_uint_eq(st.bad[0].step, 0);
	mm_flash_close(&fl);
	free_copies(c);
}
END_TEST

START_TEST(test_fusion_refuses_extra_reads_that_do_not_match)
{
	uint8_t **c = copies();
	struct mm_flash fl;
	struct mm_dump *d = &fl.dump;

	write_reads(c);
	cu_write(reads[2], img, img_len - REC);	/* not whole blocks */
	ck_assert_int_lt(open_fused(&fl, "hamming"), 0);
	ck_assert_ptr_nonnull(strstr(d->err, "extra read"));
	ck_assert_ptr_nonnull(strstr(d->err, "r2.bin"));
	unlink(reads[2]);
	ck_assert_int_eq(open_fused(&fl, "hamming"), -ENOENT);
	ck_assert_ptr_nonnull(strstr(d->err, "r2.bin"));
	/* An unknown scheme is refused at open. */
	cu_write(reads[2], img, img_len);
	ck_assert_int_eq(open_fused(&fl, "nonsense"), -EINVAL);
	ck_assert_int_eq(fl.stage, MM_FLASH_ECC);
	mm_flash_close(&fl);
	free_copies(c);
}
END_TEST

Suite *fusion_suite(void)
{
	Suite *s = suite_create("fusion");
	TCase *tc = tcase_create("fusion");

	cu_dir();
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_fusion_first_decoding_read_wins_per_step);
	tcase_add_test(tc, test_fusion_majority_when_no_read_decodes);
	tcase_add_test(tc, test_fusion_refuses_extra_reads_that_do_not_match);
	suite_add_tcase(s, tc);
	return s;
}
