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
#include "bytes.h"
#include "prober.h"

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
	int ret;

	(void)priv;
	if (!fdt_ok(pr->head))
		return 0;
	ret = mm_probe_claim(pr, MM_CT_FDT, false, &c);
	if (ret)
		return ret;
	c->fdt.totalsize = mm_be32(pr->head + 4);
	c->fdt.version = mm_be32(pr->head + 20);
	mm_probe_set_region(pr, c->fdt.totalsize);
	return 1;
}

const struct mm_prober mm_prober_fdt = {
	.name		= "fdt",
	.type		= MM_CT_FDT,
	.claim		= fdt_claim,
};
