// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * badblocks.c - the bad block map of an open dump, from every source: the
 * reader's own table, the on-flash BBT, the factory markers in the OOB and
 * --bad-blocks.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../formats/format.h"
#include "badblocks.h"
#include "bbt_onflash.h"

unsigned int mm_bbm_resolve_offset(const struct mm_geom *g,
				   const struct mm_bbm_cfg *cfg)
{
	if (cfg->offset >= 0)
		return cfg->offset;
	/* Kernel rule: large page or x16 → byte 0; small page x8 → byte 5. */
	if (g->page_size > 512 || g->bus_width == 16)
		return 0;
	return 5;
}

int mm_dump_scan_markers(struct mm_dump *d)
{
	const struct mm_geom *g = &d->geom;
	unsigned int off = mm_bbm_resolve_offset(g, &d->opts.bbm);
	unsigned int pages = d->opts.bbm.pages ? d->opts.bbm.pages :
			     MM_BBM_DEFAULT_PAGES;
	uint32_t ppb = g->pages_per_block;
	const uint32_t which[3] = { 0, ppb > 1 ? 1 : 0, ppb - 1 };
	const unsigned int bits[3] = { MM_BBM_FIRST, MM_BBM_SECOND,
				       MM_BBM_LAST };
	uint8_t *oob;
	uint64_t blk;
	int i, ret = 0;

	if (!g->oob_size)
		return 0;
	oob = malloc(g->oob_size);
	if (!oob)
		return -ENOMEM;
	for (blk = 0; blk < g->block_count; blk++) {
		for (i = 0; i < 3; i++) {
			if (!(pages & bits[i]))
				continue;
			ret = mm_dump_read_page(d, blk * ppb + which[i], NULL,
						oob);
			if (ret == MM_PAGE_ABSENT) {
				ret = 0;
				continue;
			}
			if (ret < 0)
				goto out_free;
			if (mm_bbm_is_bad(oob, g->oob_size, off,
					  g->bus_width == 16)) {
				mm_bbt_mark(&d->bbt, blk, MM_BBS_MARKER);
				break;
			}
		}
	}
out_free:
	free(oob);
	return ret < 0 ? ret : 0;
}

int mm_dump_build_bbt(struct mm_dump *d)
{
	size_t i;
	int ret;

	ret = mm_bbt_init(&d->bbt, d->geom.block_count);
	if (ret) {
		mm_set_error(&d->in, "cannot allocate the bad block map");
		return ret;
	}
	if (d->fmt->bad_blocks) {
		ret = d->fmt->bad_blocks(&d->in, &d->bbt);
		if (ret)
			return ret;
	}
	ret = mm_bbt_onflash_apply(d, NULL);
	if (ret)
		return ret;
	if (!d->opts.no_bbm_scan) {
		ret = mm_dump_scan_markers(d);
		if (ret) {
			if (!d->err[0])
				mm_set_error(&d->in, "reading bad block markers: %s",
					     strerror(-ret));
			return ret;
		}
	}
	for (i = 0; i < d->opts.n_bad_blocks; i++) {
		if (mm_bbt_mark(&d->bbt, d->opts.bad_blocks[i], MM_BBS_USER)) {
			mm_set_error(&d->in, "bad block %" PRIu64 " is past the last block (%" PRIu64 ")",
				     d->opts.bad_blocks[i],
				     d->geom.block_count - 1);
			return -EINVAL;
		}
	}
	return 0;
}

