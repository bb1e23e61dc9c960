// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagelayout.c - vendor page layouts: checking a layout, and decoding and
 * encoding physical pages with it (see pagelayout.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ecc/bch.h"
#include "../ecc/rs.h"
#include "../util/geom.h"
#include "pagelayout.h"

void mm_pl_msg(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!msg || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
}

static uint8_t rev8[256];

static void init_rev8(void)
{
	unsigned int v, i;

	if (rev8[1])
		return;
	for (v = 0; v < 256; v++) {
		uint8_t r = 0;

		for (i = 0; i < 8; i++)
			if (v & (1u << i))
				r |= (uint8_t)(0x80 >> i);
		rev8[v] = r;
	}
}

static inline unsigned int getbit(const uint8_t *p, uint32_t i, bool lsb)
{
	return (p[i >> 3] >> (lsb ? (i & 7) : 7 - (i & 7))) & 1;
}

static inline void putbit(uint8_t *p, uint32_t i, bool lsb, unsigned int v)
{
	uint8_t mask = (uint8_t)(1u << (lsb ? (i & 7) : 7 - (i & 7)));

	if (v)
		p[i >> 3] |= mask;
	else
		p[i >> 3] &= (uint8_t)~mask;
}

static inline void flipbit(uint8_t *p, uint32_t i, bool lsb)
{
	p[i >> 3] ^= (uint8_t)(1u << (lsb ? (i & 7) : 7 - (i & 7)));
}

/* 8 bits at stream bit @i (order @lsb), as a byte in that order. */
static inline uint8_t getbyte(const uint8_t *p, uint32_t i, bool lsb)
{
	unsigned int sh = i & 7;
	const uint8_t *q = p + (i >> 3);

	if (!sh)
		return q[0];
	if (lsb)
		return (uint8_t)(q[0] >> sh | q[1] << (8 - sh));
	return (uint8_t)(q[0] << sh | q[1] >> (8 - sh));
}

/* 64 stream bits at @i (order @lsb) as 8 bytes at @out; @i unaligned. */
static inline void get64(uint8_t *out, const uint8_t *p, uint32_t i, bool lsb)
{
	unsigned int sh = i & 7;
	const uint8_t *q = p + (i >> 3);
	uint64_t v;

	if (!sh) {
		memcpy(out, q, 8);
		return;
	}
	memcpy(&v, q, 8);
	if (lsb) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		v = __builtin_bswap64(v);
#endif
		v = v >> sh | (uint64_t)q[8] << (64 - sh);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		v = __builtin_bswap64(v);
#endif
	} else {
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
		v = __builtin_bswap64(v);
#endif
		v = v << sh | q[8] >> (8 - sh);
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
		v = __builtin_bswap64(v);
#endif
	}
	memcpy(out, &v, 8);
}

/*
 * Copy @n bits from stream @src (bit order @sl) at @so to stream @dst (bit
 * order @dl) at @do_, bit i to bit i. A byte at a time when the orders
 * agree; reversed bytes when both ends are byte aligned and they do not;
 * bit by bit otherwise.
 */
static void copybits(uint8_t *dst, uint32_t do_, bool dl, const uint8_t *src,
		     uint32_t so, bool sl, uint32_t n)
{
	uint32_t i = 0;

	if (dl == sl) {
		if (!((do_ | so) & 7)) {
			memcpy(dst + do_ / 8, src + so / 8, n / 8);
			i = n & ~7u;
		} else {
			/* align the destination, then whole bytes from any
			 * source offset (no read-modify-write chain) */
			for (; i < n && ((do_ + i) & 7); i++)
				putbit(dst, do_ + i, dl, getbit(src, so + i, sl));
			for (; i + 64 <= n; i += 64)
				get64(dst + (do_ + i) / 8, src, so + i, sl);
			for (; i + 8 <= n; i += 8)
				dst[(do_ + i) / 8] = getbyte(src, so + i, sl);
		}
	} else if (!((do_ | so) & 7)) {
		for (; i + 8 <= n; i += 8)
			dst[(do_ + i) / 8] = rev8[src[(so + i) / 8]];
	}
	for (; i < n; i++)
		putbit(dst, do_ + i, dl, getbit(src, so + i, sl));
}

void mm_pl_init(struct mm_pagelayout *pl, const char *name,
		uint32_t data_size, uint32_t oob_size)
{
	memset(pl, 0, sizeof(*pl));
	snprintf(pl->name, sizeof(pl->name), "%s", name);
	pl->data_size = data_size;
	pl->oob_size = oob_size;
	pl->bbm_phys = MM_PL_NONE;
	pl->bbm_len = 1;
	pl->swap_data = MM_PL_NONE;
	pl->swap_oob = MM_PL_NONE;
	pl->oob.oob_size = oob_size;
	snprintf(pl->oob.name, sizeof(pl->oob.name), "%s", name);
}

int mm_pl_add(struct mm_pagelayout *pl, unsigned int kind, uint32_t bits,
	      uint32_t dst, unsigned int step)
{
	struct mm_pl_field *f;

	if (!bits)
		return 0;
	if (pl->nfields >= MM_PL_MAX_FIELDS)
		return -ENOSPC;
	f = &pl->f[pl->nfields++];
	f->kind = (uint8_t)kind;
	f->bits = bits;
	f->dst = kind == MM_PL_DATA || kind == MM_PL_OOB ? dst : 0;
	f->step = kind == MM_PL_PAD ? MM_PL_NOSTEP : (uint16_t)step;
	f->phys = 0;
	return 0;
}

void mm_pl_release(struct mm_pagelayout *pl)
{
	mm_bch_free(pl->bch);
	pl->bch = NULL;
	mm_rs_free(pl->rsc);
	pl->rsc = NULL;
	free(pl->keystream);
	pl->keystream = NULL;
	free(pl->ones_parity);
	pl->ones_parity = NULL;
}

/* Every bit of [0, size·8) covered exactly once (@need) or at most once. */
static int check_cover(const struct mm_pagelayout *pl, unsigned int kind,
		       uint32_t size, bool need, char *msg, size_t len)
{
	uint8_t *seen = calloc(size ? size : 1, 8);
	const char *what = kind == MM_PL_DATA ? "data" : "oob";
	unsigned int i;
	uint32_t b;
	int ret = -EINVAL;

	if (!seen)
		return -ENOMEM;
	for (i = 0; i < pl->nfields; i++) {
		const struct mm_pl_field *f = &pl->f[i];

		if (f->kind != kind)
			continue;
		if (f->dst > 8ull * size || f->bits > 8ull * size - f->dst) {
			mm_pl_msg(msg, len, "field %u: %s bits %u..%u outside the %u-byte %s", i,
			       what, f->dst, f->dst + f->bits - 1, size, what);
			goto out;
		}
		for (b = f->dst; b < f->dst + f->bits; b++) {
			if (seen[b]) {
				mm_pl_msg(msg, len, "field %u: %s bit %u mapped twice", i, what, b);
				goto out;
			}
			seen[b] = 1;
		}
	}
	if (need)
		for (b = 0; b < 8 * size; b++)
			if (!seen[b]) {
				mm_pl_msg(msg, len, "%s bit %u (byte %u) not mapped by any field", what,
				       b, b / 8);
				goto out;
			}
	ret = 0;
out:
	free(seen);
	return ret;
}

/* Parity bits per step: m·t (BCH), or 2·t symbols of m bits (RS). */
static unsigned int pl_parity_bits(const struct mm_pagelayout *pl)
{
	return pl->rs ? 2 * pl->m * pl->t : pl->m * pl->t;
}

/* The Reed-Solomon code of a layout whose steps are whole bytes. */
static int build_rs(struct mm_pagelayout *pl, uint32_t maxmsg, char *msg,
		    size_t len)
{
	unsigned int s, poly = pl->poly;

	for (s = 0; s < pl->nsteps; s++)
		if (pl->msg_bits[s] & 7) {
			mm_pl_msg(msg, len, "rs: step %u protects %u bits, not whole bytes (symbols)",
				  s, pl->msg_bits[s]);
			return -EINVAL;
		}
	if (!poly && pl->m == 10)
		poly = 0x409;
	if (maxmsg / 8 + 2 * pl->t >= (1u << pl->m)) {
		mm_pl_msg(msg, len, "rs=%u/%u: %u message symbols do not fit the code", pl->m,
			  pl->t, maxmsg / 8);
		return -EINVAL;
	}
	pl->msg_len = maxmsg / 8;
	pl->rsc = mm_rs_new(pl->m, 2 * pl->t, poly, 1);
	if (!pl->rsc) {
		if (errno == ENOMEM)
			return -ENOMEM;
		mm_pl_msg(msg, len, "no Reed-Solomon code over GF(2^%u) with t = %u and poly 0x%x",
			  pl->m, pl->t, poly);
		return -EINVAL;
	}
	return 0;
}

static int check_steps(struct mm_pagelayout *pl, char *msg, size_t len)
{
	unsigned int i, s, nsteps = 0, deg = pl_parity_bits(pl);
	unsigned int necc[MM_PL_MAX_STEPS] = { 0 };
	uint32_t maxmsg = 0;

	memset(pl->msg_bits, 0, sizeof(pl->msg_bits));
	for (i = 0; i < pl->nfields; i++) {
		const struct mm_pl_field *f = &pl->f[i];

		if (f->step == MM_PL_NOSTEP)
			continue;
		if (f->step >= MM_PL_MAX_STEPS) {
			mm_pl_msg(msg, len, "field %u: step %u (at most %u steps)", i, f->step,
			       MM_PL_MAX_STEPS);
			return -EINVAL;
		}
		if (f->step >= nsteps)
			nsteps = f->step + 1u;
		if (f->kind == MM_PL_ECC) {
			if (necc[f->step]++) {
				mm_pl_msg(msg, len, "step %u has two ECC fields", f->step);
				return -EINVAL;
			}
			if (f->bits < deg) {
				mm_pl_msg(msg, len, "step %u: %u ECC bits, the code needs %u", f->step,
				       f->bits, deg);
				return -EINVAL;
			}
		} else {
			pl->msg_bits[f->step] += f->bits;
		}
		if (f->kind != MM_PL_ECC && pl->codec_lsb != pl->pack_lsb &&
		    (f->bits & 7)) {
			mm_pl_msg(msg, len, "field %u: not whole bytes, but codec and stream bit orders differ",
			       i);
			return -EINVAL;
		}
		if (f->kind == MM_PL_ECC && pl->parity_lsb != pl->pack_lsb &&
		    f->bits < 8 * ((deg + 7) / 8)) {
			mm_pl_msg(msg, len, "field %u: parity and stream bit orders differ, so the ECC needs %u whole bytes",
			       i, (deg + 7) / 8);
			return -EINVAL;
		}
	}
	if (nsteps && !pl->m) {
		mm_pl_msg(msg, len, "fields belong to ECC steps but no code is given (bch=M/T)");
		return -EINVAL;
	}
	for (s = 0; s < nsteps; s++) {
		if (!necc[s]) {
			mm_pl_msg(msg, len, "step %u has no ECC field", s);
			return -EINVAL;
		}
		if (!pl->msg_bits[s]) {
			mm_pl_msg(msg, len, "step %u protects nothing", s);
			return -EINVAL;
		}
		if (pl->msg_bits[s] > maxmsg)
			maxmsg = pl->msg_bits[s];
	}
	pl->nsteps = nsteps;
	if (!nsteps)
		return 0;
	if (pl->rs)
		return build_rs(pl, maxmsg, msg, len);
	/*
	 * Every message is zero-extended in front to msg_len bytes (leading
	 * zeros leave the remainder alone): a multiple of 64 when the field
	 * has room, which bch.c folds with carry-less multiplies.
	 */
	pl->msg_len = (maxmsg + 7) / 8;
	if (8ull * ((pl->msg_len + 63) / 64 * 64) + deg < (1u << pl->m))
		pl->msg_len = (pl->msg_len + 63) / 64 * 64;
	pl->bch = mm_bch_new(pl->m, pl->t, pl->poly, pl->msg_len);
	if (!pl->bch) {
		if (errno == ENOMEM)
			return -ENOMEM;
		mm_pl_msg(msg, len, "no BCH code over GF(2^%u) with t = %u and poly 0x%x for %u message bits",
		       pl->m, pl->t, pl->poly, maxmsg);
		return -EINVAL;
	}
	return 0;
}

static int build_keystream(struct mm_pagelayout *pl);
static int build_ones_parity(struct mm_pagelayout *pl);

int mm_pl_finalize(struct mm_pagelayout *pl, char *msg, size_t len)
{
	uint64_t bits = 0;
	unsigned int i;
	int ret;

	init_rev8();
	mm_pl_release(pl);
	if (!pl->data_size) {
		mm_pl_msg(msg, len, "no logical page size (data=N)");
		return -EINVAL;
	}
	/* the largest page muse-mount reads (geom.h); the buffers follow */
	if (pl->data_size > MM_MAX_PAGE_SIZE || pl->oob_size > MM_MAX_PAGE_SIZE ||
	    pl->phys_size > 2 * MM_MAX_PAGE_SIZE) {
		mm_pl_msg(msg, len, "page of %u+%u bytes (%u physical) larger than %u+%u",
			  pl->data_size, pl->oob_size, pl->phys_size,
			  MM_MAX_PAGE_SIZE, MM_MAX_PAGE_SIZE);
		return -EINVAL;
	}
	for (i = 0; i < pl->nfields; i++) {
		pl->f[i].phys = (uint32_t)bits;
		bits += pl->f[i].bits;
		if (bits > UINT32_MAX / 2) {
			mm_pl_msg(msg, len, "fields too long");
			return -EINVAL;
		}
	}
	if (bits & 7) {
		mm_pl_msg(msg, len, "the fields add up to %llu bits, not whole bytes",
		       (unsigned long long)bits);
		return -EINVAL;
	}
	if (!pl->phys_size)
		pl->phys_size = (uint32_t)(bits / 8);
	if (bits != 8ull * pl->phys_size) {
		mm_pl_msg(msg, len, "the fields add up to %llu bytes, the physical page has %u",
		       (unsigned long long)(bits / 8), pl->phys_size);
		return -EINVAL;
	}
	if (pl->bbm_phys != MM_PL_NONE &&
	    (pl->bbm_len < 1 || pl->bbm_len > 2 ||
	     pl->bbm_phys + pl->bbm_len > pl->phys_size)) {
		mm_pl_msg(msg, len, "bad block marker at byte %u outside the %u-byte page",
		       pl->bbm_phys, pl->phys_size);
		return -EINVAL;
	}
	if (pl->swap_data != MM_PL_NONE &&
	    (pl->swap_data + 8 > 8ull * pl->data_size ||
	     pl->swap_oob == MM_PL_NONE ||
	     pl->swap_oob + 8 > 8ull * pl->oob_size)) {
		mm_pl_msg(msg, len, "marker swap outside the logical page or OOB");
		return -EINVAL;
	}
	if (pl->scrambler == MM_PL_SCR_SUNXI && !pl->pages_per_block) {
		mm_pl_msg(msg, len, "the sunxi scrambler needs the pages per block (ppb=N)");
		return -EINVAL;
	}
	if (pl->m && !pl->rs && (pl->m < 5 || pl->m > 15 || !pl->t)) {
		mm_pl_msg(msg, len, "bch=%u/%u: need 5 <= m <= 15 and t >= 1", pl->m, pl->t);
		return -EINVAL;
	}
	if (pl->rs && (pl->m < 3 || pl->m > 12 || !pl->t || pl->t > 32)) {
		mm_pl_msg(msg, len, "rs=%u/%u: need 3 <= m <= 12 and 1 <= t <= 32", pl->m, pl->t);
		return -EINVAL;
	}
	if (pl->rs && (pl->xor_erased || pl->codec_lsb || pl->parity_lsb)) {
		mm_pl_msg(msg, len, "rs: xor-erased, codec=lsb and parity=lsb are BCH options");
		return -EINVAL;
	}
	if (pl->oob_raw && pl->data_size + (uint64_t)pl->oob_size > pl->phys_size) {
		mm_pl_msg(msg, len, "oob-raw: %u + %u bytes do not fit the %u-byte page",
		       pl->data_size, pl->oob_size, pl->phys_size);
		return -EINVAL;
	}
	ret = check_cover(pl, MM_PL_DATA, pl->data_size, true, msg, len);
	if (!ret && !pl->oob_raw)
		ret = check_cover(pl, MM_PL_OOB, pl->oob_size, false, msg, len);
	if (!ret)
		ret = check_steps(pl, msg, len);
	if (!ret && pl->oob_size) {
		pl->oob.oob_size = pl->oob_size;
		ret = mm_ooblayout_check(&pl->oob, msg, len);
	}
	if (!ret && pl->scrambler == MM_PL_SCR_SUNXI)
		ret = build_keystream(pl);
	if (!ret && pl->xor_erased && pl->bch)
		ret = build_ones_parity(pl);
	if (ret)
		mm_pl_release(pl);
	return ret;
}

/*
 * The Allwinner NFC randomizer as u-boot's tools/sunxi-spl-image-builder.c
 * implements it: a 15-bit LFSR (x^15 + x^14 + 1, shifted right, new bit 14
 * = bit 0 ^ bit 1), seeded from this table by page % pages-per-block
 * (at most 128), stepped 15 times, then XORing its low 8 bits into each
 * byte and stepping 8 times; restarted with the same seed for every ECC
 * step, over the step's data, 4 user bytes and ECC bytes in that order.
 */
static const uint16_t sunxi_seeds[128] = {
	0x2b75, 0x0bd0, 0x5ca3, 0x62d1, 0x1c93, 0x07e9, 0x2162, 0x3a72,
	0x0d67, 0x67f9, 0x1be7, 0x077d, 0x032f, 0x0dac, 0x2716, 0x2436,
	0x7922, 0x1510, 0x3860, 0x5287, 0x480f, 0x4252, 0x1789, 0x5a2d,
	0x2a49, 0x5e10, 0x437f, 0x4b4e, 0x2f45, 0x216e, 0x5cb7, 0x7130,
	0x2a3f, 0x60e4, 0x4dc9, 0x0ef0, 0x0f52, 0x1bb9, 0x6211, 0x7a56,
	0x226d, 0x4ea7, 0x6f36, 0x3692, 0x38bf, 0x0c62, 0x05eb, 0x4c55,
	0x60f4, 0x728c, 0x3b6f, 0x2037, 0x7f69, 0x0936, 0x651a, 0x4ceb,
	0x6218, 0x79f3, 0x383f, 0x18d9, 0x4f05, 0x5c82, 0x2912, 0x6f17,
	0x6856, 0x5938, 0x1007, 0x61ab, 0x3e7f, 0x57c2, 0x542f, 0x4f62,
	0x7454, 0x2eac, 0x7739, 0x42d4, 0x2f90, 0x435a, 0x2e52, 0x2064,
	0x637c, 0x66ad, 0x2c90, 0x0bad, 0x759c, 0x0029, 0x0986, 0x7126,
	0x1ca7, 0x1605, 0x386a, 0x27f5, 0x1380, 0x6d75, 0x24c3, 0x0f8e,
	0x2b7a, 0x1418, 0x1fd1, 0x7dc1, 0x2d8e, 0x43af, 0x2267, 0x7da3,
	0x4e3d, 0x1338, 0x50db, 0x454d, 0x764d, 0x40a3, 0x42e6, 0x262b,
	0x2d2e, 0x1aea, 0x2e17, 0x173d, 0x3a6e, 0x71bf, 0x25f9, 0x0a5d,
	0x7c57, 0x0fbe, 0x46ce, 0x4939, 0x6b17, 0x37bb, 0x3e91, 0x76db,
};

static uint16_t lfsr_step(uint16_t s, unsigned int n)
{
	s &= 0x7fff;
	while (n--)
		s = (uint16_t)(((s >> 1) | (((s ^ (s >> 1)) & 1) << 14)) & 0x7fff);
	return s;
}

/*
 * @bbm_only: XOR the key stream into the marker bytes only. The kernel
 * (sunxi_nfc_randomize_bbm()) pre-randomizes the two marker bytes of step
 * 0's user data so that they reach the flash unscrambled: the code covers
 * marker ^ key, the flash holds the marker.
 */
static void scramble(const struct mm_pagelayout *pl, uint64_t page,
		     uint8_t *buf, bool bbm_only)
{
	unsigned int s, i;
	uint32_t mod, b;
	const uint8_t *ks;

	if (pl->scrambler != MM_PL_SCR_SUNXI || !pl->keystream)
		return;
	mod = pl->pages_per_block < 128 ? pl->pages_per_block : 128;
	ks = pl->keystream + (size_t)(page % mod) * pl->keystream_len;
	for (s = 0; s < pl->nsteps; s++) {
		uint32_t j = 0;

		for (i = 0; i < pl->nfields; i++) {
			const struct mm_pl_field *f = &pl->f[i];
			uint32_t b0 = f->phys / 8, b1 = (f->phys + f->bits) / 8;

			if (f->step != s)
				continue;
			if (bbm_only && (pl->bbm_phys + 2 <= b0 ||
					 pl->bbm_phys >= b1)) {
				j += b1 - b0;
				continue;
			}
			if (!bbm_only) {
				for (b = b0; b < b1; b++)
					buf[b] ^= ks[j + b - b0];
			} else {
				for (b = b0; b < b1; b++)
					if (b >= pl->bbm_phys && b < pl->bbm_phys + 2)
						buf[b] ^= ks[j + b - b0];
			}
			j += b1 - b0;
		}
	}
}

/* The key stream of every seed, as long as the longest step. */
static int build_keystream(struct mm_pagelayout *pl)
{
	unsigned int s, i, k, mod;
	uint32_t len = 0;

	for (s = 0; s < pl->nsteps; s++) {
		uint32_t n = 0;

		for (i = 0; i < pl->nfields; i++)
			if (pl->f[i].step == s)
				n += pl->f[i].bits / 8;
		if (n > len)
			len = n;
	}
	mod = pl->pages_per_block < 128 ? pl->pages_per_block : 128;
	pl->keystream = malloc((size_t)mod * len + 1);
	if (!pl->keystream)
		return -ENOMEM;
	pl->keystream_len = len;
	for (k = 0; k < mod; k++) {
		uint16_t st = lfsr_step(sunxi_seeds[k], 15);

		for (i = 0; i < len; i++) {
			pl->keystream[(size_t)k * len + i] = (uint8_t)st;
			st = lfsr_step(st, 8);
		}
	}
	return 0;
}

/*
 * Scratch for one step: the message as bch.c takes it (MSB first, the pad
 * zero bits in front), a field buffer, and the codes.
 */
struct step_buf {
	unsigned int step;
	uint8_t *msg;
	uint8_t *tmp;
	uint8_t *fld;
	uint32_t pad;
	uint32_t nbytes;
	uint8_t ecc[15 * 128 / 8 + 1];
	uint8_t stored[15 * 128 / 8 + 2];
};

/*
 * A field's bits are taken in stream order into @out (bytes in the stream's
 * order); the codec then reads each of those bytes MSB first, or LSB first
 * with @lsb. So a byte value enters the code as the controller's engine
 * sees it, wherever the field starts.
 */
static void field_bytes(const struct mm_pagelayout *pl, const uint8_t *phys,
			const struct mm_pl_field *f, bool lsb, uint8_t *out)
{
	uint32_t nb = (f->bits + 7) / 8, i;

	out[nb - 1] = 0;
	copybits(out, 0, pl->pack_lsb, phys, f->phys, pl->pack_lsb, f->bits);
	/*
	 * out[i] holds stream bits 8i.. in the stream's order: bit 7 first
	 * (pack=msb) or bit 0 first (pack=lsb), i.e. the byte the controller
	 * moves. The codec reads it MSB first, or reversed.
	 */
	if (lsb)
		for (i = 0; i < nb; i++)
			out[i] = rev8[out[i]];
}

/* The stream offset, inside its field, of codec bit @k of the field. */
static inline uint32_t codec_to_stream(const struct mm_pagelayout *pl,
				       bool lsb, uint32_t k)
{
	return lsb == pl->pack_lsb ? k : (k & ~7u) | (7 - (k & 7));
}

static void gather(const struct mm_pagelayout *pl, unsigned int s,
		   const uint8_t *phys, struct step_buf *sb)
{
	uint32_t pos;
	unsigned int k;

	sb->step = s;
	sb->nbytes = pl->msg_len;
	sb->pad = 8 * sb->nbytes - pl->msg_bits[s];
	memset(sb->msg, 0, sb->pad / 8 + 1);
	pos = sb->pad;
	for (k = 0; k < pl->nfields; k++) {
		const struct mm_pl_field *f = &pl->f[k];

		if (f->step != s || f->kind == MM_PL_ECC)
			continue;
		if (!(pos & 7)) {
			field_bytes(pl, phys, f, pl->codec_lsb, sb->msg + pos / 8);
		} else {
			field_bytes(pl, phys, f, pl->codec_lsb, sb->fld);
			copybits(sb->msg, pos, false, sb->fld, 0, false, f->bits);
		}
		pos += f->bits;
	}
}

static const struct mm_pl_field *ecc_field(const struct mm_pagelayout *pl,
					   unsigned int s)
{
	unsigned int i;

	for (i = 0; i < pl->nfields; i++)
		if (pl->f[i].step == s && pl->f[i].kind == MM_PL_ECC)
			return &pl->f[i];
	return NULL;
}

/*
 * The parity to store for the gathered message, MSB first and left-aligned:
 * plain, or with the kernel's erased XOR (pad bits then 1).
 */
/* Parity bytes per step as parity() gives them. */
static unsigned int pl_parity_bytes(const struct mm_pagelayout *pl)
{
	return pl->rs ? (pl_parity_bits(pl) + 7) / 8 : mm_bch_ecc_bytes(pl->bch);
}

/* RS: the step's message bytes as symbols (the pad skipped); returns k. */
static uint32_t rs_symbols(const struct mm_pagelayout *pl,
			   const struct step_buf *sb, uint16_t *sym)
{
	uint32_t k = pl->msg_bits[sb->step] / 8, off = sb->pad / 8, i;

	for (i = 0; i < k; i++)
		sym[i] = sb->msg[off + i];
	return k;
}

/* RS: parity symbols to bytes, symbol j in bits j·m.. counted LSB first. */
static void rs_pack(const struct mm_pagelayout *pl, const uint16_t *par,
		    uint8_t *out)
{
	unsigned int j, b, bit, ns = 2 * pl->t;

	memset(out, 0, pl_parity_bytes(pl));
	for (j = 0; j < ns; j++)
		for (b = 0; b < pl->m; b++)
			if (par[j] >> b & 1) {
				bit = j * pl->m + b;
				out[bit / 8] |= (uint8_t)(1u << (bit % 8));
			}
}

static void rs_unpack(const struct mm_pagelayout *pl, const uint8_t *in,
		      uint16_t *par)
{
	unsigned int j, b, bit, ns = 2 * pl->t;

	for (j = 0; j < ns; j++) {
		par[j] = 0;
		for (b = 0; b < pl->m; b++) {
			bit = j * pl->m + b;
			par[j] |= (uint16_t)((in[bit / 8] >> (bit % 8) & 1) << b);
		}
	}
}

static void parity(const struct mm_pagelayout *pl, struct step_buf *sb,
		   uint8_t *out)
{
	unsigned int nb, i;
	const uint8_t *ones;

	if (pl->rs) {
		uint16_t sym[4096], par[64];
		uint32_t k = rs_symbols(pl, sb, sym);

		mm_rs_encode(pl->rsc, sym, k, par);
		rs_pack(pl, par, out);
		return;
	}
	nb = mm_bch_ecc_bytes(pl->bch);
	mm_bch_encode(pl->bch, sb->msg, sb->nbytes, out);
	if (!pl->xor_erased)
		return;
	ones = pl->ones_parity + (size_t)sb->step * nb;
	for (i = 0; i < nb; i++)
		out[i] ^= (uint8_t)~ones[i];
}

/*
 * The parity of each step's all-ones message (its own bits all ones, the
 * zero pad in front kept), once: the erased XOR of every encode and check.
 */
static int build_ones_parity(struct mm_pagelayout *pl)
{
	unsigned int nb = mm_bch_ecc_bytes(pl->bch), s;
	uint8_t *ones;
	uint32_t pad;

	pl->ones_parity = malloc((size_t)pl->nsteps * nb + 1);
	ones = malloc(pl->msg_len + 1);
	if (!pl->ones_parity || !ones) {
		free(ones);
		return -ENOMEM;
	}
	for (s = 0; s < pl->nsteps; s++) {
		pad = 8 * pl->msg_len - pl->msg_bits[s];
		memset(ones, 0, pad / 8);
		memset(ones + pad / 8, 0xff, pl->msg_len - pad / 8);
		if (pad % 8)
			ones[pad / 8] = (uint8_t)(0xff >> (pad % 8));
		mm_bch_encode(pl->bch, ones, pl->msg_len,
			      pl->ones_parity + (size_t)s * nb);
	}
	free(ones);
	return 0;
}

/* Zero bits over the fields of step @s as read. */
static unsigned int step_zeros(const struct mm_pagelayout *pl, unsigned int s,
			       const uint8_t *phys, unsigned int limit)
{
	unsigned int i, z = 0;
	uint32_t b;

	for (i = 0; i < pl->nfields && z <= limit; i++) {
		const struct mm_pl_field *f = &pl->f[i];

		if (f->step != s)
			continue;
		b = f->phys;
		for (; b < f->phys + f->bits && (b & 7); b++)
			z += !getbit(phys, b, pl->pack_lsb);
		for (; b + 64 <= f->phys + f->bits && z <= limit; b += 64) {
			uint64_t v;

			memcpy(&v, phys + b / 8, 8);
			z += (unsigned int)__builtin_popcountll(~v);
		}
		for (; b + 8 <= f->phys + f->bits && z <= limit; b += 8)
			z += 8 - (unsigned int)__builtin_popcount(phys[b / 8]);
		if (z > limit)
			return z;	/* more than asked for: the count stops */
		for (; b < f->phys + f->bits; b++)
			z += !getbit(phys, b, pl->pack_lsb);
	}
	return z;
}

static void fill_step_ones(const struct mm_pagelayout *pl, unsigned int s,
			   uint8_t *buf)
{
	unsigned int i;
	uint32_t b;

	for (i = 0; i < pl->nfields; i++) {
		const struct mm_pl_field *f = &pl->f[i];

		if (f->step != s)
			continue;
		for (b = f->phys; b < f->phys + f->bits; b++)
			putbit(buf, b, pl->pack_lsb, 1);
	}
}

/* Message bit @q (after the pad) to its stream bit, MM_PL_NONE if none. */
static uint32_t msg_to_phys(const struct mm_pagelayout *pl, unsigned int s,
			    uint32_t q)
{
	unsigned int i;

	for (i = 0; i < pl->nfields; i++) {
		const struct mm_pl_field *f = &pl->f[i];

		if (f->step != s || f->kind == MM_PL_ECC)
			continue;
		if (q < f->bits)
			return f->phys + codec_to_stream(pl, pl->codec_lsb, q);
		q -= f->bits;
	}
	return MM_PL_NONE;
}

/* The stored parity of step @s, as bch.c's MSB-first, left-aligned bytes. */
static void read_parity(const struct mm_pagelayout *pl,
			const struct mm_pl_field *ef, const uint8_t *phys,
			uint8_t *out, unsigned int nb)
{
	struct mm_pl_field f = *ef;

	if (f.bits > 8 * nb)
		f.bits = 8 * nb;
	memset(out, 0, nb + 1);
	field_bytes(pl, phys, &f, pl->parity_lsb, out);
}

/*
 * RS: one step corrected in place, the bits of each corrected symbol
 * flipped where they lie; returns the bits corrected, <0 uncorrectable (a
 * message symbol corrected to more than 8 bits is a miscorrection).
 */
static int rs_correct_step(const struct mm_pagelayout *pl, unsigned int s,
			   uint8_t *work, struct step_buf *sb)
{
	const struct mm_pl_field *ef = ecc_field(pl, s);
	unsigned int nb = pl_parity_bytes(pl), ns = 2 * pl->t, pos[32], j, b;
	uint16_t cw[4096 + 64], old[32], par[64];
	uint32_t k, q, p;
	int n, bits = 0;

	gather(pl, s, work, sb);
	k = rs_symbols(pl, sb, cw);
	parity(pl, sb, sb->ecc);
	read_parity(pl, ef, work, sb->stored, nb);
	if (!memcmp(sb->ecc, sb->stored, nb))
		return 0;
	rs_unpack(pl, sb->stored, cw + k);
	n = mm_rs_decode(pl->rsc, cw, k + ns, pos);
	if (n <= 0)
		return n ? n : -EBADMSG;	/* parity differs: not clean */
	rs_unpack(pl, sb->stored, par);		/* the symbols as read */
	for (j = 0; j < (unsigned int)n; j++) {
		old[j] = pos[j] < k ? sb->msg[sb->pad / 8 + pos[j]] :
				      par[pos[j] - k];
		if (pos[j] < k && cw[pos[j]] > 0xff)
			return -EBADMSG;
		for (b = 0; pos[j] >= k && b < pl->m; b++) {
			q = (pos[j] - k) * pl->m + b;
			q = codec_to_stream(pl, pl->parity_lsb,
					    8 * (q / 8) + 7 - q % 8);
			if (((old[j] ^ cw[pos[j]]) >> b & 1) && q >= ef->bits)
				return -EBADMSG;
		}
	}
	for (j = 0; j < (unsigned int)n; j++) {
		uint16_t diff = old[j] ^ cw[pos[j]];

		bits += __builtin_popcount(diff);
		if (pos[j] < k) {
			for (b = 0; b < 8; b++) {
				if (!(diff >> b & 1))
					continue;
				p = msg_to_phys(pl, s, 8 * pos[j] + 7 - b);
				if (p == MM_PL_NONE)
					return -EBADMSG;
				flipbit(work, p, pl->pack_lsb);
			}
			continue;
		}
		for (b = 0; b < pl->m; b++) {
			if (!(diff >> b & 1))
				continue;
			q = (pos[j] - k) * pl->m + b;
			q = codec_to_stream(pl, pl->parity_lsb,
					    8 * (q / 8) + 7 - q % 8);
			flipbit(work, ef->phys + q, pl->pack_lsb);
		}
	}
	return bits;
}

/* One step of @work (descrambled) corrected in place; <0 uncorrectable. */
static int correct_step(const struct mm_pagelayout *pl, unsigned int s,
			uint8_t *work, struct step_buf *sb)
{
	const struct mm_pl_field *ef = ecc_field(pl, s);
	unsigned int deg, nb, i;
	unsigned int errloc[128];
	int n;

	if (pl->rs)
		return rs_correct_step(pl, s, work, sb);
	deg = mm_bch_ecc_bits(pl->bch);
	nb = (deg + 7) / 8;
	gather(pl, s, work, sb);
	parity(pl, sb, sb->ecc);
	read_parity(pl, ef, work, sb->stored, nb);
	for (i = 0; i < nb; i++)
		sb->stored[i] ^= sb->ecc[i];
	n = mm_bch_decode(pl->bch, sb->nbytes, sb->stored, errloc);
	if (n <= 0)
		return n;
	for (i = 0; i < (unsigned int)n; i++) {
		uint32_t q = errloc[i], p;

		if (q < sb->pad)
			return -EBADMSG;
		q -= sb->pad;
		if (q < pl->msg_bits[s]) {
			p = msg_to_phys(pl, s, q);
		} else {
			q -= pl->msg_bits[s];
			q = codec_to_stream(pl, pl->parity_lsb, q);
			if (q >= ef->bits)
				return -EBADMSG;
			p = ef->phys + q;
		}
		if (p == MM_PL_NONE)
			return -EBADMSG;
		flipbit(work, p, pl->pack_lsb);
	}
	return n;
}

/* Store the parity of step @s (computed from @phys) in its ECC field. */
static void write_parity(const struct mm_pagelayout *pl, unsigned int s,
			 uint8_t *phys, struct step_buf *sb)
{
	const struct mm_pl_field *ef = ecc_field(pl, s);
	unsigned int nb = pl_parity_bytes(pl);
	uint32_t i, fb = (ef->bits + 7) / 8;
	uint8_t *b = sb->tmp;

	gather(pl, s, phys, sb);
	parity(pl, sb, sb->ecc);
	memset(b, pl->xor_erased ? 0xff : 0, fb + 1);
	memcpy(b, sb->ecc, nb < fb ? nb : fb);
	/* codec bytes back to stream bytes (field_bytes() reversed) */
	if (pl->parity_lsb != pl->pack_lsb)
		for (i = 0; i < fb; i++)
			b[i] = rev8[b[i]];
	if (pl->pack_lsb)
		for (i = 0; i < fb; i++)
			b[i] = rev8[b[i]];
	copybits(phys, ef->phys, pl->pack_lsb, b, 0, pl->pack_lsb, ef->bits);
}

static void swap_bbm(const struct mm_pagelayout *pl, uint8_t *data,
		     uint8_t *oob)
{
	uint8_t a = 0, b = 0;
	unsigned int i;

	if (pl->swap_data == MM_PL_NONE)
		return;
	for (i = 0; i < 8; i++) {
		a |= (uint8_t)(getbit(data, pl->swap_data + i, pl->pack_lsb) << i);
		b |= (uint8_t)(getbit(oob, pl->swap_oob + i, pl->pack_lsb) << i);
	}
	for (i = 0; i < 8; i++) {
		putbit(data, pl->swap_data + i, pl->pack_lsb, (b >> i) & 1);
		putbit(oob, pl->swap_oob + i, pl->pack_lsb, (a >> i) & 1);
	}
}

static bool all_ff(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0xff)
			return false;
	return true;
}

static void extract(const struct mm_pagelayout *pl, const uint8_t *work,
		    uint8_t *data, uint8_t *oob)
{
	unsigned int i;

	for (i = 0; i < pl->nfields; i++) {
		const struct mm_pl_field *f = &pl->f[i];

		if (f->kind == MM_PL_DATA)
			copybits(data, f->dst, pl->pack_lsb, work, f->phys,
				 pl->pack_lsb, f->bits);
		else if (f->kind == MM_PL_OOB && !pl->oob_raw)
			copybits(oob, f->dst, pl->pack_lsb, work, f->phys,
				 pl->pack_lsb, f->bits);
	}
	if (pl->oob_raw)
		memcpy(oob, work + pl->data_size, pl->oob_size);
	swap_bbm(pl, data, oob);
}

/* decode: the page, the logical page + OOB, 3 step buffers; encode less */
size_t mm_pl_scratch_size(const struct mm_pagelayout *pl)
{
	return pl->phys_size + pl->data_size + pl->oob_size + 8 +
	       3 * (size_t)(pl->phys_size + 80);
}

int mm_pl_decode(const struct mm_pagelayout *pl, uint64_t page,
		 const uint8_t *phys, uint8_t *data, uint8_t *oob,
		 struct mm_ecc_stat *st, enum mm_page_state *state)
{
	uint8_t *work = malloc(mm_pl_scratch_size(pl));

	if (!work)
		return -ENOMEM;
	mm_pl_decode_scratch(pl, page, phys, data, oob, st, state, work);
	free(work);
	return 0;
}

void mm_pl_decode_scratch(const struct mm_pagelayout *pl, uint64_t page,
			  const uint8_t *phys, uint8_t *data, uint8_t *oob,
			  struct mm_ecc_stat *st, enum mm_page_state *state,
			  uint8_t *work)
{
	struct mm_ecc_stat local = { 0 };
	uint8_t *d, *o;
	struct step_buf sb;
	unsigned int s, erased = 0, bad = 0, fixed = 0;
	bool step0_erased = false;

	sb.msg = work + pl->phys_size + pl->data_size + pl->oob_size + 8;
	sb.tmp = sb.msg + pl->phys_size + 80;
	sb.fld = sb.tmp + pl->phys_size + 80;
	d = work + pl->phys_size;
	o = d + pl->data_size;
	memset(o, 0xff, pl->oob_size);
	if (all_ff(phys, pl->phys_size)) {
		/* fast path: nothing programmed */
		memset(d, 0xff, pl->data_size);
		local.steps = local.erased_steps = pl->nsteps;
		erased = pl->nsteps;
		goto done;
	}
	memcpy(work, phys, pl->phys_size);
	scramble(pl, page, work, false);
	for (s = 0; s < pl->nsteps; s++) {
		int n = correct_step(pl, s, work, &sb);

		local.steps++;
		if (n >= 0) {
			/*
			 * With xor-erased an erased step is a codeword: all
			 * ones after correction is an erased step.
			 */
			if (pl->xor_erased && !step_zeros(pl, s, work, 0)) {
				if (!s)
					step0_erased = true;
				local.erased_steps++;
				erased++;
			}
			if (n) {
				local.corrected_steps++;
				local.corrected_bits += (unsigned int)n;
				fixed++;
			}
			continue;
		}
		n = (int)step_zeros(pl, s, phys, pl->t);
		if (n <= (int)pl->t) {
			fill_step_ones(pl, s, work);
			if (!s)
				step0_erased = true;
			local.erased_steps++;
			erased++;
			if (n) {
				local.corrected_steps++;
				local.corrected_bits += (unsigned int)n;
				fixed++;
			}
			continue;
		}
		/* left as read */
		local.uncorrectable_steps++;
		bad++;
	}
	if (!step0_erased)
		scramble(pl, page, work, true);
	extract(pl, work, d, o);
done:
	if (data)
		memcpy(data, d, pl->data_size);
	if (oob)
		memcpy(oob, o, pl->oob_size);
	if (st) {
		st->steps += local.steps;
		st->corrected_steps += local.corrected_steps;
		st->corrected_bits += local.corrected_bits;
		st->uncorrectable_steps += local.uncorrectable_steps;
		st->erased_steps += local.erased_steps;
	}
	if (state) {
		if (bad)
			*state = MM_PAGE_UNCORRECTABLE;
		else if (fixed)
			*state = MM_PAGE_CORRECTED;
		else if (pl->nsteps && erased == pl->nsteps)
			*state = MM_PAGE_ERASED;
		else if (!pl->nsteps && all_ff(phys, pl->phys_size))
			*state = MM_PAGE_ERASED;
		else
			*state = MM_PAGE_CLEAN;
	}
}

int mm_pl_encode(const struct mm_pagelayout *pl, uint64_t page,
		 const uint8_t *data, const uint8_t *oob, uint8_t *phys)
{
	uint8_t *work = malloc(mm_pl_scratch_size(pl));

	if (!work)
		return -ENOMEM;
	mm_pl_encode_scratch(pl, page, data, oob, phys, work);
	free(work);
	return 0;
}

void mm_pl_encode_scratch(const struct mm_pagelayout *pl, uint64_t page,
			  const uint8_t *data, const uint8_t *oob,
			  uint8_t *phys, uint8_t *d)
{
	uint8_t *o;
	struct step_buf sb;
	unsigned int i, s;

	sb.msg = d + pl->data_size + pl->oob_size + 8;
	sb.tmp = sb.msg + pl->phys_size + 80;
	sb.fld = sb.tmp + pl->phys_size + 80;
	o = d + pl->data_size;
	memcpy(d, data, pl->data_size);
	if (oob)
		memcpy(o, oob, pl->oob_size);
	else
		memset(o, 0xff, pl->oob_size);
	memset(phys, 0xff, pl->phys_size);
	if (all_ff(d, pl->data_size + pl->oob_size))
		return;
	swap_bbm(pl, d, o);
	if (pl->oob_raw)
		memcpy(phys + pl->data_size, o, pl->oob_size);
	for (i = 0; i < pl->nfields; i++) {
		const struct mm_pl_field *f = &pl->f[i];

		if (f->kind == MM_PL_DATA)
			copybits(phys, f->phys, pl->pack_lsb, d, f->dst,
				 pl->pack_lsb, f->bits);
		else if (f->kind == MM_PL_OOB && !pl->oob_raw)
			copybits(phys, f->phys, pl->pack_lsb, o, f->dst,
				 pl->pack_lsb, f->bits);
	}
	scramble(pl, page, phys, true);
	for (s = 0; s < pl->nsteps; s++)
		write_parity(pl, s, phys, &sb);
	scramble(pl, page, phys, false);
}

bool mm_pl_is_bad(const struct mm_pagelayout *pl, const uint8_t *phys)
{
	unsigned int i;

	if (pl->bbm_phys == MM_PL_NONE)
		return false;
	for (i = 0; i < pl->bbm_len; i++)
		if (phys[pl->bbm_phys + i] != 0xff)
			return true;
	return false;
}
