// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_spec.c - every spec parser on hostile strings: --mtdparts,
 * --bad-blocks, sizes, --oob-layout, --layout (specs and PRESET:OPTS),
 * --ecc schemes, --faults, --pairing. Byte 0 picks the parser, byte 1 the
 * geometry it is checked against, the rest is the string (up to a NUL;
 * for --ecc a second string is the OOB layout).
 *
 * What is checked beyond "no crash, no leak": a page layout's spec string
 * parses back to the same layout (mm_pl_format() of mm_pl_parse()), and a
 * codec that was set up gives back a page it encoded, unchanged.
 */
#include <stdlib.h>
#include <string.h>

#include "../../core/ecc/ecc.h"
#include "../../core/ecc/engine.h"
#include "../../core/layout/ooblayout.h"
#include "../../core/layout/pagelayout.h"
#include "../../core/layout/presets.h"
#include "../../core/muse/faults.h"
#include "../../core/muse/pairing.h"
#include "../../core/util/bbt.h"
#include "../../core/util/geom.h"
#include "../../core/util/mtdparts.h"
#include "fuzz.h"

#define SPEC_MAX	4096

static const struct mm_geom geoms[8] = {
	{ 512, 16, 32, 16, 0, 8 },
	{ 2048, 64, 64, 8, 0, 8 },
	{ 4096, 224, 64, 8, 0, 8 },
	{ 2048, 128, 64, 8, 0, 8 },
	{ 4096, 128, 128, 4, 0, 16 },
	{ 8192, 640, 32, 4, 0, 8 },
	{ 512, 0, 64, 8, 0, 8 },
	{ 2048, 112, 64, 8, 0, 8 },
};

static void spec_mtdparts(const char *s, const struct mm_geom *g, uint8_t k)
{
	struct mm_part *parts = NULL;
	uint64_t eb = k & 1 ? 0 : mm_geom_eb_size(g);
	char msg[256];
	size_t n = 0;

	if (mm_parts_parse(s, mm_geom_size(g), eb, &parts, &n, msg,
			   sizeof(msg)) == 0) {
		size_t i, j;

		/* in the device, not overlapping (in the order given) */
		for (i = 0; i < n; i++) {
			if (!parts[i].size ||
			    parts[i].offset + parts[i].size > mm_geom_size(g))
				abort();
			for (j = 0; j < i; j++)
				if (parts[i].offset < parts[j].offset +
						      parts[j].size &&
				    parts[j].offset < parts[i].offset +
						      parts[i].size)
					abort();
		}
	}
	free(parts);
}

static void spec_bad_blocks(const char *s)
{
	uint64_t *v = NULL;
	size_t n = 0, i;

	if (mm_bbt_parse_list(s, &v, &n) == 0)
		for (i = 1; i < n; i++)
			if (v[i - 1] >= v[i])	/* sorted, unique */
				abort();
	free(v);
}

static void spec_size(const char *s)
{
	uint64_t v;

	(void)mm_parse_size(s, &v);
	(void)mm_parse_u64(s, &v);
}

static void spec_ooblayout(const char *s, const struct mm_geom *g, uint8_t k)
{
	struct mm_ooblayout l;
	char msg[256];

	(void)mm_ooblayout_parse(&l, s, g, k & 7, (k >> 3) & 31, k & 0x80,
				 msg, sizeof(msg));
}

static void spec_pagelayout(const char *s)
{
	struct mm_pagelayout a, b;
	static char fa[SPEC_MAX * 2], fb[SPEC_MAX * 2];
	char msg[256];

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (mm_pl_parse(&a, s, msg, sizeof(msg)))
		goto out;
	if (mm_pl_format(&a, fa, sizeof(fa)) >= sizeof(fa))
		goto out;
	if (mm_pl_parse(&b, fa, msg, sizeof(msg)))
		abort();	/* its own spec is refused */
	mm_pl_format(&b, fb, sizeof(fb));
	if (strcmp(fa, fb))
		abort();	/* and gives another layout */
out:
	mm_pl_release(&a);
	mm_pl_release(&b);
}

static uint32_t xorshift(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* A codec that was set up decodes a page it encoded to that page. */
static void codec_roundtrip(struct mm_ecc *e, const struct mm_geom *g,
			    uint32_t seed)
{
	uint8_t *data, *oob, *want;
	uint32_t x = seed | 1, i;
	enum mm_page_state st;

	data = malloc(g->page_size);
	want = malloc(g->page_size);
	oob = malloc(g->oob_size + 1);
	if (!data || !want || !oob)
		goto out;
	for (i = 0; i < g->page_size; i++)
		data[i] = (uint8_t)xorshift(&x);
	memcpy(want, data, g->page_size);
	memset(oob, 0xff, g->oob_size);
	if (mm_ecc_encode_page(e, 3, data, oob))
		goto out;
	if (mm_ecc_correct_page(e, 3, data, oob, NULL, &st))
		goto out;
	if (mm_ecc_enabled(e) && memcmp(data, want, g->page_size))
		abort();
out:
	free(data);
	free(want);
	free(oob);
}

static void spec_ecc(const char *scheme, const char *layout,
		     const struct mm_geom *g, uint32_t seed)
{
	struct mm_ecc_params p;
	struct mm_ecc *e = NULL;
	char msg[512];

	(void)mm_ecc_engine_parse(scheme, &p, msg, sizeof(msg));
	if (mm_ecc_new(&e, scheme, layout[0] ? layout : NULL, g, msg,
		       sizeof(msg)) == 0 && g->oob_size)
		codec_roundtrip(e, g, seed);
	mm_ecc_free(e);
}

static void spec_layout_arg(const char *arg, const struct mm_geom *g,
			    uint32_t seed)
{
	struct mm_pl_geom pg = { g->page_size, g->oob_size,
				 g->pages_per_block };
	struct mm_pagelayout pl;
	struct mm_ecc *e = NULL;
	char msg[512];

	memset(&pl, 0, sizeof(pl));
	(void)mm_pl_from_arg(&pl, arg, &pg, msg, sizeof(msg));
	mm_pl_release(&pl);
	if (mm_ecc_new_layout(&e, arg, g, msg, sizeof(msg)) == 0)
		codec_roundtrip(e, g, seed);
	mm_ecc_free(e);
}

static void spec_faults(const char *s, const struct mm_geom *g, uint64_t seed)
{
	struct mm_faults *f;
	uint8_t *data, *oob;
	char msg[256];
	uint64_t p;

	if (mm_faults_new(&f))
		return;
	mm_faults_set_seed(f, seed);
	if (mm_faults_add(f, s, msg, sizeof(msg)) ||
	    mm_faults_setup(f, g, 512, msg, sizeof(msg)))
		goto out;
	data = malloc(g->page_size);
	oob = malloc(g->oob_size + 1);
	if (data && oob) {
		for (p = 0; p < 4; p++) {
			memset(data, 0x5a, g->page_size);
			memset(oob, 0xff, g->oob_size);
			mm_faults_read(f, p, data, oob);
			(void)mm_faults_program(f, p);
		}
		(void)mm_faults_erase(f, 1);
	}
	free(data);
	free(oob);
out:
	mm_faults_free(f);
}

static void spec_pairing(const char *s, uint32_t ppb)
{
	struct mm_pairing p;
	char msg[256];

	if (mm_pairing_parse(s, &p, msg, sizeof(msg)) == 0)
		(void)mm_pairing_check(&p, ppb, msg, sizeof(msg));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char s[SPEC_MAX], s2[SPEC_MAX];
	struct fz in = { data, size };
	const struct mm_geom *g;
	uint8_t which, k;
	uint32_t seed;

	if (size < 3)
		return 0;
	which = fz_u8(&in);
	k = fz_u8(&in);
	g = &geoms[k & 7];
	seed = k;
	fz_str(&in, s, sizeof(s));
	switch (which % 9) {
	case 0:
		spec_mtdparts(s, g, k >> 3);
		break;
	case 1:
		spec_bad_blocks(s);
		break;
	case 2:
		spec_size(s);
		break;
	case 3:
		spec_ooblayout(s, g, fz_u8(&in));
		break;
	case 4:
		spec_pagelayout(s);
		break;
	case 5:
		fz_str(&in, s2, sizeof(s2));
		spec_ecc(s, s2, g, seed);
		break;
	case 6:
		spec_layout_arg(s, g, seed);
		break;
	case 7:
		spec_faults(s, g, fz_u64(&in));
		break;
	case 8:
		spec_pairing(s, g->pages_per_block);
		break;
	}
	return 0;
}
