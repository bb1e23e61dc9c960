// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mtdparts.c - the "mtdparts=" string prober: a matcher over the data of
 * all good blocks, across page and block boundaries (a bad or absent block
 * ends a string). Each distinct value is one item, counted.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "prober.h"

#define MTDPARTS_MAX		1024
#define MTDPARTS_ITEMS_MAX	32

static const char mtd_needle[] = "mtdparts=";

extern const struct mm_prober mm_prober_mtdparts;

/* An item: one distinct value (its offset: the first occurrence's). */
struct mtdparts_item {
	char *value;		/* the string after "mtdparts=" */
	uint64_t count;		/* how often it was found */
};

struct mtdparts {
	unsigned int state;	/* needle bytes matched */
	bool capture;		/* the value is being read */
	uint64_t off;		/* device data offset of the match */
	char val[MTDPARTS_MAX];
	size_t len;
	size_t n_items;
};

static int mtdparts_found(struct mm_probe *pr, struct mtdparts *m)
{
	struct mtdparts_item *it;
	struct mm_content *c;
	char *value;
	size_t i;

	/* U-Boot's variable is often "mtdparts=mtdparts=nand0:...". */
	while (m->len >= sizeof(mtd_needle) - 1 &&
	       !memcmp(m->val, mtd_needle, sizeof(mtd_needle) - 1)) {
		m->len -= sizeof(mtd_needle) - 1;
		memmove(m->val, m->val + sizeof(mtd_needle) - 1, m->len);
	}
	if (m->len < 3 || !memchr(m->val, ':', m->len))
		return 0;
	for (i = 0; i < pr->res->n_items; i++) {
		c = &pr->res->items[i];
		if (!mm_probe_is(c, &mm_prober_mtdparts))
			continue;
		it = c->priv;
		if (strlen(it->value) == m->len &&
		    !memcmp(it->value, m->val, m->len)) {
			it->count++;
			return 0;
		}
	}
	if (m->n_items >= MTDPARTS_ITEMS_MAX)
		return 0;
	value = strndup(m->val, m->len);
	if (!value)
		return -ENOMEM;
	c = mm_probe_add_item(pr, &mm_prober_mtdparts, m->off / pr->eb);
	if (!c) {
		free(value);
		return -ENOMEM;
	}
	c->offset = m->off;
	c->inner = true;
	it = c->priv;
	it->value = value;
	it->count = 1;
	m->n_items++;
	return 0;
}

static bool mt_terminator(uint8_t c)
{
	return c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == ';';
}

/* @off: the device data offset of p[0]. */
static int mtdparts_feed(struct mm_probe *pr, struct mtdparts *m,
			 const uint8_t *p, size_t n, uint64_t off)
{
	size_t i = 0;
	int ret;

	while (i < n) {
		uint8_t c = p[i];

		if (m->capture) {
			if (mt_terminator(c) || m->len == MTDPARTS_MAX) {
				m->capture = false;
				ret = mtdparts_found(pr, m);
				if (ret)
					return ret;
				continue;
			}
			m->val[m->len++] = c;
			i++;
			continue;
		}
		if (!m->state) {
			const uint8_t *q = memchr(p + i, 'm', n - i);

			if (!q)
				break;
			i = q - p;
			m->state = 1;
			m->off = off + i;
			i++;
			continue;
		}
		if (c == (uint8_t)mtd_needle[m->state]) {
			if (++m->state == sizeof(mtd_needle) - 1) {
				m->state = 0;
				m->capture = true;
				m->len = 0;
			}
			i++;
			continue;
		}
		/* 'm' occurs once in the needle: restart at this byte. */
		m->state = 0;
	}
	return 0;
}

static int mtdparts_page(struct mm_probe *pr, void *priv, uint32_t p,
			 const uint8_t *data, const uint8_t *oob)
{
	uint32_t ps = pr->g->page_size;
	uint64_t page = pr->blk * pr->g->pages_per_block + p;

	(void)oob;
	return mtdparts_feed(pr, priv, data, ps, page * ps);
}

static int mtdparts_gap(struct mm_probe *pr, void *priv)
{
	struct mtdparts *m = priv;

	m->state = 0;
	if (!m->capture)
		return 0;
	m->capture = false;
	return mtdparts_found(pr, m);
}

static void mtdparts_release(struct mm_content *c)
{
	struct mtdparts_item *it = c->priv;

	free(it->value);
}

static void mtdparts_describe(const struct mm_content *c,
			      struct mm_writer *w)
{
	const struct mtdparts_item *it = c->priv;

	mm_writer_str(w, "value", it->value);
	mm_writer_u64(w, "count", it->count);
}

static void mtdparts_summary(const struct mm_content *c, struct mm_writer *w)
{
	const struct mtdparts_item *it = c->priv;

	mm_writer_text(w, "at 0x%" PRIx64 ", ", c->offset);
	if (it->count > 1)
		mm_writer_text(w, "%" PRIu64 " times, ", it->count);
	mm_writer_text(w, "mtdparts=%s", it->value);
}

const struct mm_prober mm_prober_mtdparts = {
	.name		= "mtdparts",
	.item_size	= sizeof(struct mtdparts_item),
	.priv_size	= sizeof(struct mtdparts),
	.page		= mtdparts_page,
	.gap		= mtdparts_gap,
	.release	= mtdparts_release,
	.describe	= mtdparts_describe,
	.summary	= mtdparts_summary,
};
