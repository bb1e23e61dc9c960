/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * content.h - what the content scan finds: the items and the result,
 * shared by the probers (below the page model) and the scan driver
 * (scan.h, above it).
 *
 * An item names the prober that found it; what it found beyond its place
 * is the prober's own (@priv), and only the prober writes it out (its
 * @describe and @summary ops, prober.h). Nothing here knows the kinds of
 * content: a new prober adds no field and no enum value.
 */
#ifndef MM_CONTENT_H
#define MM_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MM_CONTENT_VOL_NAME_MAX	128	/* UBI_VOL_NAME_MAX + 1 */

struct mm_prober;

/**
 * struct mm_content - one thing found in the dump
 * @prober: who found it (its @name is the item's type), or NULL: a
 *	programmed block range no prober recognised ("data")
 * @first_block: first eraseblock it occupies
 * @last_block: last eraseblock it occupies (bad or erased blocks between
 *	two of its blocks are included)
 * @blocks: eraseblocks that carry it (excluding those gaps)
 * @offset: byte offset in the device where it starts (@first_block's
 *	unless the prober sets another)
 * @inner: found inside the data of other items (a string): it sorts after
 *	the items that start in the same block
 * @in_volume: found at the start of LEB 0 of a UBI volume (set by the scan
 *	for the items a @volume op adds)
 * @vol_id: that volume's id
 * @vol_name: its name, when the volume table gave one (may hold any byte)
 * @priv: the prober's details, @prober->item_size zeroed bytes (freed by
 *	mm_scan_free() after the prober's @release)
 */
struct mm_content {
	const struct mm_prober *prober;
	uint64_t first_block;
	uint64_t last_block;
	uint64_t blocks;
	uint64_t offset;
	bool inner;
	bool in_volume;
	uint32_t vol_id;
	char vol_name[MM_CONTENT_VOL_NAME_MAX];
	void *priv;
};

/**
 * struct mm_scan - the result of mm_scan()
 * @items: what was found, sorted by first block
 * @n_items: their number
 * @erased_blocks: good blocks whose pages are all 0xFF (data and OOB)
 * @programmed_blocks: good blocks holding anything else
 * @bad_blocks: blocks skipped as bad (the dump's bad block map)
 * @absent_blocks: blocks the dump does not hold (skipped when dumped)
 */
struct mm_scan {
	struct mm_content *items;
	size_t n_items;
	uint64_t erased_blocks;
	uint64_t programmed_blocks;
	uint64_t bad_blocks;
	uint64_t absent_blocks;
};

#endif /* MM_CONTENT_H */
