// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sector.c - the `sector` reader: sector-interleaved pages (flash-formats.md
 * F4), only with --format=sector; --sector-size N (default 512).
 *
 * mm_sector_stack() stacks the de-interleaving view of
 * formats/transforms/sector.c on the file. When the page and OOB sizes are
 * not given, each common geometry that fits the file is tried: the one whose
 * de-interleaved view geometry detection confirms wins. The reader then
 * reads that view like `oob`.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "detect.h"
#include "format.h"
#include "linear.h"
#include "transforms/transform.h"

#define SECTOR_DEFAULT	512

static const uint32_t sector_pairs[][2] = {
	{ 2048, 64 }, { 512, 16 }, { 4096, 224 }, { 4096, 128 },
	{ 2048, 128 }, { 4096, 256 }, { 8192, 448 }, { 8192, 640 },
	{ 8192, 744 }, { 8192, 436 }, { 16384, 1280 }, { 16384, 1664 },
	{ 1024, 32 },
};

int mm_sector_stack(struct mm_input *d)
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
		if (!mm_sector_fits(d->src.size, given->page_size,
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
		return mm_sector_push(d, given->page_size, given->oob_size, n);
	}
	for (i = 0; i < npairs; i++) {
		uint32_t w = sector_pairs[i][0], s = sector_pairs[i][1];
		struct mm_geom g = { 0 };

		if ((given->page_size && given->page_size != w) ||
		    (d->opts.oob_size_set && given->oob_size != s) ||
		    !mm_sector_fits(d->src.size, w, s, n))
			continue;
		ret = mm_sector_push(d, w, s, n);
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
		mm_sector_pop(d);
		if (l < sizeof(tried))
			l += snprintf(tried + l, sizeof(tried) - l, "%s%" PRIu32 "+%" PRIu32,
				      l ? ", " : "", w, s);
	}
	d->geom_why[0] = 0;
	mm_set_error(d, "format 'sector': no page geometry is confirmed with %" PRIu32 "-byte sectors (tried %s; give --page-size and --oob-size)",
		     n, l ? tried : "none that fits the size");
	return -EINVAL;
}

static int sector_probe(const struct mm_src *src, const struct mm_geom *hint)
{
	/* Never asked (MM_FMT_NO_AUTODETECT); the size arithmetic of oob. */
	return mm_linear_probe(src, hint, true);
}

static int sector_open(struct mm_input *d)
{
	if (!mm_sector_is_view(&d->src)) {
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
