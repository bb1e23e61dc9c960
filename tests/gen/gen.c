// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gen.c - deterministic synthetic NAND dumps (see gen.h and README).
 *
 * Each block is generated whole (so JFFS2 nodes can run across pages), then
 * split into pages; a page whose data is all 0xFF gets an all-0xFF spare
 * area, a programmed page gets marker bytes 0xFF, free bytes 0xFF (or the
 * JFFS2 clean-marker) and pseudo-ECC bytes at the ECC positions of the
 * kernel's default layout for the geometry. Factory-bad blocks read all
 * 0xFF except 00 at the marker byte of pages 0 and 1, as nandsim makes them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../formats/detect.h"
#include "../../core/layout/ooblayout.h"
#include "gen.h"

static uint64_t rnd_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void rnd_fill(uint64_t *s, uint8_t *p, size_t n)
{
	while (n--)
		*p++ = rnd_next(s);
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, v >> 32);
	put_be32(p + 4, v);
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, v);
	put_le16(p + 2, v >> 16);
}

bool mm_gen_is_bad(const struct mm_gen *g, uint64_t blk)
{
	size_t i;

	for (i = 0; i < g->n_bad; i++)
		if (g->bad[i] == blk)
			return true;
	return false;
}

static uint32_t gen_vid_hdr_offset(const struct mm_gen *g)
{
	return g->vid_hdr_offset ? g->vid_hdr_offset : g->page_size;
}

/* ubinize: data_offset = ALIGN(vid_hdr_offset + UBI_VID_HDR_SIZE, min_io) */
static uint32_t gen_data_offset(const struct mm_gen *g)
{
	uint32_t v = gen_vid_hdr_offset(g) + MM_UBI_HDR_SIZE;

	return (v + g->page_size - 1) / g->page_size * g->page_size;
}

static void gen_ubi(const struct mm_gen *g, uint64_t blk, uint64_t *s,
		    uint8_t *d, size_t eb)
{
	uint32_t vho = gen_vid_hdr_offset(g), dof = gen_data_offset(g);
	uint8_t *h = d;
	size_t len;

	memcpy(h, MM_UBI_EC_HDR_MAGIC, 4);
	h[4] = 1;					/* version */
	put_be64(h + 8, 1 + rnd_next(s) % 20);		/* erase counter */
	put_be32(h + 16, vho);
	put_be32(h + 20, dof);
	put_be32(h + 24, 0x4d555345 ^ g->seed);		/* image_seq */
	put_be32(h + 60, mm_crc32_le(MM_UBI_CRC_INIT, h, 60));
	if (blk % 4 == 3 || dof >= eb)
		return;					/* a free PEB */
	h = d + vho;
	memcpy(h, MM_UBI_VID_HDR_MAGIC, 4);
	h[4] = 1;
	h[5] = 1;					/* UBI_VID_DYNAMIC */
	if (blk < 2) {
		h[7] = 5;				/* UBI_COMPAT_REJECT */
		put_be32(h + 8, 0x7fffefff);		/* the layout volume */
		put_be32(h + 12, blk);
	} else {
		put_be32(h + 8, 0);
		put_be32(h + 12, blk - 2);
	}
	put_be64(h + 40, blk * 3 + 1);			/* sqnum */
	put_be32(h + 60, mm_crc32_le(MM_UBI_CRC_INIT, h, 60));
	len = (eb - dof) * (10 + rnd_next(s) % 90) / 100;
	rnd_fill(s, d + dof, len);
}

static void jffs2_hdr(const struct mm_gen *g, uint8_t *p, uint16_t type,
		      uint32_t totlen)
{
	if (g->big_endian) {
		put_be32(p, (uint32_t)MM_JFFS2_MAGIC << 16 | type);
		put_be32(p + 4, totlen);
		put_be32(p + 8, mm_crc32_le(0, p, 8));
		return;
	}
	put_le16(p, MM_JFFS2_MAGIC);
	put_le16(p + 2, type);
	put_le32(p + 4, totlen);
	put_le32(p + 8, mm_crc32_le(0, p, 8));
}

/*
 * Nodes as mkfs.jffs2 writes them for NAND: back to back (4-byte aligned),
 * free to run across page boundaries but never across the block end. With
 * no OOB the clean-marker is the in-band 12-byte node (NOR style).
 */
static void gen_jffs2(const struct mm_gen *g, uint64_t blk, uint64_t *s,
		      uint8_t *d, size_t eb)
{
	size_t pos = 0, fill, totlen;
	uint16_t type;

	if (!g->oob_size) {
		jffs2_hdr(g, d, 0x2003, MM_JFFS2_HDR_SIZE);
		pos = MM_JFFS2_HDR_SIZE;
	}
	if (blk % 4 == 3)
		return;
	fill = eb * (40 + rnd_next(s) % 55) / 100;
	while (pos < fill) {
		if (rnd_next(s) & 1) {
			type = 0xe002;			/* inode */
			totlen = 68 + rnd_next(s) % 1500;
		} else {
			type = 0xe001;			/* dirent */
			totlen = 41 + rnd_next(s) % 30;
		}
		if (pos + totlen > eb)
			break;
		jffs2_hdr(g, d + pos, type, totlen);
		rnd_fill(s, d + pos + MM_JFFS2_HDR_SIZE,
			 totlen - MM_JFFS2_HDR_SIZE);
		pos += totlen;
		while (pos % 4 && pos < eb)
			d[pos++] = 0;
	}
}

static bool all_ff(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++ != 0xff)
			return false;
	return true;
}

static void gen_oob(const struct mm_gen *g, const struct mm_ooblayout *l,
		    const uint8_t *data, uint8_t *oob, bool cleanmarker)
{
	static const uint8_t cm_le[8] = { 0x85, 0x19, 0x03, 0x20, 0x08, 0, 0, 0 };
	static const uint8_t cm_be[8] = { 0x19, 0x85, 0x20, 0x03, 0, 0, 0, 0x08 };
	const uint8_t *cm = g->big_endian ? cm_be : cm_le;
	uint64_t h = 0x6d6d67656e ^ g->seed;
	unsigned int i, j;

	memset(oob, 0xff, g->oob_size);
	if (cleanmarker && g->cleanmarker_offset &&
	    g->cleanmarker_offset + sizeof(cm_le) <= g->oob_size)
		memcpy(oob + g->cleanmarker_offset, cm, sizeof(cm_le));
	else if (cleanmarker)
		mm_ooblayout_put_free(l, oob, 0, sizeof(cm_le), cm);
	if (all_ff(data, g->page_size))
		return;
	for (i = 0; i < g->page_size; i += 8)
		h = h * 31 + data[i];
	for (i = 0; i < l->necc; i++)
		for (j = 0; j < l->ecc[i].len; j++)
			oob[l->ecc[i].off + j] = rnd_next(&h);
}

/*
 * The i.MX boot area (U-Boot arch/arm/mach-imx/cmd_nandbcb.c, imx-nandbcb.h):
 * struct fcb_block (little endian: fingerprint "FCB " at 4, version at 8,
 * pagesize 20, oob_pagesize 24, sectors 28, ecc_type 44, ecc_nr 48,
 * ecc_size 52, ecc_level 56, meta_size 60, nr_blocks 64, fw1_start 104,
 * fw2_start 108, fw1_pages 112, fw2_pages 116, dbbt_start 120; checksum
 * at 0: the complement of the byte sum of the 1020 bytes after it) and
 * struct dbbt_block (fingerprint "DBBT" at 4, version at 8,
 * DBBTNumOfPages at 16), its table 4 pages later: chip 0, the count, the
 * block numbers.
 */
#define GEN_BCB_COPIES	4

static void gen_imx_bcb(const struct mm_gen *g, uint64_t blk, uint8_t *d)
{
	const uint64_t *list = g->dbbt ? g->dbbt : g->bad;
	size_t n = g->dbbt ? g->n_dbbt : g->n_bad, i;
	uint32_t ppb = g->pages_per_block, sum = 0;
	uint8_t *f = d + 12, *t = d + 4 * (size_t)g->page_size;

	memset(d, 0xff, (size_t)g->page_size * ppb);
	memset(d, 0, g->page_size);
	if (blk < GEN_BCB_COPIES) {
		put_le32(f + 4, 0x20424346);
		put_le32(f + 8, 0x01000000);
		put_le32(f + 20, g->page_size);
		put_le32(f + 24, g->page_size + g->oob_size);
		put_le32(f + 28, ppb);
		put_le32(f + 44, 4);
		put_le32(f + 48, 512);
		put_le32(f + 52, 512);
		put_le32(f + 56, 4);
		put_le32(f + 60, 10);
		put_le32(f + 64, g->page_size / 512 - 1);
		put_le32(f + 104, 2 * GEN_BCB_COPIES * ppb);
		put_le32(f + 108, 3 * GEN_BCB_COPIES * ppb);
		put_le32(f + 112, 1);
		put_le32(f + 116, 1);
		put_le32(f + 120, GEN_BCB_COPIES * ppb);
		for (i = 4; i < 1024 && 12 + i < g->page_size; i++)
			sum += f[i];
		put_le32(f, ~sum);
		return;
	}
	put_le32(d + 4, 0x54424244);
	put_le32(d + 8, 0x01000000);
	put_le32(d + 16, n ? 1 : 0);
	if (!n)
		return;
	memset(t, 0, g->page_size);
	put_le32(t + 4, (uint32_t)n);
	for (i = 0; i < n && 12 + 4 * i <= g->page_size; i++)
		put_le32(t + 8 + 4 * i, (uint32_t)list[i]);
}

bool mm_gen_block(const struct mm_gen *g, uint64_t blk, uint8_t *data,
		  uint8_t *oob)
{
	struct mm_geom geom = {
		.page_size = g->page_size, .oob_size = g->oob_size,
		.pages_per_block = g->pages_per_block, .block_count = g->blocks,
	};
	size_t eb = (size_t)g->page_size * g->pages_per_block;
	uint64_t s = ((uint64_t)g->seed << 32) ^ (blk * 0x2545f4914f6cdd1dull);
	unsigned int bbm = g->page_size > 512 ? 0 : 5;
	struct mm_ooblayout l;
	uint32_t p;

	memset(data, 0xff, eb);
	if (oob)
		memset(oob, 0xff, (size_t)g->oob_size * g->pages_per_block);
	if (mm_gen_is_bad(g, blk)) {
		if (oob && g->oob_size > bbm) {
			oob[bbm] = 0;
			if (g->pages_per_block > 1)
				oob[g->oob_size + bbm] = 0;
		}
		return true;
	}
	switch (g->content) {
	case MM_GEN_ERASED:
		break;
	case MM_GEN_PATTERN:
		if (blk % 5 != 4)
			rnd_fill(&s, data, eb / 4 * 3);
		break;
	case MM_GEN_JFFS2:
		gen_jffs2(g, blk, &s, data, eb);
		break;
	case MM_GEN_UBI:
		gen_ubi(g, blk, &s, data, eb);
		break;
	}
	if (g->imx_bcb && blk < 2 * GEN_BCB_COPIES)
		gen_imx_bcb(g, blk, data);
	if (!oob || !g->oob_size)
		return false;
	if (mm_ooblayout_default(&l, &geom))
		mm_ooblayout_kernel(&l, &geom, 0, false);
	for (p = 0; p < g->pages_per_block; p++)
		gen_oob(g, &l, data + (size_t)p * g->page_size,
			oob + (size_t)p * g->oob_size,
			p == 0 && g->content == MM_GEN_JFFS2);
	return false;
}

static void swap16(uint8_t *p, size_t n)
{
	uint8_t t;

	for (; n >= 2; n -= 2, p += 2) {
		t = p[0];
		p[0] = p[1];
		p[1] = t;
	}
}

int mm_gen_write(const struct mm_gen *g, FILE *f)
{
	size_t eb = (size_t)g->page_size * g->pages_per_block;
	bool with_oob, bad;
	uint8_t *data, *oob;
	uint64_t blk;
	uint32_t p;
	int ret = 0;

	if (!g->page_size || !g->pages_per_block || !g->blocks ||
	    g->oob_size >= g->page_size || g->page_size % 4 ||
	    g->pages_per_block > 4096 || g->page_size > 65536)
		return -EINVAL;
	with_oob = g->layout == MM_GEN_OOB ||
		   (g->layout != MM_GEN_RAW && g->oob_size);
	if (g->layout == MM_GEN_OOB && !g->oob_size)
		return -EINVAL;
	if (g->imx_bcb && (g->pages_per_block < 5 || g->page_size < 2048 ||
			   g->blocks < 2 * GEN_BCB_COPIES))
		return -EINVAL;
	data = malloc(eb);
	oob = malloc((size_t)(g->oob_size ? g->oob_size : 1) *
		     g->pages_per_block);
	if (!data || !oob) {
		ret = -ENOMEM;
		goto out_free;
	}
	for (blk = 0; blk < g->blocks; blk++) {
		bad = mm_gen_block(g, blk, data, oob);
		if (bad && g->layout == MM_GEN_SKIPBAD)
			continue;
		if (bad && g->layout == MM_GEN_PADBAD) {
			memset(data, 0xff, eb);
			memset(oob, 0xff, (size_t)g->oob_size *
			       g->pages_per_block);
		}
		if (g->swap16) {
			swap16(data, eb);
			swap16(oob, (size_t)g->oob_size * g->pages_per_block);
		}
		for (p = 0; p < g->pages_per_block; p++) {
			if (fwrite(data + (size_t)p * g->page_size,
				   g->page_size, 1, f) != 1)
				goto out_io;
			if (with_oob &&
			    fwrite(oob + (size_t)p * g->oob_size, g->oob_size,
				   1, f) != 1)
				goto out_io;
		}
	}
	goto out_free;

out_io:
	ret = errno ? -errno : -EIO;
out_free:
	free(data);
	free(oob);
	return ret;
}

int mm_gen_write_file(const struct mm_gen *g, const char *path)
{
	FILE *f = fopen(path, "wb");
	int ret;

	if (!f)
		return -errno;
	ret = mm_gen_write(g, f);
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}
