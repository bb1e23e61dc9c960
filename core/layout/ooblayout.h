/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ooblayout.h - which OOB bytes hold the bad block marker, free (user) data
 * and ECC, per page. The free bytes, in layout order, are what the kernel's
 * MTD_OPS_AUTO_OOB mode (and so JFFS2's clean-marker) sees, and their count
 * is the MTD's oobavail.
 */
#ifndef MM_OOBLAYOUT_H
#define MM_OOBLAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/geom.h"

#define MM_OOB_MAX_RANGES	64

/** struct mm_oob_range - @len bytes at OOB offset @off */
struct mm_oob_range {
	uint16_t off;
	uint16_t len;
};

/**
 * struct mm_ooblayout - one page's OOB layout
 * @name: for reports ("lp-hamming", "lp", "sp", "none", a preset name)
 * @oob_size: the OOB size it is for
 * @bbm: the bad block marker bytes (len 0: none)
 * @nfree: entries in @free
 * @free: free byte ranges, in the order AUTO_OOB uses them
 * @necc: entries in @ecc
 * @ecc: ECC byte ranges, in step order (the codes of step 0 first)
 * @oobavail: total free bytes
 * @ecc_covers_free: the ECC also protects the free bytes (vendor layouts):
 *	the free bytes are shared out evenly among the steps, in order, and a
 *	step's code covers its data followed by its share (BCH only)
 * @ecc_plain: the BCH code is stored as computed, not XORed with the code
 *	of an erased step as Linux's software BCH does (hardware engines such
 *	as TI's GPMC); erased steps are then recognised by their 0xFF bytes
 */
struct mm_ooblayout {
	char name[32];
	uint32_t oob_size;
	struct mm_oob_range bbm;
	unsigned int nfree;
	struct mm_oob_range free[MM_OOB_MAX_RANGES];
	unsigned int necc;
	struct mm_oob_range ecc[MM_OOB_MAX_RANGES];
	uint32_t oobavail;
	bool ecc_covers_free;
	bool ecc_plain;
};

/**
 * mm_ooblayout_kernel - the layout the Linux NAND core would use
 * @l: filled
 * @g: geometry (page_size, oob_size)
 * @ecc_total: ECC bytes per page (steps × bytes per step); for no ECC pass
 *	the software Hamming size, (page_size / 256) × 3
 * @hamming: the scheme is software Hamming (selects lp-hamming on 64/128
 *	byte OOB, as nand_ooblayout_lp_hamming_ops); else the generic large
 *	page layout (ECC at the end, as nand_ooblayout_lp_ops)
 *
 * Small pages (OOB 8 or 16) follow nand_ooblayout_sp_ops. An OOB of 0 gives
 * an empty layout.
 *
 * Return: 0, or -EINVAL when @ecc_total does not fit the OOB.
 */
int mm_ooblayout_kernel(struct mm_ooblayout *l, const struct mm_geom *g,
			uint32_t ecc_total, bool hamming);

/**
 * mm_ooblayout_default - the kernel's layout for software Hamming, which is
 * what nandsim and most 2K/64 parts use; for 2048+64 the free bytes are
 * 2..39 (oobavail 38). Return: 0 or -EINVAL.
 */
int mm_ooblayout_default(struct mm_ooblayout *l, const struct mm_geom *g);

/**
 * mm_ooblayout_free_offset - OOB byte holding free byte number @n
 * Return: the OOB offset, or -1 when @n >= oobavail.
 */
int mm_ooblayout_free_offset(const struct mm_ooblayout *l, uint32_t n);

/**
 * mm_ooblayout_get_free - copy @len free bytes starting at free byte @start
 * from @oob into @buf (AUTO_OOB read of one page)
 */
void mm_ooblayout_get_free(const struct mm_ooblayout *l, const uint8_t *oob,
			   uint32_t start, uint32_t len, uint8_t *buf);

/**
 * mm_ooblayout_put_free - the reverse: store @len bytes of @buf as free
 * bytes @start.. of @oob
 */
void mm_ooblayout_put_free(const struct mm_ooblayout *l, uint8_t *oob,
			   uint32_t start, uint32_t len, const uint8_t *buf);

/**
 * mm_ooblayout_check - ranges inside the OOB and not overlapping
 * Return: 0 or -EINVAL with @msg filled.
 */
int mm_ooblayout_check(const struct mm_ooblayout *l, char *msg, size_t len);

/**
 * mm_ooblayout_parse - the layout named or described by --oob-layout
 * @l: filled
 * @spec: a name ("lp-hamming", "lp", "sp": the kernel's layouts; "omap-bch8"
 *	and other presets, see docs/ecc.md) or a declarative spec: comma
 *	separated items "bbm=RANGE", "free=RANGE", "ecc=RANGE" (free and ecc
 *	repeat, in order; the ECC bytes of step 0 come first) and the flags
 *	"ecc-covers-free" and "ecc-plain"; RANGE is "A-B" (inclusive) or "A", decimal or 0x,
 *	e.g. "bbm=0-1,free=2-39,ecc=40-63"
 * @g: the geometry (oob_size)
 * @steps: ECC steps per page of the scheme in use (0: no ECC)
 * @step_bytes: ECC bytes per step
 * @hamming: the scheme is Hamming (for the kernel layouts by name)
 * @msg: a one-line reason on failure
 * @len: size of @msg
 *
 * A spec must give at least @steps × @step_bytes ECC bytes (more is
 * allowed: the rest is unused); layouts are checked with
 * mm_ooblayout_check().
 *
 * Return: 0, or -EINVAL with @msg filled.
 */
int mm_ooblayout_parse(struct mm_ooblayout *l, const char *spec,
		       const struct mm_geom *g, unsigned int steps,
		       unsigned int step_bytes, bool hamming, char *msg,
		       size_t len);

/**
 * mm_ooblayout_preset_names - the names mm_ooblayout_parse() knows, NULL
 * terminated (for --help, completions and docs)
 */
const char *const *mm_ooblayout_preset_names(void);

#endif /* MM_OOBLAYOUT_H */
