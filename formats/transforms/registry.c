// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * registry.c - the byte transforms --transform can name. Each one's bit in
 * struct mm_open_opts.transforms is its index here, so entries are only
 * ever added at the end. The order is also the order of the letters in an
 * overlay's identity (docs/overlay.md). A new transform is one file
 * defining its struct mm_transform, one line here and one test file.
 */
#include <stddef.h>
#include <string.h>

#include "transform.h"

/* One line per transform: declares mm_xform_<name>, lists it. */
#define MM_TRANSFORMS(X)	\
	X(invert)	/* invert.c; bit 0 (MM_XFORM_INVERT) */ \
	X(swap16)	/* swap16.c; bit 1 (MM_XFORM_SWAP16) */ \
	X(bitrev)	/* bitrev.c; bit 2 (MM_XFORM_BITREV) */

#define MM_TRANSFORM_DECLARE(n)	extern const struct mm_transform mm_xform_##n;
#define MM_TRANSFORM_ENTRY(n)	&mm_xform_##n,
MM_TRANSFORMS(MM_TRANSFORM_DECLARE)

const struct mm_transform *const mm_transforms[] = {
	MM_TRANSFORMS(MM_TRANSFORM_ENTRY)
	NULL
};

int mm_transform_find(const char *name, size_t len)
{
	int i;

	for (i = 0; mm_transforms[i]; i++)
		if (strlen(mm_transforms[i]->name) == len &&
		    !strncmp(mm_transforms[i]->name, name, len))
			return i;
	return -1;
}
