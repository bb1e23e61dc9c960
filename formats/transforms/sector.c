// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sector.c - sector-interleaved pages ("adjacent" layout, flash-formats.md
 * F4): each page is stored as W / N repetitions of [N data][S * N / W spare],
 * as syndrome-style controllers place them and programmers read them back.
 * Only with --format=sector; --sector-size N (default 512).
 *
 * mm_sector_push() puts a de-interleaving source on the file that shows
 * every page as [W data][S spare] (the spare pieces in sector order), so
 * geometry detection, bad block markers and ECC see the page as the kernel
 * lays it out. Choosing the geometry and the `sector` reader that reads the
 * view are in formats/sector.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transform.h"

struct sector_view {
	uint32_t page_size, oob_size, n, spare;
};

/* Offset in the file of byte @x of a normalized page record. */
static uint64_t sector_map(const struct sector_view *v, uint64_t x,
			   size_t *run)
{
	uint64_t chunk = (uint64_t)v->n + v->spare, i, j;

	if (x < v->page_size) {
		i = x / v->n;
		j = x % v->n;
		*run = v->n - j;
		return i * chunk + j;
	}
	x -= v->page_size;
	i = x / v->spare;
	j = x % v->spare;
	*run = v->spare - j;
	return i * chunk + v->n + j;
}

static ssize_t sector_pread(const struct mm_src *src, void *buf, size_t len,
			    uint64_t off)
{
	const struct sector_view *v = src->priv;
	uint64_t rec = (uint64_t)v->page_size + v->oob_size;
	size_t done = 0;

	if (off >= src->size)
		return 0;
	if (len > src->size - off)
		len = src->size - off;
	while (done < len) {
		uint64_t pos = off + done, page = pos / rec;
		size_t run;
		uint64_t at = page * rec + sector_map(v, pos % rec, &run);
		ssize_t got;

		if (run > len - done)
			run = len - done;
		got = mm_src_pread(src->lower, (uint8_t *)buf + done, run, at);
		if (got < 0)
			return got;
		done += got;
		if ((size_t)got < run)
			break;
	}
	return done;
}

static void sector_close(struct mm_src *src)
{
	free(src->priv);
	src->priv = NULL;
}

static bool sector_layer_name(const struct mm_src *s, char *buf, size_t len);

static const struct mm_src_ops sector_ops = {
	.name = sector_layer_name,
	.kind = "transform",
	.pread = sector_pread,
	.close = sector_close,
};

bool mm_sector_fits(uint64_t size, uint32_t w, uint32_t s, uint32_t n)
{
	return w && s && n <= w && !(w % n) && !(s % (w / n)) &&
	       size && !(size % ((uint64_t)w + s));
}

int mm_sector_push(struct mm_input *d, uint32_t w, uint32_t s, uint32_t n)
{
	struct sector_view *v = malloc(sizeof(*v));
	int ret;

	if (!v)
		return -ENOMEM;
	v->page_size = w;
	v->oob_size = s;
	v->n = n;
	v->spare = s / (w / n);
	ret = mm_src_stack(&d->src, &sector_ops, v, d->src.size);
	if (ret)
		free(v);
	return ret;
}

/* Undo mm_sector_push(): the view goes, the file source comes back. */
void mm_sector_pop(struct mm_input *d)
{
	struct mm_src *lower = d->src.lower;

	d->src.lower = NULL;
	mm_src_close(&d->src);
	d->src = *lower;
	free(lower);
}

static bool sector_layer_name(const struct mm_src *s, char *buf, size_t len)
{
	const struct sector_view *v = s->priv;

	if (s->ops != &sector_ops)
		return false;
	snprintf(buf, len, "sector-interleaved, %" PRIu32 " x [%" PRIu32 " data][%" PRIu32 " spare] per page",
		 v->page_size / v->n, v->n, v->spare);
	return true;
}


bool mm_sector_is_view(const struct mm_src *src)
{
	return src->ops == &sector_ops;
}
