// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_ecc.c - ECC on pages: the real kernel dumps in tests/fixtures/nandsim
 * (every programmed step verifies, and encoding the data gives back every
 * ECC byte the kernel wrote), codes the kernel printed itself
 * (tests/fixtures/ecc), --ecc=auto on them, error campaigns on whole
 * pages through the layouts, erased pages with bit flips, cached reads.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/open.h"
#include "../../core/ecc/bch.h"
#include "../../core/dump.h"
#include "../../core/ecc/ecc.h"
#include "../../core/ecc/ecc_scan.h"
#include "../../core/ecc/hamming.h"

#define PS	2048
#define OS	64
#define REC	(PS + OS)

static const struct {
	const char *name, *scheme;
} fixtures[] = {
	{ "jffs2-hamming", "hamming" },
	{ "ubi-hamming", "hamming" },
	{ "ubi-bch4", "bch4" },
	{ "jffs2-bch8", "bch8" },
};

/* The whole uncompressed nanddump --oob file of fixture @name. */
static uint8_t *load_fixture(const char *name, size_t *len)
{
	const char *top = getenv("MM_TOP");
	char cmd[1024];
	size_t cap = 1 << 20, n = 0, r;
	uint8_t *buf = malloc(cap);
	FILE *p;

	snprintf(cmd, sizeof(cmd), "xz -dc '%s/tests/fixtures/nandsim/%s.oob.bin.xz'",
		 top ? top : ".", name);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while ((r = fread(buf + n, 1, cap - n, p)) > 0) {
		n += r;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_uint_gt(n, 0);
	ck_assert_uint_eq(n % REC, 0);
	*len = n;
	return buf;
}

static const struct mm_geom g2k = {
	.page_size = PS, .oob_size = OS, .pages_per_block = 64,
	.block_count = 16, .bus_width = 8,
};

START_TEST(test_ecc_kernel_dumps_verify_and_reencode)
{
	const char *name = fixtures[_i].name, *scheme = fixtures[_i].scheme;
	struct mm_ecc_stat st = { 0 };
	struct mm_ecc *e;
	uint8_t *dump, page[REC], oob[OS];
	size_t len, p, programmed = 0;
	char msg[256];

	dump = load_fixture(name, &len);
	ck_assert_int_eq(mm_ecc_new(&e, scheme, NULL, &g2k, msg, sizeof(msg)),
			 0);
	for (p = 0; p < len / REC; p++) {
		const uint8_t *rec = dump + p * REC;
		enum mm_page_state s;

		memcpy(page, rec, REC);
		ck_assert_int_eq(mm_ecc_correct(e, page, page + PS, &st, &s), 0);
		ck_assert_msg(!memcmp(page, rec, REC),
			      "%s: page %zu changed by correction", name, p);
		ck_assert(s == MM_PAGE_CLEAN || s == MM_PAGE_ERASED);
		if (s == MM_PAGE_CLEAN)
			programmed++;
		/* the kernel's ECC bytes, from the data alone */
		memcpy(oob, rec + PS, OS);
		ck_assert_int_eq(mm_ecc_encode(e, rec, oob), 0);
		ck_assert_msg(!memcmp(oob, rec + PS, OS),
			      "%s: page %zu: ECC bytes differ from the kernel's",
			      name, p);
	}
	ck_assert_uint_eq(st.uncorrectable_steps, 0);
	ck_assert_uint_eq(st.corrected_steps, 0);
	ck_assert_uint_gt(programmed, 100);
	ck_assert_uint_eq(st.steps, len / REC * (PS / mm_ecc_step_size(e)));
	mm_ecc_free(e);
	free(dump);
}
END_TEST

START_TEST(test_ecc_wrong_scheme_fails_on_kernel_dump)
{
	struct mm_ecc_stat st = { 0 };
	struct mm_ecc *e;
	uint8_t *dump;
	size_t len, p;
	char msg[256];

	dump = load_fixture("ubi-bch4", &len);
	ck_assert_int_eq(mm_ecc_new(&e, "bch8", NULL, &g2k, msg, sizeof(msg)),
			 0);
	for (p = 0; p < len / REC; p++)
		mm_ecc_correct(e, dump + p * REC, dump + p * REC + PS, &st,
			       NULL);
	ck_assert_uint_gt(st.uncorrectable_steps, 1000);
	mm_ecc_free(e);
	free(dump);
}
END_TEST

static void open_mem_dump(struct mm_dump *d, const uint8_t *buf, size_t len)
{
	char path[] = "/tmp/mm-check-ecc-XXXXXX";
	struct mm_open_opts o;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	close(fd);
	memset(&o, 0, sizeof(o));
	o.format = "oob";
	o.geom.page_size = PS;
	o.geom.oob_size = OS;
	o.geom.pages_per_block = 64;
	o.oob_size_set = true;
	o.bbm.offset = -1;
	ck_assert_msg(mm_dump_open(d, path, &o) == 0, "open: %s",
		      mm_dump_error(d));
	unlink(path);
}

START_TEST(test_ecc_auto_picks_the_kernel_scheme)
{
	const char *name = fixtures[_i].name, *scheme = fixtures[_i].scheme;
	struct mm_dump d;
	struct mm_ecc *e;
	uint8_t *dump;
	size_t len;
	char why[512];

	dump = load_fixture(name, &len);
	open_mem_dump(&d, dump, len);
	ck_assert_msg(mm_ecc_auto(&e, &d, NULL, why, sizeof(why)) == 0,
		      "%s: %s", name, why);
	ck_assert_str_eq(mm_ecc_name(e), scheme);
	ck_assert_msg(strstr(why, scheme) == why, "why: %s", why);
	mm_ecc_free(e);
	mm_dump_close(&d);
	free(dump);
}
END_TEST

START_TEST(test_ecc_auto_erased_and_garbage)
{
	size_t len = 64 * REC;
	uint8_t *buf = malloc(len);
	struct mm_dump d;
	struct mm_ecc *e;
	char why[512];
	size_t i;

	memset(buf, 0xff, len);
	open_mem_dump(&d, buf, len);
	ck_assert_int_eq(mm_ecc_auto(&e, &d, NULL, why, sizeof(why)), 0);
	ck_assert_str_eq(mm_ecc_name(e), "none");
	ck_assert_ptr_nonnull(strstr(why, "no programmed page"));
	mm_ecc_free(e);
	mm_dump_close(&d);
	srand(5);
	for (i = 0; i < len; i++)
		buf[i] = i % REC == PS || i % REC == PS + 1 ? 0xff : rand();
	open_mem_dump(&d, buf, len);
	ck_assert_msg(mm_ecc_auto(&e, &d, NULL, why, sizeof(why)) == -EINVAL,
		      "%s", why);
	ck_assert_ptr_nonnull(strstr(why, "no ECC scheme verifies"));
	mm_dump_close(&d);
	free(buf);
}
END_TEST

/* Flip @n distinct bits among the @nbits bits listed by @map(i). */
static void flip_bits(uint8_t *page, const unsigned int *bitmap,
		      unsigned int nbits, unsigned int n)
{
	unsigned int done[64], k, i;

	for (k = 0; k < n; k++) {
		unsigned int b;
		int dup;

		do {
			b = bitmap[rand() % nbits];
			dup = 0;
			for (i = 0; i < k; i++)
				dup |= done[i] == b;
		} while (dup);
		done[k] = b;
		page[b / 8] ^= 1u << (b % 8);
	}
}

/*
 * The page bits covered by step @s: its data bits and the bits of its
 * ECC bits in the OOB (found by encoding pages that differ in that step).
 */
static unsigned int step_bits(struct mm_ecc *e, const struct mm_geom *g,
			      unsigned int s, unsigned int *bits)
{
	unsigned int step = mm_ecc_step_size(e), n = 0, i, k;
	size_t rec = g->page_size + g->oob_size;
	uint8_t *a = calloc(1, rec), *b = calloc(1, rec), *mark = calloc(1, rec);

	for (i = 0; i < 8 * step; i++)
		bits[n++] = 8 * s * step + i;
	/* the ECC bytes of step s: those that change when its data does */
	mm_ecc_encode(e, a, a + g->page_size);
	for (k = 0; k < 64; k++) {
		b[s * step + k] = (uint8_t)(rand() | 1);
		mm_ecc_encode(e, b, b + g->page_size);
		for (i = 0; i < g->oob_size; i++)
			mark[i] |= a[g->page_size + i] ^ b[g->page_size + i];
	}
	for (i = 0; i < g->oob_size; i++)
		for (k = 0; k < 8; k++)
			if (mark[i] & (1u << k))
				bits[n++] = 8 * (g->page_size + i) + k;
	free(a);
	free(b);
	free(mark);
	return n;
}

struct camp {
	const char *scheme, *layout;
	struct mm_geom g;
	unsigned int pages;
};

static const struct camp camps[] = {
	{ "hamming", NULL, { 2048, 64, 64, 16, 0, 8 }, 60 },
	{ "hamming512-sm", NULL, { 512, 16, 32, 16, 0, 8 }, 60 },
	{ "bch4", NULL, { 2048, 64, 64, 16, 0, 8 }, 60 },
	{ "bch8", NULL, { 2048, 64, 64, 16, 0, 8 }, 60 },
	{ "bch8", "omap-bch8", { 2048, 64, 64, 16, 0, 8 }, 60 },
	{ "bch16/1024", NULL, { 4096, 224, 64, 16, 0, 8 }, 30 },
	{ "bch8", "bbm=0-1,free=2-9,ecc=12-63,ecc-covers-free", { 2048, 64, 64, 16, 0, 8 }, 60 },
};

START_TEST(test_ecc_pages_with_up_to_t_flips_per_step)
{
	const struct camp *c = &camps[_i];
	const struct mm_geom *g = &c->g;
	size_t rec = g->page_size + g->oob_size;
	uint8_t *orig = malloc(rec), *page = malloc(rec);
	unsigned int *bits[16], nbits[16], steps, t, s, p, i;
	struct mm_ecc *e;
	char msg[256];

	ck_assert_msg(mm_ecc_new(&e, c->scheme, c->layout, g, msg,
				 sizeof(msg)) == 0, "%s", msg);
	t = mm_ecc_strength(e);
	steps = g->page_size / mm_ecc_step_size(e);
	srand(29 + _i);
	for (s = 0; s < steps; s++) {
		bits[s] = malloc(sizeof(unsigned int) * 8 * (rec));
		nbits[s] = step_bits(e, g, s, bits[s]);
	}
	for (p = 0; p < c->pages; p++) {
		struct mm_ecc_stat st = { 0 };
		enum mm_page_state state;
		unsigned int flips = 0;

		for (i = 0; i < rec; i++)
			orig[i] = rand();
		mm_ecc_encode(e, orig, orig + g->page_size);
		memcpy(page, orig, rec);
		for (s = 0; s < steps; s++) {
			unsigned int n = rand() % (t + 1);

			flip_bits(page, bits[s], nbits[s], n);
			flips += n;
		}
		ck_assert_int_eq(mm_ecc_correct(e, page, page + g->page_size,
						&st, &state), 0);
		ck_assert_msg(!memcmp(page, orig, rec),
			      "%s: page %u (%u flips) not restored", c->scheme,
			      p, flips);
		ck_assert_uint_eq(st.corrected_bits, flips);
		ck_assert_uint_eq(st.uncorrectable_steps, 0);
		ck_assert_int_eq(state, flips ? MM_PAGE_CORRECTED :
					    MM_PAGE_CLEAN);
	}
	/* t + 1 flips in one step: reported (all but rare miscorrections) */
	{
		unsigned int reported = 0;

		for (p = 0; p < c->pages; p++) {
			struct mm_ecc_stat st = { 0 };
			enum mm_page_state state;

			for (i = 0; i < rec; i++)
				orig[i] = rand();
			mm_ecc_encode(e, orig, orig + g->page_size);
			memcpy(page, orig, rec);
			flip_bits(page, bits[p % steps], nbits[p % steps], t + 1);
			mm_ecc_correct(e, page, page + g->page_size, &st,
				       &state);
			ck_assert(memcmp(page, orig, rec));
			if (state == MM_PAGE_UNCORRECTABLE &&
			    st.uncorrectable_steps == 1)
				reported++;
		}
		ck_assert_msg(reported * 10 >= c->pages * 9, "%s: %u of %u reported",
			      c->scheme, reported, c->pages);
	}
	for (s = 0; s < steps; s++)
		free(bits[s]);
	mm_ecc_free(e);
	free(orig);
	free(page);
}
END_TEST

START_TEST(test_ecc_erased_pages_with_flips)
{
	const struct camp *c = &camps[_i];
	const struct mm_geom *g = &c->g;
	size_t rec = g->page_size + g->oob_size;
	uint8_t *page = malloc(rec), *ff = malloc(rec);
	unsigned int *bits, nbits, t, n;
	struct mm_ecc *e;
	char msg[256];

	ck_assert_int_eq(mm_ecc_new(&e, c->scheme, c->layout, g, msg,
				    sizeof(msg)), 0);
	t = mm_ecc_strength(e);
	srand(31 + _i);
	bits = malloc(sizeof(unsigned int) * 8 * rec);
	nbits = step_bits(e, g, 0, bits);
	memset(ff, 0xff, rec);
	/* an erased page encodes as all 0xFF: a valid codeword */
	memcpy(page, ff, rec);
	mm_ecc_encode(e, ff, page + g->page_size);
	ck_assert_mem_eq(page, ff, rec);
	for (n = 0; n <= t + 1; n++) {
		struct mm_ecc_stat st = { 0 };
		enum mm_page_state state;

		memcpy(page, ff, rec);
		flip_bits(page, bits, nbits, n);
		mm_ecc_correct(e, page, page + g->page_size, &st, &state);
		if (n <= t) {
			ck_assert_msg(!memcmp(page, ff, rec),
				      "%s: erased page with %u flips not 0xFF",
				      c->scheme, n);
			ck_assert_uint_eq(st.corrected_bits, n);
			ck_assert_uint_eq(st.corrected_steps, n ? 1 : 0);
			ck_assert_uint_eq(st.erased_steps, st.steps);
			ck_assert_int_eq(state, n ? MM_PAGE_CORRECTED :
						MM_PAGE_ERASED);
		} else {
			ck_assert_int_eq(state, MM_PAGE_UNCORRECTABLE);
		}
	}
	free(bits);
	free(page);
	free(ff);
	mm_ecc_free(e);
}
END_TEST

START_TEST(test_ecc_none_and_bad_schemes)
{
	struct mm_geom g = g2k, nooob = g2k;
	uint8_t page[REC], copy[REC];
	enum mm_page_state s = MM_PAGE_ERASED;
	struct mm_ecc *e;
	char msg[256];

	memset(page, 0x5a, sizeof(page));
	memcpy(copy, page, sizeof(page));
	ck_assert_int_eq(mm_ecc_new(&e, NULL, NULL, &g, msg, sizeof(msg)), 0);
	ck_assert_str_eq(mm_ecc_name(e), "none");
	ck_assert(!mm_ecc_enabled(e));
	ck_assert_str_eq(mm_ecc_layout(e)->name, "lp-hamming");
	ck_assert_int_eq(mm_ecc_correct(e, page, page + PS, NULL, &s), 0);
	ck_assert_int_eq(s, MM_PAGE_CLEAN);
	ck_assert_mem_eq(page, copy, REC);
	mm_ecc_free(e);
	ck_assert_int_eq(mm_ecc_new(&e, "bch16", NULL, &g, msg, sizeof(msg)),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "needs 104 ECC bytes"));
	ck_assert_int_eq(mm_ecc_new(&e, "bch", NULL, &g, msg, sizeof(msg)), 0);
	ck_assert_str_eq(mm_ecc_name(e), "bch4");
	ck_assert_str_eq(mm_ecc_layout(e)->name, "lp");
	ck_assert_uint_eq(mm_ecc_layout(e)->oobavail, 34);
	mm_ecc_free(e);
	ck_assert_int_eq(mm_ecc_new(&e, "reed-solomon", NULL, &g, msg,
				    sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "unknown ECC scheme"));
	ck_assert_int_eq(mm_ecc_new(&e, "bch4x", NULL, &g, msg, sizeof(msg)),
			 -EINVAL);
	ck_assert_int_eq(mm_ecc_new(&e, "bch8/1024@0x4443", NULL, &g, msg,
				    sizeof(msg)), 0);
	ck_assert_str_eq(mm_ecc_name(e), "bch8/1024@0x4443");
	mm_ecc_free(e);
	ck_assert_int_eq(mm_ecc_new(&e, "bch8@0x2001", NULL, &g, msg,
				    sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_ecc_new(&e, "bch8@", NULL, &g, msg, sizeof(msg)),
			 -EINVAL);
	nooob.oob_size = 0;
	ck_assert_int_eq(mm_ecc_new(&e, "hamming", NULL, &nooob, msg,
				    sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_ecc_new(&e, "bch8", "lp-hamming", &g, msg,
				    sizeof(msg)), -EINVAL);
}
END_TEST

START_TEST(test_ecc_read_page_corrects_and_caches)
{
	struct mm_ecc_stat st = { 0 };
	enum mm_page_state s;
	uint8_t *dump, *orig, data[PS], oob[OS];
	struct mm_dump d;
	struct mm_ecc *e;
	size_t len;
	char msg[256];
	uint64_t p = 0;
	int round;

	dump = load_fixture("ubi-bch4", &len);
	orig = malloc(len);
	memcpy(orig, dump, len);
	/* a programmed page: 3 flips in step 1, 1 in the ECC of step 3 */
	while (!memcmp(dump + p * REC, "\xff\xff\xff\xff", 4) ||
	       dump[p * REC + PS + 40] == 0xff)
		p++;
	dump[p * REC + 600] ^= 0x01;
	dump[p * REC + 601] ^= 0x80;
	dump[p * REC + 1000] ^= 0x10;
	dump[p * REC + PS + 36 + 7 * 3 + 2] ^= 0x04;
	open_mem_dump(&d, dump, len);
	ck_assert_int_eq(mm_ecc_new(&e, "bch4", NULL, &d.geom, msg,
				    sizeof(msg)), 0);
	for (round = 0; round < 2; round++) {
		ck_assert_int_eq(mm_ecc_read_page(e, &d, p, data, oob, &st, &s),
				 0);
		ck_assert_int_eq(s, MM_PAGE_CORRECTED);
		ck_assert_mem_eq(data, orig + p * REC, PS);
		ck_assert_mem_eq(oob, orig + p * REC + PS, OS);
	}
	ck_assert_uint_eq(st.corrected_bits, 8);
	ck_assert_uint_eq(st.corrected_steps, 4);
	ck_assert_uint_eq(st.steps, 8);
	/* NULL buffers are fine */
	ck_assert_int_eq(mm_ecc_read_page(e, &d, p + 1, NULL, NULL, NULL,
					  NULL), 0);
	mm_ecc_free(e);
	mm_dump_close(&d);
	free(dump);
	free(orig);
}
END_TEST

START_TEST(test_ecc_scan_counts_per_block)
{
	struct mm_ecc_scan sc;
	struct mm_dump d;
	struct mm_ecc *e;
	uint8_t *dump;
	size_t len;
	char why[512];
	uint64_t b, p = 0;

	dump = load_fixture("ubi-bch4", &len);
	/* block 3: one page with 2 flips in step 0; block 5: 5 flips */
	p = 3 * 64;
	while (dump[p * REC] == 0xff && dump[p * REC + 1] == 0xff)
		p++;
	ck_assert_uint_lt(p, 4 * 64);
	dump[p * REC + 10] ^= 0x11;
	p = 5 * 64;
	while (dump[p * REC] == 0xff && dump[p * REC + 1] == 0xff)
		p++;
	ck_assert_uint_lt(p, 6 * 64);
	dump[p * REC + 100] ^= 0x1f;
	open_mem_dump(&d, dump, len);
	ck_assert_int_eq(mm_ecc_open(&e, &d, "auto", NULL, why, sizeof(why)),
			 0);
	ck_assert_str_eq(mm_ecc_name(e), "bch4");
	ck_assert_int_eq(mm_ecc_scan(&sc, e, &d, why), 0);
	ck_assert_str_eq(sc.scheme, "bch4");
	ck_assert_str_eq(sc.layout, "lp");
	ck_assert_uint_eq(sc.blocks[3].corrected_steps, 1);
	ck_assert_uint_eq(sc.blocks[3].corrected_bits, 2);
	ck_assert_uint_eq(sc.blocks[5].uncorrectable_steps, 1);
	ck_assert_uint_eq(sc.total.uncorrectable_steps, 1);
	ck_assert_uint_eq(sc.total.corrected_steps, 1);
	for (b = 0; b < sc.nblocks; b++)
		if (sc.bad[b])
			ck_assert_uint_eq(sc.blocks[b].steps, 0);
	ck_assert_uint_gt(sc.total.erased_steps, 0);
	mm_ecc_scan_free(&sc);
	mm_ecc_free(e);
	/* nothing asked for: no object */
	ck_assert_int_eq(mm_ecc_open(&e, &d, NULL, NULL, why, sizeof(why)), 0);
	ck_assert_ptr_null(e);
	ck_assert_int_eq(mm_ecc_open(&e, &d, "bch99", NULL, why, sizeof(why)),
			 -EINVAL);
	mm_dump_close(&d);
	free(dump);
}
END_TEST

/*
 * Damage: random pages and random mutations of encoded pages through
 * every scheme; only "no crash, counters consistent" is asserted.
 */
START_TEST(test_ecc_random_pages_never_crash)
{
	static const char *const schemes[] = {
		"hamming", "hamming512-sm", "bch1", "bch4", "bch8", "bch12",
		"bch4/1024", "bch16/1024", "bch30/1024",
	};
	const struct mm_geom g = { 4096, 224, 64, 16, 0, 8 };
	size_t rec = g.page_size + g.oob_size, i;
	uint8_t *page = malloc(rec);
	unsigned int sc, n;
	char msg[256];

	srand(37);
	for (sc = 0; sc < sizeof(schemes) / sizeof(schemes[0]); sc++) {
		struct mm_ecc *e;

		ck_assert_msg(mm_ecc_new(&e, schemes[sc], NULL, &g, msg,
					 sizeof(msg)) == 0, "%s: %s",
			      schemes[sc], msg);
		for (n = 0; n < 40; n++) {
			struct mm_ecc_stat st = { 0 };
			enum mm_page_state state;
			unsigned int k;

			for (i = 0; i < rec; i++)
				page[i] = rand();
			if (n & 1) {
				/* a valid page, then a burst of damage */
				mm_ecc_encode(e, page, page + g.page_size);
				for (k = 0; k < (unsigned int)(rand() % 200); k++)
					page[rand() % rec] ^= 1u << (rand() % 8);
			} else if (n & 2) {
				memset(page, (n & 4) ? 0xff : 0x00, rec);
				page[rand() % rec] = rand();
			}
			ck_assert_int_eq(mm_ecc_correct(e, page,
							page + g.page_size,
							&st, &state), 0);
			ck_assert_uint_eq(st.steps,
					  g.page_size / mm_ecc_step_size(e));
			ck_assert_uint_le(st.uncorrectable_steps + st.erased_steps,
					  st.steps + st.corrected_steps);
			ck_assert_uint_le(st.corrected_bits,
					  st.corrected_steps * (8 * g.page_size + 8 * g.oob_size));
			ck_assert(state >= MM_PAGE_CLEAN && state <= MM_PAGE_ERASED);
		}
		mm_ecc_free(e);
	}
	free(page);
}
END_TEST

struct reader_arg {
	struct mm_ecc *e;
	struct mm_dump *d;
	const uint8_t *want;	/* the page records as they must read */
	size_t pages;
	unsigned int seed;
	unsigned int bad;
};

static void *reader(void *p)
{
	struct reader_arg *a = p;
	uint8_t data[PS], oob[OS];
	unsigned int n;

	for (n = 0; n < 3000; n++) {
		uint64_t pg = rand_r(&a->seed) % a->pages;

		if (mm_ecc_read_page(a->e, a->d, pg, data, oob, NULL, NULL) < 0 ||
		    memcmp(data, a->want + pg * REC, PS) ||
		    memcmp(oob, a->want + pg * REC + PS, OS))
			a->bad++;
	}
	return NULL;
}

/* mm_ecc_read_page() from four threads at once: always the right page. */
START_TEST(test_ecc_read_page_threads)
{
	struct reader_arg args[4];
	pthread_t th[4];
	uint8_t *dump, *want;
	struct mm_dump d;
	struct mm_ecc *e;
	size_t len, p;
	char msg[256];
	int i;

	dump = load_fixture("ubi-bch4", &len);
	want = malloc(len);
	memcpy(want, dump, len);
	/* one flip in every programmed page */
	for (p = 0; p < len / REC; p++)
		if (dump[p * REC] != 0xff)
			dump[p * REC + 7] ^= 0x40;
	open_mem_dump(&d, dump, len);
	ck_assert_int_eq(mm_ecc_new(&e, "bch4", NULL, &d.geom, msg,
				    sizeof(msg)), 0);
	for (i = 0; i < 4; i++) {
		args[i] = (struct reader_arg){ e, &d, want, len / REC,
					       (unsigned int)i + 1, 0 };
		ck_assert_int_eq(pthread_create(&th[i], NULL, reader, &args[i]),
				 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		ck_assert_uint_eq(args[i].bad, 0);
	}
	mm_ecc_free(e);
	mm_dump_close(&d);
	free(dump);
	free(want);
}
END_TEST

/* The pattern of tests/fixtures/ecc/eccvec.c (xorshift32, top bytes). */
static void kvec_fill(uint8_t *b, unsigned int n, unsigned int seed)
{
	uint32_t x = 2463534242u + seed;
	unsigned int i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = x >> 24;
	}
}

static void hex(char *out, const uint8_t *p, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/*
 * Codes printed by the running Debian kernel itself (lib/bch.c bch_encode
 * with its default primitive polynomials, ecc_sw_hamming_calculate) in the
 * QEMU guest: GF(2^13) and GF(2^14), t up to 40, Hamming 256/512 in both
 * byte orders. printk's %ph shows at most 64 bytes of a longer code.
 */
START_TEST(test_ecc_matches_kernel_vectors)
{
	const char *top = getenv("MM_TOP");
	char path[1024], line[512], want[300], got[300];
	unsigned int nbch = 0, nham = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/fixtures/ecc/kernel-vectors.txt",
		 top ? top : ".");
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "%s", path);
	while (fgets(line, sizeof(line), f)) {
		unsigned int m, t, len, seed, bytes, step, sm;
		uint8_t buf[1024], code[160];

		if (sscanf(line, "ECCVEC bch m=%u t=%u len=%u seed=%u bytes=%u: %299s",
			   &m, &t, &len, &seed, &bytes, want) == 6) {
			struct mm_bch *b = mm_bch_new(m, t, 0, len);

			ck_assert_ptr_nonnull(b);
			ck_assert_uint_eq(mm_bch_ecc_bytes(b), bytes);
			kvec_fill(buf, len, seed);
			mm_bch_encode(b, buf, len, code);
			hex(got, code, bytes);
			got[strlen(want)] = '\0';
			ck_assert_msg(!strcmp(got, want), "m=%u t=%u seed %u: %s, kernel %s",
				      m, t, seed, got, want);
			mm_bch_free(b);
			nbch++;
		} else if (sscanf(line, "ECCVEC ham step=%u seed=%u sm=%u: %299s",
				  &step, &seed, &sm, want) == 4) {
			kvec_fill(buf, step, seed);
			mm_hamming_calc(buf, step, sm, code);
			hex(got, code, 3);
			ck_assert_msg(!strcmp(got, want), "hamming %u sm %u seed %u: %s, kernel %s",
				      step, sm, seed, got, want);
			nham++;
		}
	}
	fclose(f);
	ck_assert_uint_eq(nbch, 18);
	ck_assert_uint_eq(nham, 12);
}
END_TEST

Suite *ecc_suite(void)
{
	Suite *s = suite_create("ecc");
	TCase *tc = tcase_create("kernel-dumps");
	int n = sizeof(fixtures) / sizeof(fixtures[0]);

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_ecc_kernel_dumps_verify_and_reencode, 0, n);
	tcase_add_test(tc, test_ecc_wrong_scheme_fails_on_kernel_dump);
	tcase_add_test(tc, test_ecc_matches_kernel_vectors);
	tcase_add_loop_test(tc, test_ecc_auto_picks_the_kernel_scheme, 0, n);
	tcase_add_test(tc, test_ecc_auto_erased_and_garbage);
	tcase_add_test(tc, test_ecc_read_page_corrects_and_caches);
	tcase_add_test(tc, test_ecc_scan_counts_per_block);
	tcase_add_test(tc, test_ecc_read_page_threads);
	suite_add_tcase(s, tc);
	tc = tcase_create("pages");
	tcase_set_timeout(tc, 60);
	n = sizeof(camps) / sizeof(camps[0]);
	tcase_add_loop_test(tc, test_ecc_pages_with_up_to_t_flips_per_step, 0, n);
	tcase_add_loop_test(tc, test_ecc_erased_pages_with_flips, 0, n);
	tcase_add_test(tc, test_ecc_none_and_bad_schemes);
	tcase_add_test(tc, test_ecc_random_pages_never_crash);
	suite_add_tcase(s, tc);
	return s;
}
