// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * registry.c - the containers muse-mount unwraps, in the order their
 * magic is tried. A new container is one file defining its struct
 * mm_container, one line here and one test file (docs/design.md).
 */
#include <stddef.h>

#include "container.h"

/* One line per container: declares mm_cont_<name>, lists it. */
#define MM_CONTAINERS(X)	\
	X(gzip)		/* gzip.c */	\
	X(xz)		/* archive.c, through libarchive */ \
	X(bzip2)			\
	X(zstd)				\
	X(zip)				\
	X(7z)				\
	X(tar)				\
	X(e01)		/* e01.c, through libewf */

#define MM_CONTAINER_DECLARE(n)	extern const struct mm_container mm_cont_##n;
#define MM_CONTAINER_ENTRY(n)	&mm_cont_##n,
MM_CONTAINERS(MM_CONTAINER_DECLARE)

const struct mm_container *const mm_containers[] = {
	MM_CONTAINERS(MM_CONTAINER_ENTRY)
	NULL
};
