// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * layout-bench - vendor page layouts (core/layout/presets): decode
 * throughput through the codec (mm_ecc_correct_page(), what the readers
 * run) on one core in MB/s of logical page data, clean pages and
 * pages with t flips in every step, next to the kernel-compatible software
 * BCH codec (core/ecc) at the same m and t where one exists, and the
 * kernel's lib/bch at that m and t where it was measured (docs/ecc.md,
 * "Throughput": the kernel's algorithms built in userspace on this
 * machine; quoted here, not re-measured).
 *
 *   layout-bench [--time SECONDS]
 *
 * Figures only: nothing here passes or fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/ecc/ecc.h"
#include "../core/layout/presets.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint32_t seed = 12345;

static uint32_t rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

struct setup {
	const char *layout;
	struct mm_pl_geom g;
	const char *soft;	/* core/ecc scheme with the same m/t, or NULL */
};

static const struct setup setups[] = {
	{ "imx-gpmi", { 2048, 64, 64 }, "bch8" },
	{ "imx-gpmi:t=6", { 2048, 64, 64 }, NULL },
	{ "mtk-nfi", { 2048, 64, 64 }, "bch4" },
	{ "qcom-nandc", { 2048, 64, 64 }, "bch4" },
	{ "qcom-nandc:ecc=rs", { 2048, 64, 64 }, NULL },
	{ "brcmnand", { 2048, 64, 64 }, "bch4" },
	{ "pmecc:t=8", { 4096, 224, 64 }, "bch8" },
	{ "sunxi:t=16", { 2048, 64, 64 }, NULL },
	{ "sunxi:t=40,step=1024,scramble", { 8192, 640, 256 }, NULL },
	{ "amlogic:t=8", { 2048, 64, 64 }, NULL },
	{ "omap-bch8", { 2048, 64, 64 }, "bch8" },
	{ "omap-bch16", { 4096, 224, 64 }, NULL },
};

/* The kernel's lib/bch, MB/s clean / with t errors (docs/ecc.md). */
static const struct {
	unsigned int m, t;
	double clean, flips;
} kernel_bch[] = {
	{ 13, 4, 1000, 380 },
	{ 13, 8, 670, 140 },
	{ 14, 16, 630, 86 },
};

static double secs = 0.5;

static void flip_steps(const struct mm_pagelayout *pl, uint8_t *phys)
{
	unsigned int s, i, k;

	for (s = 0; s < pl->nsteps; s++) {
		uint32_t total = 0;

		for (i = 0; i < pl->nfields; i++)
			if (pl->f[i].step == s)
				total += pl->f[i].bits;
		for (k = 0; k < pl->t; k++) {
			uint32_t r = rnd() % total;

			for (i = 0; i < pl->nfields; i++) {
				if (pl->f[i].step != s)
					continue;
				if (r < pl->f[i].bits) {
					uint32_t b = pl->f[i].phys + r;

					phys[b / 8] ^= (uint8_t)(1u << (b % 8));
					break;
				}
				r -= pl->f[i].bits;
			}
		}
	}
}

/*
 * Decode through the codec, as the readers do (mm_ecc_correct_page(): the
 * record in place, copied in each round as run_soft() does).
 */
static double run_layout(const struct setup *su,
			 const struct mm_pagelayout *pl, const uint8_t *phys)
{
	struct mm_geom g = { .page_size = su->g.page_size,
			     .oob_size = su->g.oob_size,
			     .pages_per_block = su->g.pages_per_block };
	uint8_t *buf = malloc(pl->phys_size);
	unsigned long n = 0;
	struct mm_ecc *e;
	char msg[200];
	double t0, t;

	if (!buf || mm_ecc_new_layout(&e, su->layout, &g, msg, sizeof(msg))) {
		free(buf);
		return 0;
	}
	t0 = now();
	do {
		memcpy(buf, phys, pl->phys_size);
		mm_ecc_correct_page(e, 0, buf, buf + g.page_size, NULL, NULL);
		n++;
	} while ((t = now() - t0) < secs);
	mm_ecc_free(e);
	free(buf);
	return n * (double)pl->data_size / t / 1e6;
}

static double run_soft(const char *scheme, const struct mm_pl_geom *pg,
		       bool flips, unsigned int t)
{
	struct mm_geom g = { .page_size = pg->page_size, .oob_size = pg->oob_size };
	uint8_t *data, *oob, *d2, *o2;
	struct mm_ecc *e;
	char msg[128];
	double t0, el;
	unsigned long n = 0;
	unsigned int s, k, step;

	if (mm_ecc_new(&e, scheme, NULL, &g, msg, sizeof(msg)))
		return 0;
	data = malloc(g.page_size);
	oob = malloc(g.oob_size);
	d2 = malloc(g.page_size);
	o2 = malloc(g.oob_size);
	for (k = 0; k < g.page_size; k++)
		data[k] = (uint8_t)rnd();
	memset(oob, 0xff, g.oob_size);
	mm_ecc_encode(e, data, oob);
	step = mm_ecc_step_size(e);
	if (flips)
		for (s = 0; s < g.page_size / step; s++)
			for (k = 0; k < t; k++) {
				uint32_t b = rnd() % (8 * step);

				data[s * step + b / 8] ^= (uint8_t)(1u << (b % 8));
			}
	t0 = now();
	do {
		memcpy(d2, data, g.page_size);
		memcpy(o2, oob, g.oob_size);
		mm_ecc_correct(e, d2, o2, NULL, NULL);
		n++;
	} while ((el = now() - t0) < secs);
	free(data);
	free(oob);
	free(d2);
	free(o2);
	mm_ecc_free(e);
	return n * (double)g.page_size / el / 1e6;
}

int main(int argc, char **argv)
{
	unsigned int i, k;

	if (argc == 3 && !strcmp(argv[1], "--time"))
		secs = atof(argv[2]);
	printf("MB/s of logical data on one core; kernel lib/bch: clean / t errors, quoted from docs/ecc.md\n");
	printf("%-32s %5s %5s %10s %10s %10s %10s %14s\n", "layout", "m", "t",
	       "clean", "t flips", "soft clean", "soft flips",
	       "kernel lib/bch");
	for (i = 0; i < sizeof(setups) / sizeof(setups[0]); i++) {
		const struct setup *su = &setups[i];
		struct mm_pagelayout *pl = malloc(sizeof(*pl));
		uint8_t *data, *phys;
		char msg[200];
		double c, f, sc = 0, sf = 0;

		if (!pl || mm_pl_from_arg(pl, su->layout, &su->g, msg, sizeof(msg))) {
			printf("%-32s %s\n", su->layout, msg);
			free(pl);
			continue;
		}
		data = malloc(pl->data_size);
		phys = malloc(pl->phys_size);
		for (k = 0; k < pl->data_size; k++)
			data[k] = (uint8_t)rnd();
		mm_pl_encode(pl, 0, data, NULL, phys);
		c = run_layout(su, pl, phys);
		flip_steps(pl, phys);
		f = run_layout(su, pl, phys);
		if (su->soft) {
			sc = run_soft(su->soft, &su->g, false, pl->t);
			sf = run_soft(su->soft, &su->g, true, pl->t);
		}
		printf("%-32s %5u %5u %8.1f   %8.1f   ", su->layout, pl->m, pl->t, c, f);
		if (su->soft)
			printf("%8.1f   %8.1f  ", sc, sf);
		else
			printf("%8s   %8s  ", "-", "-");
		for (k = 0; k < sizeof(kernel_bch) / sizeof(kernel_bch[0]); k++)
			if (kernel_bch[k].m == pl->m && kernel_bch[k].t == pl->t)
				break;
		if (k < sizeof(kernel_bch) / sizeof(kernel_bch[0]))
			printf("%6.0f / %-6.0f", kernel_bch[k].clean,
			       kernel_bch[k].flips);
		else
			printf("%14s", "-");
		printf("%s%s%s\n", su->soft ? "  (soft: " : "",
		       su->soft ? su->soft : "", su->soft ? ")" : "");
		mm_pl_release(pl);
		free(pl);
		free(data);
		free(phys);
	}
	return 0;
}
