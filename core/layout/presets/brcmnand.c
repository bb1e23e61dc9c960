// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * brcmnand.c - Broadcom BRCMNAND (BCM63xx, BCM7xxx set-top boxes, cable
 * modems), BCH modes.
 *
 * Facts, from Linux drivers/mtd/nand/raw/brcmnand/brcmnand.c:
 *  - data contiguous; the spare area is cut into one spare_area_size
 *    (sas) slice per 512-byte (or, with sector_size_1k, 1024-byte) sector;
 *  - brcmnand_bch_ooblayout_ecc(): each sector's ECC is the last
 *    ecc.bytes of its slice; brcmnand_bch_ooblayout_free_lp(): the rest of
 *    the slice is free, less byte 0 of sector 0 (the bad block marker, so
 *    JFFS2's clean-marker starts at OOB byte 1).
 * From flash-formats.md §B.4 (t0t3m1n/brcm-nand-bch README, ak-hard/
 * brcm-nand-bch issue 1): BCH-4 over GF(2^13) takes 52 bits, stored
 * nibble aligned at the end of the 16-byte slice; the code covers the 512
 * data bytes and the 9.5 user bytes before it; an erased page has all-0xFF
 * ECC.
 * Not confirmed: the primitive polynomial (the kernel's default 0x201b is
 * used; which one BCH-8/12 parts use is the open question of
 * brcm-nand-bch issue 1), the bit order (MSB first, as the nibble shift
 * suggests), and the Hamming mode (not provided).
 */
#include <errno.h>

#include "../preset.h"

static int brcmnand_build(struct mm_pagelayout *pl,
			  const struct mm_pl_geom *g, const char *opts,
			  char *msg, size_t len)
{
	unsigned int sector, t, sectors, sas, m, eccbits, eb, i;
	int ret;

	ret = mm_pl_opts_check(opts, "t,sector", msg, len);
	if (!ret)
		ret = mm_pl_opt_uint(opts, "sector", 512, &sector, msg, len);
	if (!ret)
		ret = mm_pl_opt_uint(opts, "t", 4, &t, msg, len);
	if (ret)
		return ret;
	if ((sector != 512 && sector != 1024) || !g->page_size ||
	    g->page_size % sector) {
		mm_pl_msg(msg, len, "brcmnand: sector %u does not divide the %u-byte page",
			  sector, g->page_size);
		return -EINVAL;
	}
	sectors = g->page_size / sector;
	sas = g->oob_size / sectors;
	m = sector == 512 ? 13 : 14;
	eccbits = m * t;
	eb = (eccbits + 7) / 8;
	if (!t || t > 40 || eccbits + 8 > 8 * sas) {
		mm_pl_msg(msg, len, "brcmnand: BCH-%u needs %u bits, the spare slice has %u bytes",
			  t, eccbits, sas);
		return -EINVAL;
	}
	mm_pl_init(pl, "brcmnand", g->page_size, g->oob_size);
	pl->m = m;
	pl->t = t;
	pl->oob_raw = true;
	pl->bbm_phys = g->page_size;
	for (i = 0; i < sectors; i++)
		mm_pl_add(pl, MM_PL_DATA, 8 * sector, 8 * i * sector, i);
	for (i = 0; i < sectors; i++) {
		mm_pl_add(pl, MM_PL_OOB, 8 * sas - eccbits, 8 * i * sas, i);
		mm_pl_add(pl, MM_PL_ECC, eccbits, 0, i);
	}
	mm_pl_add(pl, MM_PL_PAD, 8 * (g->oob_size - sectors * sas), 0,
		  MM_PL_NOSTEP);
	pl->oob.bbm.off = 0;
	pl->oob.bbm.len = 1;
	for (i = 0; i < sectors; i++) {
		unsigned int off = i * sas + (i ? 0 : 1);

		mm_pl_add_range(&pl->oob, true, off, (i + 1) * sas - eb - off);
		mm_pl_add_range(&pl->oob, false, (i + 1) * sas - eb, eb);
	}
	return mm_pl_finalize(pl, msg, len);
}

const struct mm_pl_preset mm_pl_preset_brcmnand = {
	.name = "brcmnand",
	.desc = "Broadcom BRCMNAND BCH: per-sector spare slice of user bits + ECC bits (nibble aligned), ECC over data + user",
	.opts = "t=4|8|12,sector=512|1024",
	.build = brcmnand_build,
};
