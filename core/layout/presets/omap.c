// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * omap.c - TI OMAP3/4, AM335x, AM437x, DRA7 GPMC BCH engine with the ELM
 * (error location module): omap-bch8 and omap-bch16.
 *
 * Facts, from Linux drivers/mtd/nand/raw/omap2.c:
 *  - OMAP_ECC_BCH8_CODE_HW: 512-byte steps, ecc.bytes = 13 + 1 ("14th
 *    bit is kept reserved for ROM-code compatibility"), strength 8;
 *    OMAP_ECC_BCH16_CODE_HW: 512-byte steps, 26 bytes, strength 16
 *    (omap_nand_attach_chip());
 *  - the code covers the 512 data bytes only (the write-side GPMC
 *    setting BCH_ECC_SIZE0 = 0: "no oob protection");
 *  - _omap_calculate_ecc_bch() stores the GPMC result registers highest
 *    word first, and for BCH8 sets the 14th byte to 0x00 ("for ROM
 *    compatibility"); BCH16 stores its 26 bytes as they are;
 *  - no erased-page XOR: omap_elm_correct_data() recognises an erased
 *    step by its syndrome being bch8_vector / bch16_vector, the code of
 *    512 + 13 resp. 512 + 26 bytes of 0xFF, and otherwise counts zero bits
 *    (erased_sector_bitflips(): data + ecc.bytes - 1 bytes, at most
 *    strength of them);
 *  - the ELM reports error bit positions counted from the end of the
 *    512 + 13 (26) byte codeword: byte (max - pos - 1) / 8, bit pos % 8,
 *    so the highest polynomial degree is the MSB of data byte 0 and of
 *    each ECC byte: the kernel's lib/bch order (codec and parity MSB
 *    first);
 *  - omap_ooblayout_ecc()/omap_ooblayout_free(): ECC from OOB byte
 *    BADBLOCK_MARKER_LENGTH (2) for every BCH mode on x8 and x16 buses,
 *    ecc.total = steps · ecc.bytes long, one free range after it to the
 *    end of the OOB; omap_nand_attach_chip() refuses chips whose OOB is
 *    smaller than 2 + steps · ecc.bytes;
 *  - data contiguous, OOB as stored (omap_read_page_bch() reads the
 *    page, then the ECC bytes from writesize + 2).
 * The GF(2^13) polynomial is the kernel's default 0x201b: the driver's
 * bch8_vector, bch8_polynomial and bch16_vector constants are reproduced
 * by it (tests/unit/check_bch.c, check_preset_omap.c), which pins the
 * polynomial and the parity byte order; that random data bytes also enter
 * MSB first rests on the ELM position formula above, not on a dump.
 * flash-formats.md §B.4 (nandtool TI_AM335x) agrees on the BCH8 slots,
 * and so does the ECC path's --ecc=bch8 --oob-layout omap-bch8
 * (ooblayout.c): the same bytes, except that it leaves the 14th byte as
 * the OOB had it (check_preset_omap.c).
 */
#include <errno.h>

#include "../preset.h"

static int omap_build(struct mm_pagelayout *pl, const struct mm_pl_geom *g,
		      const char *opts, unsigned int t, const char *name,
		      char *msg, size_t len)
{
	unsigned int steps, eb, par, i, end;
	int ret;

	ret = mm_pl_opts_check(opts, "", msg, len);
	if (ret)
		return ret;
	par = 13 * t / 8;		/* 13 resp. 26 code bytes */
	eb = t == 8 ? par + 1 : par;	/* BCH8 keeps a 14th byte at 0 */
	if (!g->page_size || g->page_size % 512) {
		mm_pl_msg(msg, len, "%s: the %u-byte page is not a multiple of 512",
			  name, g->page_size);
		return -EINVAL;
	}
	steps = g->page_size / 512;
	end = 2 + steps * eb;
	if (end > g->oob_size) {
		mm_pl_msg(msg, len, "%s: needs %u OOB bytes (2 + %u per step), the OOB has %u",
			  name, end, eb, g->oob_size);
		return -EINVAL;
	}
	mm_pl_init(pl, name, g->page_size, g->oob_size);
	pl->m = 13;
	pl->t = t;
	pl->oob_raw = true;
	pl->bbm_phys = g->page_size;
	for (i = 0; i < steps; i++)
		mm_pl_add(pl, MM_PL_DATA, 8 * 512, 8 * 512 * i, i);
	mm_pl_add(pl, MM_PL_PAD, 16, 0, MM_PL_NOSTEP);
	/* E bits beyond the parity are written 0: BCH8's 14th byte */
	for (i = 0; i < steps; i++)
		mm_pl_add(pl, MM_PL_ECC, 8 * eb, 0, i);
	mm_pl_add(pl, MM_PL_PAD, 8 * (g->oob_size - end), 0, MM_PL_NOSTEP);
	pl->oob.bbm.off = 0;
	pl->oob.bbm.len = 2;
	mm_pl_add_range(&pl->oob, false, 2, steps * eb);
	if (end < g->oob_size)
		mm_pl_add_range(&pl->oob, true, end, g->oob_size - end);
	return mm_pl_finalize(pl, msg, len);
}

static int omap_bch8_build(struct mm_pagelayout *pl,
			   const struct mm_pl_geom *g, const char *opts,
			   char *msg, size_t len)
{
	return omap_build(pl, g, opts, 8, "omap-bch8", msg, len);
}

static int omap_bch16_build(struct mm_pagelayout *pl,
			    const struct mm_pl_geom *g, const char *opts,
			    char *msg, size_t len)
{
	return omap_build(pl, g, opts, 16, "omap-bch16", msg, len);
}

const struct mm_pl_preset mm_pl_preset_omap_bch8 = {
	.name = "omap-bch8",
	.desc = "TI GPMC+ELM BCH8: 512-byte steps, 13 ECC bytes + a 0 byte per step from OOB 2, plain code",
	.opts = "",
	.build = omap_bch8_build,
};

const struct mm_pl_preset mm_pl_preset_omap_bch16 = {
	.name = "omap-bch16",
	.desc = "TI GPMC+ELM BCH16: 512-byte steps, 26 ECC bytes per step from OOB 2, plain code",
	.opts = "",
	.build = omap_bch16_build,
};
