// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * squashfs.c - the SquashFS prober: version 4 superblocks at the start of
 * an eraseblock (the image then claims the blocks of its bytes_used) or of
 * LEB 0 of a UBI volume.
 *
 * SquashFS 4 superblock: "hsqs" @0, inodes le32 @4, block_size le32 @12,
 * compression le16 @20, block_log le16 @22, s_major le16 @28, s_minor @30,
 * bytes_used le64 @40.
 */
#include <string.h>

#include "bytes.h"
#include "prober.h"

#define SQFS_SB_SIZE	96

static bool sqfs_ok(const uint8_t *p)
{
	uint32_t bs = mm_le32(p + 12);
	uint16_t blog = mm_le16(p + 22);

	if (memcmp(p, "hsqs", 4) || mm_le16(p + 28) != 4)
		return false;
	if (blog < 12 || blog > 20 || bs != 1u << blog)
		return false;
	return mm_le64(p + 40) >= 96;
}

static void sqfs_fill(struct mm_content *c, const uint8_t *p)
{
	c->squashfs.major = mm_le16(p + 28);
	c->squashfs.minor = mm_le16(p + 30);
	c->squashfs.block_size = mm_le32(p + 12);
	c->squashfs.compression = mm_le16(p + 20);
	c->squashfs.bytes_used = mm_le64(p + 40);
	c->squashfs.inodes = mm_le32(p + 4);
}

static int sqfs_claim(struct mm_probe *pr, void *priv)
{
	struct mm_content *c;
	int ret;

	(void)priv;
	if (pr->head_len < SQFS_SB_SIZE || !sqfs_ok(pr->head))
		return 0;
	ret = mm_probe_claim(pr, MM_CT_SQUASHFS, false, &c);
	if (ret)
		return ret;
	sqfs_fill(c, pr->head);
	mm_probe_set_region(pr, c->squashfs.bytes_used);
	return 1;
}

static int sqfs_volume(struct mm_probe *pr, void *priv, const uint8_t *leb,
		       uint32_t len, uint32_t vol_id)
{
	(void)pr;
	(void)priv;
	(void)vol_id;
	return len >= SQFS_SB_SIZE && sqfs_ok(leb) ? MM_CT_SQUASHFS : 0;
}

const struct mm_prober mm_prober_squashfs = {
	.name		= "squashfs",
	.type		= MM_CT_SQUASHFS,
	.claim		= sqfs_claim,
	.volume		= sqfs_volume,
};
