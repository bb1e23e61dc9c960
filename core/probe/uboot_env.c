// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uboot_env.c - the U-Boot environment prober: an environment at the start
 * of an eraseblock or of LEB 0 of a UBI volume (CONFIG_ENV_IS_IN_UBI), with
 * or without the flag byte of the redundant environment; its size is found
 * from the CRC.
 *
 * Layout (include/env.h): crc32 le32 @0, [flags u8 @4 in a redundant
 * environment], then "key=value\0" pairs ended by an empty string; the CRC
 * (zlib's) covers everything after the header up to the configured size.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../util/crc32.h"
#include "bytes.h"
#include "prober.h"

#define ENV_STEP	256	/* environment sizes tried: multiples */
#define ENV_KEY_MAX	64
#define ENV_KEYS_MAX	8192	/* bytes of key names kept */

extern const struct mm_prober mm_prober_uboot_env;

/* An item: one environment. */
struct env_item {
	uint32_t size;		/* CRC covered bytes + header */
	bool redundant;		/* has the flag byte of a redundant one */
	uint8_t flags;		/* that byte */
	char *keys;		/* the variable names in order, NUL-separated */
	size_t keys_len;
	size_t n_keys;
};

/* One candidate: its CRC field at block offset @base (0, or a UBI LEB's
 * data_offset), its data from block offset @start. */
struct env_cand {
	bool active;
	uint32_t base;
	uint32_t start;
	uint32_t stored;	/* the CRC field */
	uint8_t flags;		/* the byte after it (redundant environment) */
	uint32_t crc;
	uint32_t size;		/* environment size when the CRC matched */
	bool ended;		/* the empty string that ends the list was seen */
	bool bad;
	bool in_key;
	char key[ENV_KEY_MAX];
	size_t klen;
	char *keys;
	size_t keys_len;
	size_t n_keys;
};

/* The block being read: without and with the flag byte. */
struct env {
	struct env_cand cand[2];
};

static bool env_key_char(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' ||
	       c == ':' || c == '/' || c == '#' || c == '+';
}

/* A plausible start: a key of at most ENV_KEY_MAX name characters and '='. */
static bool env_plausible(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < ENV_KEY_MAX; i++) {
		if (p[i] == '=')
			return i > 0;
		if (!env_key_char(p[i]))
			return false;
	}
	return false;
}

static void env_reset(struct env_cand *e)
{
	free(e->keys);
	memset(e, 0, sizeof(*e));
}

static void env_push_key(struct env_cand *e)
{
	char *n;

	if (e->keys_len + e->klen + 1 > ENV_KEYS_MAX)
		return;
	n = realloc(e->keys, e->keys_len + e->klen + 1);
	if (!n) {
		e->bad = true;
		return;
	}
	e->keys = n;
	memcpy(e->keys + e->keys_len, e->key, e->klen);
	e->keys_len += e->klen;
	e->keys[e->keys_len++] = '\0';
	e->n_keys++;
}

static void env_parse(struct env_cand *e, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && !e->ended && !e->bad; i++) {
		uint8_t c = p[i];

		if (e->in_key) {
			if (c == '=') {
				if (!e->klen)
					e->bad = true;
				else
					env_push_key(e);
				e->in_key = false;
			} else if (c == '\0') {
				if (e->klen)
					e->bad = true;
				else
					e->ended = true;
			} else if (c < 0x20 || c >= 0x7f || e->klen >= ENV_KEY_MAX - 1) {
				e->bad = true;
			} else {
				e->key[e->klen++] = c;
			}
		} else if (c == '\0') {
			e->in_key = true;
			e->klen = 0;
		}
	}
}

/*
 * Feed the block bytes [off, off + n) to a candidate.
 * TODO: environments larger than one eraseblock (small-page NAND with
 * CONFIG_ENV_SIZE over 16 KiB) are not recognised.
 */
static void env_feed(struct env_cand *e, const uint8_t *p, uint64_t off,
		     size_t n)
{
	uint64_t end = off + n;

	if (!e->active || e->size)
		return;
	if (off < e->start) {
		if (end <= e->start)
			return;
		p += e->start - off;
		off = e->start;
	}
	env_parse(e, p, end - off);
	while (off < end) {
		uint64_t next = (off / ENV_STEP + 1) * ENV_STEP;

		if (next > end)
			next = end;
		e->crc = mm_crc32_le(e->crc, p, next - off);
		p += next - off;
		off = next;
		if (off % ENV_STEP == 0 && ~e->crc == e->stored && e->ended &&
		    !e->bad && e->n_keys) {
			e->size = off - e->base;
			return;
		}
	}
}

/*
 * Start both candidates (without and with the flag byte of a redundant
 * environment) at block offset @base, inside the page at @poff.
 */
static void env_start(struct env *env, const uint8_t *page, uint64_t poff,
		      uint32_t base, uint32_t ps)
{
	uint32_t in = base - poff;
	int i;

	if (base < poff || in + 5 >= ps)
		return;
	for (i = 0; i < 2; i++) {
		struct env_cand *e = &env->cand[i];

		e->base = base;
		e->start = base + 4 + i;
		e->stored = mm_le32(page + in);
		e->flags = page[in + 4];
		e->active = env_plausible(page + in + 4 + i, ps - in - 4 - i);
		e->crc = 0xFFFFFFFFu;
		e->in_key = true;
	}
}

static struct env_cand *env_found(struct env *env)
{
	int i;

	for (i = 0; i < 2; i++)
		if (env->cand[i].active && env->cand[i].size)
			return &env->cand[i];
	return NULL;
}

static int env_page(struct mm_probe *pr, void *priv, uint32_t p,
		    const uint8_t *data, const uint8_t *oob)
{
	struct env *env = priv;
	uint32_t ps = pr->g->page_size;
	uint64_t poff = (uint64_t)p * ps;
	int i;

	(void)oob;
	if (p == 0)
		for (i = 0; i < 2; i++)
			env_reset(&env->cand[i]);
	if (pr->erased)
		return 0;
	if (pr->payload != MM_PROBE_NO_PAYLOAD && poff <= pr->payload &&
	    pr->payload < poff + ps)
		env_start(env, data, poff, pr->payload, ps);
	for (i = 0; i < 2; i++)
		env_feed(&env->cand[i], data, poff, ps);
	return 0;
}

/* An item for the environment found in this block. */
static struct mm_content *env_item(struct mm_probe *pr, struct env_cand *e)
{
	struct mm_content *c = mm_probe_add_item(pr, &mm_prober_uboot_env,
						 pr->blk);
	struct env_item *it;

	if (!c)
		return NULL;
	it = c->priv;
	it->size = e->size;
	it->redundant = e->start == e->base + 5;
	it->flags = it->redundant ? e->flags : 0;
	it->keys = e->keys;
	it->keys_len = e->keys_len;
	it->n_keys = e->n_keys;
	e->keys = NULL;
	return c;
}

/* An environment ends the open item and stands alone in its block. */
static int env_claim(struct mm_probe *pr, void *priv)
{
	struct env_cand *e = env_found(priv);
	int ret;

	if (!e)
		return 0;
	ret = mm_probe_close(pr);
	if (ret)
		return ret;
	return env_item(pr, e) ? 1 : -ENOMEM;
}

static int env_volume(struct mm_probe *pr, void *priv, const uint8_t *leb,
		      uint32_t len, uint32_t vol_id)
{
	struct env_cand *e = env_found(priv);

	(void)leb;
	(void)len;
	(void)vol_id;
	if (!e)
		return 0;
	return env_item(pr, e) ? 1 : -ENOMEM;
}

static void env_release(struct mm_content *c)
{
	struct env_item *it = c->priv;

	free(it->keys);
}

static void env_free(void *priv)
{
	struct env *env = priv;
	int i;

	for (i = 0; i < 2; i++)
		env_reset(&env->cand[i]);
}

static void env_describe(const struct mm_content *c, struct mm_writer *w)
{
	const struct env_item *it = c->priv;
	const char *k;
	size_t i;

	mm_writer_u64(w, "env_size", it->size);
	mm_writer_bool(w, "redundant", it->redundant);
	if (it->redundant)
		mm_writer_u64(w, "flags", it->flags);
	mm_writer_array_begin(w, "keys");
	for (k = it->keys, i = 0; i < it->n_keys; k += strlen(k) + 1, i++)
		mm_writer_str(w, NULL, k);
	mm_writer_array_end(w);
}

static void env_summary(const struct mm_content *c, struct mm_writer *w)
{
	const struct env_item *it = c->priv;
	const char *k;
	size_t i;

	mm_writer_text(w, "%" PRIu32 " bytes%s, %zu variables:", it->size,
		       it->redundant ? ", redundant" : "", it->n_keys);
	for (k = it->keys, i = 0; i < it->n_keys; k += strlen(k) + 1, i++)
		mm_writer_text(w, " %s", k);
}

const struct mm_prober mm_prober_uboot_env = {
	.name		= "uboot-env",
	.item_size	= sizeof(struct env_item),
	.priv_size	= sizeof(struct env),
	.page		= env_page,
	.claim		= env_claim,
	.volume		= env_volume,
	.release	= env_release,
	.free		= env_free,
	.describe	= env_describe,
	.summary	= env_summary,
};
