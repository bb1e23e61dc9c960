// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hisi.c - HiSilicon NAND controllers of Huawei Balong LTE routers and
 * SD511x ONTs, 2048+64 pages: "hisi-balong". A layout without ECC (m = 0):
 * the code is not public, so pages are mapped, never corrected.
 *
 * Facts:
 *  - Huawei-LTE-routers-mods/balong-raw-dump-tools, convert_raw_dump.py
 *    (turns programmer dumps of Balong routers into the page data the
 *    firmware sees), and meh301/HG8045Q issue #7 (an SD5115 ONT dump with
 *    the same gaps): a 2112-byte page is data 0..1039, 14 bytes that are
 *    not data, data 1040..2033, 2 bytes that are not data (physical
 *    2048..2049, where the chip's factory marker sits), data 2034..2047,
 *    48 bytes that are not data;
 *  - in the HG8045Q dump the 48 trailing bytes are 14 bytes that look like
 *    ECC followed by 0xFF; the 14-byte gap after data byte 1039 likewise.
 *    Two 14-byte codes for two ~1 KiB sectors match an 8-bit/1 KiB BCH
 *    over GF(2^14), but neither the code, nor what each covers, nor where
 *    any user OOB bytes are, is published;
 *  - Linux drivers/mtd/nand/raw/hisi504_nand.c (the mainline driver of a
 *    related HiSilicon NFC, "hisilicon,504-nfc") supports only 2048-byte
 *    pages (hisi_nfc_attach_chip()) with 1024-byte steps
 *    (hisi_nfc_ecc_probe()); its hardware moves data and OOB separately
 *    (HINFC504_DMA_ADDR_DATA/_OOB), so it tells nothing about the
 *    physical page; hisi_ooblayout_free() gives OOB 2..7 as the only free
 *    bytes, and hisi_ooblayout_ecc() is a FIXME.
 * The logical OOB here collects the bytes that are not data, in physical
 * order: 0..1 the marker bytes, 2..15 the first code, 16..63 the trailing
 * 48 bytes (16..29 the second code). Unconfirmed, hence no free bytes
 * (oobavail 0) and no correction; the marker is physical byte 2048.
 */
#include <errno.h>

#include "../preset.h"

static int hisi_build(struct mm_pagelayout *pl, const struct mm_pl_geom *g,
		      const char *opts, char *msg, size_t len)
{
	int ret;

	ret = mm_pl_opts_check(opts, "", msg, len);
	if (ret)
		return ret;
	if (g->page_size != 2048 || g->oob_size != 64) {
		mm_pl_msg(msg, len, "hisi-balong: only 2048+64 pages are known, not %u+%u",
			  g->page_size, g->oob_size);
		return -EINVAL;
	}
	mm_pl_init(pl, "hisi-balong", 2048, 64);
	pl->bbm_phys = 2048;
	pl->bbm_len = 2;
	mm_pl_add(pl, MM_PL_DATA, 8 * 1040, 0, MM_PL_NOSTEP);
	mm_pl_add(pl, MM_PL_OOB, 8 * 14, 8 * 2, MM_PL_NOSTEP);
	mm_pl_add(pl, MM_PL_DATA, 8 * 994, 8 * 1040, MM_PL_NOSTEP);
	mm_pl_add(pl, MM_PL_OOB, 8 * 2, 0, MM_PL_NOSTEP);
	mm_pl_add(pl, MM_PL_DATA, 8 * 14, 8 * 2034, MM_PL_NOSTEP);
	mm_pl_add(pl, MM_PL_OOB, 8 * 48, 8 * 16, MM_PL_NOSTEP);
	pl->oob.bbm.off = 0;
	pl->oob.bbm.len = 2;
	mm_pl_add_range(&pl->oob, false, 2, 28);
	return mm_pl_finalize(pl, msg, len);
}

const struct mm_pl_preset mm_pl_preset_hisi_balong = {
	.name = "hisi-balong",
	.desc = "HiSilicon Balong/SD511x 2048+64: data split around two 14-byte codes and the marker, no ECC (code not public)",
	.opts = "",
	.build = hisi_build,
};
