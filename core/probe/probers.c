// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probers.c - the content probers, one line each, in the order they see
 * each page and are asked to claim a block (mm_probe_volume(): the order
 * they are asked about LEB 0 of a UBI volume).
 *
 * Why this order:
 *  - ubi first: an EC header makes the block UBI whatever it holds, and its
 *    page op sets the payload offset (LEB 0's data) for those after it;
 *  - squashfs, uimage, fdt, ubifs: each a magic at block offset 0, so
 *    among themselves any order gives the same answer;
 *  - uboot-env: a CRC over "key=value" strings, weaker than a magic;
 *  - jffs2: any block with one valid node header or a clean-marker;
 *  - mtdparts: strings anywhere, claims no block.
 * A block no prober claims is "data".
 *
 * Each line declares `const struct mm_prober mm_prober_<name>` (defined in
 * <name>.c) and lists it.
 */
#include "prober.h"

#define MM_PROBERS(P)	\
	P(ubi)		\
	P(squashfs)	\
	P(uimage)	\
	P(fdt)		\
	P(ubifs)	\
	P(uboot_env)	\
	P(jffs2)	\
	P(mtdparts)

#define MM_PROBER_DECLARE(name)	extern const struct mm_prober mm_prober_##name;
#define MM_PROBER_ENTRY(name)	&mm_prober_##name,

MM_PROBERS(MM_PROBER_DECLARE)

const struct mm_prober *const mm_probers[] = {
	MM_PROBERS(MM_PROBER_ENTRY)
	NULL,
};
