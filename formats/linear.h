/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linear.h - shared machinery of the headerless layouts (raw, oob,
 * nanddump): pages stored one after another as records of page_size data
 * bytes, optionally followed by oob_size spare bytes, with an optional map
 * from physical blocks to the blocks present in the file.
 */
#ifndef MM_FMT_LINEAR_H
#define MM_FMT_LINEAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format.h"

#define MM_LINEAR_ABSENT	UINT64_MAX

/**
 * struct mm_linear - state of a linear layout
 * @has_oob: records carry oob_size spare bytes in the file
 * @block_map: NULL for identity, else block_count entries: the index of the
 *	block in the file, or MM_LINEAR_ABSENT for a block the file left out
 * @file_blocks: whole blocks present in the file
 */
struct mm_linear {
	bool has_oob;
	uint64_t *block_map;
	uint64_t file_blocks;
};

/**
 * mm_linear_open - set up d->priv for a linear layout
 * @d: the dump; d->geom has page_size, pages_per_block and oob_size
 * @has_oob: whether the file stores spare bytes
 *
 * Computes block_count from --size (d->opts.chip_size) or else the file
 * size when not given; refuses a file whose size is not a whole number of
 * records, that ends inside a block, or that holds more blocks than the
 * chip. Blocks past the end of a shorter file read as absent.
 * Return: 0 or -errno with a message.
 */
int mm_linear_open(struct mm_input *d, bool has_oob);

/**
 * mm_linear_skip_blocks - map a file that left out bad blocks
 * @d: the dump, after mm_linear_open() (file_blocks known)
 * @bad: the blocks left out (any order, duplicates allowed)
 * @n: entries in @bad
 * @chip_blocks: the chip's eraseblocks
 *
 * Places the file's blocks, in order, on the chip blocks not in @bad; the
 * others read as absent (0xFF). Sets d->geom.block_count to @chip_blocks.
 *
 * Return: 0; -EINVAL with a message when a bad block is past the chip or
 * file blocks + bad blocks ≠ @chip_blocks; -ENOMEM.
 */
int mm_linear_skip_blocks(struct mm_input *d, const uint64_t *bad, size_t n,
			  uint64_t chip_blocks);

/** mm_linear_is_absent - block @blk is not stored in the file */
bool mm_linear_is_absent(const struct mm_input *d, uint64_t blk);

/** mm_linear_read_page - read_page() of the linear layouts */
int mm_linear_read_page(struct mm_input *d, uint64_t page, void *data,
			void *oob);

/** mm_linear_close - close() of the linear layouts */
void mm_linear_close(struct mm_input *d);

/**
 * mm_linear_probe - the size-arithmetic bid shared by raw and oob
 * @src: the file
 * @hint: the geometry so far
 * @has_oob: the layout being asked about
 *
 * Return: 0 when the size does not fit, else a small bid (≤ 8).
 */
int mm_linear_probe(const struct mm_src *src, const struct mm_geom *hint,
		    bool has_oob);

#endif /* MM_FMT_LINEAR_H */
