/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bytes.h - byte helpers for the content probers: unaligned big and little
 * endian loads (on-flash headers are read straight out of page buffers) and
 * the gathering of a block range from the pages that hold it.
 */
#ifndef MM_PROBE_BYTES_H
#define MM_PROBE_BYTES_H

#include <stdint.h>
#include <string.h>

static inline uint16_t mm_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t mm_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t mm_be64(const uint8_t *p)
{
	return (uint64_t)mm_be32(p) << 32 | mm_be32(p + 4);
}

static inline uint16_t mm_le16(const uint8_t *p)
{
	return (uint16_t)(p[1] << 8 | p[0]);
}

static inline uint32_t mm_le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static inline uint64_t mm_le64(const uint8_t *p)
{
	return (uint64_t)mm_le32(p + 4) << 32 | mm_le32(p);
}

/**
 * mm_take_range - copy the part of [@want_off, @want_off + @want_len) of a
 * block that lies in the page at block offset @page_off (@ps bytes at
 * @page) into @dst, which is indexed from @want_off
 */
static inline void mm_take_range(uint8_t *dst, uint64_t want_off,
				 uint64_t want_len, const uint8_t *page,
				 uint64_t page_off, uint32_t ps)
{
	uint64_t lo = want_off > page_off ? want_off : page_off;
	uint64_t hi = want_off + want_len;

	if (hi > page_off + ps)
		hi = page_off + ps;
	if (lo >= hi)
		return;
	memcpy(dst + (lo - want_off), page + (lo - page_off), hi - lo);
}

#endif /* MM_PROBE_BYTES_H */
