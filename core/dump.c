// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump.c - open a dump: choose the reader, settle the geometry, build the
 * bad block map; then read pages at random.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../formats/containers/container.h"
#include "../formats/format.h"
#include "bbt_onflash.h"
#include "../formats/detect.h"
#include "dump.h"
#include "fusion.h"
#include "../formats/transforms/transform.h"

void mm_set_error(struct mm_dump *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->err, sizeof(d->err), fmt, ap);
	va_end(ap);
}

const char *mm_dump_error(const struct mm_dump *d)
{
	return d->err;
}

static bool magic_matches(const struct mm_src *src, const struct mm_format *f)
{
	unsigned char buf[64];
	int i;

	if (!f->magics[0].len)
		return true;
	for (i = 0; i < MM_MAX_MAGICS && f->magics[i].len; i++) {
		const struct mm_magic *m = &f->magics[i];

		if (m->len > sizeof(buf))
			continue;
		if (mm_src_peek(src, m->offset, m->len, buf) == 0 &&
		    !memcmp(buf, m->bytes, m->len))
			return true;
	}
	return false;
}

/* The reader that undoes nanddump's --bb=skipbad, for messages. */
static const char *bb_format_name(void)
{
	int i;

	for (i = 0; mm_formats[i]; i++)
		if (mm_formats[i]->flags & MM_FMT_BB_MODES)
			return mm_formats[i]->name;
	return "?";
}

/*
 * Ask every reader that may be detected automatically. The highest bid wins;
 * a tie at the top is refused (libblkid's "ambiguous").
 */
static int choose_format(struct mm_dump *d, const struct mm_geom *hint)
{
	const struct mm_format *best = NULL, *tie = NULL;
	bool bb = d->opts.bb_mode != MM_BB_UNSET;
	int best_bid = 0, i, bid;
	size_t off = 0;

	for (i = 0; mm_formats[i]; i++) {
		const struct mm_format *f = mm_formats[i];

		/* --bb names nanddump's bad block modes: only readers that
		 * honour them are asked then (see format.h). */
		if (bb ? !(f->flags & MM_FMT_BB_MODES) :
			 (f->flags & MM_FMT_NO_AUTODETECT))
			continue;
		if (!magic_matches(&d->src, f))
			continue;
		bid = f->probe(&d->src, hint);
		if (bid < 0) {
			mm_set_error(d, "probing as %s failed: %s", f->name,
				     strerror(-bid));
			return bid;
		}
		if (bid > 0 && off < sizeof(d->fmt_why))
			off += snprintf(d->fmt_why + off,
					sizeof(d->fmt_why) - off, "%s%s=%d",
					off ? ", " : "bids: ", f->name, bid);
		if (bid > best_bid) {
			best = f;
			best_bid = bid;
			tie = NULL;
		} else if (bid == best_bid && bid > 0) {
			tie = f;
		}
	}
	if (!best) {
		uint64_t rec = (uint64_t)hint->page_size + hint->oob_size;

		/* Usually a truncated or padded file: say which arithmetic failed. */
		if (hint->page_size && d->src.size % rec)
			mm_set_error(d, "size %" PRIu64 " is not a multiple of the %" PRIu64 "-byte page record (truncated at 0x%" PRIx64 "?); use --format to force a reader",
				     d->src.size, rec,
				     d->src.size - d->src.size % rec);
		else
			mm_set_error(d, "unrecognised dump format (use --format, see --list-formats)");
		return -EINVAL;
	}
	if (tie) {
		mm_set_error(d, "ambiguous format: '%s' and '%s' fit equally well (use --format)",
			     best->name, tie->name);
		return -EINVAL;
	}
	d->fmt = best;
	return 0;
}

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

static int build_bbt(struct mm_dump *d)
{
	size_t i;
	int ret;

	ret = mm_bbt_init(&d->bbt, d->geom.block_count);
	if (ret) {
		mm_set_error(d, "cannot allocate the bad block map");
		return ret;
	}
	if (d->fmt->bad_blocks) {
		ret = d->fmt->bad_blocks(d, &d->bbt);
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
				mm_set_error(d, "reading bad block markers: %s",
					     strerror(-ret));
			return ret;
		}
	}
	for (i = 0; i < d->opts.n_bad_blocks; i++) {
		if (mm_bbt_mark(&d->bbt, d->opts.bad_blocks[i], MM_BBS_USER)) {
			mm_set_error(d, "bad block %" PRIu64 " is past the last block (%" PRIu64 ")",
				     d->opts.bad_blocks[i],
				     d->geom.block_count - 1);
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * Sub-page size from a UBI image when nothing else tells: UBI puts its VID
 * header at the sub-page size by default and refuses to attach when the MTD
 * reports a larger sub-page ("bad VID header offset 512, expected 2048").
 * EC header facts (drivers/mtd/ubi/ubi-media.h): magic "UBI#", version 1 at
 * byte 4, big-endian vid_hdr_offset at 16 and data_offset at 20; the first
 * good block holding one decides.
 */
static void subpage_from_ubi(struct mm_dump *d)
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
		if (mm_dump_read_page(d, blk * g->pages_per_block, buf,
				      NULL) != 0)
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

static bool geom_complete(const struct mm_geom *g, bool oob_known)
{
	return g->page_size && g->pages_per_block && oob_known;
}

int mm_dump_open(struct mm_dump *d, const char *path,
		 const struct mm_open_opts *o)
{
	struct mm_geom g = o->geom;
	bool oob_known = o->oob_size_set;
	char msg[256];
	int ret;

	memset(d, 0, sizeof(*d));
	d->path = path;
	d->opts = *o;
	d->src.fd = -1;

	ret = mm_src_open_file(&d->src, path);
	if (ret) {
		if (ret == -ESPIPE)
			mm_set_error(d, "not a regular file or block device (no random access)");
		else
			mm_set_error(d, "cannot open: %s", strerror(-ret));
		return ret;
	}
	ret = mm_container_stack(d);
	if (ret)
		goto out_src;
	ret = mm_transform_stack(d);
	if (ret)
		goto out_src;
	ret = mm_sector_stack(d);
	if (ret)
		goto out_src;
	/* --oob-file or --format=sector may have settled page and OOB sizes. */
	g = d->opts.geom;
	oob_known = d->opts.oob_size_set;

	if (o->format) {
		d->fmt = mm_format_find(o->format);
		if (!d->fmt) {
			mm_set_error(d, "unknown format '%s' (see --list-formats)",
				     o->format);
			ret = -EINVAL;
			goto out_src;
		}
		snprintf(d->fmt_why, sizeof(d->fmt_why), "given (--format)");
		if (o->bb_mode == MM_BB_SKIPBAD &&
		    !(d->fmt->flags & MM_FMT_BB_MODES)) {
			mm_set_error(d, "format '%s' keeps physical offsets; --bb=skipbad needs --format %s",
				     d->fmt->name, bb_format_name());
			ret = -EINVAL;
			goto out_src;
		}
		if (!(d->fmt->flags & (MM_FMT_HAS_OOB | MM_FMT_MAY_HAVE_OOB))) {
			if (oob_known && g.oob_size) {
				mm_set_error(d, "format '%s' has no OOB but --oob-size %" PRIu32 " was given",
					     d->fmt->name, g.oob_size);
				ret = -EINVAL;
				goto out_src;
			}
			g.oob_size = 0;
			oob_known = true;
		}
	}
	if (!geom_complete(&g, oob_known)) {
		ret = mm_detect_geometry(d, &g, oob_known);
		if (ret)
			goto out_src;
	} else if (!d->geom_why[0]) {
		snprintf(d->geom_why, sizeof(d->geom_why), "given");
	}
	if (!d->fmt) {
		ret = choose_format(d, &g);
		if (ret)
			goto out_src;
	}
	d->geom = g;
	ret = d->fmt->open(d);
	if (ret) {
		if (!d->err[0])
			mm_set_error(d, "cannot open as %s: %s", d->fmt->name,
				     strerror(-ret));
		goto out_close;
	}
	if (!d->geom.bus_width)
		d->geom.bus_width = 8;
	ret = mm_geom_validate(&d->geom, msg, sizeof(msg));
	if (ret) {
		mm_set_error(d, "%s", msg);
		goto out_close;
	}
	ret = mm_fusion_open(d);
	if (ret)
		goto out_close;
	ret = build_bbt(d);
	if (ret)
		goto out_close;
	subpage_from_ubi(d);
	return 0;

out_close:
	if (d->fmt && d->fmt->close)
		d->fmt->close(d);
	mm_bbt_free(&d->bbt);
out_src:
	mm_src_close(&d->src);
	d->priv = NULL;
	return ret;
}

int mm_dump_read_page(struct mm_dump *d, uint64_t page, void *data, void *oob)
{
	if (page >= mm_geom_page_count(&d->geom)) {
		mm_set_error(d, "page %" PRIu64 " is past the end of the device",
			     page);
		return -EINVAL;
	}
	return d->fmt->read_page(d, page, data, oob);
}

void mm_dump_close(struct mm_dump *d)
{
	if (d->fmt && d->fmt->close)
		d->fmt->close(d);
	d->priv = NULL;
	mm_bbt_free(&d->bbt);
	mm_src_close(&d->src);
}
