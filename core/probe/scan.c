// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scan.c - the content scan driver: one pass over every page, block by
 * block, with one page buffer; the probers (probers.c) see each page and
 * claim each programmed block. Items are kept in the order found and sorted
 * by position at the end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../util/bbt.h"
#include "bytes.h"
#include "prober.h"
#include "scan.h"

/* The driver's side of a scan: what it keeps beyond struct mm_probe. */
struct scan {
	struct mm_probe pr;
	struct mm_dump *d;
	const struct mm_scan_reader *rd;	/* NULL: the dump's pages */
	struct mm_ooblayout layout;
	size_t cap;
	uint8_t *data;
	uint8_t *oob;
	uint8_t head[MM_PROBE_HEAD_MAX];
	void **priv;		/* one per prober, in registry order */

	/* The open item (index into res->items), its prober and what it may
	 * absorb. */
	bool open;
	size_t open_idx;
	const struct mm_prober *open_by;
	uint64_t region_end;	/* first block past the open SquashFS,
				 * uImage or FDT (their data can be anything) */
};

static struct scan *to_scan(struct mm_probe *pr)
{
	return (struct scan *)((char *)pr - offsetof(struct scan, pr));
}

const char *mm_content_type(const struct mm_content *c)
{
	return c->prober ? c->prober->name : "data";
}

void mm_content_describe(const struct mm_content *c, struct mm_writer *w)
{
	if (c->prober && c->prober->describe)
		c->prober->describe(c, w);
}

bool mm_content_summary(const struct mm_content *c, struct mm_writer *w)
{
	if (!c->prober || !c->prober->summary)
		return false;
	c->prober->summary(c, w);
	return true;
}

static struct mm_content *scan_add_item(struct mm_probe *pr,
					 const struct mm_prober *by,
					 uint64_t blk)
{
	struct scan *s = to_scan(pr);
	struct mm_scan *r = pr->res;
	struct mm_content *c;
	void *priv = NULL;

	if (by && by->item_size) {
		priv = calloc(1, by->item_size);
		if (!priv)
			return NULL;
	}
	if (r->n_items == s->cap) {
		size_t ncap = s->cap ? 2 * s->cap : 16;
		struct mm_content *n = realloc(r->items, ncap * sizeof(*n));

		if (!n) {
			free(priv);
			return NULL;
		}
		r->items = n;
		s->cap = ncap;
	}
	c = &r->items[r->n_items++];
	memset(c, 0, sizeof(*c));
	c->prober = by;
	c->first_block = blk;
	c->last_block = blk;
	c->blocks = 1;
	c->offset = blk * pr->eb;
	c->priv = priv;
	return c;
}

static struct mm_content *scan_open_item(struct mm_probe *pr)
{
	struct scan *s = to_scan(pr);

	return s->open ? &pr->res->items[s->open_idx] : NULL;
}

static void *priv_of(struct scan *s, const struct mm_prober *p)
{
	int i;

	for (i = 0; mm_probers[i]; i++)
		if (mm_probers[i] == p)
			return s->priv[i];
	return NULL;
}

static int close_item(struct scan *s)
{
	const struct mm_prober *p = s->open_by;
	int ret = 0;

	if (!s->open)
		return 0;
	if (p && p->close)
		ret = p->close(&s->pr, priv_of(s, p),
			       &s->pr.res->items[s->open_idx]);
	s->open = false;
	s->open_by = NULL;
	s->region_end = 0;
	return ret;
}

static int scan_close(struct mm_probe *pr)
{
	return close_item(to_scan(pr));
}

static int scan_claim(struct mm_probe *pr, const struct mm_prober *by,
		      bool extend, struct mm_content **c)
{
	struct scan *s = to_scan(pr);
	int ret;

	if (s->open && extend) {
		*c = &pr->res->items[s->open_idx];
		(*c)->last_block = pr->blk;
		(*c)->blocks++;
		return 0;
	}
	ret = close_item(s);
	if (ret)
		return ret;
	*c = mm_probe_add_item(pr, by, pr->blk);
	if (!*c)
		return -ENOMEM;
	s->open = true;
	s->open_idx = pr->res->n_items - 1;
	s->open_by = by;
	return 0;
}

static void scan_set_region(struct mm_probe *pr, uint64_t bytes)
{
	struct scan *s = to_scan(pr);
	uint64_t n = bytes / pr->eb + !!(bytes % pr->eb);
	uint64_t left = pr->g->block_count - pr->blk;

	s->region_end = n < left ? pr->blk + n : pr->g->block_count;
}

/* The items a @volume op adds are marked as found in the volume. */
static int scan_volume(struct mm_probe *pr, const uint8_t *leb, uint32_t len,
		       uint32_t vol_id, const char **holds)
{
	struct scan *s = to_scan(pr);
	size_t n0 = pr->res->n_items, k;
	int i, ret;

	*holds = NULL;
	for (i = 0; mm_probers[i]; i++) {
		if (!mm_probers[i]->volume)
			continue;
		ret = mm_probers[i]->volume(pr, s->priv[i], leb, len, vol_id);
		for (k = n0; k < pr->res->n_items; k++) {
			pr->res->items[k].in_volume = true;
			pr->res->items[k].vol_id = vol_id;
		}
		if (ret < 0)
			return ret;
		if (ret > 0) {
			*holds = mm_probers[i]->name;
			return 0;
		}
	}
	return 0;
}

/* What the probers may ask of the driver (prober.h). */
static const struct mm_probe_ops scan_probe_ops = {
	.open_item = scan_open_item,
	.claim = scan_claim,
	.close = scan_close,
	.add_item = scan_add_item,
	.set_region = scan_set_region,
	.volume = scan_volume,
};

/* The prober of the open item; NULL when none is open or it is data. */
static const struct mm_prober *open_type(struct scan *s)
{
	return s->open ? s->pr.res->items[s->open_idx].prober : NULL;
}

static bool all_ff(const uint8_t *p, size_t n)
{
	const uint64_t *w = (const uint64_t *)p;
	size_t i;

	/* Page buffers come from malloc (aligned); tails are checked by byte. */
	for (i = 0; i < n / 8; i++)
		if (w[i] != UINT64_MAX)
			return false;
	for (i = n & ~(size_t)7; i < n; i++)
		if (p[i] != 0xff)
			return false;
	return true;
}

static int page_feed(struct scan *s, uint32_t p)
{
	struct mm_probe *pr = &s->pr;
	uint32_t ps = pr->g->page_size;
	int i, ret;

	if (p == 0) {
		pr->erased = true;
		pr->payload = 0;
		/* An erased first page is skipped below; it reads as 0xFF. */
		memset(s->head, 0xff, sizeof(s->head));
	}
	if (pr->erased && (!all_ff(s->data, ps) ||
			   (s->oob && !all_ff(s->oob, pr->g->oob_size))))
		pr->erased = false;
	if (!pr->erased)
		mm_take_range(s->head, 0, pr->head_len, s->data,
			   (uint64_t)p * ps, ps);
	for (i = 0; mm_probers[i]; i++) {
		if (!mm_probers[i]->page)
			continue;
		ret = mm_probers[i]->page(pr, s->priv[i], p, s->data, s->oob);
		if (ret)
			return ret;
	}
	return 0;
}

/* The data stops here: a bad or absent block, or the end of the dump. */
static int gap(struct scan *s)
{
	int i, ret;

	for (i = 0; mm_probers[i]; i++) {
		if (!mm_probers[i]->gap)
			continue;
		ret = mm_probers[i]->gap(&s->pr, s->priv[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* A programmed good block has been read: say what it is. */
static int classify(struct scan *s)
{
	const struct mm_prober *ot = open_type(s);
	struct mm_content *c;
	int i, ret;

	if (s->open && s->pr.blk < s->region_end)
		return mm_probe_claim(&s->pr, ot, true, &c);
	for (i = 0; mm_probers[i]; i++) {
		if (!mm_probers[i]->claim)
			continue;
		ret = mm_probers[i]->claim(&s->pr, s->priv[i]);
		if (ret)
			return ret < 0 ? ret : 0;
	}
	return mm_probe_claim(&s->pr, NULL, s->open && !ot, &c);
}

/* Order by first block; at the same block, strings found in an item come
 * after it. */
static bool item_after(const struct mm_content *x, const struct mm_content *y)
{
	if (x->first_block != y->first_block)
		return x->first_block > y->first_block;
	return x->inner && !y->inner;
}

/* Items were appended as found; order them by position. Insertion sort:
 * stable, and the list is nearly sorted. */
static void sort_items(struct mm_scan *res)
{
	size_t a, b;

	for (a = 1; a < res->n_items; a++) {
		struct mm_content t = res->items[a];

		for (b = a; b > 0 && item_after(&res->items[b - 1], &t); b--)
			res->items[b] = res->items[b - 1];
		res->items[b] = t;
	}
}

static int scan_block(struct scan *s)
{
	struct mm_dump *d = s->d;
	const struct mm_geom *g = &d->geom;
	uint64_t blk = s->pr.blk, page;
	uint32_t p;
	int ret = 0;

	if (mm_bbt_is_bad(&d->bbt, blk)) {
		s->pr.res->bad_blocks++;
		ret = gap(s);
		if (!ret && !open_type(s))
			ret = close_item(s);
		return ret;
	}
	for (p = 0; p < g->pages_per_block; p++) {
		page = blk * g->pages_per_block + p;
		ret = s->rd ? s->rd->read_page(s->rd->arg, page, s->data,
					       s->oob) :
			      mm_dump_read_page(d, page, s->data, s->oob);
		if (ret < 0)
			return ret;
		if (ret == MM_PAGE_ABSENT) {
			s->pr.res->absent_blocks++;
			return gap(s);
		}
		ret = page_feed(s, p);
		if (ret)
			return ret;
	}
	if (s->pr.erased) {
		s->pr.res->erased_blocks++;
		if (!open_type(s))
			return close_item(s);
		return 0;
	}
	s->pr.res->programmed_blocks++;
	return classify(s);
}

static void scan_free(struct scan *s)
{
	int i;

	if (s->priv) {
		for (i = 0; mm_probers[i]; i++) {
			if (s->priv[i] && mm_probers[i]->free)
				mm_probers[i]->free(s->priv[i]);
			free(s->priv[i]);
		}
	}
	free(s->priv);
	free(s->data);
	free(s->oob);
	free(s);
}

static int scan_alloc(struct scan *s)
{
	const struct mm_geom *g = s->pr.g;
	int i, n = 0;

	s->data = malloc(g->page_size);
	s->oob = g->oob_size ? malloc(g->oob_size) : NULL;
	if (!s->data || (g->oob_size && !s->oob))
		return -ENOMEM;
	while (mm_probers[n])
		n++;
	s->priv = calloc(n, sizeof(*s->priv));
	if (!s->priv)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		s->priv[i] = calloc(1, mm_probers[i]->priv_size ?
				    mm_probers[i]->priv_size : 1);
		if (!s->priv[i])
			return -ENOMEM;
	}
	return 0;
}

int mm_scan(struct mm_dump *d, struct mm_scan *res)
{
	return mm_scan_with(d, res, NULL);
}

int mm_scan_with(struct mm_dump *d, struct mm_scan *res,
		 const struct mm_scan_reader *rd)
{
	const struct mm_geom *g = &d->geom;
	uint64_t blk, nblk = g->block_count;
	struct scan *s;
	int ret;

	memset(res, 0, sizeof(*res));
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->d = d;
	s->rd = rd;
	s->pr.g = g;
	s->pr.ops = &scan_probe_ops;
	s->pr.res = res;
	s->pr.eb = mm_geom_eb_size(g);
	s->pr.head = s->head;
	s->pr.head_len = s->pr.eb < MM_PROBE_HEAD_MAX ? s->pr.eb :
			 MM_PROBE_HEAD_MAX;
	ret = scan_alloc(s);
	if (ret)
		goto out_free;
	if (rd && rd->layout)
		s->pr.layout = rd->layout;
	else if (g->oob_size && mm_ooblayout_default(&s->layout, g) == 0)
		s->pr.layout = &s->layout;

	for (blk = 0; blk < nblk; blk++) {
		s->pr.blk = blk;
		if (d->opts.progress)
			d->opts.progress(d->opts.progress_arg, "scanning", blk,
					 nblk);
		ret = scan_block(s);
		if (ret)
			goto out_free;
	}
	ret = gap(s);
	if (!ret)
		ret = close_item(s);
	if (d->opts.progress)
		d->opts.progress(d->opts.progress_arg, "scanning", nblk, nblk);

out_free:
	scan_free(s);
	if (ret < 0) {
		if (ret == -ENOMEM && !d->err[0])
			mm_set_error(&d->in, "out of memory while scanning");
		mm_scan_free(res);
		return ret;
	}
	sort_items(res);
	return 0;
}

void mm_scan_free(struct mm_scan *res)
{
	const struct mm_prober *p;
	size_t i;

	for (i = 0; i < res->n_items; i++) {
		p = res->items[i].prober;
		if (p && p->release)
			p->release(&res->items[i]);
		free(res->items[i].priv);
	}
	free(res->items);
	memset(res, 0, sizeof(*res));
}
