/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dump.h - the normalized dump model: a flash device of known geometry whose
 * pages (data + OOB) are read at random from a dump file through a format
 * reader, plus its bad block map.
 *
 * Everything above this layer (info, convert, the MUSE server, the FUSE view,
 * ECC) reads pages through mm_dump_read_page() and never looks at the file
 * layout.
 */
#ifndef MM_DUMP_H
#define MM_DUMP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../formats/source/input.h"
#include "util/bbt.h"
#include "util/geom.h"

/**
 * struct mm_dump - an opened dump: its input (MM_INPUT_FIELDS, reachable
 * directly or as @in for the stages below the model) and its bad block map
 * @bbt: bad block map
 */
struct mm_dump {
	union {
		struct mm_input in;
		struct {
			MM_INPUT_FIELDS;
		};
	};
	struct mm_bbt bbt;
};

/** mm_dump_of - the dump whose input @in is (readers' callbacks get @in) */
static inline struct mm_dump *mm_dump_of(struct mm_input *in)
{
	return (struct mm_dump *)in;	/* @in is at offset 0 */
}

/**
 * mm_dump_read_page - read one page
 * @d: the dump
 * @page: page index, < mm_geom_page_count(&d->geom)
 * @data: page_size bytes, or NULL
 * @oob: oob_size bytes, or NULL
 *
 * Return: 0, MM_PAGE_ABSENT (filled with 0xFF) for pages the dump does not
 * hold (skipped bad blocks), -EINVAL for an index out of range, -errno on
 * I/O failure (message set).
 */
int mm_dump_read_page(struct mm_dump *d, uint64_t page, void *data, void *oob);

/** mm_dump_close - close the reader and the file */
void mm_dump_close(struct mm_dump *d);

/** mm_dump_error - the last message, "" when none */
const char *mm_dump_error(const struct mm_dump *d);

#endif /* MM_DUMP_H */
