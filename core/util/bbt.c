// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bbt.c - the bad block map and its sources.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bbt.h"
#include "geom.h"

int mm_bbt_init(struct mm_bbt *b, uint64_t nblocks)
{
	b->nblocks = nblocks;
	b->state = calloc(nblocks ? nblocks : 1, 1);
	return b->state ? 0 : -ENOMEM;
}

void mm_bbt_free(struct mm_bbt *b)
{
	free(b->state);
	b->state = NULL;
	b->nblocks = 0;
}

bool mm_bbt_is_bad(const struct mm_bbt *b, uint64_t blk)
{
	return blk < b->nblocks && b->state[blk] != MM_BBS_GOOD;
}

enum mm_bb_source mm_bbt_source(const struct mm_bbt *b, uint64_t blk)
{
	return blk < b->nblocks ? b->state[blk] : MM_BBS_GOOD;
}

int mm_bbt_mark(struct mm_bbt *b, uint64_t blk, enum mm_bb_source src)
{
	if (blk >= b->nblocks)
		return -ERANGE;
	if (b->state[blk] == MM_BBS_GOOD)
		b->state[blk] = src;
	return 0;
}

uint64_t mm_bbt_count(const struct mm_bbt *b)
{
	uint64_t i, n = 0;

	for (i = 0; i < b->nblocks; i++)
		n += b->state[i] != MM_BBS_GOOD;
	return n;
}

const char *mm_bbt_source_name(enum mm_bb_source src)
{
	switch (src) {
	case MM_BBS_GOOD:
		return "good";
	case MM_BBS_MARKER:
		return "oob-marker";
	case MM_BBS_USER:
		return "user";
	case MM_BBS_READER:
		return "reader";
	case MM_BBS_BBT:
		return "bbt";
	case MM_BBS_MARKBAD:
		return "markbad";
	}
	return "unknown";
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int mm_bbt_parse_list(const char *s, uint64_t **out, size_t *n)
{
	uint64_t *v = NULL, lo, hi, j;
	size_t cnt = 0, cap = 0, i, k;
	char *copy, *tok, *save, *dash;
	int ret = 0;

	*out = NULL;
	*n = 0;
	copy = strdup(s);
	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		dash = strchr(tok, '-');
		if (dash)
			*dash = '\0';
		if (mm_parse_u64(tok, &lo) ||
		    (dash && mm_parse_u64(dash + 1, &hi))) {
			ret = -EINVAL;
			goto out_free;
		}
		if (!dash)
			hi = lo;
		/* bounded in all, not per range: "0-9999999,0-9999999,..." */
		if (hi < lo || hi - lo >= MM_BBT_LIST_MAX - cnt) {
			ret = -EINVAL;
			goto out_free;
		}
		for (j = lo; ; j++) {
			if (cnt == cap) {
				uint64_t *nv;

				cap = cap ? cap * 2 : 16;
				nv = realloc(v, cap * sizeof(*v));
				if (!nv) {
					ret = -ENOMEM;
					goto out_free;
				}
				v = nv;
			}
			v[cnt++] = j;
			if (j == hi)
				break;
		}
	}
	if (!cnt) {
		ret = -EINVAL;
		goto out_free;
	}
	qsort(v, cnt, sizeof(*v), cmp_u64);
	for (i = 1, k = 1; i < cnt; i++)
		if (v[i] != v[k - 1])
			v[k++] = v[i];
	*out = v;
	*n = k;
	free(copy);
	return 0;

out_free:
	free(v);
	free(copy);
	return ret;
}

bool mm_bbm_is_bad(const uint8_t *oob, uint32_t oob_size, unsigned int offset,
		   bool bus16)
{
	if (offset >= oob_size)
		return false;
	if (bus16 && offset + 1 < oob_size)
		return oob[offset] != 0xff || oob[offset + 1] != 0xff;
	return oob[offset] != 0xff;
}
