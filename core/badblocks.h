/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * badblocks.h - build the bad block map of an open dump (core/badblocks.c).
 */
#ifndef MM_BADBLOCKS_H
#define MM_BADBLOCKS_H

#include "dump.h"

/**
 * mm_dump_build_bbt - fill d->bbt: the reader's table, the on-flash BBT,
 * the OOB markers (unless d->opts.no_bbm_scan) and d->opts.bad_blocks
 *
 * Return: 0 or -errno with a message.
 */
int mm_dump_build_bbt(struct mm_dump *d);

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

#endif /* MM_BADBLOCKS_H */
