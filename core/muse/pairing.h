/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pairing.h - MLC NAND page pairing: which lower page shares its cells
 * (its word line) with an upper page, so that a power cut during the upper
 * page's program damages the lower one (replay --pairing, docs/record.md).
 *
 * Pages are numbered within their eraseblock. Group 0 is the lower page of
 * a pair, group 1 the upper page, as in the kernel's struct
 * mtd_pairing_info.
 */
#ifndef MM_PAIRING_H
#define MM_PAIRING_H

#include <stddef.h>
#include <stdint.h>

enum mm_pairing_kind {
	MM_PAIRING_NONE = 0,
	MM_PAIRING_DIST3,	/* the kernel's dist3 scheme (Micron MLC) */
	MM_PAIRING_OFFSET,	/* upper page = lower page + D, in runs of 2D */
};

/**
 * struct mm_pairing
 * @kind: the rule
 * @dist: MM_PAIRING_OFFSET: D (>= 1)
 */
struct mm_pairing {
	enum mm_pairing_kind kind;
	uint32_t dist;
};

/**
 * mm_pairing_parse - "dist3" or "offset:D"
 * Return: 0, or -EINVAL (@msg says why).
 */
int mm_pairing_parse(const char *s, struct mm_pairing *p, char *msg,
		     size_t len);

/**
 * mm_pairing_check - @p applies to blocks of @ppb pages
 * Return: 0, or -EINVAL (@msg says why).
 */
int mm_pairing_check(const struct mm_pairing *p, uint32_t ppb, char *msg,
		     size_t len);

/**
 * mm_pairing_info - the group (0 lower, 1 upper) and pair of @page
 * @ppb: pages per block (checked with mm_pairing_check)
 * Return: 0, or -EINVAL (@page out of the block, or no rule).
 */
int mm_pairing_info(const struct mm_pairing *p, uint32_t ppb, uint32_t page,
		    uint32_t *group, uint32_t *pair);

/**
 * mm_pairing_page - the page of @group in @pair (the inverse of
 * mm_pairing_info)
 * Return: the page in its block, or -EINVAL.
 */
int64_t mm_pairing_page(const struct mm_pairing *p, uint32_t ppb,
			uint32_t group, uint32_t pair);

/**
 * mm_pairing_lower - the lower page paired with @page
 * Return: the lower page (in the block), -ENOENT when @page is a lower
 * page itself, or -EINVAL.
 */
int64_t mm_pairing_lower(const struct mm_pairing *p, uint32_t ppb,
			 uint32_t page);

#endif /* MM_PAIRING_H */
