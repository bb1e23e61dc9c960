// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * qcom.c - Qualcomm NANDc / QPIC (IPQ806x/40xx/8074, MDM/SDX), BCH-4/8
 * and RS modes, 8-bit bus.
 *
 * Facts, from Linux drivers/mtd/nand/raw/qcom_nandc.c:
 *  - the page is cut into 512-byte ECC steps, each a codeword of cw_size
 *    bytes (528 for 4-bit ECC, 532 for 8-bit): 516 bytes of cw_data, one
 *    bad block byte (bbm_size 1 on x8), ecc_bytes_hw (7 for BCH-4, 13 for
 *    BCH-8) and spare_bytes (4, resp. 2); ecc->bytes = 12 resp. 16 is their
 *    sum (qcom_nandc_calc_ecc_bytes());
 *  - raw codeword (qcom_nandc_read_cw_raw()): data_size1 = writesize -
 *    cw_size · (steps - 1) bytes, the bad block byte, then the rest of the
 *    516 (for the last codeword 500 data bytes + 4 · steps free OOB
 *    bytes), then ECC and spare; so the last codeword's bad block byte is
 *    physical byte writesize, the factory marker;
 *  - with ECC on, the bad block bytes are skipped and read as 0xFF; the
 *    logical OOB is, per codeword, [0xFF][oob bytes] (read_page_ecc());
 *    ooblayout: free = 4 · steps bytes at (steps - 1) · ecc->bytes +
 *    bbm_size (qcom_nand_ooblayout_free()).
 *  - RS mode (ecc_bytes_hw 10, the 4-bit Reed-Solomon of IPQ806x-class
 *    controllers, also their boot partitions): the same 528-byte codeword
 *    with 10 ECC bytes and 1 spare byte.
 * The code, as the independent encoder qcom-nandc-pagify (Sven Eckelmann,
 * MIT; its src/qcom_nandc_pagify/ecc.py) computes it: BCH over GF(2^13)
 * with 0x201b (the kernel's default, message MSB first) over the 516
 * cw_data bytes; RS over GF(2^10), x^10 + x^3 + 1, 8 parity symbols with
 * first root a^1 over the same 516 bytes (one symbol per byte, the first
 * byte the highest coefficient), the 8 10-bit parity symbols packed LSB
 * first into the 10 ECC bytes; the marker slot holds 0xFF and is not
 * covered; a short last codeword is padded with 0xFF. x16 buses are not
 * modelled. The ECC and spare bytes of the logical OOB read 0xFF here
 * (the driver passes them as read).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "../preset.h"

static int qcom_build(struct mm_pagelayout *pl, const struct mm_pl_geom *g,
		      const char *opts, char *msg, size_t len)
{
	unsigned int t, steps, cw, hw, spare, d1, i, ob, tail;
	char code[8] = "bch";
	bool rs;
	int ret;

	ret = mm_pl_opts_check(opts, "t,ecc", msg, len);
	if (!ret)
		ret = mm_pl_opt_uint(opts, "t", 4, &t, msg, len);
	if (ret)
		return ret;
	mm_pl_opt(opts, "ecc", code, sizeof(code));
	rs = !strcmp(code, "rs");
	if (!rs && strcmp(code, "bch")) {
		mm_pl_msg(msg, len, "qcom-nandc: ecc=%s (bch or rs)", code);
		return -EINVAL;
	}
	if (t != 4 && (t != 8 || rs)) {
		mm_pl_msg(msg, len, "qcom-nandc: strength %u (4 or 8; rs: 4)", t);
		return -EINVAL;
	}
	hw = rs ? 10 : t == 4 ? 7 : 13;
	spare = rs ? 1 : t == 4 ? 4 : 2;
	cw = 516 + 1 + hw + spare;
	ob = 1 + hw + spare;
	if (!g->page_size || g->page_size % 512 ||
	    (g->page_size / 512) * cw > g->page_size + g->oob_size) {
		mm_pl_msg(msg, len, "qcom-nandc: %u codewords of %u bytes do not fit %u + %u",
			  g->page_size / 512, cw, g->page_size, g->oob_size);
		return -EINVAL;
	}
	steps = g->page_size / 512;
	d1 = g->page_size - cw * (steps - 1);
	if (d1 >= 500 || steps < 2) {
		mm_pl_msg(msg, len, "qcom-nandc: page of %u bytes not supported", g->page_size);
		return -EINVAL;
	}
	mm_pl_init(pl, "qcom-nandc", g->page_size, g->oob_size);
	pl->m = rs ? 10 : 13;
	pl->t = t;
	pl->rs = rs;
	pl->bbm_phys = g->page_size;
	for (i = 0; i < steps; i++) {
		unsigned int dat = i + 1 < steps ? 516 : 512 - 4 * (steps - 1);

		mm_pl_add(pl, MM_PL_DATA, 8 * d1, 8 * 516 * i, i);
		mm_pl_add(pl, MM_PL_PAD, 8, 0, MM_PL_NOSTEP);
		mm_pl_add(pl, MM_PL_DATA, 8 * (dat - d1), 8 * (516 * i + d1), i);
		if (i + 1 == steps)
			mm_pl_add(pl, MM_PL_OOB, 8 * 4 * steps,
				  8 * ((steps - 1) * ob + 1), i);
		mm_pl_add(pl, MM_PL_ECC, 8 * hw, 0, i);
		mm_pl_add(pl, MM_PL_PAD, 8 * spare, 0, MM_PL_NOSTEP);
	}
	tail = g->page_size + g->oob_size - steps * cw;
	mm_pl_add(pl, MM_PL_PAD, 8 * tail, 0, MM_PL_NOSTEP);
	mm_pl_add_range(&pl->oob, false, 0, (steps - 1) * ob + 1);
	mm_pl_add_range(&pl->oob, true, (steps - 1) * ob + 1, 4 * steps);
	mm_pl_add_range(&pl->oob, false, (steps - 1) * ob + 1 + 4 * steps,
			hw + spare);
	pl->oob.oob_size = g->oob_size;
	return mm_pl_finalize(pl, msg, len);
}

static const char *const qcom_variants[] = {
	"qcom-nandc:t=8", "qcom-nandc:ecc=rs", NULL
};

const struct mm_pl_preset mm_pl_preset_qcom_nandc = {
	.name = "qcom-nandc",
	.desc = "Qualcomm NANDc/QPIC BCH-4/8 or RS: 528/532-byte codewords, marker inside the last one at the page size",
	.opts = "t=4|8,ecc=bch|rs",
	.build = qcom_build,
	.variants = qcom_variants,
};
