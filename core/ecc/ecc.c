// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ecc.c - ECC schemes on pages: where the codes sit (layout), checking and
 * correcting steps, the erased-step rule, --ecc=auto and the page cache.
 *
 * Facts from drivers/mtd/nand/ecc-sw-hamming.c, ecc-sw-bch.c and
 * raw/nand_base.c (nand_check_erased_ecc_chunk): Hamming codes 256 or 512
 * bytes; BCH uses m = fls(1 + 8·step) and the kernel's default primitive
 * polynomial, and stores BCH(data) XOR ~BCH(0xFF...) so that an erased step
 * (all 0xFF, ECC bytes included) is a codeword.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../layout/presets.h"
#include "ecc.h"
#include "engine.h"

#define CACHE_BYTES	(4u << 20)
#define SCRATCH_KEEP	8	/* work buffers kept: readers at once */

/*
 * Work space for a page layout's decode and encode (the physical page, or
 * the logical one in and the physical out, then mm_pl_scratch_size()):
 * taken by each call and given back, so pages are read without an
 * allocation each; a pointer in struct mm_ecc, so const codecs share it.
 */
struct scratch_pool {
	pthread_mutex_t lock;
	size_t size;
	unsigned int n;
	uint8_t *buf[SCRATCH_KEEP];
};

struct cache_ent {
	uint64_t page;		/* UINT64_MAX: empty */
	int ret;
	enum mm_page_state state;
	struct mm_ecc_stat st;
	uint8_t *buf;		/* data + OOB */
};

struct mm_ecc {
	const struct mm_ecc_engine *eng;	/* NULL: no ECC (or a layout) */
	struct mm_pagelayout *pl;	/* a vendor page layout, or NULL */
	void *state;		/* the engine's */
	struct mm_ecc_params p;
	char name[32];
	struct mm_geom geom;
	struct mm_ooblayout layout;
	unsigned int step;	/* data bytes per step */
	unsigned int steps;
	unsigned int bytes;	/* ECC bytes per step */
	unsigned int strength;
	unsigned int extra;	/* free bytes covered per step */
	uint16_t *eccpos;	/* steps × bytes OOB offsets */
	uint16_t *freepos;	/* steps × extra OOB offsets */
	pthread_mutex_t lock;
	struct cache_ent *cache;
	unsigned int ncache;
	struct scratch_pool *pool;	/* with @pl */
};

static int parse_scheme(struct mm_ecc *e, const char *scheme, char *msg,
			size_t msglen)
{
	if (!scheme || !*scheme || !strcmp(scheme, "none")) {
		e->eng = NULL;
		snprintf(e->name, sizeof(e->name), "none");
		return 0;
	}
	e->eng = mm_ecc_engine_parse(scheme, &e->p, msg, msglen);
	if (!e->eng)
		return -EINVAL;
	snprintf(e->name, sizeof(e->name), "%s", e->p.name);
	e->step = e->p.step;
	e->bytes = e->p.bytes;
	e->strength = e->p.strength;
	return 0;
}

/* The OOB offset of each ECC byte (and covered free byte), step by step. */
static int map_bytes(struct mm_ecc *e, char *msg, size_t msglen)
{
	const struct mm_ooblayout *l = &e->layout;
	unsigned int i, k, n = 0, total = e->steps * e->bytes;

	e->eccpos = calloc(total ? total : 1, sizeof(*e->eccpos));
	if (!e->eccpos)
		return -ENOMEM;
	for (i = 0; i < l->necc && n < total; i++)
		for (k = 0; k < l->ecc[i].len && n < total; k++)
			e->eccpos[n++] = l->ecc[i].off + k;
	if (n < total) {
		snprintf(msg, msglen, "%s needs %u ECC bytes per page, the OOB layout has %u",
			 e->name, total, n);
		return -EINVAL;
	}
	if (!l->ecc_covers_free || !e->eng)
		return 0;
	if (!e->eng->covers_free) {
		snprintf(msg, msglen, "ecc-covers-free needs a BCH scheme");
		return -EINVAL;
	}
	e->extra = l->oobavail / e->steps;
	e->freepos = calloc(e->steps * e->extra + 1, sizeof(*e->freepos));
	if (!e->freepos)
		return -ENOMEM;
	for (n = 0; n < e->steps * e->extra; n++)
		e->freepos[n] = (uint16_t)mm_ooblayout_free_offset(l, n);
	return 0;
}

static int setup_cache(struct mm_ecc *e)
{
	uint32_t rec = mm_geom_record_size(&e->geom);
	unsigned int i, n = CACHE_BYTES / (rec ? rec : 1);

	if (n < 16)
		n = 16;
	if (n > 1024)
		n = 1024;
	e->cache = calloc(n, sizeof(*e->cache));
	if (!e->cache)
		return -ENOMEM;
	e->ncache = n;
	for (i = 0; i < n; i++)
		e->cache[i].page = UINT64_MAX;
	return 0;
}

/* A codec with nothing set up yet: mm_ecc_free() takes it as it is. */
static struct mm_ecc *ecc_alloc(const struct mm_geom *g)
{
	struct mm_ecc *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	pthread_mutex_init(&e->lock, NULL);
	e->geom = *g;
	return e;
}

/* The one end of mm_ecc_new() and mm_ecc_new_layout(): the cache, or undo. */
static int ecc_finish(struct mm_ecc *e, struct mm_ecc **ep, int ret,
		      char *msg, size_t msglen)
{
	if (!ret)
		ret = setup_cache(e);
	if (!ret) {
		*ep = e;
		return 0;
	}
	if (ret == -ENOMEM)
		snprintf(msg, msglen, "out of memory");
	mm_ecc_free(e);
	return ret;
}

/* mm_ecc_new()'s scheme, OOB layout and engine. */
static int setup_scheme(struct mm_ecc *e, const char *scheme,
			const char *layout_spec, char *msg, size_t msglen)
{
	const struct mm_geom *g = &e->geom;
	bool hamming;
	int ret;

	ret = parse_scheme(e, scheme, msg, msglen);
	if (ret)
		return ret;
	hamming = !e->eng || e->eng->hamming_layout;
	if (e->eng) {
		if (!g->oob_size) {
			snprintf(msg, msglen, "ECC %s needs OOB data, the dump has none",
				 e->name);
			return -EINVAL;
		}
		if (g->page_size < e->step || g->page_size % e->step) {
			snprintf(msg, msglen, "ECC %s: %u-byte steps do not divide the %u-byte page",
				 e->name, e->step, g->page_size);
			return -EINVAL;
		}
		e->steps = g->page_size / e->step;
	}
	if (layout_spec && *layout_spec)
		ret = mm_ooblayout_parse(&e->layout, layout_spec, g, e->steps,
					 e->bytes, hamming, msg, msglen);
	else if (!e->eng)
		ret = mm_ooblayout_default(&e->layout, g);
	else if (mm_ooblayout_kernel(&e->layout, g, e->steps * e->bytes,
				     hamming)) {
		snprintf(msg, msglen, "%s needs %u ECC bytes per page, the %u-byte OOB has room for %u",
			 e->name, e->steps * e->bytes, g->oob_size,
			 g->oob_size > 2 ? g->oob_size - 2 : 0);
		ret = -EINVAL;
	}
	if (ret)
		return ret;
	if (e->eng && e->eng->covers_free && e->layout.ecc_covers_free)
		e->extra = e->layout.oobavail / e->steps;
	if (e->eng) {
		ret = e->eng->setup(&e->p, e->step + e->extra,
				    e->layout.ecc_plain, &e->state, &e->bytes,
				    msg, msglen);
		if (ret)
			return ret;
	}
	return map_bytes(e, msg, msglen);
}

int mm_ecc_new(struct mm_ecc **ep, const char *scheme, const char *layout_spec,
	       const struct mm_geom *g, char *msg, size_t msglen)
{
	struct mm_ecc *e = ecc_alloc(g);

	if (!e)
		return -ENOMEM;
	return ecc_finish(e, ep, setup_scheme(e, scheme, layout_spec, msg,
					      msglen), msg, msglen);
}

/* Step 0's data bytes and ECC bytes (what the kernel's ECC keys say). */
static void layout_step_sizes(struct mm_ecc *e)
{
	const struct mm_pagelayout *pl = e->pl;
	uint32_t dbits = 0, ebits = 0;
	unsigned int i;

	for (i = 0; i < pl->nfields; i++) {
		if (pl->f[i].step != 0)
			continue;
		if (pl->f[i].kind == MM_PL_DATA)
			dbits += pl->f[i].bits;
		else if (pl->f[i].kind == MM_PL_ECC)
			ebits += pl->f[i].bits;
	}
	e->step = dbits / 8;
	e->bytes = (ebits + 7) / 8;
	e->steps = pl->nsteps;
	e->strength = pl->m ? pl->t : 0;
}

/* mm_ecc_new_layout()'s page layout, its ECC keys and its work space. */
static int setup_layout(struct mm_ecc *e, const char *arg, char *msg,
			size_t msglen)
{
	const struct mm_geom *g = &e->geom;
	struct mm_pl_geom pg = { g->page_size, g->oob_size, g->pages_per_block };
	int ret;

	e->pool = calloc(1, sizeof(*e->pool));
	if (!e->pool)
		return -ENOMEM;
	pthread_mutex_init(&e->pool->lock, NULL);
	e->pl = calloc(1, sizeof(*e->pl));
	if (!e->pl)
		return -ENOMEM;
	ret = mm_pl_from_arg(e->pl, arg, &pg, msg, msglen);
	if (ret)
		return ret;
	if (e->pl->phys_size != g->page_size + g->oob_size) {
		snprintf(msg, msglen, "layout %s has %u-byte physical pages, the dump %u + %u",
			 e->pl->name, e->pl->phys_size, g->page_size,
			 g->oob_size);
		return -EINVAL;
	}
	if (e->pl->data_size != g->page_size ||
	    e->pl->oob_size != g->oob_size) {
		snprintf(msg, msglen, "layout %s presents %u + %u-byte pages; only layouts that keep the dump's %u + %u are served",
			 e->pl->name, e->pl->data_size, e->pl->oob_size,
			 g->page_size, g->oob_size);
		return -EINVAL;
	}
	e->pool->size = 2 * (size_t)e->pl->phys_size +
			mm_pl_scratch_size(e->pl);
	e->layout = e->pl->oob;
	snprintf(e->layout.name, sizeof(e->layout.name), "%s", e->pl->name);
	layout_step_sizes(e);
	if (e->pl->m)
		snprintf(e->name, sizeof(e->name), "%s%u/m%u",
			 e->pl->rs ? "rs" : "bch", e->pl->t, e->pl->m);
	else
		snprintf(e->name, sizeof(e->name), "unchecked");
	return 0;
}

int mm_ecc_new_layout(struct mm_ecc **ep, const char *arg,
		      const struct mm_geom *g, char *msg, size_t msglen)
{
	struct mm_ecc *e;

	if (!g->oob_size) {
		snprintf(msg, msglen, "--layout needs a dump with OOB (page + spare records)");
		return -EINVAL;
	}
	e = ecc_alloc(g);
	if (!e)
		return -ENOMEM;
	return ecc_finish(e, ep, setup_layout(e, arg, msg, msglen), msg,
			  msglen);
}

static uint8_t *scratch_get(struct scratch_pool *p)
{
	uint8_t *b = NULL;

	pthread_mutex_lock(&p->lock);
	if (p->n)
		b = p->buf[--p->n];
	pthread_mutex_unlock(&p->lock);
	return b ? b : malloc(p->size);
}

static void scratch_put(struct scratch_pool *p, uint8_t *b)
{
	pthread_mutex_lock(&p->lock);
	if (p->n < SCRATCH_KEEP) {
		p->buf[p->n++] = b;
		b = NULL;
	}
	pthread_mutex_unlock(&p->lock);
	free(b);
}

static void scratch_free(struct scratch_pool *p)
{
	if (!p)
		return;
	while (p->n)
		free(p->buf[--p->n]);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

void mm_ecc_free(struct mm_ecc *e)
{
	unsigned int i;

	if (!e)
		return;
	for (i = 0; i < e->ncache; i++)
		free(e->cache[i].buf);
	free(e->cache);
	if (e->eng && e->state)
		e->eng->free(e->state);
	if (e->pl) {
		mm_pl_release(e->pl);
		free(e->pl);
	}
	scratch_free(e->pool);
	free(e->eccpos);
	free(e->freepos);
	pthread_mutex_destroy(&e->lock);
	free(e);
}

const struct mm_ooblayout *mm_ecc_layout(const struct mm_ecc *e)
{
	return &e->layout;
}

const char *mm_ecc_name(const struct mm_ecc *e)
{
	return e->name;
}

bool mm_ecc_enabled(const struct mm_ecc *e)
{
	return e->eng != NULL || e->pl != NULL;
}

bool mm_ecc_moves_bytes(const struct mm_ecc *e)
{
	return e->pl != NULL;
}

const struct mm_pagelayout *mm_ecc_pagelayout(const struct mm_ecc *e)
{
	return e->pl;
}

unsigned int mm_ecc_strength(const struct mm_ecc *e)
{
	return e->strength;
}

unsigned int mm_ecc_step_size(const struct mm_ecc *e)
{
	return !mm_ecc_enabled(e) || !e->step ? e->geom.page_size : e->step;
}

unsigned int mm_ecc_step_bytes(const struct mm_ecc *e)
{
	return !mm_ecc_enabled(e) ? 0 : e->bytes;
}

const char *mm_ecc_state_name(enum mm_page_state s)
{
	switch (s) {
	case MM_PAGE_CLEAN:
		return "clean";
	case MM_PAGE_CORRECTED:
		return "corrected";
	case MM_PAGE_UNCORRECTABLE:
		return "uncorrectable";
	case MM_PAGE_ERASED:
		return "erased";
	}
	return "?";
}

void mm_ecc_stat_add(struct mm_ecc_stat *sum, const struct mm_ecc_stat *st)
{
	sum->steps += st->steps;
	sum->corrected_steps += st->corrected_steps;
	sum->corrected_bits += st->corrected_bits;
	sum->uncorrectable_steps += st->uncorrectable_steps;
	sum->erased_steps += st->erased_steps;
}

static unsigned int zero_bits(const uint8_t *p, size_t n)
{
	unsigned int z = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t v;

		memcpy(&v, p + i, 8);
		z += __builtin_popcountll(~v);
	}
	for (; i < n; i++)
		z += 8 - __builtin_popcount(p[i]);
	return z;
}

bool mm_ecc_all_ff(const uint8_t *p, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t v;

		memcpy(&v, p + i, 8);
		if (~v)
			return false;
	}
	for (; i < n; i++)
		if (p[i] != 0xff)
			return false;
	return true;
}

/* The message of step @s: its data, plus its free bytes when covered. */
static const uint8_t *step_msg(const struct mm_ecc *e, const uint8_t *data,
			       const uint8_t *oob, unsigned int s,
			       uint8_t *buf)
{
	unsigned int k;

	if (!e->extra)
		return data + (size_t)s * e->step;
	memcpy(buf, data + (size_t)s * e->step, e->step);
	for (k = 0; k < e->extra; k++)
		buf[e->step + k] = oob[e->freepos[s * e->extra + k]];
	return buf;
}

/*
 * Check and correct step @i of a page in place, adding to @s. @msgbuf holds
 * step + extra bytes when the code covers free bytes. Returns the step's
 * verdict: MM_PAGE_CLEAN, _CORRECTED, _UNCORRECTABLE or _ERASED (erased with
 * or without flips; flips are also counted as corrected).
 */
static enum mm_page_state correct_step(const struct mm_ecc *e, uint8_t *data,
				       uint8_t *oob, unsigned int i,
				       uint8_t *msgbuf, struct mm_ecc_stat *s)
{
	uint8_t code[MM_ECC_BYTES_MAX], orig[MM_ECC_BYTES_MAX], *msg;
	const uint16_t *pos = e->eccpos + i * e->bytes;
	uint8_t *d = data + (size_t)i * e->step;
	unsigned int len = e->step + e->extra, nb = e->bytes, k;
	int r;

	/* (nb in a local: byte stores may alias e->bytes for the compiler) */
	for (k = 0; k < nb; k++)
		code[k] = orig[k] = oob[pos[k]];
	/*
	 * The common case first: a code over the data alone finds the step
	 * clean, and it cannot be an erased one (that starts with 0xff):
	 * only the count to keep. Anything else goes on as below.
	 */
	if (!e->extra && !e->layout.ecc_plain) {
		msg = d;
		r = e->eng->correct(e->state, d, len, code);
		if (!r && d[0] != 0xff) {
			s->steps++;
			return MM_PAGE_CLEAN;
		}
		goto checked;
	}
	msg = e->extra ? (uint8_t *)step_msg(e, data, oob, i, msgbuf) : d;
	if (e->layout.ecc_plain &&
	    zero_bits(msg, len) + zero_bits(orig, e->bytes) <= e->strength) {
		/* plain codes: an erased step is not a codeword */
		r = -EBADMSG;
	} else {
		r = e->eng->correct(e->state, msg, len, code);
	}
checked:
	if (r < 0 && zero_bits(msg, len) + zero_bits(orig, e->bytes) <=
		     e->strength) {
		/* nand_check_erased_ecc_chunk(): erased with flips */
		r = (int)(zero_bits(msg, len) + zero_bits(orig, e->bytes));
		memset(msg, 0xff, len);
		memset(code, 0xff, e->bytes);
	}
	s->steps++;
	if (r < 0) {
		s->uncorrectable_steps++;
		return MM_PAGE_UNCORRECTABLE;
	}
	if (r > 0) {
		s->corrected_steps++;
		s->corrected_bits += (unsigned int)r;
	}
	if (r > 0 || msg[0] == 0xff) {
		if (msg != d)
			memcpy(d, msg, e->step);
		for (k = 0; k < nb; k++)
			oob[pos[k]] = code[k];
		for (k = 0; k < e->extra; k++)
			oob[e->freepos[i * e->extra + k]] = msg[e->step + k];
	}
	if (msg[0] == 0xff && mm_ecc_all_ff(msg, len) && mm_ecc_all_ff(code, e->bytes)) {
		s->erased_steps++;
		return MM_PAGE_ERASED;
	}
	return r > 0 ? MM_PAGE_CORRECTED : MM_PAGE_CLEAN;
}

/* A page layout: the physical record in, the logical page and OOB out. */
static int layout_decode(const struct mm_ecc *e, uint64_t page, uint8_t *data,
			 uint8_t *oob, struct mm_ecc_stat *st,
			 enum mm_page_state *state)
{
	uint32_t ps = e->geom.page_size, os = e->geom.oob_size;
	uint8_t *phys = scratch_get(e->pool);

	if (!phys)
		return -ENOMEM;
	memcpy(phys, data, ps);
	memcpy(phys + ps, oob, os);
	mm_pl_decode_scratch(e->pl, page, phys, data, oob, st, state,
			     phys + 2 * (size_t)(ps + os));
	scratch_put(e->pool, phys);
	return 0;
}

int mm_ecc_correct(const struct mm_ecc *e, uint8_t *data, uint8_t *oob,
		   struct mm_ecc_stat *st, enum mm_page_state *state)
{
	return mm_ecc_correct_page(e, 0, data, oob, st, state);
}

int mm_ecc_correct_page(const struct mm_ecc *e, uint64_t page, uint8_t *data,
			uint8_t *oob, struct mm_ecc_stat *st,
			enum mm_page_state *state)
{
	struct mm_ecc_stat s = { 0 };
	uint8_t *msgbuf = NULL, mbuf[2048];
	bool all_erased = true;
	unsigned int i;

	if (e->pl)
		return oob ? layout_decode(e, page, data, oob, st, state) :
			     -EINVAL;
	if (!e->eng) {
		if (state)
			*state = MM_PAGE_CLEAN;
		return 0;
	}
	if (!oob)
		return -EINVAL;
	if (e->extra) {
		msgbuf = e->step + e->extra <= sizeof(mbuf) ? mbuf :
			 malloc(e->step + e->extra);
		if (!msgbuf)
			return -ENOMEM;
	}
	for (i = 0; i < e->steps; i++)
		if (correct_step(e, data, oob, i, msgbuf, &s) != MM_PAGE_ERASED)
			all_erased = false;
	if (msgbuf && msgbuf != mbuf)
		free(msgbuf);
	if (state) {
		if (s.uncorrectable_steps)
			*state = MM_PAGE_UNCORRECTABLE;
		else if (s.corrected_steps)
			*state = MM_PAGE_CORRECTED;
		else if (all_erased)
			*state = MM_PAGE_ERASED;
		else
			*state = MM_PAGE_CLEAN;
	}
	if (st)
		mm_ecc_stat_add(st, &s);
	return 0;
}

int mm_ecc_encode_page(const struct mm_ecc *e, uint64_t page, uint8_t *data,
		       uint8_t *oob)
{
	uint32_t ps = e->geom.page_size, os = e->geom.oob_size;
	uint8_t *buf;

	if (!e->pl)
		return mm_ecc_encode(e, data, oob);
	buf = scratch_get(e->pool);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, data, ps);
	memcpy(buf + ps, oob, os);
	mm_pl_encode_scratch(e->pl, page, buf, buf + ps, buf + ps + os,
			     buf + 2 * (size_t)(ps + os));
	memcpy(data, buf + ps + os, ps);
	memcpy(oob, buf + 2 * ps + os, os);
	scratch_put(e->pool, buf);
	return 0;
}

int mm_ecc_encode(const struct mm_ecc *e, const uint8_t *data, uint8_t *oob)
{
	uint8_t code[MM_ECC_BYTES_MAX], mbuf[2048], *msgbuf = NULL;
	unsigned int i, k;

	if (e->pl)
		return -EINVAL;	/* moves bytes: mm_ecc_encode_page() */
	if (!e->eng)
		return 0;
	if (e->extra) {
		msgbuf = e->step + e->extra <= sizeof(mbuf) ? mbuf :
			 malloc(e->step + e->extra);
		if (!msgbuf)
			return -ENOMEM;
	}
	for (i = 0; i < e->steps; i++) {
		const uint8_t *d = step_msg(e, data, oob, i, msgbuf);

		e->eng->encode(e->state, d, e->step + e->extra, code);
		for (k = 0; k < e->bytes; k++)
			oob[e->eccpos[i * e->bytes + k]] = code[k];
	}
	if (msgbuf && msgbuf != mbuf)
		free(msgbuf);
	return 0;
}

int mm_ecc_read_page(struct mm_ecc *e, struct mm_dump *d, uint64_t page,
		     void *data, void *oob, struct mm_ecc_stat *st,
		     enum mm_page_state *state)
{
	uint32_t ps = e->geom.page_size, os = e->geom.oob_size;
	struct cache_ent *c = &e->cache[page % e->ncache];
	struct mm_ecc_stat s = { 0 };
	enum mm_page_state ps_state;
	uint8_t *buf;
	int ret;

	pthread_mutex_lock(&e->lock);
	if (c->page == page) {
		if (data)
			memcpy(data, c->buf, ps);
		if (oob)
			memcpy(oob, c->buf + ps, os);
		if (st)
			mm_ecc_stat_add(st, &c->st);
		if (state)
			*state = c->state;
		ret = c->ret;
		pthread_mutex_unlock(&e->lock);
		return ret;
	}
	pthread_mutex_unlock(&e->lock);
	buf = malloc((size_t)ps + os);
	if (!buf)
		return -ENOMEM;
	ret = mm_dump_read_page(d, page, buf, buf + ps);
	if (ret < 0) {
		free(buf);
		return ret;
	}
	if (ret == MM_PAGE_ABSENT || !mm_ecc_enabled(e)) {
		s.steps = e->steps;
		ps_state = MM_PAGE_CLEAN;
		if (ret == MM_PAGE_ABSENT) {
			s.erased_steps = e->steps;
			ps_state = MM_PAGE_ERASED;
		}
	} else {
		mm_ecc_correct_page(e, page, buf, buf + ps, &s, &ps_state);
	}
	if (data)
		memcpy(data, buf, ps);
	if (oob)
		memcpy(oob, buf + ps, os);
	if (st)
		mm_ecc_stat_add(st, &s);
	if (state)
		*state = ps_state;
	pthread_mutex_lock(&e->lock);
	free(c->buf);
	c->buf = buf;
	c->page = page;
	c->ret = ret;
	c->st = s;
	c->state = ps_state;
	pthread_mutex_unlock(&e->lock);
	return ret;
}
