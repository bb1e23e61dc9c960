// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_gen_vendor.c - mm-gen's vendor layouts of an existing image
 * (tests/gen/gen_vendor.c, mm_gen_write_vendor_from): decoded back, the
 * image's data and free OOB bytes, its bad blocks, flips up to t and
 * beyond, determinism.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../gen/gen_vendor.h"

#define PS	2048
#define OS	64
#define PPB	4
#define NB	6

static const char *const presets[] = {
	"imx-gpmi", "brcmnand", "mtk-nfi", "qcom-nandc", "sunxi", "pmecc",
};

static const uint8_t cleanmarker[8] = { 0x85, 0x19, 0x03, 0x20, 0x08, 0, 0, 0 };

/* The source chip: JFFS2, block 2 factory-bad, as page+OOB records. */
static struct mm_gen src_chip(const uint64_t *bad, size_t n_bad)
{
	struct mm_gen g = {
		.page_size = PS, .oob_size = OS, .pages_per_block = PPB,
		.blocks = NB, .bad = bad, .n_bad = n_bad,
		.layout = MM_GEN_OOB, .content = MM_GEN_JFFS2, .seed = 7,
	};

	return g;
}

static FILE *src_image(const struct mm_gen *g)
{
	FILE *f = tmpfile();

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(mm_gen_write(g, f), 0);
	rewind(f);
	return f;
}

/* Lay the source out; returns the output rewound (NULL on failure). */
static FILE *lay_out(const struct mm_gen *g, FILE *src, bool oob,
		     const struct mm_gen_vendor *v, int *ret,
		     struct mm_gen_from *from_out)
{
	static struct mm_ooblayout sl;
	struct mm_geom geom = { .page_size = PS, .oob_size = OS };
	struct mm_gen_from from = { .f = src, .oob = oob, .src = &sl };
	char msg[200] = "";
	FILE *out = tmpfile();

	ck_assert_int_eq(mm_ooblayout_default(&sl, &geom), 0);
	ck_assert_ptr_nonnull(out);
	rewind(src);
	*ret = mm_gen_write_vendor_from(g, &from, v, out, msg, sizeof(msg));
	if (from_out)
		*from_out = from;
	if (*ret) {
		fclose(out);
		return NULL;
	}
	rewind(out);
	return out;
}

static void build(struct mm_pagelayout *pl, const char *arg)
{
	struct mm_pl_geom pg = { PS, OS, PPB };
	char msg[200];

	ck_assert_msg(!mm_pl_from_arg(pl, arg, &pg, msg, sizeof(msg)), "%s", msg);
}

/*
 * Decode every page of @out against the source chip @g (block data from
 * mm_gen_block()); returns the pages that are uncorrectable, and checks
 * the clean-markers and bad blocks on the way.
 */
static unsigned int decode_all(const struct mm_pagelayout *pl, FILE *out,
			       const struct mm_gen *g, const uint64_t *bad,
			       size_t n_bad, uint64_t *first_unc,
			       bool *data_differs)
{
	uint8_t *phys = malloc(pl->phys_size), *blkdata = malloc(PS * PPB);
	uint8_t data[PS], oob[512], free8[8];
	struct mm_gen marked = *g;
	unsigned int unc = 0, cm = pl->oob.oobavail < 8 ? pl->oob.oobavail : 8;
	uint64_t blk;
	uint32_t p;

	ck_assert_ptr_nonnull(phys);
	ck_assert_ptr_nonnull(blkdata);
	marked.bad = bad;
	marked.n_bad = n_bad;
	*data_differs = false;
	for (blk = 0; blk < NB; blk++) {
		bool isbad = mm_gen_is_bad(&marked, blk);

		mm_gen_block(g, blk, blkdata, NULL);
		for (p = 0; p < PPB; p++) {
			uint64_t page = blk * PPB + p;
			enum mm_page_state st;

			ck_assert_int_eq(fread(phys, pl->phys_size, 1, out), 1);
			if (p < 2)
				ck_assert_msg(mm_pl_is_bad(pl, phys) == isbad,
					      "%s: block %llu page %u marker", pl->name,
					      (unsigned long long)blk, p);
			if (isbad)
				continue;
			ck_assert_int_eq(mm_pl_decode(pl, page, phys, data, oob,
						      NULL, &st), 0);
			if (st == MM_PAGE_UNCORRECTABLE) {
				if (!unc++)
					*first_unc = page;
			}
			if (memcmp(data, blkdata + p * PS, PS)) {
				*data_differs = true;
				continue;
			}
			mm_ooblayout_get_free(&pl->oob, oob, 0, cm, free8);
			if (p == 0)
				ck_assert_msg(!memcmp(free8, cleanmarker, cm),
					      "%s: block %llu: clean-marker in the free bytes",
					      pl->name, (unsigned long long)blk);
		}
	}
	free(phys);
	free(blkdata);
	return unc;
}

START_TEST(test_gen_vendor_from_oob_image_decodes_to_it)
{
	static struct mm_pagelayout pl;
	static const uint64_t bad[] = { 2 };
	struct mm_gen g = src_chip(bad, 1), lay = src_chip(NULL, 0);
	struct mm_gen_vendor v = { .layout = presets[_i] };
	struct mm_gen_from from;
	FILE *src = src_image(&g), *out;
	uint64_t first = 0;
	bool differs;
	int ret;

	build(&pl, presets[_i]);
	/* the bad block comes from the source's marker, not from --bad */
	out = lay_out(&lay, src, true, &v, &ret, &from);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(from.bad_found, 1);
	ck_assert_uint_eq(decode_all(&pl, out, &g, bad, 1, &first, &differs), 0);
	ck_assert(!differs);
	fclose(out);
	fclose(src);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_gen_vendor_from_flips_up_to_t_are_corrected)
{
	static struct mm_pagelayout pl;
	static const uint64_t bad[] = { 2 };
	struct mm_gen g = src_chip(bad, 1);
	struct mm_gen_vendor v = { .layout = presets[_i], .flip_seed = 3 };
	FILE *src = src_image(&g), *out;
	uint64_t first = 0;
	bool differs;
	int ret;

	build(&pl, presets[_i]);
	v.flips = pl.t;
	out = lay_out(&g, src, true, &v, &ret, NULL);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(decode_all(&pl, out, &g, bad, 1, &first, &differs), 0);
	ck_assert(!differs);
	fclose(out);
	fclose(src);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_gen_vendor_from_beyond_t_page_is_uncorrectable_and_differs)
{
	static struct mm_pagelayout pl;
	static const uint64_t bad[] = { 2 }, over[] = { 5 };
	struct mm_gen g = src_chip(bad, 1);
	struct mm_gen_vendor v = { .layout = presets[_i], .flip_seed = 3,
				   .beyond_t = over, .n_beyond_t = 1 };
	FILE *src = src_image(&g), *out;
	uint64_t first = 0;
	bool differs;
	int ret;

	build(&pl, presets[_i]);
	v.flips = pl.t;
	out = lay_out(&g, src, true, &v, &ret, NULL);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(decode_all(&pl, out, &g, bad, 1, &first, &differs), 1);
	ck_assert_uint_eq(first, 5);
	ck_assert(differs);
	fclose(out);
	fclose(src);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_gen_vendor_from_beyond_t_refuses_erased_and_bad_pages)
{
	static const uint64_t bad[] = { 2 }, in_bad[] = { 8 }, past[] = { 99 };
	struct mm_gen g = src_chip(bad, 1), e = src_chip(NULL, 0);
	struct mm_gen_vendor v = { .layout = "pmecc", .beyond_t = in_bad,
				   .n_beyond_t = 1 };
	FILE *src = src_image(&g), *esrc;
	int ret;

	ck_assert_ptr_null(lay_out(&g, src, true, &v, &ret, NULL));
	ck_assert_int_eq(ret, -EINVAL);
	v.beyond_t = past;
	ck_assert_ptr_null(lay_out(&g, src, true, &v, &ret, NULL));
	ck_assert_int_eq(ret, -EINVAL);
	e.content = MM_GEN_ERASED;
	esrc = src_image(&e);
	v.beyond_t = bad;	/* page 2 of an erased chip */
	ck_assert_ptr_null(lay_out(&e, esrc, true, &v, &ret, NULL));
	ck_assert_int_eq(ret, -EINVAL);
	fclose(esrc);
	fclose(src);
}
END_TEST

static bool same_files(FILE *a, FILE *b)
{
	int ca, cb;

	rewind(a);
	rewind(b);
	do {
		ca = getc(a);
		cb = getc(b);
	} while (ca == cb && ca != EOF);
	return ca == cb;
}

START_TEST(test_gen_vendor_from_is_deterministic_and_data_only_matches)
{
	static const uint64_t bad[] = { 2 };
	struct mm_gen g = src_chip(bad, 1), d = src_chip(bad, 1);
	struct mm_gen_vendor v = { .layout = "mtk-nfi", .flips = 2 };
	FILE *src, *dsrc, *a, *b, *c;
	int ret;

	/* UBI: nothing in the free OOB bytes, so data-only + --bad is the same */
	g.content = d.content = MM_GEN_UBI;
	d.layout = MM_GEN_RAW;
	src = src_image(&g);
	dsrc = src_image(&d);
	a = lay_out(&g, src, true, &v, &ret, NULL);
	ck_assert_int_eq(ret, 0);
	b = lay_out(&g, src, true, &v, &ret, NULL);
	ck_assert_int_eq(ret, 0);
	c = lay_out(&d, dsrc, false, &v, &ret, NULL);
	ck_assert_int_eq(ret, 0);
	ck_assert(same_files(a, b));
	ck_assert(same_files(a, c));
	fclose(a);
	fclose(b);
	fclose(c);
	fclose(src);
	fclose(dsrc);
}
END_TEST

/* mm_gen's spare areas hold pseudo-ECC, which no real scheme verifies. */
START_TEST(test_gen_vendor_from_refuses_a_source_its_ecc_does_not_verify)
{
	struct mm_gen g = src_chip(NULL, 0);
	struct mm_geom geom = { .page_size = PS, .oob_size = OS };
	struct mm_gen_vendor v = { .layout = "pmecc" };
	struct mm_gen_from from = { .oob = true };
	struct mm_ecc *e = NULL;
	char msg[200] = "";
	FILE *src = src_image(&g), *out = tmpfile();

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(mm_ecc_new(&e, "bch8", NULL, &geom, msg, sizeof(msg)), 0);
	from.f = src;
	from.src = mm_ecc_layout(e);
	from.ecc = e;
	ck_assert_int_eq(mm_gen_write_vendor_from(&g, &from, &v, out, msg,
						  sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "does not verify with the source's ECC (bch8)"));
	mm_ecc_free(e);
	fclose(out);
	fclose(src);
}
END_TEST

START_TEST(test_gen_vendor_from_short_image_is_refused)
{
	struct mm_gen g = src_chip(NULL, 0), big = src_chip(NULL, 0);
	struct mm_gen_vendor v = { .layout = "sunxi" };
	FILE *src = src_image(&g);
	int ret;

	big.blocks = NB + 1;
	ck_assert_ptr_null(lay_out(&big, src, true, &v, &ret, NULL));
	ck_assert_int_eq(ret, -EINVAL);
	fclose(src);
}
END_TEST

Suite *gen_vendor_suite(void)
{
	Suite *s = suite_create("gen_vendor");
	TCase *tc = tcase_create("from");
	int n = sizeof(presets) / sizeof(presets[0]);

	tcase_add_loop_test(tc, test_gen_vendor_from_oob_image_decodes_to_it, 0, n);
	tcase_add_loop_test(tc, test_gen_vendor_from_flips_up_to_t_are_corrected, 0, n);
	tcase_add_loop_test(tc, test_gen_vendor_from_beyond_t_page_is_uncorrectable_and_differs, 0, n);
	tcase_add_test(tc, test_gen_vendor_from_beyond_t_refuses_erased_and_bad_pages);
	tcase_add_test(tc, test_gen_vendor_from_is_deterministic_and_data_only_matches);
	tcase_add_test(tc, test_gen_vendor_from_refuses_a_source_its_ecc_does_not_verify);
	tcase_add_test(tc, test_gen_vendor_from_short_image_is_refused);
	suite_add_tcase(s, tc);
	return s;
}
