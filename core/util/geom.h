/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * geom.h - flash geometry: pages, OOB, eraseblocks.
 *
 * Field names follow mtd-utils' struct mtd_dev_info where one exists, so a
 * reader can map them to mtdinfo output (min_io_size = page_size,
 * eb_size = page_size * pages_per_block).
 */
#ifndef MM_GEOM_H
#define MM_GEOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * struct mm_geom - the geometry of one flash device
 * @page_size: data bytes per page (NAND min I/O unit); 1 is not used, NOR
 *	dumps use the page size they are given or 512
 * @oob_size: spare bytes per page, 0 for data-only dumps
 * @pages_per_block: pages per eraseblock
 * @block_count: eraseblocks in the device
 * @subpage_size: NAND sub-page size, 0 when the same as @page_size
 * @bus_width: 8 or 16 (affects the bad block marker position)
 *
 * A zero field means "unknown" while a geometry is being assembled from
 * options and detection; mm_geom_validate() accepts only complete ones.
 */
struct mm_geom {
	uint32_t page_size;
	uint32_t oob_size;
	uint32_t pages_per_block;
	uint64_t block_count;
	uint32_t subpage_size;
	uint8_t bus_width;
};

/* Largest page and block we accept: 64 KiB pages, 16384 pages a block. */
#define MM_MAX_PAGE_SIZE	(64u * 1024)
#define MM_MAX_PAGES_PER_BLOCK	16384u

static inline uint32_t mm_geom_record_size(const struct mm_geom *g)
{
	return g->page_size + g->oob_size;
}

static inline uint64_t mm_geom_eb_size(const struct mm_geom *g)
{
	return (uint64_t)g->page_size * g->pages_per_block;
}

static inline uint64_t mm_geom_page_count(const struct mm_geom *g)
{
	return g->block_count * g->pages_per_block;
}

/* Device size in data bytes (what MTD reports as its size). */
static inline uint64_t mm_geom_size(const struct mm_geom *g)
{
	return mm_geom_eb_size(g) * g->block_count;
}

static inline uint32_t mm_geom_subpage(const struct mm_geom *g)
{
	return g->subpage_size ? g->subpage_size : g->page_size;
}

static inline bool mm_is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/**
 * mm_geom_validate - check a complete geometry for consistency
 * @g: geometry to check
 * @msg: buffer for a one-line reason on failure
 * @len: size of @msg
 *
 * Rules: page size and eraseblock size are powers of two, OOB smaller than
 * the page, pages per block a power of two, at least one block, sub-page a
 * power of two dividing the page into at most 4, bus width 8 or 16.
 *
 * Return: 0 when valid, -EINVAL with @msg filled otherwise.
 */
int mm_geom_validate(const struct mm_geom *g, char *msg, size_t len);

/**
 * mm_parse_size - parse a size such as "2048", "0x800", "128KiB", "4MiB"
 * @s: the text
 * @out: the value in bytes
 *
 * Accepts decimal or 0x-hex numbers with an optional KiB, MiB or GiB suffix
 * (also K, M, G and KB, MB, GB, all binary). The whole string must be used.
 *
 * Return: 0, or -EINVAL for bad syntax, -ERANGE for overflow.
 */
int mm_parse_size(const char *s, uint64_t *out);

/**
 * mm_parse_u64 - parse a plain decimal or 0x-hex number, whole string
 * Return: 0, -EINVAL or -ERANGE.
 */
int mm_parse_u64(const char *s, uint64_t *out);

/**
 * mm_geom_describe - "2048+64 bytes, 64 pages/block, 32 blocks" into @buf
 */
void mm_geom_describe(const struct mm_geom *g, char *buf, size_t len);

#endif /* MM_GEOM_H */
