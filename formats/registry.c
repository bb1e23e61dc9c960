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

extern const struct mm_format mm_fmt_nanddump;
extern const struct mm_format mm_fmt_oob;
extern const struct mm_format mm_fmt_raw;
extern const struct mm_format mm_fmt_sector;

const struct mm_format *const mm_formats[] = {
	&mm_fmt_nanddump,
	&mm_fmt_oob,
	&mm_fmt_raw,
	&mm_fmt_sector,	/* only with --format=sector */
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
