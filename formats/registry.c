// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * registry.c - the ordered list of format readers.
 *
 * Order: readers that check a magic come first (containers, self-describing
 * layouts), then the layouts known only by size arithmetic (nanddump with
 * its bad block modes, page + OOB interleaved), and `raw` last: it accepts
 * anything, so it must never hide a better match. Ties between equal bids are
 * refused as ambiguous by the core, whatever the order.
 *
 * nanddump vs oob/raw: a nanddump file has no header, and without --bb it is
 * byte for byte an `oob` file (nanddump --oob, bad blocks dumped or padded)
 * or a `raw` one (data only): same layout, same bids. So that automatic
 * detection is never ambiguous, `nanddump` never bids on its own
 * (MM_FMT_NO_AUTODETECT): a plain `nanddump --oob` dump is reported as `oob`
 * and a data-only one as `raw`. The only thing nanddump adds is the
 * bad-block mode, and only the user knows it: when --bb is given (without
 * --format) the core asks only the readers flagged MM_FMT_BB_MODES, i.e.
 * `nanddump`, which re-inserts skipped blocks (--bb=skipbad, nanddump's
 * default since mtd-utils 1.4.7) and says that padded blocks lost their
 * markers (--bb=padbad).
 */
#include <string.h>

#include "format.h"

/* One line per reader: declares mm_fmt_<name> (defined in <name>.c), lists it. */
#define MM_FORMATS(X)	\
	X(nanddump)	\
	X(oob)		\
	X(raw)		\
	X(sector)	/* only with --format=sector */

#define MM_FORMAT_DECLARE(n)	extern const struct mm_format mm_fmt_##n;
#define MM_FORMAT_ENTRY(n)	&mm_fmt_##n,
MM_FORMATS(MM_FORMAT_DECLARE)

const struct mm_format *const mm_formats[] = {
	MM_FORMATS(MM_FORMAT_ENTRY)
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
