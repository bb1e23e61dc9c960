// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sector.c - sector-interleaved pages ("adjacent" layout, flash-formats.md
 * F4): each page is stored as W / N repetitions of [N data][S * N / W spare],
 * as syndrome-style controllers place them and programmers read them back.
 * Normalized to page data followed by the OOB (the spare pieces in sector
 * order). Only with --format=sector; --sector-size N (default 512).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "linear.h"

#define SECTOR_DEFAULT	512

static uint32_t sector_size(const struct mm_dump *d)
{
	return d->opts.sector_size ? d->opts.sector_size : SECTOR_DEFAULT;
}

static int sector_probe(const struct mm_src *src, const struct mm_geom *hint)
{
	/* Same size arithmetic as page + OOB; never chosen on its own. */
	return mm_linear_probe(src, hint, true);
}

static int sector_open(struct mm_dump *d)
{
	const struct mm_geom *g = &d->geom;
	uint32_t n = sector_size(d);

	if (!g->oob_size) {
		mm_set_error(d, "format 'sector' needs an OOB size (--oob-size)");
		return -EINVAL;
	}
	if (!g->page_size || g->page_size % n || n > g->page_size) {
		mm_set_error(d, "sector size %" PRIu32 " does not divide the %" PRIu32 "-byte page",
			     n, g->page_size);
		return -EINVAL;
	}
	if (g->oob_size % (g->page_size / n)) {
		mm_set_error(d, "%" PRIu32 " OOB bytes do not split evenly over %" PRIu32 " sectors of %" PRIu32 " bytes",
			     g->oob_size, g->page_size / n, n);
		return -EINVAL;
	}
	return mm_linear_open(d, true);
}

static int sector_read_page(struct mm_dump *d, uint64_t page, void *data,
			    void *oob)
{
	const struct mm_geom *g = &d->geom;
	uint32_t n = sector_size(d), steps = g->page_size / n;
	uint32_t spare = g->oob_size / steps, i;
	uint8_t *rec, *p;
	int ret;

	rec = malloc((size_t)g->page_size + g->oob_size);
	if (!rec)
		return -ENOMEM;
	ret = mm_linear_read_page(d, page, rec, rec + g->page_size);
	if (ret < 0)
		goto out_free;
	/* rec holds the stored bytes: [n data][spare] per sector. */
	p = rec;
	for (i = 0; i < steps; i++) {
		if (data)
			memcpy((uint8_t *)data + (size_t)i * n, p, n);
		p += n;
		if (oob)
			memcpy((uint8_t *)oob + (size_t)i * spare, p, spare);
		p += spare;
	}
out_free:
	free(rec);
	return ret;
}

const struct mm_format mm_fmt_sector = {
	.name = "sector",
	.desc = "spare interleaved per sector: [512 data][S/(W/512) spare]... per page (--sector-size)",
	.flags = MM_FMT_HAS_OOB | MM_FMT_NEEDS_GEOMETRY | MM_FMT_NO_AUTODETECT,
	.probe = sector_probe,
	.open = sector_open,
	.read_page = sector_read_page,
	.close = mm_linear_close,
};
