// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * split.c - --oob-file: the page data and the spare areas in two files with
 * the same page order (Picod --save-oob, split_blocks, analysts' splits),
 * read as page + OOB records so every reader that expects spare bytes
 * after each page works on them.
 *
 * The page and OOB sizes come from the options, or from the two file
 * sizes: data = pages * W and spare = pages * S, so W / S is their ratio.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"

struct split {
	struct mm_src *oob;
	const char *oob_path;
	uint32_t page_size;
	uint32_t oob_size;
};

static ssize_t split_pread(const struct mm_src *src, void *buf, size_t len,
			   uint64_t off)
{
	const struct split *s = src->priv;
	uint64_t rec = (uint64_t)s->page_size + s->oob_size;
	size_t done = 0;

	if (off >= src->size)
		return 0;
	if (len > src->size - off)
		len = src->size - off;
	while (done < len) {
		uint64_t pos = off + done, page = pos / rec, x = pos % rec;
		size_t n;
		ssize_t got;

		if (x < s->page_size) {
			n = s->page_size - x;
			if (n > len - done)
				n = len - done;
			got = mm_src_pread(src->lower, (uint8_t *)buf + done, n,
					   page * s->page_size + x);
		} else {
			n = rec - x;
			if (n > len - done)
				n = len - done;
			got = mm_src_pread(s->oob, (uint8_t *)buf + done, n,
					   page * s->oob_size +
					   (x - s->page_size));
		}
		if (got < 0)
			return got;
		done += got;
		if ((size_t)got < n)
			break;
	}
	return done;
}

static void split_close(struct mm_src *src)
{
	struct split *s = src->priv;

	if (s) {
		mm_src_close(s->oob);
		free(s->oob);
		free(s);
	}
	src->priv = NULL;
}

static bool split_layer_name(const struct mm_src *s, char *buf, size_t len);

static const struct mm_src_ops split_ops = {
	.name = split_layer_name,
	.kind = "container",
	.pread = split_pread,
	.close = split_close,
};

static bool split_layer_name(const struct mm_src *s, char *buf, size_t len)
{
	const struct split *sp = s->priv;

	if (s->ops != &split_ops)
		return false;
	snprintf(buf, len, "spare areas from '%s' (%" PRIu32 "+%" PRIu32 ")",
		 sp->oob_path ? sp->oob_path : "?", sp->page_size,
		 sp->oob_size);
	return true;
}

/* Common page + spare sizes, most frequent first (for the size ratio). */
static const uint32_t split_pairs[][2] = {
	{ 2048, 64 }, { 512, 16 }, { 4096, 224 }, { 4096, 128 },
	{ 2048, 128 }, { 4096, 256 }, { 8192, 448 }, { 8192, 640 },
	{ 8192, 744 }, { 8192, 436 }, { 16384, 1280 }, { 16384, 1664 },
	{ 256, 8 }, { 1024, 32 },
};

static bool pair_fits(uint64_t dsize, uint64_t osize, uint32_t w, uint32_t s)
{
	return w && s && !(dsize % w) && !(osize % s) &&
	       dsize / w == osize / s;
}

static int split_geometry(struct mm_input *d, uint64_t dsize, uint64_t osize,
			  uint32_t *w, uint32_t *s)
{
	const struct mm_geom *g = &d->opts.geom;
	size_t i, n = sizeof(split_pairs) / sizeof(split_pairs[0]);
	char also[128] = "";
	size_t l = 0;

	if (!dsize || !osize) {
		mm_set_error(d, "--oob-file: the %s file is empty",
			     dsize ? "OOB" : "data");
		return -EINVAL;
	}
	if (g->page_size) {
		*w = g->page_size;
		if (dsize % *w) {
			mm_set_error(d, "--oob-file: data size %" PRIu64 " is not a multiple of the %" PRIu32 "-byte page",
				     dsize, *w);
			return -EINVAL;
		}
		if (osize % (dsize / *w)) {
			mm_set_error(d, "--oob-file: OOB file size %" PRIu64 " does not divide into the %" PRIu64 " pages of the data file",
				     osize, dsize / *w);
			return -EINVAL;
		}
		*s = osize / (dsize / *w);
	} else if (d->opts.oob_size_set && g->oob_size) {
		*s = g->oob_size;
		if (osize % *s || dsize % (osize / *s)) {
			mm_set_error(d, "--oob-file: OOB file size %" PRIu64 " and data size %" PRIu64 " do not fit %" PRIu32 "-byte spare areas",
				     osize, dsize, *s);
			return -EINVAL;
		}
		*w = dsize / (osize / *s);
	} else {
		*w = *s = 0;
		for (i = 0; i < n; i++) {
			if (!pair_fits(dsize, osize, split_pairs[i][0],
				       split_pairs[i][1]))
				continue;
			if (!*w) {
				*w = split_pairs[i][0];
				*s = split_pairs[i][1];
			} else if (l < sizeof(also)) {
				l += snprintf(also + l, sizeof(also) - l,
					      "%s%" PRIu32 "+%" PRIu32,
					      l ? ", " : "", split_pairs[i][0],
					      split_pairs[i][1]);
			}
		}
		if (!*w) {
			mm_set_error(d, "--oob-file: data size %" PRIu64 " and OOB size %" PRIu64 " fit no common page geometry (give --page-size)",
				     dsize, osize);
			return -EINVAL;
		}
		snprintf(d->geom_why, sizeof(d->geom_why),
			 "data and OOB file sizes fit %" PRIu32 "+%" PRIu32 "%s%s%s",
			 *w, *s, l ? " (also " : "", also,
			 l ? "; give --page-size to choose)" : "");
	}
	if (d->opts.oob_size_set && g->oob_size != *s) {
		mm_set_error(d, "--oob-file: the files hold %" PRIu32 " spare bytes per page, not %" PRIu32,
			     *s, g->oob_size);
		return -EINVAL;
	}
	if (!*s || *s > *w) {
		mm_set_error(d, "--oob-file: %" PRIu32 " spare bytes for a %" PRIu32 "-byte page is not plausible",
			     *s, *w);
		return -EINVAL;
	}
	return 0;
}

int mm_split_stack(struct mm_input *d, struct mm_src *oob)
{
	struct split *s;
	uint32_t w, sp;
	uint64_t pages;
	int ret;

	ret = split_geometry(d, d->src.size, oob->size, &w, &sp);
	if (ret)
		return ret;
	pages = d->src.size / w;
	s = malloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->oob = oob;
	s->oob_path = d->opts.oob_file;
	s->page_size = w;
	s->oob_size = sp;
	ret = mm_src_stack(&d->src, &split_ops, s, pages * (w + sp));
	if (ret) {
		free(s);
		return ret;
	}
	d->opts.geom.page_size = w;
	d->opts.geom.oob_size = sp;
	d->opts.oob_size_set = true;
	return 0;
}
