/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kernel-ecc.h - the Linux kernel's own software BCH (lib/bch.c) and
 * Hamming (drivers/mtd/nand/ecc-sw-hamming.c), built from the installed
 * kernel source by 'make bench-ecc' (bench/module.mk), wrapped the way the
 * NAND core calls them per ECC step. For comparison figures only.
 */
#ifndef MM_KERNEL_ECC_H
#define MM_KERNEL_ECC_H

#include <stdbool.h>
#include <stdint.h>

struct mm_kbch;

/* bch_init(m, t, 0, false) and the erased-step mask, as ecc-sw-bch.c */
struct mm_kbch *mm_kbch_new(unsigned int m, unsigned int t,
			    unsigned int step);
void mm_kbch_free(struct mm_kbch *k);
unsigned int mm_kbch_bytes(const struct mm_kbch *k);

/* nand_ecc_sw_bch_calculate(): bch_encode() XOR the mask */
void mm_kbch_calculate(struct mm_kbch *k, const uint8_t *data, uint8_t *code);

/*
 * nand_ecc_sw_bch_correct(): bch_decode() of @read against @calc, then the
 * data bits flipped; returns the bit count or -EBADMSG.
 */
int mm_kbch_correct(struct mm_kbch *k, uint8_t *data, const uint8_t *read,
		    const uint8_t *calc);

int mm_kham_calculate(const uint8_t *data, unsigned int step, bool sm_order,
		      uint8_t *code);
int mm_kham_correct(uint8_t *data, uint8_t *read, uint8_t *calc,
		    unsigned int step, bool sm_order);

#endif /* MM_KERNEL_ECC_H */
