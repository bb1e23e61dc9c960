// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hamming.c - the kernel's software Hamming ECC, computed 8 bytes at a time.
 *
 * The data is read as 16-byte vectors. The parity of the bytes whose index
 * has bit k set is, for k < 3, a lane mask of the XOR of all vectors folded
 * to 64 bits, for k = 3 the parity of their upper halves, and for k >= 4
 * the parity of the XOR of the vectors whose index has bit k-4 set. The
 * column parities come from the XOR of all bytes.
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

static inline unsigned int par64(uint64_t v)
{
	return __builtin_parityll(v);
}

typedef uint64_t v2u64 __attribute__((vector_size(16)));

/*
 * acc[0] = XOR of all 16-byte vectors, acc[1 + k] = XOR of the vectors whose
 * index has bit k set. Written for a constant @nv so the compiler unrolls it
 * and each vector costs one XOR per set bit of its index.
 */
static inline __attribute__((always_inline)) void
fold(const uint8_t *data, unsigned int nv, v2u64 *acc)
{
	v2u64 t = { 0, 0 }, x0 = t, x1 = t, x2 = t, x3 = t, x4 = t;
	unsigned int j;

#pragma GCC unroll 32
	for (j = 0; j < nv; j++) {
		v2u64 w;

		memcpy(&w, data + 16 * j, sizeof(w));
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
	}
	acc[0] = t;
	acc[1] = x0;
	acc[2] = x1;
	acc[3] = x2;
	acc[4] = x3;
	acc[5] = x4;
}

/* bits 2k+1 set for the bits k of a nibble */
static const uint8_t spread_odd[16] = {
	0x00, 0x02, 0x08, 0x0a, 0x20, 0x22, 0x28, 0x2a,
	0x80, 0x82, 0x88, 0x8a, 0xa0, 0xa2, 0xa8, 0xaa,
};

static inline __attribute__((always_inline)) void
calc(const uint8_t *data, unsigned int step, bool sm_order, uint8_t code[3])
{
	v2u64 acc[6];
	unsigned int odd = 0, tot, k, lo, hi, c2, ev;
	uint64_t t, hi8;
	uint8_t par;

	if (step == 512)
		fold(data, 32, acc);
	else
		fold(data, 16, acc);
	hi8 = acc[0][1];	/* bytes 8..15 of each vector */
	t = acc[0][0] ^ acc[0][1];
	tot = par64(t);
	/* bit k of odd: parity of the bytes whose index has bit k set */
	odd |= par64(t & LANES_BIT0);
	odd |= par64(t & LANES_BIT1) << 1;
	odd |= par64(t & LANES_BIT2) << 2;
	odd |= par64(hi8) << 3;
	for (k = 0; k < 5; k++)
		odd |= par64(acc[1 + k][0] ^ acc[1 + k][1]) << (4 + k);
	/* rp(2k+1) = odd bit k, rp(2k) = that ^ tot; stored inverted */
	ev = tot ? 0x55 : 0;
	lo = spread_odd[odd & 15];
	lo = (lo | ((lo >> 1) ^ ev)) ^ 0xff;
	hi = spread_odd[(odd >> 4) & 15];
	hi = (hi | ((hi >> 1) ^ ev)) ^ 0xff;
	t ^= t >> 32;
	t ^= t >> 16;
	t ^= t >> 8;
	par = (uint8_t)t;
	c2 = par64(par & 0xf0) << 7 | par64(par & 0x0f) << 6 |
	     par64(par & 0xcc) << 5 | par64(par & 0x33) << 4 |
	     par64(par & 0xaa) << 3 | par64(par & 0x55) << 2;
	if (step == 512)
		c2 |= ((odd >> 8) & 1) << 1 | (((odd >> 8) & 1) ^ tot);
	c2 ^= 0xff;
	code[sm_order ? 1 : 0] = (uint8_t)hi;
	code[sm_order ? 0 : 1] = (uint8_t)lo;
	code[2] = (uint8_t)c2;
}

/* the odd bits 1, 3, 5, 7 of each byte of @v, packed into its low nibble */
static inline uint32_t odd_nibbles(uint32_t v)
{
	v = (v >> 1) & 0x555555;
	v = (v | v >> 1) & 0x333333;
	return (v | v >> 2) & 0x0f0f0f;
}

void mm_hamming_calc(const uint8_t *data, unsigned int step, bool sm_order,
		     uint8_t code[3])
{
	calc(data, step, sm_order, code);
}

static inline __attribute__((always_inline)) int
correct(uint8_t *data, unsigned int step, bool sm_order, uint8_t stored[3],
	const uint8_t calc[3])
{
	uint32_t s, mask, x;
	unsigned int byte, bit;

	/*
	 * The syndrome as one word: line parities low/high in bytes 0/1, the
	 * column parities (and, for 512-byte steps, rp16/rp17) in byte 2.
	 */
	s = (uint32_t)(stored[sm_order ? 0 : 1] ^ calc[sm_order ? 0 : 1]) |
	    (uint32_t)(stored[sm_order ? 1 : 0] ^ calc[sm_order ? 1 : 0]) << 8 |
	    (uint32_t)(stored[2] ^ calc[2]) << 16;
	if (!s)
		return 0;
	/*
	 * One data bit: exactly one parity of every pair differs (the two
	 * unused bits of a 256-byte code are not a pair). The odd parity of
	 * each pair is then the bit of the address: bits 0..3 of the byte
	 * from the low line parities, 4..7 from the high ones, and from the
	 * column byte the bit number (odd bits 3, 5, 7) and byte bit 8
	 * (bit 1, 512-byte steps).
	 */
	mask = step == 512 ? 0x555555 : 0x545555;
	if (((s ^ (s >> 1)) & mask) == mask) {
		x = odd_nibbles(s);
		byte = (x & 0x0f) | (x >> 4 & 0xf0);
		bit = x >> 17 & 7;
		if (step == 512)
			byte |= (x >> 16 & 1) << 8;
		data[byte] ^= 1u << bit;
		/* the unused bits of a 256-byte code are not checked: reset */
		if (step != 512)
			stored[2] |= 0x03;
		return 1;
	}
	/* One bit of the stored code itself. */
	if (!(s & (s - 1))) {
		stored[0] = calc[0];
		stored[1] = calc[1];
		stored[2] = calc[2];
		return 1;
	}
	return -EBADMSG;
}

int mm_hamming_correct(uint8_t *data, unsigned int step, bool sm_order,
		       uint8_t stored[3], const uint8_t calc[3])
{
	return correct(data, step, sm_order, stored, calc);
}

/* one call per step for the page engine: the code stays in registers */
int mm_hamming_check(uint8_t *data, unsigned int step, bool sm_order,
		     uint8_t stored[3])
{
	uint8_t c[3];

	if (step == 512) {
		calc(data, 512, sm_order, c);
		return correct(data, 512, sm_order, stored, c);
	}
	calc(data, 256, sm_order, c);
	return correct(data, 256, sm_order, stored, c);
}
