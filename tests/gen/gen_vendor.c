// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gen_vendor.c - the generated chip in a vendor controller's page layout
 * (see gen_vendor.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gen_vendor.h"

void mm_gen_vendor_logical(const struct mm_gen *g,
			   const struct mm_pagelayout *pl,
			   uint32_t page_in_block, uint8_t *oob)
{
	static const uint8_t cm_le[8] = { 0x85, 0x19, 0x03, 0x20, 0x08, 0, 0, 0 };
	static const uint8_t cm_be[8] = { 0x19, 0x85, 0x20, 0x03, 0, 0, 0, 0x08 };

	memset(oob, 0xff, pl->oob_size);
	if (g->content == MM_GEN_JFFS2 && page_in_block == 0 &&
	    pl->oob.oobavail >= 8)
		mm_ooblayout_put_free(&pl->oob, oob, 0, 8,
				      g->big_endian ? cm_be : cm_le);
}

static uint32_t next(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 4;
}

/* @n distinct flips in the fields of every step of a programmed page. */
static void flip_page(const struct mm_pagelayout *pl, uint8_t *phys,
		      unsigned int n, uint32_t *seed)
{
	unsigned int s, i, k, j;
	uint32_t picked[128];

	if (n > 128)
		n = 128;
	for (s = 0; s < pl->nsteps; s++) {
		uint32_t total = 0;

		for (i = 0; i < pl->nfields; i++)
			if (pl->f[i].step == s)
				total += pl->f[i].bits;
		for (k = 0; k < n && k < total;) {
			uint32_t r = next(seed) % total, q = r;
			bool dup = false;

			for (j = 0; j < k; j++)
				dup |= picked[j] == r;
			if (dup)
				continue;
			picked[k++] = r;
			for (i = 0; i < pl->nfields; i++) {
				const struct mm_pl_field *f = &pl->f[i];

				if (f->step != s)
					continue;
				if (q < f->bits) {
					uint32_t b = f->phys + q;

					phys[b / 8] ^= (uint8_t)(pl->pack_lsb ?
						1u << (b % 8) : 0x80u >> (b % 8));
					break;
				}
				q -= f->bits;
			}
		}
	}
}

static bool all_ff(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++ != 0xff)
			return false;
	return true;
}

int mm_gen_write_vendor(const struct mm_gen *g, const struct mm_gen_vendor *v,
			FILE *f, char *msg, size_t len)
{
	struct mm_pl_geom pg = { g->page_size, g->oob_size, g->pages_per_block };
	struct mm_pagelayout *pl = calloc(1, sizeof(*pl));
	uint8_t *data = NULL, *oob = NULL, *phys = NULL;
	size_t eb = (size_t)g->page_size * g->pages_per_block;
	uint32_t seed = v->flip_seed ? v->flip_seed : 1, p;
	uint64_t blk;
	int ret = -ENOMEM;

	if (!pl)
		return -ENOMEM;
	ret = mm_pl_from_arg(pl, v->layout, &pg, msg, len);
	if (ret) {
		free(pl);
		return -EINVAL;
	}
	ret = -EINVAL;
	if (pl->data_size != g->page_size) {
		mm_pl_msg(msg, len, "layout page size %u is not the chip's %u",
			  pl->data_size, g->page_size);
		goto out;
	}
	ret = -ENOMEM;
	data = malloc(eb);
	oob = malloc(pl->oob_size + 1);
	phys = malloc(pl->phys_size);
	if (!data || !oob || !phys)
		goto out;
	ret = 0;
	for (blk = 0; blk < g->blocks && !ret; blk++) {
		bool bad = mm_gen_block(g, blk, data, NULL);

		for (p = 0; p < g->pages_per_block; p++) {
			const uint8_t *d = data + (size_t)p * g->page_size;

			if (bad) {
				memset(phys, 0xff, pl->phys_size);
				if (p < 2 && pl->bbm_phys != MM_PL_NONE)
					phys[pl->bbm_phys] = 0;
			} else {
				mm_gen_vendor_logical(g, pl, p, oob);
				mm_pl_encode(pl, blk * g->pages_per_block + p,
					     d, oob, phys);
				if (v->flips && !all_ff(phys, pl->phys_size))
					flip_page(pl, phys, v->flips, &seed);
			}
			if (fwrite(phys, pl->phys_size, 1, f) != 1) {
				ret = -errno ? -errno : -EIO;
				break;
			}
		}
	}
out:
	mm_pl_release(pl);
	free(pl);
	free(data);
	free(oob);
	free(phys);
	return ret;
}
