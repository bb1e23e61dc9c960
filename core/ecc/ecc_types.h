/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ecc_types.h - the ECC counters and page verdicts shared by every ECC engine
 * and page layout (plain data; no code).
 */
#ifndef MM_ECC_TYPES_H
#define MM_ECC_TYPES_H

/**
 * struct mm_ecc_stat - ECC counters; every function that takes one ADDS to
 * it, so zero it first and pass the same one to sum pages or blocks
 * @steps: steps checked
 * @corrected_steps: steps with at least one bit corrected (erased steps
 *	with flips included)
 * @corrected_bits: bits corrected (data and ECC bytes)
 * @uncorrectable_steps: steps that could not be corrected (data left as
 *	read)
 * @erased_steps: steps that read as erased (all 0xFF after correction)
 */
struct mm_ecc_stat {
	unsigned int steps;
	unsigned int corrected_steps;
	unsigned int corrected_bits;
	unsigned int uncorrectable_steps;
	unsigned int erased_steps;
};

/*
 * The verdict on one page, worst step wins: UNCORRECTABLE > CORRECTED >
 * CLEAN. ERASED: every step reads as erased and no bit had to be corrected
 * (an erased page with flips is CORRECTED, so MUSE reports -EUCLEAN and UBI
 * scrubs it, as with the kernel).
 */
enum mm_page_state {
	MM_PAGE_CLEAN,
	MM_PAGE_CORRECTED,
	MM_PAGE_UNCORRECTABLE,
	MM_PAGE_ERASED,
};

#endif /* MM_ECC_TYPES_H */
