/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bch.h - binary BCH codes over GF(2^m) with the conventions of the Linux
 * kernel's lib/bch.c: the message is read MSB first (bit 7 of byte 0 is the
 * highest coefficient), the ECC is the remainder of message·x^deg by the
 * generator, packed MSB first (the x^(deg-1) coefficient is bit 7 of ecc[0])
 * and left-aligned, the unused low bits of the last byte 0.
 *
 * This module is the plain code; the kernel's NAND convention (XOR with the
 * code of an erased step) is applied by ecc.c.
 */
#ifndef MM_BCH_H
#define MM_BCH_H

#include <stddef.h>
#include <stdint.h>

struct mm_bch;

/**
 * mm_bch_new - build a code
 * @m: field degree, 5..15
 * @t: bits corrected per message, >= 1
 * @prim_poly: primitive polynomial, e.g. 0x201b for m = 13 (the kernel's
 *	default for 13), 0x4443 for 14; 0 = the kernel's default for @m
 * @max_len: longest message in bytes (n = 8·max_len + deg < 2^m)
 *
 * Return: the code, or NULL with errno EINVAL (impossible parameters) or
 * ENOMEM.
 */
struct mm_bch *mm_bch_new(unsigned int m, unsigned int t,
			  unsigned int prim_poly, size_t max_len);

/** mm_bch_free - release (NULL is fine) */
void mm_bch_free(struct mm_bch *b);

/** mm_bch_ecc_bits - the generator's degree (m·t for the usual codes) */
unsigned int mm_bch_ecc_bits(const struct mm_bch *b);

/** mm_bch_ecc_bytes - ceil(ecc_bits / 8) */
unsigned int mm_bch_ecc_bytes(const struct mm_bch *b);

/**
 * mm_bch_encode - the ECC of @len message bytes
 * @b: the code
 * @data: the message
 * @len: its length, <= max_len
 * @ecc: mm_bch_ecc_bytes() bytes
 */
void mm_bch_encode(const struct mm_bch *b, const uint8_t *data, size_t len,
		   uint8_t *ecc);

/**
 * mm_bch_decode - locate the errors from the difference of two codes
 * @b: the code
 * @len: message length in bytes
 * @diff: stored ECC XOR the ECC computed from the message as read
 *	(mm_bch_ecc_bytes() bytes; the unused low bits are ignored)
 * @errloc: at least t entries: the bit positions of the errors, counted
 *	from bit 7 of message byte 0 (the ECC bytes follow at 8·@len)
 *
 * Return: the number of errors (0 when @diff is 0), or -EBADMSG when the
 * errors cannot be located (more than t, or an inconsistent locator).
 */
int mm_bch_decode(const struct mm_bch *b, size_t len, const uint8_t *diff,
		  unsigned int *errloc);

/**
 * mm_bch_small_roots - the closed-form root finder, for the unit tests
 * @b: the code (its field)
 * @f: a monic polynomial, @f[0..@df], coefficients as field elements
 * @df: its degree, 1 to 4
 * @roots: @df entries
 *
 * Return: @df with the roots stored when @f is the product of @df distinct
 * linear factors with nonzero roots, -1 when it is not.
 */
int mm_bch_small_roots(const struct mm_bch *b, const unsigned int *f, int df,
		       unsigned int *roots);

#endif /* MM_BCH_H */
