/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bbt_onflash.h - the Linux NAND core's on-flash bad block table
 * (drivers/mtd/nand/raw/nand_bbt.c, default descriptors).
 *
 * The table and its mirror sit in the last blocks of the chip (searched in
 * the last 4), each block's first page carrying the pattern "Bbt0" (main)
 * or "1tbB" (mirror) at OOB byte 8 and a version byte at OOB 12; with
 * NAND_BBT_NO_OOB the pattern and version are at data bytes 0 and 4 and the
 * table follows at data byte 5. The table has 2 bits per block, block 0 in
 * the low bits of byte 0: 11 good, 00 factory bad, 01/10 worn or reserved
 * (the table's own blocks), all of which the kernel reports as bad.
 */
#ifndef MM_BBT_ONFLASH_H
#define MM_BBT_ONFLASH_H

#include <stdbool.h>
#include <stdint.h>

#include "dump.h"

#define MM_BBT_SCAN_BLOCKS	4

/**
 * struct mm_bbt_onflash - what was found
 * @found: a table was read
 * @block: the block it was read from
 * @version: its version byte
 * @mirror: it is the mirror ("1tbB")
 * @no_oob: pattern in the data area (NAND_BBT_NO_OOB)
 * @bad: blocks the table marks not good
 */
struct mm_bbt_onflash {
	bool found;
	uint64_t block;
	uint8_t version;
	bool mirror;
	bool no_oob;
	uint64_t bad;
};

/**
 * mm_bbt_onflash_find - look for the table and decode it
 * @d: an open dump
 * @info: filled (found = false when there is none)
 * @marks: NULL, or block_count bytes set to 1 for blocks the table marks bad
 *
 * Of main and mirror the higher version wins, main on a tie.
 * Return: 0 or -errno (read failure, message in @d).
 */
int mm_bbt_onflash_find(struct mm_dump *d, struct mm_bbt_onflash *info,
			uint8_t *marks);

/**
 * mm_bbt_onflash_apply - mark the table's bad blocks in d->bbt (MM_BBS_BBT)
 * @d: an open dump whose d->bbt is allocated
 * @info: filled as by mm_bbt_onflash_find() (may be NULL)
 *
 * Return: 0 (also without a table) or -errno.
 */
int mm_bbt_onflash_apply(struct mm_dump *d, struct mm_bbt_onflash *info);

#endif /* MM_BBT_ONFLASH_H */
