// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * invert.c - every bit inverted: dumps from readers that store the cell
 * state instead of the data (erased reads as 0x00).
 */
#include "transform.h"

static void invert_apply(uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)~buf[i];
}

const struct mm_transform mm_xform_invert = {
	.name = "invert",
	.help = "invert every byte",
	.ident = 'i',
	.unit = 1,
	.apply = invert_apply,
};
