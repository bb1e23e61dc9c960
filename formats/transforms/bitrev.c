// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bitrev.c - the bits of every byte reversed (bit 0 read as bit 7), as
 * some programmers and controllers (i.MX BCH, sunxi, MediaTek NFI) store
 * them.
 */
#include "transform.h"

static uint8_t bitrev8(uint8_t b)
{
	b = (uint8_t)((b & 0xf0) >> 4 | (b & 0x0f) << 4);
	b = (uint8_t)((b & 0xcc) >> 2 | (b & 0x33) << 2);
	b = (uint8_t)((b & 0xaa) >> 1 | (b & 0x55) << 1);
	return b;
}

static void bitrev_apply(uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = bitrev8(buf[i]);
}

const struct mm_transform mm_xform_bitrev = {
	.name = "bit-reverse",
	.help = "reverse the bits of every byte",
	.ident = 'r',
	.unit = 1,
	.apply = bitrev_apply,
};
