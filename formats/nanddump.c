// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nanddump.c - the files mtd-utils' nanddump writes, with its bad block
 * modes (--bb=dumpbad|padbad|skipbad), with or without --oob.
 *
 * Facts (sigma-star/mtd-utils nand-utils/nanddump.c and its history):
 *  - without --oob the file is page data only; with --oob every page is
 *    followed by its OOB as stored (ECC bytes included);
 *  - nanddump checks bad blocks once per eraseblock (MEMGETBADBLOCK):
 *    dumpbad reads them as they are, padbad writes 0xFF for their data and
 *    OOB (the marker is lost), skipbad leaves them out and dumps one more
 *    block at the end instead, so every later block sits one block earlier
 *    in the file;
 *  - mtd-utils >= 1.4.7 (June 2011) defaults to no OOB and --bb=skipbad;
 *    older versions dumped OOB and padded bad blocks.
 *
 * The file has no header, so this reader is asked only when --bb says how
 * the dump was made (MM_FMT_BB_MODES, see registry.c); whether it holds OOB
 * follows from the geometry (--oob-size, or detection).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "linear.h"

static int nanddump_probe(const struct mm_src *src, const struct mm_geom *hint)
{
	int bid;

	if (!src->size)
		return 0;
	/*
	 * Only asked when --bb was given, i.e. the user says this is a
	 * nanddump file: bid even when the size does not fit, so that open()
	 * explains what is wrong instead of "unrecognised format".
	 */
	bid = mm_linear_probe(src, hint, hint->oob_size != 0);
	return bid ? bid : 1;
}

static void append(char *buf, size_t len, const char *fmt, uint64_t a,
		   uint64_t b)
{
	size_t o = strlen(buf);

	if (o < len)
		snprintf(buf + o, len - o, fmt, a, b);
}

static int nanddump_open_skipbad(struct mm_input *d, bool has_oob)
{
	struct mm_geom *g = &d->geom;
	uint64_t chip = g->block_count, eb;
	struct mm_linear *lin;
	int ret;

	if (!chip && d->opts.chip_size && g->page_size && g->pages_per_block) {
		eb = mm_geom_eb_size(g);
		if (d->opts.chip_size % eb) {
			mm_set_error(d, "--size %" PRIu64 " is not a whole number of %" PRIu64 "-byte eraseblocks",
				     d->opts.chip_size, eb);
			return -EINVAL;
		}
		chip = d->opts.chip_size / eb;
	}
	/* Open as a plain file of file_blocks blocks, then spread them. */
	g->block_count = 0;
	ret = mm_linear_open(d, has_oob);
	if (ret)
		return ret;
	lin = d->priv;
	if (!chip) {
		size_t i;

		chip = lin->file_blocks + d->opts.n_bad_blocks;
		for (i = 0; i < d->opts.n_bad_blocks; i++) {
			if (d->opts.bad_blocks[i] < chip)
				continue;
			mm_set_error(d, "bad block %" PRIu64 " is past the end of the chip (assumed %" PRIu64 " blocks: %" PRIu64 " in the file + %zu bad; give --block-count or --size)",
				     d->opts.bad_blocks[i], chip,
				     lin->file_blocks, d->opts.n_bad_blocks);
			mm_linear_close(d);
			return -EINVAL;
		}
	}
	ret = mm_linear_skip_blocks(d, d->opts.bad_blocks,
				    d->opts.n_bad_blocks, chip);
	if (ret) {
		mm_linear_close(d);
		return ret;
	}
	append(d->fmt_why, sizeof(d->fmt_why),
	       "; nanddump --bb=skipbad: %" PRIu64 " blocks in the file, %" PRIu64 " left out as bad and put back in place",
	       lin->file_blocks, chip - lin->file_blocks);
	if (!d->opts.n_bad_blocks)
		snprintf(d->note, sizeof(d->note),
			 "--bb=skipbad without --bad-blocks: assuming no block was skipped");
	return 0;
}

static int nanddump_open(struct mm_input *d)
{
	bool has_oob = d->geom.oob_size != 0;

	switch (d->opts.bb_mode) {
	case MM_BB_SKIPBAD:
		return nanddump_open_skipbad(d, has_oob);
	case MM_BB_PADBAD:
		if (!d->opts.n_bad_blocks)
			snprintf(d->note, sizeof(d->note),
				 "--bb=padbad: nanddump wrote bad blocks as 0xFF, so their markers are lost and they read as erased; give --bad-blocks to restore them");
		/* fall through */
	case MM_BB_DUMPBAD:
	case MM_BB_UNSET:
	default:
		return mm_linear_open(d, has_oob);
	}
}

/* Blocks the file left out (skipbad) are bad: the reader knows. */
static int nanddump_bad_blocks(struct mm_input *d, struct mm_bbt *bbt)
{
	uint64_t blk;
	int ret;

	for (blk = 0; blk < d->geom.block_count; blk++) {
		if (!mm_linear_is_absent(d, blk))
			continue;
		if (d->opts.bb_mode != MM_BB_SKIPBAD)
			continue;
		ret = mm_bbt_mark(bbt, blk, MM_BBS_READER);
		if (ret)
			return ret;
	}
	return 0;
}

const struct mm_format mm_fmt_nanddump = {
	.name = "nanddump",
	.desc = "nanddump output with --bb=dumpbad|padbad|skipbad, with or without --oob",
	.flags = MM_FMT_MAY_HAVE_OOB | MM_FMT_NEEDS_GEOMETRY |
		 MM_FMT_NO_AUTODETECT | MM_FMT_BB_MODES,
	.probe = nanddump_probe,
	.open = nanddump_open,
	.read_page = mm_linear_read_page,
	.bad_blocks = nanddump_bad_blocks,
	.close = mm_linear_close,
};
