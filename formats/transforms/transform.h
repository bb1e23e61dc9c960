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

#include "../../core/dump.h"
#include "../source/src.h"

enum mm_xform_flags {
	MM_XFORM_SWAP16 = 1 << 0,	/* swap the bytes of each 16-bit word */
	MM_XFORM_BITREV = 1 << 1,	/* reverse the bits of each byte */
	MM_XFORM_INVERT = 1 << 2,	/* invert every bit */
};

/**
 * mm_src_stack - put a new source on top of @top
 * @top: the source to cover; on success it becomes the new source and
 *	its old content moves to a heap copy reachable as @top->lower
 * @ops: the new source's operations
 * @priv: the new source's state (owned by @ops->close)
 * @size: the new source's length
 *
 * The new source keeps @top->path for messages and a duplicate of the
 * bottom file's descriptor in @top->fd (reads still go through @ops), so
 * that fstat(d->src.fd) keeps naming the input file. The ops see the
 * covered source as src->lower.
 *
 * Return: 0 or -ENOMEM (then @top is unchanged).
 */
int mm_src_stack(struct mm_src *top, const struct mm_src_ops *ops, void *priv,
		 uint64_t size);

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
int mm_transform_stack(struct mm_dump *d);

/**
 * mm_transform_layer_name - "swap16+bit-reverse+invert" when @s is a
 * transform layer
 * Return: false when @s is not one.
 */
bool mm_transform_layer_name(const struct mm_src *s, char *buf, size_t len);

/** mm_transform_flags - the MM_XFORM_* bits @o asks for */
unsigned int mm_transform_flags(const struct mm_open_opts *o);

#endif /* MM_TRANSFORM_H */
