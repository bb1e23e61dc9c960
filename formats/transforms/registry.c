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

const struct mm_transform *const mm_transforms[] = {
	&mm_xform_invert,	/* invert.c; bit 0 (MM_XFORM_INVERT) */
	&mm_xform_swap16,	/* swap16.c; bit 1 (MM_XFORM_SWAP16) */
	&mm_xform_bitrev,	/* bitrev.c; bit 2 (MM_XFORM_BITREV) */
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
