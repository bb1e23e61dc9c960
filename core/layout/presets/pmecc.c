// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pmecc.c - Atmel/Microchip PMECC (AT91SAM9x5, SAMA5D2/3/4).
 *
 * Facts, from Linux drivers/mtd/nand/raw/atmel/pmecc.c:
 *  - GF(2^13) for 512-byte sectors, GF(2^14) for 1024-byte ones
 *    (PMECC_GF_DIMENSION_13/14), primitive polynomials 0x201b and 0x4443
 *    (PMECC_GF_13/14_PRIMITIVE_POLY);
 *  - strengths 2, 4, 8, 12, 24 and, on SAMA5D2, 32 (atmel_pmecc_strengths);
 *  - the code covers the sector's data only: error positions run over
 *    sector · 8 + m · t bits, data then ECC (atmel_pmecc_err_location(),
 *    ATMEL_PMERRLOC_ELEN), and atmel_pmecc_correct_sector() flips
 *    BIT(errpos % 8) of byte errpos / 8, i.e. bit numbers run LSB first in
 *    each byte;
 *  - SAMA5D4 and later correct erased chunks (correct_erased_chunks).
 * From drivers/mtd/nand/raw/atmel/nand-controller.c: the OOB layout is the
 * kernel's large-page one (ECC at the end of the OOB, marker at 0..1) and
 * the data is contiguous; §B.4 of flash-formats.md: ECC at the end of the
 * spare from "ecc_offset" (4096+224, 8 bits/512: offset 120).
 * The boot ROM's header (u-boot tools/atmelimage.c, SAMA5D3 datasheet
 * "NAND Flash Boot: PMECC"): 52 identical little-endian words at the start
 * of page 0, bits 31..28 = 0xC (key), 26..18 eccOffset, 17..16 sectorSize
 * (0: 512, 1: 1024), 15..13 eccBitReq (0..4: 2, 4, 8, 12, 24), 12..4
 * spareSize, 2..1 sectors per page (1 << v), 0 usePmecc.
 * Not confirmed: that the codec's bit order equals the LSB-first position
 * numbering (chosen here); the per-device XOR key some boot ROM images use.
 */
#include <errno.h>
#include <stdio.h>

#include "../preset.h"

static int pmecc_build(struct mm_pagelayout *pl, const struct mm_pl_geom *g,
		       const char *opts, char *msg, size_t len)
{
	unsigned int step, t, steps, m, eb, off, i;
	int ret;

	ret = mm_pl_opts_check(opts, "t,step,offset", msg, len);
	if (!ret)
		ret = mm_pl_opt_uint(opts, "step", 512, &step, msg, len);
	if (!ret)
		ret = mm_pl_opt_uint(opts, "t", 4, &t, msg, len);
	if (ret)
		return ret;
	if ((step != 512 && step != 1024) || !g->page_size ||
	    g->page_size % step) {
		mm_pl_msg(msg, len, "pmecc: step %u does not divide the %u-byte page (512 or 1024)",
			  step, g->page_size);
		return -EINVAL;
	}
	if (t != 2 && t != 4 && t != 8 && t != 12 && t != 24 && t != 32) {
		mm_pl_msg(msg, len, "pmecc: strength %u not one of 2 4 8 12 24 32", t);
		return -EINVAL;
	}
	m = step == 512 ? 13 : 14;
	steps = g->page_size / step;
	eb = (m * t + 7) / 8;
	if (steps * eb + 2 > g->oob_size) {
		mm_pl_msg(msg, len, "pmecc: %u ECC bytes do not fit the %u-byte OOB", steps * eb,
			  g->oob_size);
		return -EINVAL;
	}
	ret = mm_pl_opt_uint(opts, "offset", g->oob_size - steps * eb, &off,
			     msg, len);
	if (ret)
		return ret;
	if (off < 2 || off + steps * eb > g->oob_size) {
		mm_pl_msg(msg, len, "pmecc: ECC offset %u outside the %u-byte OOB", off,
			  g->oob_size);
		return -EINVAL;
	}
	mm_pl_init(pl, "pmecc", g->page_size, g->oob_size);
	pl->m = m;
	pl->t = t;
	pl->poly = m == 13 ? 0x201b : 0x4443;
	pl->codec_lsb = true;
	pl->parity_lsb = true;
	pl->oob_raw = true;
	pl->bbm_phys = g->page_size;
	for (i = 0; i < steps; i++)
		mm_pl_add(pl, MM_PL_DATA, 8 * step, 8 * i * step, i);
	mm_pl_add(pl, MM_PL_PAD, 8 * off, 0, MM_PL_NOSTEP);
	for (i = 0; i < steps; i++)
		mm_pl_add(pl, MM_PL_ECC, 8 * eb, 0, i);
	mm_pl_add(pl, MM_PL_PAD, 8 * (g->oob_size - off - steps * eb), 0,
		  MM_PL_NOSTEP);
	pl->oob.bbm.off = 0;
	pl->oob.bbm.len = 2;
	mm_pl_add_range(&pl->oob, true, 2, off - 2);
	mm_pl_add_range(&pl->oob, false, off, steps * eb);
	mm_pl_add_range(&pl->oob, true, off + steps * eb,
			g->oob_size - off - steps * eb);
	return mm_pl_finalize(pl, msg, len);
}

#define PMECC_HDR_WORDS	52

static uint32_t le32_at(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* The boot ROM header: most of the 52 words agree and carry the key. */
static bool pmecc_hint(const uint8_t *page0, size_t len,
		       const struct mm_pl_geom *g, char *opts, size_t olen,
		       char *why, size_t wlen)
{
	static const unsigned int strengths[] = { 2, 4, 8, 12, 24 };
	unsigned int i, same = 0, t, step, sectors, spare, off, req;
	uint32_t w;

	if (len < 4 * PMECC_HDR_WORDS)
		return false;
	w = le32_at(page0);
	for (i = 0; i < PMECC_HDR_WORDS; i++)
		same += le32_at(page0 + 4 * i) == w;
	if (w >> 28 != 0xc || same < PMECC_HDR_WORDS * 3 / 4 || !(w & 1))
		return false;
	req = (w >> 13) & 7;
	if (req >= sizeof(strengths) / sizeof(strengths[0]))
		return false;
	t = strengths[req];
	step = (w >> 16) & 3 ? 1024 : 512;
	sectors = 1u << ((w >> 1) & 3);
	spare = (w >> 4) & 0x1ff;
	off = (w >> 18) & 0x1ff;
	snprintf(opts, olen, "t=%u,step=%u,offset=%u", t, step, off);
	snprintf(why, wlen, "PMECC header in page 0 (%u of %u words): %u x %u-byte sectors, %u spare bytes, %u bits, ECC at %u%s",
		 same, PMECC_HDR_WORDS, sectors, step, spare, t, off,
		 sectors * step != g->page_size || spare != g->oob_size ?
		 " (not this geometry)" : "");
	return true;
}

const struct mm_pl_preset mm_pl_preset_pmecc = {
	.name = "pmecc",
	.desc = "Atmel/Microchip PMECC: BCH over 512/1024-byte sectors, ECC at the end of the OOB",
	.opts = "t=2|4|8|12|24|32,step=512|1024,offset=N",
	.build = pmecc_build,
	.hint = pmecc_hint,
};
