// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * open.c - the opener: options in, an open dump out. One read of the chip
 * is opened as pages by formats/open.c; here the extra reads are opened the
 * same way and fused, the bad block map is built and the sub-page size is
 * settled. Every front end opens its dump through mm_dump_open().
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../formats/detect.h"
#include "../formats/open.h"
#include "badblocks.h"
#include "ecc/ecc.h"
#include "fusion.h"
#include "open.h"

/*
 * Sub-page size from a UBI image when nothing else tells: UBI puts its VID
 * header at the sub-page size by default and refuses to attach when the MTD
 * reports a larger sub-page ("bad VID header offset 512, expected 2048").
 * EC header facts (drivers/mtd/ubi/ubi-media.h): magic "UBI#", version 1 at
 * byte 4, big-endian vid_hdr_offset at 16 and data_offset at 20; the first
 * good block holding one decides. Read as stored (@e NULL) or, once a
 * vendor layout is known, through it (mm_dump_subpage_from_ubi()).
 */
static void subpage_from_ubi(struct mm_dump *d, struct mm_ecc *e)
{
	struct mm_geom *g = &d->geom;
	uint32_t vho, dof;
	uint64_t blk;
	uint8_t *buf;
	size_t n;

	if (g->subpage_size || g->page_size <= 512)
		return;
	buf = malloc(g->page_size);
	if (!buf)
		return;
	for (blk = 0; blk < g->block_count && blk < 64; blk++) {
		if (mm_bbt_is_bad(&d->bbt, blk))
			continue;
		if ((e ? mm_ecc_read_page(e, d, blk * g->pages_per_block, buf,
					  NULL, NULL, NULL) :
			 mm_dump_read_page(d, blk * g->pages_per_block, buf,
					   NULL)) != 0)
			continue;
		if (memcmp(buf, "UBI#", 4) || buf[4] != 1 ||
		    !mm_ubi_hdr_valid(buf, MM_UBI_EC_HDR_MAGIC))
			continue;
		vho = (uint32_t)buf[16] << 24 | buf[17] << 16 | buf[18] << 8 |
		      buf[19];
		dof = (uint32_t)buf[20] << 24 | buf[21] << 16 | buf[22] << 8 |
		      buf[23];
		if (vho && vho < g->page_size && !(dof % g->page_size) &&
		    (g->page_size == 2 * vho || g->page_size == 4 * vho)) {
			g->subpage_size = vho;
			n = strlen(d->geom_why);
			snprintf(d->geom_why + n, sizeof(d->geom_why) - n,
				 "; sub-page %" PRIu32 " from the UBI VID header offset (block %" PRIu64 ")",
				 vho, blk);
		}
		break;
	}
	free(buf);
}

void mm_dump_subpage_from_ubi(struct mm_dump *d, struct mm_ecc *e)
{
	subpage_from_ubi(d, e);
}

int mm_dump_open(struct mm_dump *d, const char *path,
		 const struct mm_open_opts *o)
{
	int ret;

	memset(d, 0, sizeof(*d));
	ret = mm_input_open(&d->in, path, o);
	if (ret)
		return ret;
	ret = mm_fusion_open(d);
	if (ret)
		goto out_close;
	ret = mm_dump_build_bbt(d);
	if (ret)
		goto out_close;
	subpage_from_ubi(d, NULL);
	return 0;

out_close:
	mm_input_close(&d->in);
	mm_bbt_free(&d->bbt);
	return ret;
}
