// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * replay.c - the chip after the first n records of a --record log, with
 * record n+1 optionally torn (see replay.h and docs/record.md), and with an
 * MLC pairing rule the lower page of a torn upper page damaged.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults.h"
#include "replay.h"

struct replay {
	const struct mm_geom *g;
	struct mm_overlay *ov;
	mm_replay_read_fn *read;
	void *arg;
	const struct mm_pairing *pairing;
	uint8_t *data, *oob;	/* one page */
	uint8_t *blk;		/* one block of pages + OOB */
	uint8_t *mask;		/* one page + OOB: the bits a program moved */
};

/* The page as the chip holds it now: overlay, erased, else the dump. */
static int cur_page(struct replay *r, uint64_t page, uint8_t *data,
		    uint8_t *oob)
{
	const struct mm_geom *g = r->g;
	int ret;

	ret = mm_overlay_read_page(r->ov, page, data, oob);
	if (ret < 0)
		return ret;
	if (ret == MM_OVL_PROGRAMMED)
		return 0;
	if (ret == MM_OVL_ERASED) {
		memset(data, 0xff, g->page_size);
		memset(oob, 0xff, g->oob_size);
		return 0;
	}
	return r->read(r->arg, page, data, oob);
}

static size_t page_rec_size(const struct mm_geom *g)
{
	return 8 + (size_t)g->page_size + g->oob_size;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int check_rec(const struct mm_geom *g, const struct mm_rec *rec,
		     char *msg, size_t len)
{
	size_t unit = rec->op == MM_REC_WRITE ? page_rec_size(g) : 8;
	uint64_t i, n, v;

	if (rec->op < MM_REC_WRITE || rec->op > MM_REC_SYNC)
		goto out_bad;
	if (rec->op != MM_REC_WRITE && rec->op != MM_REC_ERASE)
		return 0;
	if (rec->payload_len % unit)
		goto out_bad;
	n = rec->payload_len / unit;
	for (i = 0; i < n; i++) {
		v = get64(rec->payload + i * unit);
		if (rec->op == MM_REC_WRITE ? v >= mm_geom_page_count(g) :
					      v >= g->block_count)
			goto out_bad;
	}
	return 0;
out_bad:
	snprintf(msg, len, "record %llu (%s) is malformed",
		 (unsigned long long)rec->seq, mm_rec_opname(rec->op));
	return -EINVAL;
}

/*
 * A cut during the program of MLC upper page @page: the cells of its word
 * line whose upper bit was being programmed (the 1->0 bits of the torn
 * program, in r->mask) were moving in threshold voltage, and each reads
 * back on either side of the lower page's read level: a random half of
 * them flip the lower page's bit, either way. Cells the program left alone
 * keep their lower bit. Nothing happens when @page is a lower page.
 */
static int tear_lower(struct replay *r, uint64_t page, uint64_t *rng,
		      struct mm_replay_result *res)
{
	const struct mm_geom *g = r->g;
	uint32_t ppb = g->pages_per_block;
	uint64_t first = page - page % ppb, flipped = 0, moved = 0;
	size_t b, psz = (size_t)g->page_size + g->oob_size;
	int64_t lower;
	uint8_t *d = r->blk;
	int ret;

	lower = mm_pairing_lower(r->pairing, ppb, (uint32_t)(page % ppb));
	if (lower == -ENOENT)
		return 0;
	if (lower < 0)
		return (int)lower;
	ret = cur_page(r, first + (uint64_t)lower, d, d + g->page_size);
	if (ret)
		return ret;
	for (b = 0; b < psz; b++) {
		uint8_t flip = r->mask[b] & (uint8_t)mm_rng_next(rng);

		moved += (uint64_t)__builtin_popcount(r->mask[b]);
		flipped += (uint64_t)__builtin_popcount(flip);
		d[b] ^= flip;
	}
	res->paired = true;
	res->paired_page = first + (uint64_t)lower;
	res->paired_bits = flipped;
	res->paired_of = moved;
	if (!flipped)
		return 0;
	return mm_overlay_write_page(r->ov, first + (uint64_t)lower, d,
				     d + g->page_size, false);
}

/* A WRITE: @n pages in full; then, with @rng, the next one torn. */
static int do_write(struct replay *r, const struct mm_rec *rec, bool torn,
		    uint64_t *rng, struct mm_replay_result *res)
{
	const struct mm_geom *g = r->g;
	size_t unit = page_rec_size(g), i, b, k = rec->payload_len / unit;
	size_t stop = torn ? (k ? mm_rng_next(rng) % k : 0) : k;
	const uint8_t *p, *nd, *no;
	uint64_t page, bits = 0, of = 0;
	int ret;

	for (i = 0; i < stop; i++) {
		p = rec->payload + i * unit;
		ret = mm_overlay_write_page(r->ov, get64(p), p + 8,
					    p + 8 + g->page_size, false);
		if (ret)
			return ret;
	}
	if (!torn || !k)
		return 0;
	/* Page @stop: a random subset of its 1->0 bits. */
	p = rec->payload + stop * unit;
	page = get64(p);
	nd = p + 8;
	no = nd + g->page_size;
	ret = cur_page(r, page, r->data, r->oob);
	if (ret)
		return ret;
	for (b = 0; b < (size_t)g->page_size + g->oob_size; b++) {
		uint8_t *o = b < g->page_size ? &r->data[b] :
						&r->oob[b - g->page_size];
		uint8_t n = b < g->page_size ? nd[b] : no[b - g->page_size];
		uint8_t clear = *o & ~n, take;

		r->mask[b] = clear;
		if (!clear)
			continue;
		take = clear & (uint8_t)mm_rng_next(rng);
		of += (uint64_t)__builtin_popcount(clear);
		bits += (uint64_t)__builtin_popcount(take);
		*o &= (uint8_t)~take;
	}
	res->torn_what = page;
	res->torn_done = stop;
	res->torn_bits = bits;
	res->torn_of = of;
	ret = mm_overlay_write_page(r->ov, page, r->data, r->oob, false);
	if (ret || !r->pairing)
		return ret;
	return tear_lower(r, page, rng, res);
}

/*
 * The torn erase of @blk: each page erased (half of them), as before, or
 * partly erased (some of its 0 bits back to 1).
 */
static int tear_erase(struct replay *r, uint64_t blk, uint64_t *rng,
		      struct mm_replay_result *res)
{
	const struct mm_geom *g = r->g;
	size_t psz = (size_t)g->page_size + g->oob_size, b;
	uint64_t first = blk * g->pages_per_block, erased = 0;
	uint32_t p;
	uint8_t *d;
	int ret;

	for (p = 0; p < g->pages_per_block; p++) {
		d = r->blk + p * psz;
		ret = cur_page(r, first + p, d, d + g->page_size);
		if (ret)
			return ret;
	}
	ret = mm_overlay_erase_block(r->ov, blk, false);
	if (ret)
		return ret;
	for (p = 0; p < g->pages_per_block; p++) {
		uint64_t how = mm_rng_next(rng) % 4;

		d = r->blk + p * psz;
		if (how < 2) {
			erased++;
			continue;
		}
		if (how == 3)
			for (b = 0; b < psz; b++)
				d[b] |= (uint8_t)mm_rng_next(rng);
		for (b = 0; b < psz && d[b] == 0xff; b++)
			;
		if (b == psz)
			continue;	/* reads as erased anyway */
		ret = mm_overlay_write_page(r->ov, first + p, d,
					    d + g->page_size, false);
		if (ret)
			return ret;
	}
	res->torn_what = blk;
	res->torn_bits = erased;
	res->torn_of = g->pages_per_block;
	return 0;
}

static int do_erase(struct replay *r, const struct mm_rec *rec, bool torn,
		    uint64_t *rng, struct mm_replay_result *res)
{
	size_t k = rec->payload_len / 8, i;
	size_t stop = torn ? (k ? mm_rng_next(rng) % k : 0) : k;
	int ret;

	for (i = 0; i < stop; i++) {
		ret = mm_overlay_erase_block(r->ov, get64(rec->payload + i * 8),
					     false);
		if (ret)
			return ret;
	}
	if (!torn || !k)
		return 0;
	res->torn_done = stop;
	return tear_erase(r, get64(rec->payload + stop * 8), rng, res);
}

int mm_replay(struct mm_rec_reader *rd, const struct mm_geom *g,
	      struct mm_overlay *ov, mm_replay_read_fn *read, void *arg,
	      const struct mm_replay_opts *o, struct mm_replay_result *res,
	      char *msg, size_t len)
{
	struct replay r = { .g = g, .ov = ov, .read = read, .arg = arg,
			    .pairing = o->pairing };
	uint64_t cut, rng, erasesize = (uint64_t)g->page_size *
				       g->pages_per_block;
	struct mm_rec rec;
	int ret;

	memset(res, 0, sizeof(*res));
	mm_rec_rewind(rd);
	while ((ret = mm_rec_next(rd, &rec)) > 0)
		res->total++;
	if (ret < 0) {
		snprintf(msg, len, "%s", strerror(-ret));
		return ret;
	}
	res->torn_bytes = mm_rec_torn(rd);
	cut = o->cut;
	if (cut == MM_REPLAY_RANDOM) {
		rng = mm_rng_key(o->seed, 0x6375, res->total, 0);
		cut = mm_rng_next(&rng) % (res->total + 1);
	}
	if (cut > res->total) {
		snprintf(msg, len, "cut %llu is past the log's %llu records",
			 (unsigned long long)cut,
			 (unsigned long long)res->total);
		return -EINVAL;
	}
	res->cut = cut;
	if (o->pairing) {
		ret = mm_pairing_check(o->pairing, g->pages_per_block, msg,
				       len);
		if (ret)
			return ret;
	}
	r.data = malloc(g->page_size);
	r.oob = malloc(g->oob_size + 1);
	r.blk = malloc(((size_t)g->page_size + g->oob_size) *
		       g->pages_per_block);
	r.mask = malloc((size_t)g->page_size + g->oob_size);
	if (!r.data || !r.oob || !r.blk || !r.mask) {
		ret = -ENOMEM;
		goto out_free;
	}
	rng = mm_rng_key(o->seed, 0x746f726e, cut, 0);
	mm_rec_rewind(rd);
	while ((ret = mm_rec_next(rd, &rec)) > 0) {
		bool torn = rec.seq == cut;

		if (rec.seq > cut || (torn && !o->torn))
			break;
		ret = check_rec(g, &rec, msg, len);
		if (ret)
			goto out_free;
		switch (rec.op) {
		case MM_REC_WRITE:
			ret = do_write(&r, &rec, torn, &rng, res);
			break;
		case MM_REC_ERASE:
			ret = do_erase(&r, &rec, torn, &rng, res);
			break;
		case MM_REC_MARKBAD:
			/* a cut during MARKBAD: the mark did not happen */
			if (!torn && !rec.result)
				ret = mm_overlay_markbad(ov, rec.addr /
							 erasesize, false);
			break;
		case MM_REC_SYNC:
			if (!torn)
				res->syncs++;
			break;
		}
		if (ret) {
			snprintf(msg, len, "record %llu (%s): %s",
				 (unsigned long long)rec.seq,
				 mm_rec_opname(rec.op), strerror(-ret));
			goto out_free;
		}
		if (torn) {
			res->torn_op = rec.op;
			break;
		}
	}
	if (ret < 0) {
		snprintf(msg, len, "%s", strerror(-ret));
		goto out_free;
	}
	ret = 0;
out_free:
	free(r.data);
	free(r.oob);
	free(r.blk);
	free(r.mask);
	return ret;
}
