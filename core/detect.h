/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * detect.h - geometry detection from a dump's size and content.
 */
#ifndef MM_DETECT_H
#define MM_DETECT_H

#include <stdbool.h>

#include "dump.h"

/**
 * mm_detect_geometry - complete a geometry from the dump's size and content
 * @d: the dump being opened (d->src is readable, d->opts holds what was given)
 * @g: in: the given fields (zero = unknown; oob_size is known iff
 *	@oob_known); out: page_size, oob_size and pages_per_block filled
 * @oob_known: oob_size in @g was given (or the reader fixes it, e.g. raw → 0)
 *
 * Evidence: the file size, the stride of UBI EC headers and their
 * vid_hdr_offset/data_offset, JFFS2 node chains, erased-page runs and the
 * signature of spare areas. Writes how it decided into d->geom_why.
 * block_count is left to the reader.
 *
 * Return: 0; -EINVAL when no geometry fits or the guess is ambiguous, with a
 * message naming the candidates and the option that settles it.
 */
int mm_detect_geometry(struct mm_dump *d, struct mm_geom *g, bool oob_known);

#endif /* MM_DETECT_H */
