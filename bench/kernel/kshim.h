/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kshim.h - the few kernel definitions that lib/bch.c and
 * drivers/mtd/nand/ecc-sw-hamming.c need to build in userspace, so that
 * ecc-bench can run the kernel's own ECC code next to ours. Every header
 * under include/ includes this one; nothing here is the kernel's code.
 */
#ifndef MM_KSHIM_H
#define MM_KSHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define __init
#define __exit
#define EXPORT_SYMBOL(s)	_Static_assert(1, #s)
#define EXPORT_SYMBOL_GPL(s)	_Static_assert(1, #s)
#define MODULE_LICENSE(s)	_Static_assert(1, s)
#define MODULE_AUTHOR(s)	_Static_assert(1, s)
#define MODULE_DESCRIPTION(s)	_Static_assert(1, s)

#define IS_ENABLED(c)		0
#define GFP_KERNEL		0
#define KERN_ERR		""
#define printk(...)		fprintf(stderr, __VA_ARGS__)
#define pr_err(...)		do { } while (0)	/* no message per step */
#define WARN_ON(c)		(!!(c))

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min(a, b)		((a) < (b) ? (a) : (b))
#define swap(a, b) \
	do { __typeof__(a) mm_kshim_tmp = (a); (a) = (b); (b) = mm_kshim_tmp; } while (0)

static inline void *kmalloc(size_t n, int gfp)
{
	(void)gfp;
	return malloc(n);
}

static inline void *kzalloc(size_t n, int gfp)
{
	(void)gfp;
	return calloc(1, n);
}

#define kfree(p)		free(p)

static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

/* the kernel defines only the host's one (glibc defines both) */
#undef __BIG_ENDIAN
#undef __LITTLE_ENDIAN
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define __BIG_ENDIAN		4321
#define cpu_to_be32(x)		((uint32_t)(x))
#else
#define __LITTLE_ENDIAN		1234
#define cpu_to_be32(x)		__builtin_bswap32(x)
#endif

#endif /* MM_KSHIM_H */
