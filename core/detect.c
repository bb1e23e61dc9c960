// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * detect.c - geometry detection from size and content.
 *
 * TODO: content evidence (UBI EC header stride, JFFS2 node chains, spare
 * area signature); this first version settles only what the options and the
 * common page/block pairs imply.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "detect.h"

int mm_detect_geometry(struct mm_dump *d, struct mm_geom *g, bool oob_known)
{
	if (!g->page_size || !oob_known) {
		mm_set_error(d, "cannot detect the geometry yet (give --page-size and --oob-size)");
		return -EINVAL;
	}
	if (!g->pages_per_block) {
		g->pages_per_block = g->page_size <= 512 ? 32 : 64;
		snprintf(d->geom_why, sizeof(d->geom_why),
			 "page size given, %" PRIu32 " pages per block assumed",
			 g->pages_per_block);
	}
	return 0;
}
