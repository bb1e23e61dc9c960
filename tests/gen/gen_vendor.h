/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gen_vendor.h - dumps in a vendor controller's page layout: the chip that
 * tests/gen/gen.c generates, as the controller would have programmed it
 * (core/layout presets or spec strings), optionally with bit flips per
 * ECC step; or an existing logical image (a data-only or page+OOB dump,
 * e.g. the kernel-made tests/fixtures/nandsim) laid out the same way.
 * Used by mm-gen --vendor-layout [--from FILE] and the unit tests.
 */
#ifndef MM_GEN_VENDOR_H
#define MM_GEN_VENDOR_H

#include <stdint.h>
#include <stdio.h>

#include "../../core/ecc/ecc.h"
#include "../../core/layout/presets.h"
#include "gen.h"

/**
 * struct mm_gen_vendor - the layout and the damage
 * @layout: a --layout argument (preset[:opts] or spec string)
 * @flips: bit flips per programmed ECC step (data, user and ECC bits; the
 *	factory marker byte is never flipped, so good blocks stay good)
 * @flip_seed: where the flips go (deterministic)
 * @beyond_t: chip page numbers in which one step, number page % steps,
 *	gets t + 1 flips, all in its data bits (so a reader that returned the
 *	step "as read" would not return the original bytes); each must be a
 *	programmed page of a good block
 * @n_beyond_t: entries in @beyond_t
 * @flips_t: ignore @flips, flip t bits per step (the layout's strength)
 */
struct mm_gen_vendor {
	const char *layout;
	unsigned int flips;
	uint32_t flip_seed;
	const uint64_t *beyond_t;
	size_t n_beyond_t;
	bool flips_t;
};

/**
 * struct mm_gen_from - an existing logical image to lay out
 * @f: the image, read sequentially from its start
 * @oob: records are page_size data + oob_size OOB bytes (nanddump --oob
 *	--bb=dumpbad); else page_size data bytes per page (nanddump
 *	--bb=dumpbad without --oob)
 * @oob_size: with @oob, the source's OOB bytes per record (0: the chip's
 *	oob_size, the same spare as the layout's physical page)
 * @src: with @oob, the source's OOB layout (which bytes are free and which
 *	the marker): its free bytes, in AUTO_OOB order, become the layout's
 *	free bytes in AUTO_OOB order
 * @ecc: with @oob, the source's ECC scheme (NULL: none); every page of a
 *	good block must verify with it and is corrected first, so a wrong
 *	scheme or OOB layout is refused instead of copying ECC bytes as free
 *	bytes
 * @bad_found: set to the blocks bad by the source's marker (with @oob)
 * @dropped: set to the pages whose source free bytes held data beyond the
 *	layout's oobavail (those bytes are dropped, as a device with that
 *	oobavail would never have stored them)
 */
struct mm_gen_from {
	FILE *f;
	bool oob;
	uint32_t oob_size;
	const struct mm_ooblayout *src;
	const struct mm_ecc *ecc;
	uint64_t bad_found;
	uint64_t dropped;
};

/**
 * mm_gen_vendor_logical - the logical OOB of one page as the controller's
 * driver presents it: 0xFF, the JFFS2 clean-marker in the layout's free
 * bytes (AUTO_OOB order) of page 0 of every good block with content jffs2
 * @g: the chip
 * @pl: the layout
 * @page_in_block: page index inside the block
 * @oob: pl->oob_size bytes, filled
 */
void mm_gen_vendor_logical(const struct mm_gen *g,
			   const struct mm_pagelayout *pl,
			   uint32_t page_in_block, uint8_t *oob);

/**
 * mm_gen_write_vendor - write the chip of @g (data + OOB per page, every
 * block in place) in layout @v to @f
 * @msg: a one-line reason on failure
 * @len: size of @msg
 *
 * Good pages are mm_gen_block()'s data with mm_gen_vendor_logical()'s OOB,
 * encoded with mm_pl_encode() (page index = the chip's page number); bad
 * blocks are all 0xFF but 00 at the layout's marker byte of pages 0 and 1.
 * @g->layout, ->swap16 and ->oob_size (replaced by the layout's physical
 * spare) are not used.
 *
 * Return: 0, -EINVAL (bad layout; @msg), -errno on write errors.
 */
int mm_gen_write_vendor(const struct mm_gen *g, const struct mm_gen_vendor *v,
			FILE *f, char *msg, size_t len);

/**
 * mm_gen_write_vendor_from - lay out the logical image @from in layout @v
 * and write it to @f (data + physical spare per page, every block in place)
 * @g: the geometry: page_size, pages_per_block, blocks (the image's page
 *	count / pages_per_block), oob_size (the physical spare the layout is
 *	built for, and with @from->oob the source's OOB bytes per record
 *	unless @from->oob_size says otherwise);
 *	@g->bad: blocks to make bad besides those the source marks
 * @from: the image
 * @v: the layout and the damage
 * @f: the output
 * @msg: a one-line reason on failure
 * @len: size of @msg
 *
 * A good block's pages are encoded with mm_pl_encode() from the image's
 * data and the logical OOB (0xFF but the mapped free bytes); a block that
 * is bad (in @g->bad, or with @from->oob a source marker byte other than
 * 0xFF in page 0 or 1, as nandsim marks them) is written all 0xFF but 00
 * at the layout's marker byte(s) of pages 0 and 1, whatever its data.
 * All-0xFF pages stay all 0xFF (not programmed) and get no flips.
 *
 * Return: 0, -EINVAL (bad layout, short image, a source page that does not
 * verify with @from->ecc, a @v->beyond_t page that is erased or bad;
 * @msg), -errno on read or write errors.
 */
int mm_gen_write_vendor_from(const struct mm_gen *g, struct mm_gen_from *from,
			     const struct mm_gen_vendor *v, FILE *f,
			     char *msg, size_t len);

#endif /* MM_GEN_VENDOR_H */
