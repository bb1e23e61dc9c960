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

#include "../util/crc32.h"
#include "bytes.h"
#include "prober.h"

#define UBIFS_MAGIC		0x06101831u
#define UBIFS_SB_NODE		6
#define UBIFS_SB_SIZE		4096
#define UBIFS_CH_SIZE		24
#define UBIFS_NODE_TYPES	12

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
	c->ubifs.min_io_size = mm_le32(p + 32);
	c->ubifs.leb_size = mm_le32(p + 36);
	c->ubifs.leb_cnt = mm_le32(p + 40);
	c->ubifs.max_leb_cnt = mm_le32(p + 44);
	c->ubifs.fmt_version = mm_le32(p + 80);
	c->ubifs.default_compr = mm_le16(p + 84);
}

static int ubifs_claim(struct mm_probe *pr, void *priv)
{
	const struct mm_content *o = mm_probe_open_item(pr);
	const uint8_t *h = pr->head;
	struct mm_content *c;
	int ret;

	(void)priv;
	if (ubifs_sb_ok(h, pr->head_len)) {
		ret = mm_probe_claim(pr, MM_CT_UBIFS, false, &c);
		if (ret)
			return ret;
		ubifs_fill(c, h);
		return 1;
	}
	/* A bare image goes on with blocks that start with any UBIFS node. */
	if (o && o->type == MM_CT_UBIFS && pr->head_len >= UBIFS_CH_SIZE &&
	    mm_le32(h) == UBIFS_MAGIC && h[20] < UBIFS_NODE_TYPES) {
		ret = mm_probe_claim(pr, MM_CT_UBIFS, true, &c);
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
	c = mm_probe_add_item(pr, MM_CT_UBIFS, pr->blk);
	if (!c)
		return -ENOMEM;
	c->ubifs.in_ubi = true;
	c->ubifs.ubi_vol_id = vol_id;
	ubifs_fill(c, leb);
	return MM_CT_UBIFS;
}

const struct mm_prober mm_prober_ubifs = {
	.name		= "ubifs",
	.type		= MM_CT_UBIFS,
	.claim		= ubifs_claim,
	.volume		= ubifs_volume,
};
