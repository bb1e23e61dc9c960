/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * format.h - the contract between the dump model and the format readers.
 *
 * How probing works
 * -----------------
 * A dump file has no header that says how it was made: nanddump writes data
 * (and with --oob the spare area after every page) and nothing else, chip
 * programmers do the same or interleave the spare per 512-byte sector. So
 * the core first settles the geometry (given on the command line, or
 * detected from size and content by formats/detect.c) and then asks every reader
 * in formats/registry.c, in order, to bid on the file with that geometry as a
 * hint:
 *
 *  - a reader whose magics[] do not match is not asked;
 *  - probe() returns 0 for "not mine", or a confidence equal to the number
 *    of bits it actually verified (a 4-byte magic checked is 32). Readers
 *    that recognise a layout only by size arithmetic bid at most 8, so any
 *    verified magic beats them;
 *  - the highest bid wins; two equal highest bids are refused as ambiguous,
 *    naming both and asking for --format;
 *  - `raw` accepts anything and bids 1, so the CLI says so when it wins;
 *  - --bb (how nanddump treated bad blocks) selects the readers flagged
 *    MM_FMT_BB_MODES and only those (nanddump), even though they are
 *    MM_FMT_NO_AUTODETECT otherwise; an explicit --format without that flag
 *    refuses --bb=skipbad, whose shifted offsets only nanddump undoes.
 *
 * probe() reads only through mm_src_peek() (random access, at most 64 KiB a
 * call) and keeps no state. open() builds the reader's state in d->priv and
 * fills in what the geometry still lacks (usually block_count, from the file
 * size); read_page() is random access by page index with pread(), so the
 * same index always gives the same answer from any thread.
 */
#ifndef MM_FORMAT_H
#define MM_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "../core/util/bbt.h"
#include "source/input.h"
#include "../core/util/geom.h"
#include "source/src.h"

enum mm_fmt_flags {
	MM_FMT_HAS_OOB = 1 << 0,	 /* the file carries spare bytes */
	MM_FMT_NEEDS_GEOMETRY = 1 << 1,	 /* cannot work without a page size */
	MM_FMT_NO_AUTODETECT = 1 << 2,	 /* only with --format */
	MM_FMT_MAY_HAVE_OOB = 1 << 3,	 /* with or without spare bytes */
	MM_FMT_BB_MODES = 1 << 4,	 /* honours --bb; the only readers
					  * asked when --bb is given */
};

/**
 * struct mm_magic - bytes that must be present for a reader to be asked
 * @offset: byte offset in the file
 * @bytes: the bytes
 * @len: their number (0 ends the list)
 */
struct mm_magic {
	uint64_t offset;
	const char *bytes;
	size_t len;
};

#define MM_MAX_MAGICS	4

/**
 * struct mm_format - one format reader
 * @name: lowercase id for --format and --list-formats
 * @desc: one line for --list-formats
 * @flags: MM_FMT_* facts about the layout
 * @magics: matched by the core before @probe (any one suffices; none = no
 *	magic check)
 * @probe: bid on @src with the @hint geometry (fields may be zero): <0 -errno
 *	on I/O failure, 0 "not mine", >0 confidence in verified bits
 * @open: set up d->priv, complete/validate d->geom; 0 or -errno with
 *	mm_set_error(); leaves nothing to free on failure
 * @read_page: read page @page into @data (page_size bytes) and @oob
 *	(oob_size bytes; may be NULL); either may be NULL; 0, MM_PAGE_ABSENT
 *	(filled with 0xFF), or -errno
 * @bad_blocks: optional; fill @bbt from a table the container carries; when
 *	NULL the core derives the map from OOB markers
 * @close: free d->priv; safe after a partial open
 */
struct mm_format {
	const char *name;
	const char *desc;
	unsigned int flags;
	struct mm_magic magics[MM_MAX_MAGICS];
	int (*probe)(const struct mm_src *src, const struct mm_geom *hint);
	int (*open)(struct mm_input *d);
	int (*read_page)(struct mm_input *d, uint64_t page, void *data,
			 void *oob);
	int (*bad_blocks)(struct mm_input *d, struct mm_bbt *bbt);
	void (*close)(struct mm_input *d);
};

/* The ordered registry (formats/registry.c), NULL-terminated. */
extern const struct mm_format *const mm_formats[];

/** mm_format_find - the reader called @name, or NULL */
const struct mm_format *mm_format_find(const char *name);

/**
 * mm_sector_stack - with --format=sector, stack the view that shows each
 * sector-interleaved page as page data + OOB (formats/transforms/sector.c; the reader in formats/sector.c)
 * @d: the dump being opened; completes d->opts.geom's page and OOB sizes
 *	when they were not given, by trying the common geometries that fit
 *
 * Return: 0 (also for other formats) or -errno with a message.
 */
int mm_sector_stack(struct mm_input *d);

#endif /* MM_FORMAT_H */
