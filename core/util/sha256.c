// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sha256.c - SHA-256 as specified in FIPS 180-4, sections 4.1.2, 4.2.2,
 * 5.1.1, 5.3.3 and 6.2.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sha256.h"

/* FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block_c(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, hh, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^
			      (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^
			      (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0];
	b = h[1];
	c = h[2];
	d = h[3];
	e = h[4];
	f = h[5];
	g = h[6];
	hh = h[7];
	for (i = 0; i < 64; i++) {
		t1 = hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
		     ((e & f) ^ (~e & g)) + K[i] + w[i];
		t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

/*
 * The same compression with the x86 SHA extensions (SHA-NI: Intel since
 * Goldmont / Ice Lake, AMD since Zen), ~5x the C code: what hashing a
 * large dump for 'info' costs. The state is kept as the instructions want
 * it: ABEF and CDGH in two registers; each SHA256RNDS2 does two rounds.
 */
__attribute__((target("sha,sse4.1,ssse3")))
static void sha256_block_ni(uint32_t h[8], const uint8_t *p)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bll,
					     0x0405060700010203ll);
	__m128i abef, cdgh, t, m[4], x, wk;
	int i;

	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0xb1);
	cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(h + 4)),
				 0x1b);
	abef = _mm_alignr_epi8(t, cdgh, 8);
	cdgh = _mm_blend_epi16(cdgh, t, 0xf0);
	x = abef;
	t = cdgh;
	for (i = 0; i < 16; i++) {
		if (i < 4) {
			m[i] = _mm_shuffle_epi8(_mm_loadu_si128(
				(const __m128i *)(p + 16 * i)), bswap);
		} else {
			/* W[t..t+3] from the groups i-4 .. i-1 */
			__m128i w = _mm_sha256msg1_epu32(m[i & 3],
							 m[(i + 1) & 3]);

			w = _mm_add_epi32(w, _mm_alignr_epi8(m[(i + 3) & 3],
							     m[(i + 2) & 3], 4));
			m[i & 3] = _mm_sha256msg2_epu32(w, m[(i + 3) & 3]);
		}
		wk = _mm_add_epi32(m[i & 3],
				   _mm_loadu_si128((const __m128i *)&K[4 * i]));
		cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
		wk = _mm_shuffle_epi32(wk, 0x0e);
		abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);
	}
	abef = _mm_add_epi32(abef, x);
	cdgh = _mm_add_epi32(cdgh, t);
	t = _mm_shuffle_epi32(abef, 0x1b);
	cdgh = _mm_shuffle_epi32(cdgh, 0xb1);
	_mm_storeu_si128((__m128i *)h, _mm_blend_epi16(t, cdgh, 0xf0));
	_mm_storeu_si128((__m128i *)(h + 4), _mm_alignr_epi8(cdgh, t, 8));
}

static bool have_sha_ni(void)
{
	static int have = -1;
	unsigned int a, b, c, d;

	if (have < 0) {
		have = __get_cpuid(1, &a, &b, &c, &d) &&
		       (c & bit_SSSE3) && (c & bit_SSE4_1) &&
		       __get_cpuid_count(7, 0, &a, &b, &c, &d) &&
		       (b & bit_SHA);
	}
	return have;
}
#else
static bool have_sha_ni(void)
{
	return false;
}

static void sha256_block_ni(uint32_t h[8], const uint8_t *p)
{
	sha256_block_c(h, p);
}
#endif

/* MM_SHA256_C=1 in the environment forces the C code (tests compare). */
static void sha256_block(uint32_t h[8], const uint8_t *p)
{
	static int ni = -1;

	if (ni < 0)
		ni = have_sha_ni() && !getenv("MM_SHA256_C");
	if (ni)
		sha256_block_ni(h, p);
	else
		sha256_block_c(h, p);
}

void mm_sha256_init(struct mm_sha256 *s)
{
	/* FIPS 180-4 §5.3.3 */
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->h, h0, sizeof(h0));
	s->len = 0;
	s->used = 0;
}

void mm_sha256_update(struct mm_sha256 *s, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

	s->len += len;
	if (s->used) {
		n = 64 - s->used;
		if (n > len)
			n = len;
		memcpy(s->buf + s->used, p, n);
		s->used += n;
		p += n;
		len -= n;
		if (s->used < 64)
			return;
		sha256_block(s->h, s->buf);
		s->used = 0;
	}
	for (; len >= 64; p += 64, len -= 64)
		sha256_block(s->h, p);
	memcpy(s->buf, p, len);
	s->used = len;
}

void mm_sha256_final(struct mm_sha256 *s, uint8_t out[MM_SHA256_LEN])
{
	uint64_t bits = s->len * 8;
	int i;

	/* §5.1.1: a 1 bit, zeros to 56 mod 64, the length in bits, big endian. */
	s->buf[s->used++] = 0x80;
	if (s->used > 56) {
		memset(s->buf + s->used, 0, 64 - s->used);
		sha256_block(s->h, s->buf);
		s->used = 0;
	}
	memset(s->buf + s->used, 0, 56 - s->used);
	for (i = 0; i < 8; i++)
		s->buf[56 + i] = bits >> (56 - 8 * i);
	sha256_block(s->h, s->buf);
	for (i = 0; i < 8; i++) {
		out[4 * i] = s->h[i] >> 24;
		out[4 * i + 1] = s->h[i] >> 16;
		out[4 * i + 2] = s->h[i] >> 8;
		out[4 * i + 3] = s->h[i];
	}
	memset(s, 0, sizeof(*s));
}

void mm_sha256_hex(const uint8_t md[MM_SHA256_LEN], char out[MM_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < MM_SHA256_LEN; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * MM_SHA256_LEN] = '\0';
}

#define SHA256_FD_STEP	(1u << 20)

/*
 * The end of the hole at @off of a regular file of @total bytes (SEEK_DATA),
 * or @off when @off holds data (or the file system cannot say).
 */
static uint64_t hole_end(int fd, uint64_t off, uint64_t total)
{
	off_t d = lseek(fd, (off_t)off, SEEK_DATA);

	if (d < 0)
		return errno == ENXIO ? total : off;
	return (uint64_t)d > total ? total : (uint64_t)d;
}

int mm_sha256_fd(int fd, uint8_t out[MM_SHA256_LEN],
		 void (*progress)(void *arg, uint64_t done, uint64_t total),
		 void *arg)
{
	struct mm_sha256 s;
	struct stat st;
	uint64_t off = 0, total = 0, zeros = 0, data = 0;
	uint8_t *buf, *zero = NULL;
	ssize_t n;
	int ret = 0;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		total = st.st_size;
	buf = malloc(SHA256_FD_STEP);
	/* holes of a sparse file are hashed as the zeros they read as */
	if (buf && total)
		zero = calloc(1, SHA256_FD_STEP);
	if (!buf || (total && !zero)) {
		free(buf);
		return -ENOMEM;
	}
	mm_sha256_init(&s);
	for (;;) {
		if (zero && off < total && off >= zeros && off >= data) {
			zeros = hole_end(fd, off, total);
			if (zeros == off)	/* data: look again after a step */
				data = off + SHA256_FD_STEP;
		}
		if (off < zeros) {
			n = zeros - off < SHA256_FD_STEP ? (ssize_t)(zeros - off) :
							   SHA256_FD_STEP;
			mm_sha256_update(&s, zero, n);
		} else {
			n = pread(fd, buf, SHA256_FD_STEP, off);
			if (n < 0) {
				if (errno == EINTR)
					continue;
				ret = -errno;
				goto out_free;
			}
			if (n == 0)
				break;
			mm_sha256_update(&s, buf, n);
		}
		off += n;
		if (progress)
			progress(arg, off, total > off ? total : off);
	}
	mm_sha256_final(&s, out);
out_free:
	free(buf);
	free(zero);
	return ret;
}
