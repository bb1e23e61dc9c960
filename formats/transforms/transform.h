/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * transform.h - byte transforms seen in real dumps (x16 byte swap, bit
 * reversal, inversion), one per file and listed in registry.c, stacked as
 * one byte source.
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

/**
 * struct mm_transform - one byte transform (a registry entry)
 * @name: as --transform names it ("swap16"), also its own option (--swap16)
 * @help: one line for --help and the man page
 * @ident: its letter in an overlay's identity (docs/overlay.md)
 * @unit: bytes it works on at once; the stream length must be a multiple
 * @unit_name: what those units are, for the message ("16-bit words")
 * @apply: transform @len bytes in place; @buf starts on a @unit boundary
 *	of the stream and @len is a multiple of @unit. Transforms are
 *	involutions and commute with each other.
 */
struct mm_transform {
	const char *name;
	const char *help;
	char ident;
	unsigned int unit;
	const char *unit_name;
	void (*apply)(uint8_t *buf, size_t len);
};

/* The registry (registry.c); an entry's bit in the options is its index. */
extern const struct mm_transform *const mm_transforms[];


/* The built-in transforms' bits in struct mm_open_opts.transforms. */
enum mm_xform_flags {
	MM_XFORM_INVERT = 1 << 0,	/* invert every bit */
	MM_XFORM_SWAP16 = 1 << 1,	/* swap the bytes of each 16-bit word */
	MM_XFORM_BITREV = 1 << 2,	/* reverse the bits of each byte */
};

/**
 * mm_transform_find - the registry index of the transform called @name
 * @len: the name's length (it may end a list: "swap16,invert")
 * Return: the index, or -1.
 */
int mm_transform_find(const char *name, size_t len);

/**
 * mm_xform_bytes - apply the transforms in @flags to @len bytes in place
 * @flags: bits of registry indexes (MM_XFORM_* for the built-ins)
 * @buf: the bytes, starting on a multiple of every unit of the stream
 * @len: their number, a multiple of every unit
 */
void mm_xform_bytes(unsigned int flags, uint8_t *buf, size_t len);

/**
 * mm_transform_stack - stack the transforms d->opts asks for on d->src
 * @d: the dump being opened
 *
 * The source length must be a multiple of each transform's unit.
 * Return: 0 (also when nothing is asked), -EINVAL or -ENOMEM with a message.
 */
int mm_transform_stack(struct mm_input *d);

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
