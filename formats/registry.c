// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * registry.c - the ordered list of format readers.
 *
 * Order: readers that check a magic come first (containers, self-describing
 * layouts), then the layouts known only by size arithmetic (nanddump with
 * its bad block modes, page + OOB interleaved), and `raw` last: it accepts
 * anything, so it must never hide a better match. Ties between equal bids are
 * refused as ambiguous by the core, whatever the order.
 */
#include <string.h>

#include "format.h"

extern const struct mm_format mm_fmt_oob;
extern const struct mm_format mm_fmt_raw;

const struct mm_format *const mm_formats[] = {
	&mm_fmt_oob,
	&mm_fmt_raw,
	NULL,
};

const struct mm_format *mm_format_find(const char *name)
{
	int i;

	for (i = 0; mm_formats[i]; i++)
		if (!strcmp(mm_formats[i]->name, name))
			return mm_formats[i];
	return NULL;
}
