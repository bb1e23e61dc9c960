/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * open.h - the opener (core/open.c).
 */
#ifndef MM_OPEN_H
#define MM_OPEN_H

#include "dump.h"

/**
 * mm_dump_open - open, identify and map a dump
 * @d: zeroed or uninitialised; filled on success
 * @path: the dump file (opened O_RDONLY, never written)
 * @o: options; copied
 *
 * Picks the reader (forced or by probe bids), completes the geometry (given
 * fields win, the rest detected), opens the reader, fuses the extra reads
 * (--extra-read) and builds the bad block map (reader table, else OOB
 * markers; plus --bad-blocks).
 *
 * Return: 0, or -errno with mm_dump_error() telling why; @d needs no close
 * after a failure.
 */
int mm_dump_open(struct mm_dump *d, const char *path,
		 const struct mm_open_opts *o);

struct mm_ecc;

/**
 * mm_dump_subpage_from_ubi - the sub-page size from a UBI EC header read
 * through the codec @e (a vendor layout, whose physical pages do not start
 * with the logical data: i.MX GPMI puts its metadata first), when neither
 * the geometry nor mm_dump_open()'s look at the stored bytes set it
 * @d: the open dump (geom.subpage_size set when found)
 * @e: the codec the dump is read through
 */
void mm_dump_subpage_from_ubi(struct mm_dump *d, struct mm_ecc *e);

#endif /* MM_OPEN_H */
