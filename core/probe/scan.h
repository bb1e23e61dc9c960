/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scan.h - what lies where in a dump: a walk over every page (data and OOB,
 * through mm_dump_read_page(), one page buffer at a time) that recognises
 * file systems and boot loader data by their headers and checksums.
 *
 * Recognised, each only with its checksum verified:
 *  - JFFS2 nodes (magic 0x1985, hdr_crc) and NAND clean-markers in the OOB;
 *  - UBI: EC headers ("UBI#", hdr_crc), VID headers ("UBI!", hdr_crc), and
 *    the volume table in the layout volume (vol_id 0x7FFFEFFF): names, ids,
 *    types and sizes of the volumes;
 *  - UBIFS superblock nodes (magic 0x06101831, node type 6, crc) at the start
 *    of a UBI volume's LEB 0 or of an eraseblock (bare UBIFS image);
 *  - SquashFS superblocks ("hsqs", version 4) at the start of an eraseblock
 *    or of a UBI volume;
 *  - U-Boot environments at the start of an eraseblock or of a UBI volume:
 *    CRC32 over the rest
 *    of the environment, "key=value\0" pairs, with or without the flag byte
 *    of the redundant environment; the size is found from the CRC;
 *  - "mtdparts=" strings anywhere in the data;
 *  - U-Boot legacy images (magic 0x27051956, header CRC; the data CRC is
 *    reported) and flattened device trees (magic 0xd00dfeed, consistent
 *    header) at the start of an eraseblock.
 *
 * Checksum conventions (from the kernel sources): JFFS2 and UBI use the
 * kernel's crc32_le() without the final inversion, JFFS2 seeded with 0, UBI
 * and UBIFS with 0xFFFFFFFF; U-Boot uses the usual zlib CRC-32.
 */
#ifndef MM_SCAN_H
#define MM_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../dump.h"

enum mm_content_type {
	MM_CT_DATA,		/* programmed, not recognised */
	MM_CT_JFFS2,
	MM_CT_UBI,
	MM_CT_UBIFS,
	MM_CT_SQUASHFS,
	MM_CT_UBOOT_ENV,
	MM_CT_MTDPARTS,
	MM_CT_UIMAGE,		/* U-Boot legacy image (kernel, ramdisk, ...) */
	MM_CT_FDT,		/* flattened device tree (also FIT images) */
};

#define MM_UBI_MAX_VOLUMES	128
#define MM_UBI_LAYOUT_VOL_ID	0x7FFFEFFFu

/**
 * struct mm_ubi_volume - one entry of a UBI volume table
 * @id: volume id (the record's index)
 * @name: NUL-terminated name (may hold any byte; escape when printing)
 * @dynamic: dynamic (true) or static volume
 * @reserved_pebs: eraseblocks reserved for it
 * @alignment: LEB alignment
 * @data_pad: bytes left unused at the end of each LEB
 * @size: usable bytes: reserved_pebs * (leb_size - data_pad)
 * @lebs_seen: PEBs found with a VID header of this volume
 * @content: what LEB 0 holds (MM_CT_UBIFS, MM_CT_SQUASHFS) or MM_CT_DATA
 * @leb0_block: the PEB holding LEB 0 (valid when @lebs_seen)
 */
struct mm_ubi_volume {
	uint32_t id;
	char name[128];
	bool dynamic;
	uint32_t reserved_pebs;
	uint32_t alignment;
	uint32_t data_pad;
	uint64_t size;
	uint32_t lebs_seen;
	enum mm_content_type content;
	uint64_t leb0_block;
};

/**
 * struct mm_content - one thing found in the dump
 * @type: what it is
 * @first_block: first eraseblock it occupies
 * @last_block: last eraseblock it occupies (bad or erased blocks between
 *	two of its blocks are included)
 * @blocks: eraseblocks that carry it (excluding those gaps)
 *
 * Type details (only the member of @type is meaningful):
 * @jffs2.nodes: nodes with a valid header CRC
 * @jffs2.cleanmarkers: blocks with a clean-marker in the OOB
 * @jffs2.big_endian: nodes are big endian (magic 0x1985 stored as 19 85)
 * @ubi.image_seq: the image sequence number of the EC headers
 * @ubi.vid_hdr_offset: @ubi.data_offset: from the EC headers
 * @ubi.leb_size: eraseblock size minus data_offset
 * @ubi.vtbl_found: a valid volume table was read
 * @ubi.n_volumes: entries in @ubi.volumes
 * @ubi.volumes: the volumes, by id (malloc'ed)
 * @ubi.used_pebs: PEBs with a valid VID header
 * @ubi.max_ec: highest erase counter seen
 * @ubifs.in_ubi: found at the start of a UBI volume (else bare, at a block)
 * @ubifs.ubi_vol_id: that volume's id
 * @ubifs.ubi_vol_name: its name, if the table gave one
 * @ubifs.min_io_size, @ubifs.leb_size, @ubifs.leb_cnt, @ubifs.max_leb_cnt,
 * @ubifs.fmt_version, @ubifs.default_compr: from the superblock node
 * @squashfs.major, @squashfs.minor, @squashfs.block_size,
 * @squashfs.compression, @squashfs.bytes_used, @squashfs.inodes: from the
 *	superblock (little endian, version 4)
 * @env.size: environment size (CRC covered bytes + header)
 * @env.redundant: has the flag byte of a redundant environment
 * @env.flags: that byte
 * @env.keys: the variable names in order, NUL-separated (malloc'ed)
 * @env.keys_len: bytes in @env.keys
 * @env.n_keys: number of names
 * @env.in_ubi, @env.ubi_vol_id, @env.ubi_vol_name: found at the start of a
 *	UBI volume (U-Boot's CONFIG_ENV_IS_IN_UBI), else at an eraseblock
 * @mtdparts.value: the string after "mtdparts=" (malloc'ed)
 * @mtdparts.offset: byte offset of the first occurrence in the device
 * @mtdparts.count: how often it was found
 * @uimage.name, @uimage.size (data bytes after the 64-byte header),
 * @uimage.os, @uimage.arch, @uimage.type, @uimage.comp: from the header
 *	(header CRC verified); @uimage.data_crc_ok: the data CRC holds too
 * @fdt.totalsize, @fdt.version: from the header (no checksum exists; the
 *	header's offsets and sizes must be consistent)
 */
struct mm_content {
	enum mm_content_type type;
	uint64_t first_block;
	uint64_t last_block;
	uint64_t blocks;
	union {
		struct {
			uint64_t nodes;
			uint64_t cleanmarkers;
			bool big_endian;
		} jffs2;
		struct {
			uint32_t image_seq;
			uint32_t vid_hdr_offset;
			uint32_t data_offset;
			uint32_t leb_size;
			bool vtbl_found;
			size_t n_volumes;
			struct mm_ubi_volume *volumes;
			uint64_t used_pebs;
			uint64_t max_ec;
		} ubi;
		struct {
			bool in_ubi;
			uint32_t ubi_vol_id;
			char ubi_vol_name[128];
			uint32_t min_io_size;
			uint32_t leb_size;
			uint32_t leb_cnt;
			uint32_t max_leb_cnt;
			uint32_t fmt_version;
			uint32_t default_compr;
		} ubifs;
		struct {
			uint32_t major;
			uint32_t minor;
			uint32_t block_size;
			uint32_t compression;
			uint64_t bytes_used;
			uint32_t inodes;
		} squashfs;
		struct {
			uint32_t size;
			bool redundant;
			uint8_t flags;
			char *keys;
			size_t keys_len;
			size_t n_keys;
			bool in_ubi;
			uint32_t ubi_vol_id;
			char ubi_vol_name[128];
		} env;
		struct {
			char *value;
			uint64_t offset;
			uint64_t count;
		} mtdparts;
		struct {
			char name[33];
			uint32_t size;
			uint8_t os;
			uint8_t arch;
			uint8_t type;
			uint8_t comp;
			bool data_crc_ok;
		} uimage;
		struct {
			uint32_t totalsize;
			uint32_t version;
		} fdt;
	};
};

/**
 * struct mm_scan - the result of mm_scan()
 * @items: what was found, sorted by first block
 * @n_items: their number
 * @erased_blocks: good blocks whose pages are all 0xFF (data and OOB)
 * @programmed_blocks: good blocks holding anything else
 * @bad_blocks: blocks skipped as bad (the dump's bad block map)
 * @absent_blocks: blocks the dump does not hold (skipped when dumped)
 */
struct mm_scan {
	struct mm_content *items;
	size_t n_items;
	uint64_t erased_blocks;
	uint64_t programmed_blocks;
	uint64_t bad_blocks;
	uint64_t absent_blocks;
};

/**
 * mm_scan - walk every page of @d and record what lies where
 * @d: an open dump; d->opts.progress (if set) is called once per block with
 *	the label "scanning"
 * @res: filled on success; free with mm_scan_free()
 *
 * Memory use is bounded by the page size and the number of items found, not
 * by the dump size. Bad blocks (d->bbt) are counted but not looked into.
 *
 * Return: 0, or -errno (-ENOMEM, a read error with mm_dump_error() set);
 * @res needs no free after a failure.
 */
int mm_scan(struct mm_dump *d, struct mm_scan *res);

/** mm_scan_free - release what mm_scan() allocated (safe on a zeroed one) */
void mm_scan_free(struct mm_scan *res);

/** mm_content_type_name - "data", "jffs2", "ubi", "ubifs", "squashfs",
 * "uboot-env", "mtdparts", "uimage", "fdt" */
const char *mm_content_type_name(enum mm_content_type t);

#endif /* MM_SCAN_H */
