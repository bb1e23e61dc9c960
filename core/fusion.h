/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fusion.h - multi-read fusion (--extra-read): several reads of the same
 * chip in the same layout combined into one dump.
 *
 * How fusion works
 * ----------------
 * The first read is the dump itself (copy 0); every --extra-read file is
 * opened with the same reader, geometry and options (copy 1, 2, ...). Each
 * page is read from every copy that holds it and combined:
 *
 *  - with an ECC codec (mm_fusion_use_ecc(), the flash's --ecc): per step,
 *    the first copy whose step decodes (clean or correctable) supplies the
 *    step's data and ECC bytes as read; when no copy decodes, the bitwise
 *    majority of all copies is taken (and checked again: if it still does
 *    not decode, the step is counted uncorrectable). The other OOB bytes
 *    (marker, free bytes) are the bitwise majority;
 *  - without ECC: every byte is the bitwise majority of the copies.
 *
 * The fused page is still raw: the ECC layer above corrects it as it would
 * correct a single read. Ties in the majority (an even number of copies)
 * go to the lower-numbered copy.
 *
 * Fusion wraps the reader: d->fmt keeps the reader's name and flags, and
 * every path (markers, BBT, info, convert, serve) reads fused pages.
 */
#ifndef MM_FUSION_H
#define MM_FUSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dump.h"

struct mm_ecc;

#define MM_FUSION_MAX_COPIES	17
#define MM_FUSION_MAX_BAD	32

/**
 * struct mm_fusion_stats - what fusion did, each page counted once
 * @copies: number of reads (the dump and its extra reads)
 * @per_step: fused per ECC step (an ECC scheme is set)
 * @step_size: data bytes per step (page size when not per step)
 * @pages: pages fused so far
 * @steps_from: per copy, steps (or pages, without ECC) it supplied
 * @majority_steps: steps no copy decoded, taken by majority
 * @uncorrectable_steps: of those, steps the majority did not fix either
 * @n_bad: entries in @bad (at most MM_FUSION_MAX_BAD are kept)
 * @bad: the first uncorrectable steps: page and step index
 */
struct mm_fusion_stats {
	unsigned int copies;
	bool per_step;
	unsigned int step_size;
	uint64_t pages;
	uint64_t steps_from[MM_FUSION_MAX_COPIES];
	uint64_t majority_steps;
	uint64_t uncorrectable_steps;
	unsigned int n_bad;
	struct {
		uint64_t page;
		unsigned int step;
	} bad[MM_FUSION_MAX_BAD];
};

/**
 * mm_fusion_open - open d->opts.extra_reads and wrap the reader
 * @d: a dump whose reader is open and geometry complete
 *
 * Does nothing without extra reads. Each extra read must open with the
 * same reader and geometry. Fuses bitwise until mm_fusion_use_ecc().
 * Return: 0 or -errno with a message naming the extra read.
 */
int mm_fusion_open(struct mm_dump *d);

/**
 * mm_fusion_use_ecc - fuse per step of @e from now on
 * @d: the dump (no-op when it has no extra reads)
 * @e: the flash's ECC codec, borrowed: it must outlive @d's reads (NULL or
 *	a codec without ECC keeps the bitwise majority)
 *
 * Return: 0 or -errno with a message in @d.
 */
int mm_fusion_use_ecc(struct mm_dump *d, struct mm_ecc *e);

/** mm_fusion_active - @d fuses several reads */
bool mm_fusion_active(const struct mm_dump *d);

/**
 * mm_fusion_get_stats - a snapshot of the counters
 * Return: 0, or -ENOENT when @d does not fuse.
 */
int mm_fusion_get_stats(const struct mm_dump *d, struct mm_fusion_stats *st);

/** mm_fusion_copy_path - the file of copy @i (0 = the dump), or NULL */
const char *mm_fusion_copy_path(const struct mm_dump *d, unsigned int i);

/**
 * mm_fusion_copy_src - the top of read @i's source stack (0: @d's own, the
 * extra reads after it), for hashing what each read holds
 * Return: NULL when @d does not fuse or @i is past the last read.
 */
const struct mm_src *mm_fusion_copy_src(const struct mm_dump *d,
					unsigned int i);

#endif /* MM_FUSION_H */
