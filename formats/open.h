/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * open.h - open one read of a chip as pages (formats/open.c).
 */
#ifndef MM_FMT_OPEN_H
#define MM_FMT_OPEN_H

#include "source/input.h"

/**
 * mm_input_open - open, identify and map one dump file
 * @d: zeroed or uninitialised; filled on success
 * @path: the dump file (opened O_RDONLY, never written)
 * @o: options; copied
 *
 * Stacks the containers and transforms, picks the reader (forced or by
 * probe bids), completes the geometry (given fields win, the rest detected),
 * opens the reader and validates the geometry.
 *
 * Return: 0, or -errno with d->err telling why; @d needs no close after a
 * failure.
 */
int mm_input_open(struct mm_input *d, const char *path,
		  const struct mm_open_opts *o);

/** mm_input_close - close the reader and the byte stack */
void mm_input_close(struct mm_input *d);

#endif /* MM_FMT_OPEN_H */
