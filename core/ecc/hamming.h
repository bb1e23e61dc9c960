/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hamming.h - the Linux kernel's software Hamming ECC (ecc-sw-hamming.c
 * conventions): 3 bytes per 256- or 512-byte step, corrects 1 bit, detects 2.
 *
 * Code bytes as the kernel stores them (CONFIG_MTD_NAND_ECC_SW_HAMMING_SMC=n):
 * code[0] = inverted line parities rp15..rp8 (bit 7..0), code[1] = rp7..rp0,
 * code[2] = inverted column parities cp5..cp0 in bits 7..2 and, for 512-byte
 * steps, rp17/rp16 in bits 1/0 (else bits 1..0 are 1). rp(2k+1) is the
 * parity of the bytes whose index has bit k set, rp(2k) of the others.
 * SmartMedia order swaps code[0] and code[1]. All-0xFF data gives FF FF FF.
 */
#ifndef MM_HAMMING_H
#define MM_HAMMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * mm_hamming_calc - the 3 code bytes of one step
 * @data: @step bytes
 * @step: 256 or 512
 * @sm_order: SmartMedia byte order
 * @code: the 3 bytes
 */
void mm_hamming_calc(const uint8_t *data, unsigned int step, bool sm_order,
		     uint8_t code[3]);

/**
 * mm_hamming_correct - check one step against its stored code and fix it
 * @data: @step bytes, corrected in place
 * @step: 256 or 512
 * @sm_order: SmartMedia byte order
 * @stored: the 3 stored code bytes, corrected in place when the flip is
 *	there
 * @calc: mm_hamming_calc() of @data as read
 *
 * A flip of one of the two unused bits of a 256-byte code counts as a
 * corrected code bit, as in the kernel; next to a data flip it is not
 * checked (kernel), and is put back.
 *
 * Return: 0 clean, 1 one bit corrected (in @data or @stored), -EBADMSG
 * when two or more bits differ.
 */
int mm_hamming_correct(uint8_t *data, unsigned int step, bool sm_order,
		       uint8_t stored[3], const uint8_t calc[3]);

/**
 * mm_hamming_check - mm_hamming_calc() and mm_hamming_correct() in one
 * @data: @step bytes, corrected in place
 * @step: 256 or 512
 * @sm_order: SmartMedia byte order
 * @stored: the 3 stored code bytes, corrected in place as there
 *
 * Return: as mm_hamming_correct().
 */
int mm_hamming_check(uint8_t *data, unsigned int step, bool sm_order,
		     uint8_t stored[3]);

#endif /* MM_HAMMING_H */
