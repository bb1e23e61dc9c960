// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_faults.c - the --faults rules: the spec parser (every kind, and
 * malformed specs with their one-line reasons), determinism from the seed
 * (same seed, same flips; another seed, other flips; independent of the
 * order pages are read in), flips per page and per ECC step, the rate,
 * stuck bits, program and erase failures (after=, p=, grow-bad) and the
 * counters.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/muse/faults.h"

#define PS	2048
#define OOB	64
#define PPB	64
#define NB	16

static const struct mm_geom geom = {
	.page_size = PS, .oob_size = OOB, .pages_per_block = PPB,
	.block_count = NB, .bus_width = 8,
};
static char msg[256];

static struct mm_faults *make(uint64_t seed, const char *const *specs)
{
	struct mm_faults *f;
	int ret;

	ck_assert_int_eq(mm_faults_new(&f), 0);
	mm_faults_set_seed(f, seed);
	for (; *specs; specs++) {
		ret = mm_faults_add(f, *specs, msg, sizeof(msg));
		ck_assert_msg(ret == 0, "%s: %s", *specs, msg);
	}
	ret = mm_faults_setup(f, &geom, 512, msg, sizeof(msg));
	ck_assert_msg(ret == 0, "setup: %s", msg);
	return f;
}

static unsigned int diff_bits(const uint8_t *a, const uint8_t *b, size_t n)
{
	unsigned int d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d += (unsigned int)__builtin_popcount(a[i] ^ b[i]);
	return d;
}

START_TEST(test_faults_parse_good)
{
	static const char *const good[] = {
		"flips:rate=1e-6", "flips:count=2", "flips:count=2,step",
		"flips:count=1,block=3", "flips:rate=0.001,page=7",
		"disturb:rate=1e-7", "wear:rate=1e-5,block=2",
		"stuck:page=5,bit=100", "stuck:page=5,bit=16390,value=1",
		"program-fail:block=3", "program-fail:block=3,after=10",
		"program-fail:p=0.01", "program-fail:page=130",
		"erase-fail:block=4,after=2", "erase-fail:p=0.5",
		"grow-bad:block=6,erases=3", "latency:read=100,write=200,erase=3000",
		"latency:erase=0x10", NULL,
	};
	struct mm_faults *f = make(1, good);

	mm_faults_free(f);
}
END_TEST

START_TEST(test_faults_parse_bad)
{
	static const struct {
		const char *spec, *why;
	} bad[] = {
		{ "", "unknown fault ''" },
		{ "bogus", "unknown fault 'bogus'" },
		{ "flips", "give rate=R or count=N" },
		{ "flips:", "nothing after ':'" },
		{ "flips:rate=2", "invalid rate '2'" },
		{ "flips:rate=-1", "invalid rate" },
		{ "flips:rate=abc", "invalid rate" },
		{ "flips:rate=1e-3,count=2", "give rate=R or count=N" },
		{ "flips:count=0", "invalid count" },
		{ "flips:count=65", "invalid count" },
		{ "flips:rate=1e-3,step", "'step' goes with count=N" },
		{ "flips:count=2,step=3", "'step' takes no value" },
		{ "flips:count=2,count=3", "'count' given twice" },
		{ "flips:count=2,bit=3", "unknown key 'bit'" },
		{ "flips:count", "'count' needs a value" },
		{ "stuck:page=3", "needs page=P and bit=B" },
		{ "stuck:page=3,bit=1,value=2", "out of range" },
		{ "program-fail", "needs block=B, page=P or p=X" },
		{ "program-fail:block=1,after=2,p=0.5", "not both" },
		{ "program-fail:block=-1", "invalid block" },
		{ "erase-fail:page=3", "unknown key 'page'" },
		{ "grow-bad:block=1", "needs block=B and erases=N" },
		{ "latency", "needs read=, write= or erase=" },
		{ "latency:read=x", "invalid read" },
		{ "disturb:block=1", "needs rate=R" },
	};
	struct mm_faults *f;
	size_t i;

	ck_assert_int_eq(mm_faults_new(&f), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		msg[0] = '\0';
		ck_assert_msg(mm_faults_add(f, bad[i].spec, msg, sizeof(msg)) ==
			      -EINVAL, "'%s' accepted", bad[i].spec);
		ck_assert_msg(strstr(msg, bad[i].why) && !strchr(msg, '\n'),
			      "'%s': '%s' lacks '%s'", bad[i].spec, msg,
			      bad[i].why);
	}
	mm_faults_free(f);
}
END_TEST

START_TEST(test_faults_setup_checks_the_geometry)
{
	static const char *const specs[][2] = {
		{ "flips:count=1,block=16", "block 16 past the last block (15)" },
		{ "program-fail:page=1024", "page 1024 past the last page" },
		{ "stuck:page=0,bit=16896", "bit 16896 past the page" },
	};
	struct mm_faults *f;
	size_t i;

	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(mm_faults_new(&f), 0);
		ck_assert_int_eq(mm_faults_add(f, specs[i][0], msg,
					       sizeof(msg)), 0);
		ck_assert_int_eq(mm_faults_setup(f, &geom, 0, msg, sizeof(msg)),
				 -EINVAL);
		ck_assert_msg(strstr(msg, specs[i][1]), "%s", msg);
		mm_faults_free(f);
	}
}
END_TEST

/* Same seed: same bytes, whatever the order the pages are read in. */
START_TEST(test_faults_deterministic)
{
	static const char *const specs[] = { "flips:rate=1e-3", NULL };
	struct mm_faults *a = make(42, specs), *b = make(42, specs),
			 *c = make(43, specs);
	uint8_t (*pa)[PS] = calloc(8, PS), (*pb)[PS] = calloc(8, PS);
	uint8_t pc[PS];
	int i, r;

	for (r = 0; r < 3; r++) {
		for (i = 0; i < 8; i++)
			mm_faults_read(a, (uint64_t)i, pa[i], NULL);
		for (i = 7; i >= 0; i--)
			mm_faults_read(b, (uint64_t)i, pb[i], NULL);
	}
	ck_assert_int_eq(memcmp(pa, pb, 8 * PS), 0);
	memset(pc, 0, sizeof(pc));
	for (r = 0; r < 3; r++)
		mm_faults_read(c, 0, pc, NULL);
	ck_assert_int_ne(memcmp(pa[0], pc, PS), 0);
	/* about 16384 * 1e-3 = 16 bits per read, net after three reads */
	ck_assert_uint_gt(diff_bits(pa[0], pc, PS), 10);
	/* a second read of the same page gets other flips */
	memset(pc, 0, sizeof(pc));
	mm_faults_read(a, 0, pc, NULL);
	ck_assert_uint_gt(diff_bits(pc, (uint8_t[PS]){ 0 }, PS), 0);
	free(pa);
	free(pb);
	mm_faults_free(a);
	mm_faults_free(b);
	mm_faults_free(c);
}
END_TEST

START_TEST(test_faults_count_per_page_and_step)
{
	static const char *const page[] = { "flips:count=3", NULL };
	static const char *const step[] = { "flips:count=2,step,block=1", NULL };
	struct mm_faults *f = make(7, page), *g = make(7, step);
	uint8_t z[PS], d[PS], oob[OOB];
	struct mm_faults_stats st;
	int s;

	memset(z, 0xa5, PS);
	memcpy(d, z, PS);
	memset(oob, 0xff, OOB);
	ck_assert_uint_eq(mm_faults_read(f, 5, d, oob), 3);
	ck_assert_uint_eq(diff_bits(d, z, PS), 3);
	/* the OOB is left alone */
	ck_assert_uint_eq(oob[0] & oob[OOB - 1], 0xff);
	/* per step of 512: 2 in each of the 4; only in block 1 */
	memcpy(d, z, PS);
	ck_assert_uint_eq(mm_faults_read(g, 5, d, NULL), 0);
	ck_assert_uint_eq(mm_faults_read(g, PPB + 5, d, NULL), 8);
	for (s = 0; s < 4; s++)
		ck_assert_uint_eq(diff_bits(d + s * 512, z + s * 512, 512), 2);
	mm_faults_get_stats(g, &st);
	ck_assert_uint_eq(st.flipped_bits, 8);
	ck_assert_uint_eq(st.flipped_pages, 1);
	mm_faults_free(f);
	mm_faults_free(g);
}
END_TEST

START_TEST(test_faults_rate_and_disturb)
{
	static const char *const rate[] = { "flips:rate=0.01", NULL };
	static const char *const dist[] = { "disturb:rate=1e-4", NULL };
	struct mm_faults *f = make(3, rate), *g = make(3, dist);
	uint8_t d[PS];
	unsigned int n = 0, first, late = 0;
	int i;

	for (i = 0; i < 100; i++)
		n += mm_faults_read(f, (uint64_t)i, d, NULL);
	/* 100 reads x 16384 bits x 0.01: 16384 expected */
	ck_assert_uint_gt(n, 15000);
	ck_assert_uint_lt(n, 17800);
	/* disturb: nothing on the first read of a block, more and more */
	first = mm_faults_read(g, 0, d, NULL);
	ck_assert_uint_eq(first, 0);
	for (i = 0; i < 200; i++)
		mm_faults_read(g, 1, d, NULL);
	for (i = 0; i < 10; i++)
		late += mm_faults_read(g, 2, d, NULL);
	/* ~201 reads x 1e-4 x 16384 = 330 per read */
	ck_assert_uint_gt(late, 2000);
	/* an erase of the block starts over */
	ck_assert_int_eq(mm_faults_erase(g, 0), 0);
	ck_assert_uint_eq(mm_faults_read(g, 3, d, NULL), 0);
	mm_faults_free(f);
	mm_faults_free(g);
}
END_TEST

START_TEST(test_faults_stuck_bits)
{
	static const char *const specs[] = {
		"stuck:page=2,bit=9", "stuck:page=2,bit=16385,value=1", NULL,
	};
	struct mm_faults *f = make(0, specs);
	uint8_t d[PS], oob[OOB];
	struct mm_faults_stats st;

	memset(d, 0xff, PS);
	memset(oob, 0x00, OOB);
	ck_assert_uint_eq(mm_faults_read(f, 2, d, oob), 2);
	ck_assert_uint_eq(d[1], 0xfd);
	ck_assert_uint_eq(oob[0], 0x02);
	/* already at the stuck value: nothing changes, nothing counted */
	ck_assert_uint_eq(mm_faults_read(f, 2, d, oob), 0);
	ck_assert_uint_eq(mm_faults_read(f, 3, d, oob), 0);
	mm_faults_get_stats(f, &st);
	ck_assert_uint_eq(st.stuck_bits, 2);
	mm_faults_free(f);
}
END_TEST

START_TEST(test_faults_program_and_erase_failures)
{
	static const char *const specs[] = {
		"program-fail:block=1,after=2", "program-fail:page=200",
		"erase-fail:block=4,after=1", "grow-bad:block=6,erases=2",
		NULL,
	};
	struct mm_faults *f = make(0, specs);
	struct mm_faults_stats st;

	ck_assert_int_eq(mm_faults_program(f, PPB + 0), 0);
	ck_assert_int_eq(mm_faults_program(f, PPB + 1), 0);
	ck_assert_int_eq(mm_faults_program(f, PPB + 2), -EIO);
	ck_assert_int_eq(mm_faults_program(f, PPB + 3), -EIO);
	ck_assert_int_eq(mm_faults_program(f, 199), 0);
	ck_assert_int_eq(mm_faults_program(f, 200), -EIO);
	ck_assert_int_eq(mm_faults_erase(f, 4), 0);
	ck_assert_int_eq(mm_faults_erase(f, 4), -EIO);
	ck_assert_int_eq(mm_faults_erase(f, 5), 0);
	/* grow-bad: two erases, then erases and programs fail */
	ck_assert_int_eq(mm_faults_program(f, 6 * PPB), 0);
	ck_assert_int_eq(mm_faults_erase(f, 6), 0);
	ck_assert_int_eq(mm_faults_erase(f, 6), 0);
	ck_assert_int_eq(mm_faults_erase(f, 6), -EIO);
	ck_assert_int_eq(mm_faults_erase(f, 6), -EIO);
	ck_assert_int_eq(mm_faults_program(f, 6 * PPB + 1), -EIO);
	mm_faults_get_stats(f, &st);
	ck_assert_uint_eq(st.program_fails, 4);
	ck_assert_uint_eq(st.erase_fails, 3);
	ck_assert_uint_eq(st.grown_bad, 1);
	mm_faults_free(f);
}
END_TEST

START_TEST(test_faults_probability_is_seeded)
{
	static const char *const specs[] = { "erase-fail:p=0.25", NULL };
	struct mm_faults *a = make(11, specs), *b = make(11, specs);
	unsigned int n = 0, i;
	int ra, rb;

	for (i = 0; i < 4000; i++) {
		ra = mm_faults_erase(a, i % NB);
		rb = mm_faults_erase(b, i % NB);
		ck_assert_int_eq(ra, rb);
		n += ra != 0;
	}
	ck_assert_uint_gt(n, 850);
	ck_assert_uint_lt(n, 1150);
	mm_faults_free(a);
	mm_faults_free(b);
}
END_TEST

Suite *faults_suite(void)
{
	Suite *s = suite_create("faults");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_faults_parse_good);
	tcase_add_test(tc, test_faults_parse_bad);
	tcase_add_test(tc, test_faults_setup_checks_the_geometry);
	tcase_add_test(tc, test_faults_deterministic);
	tcase_add_test(tc, test_faults_count_per_page_and_step);
	tcase_add_test(tc, test_faults_rate_and_disturb);
	tcase_add_test(tc, test_faults_stuck_bits);
	tcase_add_test(tc, test_faults_program_and_erase_failures);
	tcase_add_test(tc, test_faults_probability_is_seeded);
	suite_add_tcase(s, tc);
	return s;
}
