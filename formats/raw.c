// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * raw.c - data only: pages back to back, no spare area (NOR dumps, nanddump
 * without --oob, mkfs.jffs2 and ubinize images, dd of /dev/mtdX).
 */
#include "linear.h"

static int raw_probe(const struct mm_src *src, const struct mm_geom *hint)
{
	/* Anything can be read as data only; say so with the lowest bid. */
	if (!src->size)
		return 0;
	if (hint->oob_size)
		return 0;
	return mm_linear_probe(src, hint, false) ? 1 : 0;
}

static int raw_open(struct mm_input *d)
{
	return mm_linear_open(d, false);
}

const struct mm_format mm_fmt_raw = {
	.name = "raw",
	.desc = "data only, no OOB (NOR, nanddump without --oob, dd of /dev/mtdX, fs images)",
	.flags = MM_FMT_NEEDS_GEOMETRY,
	.probe = raw_probe,
	.open = raw_open,
	.read_page = mm_linear_read_page,
	.close = mm_linear_close,
};
