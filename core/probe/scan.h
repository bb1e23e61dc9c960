/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scan.h - what lies where in a dump: a walk over every page (data and OOB,
 * through mm_dump_read_page(), one page buffer at a time) that recognises
 * file systems and boot loader data by their headers and checksums.
 *
 * Recognised, each only with its checksum verified:
 *  - JFFS2 nodes (magic 0x1985, hdr_crc) and NAND clean-markers in the OOB;
 *  - UBI: EC headers ("UBI#", hdr_crc), VID headers ("UBI!", hdr_crc), and
 *    the volume table in the layout volume (vol_id 0x7FFFEFFF): names, ids,
 *    types and sizes of the volumes;
 *  - UBIFS superblock nodes (magic 0x06101831, node type 6, crc) at the start
 *    of a UBI volume's LEB 0 or of an eraseblock (bare UBIFS image);
 *  - SquashFS superblocks ("hsqs", version 4) at the start of an eraseblock
 *    or of a UBI volume;
 *  - U-Boot environments at the start of an eraseblock or of a UBI volume:
 *    CRC32 over the rest
 *    of the environment, "key=value\0" pairs, with or without the flag byte
 *    of the redundant environment; the size is found from the CRC;
 *  - "mtdparts=" strings anywhere in the data;
 *  - U-Boot legacy images (magic 0x27051956, header CRC; the data CRC is
 *    reported) and flattened device trees (magic 0xd00dfeed, consistent
 *    header) at the start of an eraseblock.
 *
 * Checksum conventions (from the kernel sources): JFFS2 and UBI use the
 * kernel's crc32_le() without the final inversion, JFFS2 seeded with 0, UBI
 * and UBIFS with 0xFFFFFFFF; U-Boot uses the usual zlib CRC-32.
 */
#ifndef MM_SCAN_H
#define MM_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../dump.h"
#include "../util/writer.h"
#include "content.h"

/**
 * mm_scan - walk every page of @d and record what lies where
 * @d: an open dump; d->opts.progress (if set) is called once per block with
 *	the label "scanning"
 * @res: filled on success; free with mm_scan_free()
 *
 * Memory use is bounded by the page size and the number of items found, not
 * by the dump size. Bad blocks (d->bbt) are counted but not looked into.
 *
 * Return: 0, or -errno (-ENOMEM, a read error with mm_dump_error() set);
 * @res needs no free after a failure.
 */
int mm_scan(struct mm_dump *d, struct mm_scan *res);

/**
 * struct mm_scan_reader - where mm_scan_with() gets its pages
 * @read_page: as mm_dump_read_page() (0, MM_PAGE_ABSENT or -errno), e.g.
 *	the pages a controller layout's codec decodes
 * @arg: passed to @read_page
 * @layout: the OOB layout of those pages (clean-markers in its free
 *	bytes); NULL = the kernel's default for the geometry
 */
struct mm_scan_reader {
	int (*read_page)(void *arg, uint64_t page, void *data, void *oob);
	void *arg;
	const struct mm_ooblayout *layout;
};

/** mm_scan_with - mm_scan() over the pages @rd gives (NULL: the dump's) */
int mm_scan_with(struct mm_dump *d, struct mm_scan *res,
		 const struct mm_scan_reader *rd);

/** mm_scan_free - release what mm_scan() allocated (safe on a zeroed one) */
void mm_scan_free(struct mm_scan *res);

/**
 * mm_content_type - the type name of item @c: its prober's name ("jffs2",
 * "ubi", ... as listed in probers.c), or "data"
 */
const char *mm_content_type(const struct mm_content *c);

/**
 * mm_content_describe - write item @c's details as members of an object
 * (its prober's @describe; nothing for data)
 */
void mm_content_describe(const struct mm_content *c, struct mm_writer *w);

/**
 * mm_content_summary - write item @c's text description (its prober's
 * @summary)
 *
 * Return: false when its prober has none (or @c is data): nothing written.
 */
bool mm_content_summary(const struct mm_content *c, struct mm_writer *w);

#endif /* MM_SCAN_H */
