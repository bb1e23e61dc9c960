// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mtk.c - MediaTek NFI + ECC engine (MT2701/MT2712/MT7622/MT7986-class).
 *
 * Facts, from Linux drivers/mtd/nand/raw/mtk_nand.c and mtk_ecc.c:
 *  - each sector is [data][spare_per_sector] (mtk_data_len()); the spare
 *    holds the FDM bytes first (mtk_oob_ptr() = sector data + ecc.size),
 *    then the parity;
 *  - spare_per_sector: the largest entry of the SoC's spare_size table not
 *    above oobsize / sectors (halved for 1024-byte sectors, doubled back)
 *    (mtk_nfc_set_spare_per_sector(); tables spare_size_mt2701/mt2712/
 *    mt7622);
 *  - parity bytes = DIV_ROUND_UP(strength · parity_bits, 8); FDM size =
 *    spare - parity, at most 8 (NFI_FDM_MAX_SIZE); the ECC covers the
 *    sector's data and the first FDM byte (fdm.ecc_size = 1, "bad block
 *    mark storage"; ecc_cfg.len = ecc.size + fdm.ecc_size);
 *  - strengths per SoC (ecc_strength_mt2701/mt2712/mt7622/mt7986); without
 *    a strength from the device tree the driver fills the spare: strength
 *    = (spare - 8) · 8 / parity_bits when more than 8 FDM bytes would be
 *    left, then the largest supported strength not above it
 *    (mtk_nfc_ecc_init(), mtk_ecc_adjust_strength());
 *  - the bad block marker: byte pos = writesize % mtk_data_len of sector
 *    sec = writesize / mtk_data_len holds the marker (physical byte
 *    writesize); that sector's data byte trades places with oob_poi[0]
 *    (mtk_nfc_bad_mark_swap()); no swap on 512-byte pages;
 *  - logical OOB: sector i's FDM at oob_ptr(i): the marker sector's first,
 *    then the others in order; free = FDM bytes 1.. of each sector, ECC =
 *    everything after the FDMs (mtk_nfc_ooblayout_free/ecc()).
 * parity_bits: 13 on MT7622, 14 on MT2701/MT2712/MT7986 (mtk_ecc_caps_*).
 * Not confirmed: the primitive polynomial (kernel default used) and the
 * parity bit order (MSB first used); the MT7621 variant (not in mainline
 * mtk_nand.c) is not modelled.
 */
#include <errno.h>
#include <string.h>

#include "../preset.h"

struct mtk_soc {
	const char *name;
	unsigned int parity_bits;
	unsigned int max_sector;
	const uint8_t *spare;
	unsigned int nspare;
	const uint8_t *strength;
	unsigned int nstrength;
};

static const uint8_t spare_2701[] = { 16, 26, 27, 28, 32, 36, 40, 44, 48, 49, 50, 51, 52, 62, 63, 64 };
static const uint8_t spare_2712[] = { 16, 26, 27, 28, 32, 36, 40, 44, 48, 49, 50, 51, 52, 62, 61, 63, 64, 67, 74 };
static const uint8_t spare_7622[] = { 16, 26, 27, 28 };
static const uint8_t str_2701[] = { 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60 };
static const uint8_t str_2712[] = { 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 68, 72, 80 };
static const uint8_t str_7622[] = { 4, 6, 8, 10, 12 };
static const uint8_t str_7986[] = { 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24 };

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct mtk_soc socs[] = {
	{ "mt2701", 14, 1024, spare_2701, N(spare_2701), str_2701, N(str_2701) },
	{ "mt2712", 14, 1024, spare_2712, N(spare_2712), str_2712, N(str_2712) },
	{ "mt7622", 13, 512, spare_7622, N(spare_7622), str_7622, N(str_7622) },
	{ "mt7986", 14, 1024, spare_2712, N(spare_2712), str_7986, N(str_7986) },
};

static int mtk_build(struct mm_pagelayout *pl, const struct mm_pl_geom *g,
		     const char *opts, char *msg, size_t len)
{
	const struct mtk_soc *soc = NULL;
	unsigned int step, t, steps, sps, pb, fdm, i, k, best = 0, sec, pos;
	char name[16] = "mt7622";
	int ret;

	ret = mm_pl_opts_check(opts, "soc,t,step", msg, len);
	if (ret)
		return ret;
	mm_pl_opt(opts, "soc", name, sizeof(name));
	for (k = 0; k < N(socs); k++)
		if (!strcmp(socs[k].name, name))
			soc = &socs[k];
	if (!soc) {
		mm_pl_msg(msg, len, "mtk-nfi: unknown soc '%s' (mt2701 mt2712 mt7622 mt7986)", name);
		return -EINVAL;
	}
	ret = mm_pl_opt_uint(opts, "step", 512, &step, msg, len);
	if (!ret)
		ret = mm_pl_opt_uint(opts, "t", 0, &t, msg, len);
	if (ret)
		return ret;
	if ((step != 512 && step != 1024) || step > soc->max_sector ||
	    !g->page_size || g->page_size % step) {
		mm_pl_msg(msg, len, "mtk-nfi: step %u not possible for the %u-byte page on %s",
			  step, g->page_size, soc->name);
		return -EINVAL;
	}
	steps = g->page_size / step;
	sps = g->oob_size / steps;
	if (step == 1024)
		sps >>= 1;
	for (k = 0; k < soc->nspare; k++)
		if (sps >= soc->spare[k] && soc->spare[k] >= soc->spare[best]) {
			best = k;
			if (sps == soc->spare[k])
				break;
		}
	if (sps < soc->spare[best]) {
		mm_pl_msg(msg, len, "mtk-nfi: %u spare bytes per sector, %s needs %u", sps,
			  soc->name, soc->spare[0]);
		return -EINVAL;
	}
	sps = soc->spare[best] << (step == 1024);
	pb = soc->parity_bits;
	if (!t) {
		unsigned int want = 8 * (sps > 8 ? sps - 8 : 0) / pb;

		for (k = 0; k < soc->nstrength; k++)
			if (soc->strength[k] <= want)
				t = soc->strength[k];
	}
	for (k = 0; k < soc->nstrength && soc->strength[k] != t; k++)
		;
	if (k == soc->nstrength || (t * pb + 7) / 8 >= sps) {
		mm_pl_msg(msg, len, "mtk-nfi: strength %u not possible on %s with %u spare bytes per sector",
			  t, soc->name, sps);
		return -EINVAL;
	}
	fdm = sps - (t * pb + 7) / 8;
	if (fdm > 8)
		fdm = 8;
	mm_pl_init(pl, "mtk-nfi", g->page_size, g->oob_size);
	pl->m = pb;
	pl->t = t;
	pl->bbm_phys = g->page_size;
	sec = g->page_size / (step + sps);
	pos = g->page_size % (step + sps);
	for (i = 0; i < steps; i++) {
		unsigned int o = i < sec ? (i + 1) * fdm : i == sec ? 0 : i * fdm;

		mm_pl_add(pl, MM_PL_DATA, 8 * step, 8 * i * step, i);
		mm_pl_add(pl, MM_PL_OOB, 8, 8 * o, i);
		mm_pl_add(pl, MM_PL_OOB, 8 * (fdm - 1), 8 * (o + 1), MM_PL_NOSTEP);
		mm_pl_add(pl, MM_PL_ECC, 8 * ((t * pb + 7) / 8), 0, i);
		mm_pl_add(pl, MM_PL_PAD, 8 * (sps - fdm - (t * pb + 7) / 8), 0,
			  MM_PL_NOSTEP);
	}
	mm_pl_add(pl, MM_PL_PAD, 8 * (g->oob_size - steps * sps), 0,
		  MM_PL_NOSTEP);
	if (g->page_size != 512) {
		pl->swap_data = 8 * (sec * step + pos);
		pl->swap_oob = 0;
	}
	pl->oob.bbm.off = 0;
	pl->oob.bbm.len = 1;
	for (i = 0; i < steps; i++)
		mm_pl_add_range(&pl->oob, true, i * fdm + 1, fdm - 1);
	mm_pl_add_range(&pl->oob, false, steps * fdm, g->oob_size - steps * fdm);
	return mm_pl_finalize(pl, msg, len);
}

const struct mm_pl_preset mm_pl_preset_mtk_nfi = {
	.name = "mtk-nfi",
	.desc = "MediaTek NFI: sectors of data + FDM + BCH parity, marker swapped with FDM[0]",
	.opts = "soc=mt2701|mt2712|mt7622|mt7986,t=N,step=512|1024",
	.build = mtk_build,
};
