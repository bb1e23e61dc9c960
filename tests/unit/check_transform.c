// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_transform.c - swap16, bit reverse and invert: the byte functions,
 * reads at odd offsets through the stacked source, odd lengths refused,
 * and transforms combined with a container.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/open.h"
#include "../../formats/transforms/transform.h"
#include "../../formats/format.h"
#include "cont_util.h"

START_TEST(test_xform_bytes_known_values)
{
	uint8_t b[4] = { 0x01, 0x80, 0xf0, 0x35 };

	mm_xform_bytes(MM_XFORM_SWAP16, b, 4);
	ck_assert(b[0] == 0x80 && b[1] == 0x01 && b[2] == 0x35 && b[3] == 0xf0);
	mm_xform_bytes(MM_XFORM_BITREV, b, 4);
	ck_assert(b[0] == 0x01 && b[1] == 0x80 && b[2] == 0xac && b[3] == 0x0f);
	mm_xform_bytes(MM_XFORM_INVERT, b, 4);
	ck_assert(b[0] == 0xfe && b[1] == 0x7f && b[2] == 0x53 && b[3] == 0xf0);
	/* "#IBU" as an x16 chip stores "UBI#"... read back. */
	memcpy(b, "BU#I", 4);
	mm_xform_bytes(MM_XFORM_SWAP16, b, 4);
	ck_assert_int_eq(memcmp(b, "UBI#", 4), 0);
}
END_TEST

static void apply_all(uint8_t *b, size_t len, unsigned int flags)
{
	mm_xform_bytes(flags, b, len);
}

START_TEST(test_transformed_dump_reads_like_the_original)
{
	static const unsigned int combos[] = {
		MM_XFORM_SWAP16, MM_XFORM_BITREV, MM_XFORM_INVERT,
		MM_XFORM_SWAP16 | MM_XFORM_INVERT | MM_XFORM_BITREV,
	};
	struct mm_gen g = cu_gen_2k();
	size_t len, i;
	uint8_t *img = cu_gen_image(&g, &len), *t = malloc(len);
	struct mm_open_opts o;
	struct mm_dump d;

	for (i = 0; i < sizeof(combos) / sizeof(combos[0]); i++) {
		memcpy(t, img, len);
		apply_all(t, len, combos[i]);
		cu_write(cu_path("t.bin"), t, len);
		cu_opts(&o, 2048, 64, 8);
		o.transforms = combos[i];
		ck_assert_int_eq(mm_dump_open(&d, cu_path("t.bin"), &o), 0);
		cu_assert_pages(&d, img, len);
		ck_assert(mm_bbt_is_bad(&d.bbt, 9));
		mm_dump_close(&d);
	}
	/* And under gzip. */
	ck_assert_int_eq(cu_run("gzip -f '%s'", cu_path("t.bin")), 0);
	ck_assert_int_eq(mm_dump_open(&d, cu_path("t.bin.gz"), &o), 0);
	cu_assert_pages(&d, img, len);
	mm_dump_close(&d);
	free(img);
	free(t);
}
END_TEST

START_TEST(test_swap16_reads_at_odd_offsets)
{
	uint8_t raw[16], want[16], got[16];
	struct mm_open_opts o;
	struct mm_dump d;
	size_t off, n;

	for (off = 0; off < 16; off++)
		raw[off] = want[off] = (uint8_t)(off * 17 + 3);
	mm_xform_bytes(MM_XFORM_SWAP16, want, 16);
	cu_write(cu_path("s.bin"), raw, 16);
	cu_open_src(&d, cu_path("s.bin"));
	memset(&o, 0, sizeof(o));
	d.opts.transforms = MM_XFORM_SWAP16;
	ck_assert_int_eq(mm_transform_stack(&d.in), 0);
	for (off = 0; off < 16; off++)
		for (n = 0; n <= 16 - off; n++) {
			ck_assert_int_eq(mm_src_pread(&d.src, got, n, off),
					 (ssize_t)n);
			ck_assert_int_eq(memcmp(got, want + off, n), 0);
		}
	ck_assert_int_eq(mm_src_pread(&d.src, got, 4, 15), 1);
	ck_assert_uint_eq(got[0], want[15]);
	mm_src_close(&d.src);
}
END_TEST

START_TEST(test_swap16_refuses_an_odd_length)
{
	struct mm_dump d;

	cu_write(cu_path("odd.bin"), "abc", 3);
	cu_open_src(&d, cu_path("odd.bin"));
	d.opts.transforms = MM_XFORM_SWAP16;
	ck_assert_int_eq(mm_transform_stack(&d.in), -EINVAL);
	ck_assert_ptr_nonnull(strstr(d.err, "--swap16"));
	mm_src_close(&d.src);
}
END_TEST

/* Every registered transform: an involution, found by its name. */
START_TEST(test_every_registered_transform_is_an_involution)
{
	uint8_t b[64], orig[64];
	unsigned int i, k;

	for (k = 0; k < sizeof(orig); k++)
		orig[k] = (uint8_t)(k * 29 + 7);
	for (i = 0; mm_transforms[i]; i++) {
		const struct mm_transform *t = mm_transforms[i];

		ck_assert_int_eq(mm_transform_find(t->name, strlen(t->name)),
				 (int)i);
		ck_assert_uint_ge(t->unit, 1);
		ck_assert(sizeof(b) % t->unit == 0);
		memcpy(b, orig, sizeof(b));
		mm_xform_bytes(1u << i, b, sizeof(b));
		ck_assert_msg(memcmp(b, orig, sizeof(b)), "%s changes nothing",
			      t->name);
		mm_xform_bytes(1u << i, b, sizeof(b));
		ck_assert_mem_eq(b, orig, sizeof(b));
	}
	ck_assert_int_eq(mm_transform_find("swap16,invert", 6),
			 mm_transform_find("swap16", 6));
	ck_assert_int_eq(mm_transform_find("rot13", 5), -1);
}
END_TEST

Suite *transform_suite(void)
{
	Suite *s = suite_create("transform");
	TCase *tc = tcase_create("transform");

	cu_dir();
	tcase_add_test(tc, test_xform_bytes_known_values);
	tcase_add_test(tc, test_transformed_dump_reads_like_the_original);
	tcase_add_test(tc, test_swap16_reads_at_odd_offsets);
	tcase_add_test(tc, test_swap16_refuses_an_odd_length);
	tcase_add_test(tc, test_every_registered_transform_is_an_involution);
	suite_add_tcase(s, tc);
	return s;
}
