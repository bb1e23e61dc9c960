// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fusion.c - combine several reads of one chip, per ECC step or by bitwise
 * majority, beneath the reader interface.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../formats/format.h"
#include "../formats/open.h"
#include "ecc/ecc.h"
#include "fusion.h"

struct fusion {
	const struct mm_format *orig;
	struct mm_format fmt;
	struct mm_dump base;
	unsigned int ncopies;
	struct mm_dump *extra[MM_FUSION_MAX_COPIES - 1];
	const char *paths[MM_FUSION_MAX_COPIES];
	struct mm_ecc *ecc;		/* the flash's, borrowed */
	unsigned int steps, step_size, step_bytes;
	uint32_t oob_size;
	uint16_t *eccpos;	/* steps * step_bytes OOB offsets */
	uint8_t *is_ecc;	/* oob_size flags */
	uint16_t *owner;	/* page layouts: record byte -> step + 1, 0 none */
	bool covers_free;
	pthread_mutex_t lock;
	uint8_t *counted;	/* one bit per page */
	struct mm_fusion_stats st;
};

static int fusion_read_page(struct mm_input *in, uint64_t page, void *data,
			    void *oob);

bool mm_fusion_active(const struct mm_dump *d)
{
	return d->fmt && d->fmt->read_page == fusion_read_page && d->priv;
}

/* out = bitwise majority of the @n records in @recs; ties to the lower. */
static void majority(uint8_t *out, uint8_t *const *recs, unsigned int n,
		     size_t off, size_t len)
{
	size_t i;
	unsigned int k, b, ones;

	for (i = off; i < off + len; i++) {
		uint8_t v = 0;

		/* Reads agree almost everywhere: check that first. */
		for (k = 1; k < n && recs[k][i] == recs[0][i]; k++)
			;
		if (k == n) {
			out[i] = recs[0][i];
			continue;
		}
		if (n == 3) {
			out[i] = (recs[0][i] & recs[1][i]) |
				 (recs[0][i] & recs[2][i]) |
				 (recs[1][i] & recs[2][i]);
			continue;
		}
		for (b = 0; b < 8; b++) {
			ones = 0;
			for (k = 0; k < n; k++)
				ones += (recs[k][i] >> b) & 1;
			if (ones * 2 > n ||
			    (ones * 2 == n && ((recs[0][i] >> b) & 1)))
				v |= 1u << b;
		}
		out[i] = v;
	}
}

static void copy_step(const struct fusion *f, uint8_t *dst, const uint8_t *src,
		      uint32_t page_size, unsigned int s)
{
	unsigned int i;

	if (f->owner) {		/* a page layout: the bytes of the step's fields */
		for (i = 0; i < page_size + f->oob_size; i++)
			if (f->owner[i] == s + 1)
				dst[i] = src[i];
		return;
	}
	memcpy(dst + (size_t)s * f->step_size, src + (size_t)s * f->step_size,
	       f->step_size);
	for (i = 0; i < f->step_bytes; i++) {
		unsigned int pos = f->eccpos[s * f->step_bytes + i];

		dst[page_size + pos] = src[page_size + pos];
	}
}

/* Does step @s of record @rec decode, taken alone? */
static bool step_ok(const struct fusion *f, const struct mm_geom *g,
		    uint64_t page, uint8_t *test, const uint8_t *rec,
		    unsigned int s)
{
	struct mm_ecc_stat st = { 0 };
	uint32_t i;

	memset(test, 0xff, (size_t)g->page_size + g->oob_size);
	copy_step(f, test, rec, g->page_size, s);
	if (f->covers_free)
		for (i = 0; i < g->oob_size; i++)
			if (!f->is_ecc[i])
				test[g->page_size + i] = rec[g->page_size + i];
	mm_ecc_correct_page(f->ecc, page, test, test + g->page_size, &st,
			    NULL);
	return st.uncorrectable_steps == 0;
}

struct page_tally {
	uint64_t from[MM_FUSION_MAX_COPIES];
	uint64_t majority, uncorrectable;
	unsigned int n_bad;
	unsigned int bad[64];
};

static void fuse_per_step(const struct fusion *f, const struct mm_geom *g,
			  uint64_t page, uint8_t *out, uint8_t *const *recs,
			  const unsigned int *idx, unsigned int n,
			  uint8_t *test, struct page_tally *t)
{
	struct mm_ecc_stat st = { 0 };
	size_t rec = (size_t)g->page_size + g->oob_size;
	unsigned int s, k;

	/* The common case: the first copy decodes as a whole. */
	memcpy(test, recs[0], rec);
	mm_ecc_correct_page(f->ecc, page, test, test + g->page_size, &st, NULL);
	if (!st.uncorrectable_steps) {
		for (s = 0; s < f->steps; s++)
			copy_step(f, out, recs[0], g->page_size, s);
		t->from[idx[0]] += f->steps;
		return;
	}
	for (s = 0; s < f->steps; s++) {
		for (k = 0; k < n; k++) {
			if (step_ok(f, g, page, test, recs[k], s)) {
				copy_step(f, out, recs[k], g->page_size, s);
				t->from[idx[k]]++;
				break;
			}
		}
		if (k < n)
			continue;
		/* out already holds the majority of every byte. */
		t->majority++;
		if (!step_ok(f, g, page, test, out, s)) {
			t->uncorrectable++;
			if (t->n_bad < sizeof(t->bad) / sizeof(t->bad[0]))
				t->bad[t->n_bad++] = s;
		}
	}
}

static void tally(struct fusion *f, uint64_t page, const struct page_tally *t)
{
	struct mm_fusion_stats *st = &f->st;
	unsigned int i;

	pthread_mutex_lock(&f->lock);
	if (!(f->counted[page / 8] & (1u << (page % 8)))) {
		f->counted[page / 8] |= 1u << (page % 8);
		st->pages++;
		for (i = 0; i < f->ncopies; i++)
			st->steps_from[i] += t->from[i];
		st->majority_steps += t->majority;
		st->uncorrectable_steps += t->uncorrectable;
		for (i = 0; i < t->n_bad && st->n_bad < MM_FUSION_MAX_BAD; i++) {
			st->bad[st->n_bad].page = page;
			st->bad[st->n_bad].step = t->bad[i];
			st->n_bad++;
		}
	}
	pthread_mutex_unlock(&f->lock);
}

static int fusion_read_page(struct mm_input *in, uint64_t page, void *data,
			    void *oob)
{
	struct mm_dump *d = mm_dump_of(in);
	struct fusion *f = d->priv;
	const struct mm_geom *g = &d->geom;
	size_t rec = (size_t)g->page_size + g->oob_size;
	uint8_t *buf, *out, *test, *recs[MM_FUSION_MAX_COPIES];
	unsigned int idx[MM_FUSION_MAX_COPIES], n = 0, k;
	struct page_tally t;
	int ret = 0;

	buf = malloc(rec * (f->ncopies + 2));
	if (!buf)
		return -ENOMEM;
	out = buf + rec * f->ncopies;
	test = out + rec;
	memset(&t, 0, sizeof(t));
	for (k = 0; k < f->ncopies; k++) {
		uint8_t *r = buf + rec * k;

		if (!k)
			ret = f->orig->read_page(&f->base.in, page, r,
						 g->oob_size ? r + g->page_size :
						 NULL);
		else
			ret = mm_dump_read_page(f->extra[k - 1], page, r,
						g->oob_size ? r + g->page_size :
						NULL);
		if (ret < 0) {
			if (!k)
				mm_set_error(&d->in, "%s", f->base.err);
			else
				mm_set_error(&d->in, "extra read '%s': %s",
					     f->paths[k], f->extra[k - 1]->err);
			goto out_free;
		}
		if (ret == MM_PAGE_ABSENT)
			continue;
		recs[n] = r;
		idx[n++] = k;
	}
	ret = 0;
	if (!n) {
		memset(out, 0xff, rec);
		ret = MM_PAGE_ABSENT;
	} else {
		majority(out, recs, n, 0, rec);
		if (f->ecc && g->oob_size && n > 1) {
			fuse_per_step(f, g, page, out, recs, idx, n, test, &t);
		} else {
			for (k = 0; k < n; k++)
				if (!memcmp(recs[k], out, rec))
					t.from[idx[k]]++;
		}
		tally(f, page, &t);
	}
	if (data)
		memcpy(data, out, g->page_size);
	if (oob && g->oob_size)
		memcpy(oob, out + g->page_size, g->oob_size);
out_free:
	free(buf);
	return ret;
}

static int fusion_bad_blocks(struct mm_input *in, struct mm_bbt *bbt)
{
	struct mm_dump *d = mm_dump_of(in);
	struct fusion *f = d->priv;
	int ret = f->orig->bad_blocks(&f->base.in, bbt);

	if (ret)
		mm_set_error(&d->in, "%s", f->base.err);
	return ret;
}

static void fusion_close(struct mm_input *in)
{
	struct mm_dump *d = mm_dump_of(in);
	struct fusion *f = d->priv;
	unsigned int k;

	if (!f)
		return;
	if (f->orig->close)
		f->orig->close(&f->base.in);
	for (k = 1; k < f->ncopies; k++) {
		mm_dump_close(f->extra[k - 1]);
		free(f->extra[k - 1]);
	}
	free(f->eccpos);
	free(f->is_ecc);
	free(f->owner);
	free(f->counted);
	pthread_mutex_destroy(&f->lock);
	d->fmt = f->orig;
	d->priv = NULL;
	free(f);
}

static bool same_geom(const struct mm_geom *a, const struct mm_geom *b)
{
	return a->page_size == b->page_size && a->oob_size == b->oob_size &&
	       a->pages_per_block == b->pages_per_block &&
	       a->block_count == b->block_count;
}

static void fusion_free_partial(struct fusion *f)
{
	unsigned int k;

	for (k = 1; k < f->ncopies; k++) {
		mm_dump_close(f->extra[k - 1]);
		free(f->extra[k - 1]);
	}
	free(f->counted);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

int mm_fusion_open(struct mm_dump *d)
{
	struct mm_open_opts o2;
	struct fusion *f;
	uint64_t pages;
	size_t i;
	int ret;

	if (!d->opts.n_extra_reads)
		return 0;
	if (d->opts.n_extra_reads >= MM_FUSION_MAX_COPIES) {
		mm_set_error(&d->in, "at most %d extra reads", MM_FUSION_MAX_COPIES - 1);
		return -EINVAL;
	}
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	pthread_mutex_init(&f->lock, NULL);
	pages = mm_geom_page_count(&d->geom);
	f->counted = calloc(pages / 8 + 1, 1);
	if (!f->counted) {
		ret = -ENOMEM;
		goto out_free;
	}
	f->ncopies = 1;
	f->paths[0] = d->path;
	o2 = d->opts;
	o2.format = d->fmt->name;
	o2.geom = d->geom;
	o2.oob_size_set = true;
	o2.bad_blocks = NULL;
	o2.n_bad_blocks = 0;
	o2.no_bbm_scan = true;
	o2.oob_file = NULL;
	o2.extra_reads = NULL;
	o2.n_extra_reads = 0;
	for (i = 0; i < d->opts.n_extra_reads; i++) {
		const char *path = d->opts.extra_reads[i];
		struct mm_dump *x = calloc(1, sizeof(*x));

		if (!x) {
			ret = -ENOMEM;
			goto out_free;
		}
		ret = mm_input_open(&x->in, path, &o2);
		if (ret) {
			mm_set_error(&d->in, "extra read '%s': %s", path, x->err);
			free(x);
			goto out_free;
		}
		f->extra[f->ncopies - 1] = x;
		f->paths[f->ncopies++] = path;
		if (!same_geom(&x->geom, &d->geom)) {
			mm_set_error(&d->in, "extra read '%s': geometry differs from the dump's",
				     path);
			ret = -EINVAL;
			goto out_free;
		}
	}
	f->st.copies = f->ncopies;
	f->st.step_size = d->geom.page_size;
	f->orig = d->fmt;
	f->fmt = *d->fmt;
	f->fmt.read_page = fusion_read_page;
	f->fmt.close = fusion_close;
	f->fmt.bad_blocks = d->fmt->bad_blocks ? fusion_bad_blocks : NULL;
	f->base = *d;
	d->fmt = &f->fmt;
	d->priv = f;
	return 0;

out_free:
	if (ret == -ENOMEM)
		mm_set_error(&d->in, "out of memory opening the extra reads");
	fusion_free_partial(f);
	return ret;
}

/* A page layout: which step each byte of the record belongs to. */
static int fusion_owners(struct mm_dump *d, struct fusion *f,
			 const struct mm_ecc *e)
{
	const struct mm_pagelayout *pl = mm_ecc_pagelayout(e);
	uint32_t rec = d->geom.page_size + d->geom.oob_size, b, end;
	unsigned int i;

	f->owner = calloc(rec, sizeof(*f->owner));
	if (!f->owner)
		return -ENOMEM;
	for (i = 0; i < pl->nfields; i++) {
		const struct mm_pl_field *fl = &pl->f[i];

		if (fl->step == MM_PL_NOSTEP || !fl->bits)
			continue;
		end = (fl->phys + fl->bits + 7) / 8;
		for (b = fl->phys / 8; b < end && b < rec; b++)
			if (!f->owner[b])	/* a shared byte: the first step */
				f->owner[b] = fl->step + 1;
	}
	f->steps = pl->nsteps;
	f->step_size = mm_ecc_step_size(e);
	return 0;
}

static int fusion_layout(struct mm_dump *d, struct fusion *f, struct mm_ecc *e)
{
	const struct mm_ooblayout *l = mm_ecc_layout(e);
	unsigned int need, got = 0, r, j;

	f->oob_size = d->geom.oob_size;
	if (mm_ecc_pagelayout(e))
		return fusion_owners(d, f, e);

	f->step_size = mm_ecc_step_size(e);
	f->step_bytes = mm_ecc_step_bytes(e);
	if (!f->step_size || d->geom.page_size % f->step_size) {
		mm_set_error(&d->in, "ECC step size %u does not divide the page",
			     f->step_size);
		return -EINVAL;
	}
	f->steps = d->geom.page_size / f->step_size;
	need = f->steps * f->step_bytes;
	f->eccpos = calloc(need ? need : 1, sizeof(*f->eccpos));
	f->is_ecc = calloc(d->geom.oob_size ? d->geom.oob_size : 1, 1);
	if (!f->eccpos || !f->is_ecc)
		return -ENOMEM;
	for (r = 0; r < l->necc && got < need; r++)
		for (j = 0; j < l->ecc[r].len && got < need; j++) {
			unsigned int pos = l->ecc[r].off + j;

			if (pos >= d->geom.oob_size)
				break;
			f->eccpos[got++] = pos;
			f->is_ecc[pos] = 1;
		}
	if (got < need) {
		mm_set_error(&d->in, "the OOB layout has %u ECC bytes, %s needs %u",
			     got, mm_ecc_name(e), need);
		return -EINVAL;
	}
	f->covers_free = l->ecc_covers_free;
	return 0;
}

int mm_fusion_use_ecc(struct mm_dump *d, struct mm_ecc *e)
{
	struct fusion *f;
	int ret;

	if (!mm_fusion_active(d) || !e || !mm_ecc_enabled(e))
		return 0;
	f = d->priv;
	if (!d->geom.oob_size) {
		mm_set_error(&d->in, "--extra-read with --ecc needs a dump with OOB");
		return -EINVAL;
	}
	free(f->eccpos);
	free(f->is_ecc);
	free(f->owner);
	f->eccpos = NULL;
	f->is_ecc = NULL;
	f->owner = NULL;
	ret = fusion_layout(d, f, e);
	if (ret) {
		if (ret == -ENOMEM)
			mm_set_error(&d->in, "out of memory");
		return ret;
	}
	pthread_mutex_lock(&f->lock);
	f->ecc = e;
	/* Count afresh: pages read so far were fused without ECC. */
	memset(&f->st, 0, sizeof(f->st));
	f->st.copies = f->ncopies;
	f->st.per_step = true;
	f->st.step_size = f->step_size;
	memset(f->counted, 0, mm_geom_page_count(&d->geom) / 8 + 1);
	pthread_mutex_unlock(&f->lock);
	return 0;
}

int mm_fusion_get_stats(const struct mm_dump *d, struct mm_fusion_stats *st)
{
	struct fusion *f;

	if (!mm_fusion_active(d))
		return -ENOENT;
	f = d->priv;
	pthread_mutex_lock(&f->lock);
	*st = f->st;
	pthread_mutex_unlock(&f->lock);
	return 0;
}

const char *mm_fusion_copy_path(const struct mm_dump *d, unsigned int i)
{
	const struct fusion *f;

	if (!mm_fusion_active(d))
		return NULL;
	f = d->priv;
	return i < f->ncopies ? f->paths[i] : NULL;
}

const struct mm_src *mm_fusion_copy_src(const struct mm_dump *d,
					unsigned int i)
{
	const struct fusion *f;

	if (!mm_fusion_active(d))
		return NULL;
	f = d->priv;
	if (i >= f->ncopies)
		return NULL;
	return i ? &f->extra[i - 1]->src : &d->src;
}
