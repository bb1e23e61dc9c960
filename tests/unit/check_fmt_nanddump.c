// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_fmt_nanddump.c - nanddump's bad block modes: choosing the reader
 * from --bb, skipbad reconstruction (right and refused), padbad's lost
 * markers, and the real nandsim dumps.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/open.h"
#include "../../formats/format.h"
#include "fmt_util.h"

static const uint64_t bad_3_7[] = { 3, 7 };

static struct mm_gen gen_2k(enum mm_gen_layout layout, uint32_t oob)
{
	struct mm_gen g = {
		.page_size = 2048, .oob_size = oob, .pages_per_block = 8,
		.blocks = 16, .bad = bad_3_7, .n_bad = 2, .layout = layout,
		.content = MM_GEN_PATTERN, .seed = 7,
	};

	return g;
}

static void opts_2k(struct mm_open_opts *o, uint32_t oob,
		    enum mm_bb_mode bb)
{
	tu_opts(o);
	o->geom.page_size = 2048;
	o->geom.oob_size = oob;
	o->oob_size_set = true;
	o->geom.pages_per_block = 8;
	o->bb_mode = bb;
}

START_TEST(test_nanddump_is_chosen_when_bb_is_given_without_format)
{
	struct mm_gen g = gen_2k(MM_GEN_OOB, 64);
	struct mm_open_opts o;
	struct mm_dump d;

	opts_2k(&o, 64, MM_BB_DUMPBAD);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_str_eq(d.fmt->name, "nanddump");
	ck_assert_ptr_nonnull(strstr(d.fmt_why, "nanddump="));
	tu_assert_matches_gen(&d, &g, TU_BAD_ASIS);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_nanddump_never_bids_without_bb)
{
	struct mm_gen g = gen_2k(MM_GEN_OOB, 64);
	struct mm_open_opts o;
	struct mm_dump d;

	opts_2k(&o, 64, MM_BB_UNSET);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_str_eq(d.fmt->name, "oob");
	ck_assert_ptr_null(strstr(d.fmt_why, "nanddump"));
	mm_dump_close(&d);

	g.layout = MM_GEN_RAW;
	opts_2k(&o, 0, MM_BB_UNSET);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_str_eq(d.fmt->name, "raw");
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_nanddump_dumpbad_with_oob_finds_factory_markers)
{
	struct mm_gen g = gen_2k(MM_GEN_OOB, 64);
	struct mm_open_opts o;
	struct mm_dump d;

	opts_2k(&o, 64, MM_BB_DUMPBAD);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_uint_eq(mm_bbt_count(&d.bbt), 2);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 3), MM_BBS_MARKER);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 7), MM_BBS_MARKER);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_nanddump_skipbad_reinserts_bad_blocks_in_place)
{
	struct mm_gen g = gen_2k(MM_GEN_SKIPBAD, 0);
	struct mm_open_opts o;
	struct mm_dump d;

	opts_2k(&o, 0, MM_BB_SKIPBAD);
	o.bad_blocks = bad_3_7;
	o.n_bad_blocks = 2;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_str_eq(d.fmt->name, "nanddump");
	ck_assert_uint_eq(d.geom.block_count, 16);
	tu_assert_matches_gen(&d, &g, TU_BAD_ABSENT);
	ck_assert_uint_eq(mm_bbt_count(&d.bbt), 2);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 3), MM_BBS_READER);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 7), MM_BBS_READER);
	ck_assert_str_eq(d.note, "");
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_nanddump_skipbad_with_oob_reinserts_bad_blocks_in_place)
{
	struct mm_gen g = gen_2k(MM_GEN_SKIPBAD, 64);
	struct mm_open_opts o;
	struct mm_dump d;

	g.content = MM_GEN_UBI;
	opts_2k(&o, 64, MM_BB_SKIPBAD);
	o.bad_blocks = bad_3_7;
	o.n_bad_blocks = 2;
	o.geom.block_count = 16;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	tu_assert_matches_gen(&d, &g, TU_BAD_ABSENT);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 3), MM_BBS_READER);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_nanddump_skipbad_takes_the_chip_size_from_size)
{
	struct mm_gen g = gen_2k(MM_GEN_SKIPBAD, 0);
	struct mm_open_opts o;
	struct mm_dump d;

	opts_2k(&o, 0, MM_BB_SKIPBAD);
	o.bad_blocks = bad_3_7;
	o.n_bad_blocks = 2;
	o.chip_size = 16 * 8 * 2048;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_uint_eq(d.geom.block_count, 16);
	tu_assert_matches_gen(&d, &g, TU_BAD_ABSENT);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_nanddump_skipbad_refuses_blocks_that_do_not_add_up)
{
	struct mm_gen g = gen_2k(MM_GEN_SKIPBAD, 0);
	struct mm_open_opts o;
	struct mm_dump d;

	opts_2k(&o, 0, MM_BB_SKIPBAD);
	o.bad_blocks = bad_3_7;
	o.n_bad_blocks = 2;
	o.geom.block_count = 20;	/* 14 in the file + 2 bad != 20 */
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "cannot place the skipped blocks"));
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "14 blocks"));

	o.n_bad_blocks = 0;		/* no --bad-blocks but a larger chip */
	o.geom.block_count = 16;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
}
END_TEST

START_TEST(test_nanddump_skipbad_refuses_bad_block_past_the_end)
{
	static const uint64_t bad[] = { 3, 40 };
	struct mm_gen g = gen_2k(MM_GEN_SKIPBAD, 0);
	struct mm_open_opts o;
	struct mm_dump d;

	opts_2k(&o, 0, MM_BB_SKIPBAD);
	o.bad_blocks = bad;
	o.n_bad_blocks = 2;
	o.geom.block_count = 16;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "bad block 40 is past the end"));

	o.geom.block_count = 0;		/* chip = 14 in the file + 2 bad */
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "assumed 16 blocks: 14 in the file + 2 bad"));
}
END_TEST

START_TEST(test_nanddump_skipbad_refuses_size_not_whole_blocks)
{
	struct mm_gen g = gen_2k(MM_GEN_SKIPBAD, 0);
	struct mm_open_opts o;
	struct mm_dump d;

	opts_2k(&o, 0, MM_BB_SKIPBAD);
	o.bad_blocks = bad_3_7;
	o.n_bad_blocks = 2;
	o.chip_size = 16 * 8 * 2048 + 2048;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "not a whole number"));
}
END_TEST

START_TEST(test_nanddump_skipbad_refuses_file_ending_inside_a_block)
{
	struct mm_gen g = gen_2k(MM_GEN_SKIPBAD, 0);
	struct mm_open_opts o;
	struct mm_dump d;

	g.pages_per_block = 4;		/* the file has whole 4-page blocks */
	g.blocks = 15;			/* 13 in the file: 52 pages */
	opts_2k(&o, 0, MM_BB_SKIPBAD);	/* but we say 8 pages a block */
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "ends inside block"));
}
END_TEST

START_TEST(test_nanddump_skipbad_without_bad_blocks_says_it_assumes_none)
{
	struct mm_gen g = gen_2k(MM_GEN_SKIPBAD, 0);
	struct mm_open_opts o;
	struct mm_dump d;

	g.n_bad = 0;
	opts_2k(&o, 0, MM_BB_SKIPBAD);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_ptr_nonnull(strstr(d.note, "assuming no block was skipped"));
	tu_assert_matches_gen(&d, &g, TU_BAD_ASIS);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_nanddump_padbad_says_markers_are_lost)
{
	struct mm_gen g = gen_2k(MM_GEN_PADBAD, 64);
	struct mm_open_opts o;
	struct mm_dump d;

	opts_2k(&o, 64, MM_BB_PADBAD);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	tu_assert_matches_gen(&d, &g, TU_BAD_FF);
	ck_assert_uint_eq(mm_bbt_count(&d.bbt), 0);
	ck_assert_ptr_nonnull(strstr(d.note, "markers are lost"));
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_nanddump_padbad_bad_blocks_option_restores_them)
{
	struct mm_gen g = gen_2k(MM_GEN_PADBAD, 64);
	struct mm_open_opts o;
	struct mm_dump d;

	opts_2k(&o, 64, MM_BB_PADBAD);
	o.bad_blocks = bad_3_7;
	o.n_bad_blocks = 2;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_str_eq(d.note, "");
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 3), MM_BBS_USER);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 7), MM_BBS_USER);
	ck_assert_uint_eq(mm_bbt_count(&d.bbt), 2);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_nanddump_skipbad_is_refused_with_a_physical_format)
{
	struct mm_gen g = gen_2k(MM_GEN_SKIPBAD, 64);
	struct mm_open_opts o;
	struct mm_dump d;

	opts_2k(&o, 64, MM_BB_SKIPBAD);
	o.format = "oob";
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "--format nanddump"));
}
END_TEST

START_TEST(test_nanddump_probe_bids_even_when_size_does_not_fit)
{
	const struct mm_format *f = mm_format_find("nanddump");
	struct mm_geom hint = { .page_size = 2048, .oob_size = 64,
				.pages_per_block = 64 };
	struct mm_src src = { .size = 135168 * 2, .fd = -1 };

	ck_assert_ptr_nonnull(f);
	ck_assert(f->flags & MM_FMT_BB_MODES);
	ck_assert(f->flags & MM_FMT_NO_AUTODETECT);
	ck_assert_int_eq(f->probe(&src, &hint), 4);
	src.size = 1000;
	ck_assert_int_eq(f->probe(&src, &hint), 1);
	src.size = 0;
	ck_assert_int_eq(f->probe(&src, &hint), 0);
}
END_TEST

/* The real nandsim dumps: skipbad data equals dumpbad data, block by block. */
static const struct {
	const char *name;
	uint64_t bad;
} fixtures[] = {
	{ "jffs2-hamming", 20 },
	{ "jffs2-bch8", 9 },
	{ "ubi-hamming", 41 },
	{ "ubi-bch4", 17 },
};

START_TEST(test_nanddump_skipbad_fixture_matches_dumpbad_fixture)
{
	char name[128];
	const char *p;
	struct mm_open_opts o;
	struct mm_dump skip, full;
	uint64_t bad = fixtures[_i].bad, pg, ppb;

	snprintf(name, sizeof(name), "%s.data-dumpbad.bin", fixtures[_i].name);
	p = tu_fixture(name);
	ck_assert_ptr_nonnull(p);
	opts_2k(&o, 0, MM_BB_DUMPBAD);
	o.geom.pages_per_block = 64;
	ck_assert_int_eq(mm_dump_open(&full, p, &o), 0);

	snprintf(name, sizeof(name), "%s.data-skipbad.bin", fixtures[_i].name);
	p = tu_fixture(name);
	ck_assert_ptr_nonnull(p);
	o.bb_mode = MM_BB_SKIPBAD;
	o.bad_blocks = &bad;
	o.n_bad_blocks = 1;
	ck_assert_msg(mm_dump_open(&skip, p, &o) == 0, "%s", mm_dump_error(&skip));
	ck_assert_uint_eq(skip.geom.block_count, full.geom.block_count);
	ck_assert_int_eq(mm_bbt_source(&skip.bbt, bad), MM_BBS_READER);
	ppb = skip.geom.pages_per_block;
	for (pg = 0; pg < mm_geom_page_count(&skip.geom); pg++) {
		if (pg / ppb == bad) {
			ck_assert_int_eq(mm_dump_read_page(&skip, pg, NULL, NULL),
					 MM_PAGE_ABSENT);
			continue;
		}
		ck_assert_msg(tu_page_eq(&skip, pg, &full, pg),
			      "%s page %llu differs", fixtures[_i].name,
			      (unsigned long long)pg);
	}
	mm_dump_close(&skip);
	mm_dump_close(&full);
}
END_TEST

Suite *fmt_nanddump_suite(void)
{
	Suite *s = suite_create("fmt_nanddump");
	TCase *tc;

	tc = tcase_create("choose");
	tcase_add_test(tc, test_nanddump_is_chosen_when_bb_is_given_without_format);
	tcase_add_test(tc, test_nanddump_never_bids_without_bb);
	tcase_add_test(tc, test_nanddump_probe_bids_even_when_size_does_not_fit);
	tcase_add_test(tc, test_nanddump_skipbad_is_refused_with_a_physical_format);
	suite_add_tcase(s, tc);

	tc = tcase_create("dumpbad_padbad");
	tcase_add_test(tc, test_nanddump_dumpbad_with_oob_finds_factory_markers);
	tcase_add_test(tc, test_nanddump_padbad_says_markers_are_lost);
	tcase_add_test(tc, test_nanddump_padbad_bad_blocks_option_restores_them);
	suite_add_tcase(s, tc);

	tc = tcase_create("skipbad");
	tcase_add_test(tc, test_nanddump_skipbad_reinserts_bad_blocks_in_place);
	tcase_add_test(tc, test_nanddump_skipbad_with_oob_reinserts_bad_blocks_in_place);
	tcase_add_test(tc, test_nanddump_skipbad_takes_the_chip_size_from_size);
	tcase_add_test(tc, test_nanddump_skipbad_refuses_blocks_that_do_not_add_up);
	tcase_add_test(tc, test_nanddump_skipbad_refuses_bad_block_past_the_end);
	tcase_add_test(tc, test_nanddump_skipbad_refuses_size_not_whole_blocks);
	tcase_add_test(tc, test_nanddump_skipbad_refuses_file_ending_inside_a_block);
	tcase_add_test(tc, test_nanddump_skipbad_without_bad_blocks_says_it_assumes_none);
	suite_add_tcase(s, tc);

	if (tu_have_fixtures()) {
		tc = tcase_create("fixtures");
		tcase_set_timeout(tc, 30);
		tcase_add_loop_test(tc, test_nanddump_skipbad_fixture_matches_dumpbad_fixture,
				    0, sizeof(fixtures) / sizeof(fixtures[0]));
		suite_add_tcase(s, tc);
	}
	return s;
}
