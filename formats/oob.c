// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * oob.c - page + spare interleaved: [data][OOB] per page, physical block
 * order (nanddump --oob --bb=dumpbad, most chip programmers with spare on).
 */
#include <errno.h>

#include "linear.h"

static int oob_probe(const struct mm_src *src, const struct mm_geom *hint)
{
	return mm_linear_probe(src, hint, true);
}

static int oob_open(struct mm_input *d)
{
	if (!d->geom.oob_size) {
		mm_set_error(d, "format 'oob' needs an OOB size (--oob-size)");
		return -EINVAL;
	}
	return mm_linear_open(d, true);
}

const struct mm_format mm_fmt_oob = {
	.name = "oob",
	.desc = "page + OOB interleaved, physical order (nanddump --oob, chip programmers)",
	.flags = MM_FMT_HAS_OOB | MM_FMT_NEEDS_GEOMETRY,
	.probe = oob_probe,
	.open = oob_open,
	.read_page = mm_linear_read_page,
	.close = mm_linear_close,
};
