// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sunxi.c - Allwinner sunxi NAND flash controller (A10/A13/A20/H3 NFC).
 *
 * Facts, from u-boot tools/sunxi-spl-image-builder.c (which writes pages
 * the controller reads) and Linux drivers/mtd/nand/raw/sunxi_nand.c:
 *  - BCH over GF(2^14) with primitive polynomial 0x5803
 *    (BCH_PRIMITIVE_POLY in the image builder; not the kernel's 0x402b);
 *  - strengths 16, 24, 28, 32, 40, 48, 56, 60, 64 over 512- or 1024-byte
 *    steps; ECC bytes per step = DIV_ROUND_UP(t · 14, 8), rounded up to
 *    even;
 *  - data contiguous (step i at i · step); OOB per step: 4 user bytes,
 *    then the ECC bytes, so step i's user bytes sit at OOB i · (4 + ecc);
 *  - each step's code covers its data and its 4 user bytes; the builder
 *    bit-reverses every byte before encode_bch() and the ECC after it,
 *    i.e. the engine reads each byte LSB first;
 *  - the randomizer (see pagelayout.c) scrambles data, user and ECC bytes
 *    of every step with the page's seed; optional ("scramble");
 *  - the bad block marker is OOB byte 0 (the builder forces OOB 0..1 to
 *    0xFF; the kernel reserves them: sunxi_nand_ooblayout_free() gives
 *    2 bytes in section 0, 4 in the others, and the tail after the last
 *    step);
 *  - empty pages are left all 0xFF (builder: "We leave empty pages at
 *    0xff").
 * The logical page is the physical one: the driver passes the OOB as
 * stored.
 */
#include <errno.h>
#include <string.h>

#include "../preset.h"

static const unsigned int strengths[] = { 16, 24, 28, 32, 40, 48, 56, 60, 64 };

static unsigned int ecc_bytes(unsigned int t)
{
	unsigned int b = (t * 14 + 7) / 8;

	return b + (b & 1);
}

static int sunxi_build(struct mm_pagelayout *pl, const struct mm_pl_geom *g,
		       const char *opts, char *msg, size_t len)
{
	unsigned int step, t = 0, steps, eb, i, k;
	int ret;

	ret = mm_pl_opts_check(opts, "t,step,scramble", msg, len);
	if (!ret)
		ret = mm_pl_opt_uint(opts, "step", 1024, &step, msg, len);
	if (!ret)
		ret = mm_pl_opt_uint(opts, "t", 0, &t, msg, len);
	if (ret)
		return ret;
	if ((step != 512 && step != 1024) || !g->page_size ||
	    g->page_size % step) {
		mm_pl_msg(msg, len, "sunxi: step %u does not divide the %u-byte page (512 or 1024)",
			  step, g->page_size);
		return -EINVAL;
	}
	steps = g->page_size / step;
	if (!t) {
		/* the strongest code that fits, as nand-ecc-maximize */
		for (k = 0; k < sizeof(strengths) / sizeof(strengths[0]); k++)
			if (steps * (4 + ecc_bytes(strengths[k])) <= g->oob_size)
				t = strengths[k];
	}
	for (k = 0; k < sizeof(strengths) / sizeof(strengths[0]); k++)
		if (strengths[k] == t)
			break;
	if (k == sizeof(strengths) / sizeof(strengths[0])) {
		mm_pl_msg(msg, len, "sunxi: strength %u not one of 16 24 28 32 40 48 56 60 64 (or no code fits the %u-byte OOB)",
			  t, g->oob_size);
		return -EINVAL;
	}
	eb = ecc_bytes(t);
	if (steps * (4 + eb) > g->oob_size) {
		mm_pl_msg(msg, len, "sunxi: %u steps of 4 + %u bytes do not fit the %u-byte OOB",
			  steps, eb, g->oob_size);
		return -EINVAL;
	}
	mm_pl_init(pl, "sunxi", g->page_size, g->oob_size);
	pl->m = 14;
	pl->t = t;
	pl->poly = 0x5803;
	pl->codec_lsb = true;
	pl->parity_lsb = true;
	pl->oob_raw = true;
	pl->bbm_phys = g->page_size;
	if (mm_pl_opt(opts, "scramble", NULL, 0)) {
		pl->scrambler = MM_PL_SCR_SUNXI;
		pl->pages_per_block = g->pages_per_block;
	}
	for (i = 0; i < steps; i++)
		mm_pl_add(pl, MM_PL_DATA, 8 * step, 8 * i * step, i);
	for (i = 0; i < steps; i++) {
		mm_pl_add(pl, MM_PL_OOB, 32, 8 * i * (4 + eb), i);
		mm_pl_add(pl, MM_PL_ECC, 8 * eb, 0, i);
	}
	mm_pl_add(pl, MM_PL_PAD, 8 * (g->oob_size - steps * (4 + eb)), 0,
		  MM_PL_NOSTEP);
	pl->oob.bbm.off = 0;
	pl->oob.bbm.len = 2;
	mm_pl_add_range(&pl->oob, true, 2, 2);
	for (i = 1; i <= steps; i++)
		mm_pl_add_range(&pl->oob, true, i * (4 + eb),
				i < steps ? 4 : g->oob_size - i * (4 + eb));
	for (i = 0; i < steps; i++)
		mm_pl_add_range(&pl->oob, false, i * (4 + eb) + 4, eb);
	return mm_pl_finalize(pl, msg, len);
}

const struct mm_pl_preset mm_pl_preset_sunxi = {
	.name = "sunxi",
	.desc = "Allwinner NFC: BCH GF(2^14) 0x5803, 4 user bytes + ECC per step in the OOB, optional randomizer",
	.opts = "t=16..64,step=512|1024,scramble",
	.build = sunxi_build,
};
