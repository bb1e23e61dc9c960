// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hamming.c - the kernel's software Hamming ECC, computed 8 bytes at a time.
 *
 * The data is read as 64-bit words. The parity of the bytes whose index has
 * bit k set is, for k < 3 (the byte lane inside a word), a lane mask of the
 * XOR of all words, and for k >= 3 the parity of the XOR of the words whose
 * index has bit k-3 set. The column parities come from the XOR of all bytes.
 */
#include <errno.h>
#include <string.h>

#include "hamming.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
/* Lane b (byte 8j+b of the data) sits at bits 56-8b..63-8b. */
#define LANES_BIT0	0x00ff00ff00ff00ffull	/* lanes 1, 3, 5, 7 */
#define LANES_BIT1	0x0000ffff0000ffffull	/* lanes 2, 3, 6, 7 */
#define LANES_BIT2	0x00000000ffffffffull	/* lanes 4..7 */
#else
#define LANES_BIT0	0xff00ff00ff00ff00ull
#define LANES_BIT1	0xffff0000ffff0000ull
#define LANES_BIT2	0xffffffff00000000ull
#endif

static inline uint64_t load64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline unsigned int par64(uint64_t v)
{
	return __builtin_parityll(v);
}

/*
 * acc[0] = XOR of all words, acc[1 + k] = XOR of the words whose index has
 * bit k set. Written for a constant @nw so the compiler unrolls it and each
 * word costs one XOR per set bit of its index.
 */
static inline void fold(const uint8_t *data, unsigned int nw, uint64_t *acc)
{
	uint64_t t = 0, x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0, x5 = 0;
	unsigned int j;

#pragma GCC unroll 64
	for (j = 0; j < nw; j++) {
		uint64_t w = load64(data + 8 * j);

		t ^= w;
		if (j & 1)
			x0 ^= w;
		if (j & 2)
			x1 ^= w;
		if (j & 4)
			x2 ^= w;
		if (j & 8)
			x3 ^= w;
		if (j & 16)
			x4 ^= w;
		if (j & 32)
			x5 ^= w;
	}
	acc[0] = t;
	acc[1] = x0;
	acc[2] = x1;
	acc[3] = x2;
	acc[4] = x3;
	acc[5] = x4;
	acc[6] = x5;
}

void mm_hamming_calc(const uint8_t *data, unsigned int step, bool sm_order,
		     uint8_t code[3])
{
	uint64_t acc[7];
	unsigned int odd[9], tot, k, lo = 0, hi = 0, c2 = 0;
	uint8_t par;
	uint64_t t;

	if (step == 512)
		fold(data, 64, acc);
	else
		fold(data, 32, acc);
	t = acc[0];
	tot = par64(t);
	/* odd[k]: parity of the bytes whose index has bit k set */
	odd[0] = par64(t & LANES_BIT0);
	odd[1] = par64(t & LANES_BIT1);
	odd[2] = par64(t & LANES_BIT2);
	for (k = 3; k < 9; k++)
		odd[k] = par64(acc[k - 2]);
	/* rp(2k+1) = odd[k], rp(2k) = odd[k] ^ tot; stored inverted */
	for (k = 0; k < 4; k++) {
		lo |= (odd[k] ^ 1) << (2 * k + 1);
		lo |= (odd[k] ^ tot ^ 1) << (2 * k);
		hi |= (odd[k + 4] ^ 1) << (2 * k + 1);
		hi |= (odd[k + 4] ^ tot ^ 1) << (2 * k);
	}
	t ^= t >> 32;
	t ^= t >> 16;
	t ^= t >> 8;
	par = (uint8_t)t;
	c2 |= (par64(par & 0xf0) ^ 1) << 7;
	c2 |= (par64(par & 0x0f) ^ 1) << 6;
	c2 |= (par64(par & 0xcc) ^ 1) << 5;
	c2 |= (par64(par & 0x33) ^ 1) << 4;
	c2 |= (par64(par & 0xaa) ^ 1) << 3;
	c2 |= (par64(par & 0x55) ^ 1) << 2;
	if (step == 512) {
		c2 |= (odd[8] ^ 1) << 1;
		c2 |= odd[8] ^ tot ^ 1;
	} else {
		c2 |= 3;
	}
	code[sm_order ? 1 : 0] = (uint8_t)hi;
	code[sm_order ? 0 : 1] = (uint8_t)lo;
	code[2] = (uint8_t)c2;
}

int mm_hamming_correct(uint8_t *data, unsigned int step, bool sm_order,
		       uint8_t stored[3], const uint8_t calc[3])
{
	unsigned int s_lo, s_hi, s2, byte, bit, i, m2;

	s_hi = stored[sm_order ? 1 : 0] ^ calc[sm_order ? 1 : 0];
	s_lo = stored[sm_order ? 0 : 1] ^ calc[sm_order ? 0 : 1];
	s2 = stored[2] ^ calc[2];
	if (!(s_lo | s_hi | s2))
		return 0;
	/* One data bit: exactly one parity of every pair differs. */
	m2 = step == 512 ? 0x55 : 0x54;
	if (((s_lo ^ (s_lo >> 1)) & 0x55) == 0x55 &&
	    ((s_hi ^ (s_hi >> 1)) & 0x55) == 0x55 &&
	    ((s2 ^ (s2 >> 1)) & m2) == m2) {
		byte = 0;
		for (i = 0; i < 4; i++) {
			byte |= ((s_lo >> (2 * i + 1)) & 1) << i;
			byte |= ((s_hi >> (2 * i + 1)) & 1) << (i + 4);
		}
		if (step == 512)
			byte |= ((s2 >> 1) & 1) << 8;
		bit = ((s2 >> 7) & 1) << 2 | ((s2 >> 5) & 1) << 1 |
		      ((s2 >> 3) & 1);
		data[byte] ^= 1u << bit;
		return 1;
	}
	/* One bit of the stored code itself. */
	if (__builtin_popcount(s_lo) + __builtin_popcount(s_hi) +
	    __builtin_popcount(s2) == 1) {
		for (i = 0; i < 3; i++)
			stored[i] = calc[i];
		return 1;
	}
	return -EBADMSG;
}
