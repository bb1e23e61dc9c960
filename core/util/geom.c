// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * geom.c - geometry validation and size parsing.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "geom.h"

int mm_geom_validate(const struct mm_geom *g, char *msg, size_t len)
{
	uint32_t sub = mm_geom_subpage(g);

	if (!mm_is_pow2(g->page_size) || g->page_size < 256 ||
	    g->page_size > MM_MAX_PAGE_SIZE) {
		snprintf(msg, len, "invalid page size %" PRIu32 " (a power of two from 256 to 65536)",
			 g->page_size);
		return -EINVAL;
	}
	if (g->oob_size >= g->page_size) {
		snprintf(msg, len, "OOB size %" PRIu32 " is not smaller than the page size %" PRIu32,
			 g->oob_size, g->page_size);
		return -EINVAL;
	}
	if (!mm_is_pow2(g->pages_per_block) ||
	    g->pages_per_block > MM_MAX_PAGES_PER_BLOCK) {
		snprintf(msg, len, "invalid pages per block %" PRIu32 " (a power of two up to %u)",
			 g->pages_per_block, MM_MAX_PAGES_PER_BLOCK);
		return -EINVAL;
	}
	if (!g->block_count) {
		snprintf(msg, len, "no eraseblocks");
		return -EINVAL;
	}
	if (g->block_count > (UINT64_MAX / 2) / mm_geom_eb_size(g)) {
		snprintf(msg, len, "block count %" PRIu64 " is too large", g->block_count);
		return -EINVAL;
	}
	if (!mm_is_pow2(sub) || sub > g->page_size || g->page_size / sub > 4) {
		snprintf(msg, len, "invalid sub-page size %" PRIu32 " for %" PRIu32 "-byte pages (page, page/2 or page/4)",
			 sub, g->page_size);
		return -EINVAL;
	}
	if (g->bus_width != 0 && g->bus_width != 8 && g->bus_width != 16) {
		snprintf(msg, len, "invalid bus width %u (8 or 16)", g->bus_width);
		return -EINVAL;
	}
	return 0;
}

int mm_parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno == ERANGE)
		return -ERANGE;
	if (end == s || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

int mm_parse_size(const char *s, uint64_t *out)
{
	static const struct {
		const char *suffix;
		unsigned int shift;
	} units[] = {
		{ "KiB", 10 }, { "MiB", 20 }, { "GiB", 30 },
		{ "K", 10 }, { "M", 20 }, { "G", 30 },
		{ "KB", 10 }, { "MB", 20 }, { "GB", 30 },
		{ "k", 10 },
	};
	char num[64];
	const char *p;
	size_t n, i;
	uint64_t v;
	int ret;

	if (!s)
		return -EINVAL;
	/* The suffix starts where the (decimal or 0x-hex) digits end. */
	p = s;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		for (p += 2; isxdigit((unsigned char)*p); p++)
			;
	} else {
		for (; isdigit((unsigned char)*p); p++)
			;
	}
	n = p - s;
	if (n == 0 || n >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, n);
	num[n] = '\0';
	ret = mm_parse_u64(num, &v);
	if (ret)
		return ret;
	if (!*p) {
		*out = v;
		return 0;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(p, units[i].suffix))
			continue;
		if (v > (UINT64_MAX >> units[i].shift))
			return -ERANGE;
		*out = v << units[i].shift;
		return 0;
	}
	return -EINVAL;
}

void mm_geom_describe(const struct mm_geom *g, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRIu32 "+%" PRIu32 " bytes, %" PRIu32 " pages/block, %" PRIu64 " blocks",
		 g->page_size, g->oob_size, g->pages_per_block, g->block_count);
}
