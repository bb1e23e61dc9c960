/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dump.h - the normalized dump model: a flash device of known geometry whose
 * pages (data + OOB) are read at random from a dump file through a format
 * reader, plus its bad block map.
 *
 * Everything above this layer (info, convert, the MUSE server, the FUSE view,
 * ECC) reads pages through mm_dump_read_page() and never looks at the file
 * layout.
 */
#ifndef MM_DUMP_H
#define MM_DUMP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/bbt.h"
#include "util/geom.h"
#include "../formats/source/src.h"

struct mm_format;

/* How nanddump treated bad blocks when the dump was made (its --bb=). */
enum mm_bb_mode {
	MM_BB_UNSET = 0,
	MM_BB_DUMPBAD,		/* read as is; physical offsets kept */
	MM_BB_PADBAD,		/* written as 0xFF; physical offsets kept */
	MM_BB_SKIPBAD,		/* left out; later blocks shifted */
};

/**
 * struct mm_open_opts - what the user said about the dump
 * @format: reader name (--format), NULL to detect
 * @geom: given geometry fields; zero = not given
 * @oob_size_set: @geom.oob_size was given (0 is a valid value)
 * @chip_size: --size: device size in data bytes, 0 = not given
 * @bb_mode: --bb
 * @bad_blocks: --bad-blocks, sorted unique block indexes (may be NULL)
 * @n_bad_blocks: entries in @bad_blocks
 * @bbm: factory marker rule (offset -1 = kernel default)
 * @no_bbm_scan: do not derive bad blocks from OOB markers
 * @member: --member: archive member to open (containers)
 * @oob_file: --oob-file: separate spare file (split layouts)
 * @sector_size: --sector-size for sector-interleaved pages, 0 = none
 * @swap16: swap the bytes of each 16-bit word (x16 chips)
 * @bit_reverse: reverse the bits of each byte
 * @invert: invert every byte
 * @extra_reads: --extra-read files, further reads of the same chip
 * @n_extra_reads: their number
 * @ecc: --ecc, so that extra reads are fused per ECC step (NULL = none)
 * @oob_layout: --oob-layout, likewise (NULL = the kernel's layout)
 * @progress: callback for long work (may be NULL): @done of @total bytes
 * @progress_arg: passed to @progress
 */
struct mm_open_opts {
	const char *format;
	struct mm_geom geom;
	bool oob_size_set;
	uint64_t chip_size;
	enum mm_bb_mode bb_mode;
	const uint64_t *bad_blocks;
	size_t n_bad_blocks;
	struct mm_bbm_cfg bbm;
	bool no_bbm_scan;
	const char *member;
	const char *oob_file;
	uint32_t sector_size;
	bool swap16;
	bool bit_reverse;
	bool invert;
	const char *const *extra_reads;
	size_t n_extra_reads;
	const char *ecc;
	const char *oob_layout;
	void (*progress)(void *arg, const char *what, uint64_t done,
			 uint64_t total);
	void *progress_arg;
};

#define MM_ERRMSG_MAX	512
#define MM_WHY_MAX	512

/**
 * struct mm_dump - an opened dump
 * @path: the file name as given
 * @src: the byte source (file, possibly with containers stacked on it)
 * @fmt: the reader in use
 * @geom: the device geometry (complete after mm_dump_open())
 * @geom_why: how the geometry was decided ("given", or the detection evidence)
 * @fmt_why: how the reader was chosen ("--format", or the probe bids)
 * @bbt: bad block map
 * @opts: the options it was opened with (copied)
 * @priv: the reader's state
 * @err: the last error message (without the file name)
 * @note: a caution the CLI shows once the dump is open ("" when none), e.g.
 *	that nanddump --bb=padbad erased the bad block markers
 */
struct mm_dump {
	const char *path;
	struct mm_src src;
	const struct mm_format *fmt;
	struct mm_geom geom;
	char geom_why[MM_WHY_MAX];
	char fmt_why[MM_WHY_MAX];
	struct mm_bbt bbt;
	struct mm_open_opts opts;
	void *priv;
	char err[MM_ERRMSG_MAX];
	char note[MM_WHY_MAX];
};

/* read_page() result for a page that is not in the dump (0xFF filled). */
#define MM_PAGE_ABSENT	1

/**
 * mm_dump_open - open, identify and map a dump
 * @d: zeroed or uninitialised; filled on success
 * @path: the dump file (opened O_RDONLY, never written)
 * @o: options; copied
 *
 * Picks the reader (forced or by probe bids), completes the geometry (given
 * fields win, the rest detected), opens the reader and builds the bad block
 * map (reader table, else OOB markers; plus --bad-blocks).
 *
 * Return: 0, or -errno with mm_dump_error() telling why; @d needs no close
 * after a failure.
 */
int mm_dump_open(struct mm_dump *d, const char *path,
		 const struct mm_open_opts *o);

/**
 * mm_dump_read_page - read one page
 * @d: the dump
 * @page: page index, < mm_geom_page_count(&d->geom)
 * @data: page_size bytes, or NULL
 * @oob: oob_size bytes, or NULL
 *
 * Return: 0, MM_PAGE_ABSENT (filled with 0xFF) for pages the dump does not
 * hold (skipped bad blocks), -EINVAL for an index out of range, -errno on
 * I/O failure (message set).
 */
int mm_dump_read_page(struct mm_dump *d, uint64_t page, void *data, void *oob);

/** mm_dump_close - close the reader and the file */
void mm_dump_close(struct mm_dump *d);

/** mm_set_error - record a printf-style message in @d (returns nothing) */
void mm_set_error(struct mm_dump *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** mm_dump_error - the last message, "" when none */
const char *mm_dump_error(const struct mm_dump *d);

/**
 * mm_dump_scan_markers - mark blocks whose factory marker says bad
 * @d: an open dump with OOB
 *
 * Uses d->opts.bbm (offset -1: byte 0 for pages > 512 or x16, else byte 5).
 * Return: 0 or -errno.
 */
int mm_dump_scan_markers(struct mm_dump *d);

/**
 * mm_bbm_resolve_offset - the marker byte for @g under @cfg
 */
unsigned int mm_bbm_resolve_offset(const struct mm_geom *g,
				   const struct mm_bbm_cfg *cfg);

#endif /* MM_DUMP_H */
