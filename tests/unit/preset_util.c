// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * preset_util.c - the checks every controller preset passes.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "preset_util.h"

void preset_fill(uint8_t *p, size_t n, uint32_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

/*
 * Bits of field @f a flip can hit and the code sees: all of a D or O
 * field, the first m·t parity bits of an E field (bits after the parity,
 * such as OMAP BCH8's 14th byte, are outside the code).
 */
static uint32_t coded_bits(const struct mm_pagelayout *pl,
			   const struct mm_pl_field *f)
{
	uint32_t deg = pl->m * pl->t;

	return f->kind == MM_PL_ECC && f->bits > deg ? deg : f->bits;
}

/* Stream bit @b of @phys flipped, in the layout's bit numbering. */
static void flip_stream_bit(const struct mm_pagelayout *pl, uint8_t *phys,
			    uint32_t b)
{
	unsigned int sh = pl->pack_lsb ? b % 8 : 7 - b % 8;

	phys[b / 8] ^= (uint8_t)(1u << sh);
}

void preset_flip_step(const struct mm_pagelayout *pl, uint8_t *phys,
		      unsigned int s, unsigned int n, uint32_t seed)
{
	uint32_t total = 0, k, *picked;
	unsigned int i, done = 0;

	for (i = 0; i < pl->nfields; i++)
		if (pl->f[i].step == s)
			total += coded_bits(pl, &pl->f[i]);
	picked = calloc(n, sizeof(*picked));
	ck_assert_ptr_nonnull(picked);
	while (done < n) {
		uint32_t r, j;
		bool dup = false;

		seed = seed * 1103515245u + 12345u;
		r = (seed >> 4) % total;
		for (j = 0; j < done; j++)
			dup |= picked[j] == r;
		if (dup)
			continue;
		picked[done++] = r;
		for (i = 0, k = r; i < pl->nfields; i++) {
			const struct mm_pl_field *f = &pl->f[i];
			uint32_t nb = coded_bits(pl, f);

			if (f->step != s)
				continue;
			if (k < nb) {
				/* parity bits in codec order, as stored */
				if (f->kind == MM_PL_ECC &&
				    pl->parity_lsb != pl->pack_lsb)
					k = (k & ~7u) | (7 - (k & 7));
				flip_stream_bit(pl, phys, f->phys + k);
				break;
			}
			k -= nb;
		}
	}
	free(picked);
}

void preset_check_uncorrectable(const struct mm_pagelayout *pl,
				const uint8_t *phys, unsigned int s,
				unsigned int n, uint32_t seed)
{
	uint8_t *work = malloc(pl->phys_size);
	struct mm_ecc_stat st;
	enum mm_page_state state;

	ck_assert_ptr_nonnull(work);
	memcpy(work, phys, pl->phys_size);
	preset_flip_step(pl, work, s, n, seed);
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mm_pl_decode(pl, 7, work, NULL, NULL, &st, &state), 0);
	ck_assert_int_eq(state, MM_PAGE_UNCORRECTABLE);
	ck_assert_uint_eq(st.uncorrectable_steps, 1);
	free(work);
}

void preset_check_every_step(const struct mm_pagelayout *pl, uint32_t seed)
{
	uint8_t *data = malloc(pl->data_size), *back = malloc(pl->data_size);
	uint8_t *phys = malloc(pl->phys_size);
	unsigned int s, k, total = 0;
	struct mm_ecc_stat st;
	enum mm_page_state state;
	size_t i;

	ck_assert(data && back && phys);
	preset_fill(data, pl->data_size, seed);
	ck_assert_int_eq(mm_pl_encode(pl, 7, data, NULL, phys), 0);
	for (s = 0; s < pl->nsteps; s++) {
		k = 1 + (seed + 7 * s) % pl->t;
		preset_flip_step(pl, phys, s, k, seed + s);
		total += k;
	}
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mm_pl_decode(pl, 7, phys, back, NULL, &st, &state), 0);
	ck_assert_int_eq(state, MM_PAGE_CORRECTED);
	ck_assert_uint_eq(st.corrected_bits, total);
	ck_assert_uint_eq(st.corrected_steps, pl->nsteps);
	ck_assert_mem_eq(back, data, pl->data_size);

	/* erased, up to t flips in every step */
	memset(phys, 0xff, pl->phys_size);
	for (s = 0, total = 0; s < pl->nsteps; s++) {
		k = 1 + (seed + 3 * s) % pl->t;
		preset_flip_step(pl, phys, s, k, seed + 100 + s);
		total += k;
	}
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mm_pl_decode(pl, 7, phys, back, NULL, &st, &state), 0);
	ck_assert_int_eq(state, MM_PAGE_CORRECTED);
	ck_assert_uint_eq(st.erased_steps, pl->nsteps);
	ck_assert_uint_eq(st.corrected_bits, total);
	for (i = 0; i < pl->data_size; i++)
		ck_assert_uint_eq(back[i], 0xff);
	free(data);
	free(back);
	free(phys);
}

static void check_free_bytes(const struct mm_pagelayout *pl,
			     const uint8_t *want, const uint8_t *got)
{
	unsigned int i;

	for (i = 0; i < pl->oob.nfree; i++)
		ck_assert_mem_eq(want + pl->oob.free[i].off,
				 got + pl->oob.free[i].off, pl->oob.free[i].len);
}

void preset_check_all(struct mm_pagelayout *pl, const char *arg,
		      uint32_t page_size, uint32_t oob_size, uint32_t ppb)
{
	struct mm_pl_geom g = { page_size, oob_size, ppb };
	uint8_t *data, *oob, *phys, *work, *back, *boob;
	struct mm_pagelayout again;
	struct mm_ecc_stat st;
	enum mm_page_state state;
	char msg[200] = "", spec[4096], spec2[4096];
	unsigned int i;
	int ret;

	ret = mm_pl_from_arg(pl, arg, &g, msg, sizeof(msg));
	ck_assert_msg(ret == 0, "%s %u+%u: %s", arg, page_size, oob_size, msg);
	ck_assert_uint_eq(pl->phys_size, page_size + oob_size);
	ck_assert_uint_ge(pl->nsteps, 1);
	mm_pl_format(pl, spec, sizeof(spec));
	ret = mm_pl_parse(&again, spec, msg, sizeof(msg));
	ck_assert_msg(ret == 0, "%s: %s", spec, msg);
	mm_pl_format(&again, spec2, sizeof(spec2));
	ck_assert_str_eq(spec, spec2);
	mm_pl_release(&again);

	data = malloc(page_size);
	oob = malloc(oob_size);
	phys = malloc(page_size + oob_size);
	work = malloc(page_size + oob_size);
	back = malloc(page_size);
	boob = malloc(oob_size);
	ck_assert(data && oob && phys && work && back && boob);
	preset_fill(data, page_size, page_size + oob_size);
	memset(oob, 0xff, oob_size);
	for (i = 0; i < pl->oob.nfree; i++)
		preset_fill(oob + pl->oob.free[i].off, pl->oob.free[i].len, i + 5);
	ck_assert_int_eq(mm_pl_encode(pl, 7, data, oob, phys), 0);
	ck_assert(!mm_pl_is_bad(pl, phys));

	/* clean */
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mm_pl_decode(pl, 7, phys, back, boob, &st, &state), 0);
	ck_assert_mem_eq(back, data, page_size);
	check_free_bytes(pl, oob, boob);
	ck_assert_int_eq(state, MM_PAGE_CLEAN);
	ck_assert_uint_eq(st.steps, pl->nsteps);

	/* t flips in step 0 and in the last step */
	memcpy(work, phys, page_size + oob_size);
	preset_flip_step(pl, work, 0, pl->t, 11);
	preset_flip_step(pl, work, pl->nsteps - 1, pl->t, 12);
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mm_pl_decode(pl, 7, work, back, boob, &st, &state), 0);
	ck_assert_int_eq(state, MM_PAGE_CORRECTED);
	ck_assert_uint_eq(st.corrected_bits, pl->nsteps > 1 ? 2 * pl->t : pl->t);
	ck_assert_uint_eq(st.uncorrectable_steps, 0);
	ck_assert_mem_eq(back, data, page_size);
	check_free_bytes(pl, oob, boob);

	/* beyond t: reported, never "corrected" into the original */
	memcpy(work, phys, page_size + oob_size);
	preset_flip_step(pl, work, 0, 2 * pl->t + 2, 13);
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mm_pl_decode(pl, 7, work, back, boob, &st, &state), 0);
	ck_assert_int_eq(state, MM_PAGE_UNCORRECTABLE);
	ck_assert_uint_eq(st.uncorrectable_steps, 1);

	/* erased, clean and with t flips per step */
	memset(work, 0xff, page_size + oob_size);
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mm_pl_decode(pl, 7, work, back, boob, &st, &state), 0);
	ck_assert_int_eq(state, MM_PAGE_ERASED);
	ck_assert_uint_eq(st.erased_steps, pl->nsteps);
	preset_flip_step(pl, work, 0, pl->t, 14);
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mm_pl_decode(pl, 7, work, back, boob, &st, &state), 0);
	ck_assert_int_eq(state, MM_PAGE_CORRECTED);
	ck_assert_uint_eq(st.erased_steps, pl->nsteps);
	ck_assert_uint_eq(st.corrected_bits, pl->t);
	for (i = 0; i < page_size; i++)
		ck_assert_uint_eq(back[i], 0xff);

	/* the factory marker */
	if (pl->bbm_phys != MM_PL_NONE) {
		memcpy(work, phys, page_size + oob_size);
		work[pl->bbm_phys] = 0;
		ck_assert(mm_pl_is_bad(pl, work));
	}
	free(data);
	free(oob);
	free(phys);
	free(work);
	free(back);
	free(boob);
}
