/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * preset_util.h - the checks every controller preset passes (used by the
 * check_preset_<name>.c suites).
 */
#ifndef MM_PRESET_UTIL_H
#define MM_PRESET_UTIL_H

#include <stdint.h>

#include "../../core/layout/presets.h"

/**
 * preset_check_all - build @arg for the geometry and check: the spec string
 * formats and parses back; encode + decode gives the logical page back
 * (data and free OOB bytes); t flips in step 0 (data, user and ECC bits)
 * are corrected and counted; 2t + 2 flips are uncorrectable; an erased
 * page, clean and with t flips, reads all 0xFF; the factory marker is at
 * the preset's physical byte and reads good on a programmed page.
 * @pl: filled with the layout (release it)
 */
void preset_check_all(struct mm_pagelayout *pl, const char *arg,
		      uint32_t page_size, uint32_t oob_size, uint32_t ppb);

/**
 * preset_flip_step - flip @n distinct bits the code of step @s covers
 * (its D and O fields, the parity bits of its E field), chosen by @seed
 */
void preset_flip_step(const struct mm_pagelayout *pl, uint8_t *phys,
		      unsigned int s, unsigned int n, uint32_t seed);

/**
 * preset_check_uncorrectable - @n flips in step @s of the programmed page
 * @phys (page index 7) make exactly that step uncorrectable
 */
void preset_check_uncorrectable(const struct mm_pagelayout *pl,
				const uint8_t *phys, unsigned int s,
				unsigned int n, uint32_t seed);

/**
 * preset_check_every_step - 1..t flips in every step of a programmed page
 * are all corrected and counted; an erased page with 1..t flips in every
 * step reads erased, all 0xFF
 */
void preset_check_every_step(const struct mm_pagelayout *pl, uint32_t seed);

/** preset_fill - deterministic pseudo-random bytes */
void preset_fill(uint8_t *p, size_t n, uint32_t seed);

#endif /* MM_PRESET_UTIL_H */
