// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pairing.c - MLC page pairing rules (see pairing.h).
 *
 * dist3 is the scheme the kernel gives Micron MLC chips
 * (drivers/mtd/nand/raw/nand_base.c, dist3_pairing_scheme): pages 0 and 1
 * are lower pages, then lower and upper pages alternate, an upper page 2k
 * sharing its word line with the lower page three pages before it (page 2
 * with page 0), and the last page of the block, at distance 2, is the upper
 * page of the last pair: (0,2), (1,4), (3,6), ..., (N-5,N-2), (N-3,N-1).
 * The kernel's get_wunit maps the last pair so; its get_info puts the last
 * (odd) page in group 0 as pair N/2, one past the pairs there are, which
 * this file does not follow.
 *
 * offset:D is a plain rule for chips documented as "page p + D is the upper
 * page of p": runs of 2D pages, the first D lower, the next D their upper
 * pages ((0,1), (2,3), ... for D = 1).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pairing.h"

int mm_pairing_parse(const char *s, struct mm_pairing *p, char *msg,
		     size_t len)
{
	unsigned long long d;
	char *end;

	memset(p, 0, sizeof(*p));
	if (!strcmp(s, "dist3")) {
		p->kind = MM_PAIRING_DIST3;
		return 0;
	}
	if (!strncmp(s, "offset:", 7) && s[7] >= '0' && s[7] <= '9') {
		errno = 0;
		d = strtoull(s + 7, &end, 0);
		if (!errno && !*end && d >= 1 && d <= UINT32_MAX / 2) {
			p->kind = MM_PAIRING_OFFSET;
			p->dist = (uint32_t)d;
			return 0;
		}
	}
	snprintf(msg, len, "invalid pairing rule '%s' (dist3 or offset:D)", s);
	return -EINVAL;
}

int mm_pairing_check(const struct mm_pairing *p, uint32_t ppb, char *msg,
		     size_t len)
{
	switch (p->kind) {
	case MM_PAIRING_DIST3:
		if (ppb >= 4 && !(ppb % 2))
			return 0;
		snprintf(msg, len, "pairing dist3 needs an even number of pages per block, 4 or more (the chip has %" PRIu32 ")",
			 ppb);
		return -EINVAL;
	case MM_PAIRING_OFFSET:
		if (!(ppb % (2 * p->dist)))
			return 0;
		snprintf(msg, len, "pairing offset:%" PRIu32 " needs pages per block in runs of %" PRIu32 " (the chip has %" PRIu32 ")",
			 p->dist, 2 * p->dist, ppb);
		return -EINVAL;
	default:
		snprintf(msg, len, "no pairing rule");
		return -EINVAL;
	}
}

int mm_pairing_info(const struct mm_pairing *p, uint32_t ppb, uint32_t page,
		    uint32_t *group, uint32_t *pair)
{
	uint32_t run, r;

	if (page >= ppb)
		return -EINVAL;
	switch (p->kind) {
	case MM_PAIRING_DIST3:
		if (page == ppb - 1) {
			*group = 1;
			*pair = ppb / 2 - 1;
		} else if (!page || (page & 1)) {
			*group = 0;
			*pair = (page + 1) / 2;
		} else {
			*group = 1;
			*pair = page / 2 - 1;
		}
		return 0;
	case MM_PAIRING_OFFSET:
		run = page / (2 * p->dist);
		r = page % (2 * p->dist);
		*group = r >= p->dist;
		*pair = run * p->dist + r % p->dist;
		return 0;
	default:
		return -EINVAL;
	}
}

int64_t mm_pairing_page(const struct mm_pairing *p, uint32_t ppb,
			uint32_t group, uint32_t pair)
{
	uint32_t d = p->dist;

	if (group > 1 || pair >= ppb / 2)
		return -EINVAL;
	switch (p->kind) {
	case MM_PAIRING_DIST3:
		if (!group)
			return pair ? 2 * (int64_t)pair - 1 : 0;
		if (pair == ppb / 2 - 1)
			return ppb - 1;
		return 2 * (int64_t)pair + 2;
	case MM_PAIRING_OFFSET:
		return (int64_t)(pair / d) * 2 * d + group * d + pair % d;
	default:
		return -EINVAL;
	}
}

int64_t mm_pairing_lower(const struct mm_pairing *p, uint32_t ppb,
			 uint32_t page)
{
	uint32_t group, pair;
	int ret;

	ret = mm_pairing_info(p, ppb, page, &group, &pair);
	if (ret)
		return ret;
	if (!group)
		return -ENOENT;
	return mm_pairing_page(p, ppb, 0, pair);
}
