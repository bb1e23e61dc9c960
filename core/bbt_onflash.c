// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bbt_onflash.c - read the kernel's on-flash bad block table into the map.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bbt_onflash.h"

#define BBT_PAT_LEN	4

struct bbt_cand {
	bool ok;
	uint64_t block;
	uint8_t version;
	bool no_oob;
};

/* Check block @blk's first page for a pattern; fill @main or @mirror. */
static int probe_block(struct mm_dump *d, uint64_t blk, uint8_t *data,
		       uint8_t *oob, struct bbt_cand *main,
		       struct bbt_cand *mirror)
{
	const struct mm_geom *g = &d->geom;
	struct bbt_cand c = { .ok = true, .block = blk };
	const uint8_t *p = NULL;
	int ret;

	ret = mm_dump_read_page(d, blk * g->pages_per_block, data, oob);
	if (ret == MM_PAGE_ABSENT)
		return 0;
	if (ret < 0)
		return ret;
	if (g->oob_size >= 13 && (!memcmp(oob + 8, "Bbt0", 4) ||
				  !memcmp(oob + 8, "1tbB", 4))) {
		p = oob + 8;
		c.version = oob[12];
	} else if (g->page_size >= 8 && (!memcmp(data, "Bbt0", 4) ||
					 !memcmp(data, "1tbB", 4))) {
		p = data;
		c.version = data[4];
		c.no_oob = true;
	}
	if (!p)
		return 0;
	if (p[0] == 'B') {
		if (!main->ok || c.version > main->version)
			*main = c;
	} else {
		if (!mirror->ok || c.version > mirror->version)
			*mirror = c;
	}
	return 0;
}

int mm_bbt_onflash_find(struct mm_dump *d, struct mm_bbt_onflash *info,
			uint8_t *marks)
{
	const struct mm_geom *g = &d->geom;
	struct bbt_cand main = { 0 }, mirror = { 0 }, *use;
	uint64_t nblocks = g->block_count, i, blk, page, bytes, got = 0;
	uint8_t *data, *oob, *table = NULL;
	size_t skip, n;
	int ret = 0;

	memset(info, 0, sizeof(*info));
	if (!g->oob_size || !nblocks || !g->pages_per_block)
		return 0;
	data = malloc(g->page_size);
	oob = malloc(g->oob_size);
	if (!data || !oob) {
		ret = -ENOMEM;
		goto out_free;
	}
	for (i = 0; i < MM_BBT_SCAN_BLOCKS && i < nblocks; i++) {
		ret = probe_block(d, nblocks - 1 - i, data, oob, &main, &mirror);
		if (ret)
			goto out_free;
	}
	if (!main.ok && !mirror.ok)
		goto out_free;
	use = !main.ok || (mirror.ok && mirror.version > main.version) ?
	      &mirror : &main;

	/* The table: 2 bits per block, in the data area from page 0 on. */
	bytes = (nblocks * 2 + 7) / 8;
	table = malloc(bytes);
	if (!table) {
		ret = -ENOMEM;
		goto out_free;
	}
	skip = use->no_oob ? BBT_PAT_LEN + 1 : 0;
	for (page = 0; got < bytes && page < g->pages_per_block; page++) {
		ret = mm_dump_read_page(d, use->block * g->pages_per_block +
					page, data, NULL);
		if (ret < 0)
			goto out_free;
		n = g->page_size - skip;
		if (n > bytes - got)
			n = bytes - got;
		memcpy(table + got, data + skip, n);
		got += n;
		skip = 0;
	}
	ret = 0;
	if (got < bytes)
		goto out_free;	/* cannot hold the table: not one */
	info->found = true;
	info->block = use->block;
	info->version = use->version;
	info->mirror = use == &mirror;
	info->no_oob = use->no_oob;
	for (blk = 0; blk < nblocks; blk++) {
		unsigned int v = (table[blk / 4] >> ((blk % 4) * 2)) & 3;

		if (v == 3)
			continue;
		info->bad++;
		if (marks)
			marks[blk] = 1;
	}
out_free:
	free(table);
	free(data);
	free(oob);
	if (ret == -ENOMEM)
		mm_set_error(&d->in, "out of memory reading the bad block table");
	return ret;
}

int mm_bbt_onflash_apply(struct mm_dump *d, struct mm_bbt_onflash *info)
{
	struct mm_bbt_onflash local;
	uint8_t *marks;
	uint64_t blk;
	int ret;

	if (!info)
		info = &local;
	marks = calloc(d->geom.block_count ? d->geom.block_count : 1, 1);
	if (!marks) {
		mm_set_error(&d->in, "out of memory reading the bad block table");
		return -ENOMEM;
	}
	ret = mm_bbt_onflash_find(d, info, marks);
	if (!ret && info->found)
		for (blk = 0; blk < d->geom.block_count; blk++)
			if (marks[blk])
				mm_bbt_mark(&d->bbt, blk, MM_BBS_BBT);
	free(marks);
	return ret;
}
