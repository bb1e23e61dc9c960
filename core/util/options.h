/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * options.h - what the user said about the dump: the one options struct
 * that the opener (core/open.c) takes and every stage below it reads its
 * own part of. Plain data, no code, so every layer may include it.
 */
#ifndef MM_OPTIONS_H
#define MM_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bbt.h"
#include "geom.h"

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
 * @transforms: --transform (and --swap16, --bit-reverse, --invert): bit i
 *	asks for the transform at index i of the registry
 *	(formats/transforms/registry.c)
 * @extra_reads: --extra-read files, further reads of the same chip
 * @n_extra_reads: their number
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
	unsigned int transforms;
	const char *const *extra_reads;
	size_t n_extra_reads;
	void (*progress)(void *arg, const char *what, uint64_t done,
			 uint64_t total);
	void *progress_arg;
};

#endif /* MM_OPTIONS_H */
