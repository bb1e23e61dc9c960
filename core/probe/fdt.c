// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fdt.c - the flattened device tree prober (also FIT images): a header at
 * the start of an eraseblock; the tree claims the blocks of its totalsize.
 *
 * FDT header (devicetree specification), big endian: magic 0xd00dfeed @0,
 * totalsize @4, off_dt_struct @8, off_dt_strings @12, off_mem_rsvmap @16,
 * version @20, last_comp_version @24, size_dt_strings @32, size_dt_struct
 * @36. No checksum exists: the offsets and sizes must be consistent.
 */
#include <inttypes.h>

#include "bytes.h"
#include "prober.h"

extern const struct mm_prober mm_prober_fdt;

/* An item: from the header. */
struct fdt_item {
	uint32_t totalsize;
	uint32_t version;
};

static bool fdt_ok(const uint8_t *p)
{
	uint32_t total = mm_be32(p + 4), ver = mm_be32(p + 20);
	uint32_t last = mm_be32(p + 24), o_struct = mm_be32(p + 8);
	uint32_t o_strings = mm_be32(p + 12), o_rsv = mm_be32(p + 16);
	uint32_t sz_strings = mm_be32(p + 32), sz_struct = mm_be32(p + 36);

	if (mm_be32(p) != 0xd00dfeedu || total < 40 || ver < 16 || ver > 17 ||
	    last > ver)
		return false;
	return o_rsv >= 40 && o_rsv < total && o_struct >= 40 &&
	       (uint64_t)o_struct + sz_struct <= total && o_strings >= 40 &&
	       (uint64_t)o_strings + sz_strings <= total;
}

static int fdt_claim(struct mm_probe *pr, void *priv)
{
	struct mm_content *c;
	struct fdt_item *it;
	int ret;

	(void)priv;
	if (!fdt_ok(pr->head))
		return 0;
	ret = mm_probe_claim(pr, &mm_prober_fdt, false, &c);
	if (ret)
		return ret;
	it = c->priv;
	it->totalsize = mm_be32(pr->head + 4);
	it->version = mm_be32(pr->head + 20);
	mm_probe_set_region(pr, it->totalsize);
	return 1;
}

static void fdt_describe(const struct mm_content *c, struct mm_writer *w)
{
	const struct fdt_item *it = c->priv;

	mm_writer_u64(w, "totalsize", it->totalsize);
	mm_writer_u64(w, "version", it->version);
}

static void fdt_summary(const struct mm_content *c, struct mm_writer *w)
{
	const struct fdt_item *it = c->priv;

	mm_writer_text(w, "version %" PRIu32 ", %" PRIu32 " bytes",
		       it->version, it->totalsize);
}

const struct mm_prober mm_prober_fdt = {
	.name		= "fdt",
	.item_size	= sizeof(struct fdt_item),
	.claim		= fdt_claim,
	.describe	= fdt_describe,
	.summary	= fdt_summary,
};
