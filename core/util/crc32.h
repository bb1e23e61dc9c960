/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * crc32.h - the reflected CRC-32 (polynomial 0xedb88320) in the kernel's
 * convention, used by UBI, UBIFS, JFFS2 and U-Boot headers.
 */
#ifndef MM_CRC32_H
#define MM_CRC32_H

#include <stddef.h>
#include <stdint.h>

/**
 * mm_crc32_le - the kernel's crc32_le(): reflected CRC-32 (poly 0xedb88320)
 * with neither the initial nor the final inversion that zlib applies
 * @crc: the seed (UBI headers: 0xffffffff, JFFS2 hdr_crc: 0)
 * @buf: the bytes
 * @len: their number
 *
 * zlib's crc32(0, b, n) equals ~mm_crc32_le(0xffffffff, b, n), so a UBI
 * header CRC is ~crc32(0, hdr, 60) in zlib terms, and a JFFS2 hdr_crc is
 * ~crc32(0xffffffff, hdr, 8). Thread-safe.
 *
 * Return: the updated CRC.
 */
uint32_t mm_crc32_le(uint32_t crc, const void *buf, size_t len);

/** mm_crc32 - zlib's crc32(0, buf, len) (IEEE 802.3, as U-Boot uses) */
static inline uint32_t mm_crc32(const void *buf, size_t len)
{
	return ~mm_crc32_le(0xffffffffu, buf, len);
}

#endif /* MM_CRC32_H */
