/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bbt.h - the bad block map, one entry per eraseblock, each remembering
 * where the verdict came from.
 */
#ifndef MM_BBT_H
#define MM_BBT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where a bad block entry came from; MM_BBS_GOOD (0) means not bad. */
enum mm_bb_source {
	MM_BBS_GOOD = 0,
	MM_BBS_MARKER,		/* the factory marker in the OOB */
	MM_BBS_USER,		/* --bad-blocks */
	MM_BBS_READER,		/* the dump's reader (container table, skipbad) */
	MM_BBS_BBT,		/* the on-flash bad block table */
	MM_BBS_MARKBAD,		/* MUSE_MARKBAD, kept in the overlay */
};

/**
 * struct mm_bbt - bad block map
 * @nblocks: number of eraseblocks
 * @state: @nblocks entries of enum mm_bb_source
 */
struct mm_bbt {
	uint64_t nblocks;
	uint8_t *state;
};

/**
 * struct mm_bbm_cfg - where the factory bad block marker is read
 * @offset: OOB byte of the marker; -1 = the kernel's rule (byte 0 for large
 *	pages or x16, byte 5 for small x8 pages)
 * @pages: MM_BBM_* bits: which pages of the block are checked
 *
 * The kernel's default for large page SLC (Samsung, Hynix, Toshiba, Micron)
 * checks the first and the second page; a byte other than 0xFF marks the
 * block bad (x16: the 16-bit word is checked).
 */
struct mm_bbm_cfg {
	int offset;
	unsigned int pages;
};

enum {
	MM_BBM_FIRST = 1 << 0,
	MM_BBM_SECOND = 1 << 1,
	MM_BBM_LAST = 1 << 2,
};

#define MM_BBM_DEFAULT_PAGES	(MM_BBM_FIRST | MM_BBM_SECOND)

/** mm_bbt_init - allocate an all-good map. Return: 0 or -ENOMEM. */
int mm_bbt_init(struct mm_bbt *b, uint64_t nblocks);

/** mm_bbt_free - release the map (safe on a zeroed one) */
void mm_bbt_free(struct mm_bbt *b);

/** mm_bbt_is_bad - true when block @blk is bad (false past the end) */
bool mm_bbt_is_bad(const struct mm_bbt *b, uint64_t blk);

/** mm_bbt_source - the source of block @blk's entry (MM_BBS_GOOD if good) */
enum mm_bb_source mm_bbt_source(const struct mm_bbt *b, uint64_t blk);

/**
 * mm_bbt_mark - mark @blk bad from @src; the first source recorded wins
 * Return: 0, or -ERANGE when @blk is past the end.
 */
int mm_bbt_mark(struct mm_bbt *b, uint64_t blk, enum mm_bb_source src);

/** mm_bbt_count - number of bad blocks */
uint64_t mm_bbt_count(const struct mm_bbt *b);

/** mm_bbt_source_name - "oob-marker", "user", "reader", "bbt", "markbad" */
const char *mm_bbt_source_name(enum mm_bb_source src);

/**
 * mm_bbt_parse_list - parse "3,20,0x14,30-33" into a sorted, unique array
 * @s: the list; blocks by index, decimal or 0x-hex, ranges with '-'; at
 *	most MM_BBT_LIST_MAX blocks in all (counting repeats)
 * @out: malloc'ed array, to free()
 * @n: number of entries
 *
 * Return: 0, -EINVAL for bad syntax, -ENOMEM.
 */
int mm_bbt_parse_list(const char *s, uint64_t **out, size_t *n);

/* The most blocks a --bad-blocks list may name (8 MiB of indexes). */
#define MM_BBT_LIST_MAX	(1u << 20)

/**
 * mm_bbm_is_bad - apply the marker rule to one page's OOB
 * @oob: the page's OOB bytes
 * @oob_size: their number
 * @offset: marker byte (already resolved, never -1)
 * @bus16: check the 16-bit word at @offset
 */
bool mm_bbm_is_bad(const uint8_t *oob, uint32_t oob_size, unsigned int offset,
		   bool bus16);

#endif /* MM_BBT_H */
