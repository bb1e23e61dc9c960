// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump.c - the page model: pages read at random through the reader of an
 * opened dump. It opens nothing; core/open.c does.
 */
#include <errno.h>
#include <inttypes.h>

#include "../formats/format.h"
#include "dump.h"

const char *mm_dump_error(const struct mm_dump *d)
{
	return d->err;
}

int mm_dump_read_page(struct mm_dump *d, uint64_t page, void *data, void *oob)
{
	if (page >= mm_geom_page_count(&d->geom)) {
		mm_set_error(&d->in, "page %" PRIu64 " is past the end of the device",
			     page);
		return -EINVAL;
	}
	return d->fmt->read_page(&d->in, page, data, oob);
}

void mm_dump_close(struct mm_dump *d)
{
	if (d->fmt && d->fmt->close)
		d->fmt->close(&d->in);
	d->priv = NULL;
	mm_bbt_free(&d->bbt);
	mm_src_close(&d->src);
}
