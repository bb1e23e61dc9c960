// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ecc-bench - ECC throughput on one core, in MB/s of page data, next to a
 * memcpy baseline and, when 'make bench-ecc' found the kernel's source
 * (MM_BENCH_KERNEL), next to the kernel's own lib/bch.c and software
 * Hamming built into this binary: every figure is the median of --rounds
 * interleaved runs (ours and the kernel's alternate, the order swapped each
 * round), the range in brackets; ratios are of the medians. And, with
 * --campaign N, the miscorrection rate of t+1 (and more) bit flips per step.
 *
 *   ecc-bench [--time SECONDS] [--rounds N] [--only TEXT] [--campaign N]
 *
 * --only runs the rows whose label contains TEXT.
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
#ifdef MM_BENCH_KERNEL
#include "kernel/kernel-ecc.h"
#endif

#define NPAGES	64
#define CODE_MAX	128	/* bytes kept per step for its code */

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

static double secs = 0.2;
static unsigned int rounds = 5;
static const char *only;	/* --only: rows whose label holds this */

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

/*
 * One measured case: NPAGES pages of random data (@rec bytes apart, the
 * OOB after the data for the page cases), their codes, and @flips data bit
 * flips per step put back before every batch (not timed).
 */
struct job {
	uint64_t (*batch)(struct job *j);
	struct mm_ecc *e;
	struct mm_bch *b;
#ifdef MM_BENCH_KERNEL
	struct mm_kbch *k;
#endif
	unsigned int psize, rec, step, steps, flips, nb, bad;
	bool sm;
	uint8_t *good, *work, *code;	/* code: nb bytes per step */
};

static void job_pages(struct job *j, unsigned int psize, unsigned int rec,
		      unsigned int step, unsigned int flips)
{
	size_t i;

	memset(j, 0, sizeof(*j));
	j->psize = psize;
	j->rec = rec;
	j->step = step;
	j->steps = psize / step;
	j->flips = flips;
	j->good = malloc((size_t)NPAGES * rec);
	j->work = malloc((size_t)NPAGES * rec);
	j->code = calloc((size_t)NPAGES * j->steps, CODE_MAX);
	if (!j->good || !j->work || !j->code) {
		fprintf(stderr, "ecc-bench: out of memory\n");
		exit(1);
	}
	for (i = 0; i < (size_t)NPAGES * rec; i++)
		j->good[i] = (uint8_t)rnd();
}

static void job_restore(struct job *j)
{
	unsigned int p, s;

	memcpy(j->work, j->good, (size_t)NPAGES * j->rec);
	for (p = 0; p < NPAGES; p++)
		for (s = 0; s < j->steps; s++)
			flip_step(j->work + (size_t)p * j->rec, j->step, s,
				  j->flips);
}

static void job_free(struct job *j)
{
	mm_ecc_free(j->e);
	mm_bch_free(j->b);
#ifdef MM_BENCH_KERNEL
	mm_kbch_free(j->k);
#endif
	free(j->good);
	free(j->work);
	free(j->code);
}

/*
 * MB/s of page data through @a->batch and @b->batch (NULL: @a alone), for
 * secs of thread CPU time each: the two alternate batch by batch (a few ms
 * each, the order swapped every time), so that both see the same load on
 * the machine and their ratio stays meaningful when the machine is busy.
 */
static void measure(struct job *a, struct job *b, double *ra, double *rb)
{
	struct job *j[2] = { a, b };
	double t[2] = { 0, 0 }, t0;
	uint64_t bytes[2] = { 0, 0 };
	unsigned int n = b ? 2 : 1, i, k, turn = 0;

	for (i = 0; i < n; i++) {
		j[i]->bad = 0;
		job_restore(j[i]);
	}
	while (t[0] < secs || (n == 2 && t[1] < secs)) {
		for (k = 0; k < n; k++) {
			i = (k + turn) % n;
			t0 = now();
			bytes[i] += j[i]->batch(j[i]);
			t[i] += now() - t0;
			if (j[i]->flips)
				job_restore(j[i]);
		}
		turn ^= 1;
	}
	*ra = bytes[0] / t[0] / 1e6;
	if (b)
		*rb = bytes[1] / t[1] / 1e6;
}

/* ours: pages through mm_ecc_correct() (layout, erased-step mask, ...) */
static uint64_t batch_page(struct job *j)
{
	unsigned int p;

	for (p = 0; p < NPAGES; p++) {
		uint8_t *pg = j->work + (size_t)p * j->rec;
		struct mm_ecc_stat st = { 0 };

		mm_ecc_correct(j->e, pg, pg + j->psize, &st, NULL);
		if (st.corrected_bits != j->flips * j->steps)
			j->bad++;
	}
	return (uint64_t)NPAGES * j->psize;
}

/* ours: the codec per step (mm_bch_encode, compare, mm_bch_decode, flip) */
static uint64_t batch_bch_steps(struct job *j)
{
	unsigned int p, s, i, loc[128];
	uint8_t calc[CODE_MAX];

	for (p = 0; p < NPAGES; p++)
		for (s = 0; s < j->steps; s++) {
			uint8_t *d = j->work + (size_t)p * j->rec + s * j->step;
			const uint8_t *c = j->code +
					   ((size_t)p * j->steps + s) * CODE_MAX;
			uint8_t any = 0;
			int n;

			mm_bch_encode(j->b, d, j->step, calc);
			for (i = 0; i < j->nb; i++) {
				calc[i] ^= c[i];
				any |= calc[i];
			}
			if (!any) {
				n = 0;
			} else {
				n = mm_bch_decode(j->b, j->step, calc, loc);
				for (i = 0; n > 0 && i < (unsigned int)n; i++)
					if (loc[i] < 8 * j->step)
						d[loc[i] / 8] ^= 0x80 >>
								 (loc[i] % 8);
			}
			if (n != (int)j->flips)
				j->bad++;
		}
	return (uint64_t)NPAGES * j->psize;
}

/* ours: Hamming per step, calculate + correct */
static uint64_t batch_ham_steps(struct job *j)
{
	unsigned int p, s;
	uint8_t calc[3];

	for (p = 0; p < NPAGES; p++)
		for (s = 0; s < j->steps; s++) {
			uint8_t *d = j->work + (size_t)p * j->rec + s * j->step;
			uint8_t *c = j->code + ((size_t)p * j->steps + s) * CODE_MAX;

			mm_hamming_calc(d, j->step, j->sm, calc);
			if (mm_hamming_correct(d, j->step, j->sm, c, calc) !=
			    (int)j->flips)
				j->bad++;
		}
	return (uint64_t)NPAGES * j->psize;
}

#ifdef MM_BENCH_KERNEL
/* the kernel's: nand_ecc_sw_bch_calculate + _correct per step */
static uint64_t batch_kbch_steps(struct job *j)
{
	unsigned int p, s;
	uint8_t calc[CODE_MAX];

	for (p = 0; p < NPAGES; p++)
		for (s = 0; s < j->steps; s++) {
			uint8_t *d = j->work + (size_t)p * j->rec + s * j->step;
			const uint8_t *c = j->code +
					   ((size_t)p * j->steps + s) * CODE_MAX;

			mm_kbch_calculate(j->k, d, calc);
			if (mm_kbch_correct(j->k, d, c, calc) != (int)j->flips)
				j->bad++;
		}
	return (uint64_t)NPAGES * j->psize;
}

/* the kernel's: ecc_sw_hamming_calculate + _correct per step */
static uint64_t batch_kham_steps(struct job *j)
{
	unsigned int p, s;
	uint8_t calc[3];

	for (p = 0; p < NPAGES; p++)
		for (s = 0; s < j->steps; s++) {
			uint8_t *d = j->work + (size_t)p * j->rec + s * j->step;
			uint8_t *c = j->code + ((size_t)p * j->steps + s) * CODE_MAX;

			mm_kham_calculate(d, j->step, j->sm, calc);
			if (mm_kham_correct(d, c, calc, j->step, j->sm) !=
			    (int)j->flips)
				j->bad++;
		}
	return (uint64_t)NPAGES * j->psize;
}
#endif

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct figure {
	double med, lo, hi;
};

static struct figure summarize(double *v, unsigned int n)
{
	struct figure f;

	qsort(v, n, sizeof(*v), cmp_double);
	f.med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	f.lo = v[0];
	f.hi = v[n - 1];
	return f;
}

static void print_figure(const struct figure *f)
{
	printf(" %7.0f (%.0f-%.0f)", f->med, f->lo, f->hi);
}

/*
 * Runs @ours and @kern (NULL: no kernel figure) @rounds times, interleaved
 * (measure()), and prints the medians and the median of the ratios.
 */
static void compare(const char *label, struct job *ours, struct job *kern)
{
	double vo[64], vk[64], vr[64];
	struct figure fo, fk, fr;
	unsigned int r, bad = 0;

	if (only && !strstr(label, only))
		return;
	for (r = 0; r < rounds; r++) {
		measure(ours, kern, &vo[r], &vk[r]);
		bad |= ours->bad | (kern ? kern->bad : 0);
		vr[r] = kern ? vo[r] / vk[r] : 0;
	}
	fo = summarize(vo, rounds);
	printf("  %-34s", label);
	print_figure(&fo);
	if (kern) {
		fk = summarize(vk, rounds);
		print_figure(&fk);
		fr = summarize(vr, rounds);
		printf("  %5.2fx (%.2f-%.2f)", fr.med, fr.lo, fr.hi);
	}
	printf("%s\n", bad ? "  (SOME STEPS NOT AS EXPECTED)" : "");
}

struct setup {
	const char *scheme;
	struct mm_geom g;
	unsigned int m, t;	/* BCH; t = 0: Hamming */
};

static const struct setup setups[] = {
	{ "hamming", { 2048, 64, 64, 1024, 0, 8 }, 0, 0 },
	{ "hamming512", { 2048, 64, 64, 1024, 0, 8 }, 0, 0 },
	{ "bch4", { 2048, 64, 64, 1024, 0, 8 }, 13, 4 },
	{ "bch8", { 2048, 64, 64, 1024, 0, 8 }, 13, 8 },
	{ "bch16/1024", { 4096, 224, 64, 1024, 0, 8 }, 14, 16 },
};

/* the codec alone: t = 4, 8, 16 and the m/t of the vendor presets */
static const struct {
	unsigned int m, t, step;
} codecs[] = {
	{ 13, 4, 512 }, { 13, 6, 512 }, { 13, 8, 512 }, { 13, 12, 512 },
	{ 13, 16, 512 }, { 13, 24, 512 }, { 14, 8, 1024 }, { 14, 16, 1024 },
	{ 14, 24, 1024 }, { 14, 40, 1024 },
};

/* The page cases: ours through mm_ecc_correct(), the kernel per step. */
static void page_rows(const struct setup *su)
{
	const struct mm_geom *g = &su->g;
	unsigned int rec = g->page_size + g->oob_size, flips, p, s;
	struct job o, k, *kp = NULL;
	char msg[256], label[64];

	for (flips = 0; flips <= (su->t ? su->t : 1); flips += su->t ? su->t : 1) {
		job_pages(&o, g->page_size, rec, 512, flips);
		if (mm_ecc_new(&o.e, su->scheme, NULL, g, msg, sizeof(msg))) {
			fprintf(stderr, "ecc-bench: %s: %s\n", su->scheme, msg);
			exit(1);
		}
		o.step = mm_ecc_step_size(o.e);
		o.steps = g->page_size / o.step;
		o.batch = batch_page;
		for (p = 0; p < NPAGES; p++)
			mm_ecc_encode(o.e, o.good + (size_t)p * rec,
				      o.good + (size_t)p * rec + g->page_size);
#ifdef MM_BENCH_KERNEL
		job_pages(&k, g->page_size, rec, o.step, flips);
		memcpy(k.good, o.good, (size_t)NPAGES * rec);
		if (su->t) {
			k.k = mm_kbch_new(su->m, su->t, o.step);
			k.batch = batch_kbch_steps;
		} else {
			k.batch = batch_kham_steps;
		}
		for (p = 0; p < NPAGES; p++)
			for (s = 0; s < k.steps; s++) {
				uint8_t *d = k.good + (size_t)p * rec +
					     s * k.step;
				uint8_t *c = k.code +
					     ((size_t)p * k.steps + s) * CODE_MAX;

				if (su->t)
					mm_kbch_calculate(k.k, d, c);
				else
					mm_kham_calculate(d, k.step, false, c);
			}
		kp = &k;
#endif
		snprintf(label, sizeof(label), "%s %u+%u, %u flip%s/step",
			 su->scheme, g->page_size, g->oob_size, flips,
			 flips == 1 ? "" : "s");
		compare(label, &o, kp);
		job_free(&o);
		if (kp)
			job_free(kp);
	}
	(void)s;
	(void)k;
}

/* The codec alone per step: mm_bch against lib/bch, t flips per step. */
static void codec_row(unsigned int m, unsigned int t, unsigned int step)
{
	unsigned int psize = 4 * step, p, s;
	struct job o, k, *kp = NULL;
	char label[64];

	job_pages(&o, psize, psize, step, t);
	o.b = mm_bch_new(m, t, 0, step);
	o.nb = mm_bch_ecc_bytes(o.b);
	o.batch = batch_bch_steps;
	for (p = 0; p < NPAGES; p++)
		for (s = 0; s < o.steps; s++)
			mm_bch_encode(o.b, o.good + (size_t)p * psize + s * step,
				      step, o.code +
				      ((size_t)p * o.steps + s) * CODE_MAX);
#ifdef MM_BENCH_KERNEL
	job_pages(&k, psize, psize, step, t);
	memcpy(k.good, o.good, (size_t)NPAGES * psize);
	k.k = mm_kbch_new(m, t, step);
	if (!k.k) {
		fprintf(stderr, "ecc-bench: the kernel's bch_init(%u, %u) failed\n",
			m, t);
		exit(1);
	}
	k.batch = batch_kbch_steps;
	for (p = 0; p < NPAGES; p++)
		for (s = 0; s < k.steps; s++)
			mm_kbch_calculate(k.k, k.good + (size_t)p * psize +
					  s * step, k.code +
					  ((size_t)p * k.steps + s) * CODE_MAX);
	kp = &k;
#endif
	snprintf(label, sizeof(label), "BCH m=%u t=%-2u %4u-byte steps", m, t,
		 step);
	compare(label, &o, kp);
	job_free(&o);
	if (kp)
		job_free(kp);
	(void)k;
}

/* Hamming per step, no layout: calculate + correct. */
static void hamming_row(unsigned int step, unsigned int flips)
{
	unsigned int psize = 2048, p, s;
	struct job o, k, *kp = NULL;
	char label[64];

	job_pages(&o, psize, psize, step, flips);
	o.batch = batch_ham_steps;
	for (p = 0; p < NPAGES; p++)
		for (s = 0; s < o.steps; s++)
			mm_hamming_calc(o.good + (size_t)p * psize + s * step,
					step, false, o.code +
					((size_t)p * o.steps + s) * CODE_MAX);
#ifdef MM_BENCH_KERNEL
	job_pages(&k, psize, psize, step, flips);
	memcpy(k.good, o.good, (size_t)NPAGES * psize);
	memcpy(k.code, o.code, (size_t)NPAGES * o.steps * CODE_MAX);
	k.batch = batch_kham_steps;
	kp = &k;
#endif
	snprintf(label, sizeof(label), "Hamming %u-byte steps, %u flip%s",
		 step, flips, flips == 1 ? "" : "s");
	compare(label, &o, kp);
	job_free(&o);
	if (kp)
		job_free(kp);
	(void)k;
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
	unsigned int i;
	int a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--time") && a + 1 < argc)
			secs = atof(argv[++a]);
		else if (!strcmp(argv[a], "--rounds") && a + 1 < argc)
			rounds = (unsigned int)strtoul(argv[++a], NULL, 10);
		else if (!strcmp(argv[a], "--only") && a + 1 < argc)
			only = argv[++a];
		else if (!strcmp(argv[a], "--campaign") && a + 1 < argc)
			camp = strtoul(argv[++a], NULL, 10);
		else {
			fprintf(stderr, "usage: ecc-bench [--time SECONDS] [--rounds N] [--only TEXT] [--campaign N]\n");
			return 1;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (rounds < 1 || rounds > 64)
		rounds = 5;
	printf("ECC throughput, one core (thread CPU time), MB/s of page data: %u pages of random data,\n",
	       NPAGES);
	printf("median of %u rounds of %.1f s each (range); ours and the kernel's alternate batch by batch;\n  ratio: the median of the rounds' ratios (range)\n",
	       rounds, secs);
	printf("  memcpy baseline (2112-byte pages): %8.0f MB/s\n",
	       run_memcpy(2112));
#ifdef MM_BENCH_KERNEL
	printf("  %-34s %-20s %-20s %s\n", "", "ours", "kernel's", "ratio");
#else
	printf("  (the kernel's code was not built: no kernel source found; 'make bench-ecc' looks for\n"
	       "   /usr/src/linux-source-*.tar.xz (Debian: apt-get install linux-source) or KSRC=DIR)\n");
#endif
	printf("Hamming per step, no layout (calculate + correct):\n");
	hamming_row(256, 0);
	hamming_row(256, 1);
	hamming_row(512, 0);
	hamming_row(512, 1);
	printf("Pages, ours through mm_ecc_correct(), the kernel's calculate + correct per step:\n");
	for (i = 0; i < sizeof(setups) / sizeof(setups[0]); i++)
		page_rows(&setups[i]);
	printf("BCH codec per step with t flips (mm_bch_encode + mm_bch_decode vs bch_encode + bch_decode):\n");
	for (i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++)
		codec_row(codecs[i].m, codecs[i].t, codecs[i].step);
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
