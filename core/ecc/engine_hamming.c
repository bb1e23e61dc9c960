// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * engine_hamming.c - the kernel's software Hamming code as an ECC engine:
 * "hamming" (256-byte steps), "hamming512", "-sm" for the SmartMedia byte
 * order (drivers/mtd/nand/ecc-sw-hamming.c). Three code bytes, one bit
 * corrected per step.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "hamming.h"

static int hamming_parse(const char *scheme, struct mm_ecc_params *p)
{
	const char *s = scheme;

	if (strncmp(s, "hamming", 7))
		return -ENOENT;
	s += 7;
	memset(p, 0, sizeof(*p));
	p->step = 256;
	p->bytes = 3;
	p->strength = 1;
	if (!strncmp(s, "512", 3)) {
		p->step = 512;
		s += 3;
	}
	if (!strcmp(s, "-sm"))
		p->sm_order = true;
	else if (*s)
		return -EINVAL;
	snprintf(p->name, sizeof(p->name), "%s", scheme);
	return 0;
}

struct hamming {
	bool sm_order;
};

static int hamming_setup(const struct mm_ecc_params *p, unsigned int len,
			 bool plain, void **state, unsigned int *bytes,
			 char *msg, size_t msglen)
{
	struct hamming *h;

	(void)len;
	(void)plain;
	(void)msg;
	(void)msglen;
	h = malloc(sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->sm_order = p->sm_order;
	*state = h;
	*bytes = 3;
	return 0;
}

static void hamming_encode(const void *state, const uint8_t *msg,
			   unsigned int len, uint8_t *code)
{
	const struct hamming *h = state;

	mm_hamming_calc(msg, len, h->sm_order, code);
}

static int hamming_correct(const void *state, uint8_t *msg, unsigned int len,
			   uint8_t *code)
{
	const struct hamming *h = state;

	return mm_hamming_check(msg, len, h->sm_order, code);
}

static const char *const hamming_auto[] = {
	"hamming", "hamming-sm", "hamming512", "hamming512-sm", NULL
};

const struct mm_ecc_engine mm_ecc_engine_hamming = {
	.name = "hamming",
	.schemes = "hamming, hamming512, hamming-sm",
	.hamming_layout = true,
	.auto_schemes = hamming_auto,
	.parse = hamming_parse,
	.setup = hamming_setup,
	.free = free,
	.encode = hamming_encode,
	.correct = hamming_correct,
};
