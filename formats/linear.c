// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * linear.c - records of page data (+ spare) one after another.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "linear.h"

int mm_linear_probe(const struct mm_src *src, const struct mm_geom *hint,
		    bool has_oob)
{
	uint64_t rec;

	if (!hint->page_size || !src->size)
		return 0;
	if (has_oob != (hint->oob_size != 0))
		return 0;
	rec = (uint64_t)hint->page_size + (has_oob ? hint->oob_size : 0);
	if (src->size % rec)
		return 0;
	/* Whole eraseblocks are worth one more bit of confidence. */
	if (hint->pages_per_block && !(src->size % (rec * hint->pages_per_block)))
		return 4;
	return 2;
}

int mm_linear_open(struct mm_input *d, bool has_oob)
{
	struct mm_geom *g = &d->geom;
	struct mm_linear *lin;
	uint64_t rec, blk_bytes, pages;

	if (!g->page_size || !g->pages_per_block) {
		mm_set_error(d, "page size and pages per block are needed (--page-size, --pages-per-block)");
		return -EINVAL;
	}
	if (!has_oob)
		g->oob_size = 0;
	rec = (uint64_t)g->page_size + g->oob_size;
	blk_bytes = rec * g->pages_per_block;
	if (d->src.size == 0) {
		mm_set_error(d, "empty file");
		return -EINVAL;
	}
	if (d->src.size % rec) {
		mm_set_error(d, "size %" PRIu64 " is not a multiple of the %" PRIu64 "-byte page record (truncated at 0x%" PRIx64 ")",
			     d->src.size, rec, d->src.size - d->src.size % rec);
		return -EINVAL;
	}
	pages = d->src.size / rec;
	if (pages % g->pages_per_block) {
		mm_set_error(d, "file ends inside block %" PRIu64 " (page %" PRIu64 " of %" PRIu32 ", at 0x%" PRIx64 ")",
			     pages / g->pages_per_block,
			     pages % g->pages_per_block, g->pages_per_block,
			     d->src.size);
		return -EINVAL;
	}
	lin = calloc(1, sizeof(*lin));
	if (!lin)
		return -ENOMEM;
	lin->has_oob = has_oob;
	lin->file_blocks = d->src.size / blk_bytes;
	if (!g->block_count && d->opts.chip_size) {
		if (d->opts.chip_size % mm_geom_eb_size(g)) {
			mm_set_error(d, "--size %" PRIu64 " is not a whole number of %" PRIu64 "-byte eraseblocks",
				     d->opts.chip_size, mm_geom_eb_size(g));
			free(lin);
			return -EINVAL;
		}
		g->block_count = d->opts.chip_size / mm_geom_eb_size(g);
	}
	if (!g->block_count) {
		g->block_count = lin->file_blocks;
	} else if (g->block_count < lin->file_blocks) {
		mm_set_error(d, "file holds %" PRIu64 " blocks but the chip has %" PRIu64 " (--block-count, --size)",
			     lin->file_blocks, g->block_count);
		free(lin);
		return -EINVAL;
	}
	d->priv = lin;
	return 0;
}

int mm_linear_skip_blocks(struct mm_input *d, const uint64_t *bad, size_t n,
			  uint64_t chip_blocks)
{
	struct mm_linear *lin = d->priv;
	uint64_t *map, blk, fblk = 0, nbad = 0;
	uint8_t *isbad;
	size_t i;

	for (i = 0; i < n; i++) {
		if (bad[i] >= chip_blocks) {
			mm_set_error(d, "bad block %" PRIu64 " is past the end of the chip (%" PRIu64 " blocks)",
				     bad[i], chip_blocks);
			return -EINVAL;
		}
	}
	isbad = calloc(chip_blocks ? chip_blocks : 1, 1);
	if (!isbad)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		nbad += !isbad[bad[i]];
		isbad[bad[i]] = 1;
	}
	if (lin->file_blocks + nbad != chip_blocks) {
		mm_set_error(d, "cannot place the skipped blocks: the file holds %" PRIu64 " blocks and %" PRIu64 " are bad, but the chip has %" PRIu64 " (check --bad-blocks and --block-count/--size)",
			     lin->file_blocks, nbad, chip_blocks);
		free(isbad);
		return -EINVAL;
	}
	map = calloc(chip_blocks ? chip_blocks : 1, sizeof(*map));
	if (!map) {
		free(isbad);
		return -ENOMEM;
	}
	for (blk = 0; blk < chip_blocks; blk++)
		map[blk] = isbad[blk] ? MM_LINEAR_ABSENT : fblk++;
	free(isbad);
	free(lin->block_map);
	lin->block_map = map;
	d->geom.block_count = chip_blocks;
	return 0;
}

bool mm_linear_is_absent(const struct mm_input *d, uint64_t blk)
{
	const struct mm_linear *lin = d->priv;

	if (lin->block_map)
		return blk >= d->geom.block_count ||
		       lin->block_map[blk] == MM_LINEAR_ABSENT;
	return blk >= lin->file_blocks;
}

int mm_linear_read_page(struct mm_input *d, uint64_t page, void *data,
			void *oob)
{
	const struct mm_geom *g = &d->geom;
	struct mm_linear *lin = d->priv;
	uint64_t blk = page / g->pages_per_block;
	uint64_t fblk = lin->block_map ? lin->block_map[blk] : blk;
	uint64_t rec = (uint64_t)g->page_size + (lin->has_oob ? g->oob_size : 0);
	uint64_t off;
	int ret;

	if (fblk == MM_LINEAR_ABSENT || fblk >= lin->file_blocks) {
		if (data)
			memset(data, 0xff, g->page_size);
		if (oob)
			memset(oob, 0xff, g->oob_size);
		return MM_PAGE_ABSENT;
	}
	off = (fblk * g->pages_per_block + page % g->pages_per_block) * rec;
	if (data && oob && g->oob_size && lin->has_oob) {
		ret = mm_src_peek2(&d->src, off, data, g->page_size, oob,
				   g->oob_size);
		if (ret)
			goto out_err;
		return 0;
	}
	if (data) {
		ret = mm_src_peek(&d->src, off, g->page_size, data);
		if (ret)
			goto out_err;
	}
	if (oob && g->oob_size) {
		if (!lin->has_oob) {
			memset(oob, 0xff, g->oob_size);
			return 0;
		}
		off += g->page_size;
		ret = mm_src_peek(&d->src, off, g->oob_size, oob);
		if (ret)
			goto out_err;
	}
	return 0;

out_err:
	mm_set_error(d, "page %" PRIu64 ": read failed: %s (at 0x%" PRIx64 ")",
		     page, ret == -ENODATA ? "file shrank" : strerror(-ret),
		     off);
	return ret == -ENODATA ? -EIO : ret;
}

void mm_linear_close(struct mm_input *d)
{
	struct mm_linear *lin = d->priv;

	if (!lin)
		return;
	free(lin->block_map);
	free(lin);
	d->priv = NULL;
}
