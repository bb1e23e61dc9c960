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
#include <inttypes.h>
#include <string.h>

#include "bytes.h"
#include "prober.h"

#define SQFS_SB_SIZE	96

extern const struct mm_prober mm_prober_squashfs;

/* An item: from the superblock (little endian, version 4). */
struct sqfs_item {
	uint32_t major;
	uint32_t minor;
	uint32_t block_size;
	uint32_t compression;
	uint64_t bytes_used;
	uint32_t inodes;
};

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

static void sqfs_fill(struct sqfs_item *it, const uint8_t *p)
{
	it->major = mm_le16(p + 28);
	it->minor = mm_le16(p + 30);
	it->block_size = mm_le32(p + 12);
	it->compression = mm_le16(p + 20);
	it->bytes_used = mm_le64(p + 40);
	it->inodes = mm_le32(p + 4);
}

static int sqfs_claim(struct mm_probe *pr, void *priv)
{
	struct mm_content *c;
	int ret;

	(void)priv;
	if (pr->head_len < SQFS_SB_SIZE || !sqfs_ok(pr->head))
		return 0;
	ret = mm_probe_claim(pr, &mm_prober_squashfs, false, &c);
	if (ret)
		return ret;
	sqfs_fill(c->priv, pr->head);
	mm_probe_set_region(pr, mm_le64(pr->head + 40));
	return 1;
}

static int sqfs_volume(struct mm_probe *pr, void *priv, const uint8_t *leb,
		       uint32_t len, uint32_t vol_id)
{
	(void)pr;
	(void)priv;
	(void)vol_id;
	return len >= SQFS_SB_SIZE && sqfs_ok(leb);
}

/* 1 gzip, 2 lzma, 3 lzo, 4 xz, 5 lz4, 6 zstd (squashfs_fs.h) */
static const char *sqfs_compr_name(uint32_t c)
{
	static const char *const names[] = { "?", "gzip", "lzma", "lzo", "xz",
					     "lz4", "zstd" };

	return c < sizeof(names) / sizeof(names[0]) ? names[c] : "?";
}

static void sqfs_describe(const struct mm_content *c, struct mm_writer *w)
{
	const struct sqfs_item *it = c->priv;

	mm_writer_u64(w, "version_major", it->major);
	mm_writer_u64(w, "version_minor", it->minor);
	mm_writer_u64(w, "block_size", it->block_size);
	mm_writer_str(w, "compression", sqfs_compr_name(it->compression));
	mm_writer_u64(w, "bytes_used", it->bytes_used);
	mm_writer_u64(w, "inodes", it->inodes);
}

static void sqfs_summary(const struct mm_content *c, struct mm_writer *w)
{
	const struct sqfs_item *it = c->priv;

	mm_writer_text(w, "version %" PRIu32 ".%" PRIu32 ", %s, block size %" PRIu32 ", %" PRIu64 " bytes used, %" PRIu32 " inodes",
		       it->major, it->minor, sqfs_compr_name(it->compression),
		       it->block_size, it->bytes_used, it->inodes);
}

const struct mm_prober mm_prober_squashfs = {
	.name		= "squashfs",
	.item_size	= sizeof(struct sqfs_item),
	.claim		= sqfs_claim,
	.volume		= sqfs_volume,
	.describe	= sqfs_describe,
	.summary	= sqfs_summary,
};
