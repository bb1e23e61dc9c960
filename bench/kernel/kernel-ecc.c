// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kernel-ecc.c - builds the kernel's lib/bch.c and the step functions of
 * drivers/mtd/nand/ecc-sw-hamming.c (extracted from the installed kernel
 * source into $(O)/bench/ksrc by bench/module.mk; never kept in this tree)
 * against kshim.h, and wraps them as drivers/mtd/nand/ecc-sw-bch.c and
 * ecc-sw-hamming.c call them.
 */
#include "bch.c"
#include "ecc-sw-hamming-steps.c"

#include "kernel-ecc.h"

struct mm_kbch {
	struct bch_control *bch;
	unsigned int step, bytes;
	uint8_t mask[128];
	unsigned int errloc[128];
};

struct mm_kbch *mm_kbch_new(unsigned int m, unsigned int t,
			    unsigned int step)
{
	struct mm_kbch *k = calloc(1, sizeof(*k));
	uint8_t *ff;
	unsigned int i;

	if (!k)
		return NULL;
	k->bch = bch_init((int)m, (int)t, 0, false);
	ff = malloc(step);
	if (!k->bch || !ff || k->bch->ecc_bytes > sizeof(k->mask) ||
	    t > ARRAY_SIZE(k->errloc)) {
		free(ff);
		mm_kbch_free(k);
		return NULL;
	}
	k->step = step;
	k->bytes = k->bch->ecc_bytes;
	memset(ff, 0xff, step);
	memset(k->mask, 0, sizeof(k->mask));
	bch_encode(k->bch, ff, step, k->mask);
	for (i = 0; i < k->bytes; i++)
		k->mask[i] ^= 0xff;
	free(ff);
	return k;
}

void mm_kbch_free(struct mm_kbch *k)
{
	if (!k)
		return;
	if (k->bch)
		bch_free(k->bch);
	free(k);
}

unsigned int mm_kbch_bytes(const struct mm_kbch *k)
{
	return k->bytes;
}

void mm_kbch_calculate(struct mm_kbch *k, const uint8_t *data, uint8_t *code)
{
	unsigned int i;

	memset(code, 0, k->bytes);
	bch_encode(k->bch, data, k->step, code);
	for (i = 0; i < k->bytes; i++)
		code[i] ^= k->mask[i];
}

int mm_kbch_correct(struct mm_kbch *k, uint8_t *data, const uint8_t *read,
		    const uint8_t *calc)
{
	int n, i;

	n = bch_decode(k->bch, NULL, k->step, read, calc, NULL, k->errloc);
	if (n < 0)
		return -EBADMSG;
	for (i = 0; i < n; i++)
		if (k->errloc[i] < 8 * k->step)
			data[k->errloc[i] >> 3] ^= 1u << (k->errloc[i] & 7);
	return n;
}

int mm_kham_calculate(const uint8_t *data, unsigned int step, bool sm_order,
		      uint8_t *code)
{
	return ecc_sw_hamming_calculate(data, step, code, sm_order);
}

int mm_kham_correct(uint8_t *data, uint8_t *read, uint8_t *calc,
		    unsigned int step, bool sm_order)
{
	return ecc_sw_hamming_correct(data, read, calc, step, sm_order);
}
