/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linear.h - shared machinery of the headerless layouts (raw, oob,
 * nanddump): pages stored one after another as records of page_size data
 * bytes, optionally followed by oob_size spare bytes, with an optional map
 * from physical blocks to the blocks present in the file.
 */
#ifndef MM_FMT_LINEAR_H
#define MM_FMT_LINEAR_H

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
 * Computes block_count from the file size when not given; refuses a file
 * whose size is not a whole number of records, or that ends inside a block.
 * Return: 0 or -errno with a message.
 */
int mm_linear_open(struct mm_dump *d, bool has_oob);

/** mm_linear_read_page - read_page() of the linear layouts */
int mm_linear_read_page(struct mm_dump *d, uint64_t page, void *data,
			void *oob);

/** mm_linear_close - close() of the linear layouts */
void mm_linear_close(struct mm_dump *d);

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
