// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_fmt_sector.c - sector-interleaved pages ([N data][S*N/W spare] per
 * sector) normalized to page data + OOB, for 512- and 256-byte sectors;
 * sector sizes that do not divide refused.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/open.h"
#include "../../formats/format.h"
#include "cont_util.h"

/* The image rewritten with @n-byte sectors. */
static void interleave(const uint8_t *img, size_t len, size_t n,
		       const char *path)
{
	size_t rec = 2048 + 64, steps = 2048 / n, sp = 64 / steps, i, s;
	uint8_t *out = malloc(len), *p = out;

	for (i = 0; i < len / rec; i++) {
		const uint8_t *r = img + i * rec;

		for (s = 0; s < steps; s++) {
			memcpy(p, r + s * n, n);
			p += n;
			memcpy(p, r + 2048 + s * sp, sp);
			p += sp;
		}
	}
	cu_write(path, out, len);
	free(out);
}

START_TEST(test_sector_interleaved_pages_read_as_data_plus_oob)
{
	static const uint32_t sizes[] = { 512, 256, 2048 };
	struct mm_gen g = cu_gen_2k();
	size_t len, i;
	uint8_t *img = cu_gen_image(&g, &len);
	struct mm_open_opts o;
	struct mm_dump d;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		const char *p = cu_path("sector.bin");

		interleave(img, len, sizes[i], p);
		cu_opts(&o, 2048, 64, 8);
		o.format = "sector";
		o.sector_size = sizes[i];
		ck_assert_int_eq(mm_dump_open(&d, p, &o), 0);
		cu_assert_pages(&d, img, len);
		/* The markers are found where the kernel reads them. */
		ck_assert(mm_bbt_is_bad(&d.bbt, 2));
		ck_assert(!mm_bbt_is_bad(&d.bbt, 3));
		mm_dump_close(&d);
	}
	free(img);
}
END_TEST

START_TEST(test_sector_is_never_detected_and_bad_sizes_are_refused)
{
	struct mm_gen g = cu_gen_2k();
	size_t len;
	uint8_t *img = cu_gen_image(&g, &len);
	const char *p = cu_path("sector.bin");
	struct mm_open_opts o;
	struct mm_dump d;

	interleave(img, len, 512, p);
	cu_opts(&o, 2048, 64, 8);
	ck_assert_int_eq(mm_dump_open(&d, p, &o), 0);
	ck_assert_str_ne(d.fmt->name, "sector");
	mm_dump_close(&d);
	o.format = "sector";
	o.sector_size = 4096;
	ck_assert_int_eq(mm_dump_open(&d, p, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(d.err, "sector size 4096"));
	o.sector_size = 128;	/* 64 OOB bytes over 16 sectors: 4 each, fine */
	ck_assert_int_eq(mm_dump_open(&d, p, &o), 0);
	mm_dump_close(&d);
	cu_opts(&o, 2048, 60, 8);
	o.format = "sector";
	o.sector_size = 512;
	ck_assert_int_lt(mm_dump_open(&d, p, &o), 0);
	free(img);
}
END_TEST

Suite *fmt_sector_suite(void)
{
	Suite *s = suite_create("fmt_sector");
	TCase *tc = tcase_create("sector");

	cu_dir();
	tcase_add_test(tc, test_sector_interleaved_pages_read_as_data_plus_oob);
	tcase_add_test(tc, test_sector_is_never_detected_and_bad_sizes_are_refused);
	suite_add_tcase(s, tc);
	return s;
}
