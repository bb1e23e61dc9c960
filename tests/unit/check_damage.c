// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_damage.c - every generated dump and nandsim fixture, mutated at
 * random (bytes flipped, files truncated at random lengths), opened with
 * several option sets and read page by page: each step must give a result
 * or an error, never a crash (Check runs each test in its own process, and
 * make check-asan runs this under ASan + UBSan).
 *
 * MM_DAMAGE_ROUNDS=N multiplies the rounds for a longer soak.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/open.h"
#include "fmt_util.h"

struct damage_src {
	const char *name;		/* fixture name, or NULL: generated */
	struct mm_gen g;
	int rounds;
};

static const uint64_t bad_1_5[] = { 1, 5 };

#define GEN(P, S, B, L, C, SEED, VHO) { .page_size = P, .oob_size = S, \
	.pages_per_block = B, .blocks = 8, .bad = bad_1_5, .n_bad = 2, \
	.layout = L, .content = C, .seed = SEED, .vid_hdr_offset = VHO }

static const struct damage_src srcs[] = {
	{ NULL, GEN(2048, 64, 16, MM_GEN_OOB, MM_GEN_UBI, 1, 512), 200 },
	{ NULL, GEN(512, 16, 32, MM_GEN_OOB, MM_GEN_JFFS2, 2, 0), 200 },
	{ NULL, GEN(4096, 224, 8, MM_GEN_OOB, MM_GEN_JFFS2, 3, 0), 100 },
	{ NULL, GEN(2048, 0, 16, MM_GEN_RAW, MM_GEN_UBI, 4, 0), 200 },
	{ NULL, GEN(2048, 64, 16, MM_GEN_SKIPBAD, MM_GEN_PATTERN, 5, 0), 200 },
	{ "ubi-hamming.oob.bin", { 0 }, 16 },
	{ "jffs2-hamming.oob.bin", { 0 }, 16 },
	{ "ubi-bch4.data-skipbad.bin", { 0 }, 12 },
	{ "jffs2-bch8.data-dumpbad.bin", { 0 }, 12 },
};

#define NSRCS	((int)(sizeof(srcs) / sizeof(srcs[0])))

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static uint8_t *load(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n ? n : 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, n, f), (size_t)n);
	fclose(f);
	*len = n;
	return buf;
}

static void mutate(uint64_t *s, const uint8_t *orig, size_t len, uint8_t *buf,
		   size_t *out_len)
{
	size_t n = len, k, flips, pos;

	memcpy(buf, orig, len);
	switch (rnd(s) % 4) {
	case 0:				/* truncate anywhere */
		n = len ? rnd(s) % len : 0;
		break;
	case 1:				/* truncate near a page-ish boundary */
		n = len ? (rnd(s) % len) & ~(size_t)511 : 0;
		n += rnd(s) % 3 ? 0 : rnd(s) % 80;
		if (n > len)
			n = len;
		break;
	default:
		break;
	}
	flips = rnd(s) % 3 ? 1 + rnd(s) % 64 : 1 + rnd(s) % 4096;
	for (k = 0; k < flips && n; k++) {
		pos = rnd(s) % n;
		if (rnd(s) & 1)
			buf[pos] ^= 1u << (rnd(s) % 8);
		else
			buf[pos] = rnd(s);
	}
	*out_len = n;
}

/* One option set per round: nothing, the right geometry, nanddump modes. */
static void round_opts(struct mm_open_opts *o, uint64_t *s,
		       const struct mm_gen *g, uint64_t *bad)
{
	tu_opts(o);
	switch (rnd(s) % 6) {
	case 0:
		return;
	case 1:
		o->geom.page_size = g->page_size;
		o->geom.oob_size = g->oob_size;
		o->oob_size_set = true;
		o->geom.pages_per_block = g->pages_per_block;
		return;
	case 2:
		o->geom.page_size = g->page_size;
		return;
	case 3:
		o->bb_mode = MM_BB_SKIPBAD;
		bad[0] = rnd(s) % 12;
		bad[1] = bad[0] + 1 + rnd(s) % 3;
		o->bad_blocks = bad;
		o->n_bad_blocks = 2;
		if (rnd(s) & 1)
			o->geom.block_count = g->blocks + rnd(s) % 3;
		o->geom.page_size = g->page_size;
		o->geom.oob_size = g->oob_size;
		o->oob_size_set = true;
		return;
	case 4:
		o->bb_mode = MM_BB_PADBAD;
		o->chip_size = (uint64_t)g->page_size * g->pages_per_block *
			       (g->blocks + rnd(s) % 4);
		return;
	default:
		o->format = rnd(s) & 1 ? "raw" : "oob";
		o->geom.page_size = g->page_size;
		o->geom.pages_per_block = g->pages_per_block;
		o->bbm.offset = rnd(s) % 8;
		return;
	}
}

static void read_everything(struct mm_dump *d)
{
	uint64_t pages = mm_geom_page_count(&d->geom), p;
	uint8_t *data, *oob;
	int ret;

	ck_assert_uint_le(d->geom.page_size, MM_MAX_PAGE_SIZE);
	ck_assert_uint_lt(d->geom.oob_size, d->geom.page_size);
	data = malloc(d->geom.page_size);
	oob = malloc(d->geom.oob_size + 1);
	ck_assert(data && oob);
	for (p = 0; p < pages; p++) {
		ret = mm_dump_read_page(d, p, data, oob);
		ck_assert_msg(ret == 0 || ret == MM_PAGE_ABSENT || ret < 0,
			      "page %llu: %d", (unsigned long long)p, ret);
		if (ret < 0)
			ck_assert_str_ne(mm_dump_error(d), "");
	}
	ck_assert_int_eq(mm_dump_read_page(d, pages, data, oob), -EINVAL);
	free(data);
	free(oob);
}

START_TEST(test_damaged_dumps_give_results_or_errors_never_a_crash)
{
	const struct damage_src *src = &srcs[_i];
	const char *env = getenv("MM_DAMAGE_ROUNDS");
	int mult = env ? atoi(env) : 1, r, ret, opened = 0;
	char path[PATH_MAX], base[PATH_MAX];
	uint64_t s = 0x9e3779b97f4a7c15ull * (_i + 1), bad[2];
	struct mm_gen g = src->g;
	struct mm_open_opts o;
	struct mm_dump d;
	uint8_t *orig, *buf;
	size_t len, n;

	if (src->name) {
		const char *p = tu_fixture(src->name);

		ck_assert_ptr_nonnull(p);
		orig = load(p, &len);
		memset(&g, 0, sizeof(g));
		g.page_size = 2048;
		g.oob_size = strstr(src->name, ".oob.") ? 64 : 0;
		g.pages_per_block = 64;
		g.blocks = len / (64 * (2048 + g.oob_size));
	} else {
		tu_gen_file(&g, base);
		orig = load(base, &len);
		unlink(base);
	}
	buf = malloc(len ? len : 1);
	ck_assert_ptr_nonnull(buf);
	snprintf(path, sizeof(path), "%s/mm-unit-damage-%d",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	for (r = 0; r < src->rounds * (mult > 0 ? mult : 1); r++) {
		FILE *f;

		mutate(&s, orig, len, buf, &n);
		f = fopen(path, "wb");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(buf, 1, n, f), n);
		fclose(f);
		round_opts(&o, &s, &g, bad);
		ret = mm_dump_open(&d, path, &o);
		if (ret) {
			ck_assert_int_lt(ret, 0);
			ck_assert_str_ne(mm_dump_error(&d), "");
			continue;
		}
		read_everything(&d);
		mm_dump_close(&d);
		opened++;
	}
	if (getenv("MM_DAMAGE_VERBOSE"))
		fprintf(stderr, "damage %d: %d of %d rounds opened\n", _i,
			opened, r);
	/* The read paths must be exercised, not only the refusals. */
	ck_assert_int_gt(opened, 0);
	unlink(path);
	free(buf);
	free(orig);
}
END_TEST

Suite *damage_suite(void)
{
	Suite *s = suite_create("damage");
	TCase *tc;

	tc = tcase_create("mutations");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_damaged_dumps_give_results_or_errors_never_a_crash,
			    0, tu_have_fixtures() ? NSRCS : 5);
	suite_add_tcase(s, tc);
	return s;
}
