// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gen_vendor.c - the generated chip, or an existing logical image, in a
 * vendor controller's page layout (see gen_vendor.h).
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

#define MAX_FLIPS	128

/*
 * @n distinct flips in the bits of step @s (only its D fields with
 * @data_only), never in the factory marker byte(s): a flipped marker would
 * make a good block bad, which is not what a bit flip in a step means.
 */
static void flip_step(const struct mm_pagelayout *pl, uint8_t *phys,
		      unsigned int s, unsigned int n, bool data_only,
		      uint32_t *seed)
{
	uint32_t picked[MAX_FLIPS], total = 0, lo = UINT32_MAX, hi = 0;
	unsigned int i, k, j, tries;

	if (pl->bbm_phys != MM_PL_NONE) {
		lo = pl->bbm_phys * 8;
		hi = lo + 8 * (pl->bbm_len ? pl->bbm_len : 1);
	}
	if (n > MAX_FLIPS)
		n = MAX_FLIPS;
	for (i = 0; i < pl->nfields; i++)
		if (pl->f[i].step == s &&
		    (!data_only || pl->f[i].kind == MM_PL_DATA))
			total += pl->f[i].bits;
	for (k = 0, tries = 0; k < n && k < total && tries < 100 * MAX_FLIPS;
	     tries++) {
		uint32_t r = next(seed) % total, q = r;
		bool dup = false;

		/* RS corrects symbols: one flip per byte, so n flips are n errors */
		for (j = 0; j < k; j++)
			dup |= pl->rs ? picked[j] / 8 == r / 8 : picked[j] == r;
		if (dup)
			continue;
		for (i = 0; i < pl->nfields; i++) {
			const struct mm_pl_field *f = &pl->f[i];
			uint32_t b;

			if (f->step != s ||
			    (data_only && f->kind != MM_PL_DATA))
				continue;
			if (q >= f->bits) {
				q -= f->bits;
				continue;
			}
			b = f->phys + q;
			if (b >= lo && b < hi)
				break;
			picked[k++] = r;
			phys[b / 8] ^= (uint8_t)(pl->pack_lsb ?
				1u << (b % 8) : 0x80u >> (b % 8));
			break;
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

/* What every page of the output goes through. */
struct vctx {
	const struct mm_pagelayout *pl;
	const struct mm_gen_vendor *v;
	unsigned int flips;
	uint32_t seed;
	uint8_t *phys;
	FILE *f;
	char *msg;
	size_t len;
};

static bool beyond_t(const struct mm_gen_vendor *v, uint64_t page)
{
	size_t i;

	for (i = 0; i < v->n_beyond_t; i++)
		if (v->beyond_t[i] == page)
			return true;
	return false;
}

/* One page of the chip (@data, @oob logical), bad or encoded and flipped. */
static int put_page(struct vctx *c, uint64_t page, uint32_t page_in_block,
		    bool bad, const uint8_t *data, const uint8_t *oob)
{
	const struct mm_pagelayout *pl = c->pl;
	bool over = beyond_t(c->v, page);
	unsigned int s, over_step = pl->nsteps ? page % pl->nsteps : 0;

	if (bad) {
		memset(c->phys, 0xff, pl->phys_size);
		if (page_in_block < 2 && pl->bbm_phys != MM_PL_NONE)
			memset(c->phys + pl->bbm_phys, 0,
			       pl->bbm_len ? pl->bbm_len : 1);
	} else {
		mm_pl_encode(pl, page, data, oob, c->phys);
	}
	if (over && (bad || all_ff(c->phys, pl->phys_size) || !pl->t)) {
		mm_pl_msg(c->msg, c->len, "page %llu is %s: no step to flip beyond t",
			  (unsigned long long)page,
			  bad ? "in a bad block" : !pl->t ? "without ECC" : "erased");
		return -EINVAL;
	}
	if (!bad && (c->flips || over) &&
	    !all_ff(c->phys, pl->phys_size)) {
		for (s = 0; s < pl->nsteps; s++) {
			if (over && s == over_step)
				flip_step(pl, c->phys, s, pl->t + 1, true,
					  &c->seed);
			else if (c->flips)
				flip_step(pl, c->phys, s, c->flips, false,
					  &c->seed);
		}
	}
	if (fwrite(c->phys, pl->phys_size, 1, c->f) != 1)
		return errno ? -errno : -EIO;
	return 0;
}

/* Build the layout for @g and check the flips asked for make sense. */
static int vctx_init(struct vctx *c, struct mm_pagelayout *pl,
		     const struct mm_gen *g, const struct mm_gen_vendor *v,
		     FILE *f, char *msg, size_t len)
{
	struct mm_pl_geom pg = { g->page_size, g->oob_size, g->pages_per_block };
	uint64_t pages = g->blocks * g->pages_per_block;
	size_t i;

	memset(c, 0, sizeof(*c));
	c->pl = pl;
	c->v = v;
	c->seed = v->flip_seed ? v->flip_seed : 1;
	c->f = f;
	c->msg = msg;
	c->len = len;
	if (mm_pl_from_arg(pl, v->layout, &pg, msg, len))
		return -EINVAL;
	if (pl->data_size != g->page_size) {
		mm_pl_msg(msg, len, "layout page size %u is not the chip's %u",
			  pl->data_size, g->page_size);
		return -EINVAL;
	}
	c->flips = v->flips_t ? pl->t : v->flips;
	if (c->flips > MAX_FLIPS) {
		mm_pl_msg(msg, len, "at most %u flips per step", MAX_FLIPS);
		return -EINVAL;
	}
	for (i = 0; i < v->n_beyond_t; i++) {
		if (v->beyond_t[i] >= pages) {
			mm_pl_msg(msg, len, "page %llu is past the chip's %llu pages",
				  (unsigned long long)v->beyond_t[i],
				  (unsigned long long)pages);
			return -EINVAL;
		}
	}
	c->phys = malloc(pl->phys_size);
	return c->phys ? 0 : -ENOMEM;
}

int mm_gen_write_vendor(const struct mm_gen *g, const struct mm_gen_vendor *v,
			FILE *f, char *msg, size_t len)
{
	struct mm_pagelayout *pl = calloc(1, sizeof(*pl));
	size_t eb = (size_t)g->page_size * g->pages_per_block;
	uint8_t *data = NULL, *oob = NULL;
	struct vctx c;
	uint64_t blk;
	uint32_t p;
	int ret;

	if (!pl)
		return -ENOMEM;
	ret = vctx_init(&c, pl, g, v, f, msg, len);
	if (ret)
		goto out;
	ret = -ENOMEM;
	data = malloc(eb);
	oob = malloc(pl->oob_size + 1);
	if (!data || !oob)
		goto out;
	ret = 0;
	for (blk = 0; blk < g->blocks && !ret; blk++) {
		bool bad = mm_gen_block(g, blk, data, NULL);

		for (p = 0; p < g->pages_per_block && !ret; p++) {
			mm_gen_vendor_logical(g, pl, p, oob);
			ret = put_page(&c, blk * g->pages_per_block + p, p, bad,
				       data + (size_t)p * g->page_size, oob);
		}
	}
out:
	mm_pl_release(pl);
	free(pl);
	free(c.phys);
	free(data);
	free(oob);
	return ret;
}

/*
 * The source's free OOB bytes, in AUTO_OOB order, as the layout's free
 * bytes in AUTO_OOB order. True when bytes that are not 0xFF did not fit.
 */
static bool map_oob(const struct mm_ooblayout *src, const uint8_t *soob,
		    const struct mm_pagelayout *pl, uint8_t *loob, uint8_t *tmp)
{
	uint32_t n = src->oobavail < pl->oob.oobavail ?
		     src->oobavail : pl->oob.oobavail, i;
	bool dropped = false;

	memset(loob, 0xff, pl->oob_size);
	mm_ooblayout_get_free(src, soob, 0, src->oobavail, tmp);
	mm_ooblayout_put_free(&pl->oob, loob, 0, n, tmp);
	for (i = n; i < src->oobavail; i++)
		dropped |= tmp[i] != 0xff;
	return dropped;
}

/* nandsim and the kernel: a marker byte other than 0xFF in page 0 or 1. */
static bool src_marked_bad(const struct mm_ooblayout *src, const uint8_t *rec,
			   size_t rec_size, uint32_t page_size, uint32_t ppb)
{
	uint32_t off = src->bbm.len ? src->bbm.off : 0;
	uint32_t n = src->bbm.len ? src->bbm.len : 1, p, i;

	for (p = 0; p < 2 && p < ppb; p++)
		for (i = 0; i < n && off + i < src->oob_size; i++)
			if (rec[p * rec_size + page_size + off + i] != 0xff)
				return true;
	return false;
}

/* The page verifies with the source's ECC; corrected in place. */
static bool src_verifies(const struct mm_ecc *ecc, uint8_t *data, uint8_t *oob)
{
	enum mm_page_state st = MM_PAGE_CLEAN;

	return !mm_ecc_correct(ecc, data, oob, NULL, &st) &&
	       st != MM_PAGE_UNCORRECTABLE;
}

int mm_gen_write_vendor_from(const struct mm_gen *g, struct mm_gen_from *from,
			     const struct mm_gen_vendor *v, FILE *f,
			     char *msg, size_t len)
{
	struct mm_pagelayout *pl = calloc(1, sizeof(*pl));
	uint32_t soob = from->oob_size ? from->oob_size : g->oob_size;
	size_t rec = g->page_size + (from->oob ? soob : 0);
	uint8_t *buf = NULL, *oob = NULL, *tmp = NULL;
	struct vctx c;
	uint64_t blk;
	uint32_t p;
	int ret;

	if (!pl)
		return -ENOMEM;
	from->bad_found = from->dropped = 0;
	ret = vctx_init(&c, pl, g, v, f, msg, len);
	if (ret)
		goto out;
	ret = -EINVAL;
	if (from->oob && (!from->src || from->src->oob_size != soob)) {
		mm_pl_msg(msg, len, "the source's OOB layout is not for %u OOB bytes",
			  soob);
		goto out;
	}
	ret = -ENOMEM;
	buf = malloc(rec * g->pages_per_block);
	oob = malloc(pl->oob_size + 1);
	tmp = malloc(soob + 1);
	if (!buf || !oob || !tmp)
		goto out;
	ret = 0;
	for (blk = 0; blk < g->blocks && !ret; blk++) {
		bool bad = mm_gen_is_bad(g, blk);

		if (fread(buf, rec, g->pages_per_block, from->f) !=
		    g->pages_per_block) {
			mm_pl_msg(msg, len, "block %llu: short image",
				  (unsigned long long)blk);
			ret = ferror(from->f) ? -EIO : -EINVAL;
			break;
		}
		if (from->oob && src_marked_bad(from->src, buf, rec,
						g->page_size,
						g->pages_per_block)) {
			bad = true;
			from->bad_found++;
		}
		for (p = 0; p < g->pages_per_block && !ret; p++) {
			uint8_t *d = buf + (size_t)p * rec;
			uint64_t page = blk * g->pages_per_block + p;

			if (from->oob && from->ecc && !bad &&
			    !src_verifies(from->ecc, d, d + g->page_size)) {
				mm_pl_msg(msg, len, "page %llu does not verify with the source's ECC (%s)",
					  (unsigned long long)page,
					  mm_ecc_name(from->ecc));
				ret = -EINVAL;
				break;
			}
			memset(oob, 0xff, pl->oob_size);
			if (from->oob && !bad &&
			    map_oob(from->src, d + g->page_size, pl, oob, tmp))
				from->dropped++;
			ret = put_page(&c, page, p, bad, d, oob);
		}
	}
out:
	mm_pl_release(pl);
	free(pl);
	free(c.phys);
	free(buf);
	free(oob);
	free(tmp);
	return ret;
}
