// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sector.c - sector-interleaved pages ("adjacent" layout, flash-formats.md
 * F4): each page is stored as W / N repetitions of [N data][S * N / W spare],
 * as syndrome-style controllers place them and programmers read them back.
 * Only with --format=sector; --sector-size N (default 512).
 *
 * mm_sector_stack() puts a de-interleaving source on the file that shows
 * every page as [W data][S spare] (the spare pieces in sector order), so
 * geometry detection, bad block markers and ECC see the page as the kernel
 * lays it out; the `sector` reader then reads that view like `oob`. When
 * the page and OOB sizes are not given, each common geometry that fits the
 * file is tried: the one whose de-interleaved view detection confirms wins.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../detect.h"
#include "transform.h"
#include "../containers/container.h"
#include "../linear.h"

#define SECTOR_DEFAULT	512

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

static const struct mm_src_ops sector_ops = {
	.pread = sector_pread,
	.close = sector_close,
};

static bool sector_fits(uint64_t size, uint32_t w, uint32_t s, uint32_t n)
{
	return w && s && n <= w && !(w % n) && !(s % (w / n)) &&
	       size && !(size % ((uint64_t)w + s));
}

static int sector_push(struct mm_dump *d, uint32_t w, uint32_t s, uint32_t n)
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

/* Undo sector_push(): the view goes, the file source comes back. */
static void sector_pop(struct mm_dump *d)
{
	struct mm_src *lower = d->src.lower;

	d->src.lower = NULL;
	mm_src_close(&d->src);
	d->src = *lower;
	free(lower);
}

static const uint32_t sector_pairs[][2] = {
	{ 2048, 64 }, { 512, 16 }, { 4096, 224 }, { 4096, 128 },
	{ 2048, 128 }, { 4096, 256 }, { 8192, 448 }, { 8192, 640 },
	{ 8192, 744 }, { 8192, 436 }, { 16384, 1280 }, { 16384, 1664 },
	{ 1024, 32 },
};

int mm_sector_stack(struct mm_dump *d)
{
	const struct mm_geom *given = &d->opts.geom;
	uint32_t n = d->opts.sector_size ? d->opts.sector_size : SECTOR_DEFAULT;
	size_t i, npairs = sizeof(sector_pairs) / sizeof(sector_pairs[0]);
	char tried[160] = "";
	size_t l = 0;
	int ret;

	if (!d->opts.format || strcmp(d->opts.format, "sector"))
		return 0;
	if (given->page_size && d->opts.oob_size_set) {
		if (!sector_fits(d->src.size, given->page_size,
				 given->oob_size, n)) {
			if (!given->oob_size)
				mm_set_error(d, "format 'sector' needs an OOB size (--oob-size)");
			else if (given->page_size % n || n > given->page_size)
				mm_set_error(d, "sector size %" PRIu32 " does not divide the %" PRIu32 "-byte page",
					     n, given->page_size);
			else if (given->oob_size % (given->page_size / n))
				mm_set_error(d, "%" PRIu32 " OOB bytes do not split evenly over %" PRIu32 " sectors of %" PRIu32 " bytes",
					     given->oob_size, given->page_size / n, n);
			else
				mm_set_error(d, "size %" PRIu64 " is not a multiple of the %" PRIu32 "-byte page record",
					     d->src.size,
					     given->page_size + given->oob_size);
			return -EINVAL;
		}
		return sector_push(d, given->page_size, given->oob_size, n);
	}
	for (i = 0; i < npairs; i++) {
		uint32_t w = sector_pairs[i][0], s = sector_pairs[i][1];
		struct mm_geom g = { 0 };

		if ((given->page_size && given->page_size != w) ||
		    (d->opts.oob_size_set && given->oob_size != s) ||
		    !sector_fits(d->src.size, w, s, n))
			continue;
		ret = sector_push(d, w, s, n);
		if (ret)
			return ret;
		g.pages_per_block = given->pages_per_block;
		ret = mm_detect_geometry(d, &g, false);
		if (!ret && g.page_size == w && g.oob_size == s) {
			d->opts.geom.page_size = w;
			d->opts.geom.oob_size = s;
			d->opts.oob_size_set = true;
			d->err[0] = 0;
			return 0;
		}
		sector_pop(d);
		if (l < sizeof(tried))
			l += snprintf(tried + l, sizeof(tried) - l, "%s%" PRIu32 "+%" PRIu32,
				      l ? ", " : "", w, s);
	}
	d->geom_why[0] = 0;
	mm_set_error(d, "format 'sector': no page geometry is confirmed with %" PRIu32 "-byte sectors (tried %s; give --page-size and --oob-size)",
		     n, l ? tried : "none that fits the size");
	return -EINVAL;
}

bool mm_sector_layer_name(const struct mm_src *s, char *buf, size_t len)
{
	const struct sector_view *v = s->priv;

	if (s->ops != &sector_ops)
		return false;
	snprintf(buf, len, "sector-interleaved, %" PRIu32 " x [%" PRIu32 " data][%" PRIu32 " spare] per page",
		 v->page_size / v->n, v->n, v->spare);
	return true;
}

static int sector_probe(const struct mm_src *src, const struct mm_geom *hint)
{
	/* Never asked (MM_FMT_NO_AUTODETECT); the size arithmetic of oob. */
	return mm_linear_probe(src, hint, true);
}

static int sector_open(struct mm_dump *d)
{
	if (d->src.ops != &sector_ops) {
		/* The view is stacked by mm_sector_stack() for --format=sector. */
		mm_set_error(d, "format 'sector' is only available with --format=sector");
		return -EINVAL;
	}
	return mm_linear_open(d, true);
}

const struct mm_format mm_fmt_sector = {
	.name = "sector",
	.desc = "spare interleaved per sector: [512 data][S/(W/512) spare]... per page (--sector-size)",
	.flags = MM_FMT_HAS_OOB | MM_FMT_NEEDS_GEOMETRY | MM_FMT_NO_AUTODETECT,
	.probe = sector_probe,
	.open = sector_open,
	.read_page = mm_linear_read_page,
	.close = mm_linear_close,
};
