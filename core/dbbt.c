// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dbbt.c - the i.MX Discovered Bad Block Table.
 *
 * Facts (U-Boot arch/arm/include/asm/mach-imx/imx-nandbcb.h and
 * arch/arm/mach-imx/cmd_nandbcb.c; imx-kobs; little-endian words):
 *  - the FCB: fingerprint "FCB " 0x20424346 at byte 4, version 0x01000000
 *    at 8, dbbt_start (the page where the DBBT search area begins) at 120;
 *    within the struct's first 128 bytes, which lie contiguous within the
 *    first raw bytes of the FCB page (byte 12 on i.MX6 with the Hamming
 *    layout, 32 with the BCH62 layout), as core/layout/presets/gpmi.c
 *    reads them; on i.MX6UL and later the page is randomized and the FCB
 *    is not found this way (the fingerprint scan still finds the DBBT);
 *  - struct dbbt_block: checksum (reserved on i.MX6, 0), fingerprint
 *    "DBBT" 0x54424244 at 4, version 0x01000000 at 8, numberbb (reserved
 *    on i.MX6) at 12, DBBTNumOfPages at 16 (0: no bad blocks);
 *  - copies: nandbcb writes one in each of the ROM's search strides (one
 *    eraseblock each: 4 copies from the first block after the FCBs, with
 *    dbbt_start = that block's first page; older nandbcb: page 1 of blocks
 *    0 and 1, dbbt_start = 1; kobs-ng: the first block after the FCB
 *    search area), written with the controller's normal ECC, bad blocks
 *    skipped;
 *  - the table of bad blocks: 4 pages after its header page (nandbcb
 *    read_dbbt()/write_dbbt(): off + 4 * writesize; kobs-ng alike), word 0
 *    the chip number, word 1 the number of bad blocks, then one word per
 *    bad block, its eraseblock number.
 * Read here: the first FCB in page 0 of the first MM_DBBT_SEARCH_BLOCKS
 * blocks gives a start page, the copies being one eraseblock apart; with
 * no FCB, or no DBBT where it points, pages 0 and 1 of those blocks are
 * searched for the fingerprint.
 * A header may sit within the first 64 bytes of its page (a raw page
 * without the controller's layout has the BCH metadata first), its table
 * at the same place in its page. Not confirmed: a table of more than one
 * page is read as the pages that follow, one list.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbbt.h"

#define FCB_FINGERPRINT		0x20424346u
#define DBBT_FINGERPRINT	0x54424244u
#define BCB_VERSION		0x01000000u
#define FCB_DBBT_START		120
#define DBBT_TABLE_AFTER	4	/* pages from header to table */
#define HDR_SEARCH		64	/* bytes of a page searched */

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* One copy as read: its header's place and its list. */
struct copy {
	uint64_t where, table_where;
	uint32_t pages;
	bool ok;
	char err[96];
	uint64_t *bad;
	size_t nbad;
};

struct reader {
	struct mm_dump *d;
	struct mm_ecc *e;
	uint8_t *page;		/* page_size * (1 + MM_DBBT_TABLE_PAGES_MAX) */
};

static int read_logical(struct reader *r, uint64_t page, uint8_t *buf)
{
	if (page >= mm_geom_page_count(&r->d->geom)) {
		memset(buf, 0xff, r->d->geom.page_size);
		return 0;
	}
	if (r->e && mm_ecc_enabled(r->e))
		return mm_ecc_read_page(r->e, r->d, page, buf, NULL, NULL, NULL);
	return mm_dump_read_page(r->d, page, buf, NULL);
}

/* The in-page offset of a DBBT header in @p, or -1. */
static int find_header(const uint8_t *p, uint32_t len)
{
	uint32_t off;

	for (off = 0; off + 20 <= len && off <= HDR_SEARCH; off++)
		if (le32(p + off + 4) == DBBT_FINGERPRINT &&
		    le32(p + off + 8) == BCB_VERSION)
			return (int)off;
	return -1;
}

/* The copy whose header is in page @page, if there is one there. */
static int read_copy(struct reader *r, uint64_t page, struct copy *c)
{
	const struct mm_geom *g = &r->d->geom;
	uint32_t ps = g->page_size, n, k, i;
	uint8_t *t = r->page + ps;
	uint64_t avail;
	int off, ret;

	memset(c, 0, sizeof(*c));
	ret = read_logical(r, page, r->page);
	if (ret < 0)
		return ret;
	off = find_header(r->page, ps);
	if (off < 0)
		return 0;
	c->where = page * ps + (uint64_t)off;
	c->pages = le32(r->page + off + 16);
	c->ok = true;
	if (!c->pages)
		return 1;			/* no bad blocks */
	if (c->pages > MM_DBBT_TABLE_PAGES_MAX) {
		snprintf(c->err, sizeof(c->err), "DBBTNumOfPages %u", c->pages);
		c->ok = false;
		return 1;
	}
	c->table_where = (page + DBBT_TABLE_AFTER) * ps + (uint64_t)off;
	for (k = 0; k < c->pages; k++) {
		ret = read_logical(r, page + DBBT_TABLE_AFTER + k, t + k * ps);
		if (ret < 0)
			return ret;
	}
	t += off;
	avail = ((uint64_t)c->pages * ps - (uint64_t)off - 8) / 4;
	n = le32(t + 4);
	if (n > avail || n > g->block_count) {
		snprintf(c->err, sizeof(c->err), "%u bad blocks listed", n);
		c->ok = false;
		return 1;
	}
	c->bad = malloc(sizeof(*c->bad) * (n ? n : 1));
	if (!c->bad)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		uint32_t b = le32(t + 8 + 4 * i);

		if (b >= g->block_count) {
			snprintf(c->err, sizeof(c->err),
				 "block %u listed, past the device's %llu",
				 b, (unsigned long long)g->block_count);
			c->ok = false;
			free(c->bad);
			c->bad = NULL;
			return 1;
		}
		c->bad[i] = b;
	}
	c->nbad = n;
	return 1;
}

/* An FCB in the raw bytes of page 0 of block @blk: its dbbt_start. */
static int read_fcb(struct reader *r, uint64_t blk, uint64_t *where,
		    uint32_t *start)
{
	const struct mm_geom *g = &r->d->geom;
	uint64_t page = blk * g->pages_per_block;
	uint32_t off;
	int ret;

	ret = mm_dump_read_page(r->d, page, r->page, NULL);
	if (ret < 0)
		return ret;
	for (off = 0; off + 128 <= g->page_size && off <= HDR_SEARCH; off++) {
		const uint8_t *f = r->page + off;

		if (le32(f + 4) != FCB_FINGERPRINT || le32(f + 8) != BCB_VERSION)
			continue;
		*start = le32(f + FCB_DBBT_START);
		if (!*start || *start >= mm_geom_page_count(g))
			return 0;
		*where = page * g->page_size + off;
		return 1;
	}
	return 0;
}

static bool same_list(const struct copy *a, const struct copy *b)
{
	return a->ok && b->ok && a->nbad == b->nbad &&
	       (!a->nbad || !memcmp(a->bad, b->bad, a->nbad * sizeof(*a->bad)));
}

/* Pages 0 and 1 of the first blocks: where the fingerprint is looked for. */
static size_t scan_pages(const struct mm_geom *g, uint64_t *pages)
{
	size_t np = 0;
	uint64_t blk;

	for (blk = 0; blk < g->block_count && blk < MM_DBBT_SEARCH_BLOCKS;
	     blk++) {
		pages[np++] = blk * g->pages_per_block;
		if (g->pages_per_block > 1)
			pages[np++] = blk * g->pages_per_block + 1;
	}
	return np;
}

/* The copies whose headers are in @pages (bad blocks skipped). */
static int read_copies(struct reader *r, const uint64_t *pages, size_t np,
		       struct copy *c, size_t *nc)
{
	const struct mm_geom *g = &r->d->geom;
	size_t i;
	int ret;

	for (i = 0; i < np && *nc < MM_DBBT_COPIES_MAX; i++) {
		if (pages[i] >= mm_geom_page_count(g) ||
		    mm_bbt_is_bad(&r->d->bbt, pages[i] / g->pages_per_block))
			continue;
		ret = read_copy(r, pages[i], &c[*nc]);
		if (ret < 0)
			return ret;
		if (ret > 0)
			(*nc)++;
	}
	return 0;
}

static int search(struct reader *r, struct mm_dbbt *out)
{
	const struct mm_geom *g = &r->d->geom;
	struct copy c[MM_DBBT_COPIES_MAX];
	uint64_t blk, pages[2 * MM_DBBT_SEARCH_BLOCKS];
	size_t np = 0, nc = 0, i;
	int first = -1, ret = 0;

	for (blk = 0; blk < g->block_count && blk < MM_DBBT_SEARCH_BLOCKS &&
	     !out->from_fcb; blk++) {
		if (mm_bbt_is_bad(&r->d->bbt, blk))
			continue;
		ret = read_fcb(r, blk, &out->fcb_where, &out->search_page);
		if (ret < 0)
			return ret;
		out->from_fcb = ret > 0;
	}
	if (out->from_fcb) {
		for (i = 0; i < MM_DBBT_COPIES_MAX; i++)
			pages[np++] = out->search_page + i * g->pages_per_block;
		ret = read_copies(r, pages, np, c, &nc);
		if (ret)
			goto out_free;
		/* none where the FCB points: the fingerprint scan decides */
		out->from_fcb = nc > 0;
	}
	if (!out->from_fcb) {
		np = scan_pages(g, pages);
		ret = read_copies(r, pages, np, c, &nc);
		if (ret)
			goto out_free;
	}
	out->copies = (unsigned int)nc;
	if (!nc)
		goto out_free;
	out->found = true;
	for (i = 0; i < nc && first < 0; i++)
		if (c[i].ok)
			first = (int)i;
	if (first < 0)
		first = 0;
	out->where = c[first].where;
	out->table_pages = c[first].pages;
	out->table_where = c[first].table_where;
	out->table_ok = c[first].ok;
	snprintf(out->err, sizeof(out->err), "%s", c[first].err);
	for (i = 0; i < nc; i++)
		if (same_list(&c[first], &c[i]))
			out->agree++;
	out->bad = c[first].bad;
	out->nbad = c[first].nbad;
	c[first].bad = NULL;
out_free:
	while (nc--)
		free(c[nc].bad);
	return ret;
}

int mm_dbbt_find(struct mm_dump *d, struct mm_ecc *e, struct mm_dbbt *out)
{
	struct reader r = { d, e, NULL };
	int ret;

	memset(out, 0, sizeof(*out));
	r.page = malloc((size_t)d->geom.page_size *
			(1 + MM_DBBT_TABLE_PAGES_MAX));
	if (!r.page)
		return -ENOMEM;
	ret = search(&r, out);
	free(r.page);
	if (ret) {
		mm_dbbt_free(out);
		if (ret != -ENOMEM && !mm_dump_error(d)[0])
			mm_set_error(&d->in, "reading the i.MX DBBT failed: %s",
				     strerror(-ret));
	}
	return ret;
}

void mm_dbbt_free(struct mm_dbbt *t)
{
	free(t->bad);
	t->bad = NULL;
	t->nbad = 0;
}
