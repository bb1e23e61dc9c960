// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ecc-bench - ECC throughput on one core, in MB/s of page data, next to a
 * memcpy baseline measured in the same run; and, with --campaign N, the
 * miscorrection rate of t+1 (and more) bit flips per step.
 *
 *   ecc-bench [--time SECONDS] [--campaign N]
 *
 * Figures only: nothing here passes or fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/ecc/bch.h"
#include "../core/ecc/ecc.h"
#include "../core/ecc/hamming.h"

#define NPAGES	64

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (uint32_t)(rnd_state >> 16);
}

struct setup {
	const char *scheme;
	struct mm_geom g;
};

static const struct setup setups[] = {
	{ "hamming", { 2048, 64, 64, 1024, 0, 8 } },
	{ "hamming512", { 2048, 64, 64, 1024, 0, 8 } },
	{ "bch4", { 2048, 64, 64, 1024, 0, 8 } },
	{ "bch8", { 2048, 64, 64, 1024, 0, 8 } },
	{ "bch16/1024", { 4096, 224, 64, 1024, 0, 8 } },
};

static double secs = 0.5;

/* Flip @n distinct bits of step @s's data (bits of the ECC are flipped by
 * the campaign; here data is enough for throughput). */
static void flip_step(uint8_t *page, unsigned int step, unsigned int s,
		      unsigned int n)
{
	unsigned int done[128], k, i;

	for (k = 0; k < n; k++) {
		unsigned int b;
		int dup;

		do {
			b = rnd() % (8 * step);
			dup = 0;
			for (i = 0; i < k; i++)
				dup |= done[i] == b;
		} while (dup);
		done[k] = b;
		page[s * step + b / 8] ^= 1u << (b % 8);
	}
}

static double run_memcpy(size_t rec)
{
	uint8_t *src = malloc(NPAGES * rec), *dst = malloc(NPAGES * rec);
	double t0 = now(), t;
	uint64_t bytes = 0;
	unsigned int p;

	memset(src, 0x5a, NPAGES * rec);
	do {
		for (p = 0; p < NPAGES; p++) {
			memcpy(dst + p * rec, src + p * rec, rec);
			__asm__ volatile("" : : "r"(dst) : "memory");
		}
		bytes += NPAGES * rec;
		t = now() - t0;
	} while (t < secs);
	free(src);
	free(dst);
	return bytes / t / 1e6;
}

/* MB/s of data through mm_ecc_correct(); @flips per step (0 = clean). */
static double run_correct(const struct setup *su, unsigned int flips,
			  unsigned int *bad)
{
	const struct mm_geom *g = &su->g;
	size_t rec = g->page_size + g->oob_size;
	uint8_t *good = malloc(NPAGES * rec), *work = malloc(NPAGES * rec);
	unsigned int p, s, steps, step;
	struct mm_ecc *e;
	uint64_t bytes = 0;
	double t0, t;
	char msg[256];
	size_t i;

	if (mm_ecc_new(&e, su->scheme, NULL, g, msg, sizeof(msg))) {
		fprintf(stderr, "ecc-bench: %s: %s\n", su->scheme, msg);
		exit(1);
	}
	step = mm_ecc_step_size(e);
	steps = g->page_size / step;
	for (i = 0; i < NPAGES * rec; i++)
		good[i] = (uint8_t)rnd();
	for (p = 0; p < NPAGES; p++)
		mm_ecc_encode(e, good + p * rec, good + p * rec + g->page_size);
	memcpy(work, good, NPAGES * rec);
	for (p = 0; p < NPAGES; p++)
		for (s = 0; s < steps; s++)
			flip_step(work + p * rec, step, s, flips);
	*bad = 0;
	t0 = now();
	do {
		for (p = 0; p < NPAGES; p++) {
			uint8_t *pg = work + p * rec;
			struct mm_ecc_stat st = { 0 };

			mm_ecc_correct(e, pg, pg + g->page_size, &st, NULL);
			if (st.corrected_bits != flips * steps)
				(*bad)++;
		}
		bytes += (uint64_t)NPAGES * g->page_size;
		t = now() - t0;
		if (flips) {
			/* put the flips back (not timed) */
			double c0 = now();

			memcpy(work, good, NPAGES * rec);
			for (p = 0; p < NPAGES; p++)
				for (s = 0; s < steps; s++)
					flip_step(work + p * rec, step, s, flips);
			t0 += now() - c0;
		}
	} while (t < secs);
	mm_ecc_free(e);
	free(good);
	free(work);
	return bytes / t / 1e6;
}

/* Raw Hamming calculate + correct per 256-byte step, no layout. */
static double run_hamming_raw(void)
{
	static uint8_t buf[NPAGES * 2048];
	uint8_t code[NPAGES * 8][3], calc[3];
	uint64_t bytes = 0;
	unsigned int i;
	double t0, t;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rnd();
	for (i = 0; i < NPAGES * 8; i++)
		mm_hamming_calc(buf + 256 * i, 256, false, code[i]);
	t0 = now();
	do {
		for (i = 0; i < NPAGES * 8; i++) {
			mm_hamming_calc(buf + 256 * i, 256, false, calc);
			mm_hamming_correct(buf + 256 * i, 256, false, code[i],
					   calc);
		}
		bytes += sizeof(buf);
		t = now() - t0;
	} while (t < secs);
	return bytes / t / 1e6;
}

/*
 * Miscorrection campaign: codewords of random data with @nerr flips over
 * data and ECC bits; counts words decoded back, reported uncorrectable, and
 * "corrected" to a wrong word (miscorrections).
 */
static void campaign(unsigned int m, unsigned int t, unsigned int len,
		     unsigned int nerr, unsigned long trials)
{
	struct mm_bch *b = mm_bch_new(m, t, 0, len);
	unsigned int nb = mm_bch_ecc_bytes(b), bits = 8 * len +
			  mm_bch_ecc_bits(b), loc[128], flips[160], i, k;
	uint8_t *d = malloc(len), *orig = malloc(len), ecc[256], rd[256];
	unsigned long n, ok = 0, reported = 0, wrong = 0;
	double t0 = now();

	for (n = 0; n < trials; n++) {
		uint8_t calc[256];
		int r;

		for (i = 0; i < len; i++)
			orig[i] = (uint8_t)rnd();
		memcpy(d, orig, len);
		mm_bch_encode(b, d, len, ecc);
		memcpy(rd, ecc, nb);
		for (k = 0; k < nerr; k++) {
			unsigned int p;
			int dup;

			do {
				p = rnd() % bits;
				dup = 0;
				for (i = 0; i < k; i++)
					dup |= flips[i] == p;
			} while (dup);
			flips[k] = p;
			if (p < 8 * len)
				d[p / 8] ^= 0x80 >> (p % 8);
			else
				rd[(p - 8 * len) / 8] ^= 0x80 >> ((p - 8 * len) % 8);
		}
		mm_bch_encode(b, d, len, calc);
		for (i = 0; i < nb; i++)
			calc[i] ^= rd[i];
		r = mm_bch_decode(b, len, calc, loc);
		if (r < 0) {
			reported++;
			continue;
		}
		for (k = 0; k < (unsigned int)r; k++) {
			unsigned int p = loc[k];

			if (p < 8 * len)
				d[p / 8] ^= 0x80 >> (p % 8);
			else
				rd[(p - 8 * len) / 8] ^= 0x80 >> ((p - 8 * len) % 8);
		}
		if (!memcmp(d, orig, len) && !memcmp(rd, ecc, nb))
			ok++;
		else
			wrong++;
	}
	printf("  BCH m=%-2u t=%-2u %4u-byte steps, %3u flips: %9lu words: %9lu decoded, %9lu reported uncorrectable, %6lu miscorrected (%.4f%%)  [%.1f s]\n",
	       m, t, len, nerr, trials, ok, reported, wrong,
	       100.0 * wrong / trials, now() - t0);
	free(d);
	free(orig);
	mm_bch_free(b);
}

static void hamming_campaign(unsigned int step, unsigned long trials)
{
	uint8_t *d = malloc(step), *orig = malloc(step), code[3], st[3], c[3];
	unsigned int bits = 8 * step + 24, i;
	unsigned long n, reported = 0, wrong = 0, ok = 0;

	for (n = 0; n < trials; n++) {
		unsigned int a, b2;
		int r;

		for (i = 0; i < step; i++)
			orig[i] = (uint8_t)rnd();
		mm_hamming_calc(orig, step, false, code);
		memcpy(d, orig, step);
		memcpy(st, code, 3);
		a = rnd() % bits;
		do
			b2 = rnd() % bits;
		while (b2 == a);
		for (i = 0; i < 2; i++) {
			unsigned int p = i ? b2 : a;

			if (p < 8 * step)
				d[p / 8] ^= 1u << (p % 8);
			else
				st[(p - 8 * step) / 8] ^= 1u << (p % 8);
		}
		mm_hamming_calc(d, step, false, c);
		r = mm_hamming_correct(d, step, false, st, c);
		if (r < 0)
			reported++;
		else if (!memcmp(d, orig, step))
			ok++;	/* a flip in the 2 unused code bits is left */
		else
			wrong++;
	}
	printf("  Hamming %3u-byte steps, 2 flips: %9lu words: %9lu data right, %9lu reported uncorrectable, %6lu miscorrected (%.4f%%)\n",
	       step, trials, ok, reported, wrong, 100.0 * wrong / trials);
	free(d);
	free(orig);
}

int main(int argc, char **argv)
{
	unsigned long camp = 0;
	unsigned int i, bad;
	int a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--time") && a + 1 < argc)
			secs = atof(argv[++a]);
		else if (!strcmp(argv[a], "--campaign") && a + 1 < argc)
			camp = strtoul(argv[++a], NULL, 10);
		else {
			fprintf(stderr, "usage: ecc-bench [--time SECONDS] [--campaign N]\n");
			return 1;
		}
	}
	printf("ECC throughput, one core, MB/s of page data (%u pages of random data, %.1f s each)\n",
	       NPAGES, secs);
	printf("  memcpy baseline (2112-byte pages): %8.0f MB/s\n",
	       run_memcpy(2112));
	printf("  hamming calculate+correct, clean, per 256-byte step (no layout): %8.0f MB/s\n",
	       run_hamming_raw());
	for (i = 0; i < sizeof(setups) / sizeof(setups[0]); i++) {
		const struct setup *su = &setups[i];
		struct mm_ecc *e;
		char msg[256];
		double clean, dirty;
		unsigned int t, bad2;

		mm_ecc_new(&e, su->scheme, NULL, &su->g, msg, sizeof(msg));
		t = mm_ecc_strength(e);
		mm_ecc_free(e);
		clean = run_correct(su, 0, &bad);
		dirty = run_correct(su, t, &bad2);
		printf("  %-11s %5u+%-3u page: clean %8.0f MB/s   %2u flips per step %8.0f MB/s%s\n",
		       su->scheme, su->g.page_size, su->g.oob_size, clean, t,
		       dirty, bad || bad2 ? "  (SOME PAGES NOT CORRECTED)" : "");
	}
	if (!camp)
		return 0;
	printf("\nMiscorrection campaign (random data, flips over data and ECC bits)\n");
	campaign(13, 4, 512, 5, camp);
	campaign(13, 4, 512, 6, camp);
	campaign(13, 4, 512, 12, camp);
	campaign(13, 8, 512, 9, camp);
	campaign(13, 8, 512, 16, camp / 4);
	campaign(14, 16, 1024, 17, camp / 8);
	hamming_campaign(256, camp * 4);
	hamming_campaign(512, camp * 4);
	return 0;
}
