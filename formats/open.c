// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * open.c - open one read of a chip as pages: the file, the containers and
 * transforms stacked on it, the geometry (given or detected) and the reader
 * (forced or chosen by probe bids). The bad block map, fusion and ECC are
 * the business of the layers above (core/open.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "containers/container.h"
#include "detect.h"
#include "format.h"
#include "open.h"
#include "transforms/transform.h"

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
static int choose_format(struct mm_input *d, const struct mm_geom *hint)
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

static bool geom_complete(const struct mm_geom *g, bool oob_known)
{
	return g->page_size && g->pages_per_block && oob_known;
}

int mm_input_open(struct mm_input *d, const char *path,
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
	return 0;

out_close:
	if (d->fmt && d->fmt->close)
		d->fmt->close(d);
out_src:
	mm_src_close(&d->src);
	d->priv = NULL;
	return ret;
}


void mm_input_close(struct mm_input *d)
{
	if (d->fmt && d->fmt->close)
		d->fmt->close(d);
	d->priv = NULL;
	mm_src_close(&d->src);
}
