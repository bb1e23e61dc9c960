/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * userspace stand-in for <linux/mtd/nand-ecc-sw-hamming.h>: only the two
 * step-level functions that ecc-bench builds (see kshim.h).
 */
#ifndef MM_KSHIM_NAND_ECC_SW_HAMMING_H
#define MM_KSHIM_NAND_ECC_SW_HAMMING_H
#include "kshim.h"

int ecc_sw_hamming_calculate(const unsigned char *buf, unsigned int step_size,
			     unsigned char *code, bool sm_order);
int ecc_sw_hamming_correct(unsigned char *buf, unsigned char *read_ecc,
			   unsigned char *calc_ecc, unsigned int step_size,
			   bool sm_order);
#endif
