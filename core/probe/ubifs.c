// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ubifs.c - the UBIFS prober: superblock nodes at the start of an
 * eraseblock (a bare UBIFS image, which later blocks of UBIFS nodes extend)
 * or of LEB 0 of a UBI volume.
 *
 * UBIFS common header (fs/ubifs/ubifs-media.h): magic le32 0x06101831 @0,
 * crc le32 @4 = mm_crc32_le(0xFFFFFFFF, node + 8, len - 8), len le32 @16,
 * node_type @20 (6 = superblock); the superblock node is 4096 bytes:
 * min_io_size le32 @32, leb_size @36, leb_cnt @40, max_leb_cnt @44,
 * fmt_version @80, default_compr le16 @84.
 */
#include <errno.h>
#include <inttypes.h>

#include "../util/crc32.h"
#include "bytes.h"
#include "prober.h"

#define UBIFS_MAGIC		0x06101831u
#define UBIFS_SB_NODE		6
#define UBIFS_SB_SIZE		4096
#define UBIFS_CH_SIZE		24
#define UBIFS_NODE_TYPES	12

extern const struct mm_prober mm_prober_ubifs;

/* An item: from the superblock node. */
struct ubifs_item {
	uint32_t min_io_size;
	uint32_t leb_size;
	uint32_t leb_cnt;
	uint32_t max_leb_cnt;
	uint32_t fmt_version;
	uint32_t default_compr;
};

static bool ubifs_sb_ok(const uint8_t *p, size_t avail)
{
	uint32_t len;

	if (avail < UBIFS_CH_SIZE || mm_le32(p) != UBIFS_MAGIC ||
	    p[20] != UBIFS_SB_NODE)
		return false;
	len = mm_le32(p + 16);
	if (len < 128 || len > avail || len > UBIFS_SB_SIZE)
		return false;
	return mm_crc32_le(0xFFFFFFFFu, p + 8, len - 8) == mm_le32(p + 4);
}

static void ubifs_fill(struct mm_content *c, const uint8_t *p)
{
	struct ubifs_item *it = c->priv;

	it->min_io_size = mm_le32(p + 32);
	it->leb_size = mm_le32(p + 36);
	it->leb_cnt = mm_le32(p + 40);
	it->max_leb_cnt = mm_le32(p + 44);
	it->fmt_version = mm_le32(p + 80);
	it->default_compr = mm_le16(p + 84);
}

static int ubifs_claim(struct mm_probe *pr, void *priv)
{
	const struct mm_content *o = mm_probe_open_item(pr);
	const uint8_t *h = pr->head;
	struct mm_content *c;
	int ret;

	(void)priv;
	if (ubifs_sb_ok(h, pr->head_len)) {
		ret = mm_probe_claim(pr, &mm_prober_ubifs, false, &c);
		if (ret)
			return ret;
		ubifs_fill(c, h);
		return 1;
	}
	/* A bare image goes on with blocks that start with any UBIFS node. */
	if (mm_probe_is(o, &mm_prober_ubifs) && pr->head_len >= UBIFS_CH_SIZE &&
	    mm_le32(h) == UBIFS_MAGIC && h[20] < UBIFS_NODE_TYPES) {
		ret = mm_probe_claim(pr, &mm_prober_ubifs, true, &c);
		return ret ? ret : 1;
	}
	return 0;
}

static int ubifs_volume(struct mm_probe *pr, void *priv, const uint8_t *leb,
			uint32_t len, uint32_t vol_id)
{
	struct mm_content *c;

	(void)priv;
	if (!ubifs_sb_ok(leb, len))
		return 0;
	(void)vol_id;
	c = mm_probe_add_item(pr, &mm_prober_ubifs, pr->blk);
	if (!c)
		return -ENOMEM;
	ubifs_fill(c, leb);
	return 1;
}

/* 0 none, 1 lzo, 2 zlib, 3 zstd (ubifs-media.h UBIFS_COMPR_*) */
static const char *ubifs_compr_name(uint32_t c)
{
	static const char *const names[] = { "none", "lzo", "zlib", "zstd" };

	return c < sizeof(names) / sizeof(names[0]) ? names[c] : "?";
}

static void ubifs_describe(const struct mm_content *c, struct mm_writer *w)
{
	const struct ubifs_item *it = c->priv;

	mm_writer_u64(w, "min_io_size", it->min_io_size);
	mm_writer_u64(w, "leb_size", it->leb_size);
	mm_writer_u64(w, "leb_cnt", it->leb_cnt);
	mm_writer_u64(w, "max_leb_cnt", it->max_leb_cnt);
	mm_writer_u64(w, "fmt_version", it->fmt_version);
	mm_writer_str(w, "compression", ubifs_compr_name(it->default_compr));
}

static void ubifs_summary(const struct mm_content *c, struct mm_writer *w)
{
	const struct ubifs_item *it = c->priv;

	mm_writer_text(w, "LEB size %" PRIu32 ", %" PRIu32 " LEBs (max %" PRIu32 "), min I/O %" PRIu32 ", format %" PRIu32 ", %s",
		       it->leb_size, it->leb_cnt, it->max_leb_cnt,
		       it->min_io_size, it->fmt_version,
		       ubifs_compr_name(it->default_compr));
}

const struct mm_prober mm_prober_ubifs = {
	.name		= "ubifs",
	.item_size	= sizeof(struct ubifs_item),
	.claim		= ubifs_claim,
	.volume		= ubifs_volume,
	.describe	= ubifs_describe,
	.summary	= ubifs_summary,
};
