// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * jffs2.c - the JFFS2 prober: node headers with a valid header CRC in the
 * data, and clean-markers in the OOB (raw or through the free bytes) or,
 * on NOR and data-only dumps, in-band at the start of the block.
 *
 * Node header (include/uapi/linux/jffs2.h): magic u16 @0 (0x1985, either
 * endian), nodetype u16 @2, totlen u32 @4, hdr_crc u32 @8 =
 * mm_crc32_le(0, node, 8). A clean-marker is node type 0x2003.
 */
#include <inttypes.h>
#include <string.h>

#include "../util/crc32.h"
#include "bytes.h"
#include "prober.h"

extern const struct mm_prober mm_prober_jffs2;

/* An item: the blocks of one image. */
struct jffs2_item {
	uint64_t nodes;		/* with a valid header CRC */
	uint64_t cleanmarkers;	/* blocks with a clean-marker */
	bool big_endian;	/* magic 0x1985 stored as 19 85 */
};

/* The block being read. */
struct jffs2 {
	uint64_t nodes;
	bool big_endian;
	bool cleanmarker;
};

static const uint8_t jffs2_cm_le[8] = { 0x85, 0x19, 0x03, 0x20, 8, 0, 0, 0 };
static const uint8_t jffs2_cm_be[8] = { 0x19, 0x85, 0x20, 0x03, 0, 0, 0, 8 };

static void jffs2_nodes(struct jffs2 *j, const uint8_t *p, uint32_t ps)
{
	uint32_t off;

	for (off = 0; off + 12 <= ps; off += 4) {
		const uint8_t *h = p + off;
		bool be;
		uint32_t totlen;

		if (h[0] == 0x85 && h[1] == 0x19)
			be = false;
		else if (h[0] == 0x19 && h[1] == 0x85)
			be = true;
		else
			continue;
		if ((be ? mm_be32(h + 8) : mm_le32(h + 8)) !=
		    mm_crc32_le(0, h, 8))
			continue;
		totlen = be ? mm_be32(h + 4) : mm_le32(h + 4);
		if (totlen < 12 || (h[2] == 0 && h[3] == 0))
			continue;
		j->nodes++;
		j->big_endian = be;
		/* Skip the node's header; its body may hold anything. */
		off += 8;
	}
}

static bool jffs2_inband_cleanmarker(const uint8_t *h)
{
	bool be;

	if (h[0] == 0x85 && h[1] == 0x19 && h[2] == 0x03 && h[3] == 0x20)
		be = false;
	else if (h[0] == 0x19 && h[1] == 0x85 && h[2] == 0x20 && h[3] == 0x03)
		be = true;
	else
		return false;
	return (be ? mm_be32(h + 8) : mm_le32(h + 8)) == mm_crc32_le(0, h, 8) &&
	       (be ? mm_be32(h + 4) : mm_le32(h + 4)) >= 12;
}

static bool has_seq(const uint8_t *p, size_t n, const uint8_t *seq, size_t m)
{
	size_t i;

	for (i = 0; i + m <= n; i++)
		if (!memcmp(p + i, seq, m))
			return true;
	return false;
}

static bool jffs2_oob_cleanmarker(const struct mm_probe *pr,
				  const uint8_t *oob)
{
	uint8_t fb[256];
	uint32_t n = pr->g->oob_size;

	if (has_seq(oob, n, jffs2_cm_le, 8) || has_seq(oob, n, jffs2_cm_be, 8))
		return true;
	/* The kernel writes it through AUTO_OOB: the free bytes in order. */
	if (!pr->layout)
		return false;
	n = pr->layout->oobavail < sizeof(fb) ? pr->layout->oobavail :
						 sizeof(fb);
	mm_ooblayout_get_free(pr->layout, oob, 0, n, fb);
	return has_seq(fb, n, jffs2_cm_le, 8) || has_seq(fb, n, jffs2_cm_be, 8);
}

static int jffs2_page(struct mm_probe *pr, void *priv, uint32_t p,
		      const uint8_t *data, const uint8_t *oob)
{
	struct jffs2 *j = priv;

	if (p == 0)
		memset(j, 0, sizeof(*j));
	if (pr->erased)
		return 0;
	if (p == 0) {
		if (oob && jffs2_oob_cleanmarker(pr, oob))
			j->cleanmarker = true;
		/* NOR and data-only JFFS2: the clean-marker is an in-band
		 * 12-byte node (type 0x2003) at the start of the block. */
		if (jffs2_inband_cleanmarker(data))
			j->cleanmarker = true;
	}
	jffs2_nodes(j, data, pr->g->page_size);
	return 0;
}

static int jffs2_claim(struct mm_probe *pr, void *priv)
{
	const struct mm_content *o = mm_probe_open_item(pr);
	struct jffs2 *j = priv;
	struct jffs2_item *it;
	struct mm_content *c;
	bool same;
	int ret;

	if (!j->nodes && !j->cleanmarker)
		return 0;
	same = mm_probe_is(o, &mm_prober_jffs2) &&
	       ((const struct jffs2_item *)o->priv)->big_endian == j->big_endian;
	ret = mm_probe_claim(pr, &mm_prober_jffs2, same, &c);
	if (ret)
		return ret;
	it = c->priv;
	it->big_endian = j->big_endian;
	it->nodes += j->nodes;
	if (j->cleanmarker)
		it->cleanmarkers++;
	return 1;
}

static void jffs2_describe(const struct mm_content *c, struct mm_writer *w)
{
	const struct jffs2_item *it = c->priv;

	mm_writer_u64(w, "nodes", it->nodes);
	mm_writer_u64(w, "cleanmarkers", it->cleanmarkers);
	mm_writer_str(w, "endian", it->big_endian ? "big" : "little");
}

static void jffs2_summary(const struct mm_content *c, struct mm_writer *w)
{
	const struct jffs2_item *it = c->priv;

	mm_writer_text(w, "%s endian, %" PRIu64 " nodes, %" PRIu64 " clean-markers",
		       it->big_endian ? "big" : "little", it->nodes,
		       it->cleanmarkers);
}

const struct mm_prober mm_prober_jffs2 = {
	.name		= "jffs2",
	.item_size	= sizeof(struct jffs2_item),
	.priv_size	= sizeof(struct jffs2),
	.page		= jffs2_page,
	.claim		= jffs2_claim,
	.describe	= jffs2_describe,
	.summary	= jffs2_summary,
};
