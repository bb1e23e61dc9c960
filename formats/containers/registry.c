// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * registry.c - the containers muse-mount unwraps, in the order their
 * magic is tried. A new container is one file defining its struct
 * mm_container, one line here and one test file (docs/design.md).
 */
#include <stddef.h>

#include "container.h"

const struct mm_container *const mm_containers[] = {
	&mm_cont_gzip,		/* gzip.c */
	&mm_cont_xz,		/* archive.c, through libarchive */
	&mm_cont_bzip2,
	&mm_cont_zstd,
	&mm_cont_zip,
	&mm_cont_7z,
	&mm_cont_tar,
	&mm_cont_e01,		/* e01.c, through libewf */
	NULL
};
