// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gpmi.c - NXP i.MX GPMI + BCH (i.MX23/28/6/7/8), the kernel's legacy
 * geometry.
 *
 * Facts, from Linux drivers/mtd/nand/raw/gpmi-nand/gpmi-nand.c
 * (legacy_set_geometry(), get_ecc_strength(), block_mark_swapping()):
 *  - metadata_size = 10; gf_len 13 and ecc_chunk_size 512, doubled (and
 *    gf_len 14) while the chunk is smaller than the OOB ("keep C >= O");
 *  - ecc_strength = round_down((oobsize - metadata) · 8 / (gf_len ·
 *    chunks), 2), at most bch_max_ecc_strength (20 on i.MX23/28, 40 on
 *    i.MX6 and later);
 *  - the BCH page is [metadata][chunk 0][ECC 0][chunk 1][ECC 1]...,
 *    each ECC gf_len · strength bits, not byte aligned; the metadata is
 *    covered by chunk 0's code (FLASH0LAYOUT0 META_SIZE + DATA0_SIZE);
 *  - the stream is copied LSB first (gpmi_copy_bits() in the raw
 *    accessors);
 *  - block_mark_swapping(): the 8 bits at payload bit offset
 *    writesize · 8 - (strength · gf_len · (chunks - 1) + metadata · 8)
 *    trade places with metadata byte 0, so the physical byte writesize
 *    holds the factory marker;
 *  - read_page delivers the OOB as 0xFF but for byte 0 = metadata byte 0;
 *    this model maps all 10 metadata bytes to OOB 0..9 (what write_page
 *    stores from oob_poi); ooblayout: ECC = OOB 0 .. page_size -
 *    writesize, free = the rest (gpmi_ooblayout_ecc/free()).
 * From u-boot arch/arm/mach-imx/cmd_nandbcb.c (encode_bch_ecc(), after
 * kobs-ng), which writes FCB pages the i.MX6SX/7 boot ROM reads with this
 * BCH engine: encode_bch() with the default polynomial (0x201b for
 * GF(2^13)) over the data bytes as they are (MSB first), every ECC byte
 * bit-reversed, blocks and ECC packed LSB first without padding
 * (check_pagelayout.c rebuilds such a page). DigitalSecurity/imx-nand-tools
 * also decodes with polynomial 8219 (0x201b).
 * The FCB (u-boot arch/arm/include/asm/mach-imx/imx-nandbcb.h, struct
 * fcb_block; kobs-ng): little-endian words, fingerprint "FCB " at byte 4,
 * version 0x01000000 at 8; pagesize at 20, oob_pagesize (page + spare) at
 * 24, ecc_type at 44 (BCH level / 2 of blocks 1..n), ecc_nr (block 0
 * bytes) at 48, ecc_size (block n bytes) at 52, ecc_level (block 0) at
 * 56, meta_size at 60, nr_blocks at 64. The ROM reads it from the first
 * page of the boot area, written after its own metadata in a layout of
 * its own (i.MX6: BCH62 over 128-byte blocks), so the struct's first 128
 * bytes lie contiguous within the first bytes of the raw page; on i.MX6UL
 * and later the FCB page is randomized and not found this way.
 * Options meta= and chunk= give an FCB's metadata and block size; chunk
 * 1024 uses GF(2^14).
 * Not confirmed: the GF(2^14) polynomial (kernel default 0x402b used).
 * Block 0 of a different size than the others (ecc_nr != ecc_size), and
 * the i.MX8 large-OOB geometry, are not modelled.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../preset.h"

static int gpmi_build(struct mm_pagelayout *pl, const struct mm_pl_geom *g,
		      const char *opts, char *msg, size_t len)
{
	unsigned int meta = 10, gf = 13, chunk = 512, count, t, maxt, i;
	uint64_t used, bmo;
	int ret;

	ret = mm_pl_opts_check(opts, "t,max,meta,chunk", msg, len);
	if (!ret)
		ret = mm_pl_opt_uint(opts, "max", 40, &maxt, msg, len);
	if (!ret)
		ret = mm_pl_opt_uint(opts, "meta", 10, &meta, msg, len);
	if (ret)
		return ret;
	while (chunk < g->oob_size) {
		chunk *= 2;
		gf = 14;
	}
	ret = mm_pl_opt_uint(opts, "chunk", chunk, &chunk, msg, len);
	if (ret)
		return ret;
	if ((chunk != 512 && chunk != 1024) || meta > 64) {
		mm_pl_msg(msg, len, "imx-gpmi: chunk %u (512 or 1024) or metadata %u (at most 64) not supported",
			  chunk, meta);
		return -EINVAL;
	}
	gf = chunk == 512 ? 13 : 14;
	if (!g->page_size || g->page_size % chunk || g->oob_size <= meta) {
		mm_pl_msg(msg, len, "imx-gpmi: no legacy geometry for %u + %u", g->page_size,
			  g->oob_size);
		return -EINVAL;
	}
	count = g->page_size / chunk;
	t = ((g->oob_size - meta) * 8) / (gf * count);
	t &= ~1u;
	ret = mm_pl_opt_uint(opts, "t", t, &t, msg, len);
	if (ret)
		return ret;
	if (!t || t > maxt || t > 72) {
		mm_pl_msg(msg, len, "imx-gpmi: strength %u outside 2..%u", t, maxt);
		return -EINVAL;
	}
	used = 8ull * meta + (uint64_t)count * (8 * chunk + gf * t);
	if (used > 8ull * (g->page_size + g->oob_size)) {
		mm_pl_msg(msg, len, "imx-gpmi: BCH-%u does not fit %u + %u", t, g->page_size,
			  g->oob_size);
		return -EINVAL;
	}
	mm_pl_init(pl, "imx-gpmi", g->page_size, g->oob_size);
	pl->m = gf;
	pl->t = t;
	pl->poly = gf == 13 ? 0x201b : 0;
	pl->pack_lsb = true;
	pl->parity_lsb = true;
	pl->bbm_phys = g->page_size;
	mm_pl_add(pl, MM_PL_OOB, 8 * meta, 0, 0);
	for (i = 0; i < count; i++) {
		mm_pl_add(pl, MM_PL_DATA, 8 * chunk, 8 * i * chunk, i);
		mm_pl_add(pl, MM_PL_ECC, gf * t, 0, i);
	}
	/* the bytes after the BCH area: raw, the driver's free OOB */
	mm_pl_add(pl, MM_PL_PAD, (uint32_t)((8 - used % 8) % 8), 0, MM_PL_NOSTEP);
	mm_pl_add(pl, MM_PL_OOB,
		  (uint32_t)(8ull * (g->page_size + g->oob_size) - (used + 7) / 8 * 8),
		  (uint32_t)((used + 7) / 8 * 8 - 8ull * g->page_size), MM_PL_NOSTEP);
	bmo = 8ull * g->page_size - ((uint64_t)t * gf * (count - 1) + 8 * meta);
	pl->swap_data = (uint32_t)bmo;
	pl->swap_oob = 0;
	{
		uint32_t bch_oob = (uint32_t)((used + 7) / 8) - g->page_size;

		mm_pl_add_range(&pl->oob, false, 0, bch_oob);
		mm_pl_add_range(&pl->oob, true, bch_oob, g->oob_size - bch_oob);
	}
	return mm_pl_finalize(pl, msg, len);
}

static uint32_t le32_at(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* An FCB in the first raw bytes of page 0: its BCH geometry as options. */
static bool gpmi_hint(const uint8_t *page0, size_t len,
		      const struct mm_pl_geom *g, char *opts, size_t olen,
		      char *why, size_t wlen)
{
	uint32_t ps, tps, type, size, meta;
	const uint8_t *f;
	size_t off;

	for (off = 0; off + 128 <= len && off <= 64; off++) {
		f = page0 + off;
		if (le32_at(f + 4) != 0x20424346 || le32_at(f + 8) != 0x01000000)
			continue;
		ps = le32_at(f + 20);
		tps = le32_at(f + 24);
		type = le32_at(f + 44);
		size = le32_at(f + 52);
		meta = le32_at(f + 60);
		if (!type || type > 36 || (size != 512 && size != 1024) ||
		    meta > 64)
			return false;
		snprintf(opts, olen, "t=%u,meta=%u,chunk=%u", 2 * type, meta,
			 size);
		snprintf(why, wlen, "i.MX FCB at byte %zu of page 0: %u-byte pages (%u with spare), BCH-%u over %u-byte blocks, %u metadata bytes%s",
			 off, ps, tps, 2 * type, size, meta,
			 ps != g->page_size || tps != g->page_size + g->oob_size ?
			 " (not this geometry)" : "");
		return true;
	}
	return false;
}

const struct mm_pl_preset mm_pl_preset_imx_gpmi = {
	.name = "imx-gpmi",
	.desc = "NXP i.MX GPMI/BCH legacy geometry: 10 metadata bytes, chunks + unaligned ECC, marker swap",
	.opts = "t=N,max=20|40,meta=N,chunk=512|1024",
	.build = gpmi_build,
	.hint = gpmi_hint,
};
