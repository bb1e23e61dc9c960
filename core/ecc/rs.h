/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rs.h - Reed-Solomon codes over GF(2^m), m <= 12, as NAND controllers use
 * them (Qualcomm NANDc "RS" mode: GF(2^10), x^10 + x^3 + 1, 8 parity
 * symbols, 4 symbol errors corrected per codeword).
 *
 * Conventions: a codeword is a list of symbols, the highest coefficient
 * first: the k message symbols, then the nsym parity symbols (the remainder
 * of M(x)·x^nsym by the generator g(x) = (x - a^fcr)(x - a^(fcr+1))...
 * (x - a^(fcr+nsym-1)), a = x, the primitive element). A message shorter
 * than the code's 2^m - 1 - nsym symbols is a shortened codeword: leading
 * zero symbols change nothing. Errors are located by syndromes,
 * Berlekamp-Massey, a Chien search over the codeword's positions and
 * Forney's formula.
 */
#ifndef MM_RS_H
#define MM_RS_H

#include <stddef.h>
#include <stdint.h>

struct mm_rs;

/**
 * mm_rs_new - build a code
 * @m: symbol bits, 3..12
 * @nsym: parity symbols (2·t, t symbol errors corrected), 2..64
 * @prim_poly: primitive polynomial of degree @m (e.g. 0x409 for m = 10)
 * @fcr: first consecutive root's exponent (Qualcomm: 1)
 *
 * Return: the code, or NULL with errno EINVAL (a polynomial that is not
 * primitive, parameters out of range) or ENOMEM.
 */
struct mm_rs *mm_rs_new(unsigned int m, unsigned int nsym,
			unsigned int prim_poly, unsigned int fcr);

/** mm_rs_free - release (NULL is fine) */
void mm_rs_free(struct mm_rs *rs);

/** mm_rs_nsym - parity symbols */
unsigned int mm_rs_nsym(const struct mm_rs *rs);

/**
 * mm_rs_encode - the parity of @k message symbols
 * @rs: the code
 * @msg: the message, highest coefficient first
 * @k: its length; k + nsym < 2^m
 * @par: nsym symbols, filled (highest coefficient first)
 */
void mm_rs_encode(const struct mm_rs *rs, const uint16_t *msg, size_t k,
		  uint16_t *par);

/**
 * mm_rs_decode - correct a received codeword in place
 * @rs: the code
 * @cw: @n symbols: message then parity, as read; corrected
 * @n: codeword length, nsym < n < 2^m
 * @pos: at least nsym / 2 entries: the index in @cw of each symbol
 *	corrected (may be NULL)
 *
 * Return: the number of symbols corrected (0: a codeword), or -EBADMSG
 * when the errors cannot be located (more than nsym / 2 of them; @cw is
 * then unchanged).
 */
int mm_rs_decode(const struct mm_rs *rs, uint16_t *cw, size_t n,
		 unsigned int *pos);

#endif /* MM_RS_H */
