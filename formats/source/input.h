/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * input.h - one read of a chip being opened: the byte stack, the reader and
 * the geometry, as every stage below the page model sees it.
 *
 * The stages that turn a file into pages (containers, transforms, geometry
 * detection, the readers) work on a struct mm_input and report through
 * mm_set_error(); none of them knows the page model (core/dump.h) or the
 * opener (core/open.c) that calls them. The page model embeds an mm_input
 * (struct mm_input's @in, with the same fields reachable directly).
 */
#ifndef MM_INPUT_H
#define MM_INPUT_H

#include <stdarg.h>

#include "../../core/util/geom.h"
#include "../../core/util/options.h"
#include "src.h"

struct mm_format;

/* read_page() result for a page that is not in the dump (0xFF filled). */
#define MM_PAGE_ABSENT	1

#define MM_ERRMSG_MAX	512
#define MM_WHY_MAX	512

/*
 * The fields of an input, listed once: struct mm_input is made of them, and
 * struct mm_input overlays them on its @in member (as the kernel's
 * struct_group() does) so that d->geom and d->in.geom are the same bytes.
 *
 * @path: the file name as given
 * @src: the byte source (file, possibly with containers stacked on it)
 * @fmt: the reader in use
 * @geom: the device geometry (complete once the reader is open)
 * @geom_why: how the geometry was decided ("given", or the evidence)
 * @fmt_why: how the reader was chosen ("--format", or the probe bids)
 * @opts: the options it was opened with (copied; stages may settle
 *	geometry fields in @opts.geom)
 * @priv: the reader's state
 * @err: the last error message (without the file name)
 * @note: a caution the CLI shows once the dump is open ("" when none), e.g.
 *	that nanddump --bb=padbad erased the bad block markers
 */
#define MM_INPUT_FIELDS					\
	const char *path;				\
	struct mm_src src;				\
	const struct mm_format *fmt;			\
	struct mm_geom geom;				\
	char geom_why[MM_WHY_MAX];			\
	char fmt_why[MM_WHY_MAX];			\
	struct mm_open_opts opts;			\
	void *priv;					\
	char err[MM_ERRMSG_MAX];			\
	char note[MM_WHY_MAX]

/** struct mm_input - see MM_INPUT_FIELDS */
struct mm_input {
	MM_INPUT_FIELDS;
};

/** mm_set_error - record a printf-style message in @in */
void mm_set_error(struct mm_input *in, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* MM_INPUT_H */
