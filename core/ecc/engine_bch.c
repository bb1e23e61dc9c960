// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * engine_bch.c - binary BCH as an ECC engine: "bch<t>" on 512-byte steps,
 * "bch<t>/1024", "bch<t>@<poly>" for another primitive polynomial. As
 * drivers/mtd/nand/ecc-sw-bch.c does: m = fls(1 + 8·step), the kernel's
 * default polynomial for that m, and the code stored as BCH(msg) XOR
 * ~BCH(0xFF...) so that an erased step (all 0xFF) is a codeword; the
 * unused low bits of the last code byte are not protected.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bch.h"
#include "engine.h"

static int bch_parse(const char *scheme, struct mm_ecc_params *p)
{
	const char *s = scheme;
	unsigned long t = 4;
	unsigned int m;
	char *end;

	if (strncmp(s, "bch", 3))
		return -ENOENT;
	s += 3;
	memset(p, 0, sizeof(*p));
	if (*s >= '0' && *s <= '9') {
		errno = 0;
		t = strtoul(s, &end, 10);
		if (errno || !t || t > 128)
			return -EINVAL;
		s = end;
	}
	p->step = 512;
	if (!strncmp(s, "/1024", 5)) {
		p->step = 1024;
		s += 5;
	} else if (!strncmp(s, "/512", 4)) {
		s += 4;
	}
	if (*s == '@') {
		errno = 0;
		p->poly = (unsigned int)strtoul(s + 1, &end, 0);
		if (errno || end == s + 1 || *end || !p->poly)
			return -EINVAL;
	} else if (*s) {
		return -EINVAL;
	}
	p->strength = (unsigned int)t;
	/* Code bytes per step: ceil(m·t / 8). */
	m = 32 - __builtin_clz(1 + 8 * p->step);
	p->bytes = (m * p->strength + 7) / 8;
	snprintf(p->name, sizeof(p->name), "bch%lu%s", t,
		 p->step == 1024 ? "/1024" : "");
	if (p->poly)
		snprintf(p->name + strlen(p->name),
			 sizeof(p->name) - strlen(p->name), "@0x%x", p->poly);
	return 0;
}

struct bch {
	struct mm_bch *bch;
	unsigned int bytes;
	bool plain;
	uint8_t mask[MM_ECC_BYTES_MAX];	/* XORed into the codes */
	uint8_t padmask;		/* used bits of the last code byte */
};

static void bch_free(void *state)
{
	struct bch *b = state;

	if (!b)
		return;
	mm_bch_free(b->bch);
	free(b);
}

static bool all_ff(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++ != 0xff)
			return false;
	return true;
}

static int bch_setup(const struct mm_ecc_params *p, unsigned int len,
		     bool plain, void **state, unsigned int *bytes,
		     char *msg, size_t msglen)
{
	unsigned int m = 32 - __builtin_clz(1 + 8 * len), i, bits;
	struct bch *b;
	uint8_t *ff;
	int ret;

	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->plain = plain;
	b->bch = mm_bch_new(m, p->strength, p->poly, len);
	if (!b->bch) {
		ret = -ENOMEM;
		if (errno != ENOMEM) {
			snprintf(msg, msglen, "%s: no BCH code with t=%u over GF(2^%u)%s",
				 p->name, p->strength, m,
				 p->poly ? " with that primitive polynomial" : "");
			ret = -EINVAL;
		}
		goto out_free;
	}
	b->bytes = mm_bch_ecc_bytes(b->bch);
	if (b->bytes > MM_ECC_BYTES_MAX) {
		snprintf(msg, msglen, "%s: %u ECC bytes per step is too many",
			 p->name, b->bytes);
		ret = -EINVAL;
		goto out_free;
	}
	bits = mm_bch_ecc_bits(b->bch);
	b->padmask = (uint8_t)(0xff00u >> (bits - 8 * (b->bytes - 1)));
	if (!plain) {
		/* Linux: code = BCH(msg) ^ ~BCH(0xff...). */
		ff = malloc(len);
		if (!ff) {
			ret = -ENOMEM;
			goto out_free;
		}
		memset(ff, 0xff, len);
		mm_bch_encode(b->bch, ff, len, b->mask);
		free(ff);
		for (i = 0; i < b->bytes; i++)
			b->mask[i] = ~b->mask[i];
	}
	*state = b;
	*bytes = b->bytes;
	return 0;

out_free:
	bch_free(b);
	return ret;
}

static void bch_encode(const void *state, const uint8_t *msg,
		       unsigned int len, uint8_t *code)
{
	const struct bch *b = state;
	unsigned int k;

	mm_bch_encode(b->bch, msg, len, code);
	for (k = 0; k < b->bytes; k++)
		code[k] ^= b->mask[k];
	/* Plain codes: an erased step keeps its erased code bytes. */
	if (b->plain && all_ff(msg, len))
		memset(code, 0xff, b->bytes);
}

static int bch_correct(const void *state, uint8_t *msg, unsigned int len,
		       uint8_t *code)
{
	const struct bch *b = state;
	uint8_t calc[MM_ECC_BYTES_MAX];
	unsigned int loc[128], i, last = b->bytes - 1, any = 0;
	int n;

	mm_bch_encode(b->bch, msg, len, calc);
	for (i = 0; i < b->bytes; i++) {
		calc[i] ^= b->mask[i] ^ code[i];
		any |= calc[i];
	}
	if (!(any & 0xff))
		return 0;
	calc[last] &= b->padmask;
	n = mm_bch_decode(b->bch, len, calc, loc);
	if (n < 0)
		return n;
	for (i = 0; i < (unsigned int)n; i++) {
		unsigned int q = loc[i];

		if (q < 8 * len)
			msg[q / 8] ^= 0x80 >> (q % 8);
		else
			code[(q - 8 * len) / 8] ^= 0x80 >> ((q - 8 * len) % 8);
	}
	/* The unused low bits are not protected; put them back. */
	code[last] = (code[last] & b->padmask) | (b->mask[last] & ~b->padmask);
	return n;
}

/* The strengths the kernel's drivers and the common controllers use. */
static const char *const bch_auto[] = {
	"bch4", "bch8", "bch12", "bch16", "bch24",
	"bch4/1024", "bch8/1024", "bch16/1024", "bch24/1024", "bch40/1024",
	NULL
};

const struct mm_ecc_engine mm_ecc_engine_bch = {
	.name = "bch",
	.schemes = "bch<t>, bch<t>/1024, bch<t>@<poly>",
	.covers_free = true,
	.auto_schemes = bch_auto,
	.parse = bch_parse,
	.setup = bch_setup,
	.free = bch_free,
	.encode = bch_encode,
	.correct = bch_correct,
};
