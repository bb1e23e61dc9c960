/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * transform.h - byte transforms seen in real dumps (x16 byte swap, bit
 * reversal, inversion) and the helper that stacks one byte source on
 * another.
 *
 * Transforms are stacked sources: they sit between the file (after any
 * container was unpacked) and the format reader, so every reader and every
 * container sees them the same way. They are involutions and commute with
 * each other, so their order does not matter.
 */
#ifndef MM_TRANSFORM_H
#define MM_TRANSFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../source/input.h"
#include "../source/src.h"

enum mm_xform_flags {
	MM_XFORM_SWAP16 = 1 << 0,	/* swap the bytes of each 16-bit word */
	MM_XFORM_BITREV = 1 << 1,	/* reverse the bits of each byte */
	MM_XFORM_INVERT = 1 << 2,	/* invert every bit */
};

/**
 * mm_xform_bytes - apply @flags to @len bytes in place
 * @flags: MM_XFORM_* bits
 * @buf: the bytes; for MM_XFORM_SWAP16 they must start on an even offset
 *	of the stream
 * @len: their number; even for MM_XFORM_SWAP16
 */
void mm_xform_bytes(unsigned int flags, uint8_t *buf, size_t len);

/**
 * mm_transform_stack - stack the transforms d->opts asks for on d->src
 * @d: the dump being opened
 *
 * --swap16 needs an even source length.
 * Return: 0 (also when nothing is asked), -EINVAL or -ENOMEM with a message.
 */
int mm_transform_stack(struct mm_input *d);

/** mm_transform_flags - the MM_XFORM_* bits @o asks for */
unsigned int mm_transform_flags(const struct mm_open_opts *o);

/**
 * mm_sector_push - stack the view that shows each sector-interleaved page
 * (W / @n times [@n data][spare]) as [W data][S spare]
 * @d: the input; its source gets the view on top
 * @w: page size; @s: OOB size; @n: sector size
 *
 * Return: 0 or -ENOMEM.
 */
int mm_sector_push(struct mm_input *d, uint32_t w, uint32_t s, uint32_t n);

/** mm_sector_pop - undo mm_sector_push() */
void mm_sector_pop(struct mm_input *d);

/** mm_sector_fits - a file of @size bytes can hold pages of @w + @s in @n-byte sectors */
bool mm_sector_fits(uint64_t size, uint32_t w, uint32_t s, uint32_t n);

/** mm_sector_is_view - @src is the view mm_sector_push() stacked */
bool mm_sector_is_view(const struct mm_src *src);

#endif /* MM_TRANSFORM_H */
