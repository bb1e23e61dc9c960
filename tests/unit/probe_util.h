/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe_util.h - helpers shared by the content scan and prober tests:
 * small synthetic dumps (2048+64 pages, 4 pages per block) built in memory,
 * the headers they hold (CRCs computed bit by bit, independently of the
 * scanner's table), and a scan of them.
 */
#ifndef MM_TEST_PROBE_UTIL_H
#define MM_TEST_PROBE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../core/dump.h"
#include "../../core/probe/scan.h"

#define PS	2048
#define OS	64
#define PPB	4
#define EB	(PS * PPB)

struct img {
	unsigned int nblocks;
	uint8_t *data;		/* nblocks * EB */
	uint8_t *oob;		/* nblocks * PPB * OS */
};

/* The reflected CRC-32, bit by bit: UBI/UBIFS seed 0xFFFFFFFF, JFFS2 0;
 * zlib's (U-Boot) is ~pu_bit_crc(0xFFFFFFFF, ...). */
uint32_t pu_bit_crc(uint32_t crc, const void *p, size_t n);
void pu_put_be32(uint8_t *p, uint32_t v);
void pu_put_le32(uint8_t *p, uint32_t v);

/* An erased image of @nblocks blocks; data of block @b, OOB of its page @p. */
void pu_img_init(struct img *m, unsigned int nblocks);
uint8_t *pu_blk(struct img *m, unsigned int b);
uint8_t *pu_oob(struct img *m, unsigned int b, unsigned int p);

/* Write the image as a page+OOB file, open it (@bad: the bad blocks) and
 * scan it; free with mm_scan_free(), mm_dump_close(), pu_img_free(). */
void pu_img_scan(struct img *m, struct mm_dump *d, struct mm_scan *r,
		 const uint64_t *bad, size_t nbad);
void pu_img_free(struct img *m);

/* The @nth item of type @type ("data", or a prober's name), or NULL. */
const struct mm_content *pu_find(const struct mm_scan *r, const char *type,
				 size_t nth);

/*
 * Item @c's details as its prober writes them (mm_content_describe()):
 * the value at @path, keys and array indexes joined by '.' ("image_seq",
 * "volumes.1.name", "keys.0"; "keys.#" is the length of an array), as
 * text (numbers in decimal, booleans "true"/"false"), or NULL when absent.
 * Valid until the next call.
 */
const char *pu_field(const struct mm_content *c, const char *path);
/* The same, which must be present, as a number or a boolean. */
uint64_t pu_u64(const struct mm_content *c, const char *path);
bool pu_bool(const struct mm_content *c, const char *path);

/* A JFFS2 node header (little endian) at @p. */
void pu_jffs2_node(uint8_t *p, uint16_t type, uint32_t totlen);
/* UBI EC header (VID header at PS, data at 2 * PS), VID header, and one
 * volume table record. */
void pu_ubi_ec(uint8_t *p, uint64_t ec, uint32_t seq);
void pu_ubi_vid(uint8_t *p, uint32_t vol_id, uint32_t lnum, int type);
void pu_vtbl_rec(uint8_t *r, uint32_t pebs, int type, const char *name);
/* An environment of @size bytes at @p: CRC, [flag], pairs, 0x00 fill. */
void pu_uboot_env(uint8_t *p, size_t size, bool redundant,
		  const char *pairs, size_t plen);
/* A U-Boot legacy image of @size data bytes (data CRC wrong unless @good). */
void pu_uimage(uint8_t *p, uint32_t size, const char *name, bool good);

#endif /* MM_TEST_PROBE_UTIL_H */
