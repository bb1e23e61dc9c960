// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * amlogic.c - Amlogic Meson NFC (GXL, AXG, ... SoCs; TV boxes, routers).
 *
 * Facts, from Linux drivers/mtd/nand/raw/meson_nand.c:
 *  - BCH strengths 8, 24, 30, 40, 50, 60 per 1024-byte step (meson_ecc[],
 *    meson_gxl_ecc_caps; AXG: 8 only); ECC bytes per step =
 *    ALIGN(DIV_ROUND_UP(t · fls(8 · step), 8), 2), i.e. t · 14 bits
 *    rounded up to an even byte count, and 14 for BCH8 over 512-byte
 *    steps (meson_nand_calc_ecc_bytes(), ECC_PARITY_BCH8_512B);
 *  - the strength is chosen for oobsize - 2 · steps ECC bytes
 *    (meson_nand_attach_chip()): the strongest that fits here, as
 *    nand-ecc-maximize;
 *  - the raw page (meson_nfc_data_ptr(), meson_nfc_oob_ptr(),
 *    meson_nfc_get_data_oob()): step i at (step + 2 + ecc) · i holds its
 *    data, then 2 user ("info") bytes, then its ECC bytes; the rest of the
 *    page after the last step is not used;
 *  - the logical OOB (meson_ooblayout_free()/_ecc()): per step 2 free
 *    bytes at i · (2 + ecc), ECC at 2 + i · (2 + ecc); in ECC mode only
 *    the user bytes are passed (meson_nfc_get_user_byte());
 *  - optional randomizer (NAND_NEED_SCRAMBLING, seeded with
 *    0xc2 + page, meson_nfc_cmd_seed()); its sequence is not public and
 *    is not modelled here: scrambled dumps do not decode.
 * From mamaich/aml-nand-ecc-bch (main.c, README.md; a checker/fixer for
 * real dumps, "AMLOGIC_P4K_SP256_CW8_D2L14" in UFPI, 4096+256 with
 * 8 × [512 data][2 user][14 ECC] and 128 bytes left): the code is the
 * kernel's BCH over GF(2^14), poly 0x402b, t = 8, over the 514 bytes of
 * data + user bytes, computed on the inverted bytes and stored inverted:
 * stored = ~bch(~msg), which is the kernel's erased-page XOR
 * ("xor-erased"), MSB first; page 0 of the boot area has its own format.
 * Not confirmed: that the 1024-byte steps and the stronger codes use the
 * same polynomial, coverage and inversion (assumed); the ECC bytes of
 * the logical OOB read 0xFF here. No factory marker: the chip's marker
 * byte at the page size lies in step 1's data once programmed, and the
 * driver's OOB byte 0 is a free user byte (Amlogic keeps a bad block
 * table instead).
 */
#include <errno.h>

#include "../preset.h"

static const unsigned int strengths[] = { 8, 24, 30, 40, 50, 60 };

static unsigned int ecc_bytes(unsigned int t)
{
	unsigned int b = (t * 14 + 7) / 8;

	return b + (b & 1);
}

static int amlogic_build(struct mm_pagelayout *pl, const struct mm_pl_geom *g,
			 const char *opts, char *msg, size_t len)
{
	unsigned int step, t = 0, steps, eb, chunk, i, k;
	const unsigned int n = sizeof(strengths) / sizeof(strengths[0]);
	int ret;

	ret = mm_pl_opts_check(opts, "t,step", msg, len);
	if (!ret)
		ret = mm_pl_opt_uint(opts, "step", 1024, &step, msg, len);
	if (!ret)
		ret = mm_pl_opt_uint(opts, "t", 0, &t, msg, len);
	if (ret)
		return ret;
	if ((step != 512 && step != 1024) || !g->page_size ||
	    g->page_size % step) {
		mm_pl_msg(msg, len, "amlogic: step %u does not divide the %u-byte page (512 or 1024)",
			  step, g->page_size);
		return -EINVAL;
	}
	steps = g->page_size / step;
	if (!t) {
		for (k = 0; k < (step == 512 ? 1 : n); k++)
			if (steps * (2 + ecc_bytes(strengths[k])) <= g->oob_size)
				t = strengths[k];
	}
	for (k = 0; k < n; k++)
		if (strengths[k] == t)
			break;
	if (k == n || (step == 512 && t != 8)) {
		mm_pl_msg(msg, len, "amlogic: strength %u not one of 8 24 30 40 50 60 (512-byte steps: 8), or no code fits the %u-byte OOB",
			  t, g->oob_size);
		return -EINVAL;
	}
	eb = ecc_bytes(t);
	chunk = step + 2 + eb;
	if (steps * (2 + eb) > g->oob_size) {
		mm_pl_msg(msg, len, "amlogic: %u steps of 2 + %u bytes do not fit the %u-byte OOB",
			  steps, eb, g->oob_size);
		return -EINVAL;
	}
	mm_pl_init(pl, "amlogic", g->page_size, g->oob_size);
	pl->m = 14;
	pl->t = t;
	pl->poly = 0x402b;
	pl->xor_erased = true;
	for (i = 0; i < steps; i++) {
		mm_pl_add(pl, MM_PL_DATA, 8 * step, 8 * i * step, i);
		mm_pl_add(pl, MM_PL_OOB, 16, 8 * i * (2 + eb), i);
		mm_pl_add(pl, MM_PL_ECC, 8 * eb, 0, i);
	}
	mm_pl_add(pl, MM_PL_PAD,
		  8 * (g->page_size + g->oob_size - steps * chunk), 0,
		  MM_PL_NOSTEP);
	for (i = 0; i < steps; i++)
		mm_pl_add_range(&pl->oob, true, i * (2 + eb), 2);
	for (i = 0; i < steps; i++)
		mm_pl_add_range(&pl->oob, false, i * (2 + eb) + 2, eb);
	return mm_pl_finalize(pl, msg, len);
}

const struct mm_pl_preset mm_pl_preset_amlogic = {
	.name = "amlogic",
	.desc = "Amlogic Meson NFC: per step [data][2 user][ECC], BCH GF(2^14) 0x402b over data + user bytes, inverted",
	.opts = "t=8|24|30|40|50|60,step=1024|512",
	.build = amlogic_build,
};
