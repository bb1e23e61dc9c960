// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * swap16.c - the bytes of each 16-bit word swapped: an x16 chip read by a
 * programmer that stores its words little-endian.
 */
#include "transform.h"

static void swap16_apply(uint8_t *buf, size_t len)
{
	size_t i;
	uint8_t t;

	for (i = 0; i + 1 < len; i += 2) {
		t = buf[i];
		buf[i] = buf[i + 1];
		buf[i + 1] = t;
	}
}

const struct mm_transform mm_xform_swap16 = {
	.name = "swap16",
	.help = "swap the bytes of each 16-bit word (x16 chips)",
	.ident = 'w',
	.unit = 2,
	.unit_name = "16-bit words",
	.apply = swap16_apply,
};
