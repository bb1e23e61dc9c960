/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * detect.h - geometry detection from a dump's size and content.
 */
#ifndef MM_DETECT_H
#define MM_DETECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/util/crc32.h"
#include "source/input.h"

/* On-flash header facts used by detection (and by the test generator). */
#define MM_UBI_EC_HDR_MAGIC	"UBI#"	/* big-endian fields, 64 bytes */
#define MM_UBI_VID_HDR_MAGIC	"UBI!"
#define MM_UBI_HDR_SIZE		64
#define MM_UBI_HDR_CRC_OFF	60	/* CRC of bytes 0..59 */
#define MM_UBI_CRC_INIT		0xffffffffu
#define MM_JFFS2_MAGIC		0x1985	/* little-endian on flash here */
#define MM_JFFS2_HDR_SIZE	12	/* magic, nodetype, totlen, hdr_crc */

/**
 * mm_ubi_hdr_valid - @hdr (64 bytes) starts with @magic and its CRC holds
 */
bool mm_ubi_hdr_valid(const uint8_t *hdr, const char *magic);

/**
 * mm_jffs2_hdr_valid - @hdr (12 bytes) is a JFFS2 node header: magic
 * 0x1985, a known node type, totlen ≥ 12 and a matching hdr_crc
 */
bool mm_jffs2_hdr_valid(const uint8_t *hdr);

/**
 * mm_detect_geometry - complete a geometry from the dump's size and content
 * @d: the dump being opened (d->src is readable, d->opts holds what was given)
 * @g: in: the given fields (zero = unknown; oob_size is known iff
 *	@oob_known); out: page_size, oob_size and pages_per_block filled
 * @oob_known: oob_size in @g was given (or the reader fixes it, e.g. raw → 0)
 *
 * Evidence: the file size, the stride of UBI EC headers and their
 * vid_hdr_offset/data_offset, JFFS2 node chains, erased-page runs and the
 * signature of spare areas, from a bounded sample of the file (about 5 MiB
 * and a few thousand small peeks at most, whatever its size). Writes how it
 * decided into d->geom_why. Pages per block come from a stride (UBI EC
 * headers, JFFS2 clean-markers); without one they are assumed (32 for
 * 512-byte pages, 64 up to 4096, 128 for 8192, 256 above, halved until the
 * file holds whole blocks) and geom_why says "assumed". block_count is left
 * to the reader.
 *
 * Return: 0; -EINVAL when no geometry fits or the guess is ambiguous, with a
 * message naming the candidates and the option that settles it.
 */
int mm_detect_geometry(struct mm_input *d, struct mm_geom *g, bool oob_known);

#endif /* MM_DETECT_H */
