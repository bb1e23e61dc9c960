/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dbbt.h - the i.MX boot ROM's Discovered Bad Block Table (DBBT), as
 * kobs-ng, imx-kobs and U-Boot's nandbcb write it in the boot area: found
 * from the FCB's DBBT search-area start page, or by its fingerprint.
 * A bad-block map the dump holds; info reports it beside the partition
 * maps (core/partmap.h) and compares it with the dump's bad-block map.
 */
#ifndef MM_DBBT_H
#define MM_DBBT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dump.h"
#include "ecc/ecc.h"

/* The FCB and DBBT search areas: blocks searched for either. */
#define MM_DBBT_SEARCH_BLOCKS	16
/* Copies of the DBBT looked at (the ROM's search count is 2, 4 or 8). */
#define MM_DBBT_COPIES_MAX	8
/* Table pages read after a header (DBBTNumOfPages beyond: invalid). */
#define MM_DBBT_TABLE_PAGES_MAX	8

/**
 * struct mm_dbbt - the DBBT found
 * @found: a DBBT header (fingerprint and version) was found
 * @where: device byte offset of the first valid copy's header
 * @from_fcb: its place came from an FCB (else: the fingerprint scan)
 * @fcb_where: device byte offset of that FCB (raw page bytes)
 * @search_page: the FCB's DBBT search-area start page
 * @copies: headers found
 * @agree: copies whose table equals the first valid one's (itself included)
 * @table_pages: DBBTNumOfPages of the first valid copy (0: no bad blocks)
 * @table_where: device byte offset of its table (when @table_pages)
 * @table_ok: the table reads as a table (count and block numbers in range)
 * @err: why it does not, when !@table_ok
 * @bad: the block numbers it lists (malloc'd; mm_dbbt_free())
 * @nbad: entries in @bad
 */
struct mm_dbbt {
	bool found;
	uint64_t where;
	bool from_fcb;
	uint64_t fcb_where;
	uint32_t search_page;
	unsigned int copies;
	unsigned int agree;
	uint32_t table_pages;
	uint64_t table_where;
	bool table_ok;
	char err[96];
	uint64_t *bad;
	size_t nbad;
};

/**
 * mm_dbbt_find - the DBBT in the boot area of @d
 * @d: the dump (FCB pages are read raw: the ROM's own layout)
 * @e: its codec, or NULL (DBBT pages are read through it: written with the
 *	controller's normal ECC)
 * @out: filled; @out->found false when there is none
 *
 * Return: 0 or -errno (read error, message in @d; nothing to free).
 */
int mm_dbbt_find(struct mm_dump *d, struct mm_ecc *e, struct mm_dbbt *out);

/** mm_dbbt_free - release what mm_dbbt_find() allocated */
void mm_dbbt_free(struct mm_dbbt *t);

#endif /* MM_DBBT_H */
