/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gen_vendor.h - dumps in a vendor controller's page layout: the chip that
 * tests/gen/gen.c generates, as the controller would have programmed it
 * (core/layout presets or spec strings), optionally with bit flips per
 * ECC step. Used by mm-gen --vendor-layout and the unit tests.
 */
#ifndef MM_GEN_VENDOR_H
#define MM_GEN_VENDOR_H

#include <stdio.h>

#include "../../core/layout/presets.h"
#include "gen.h"

/**
 * struct mm_gen_vendor - the layout and the damage
 * @layout: a --layout argument (preset[:opts] or spec string)
 * @flips: bit flips per programmed ECC step (data, user and ECC bits)
 * @flip_seed: where the flips go (deterministic)
 */
struct mm_gen_vendor {
	const char *layout;
	unsigned int flips;
	uint32_t flip_seed;
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

#endif /* MM_GEN_VENDOR_H */
