/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * content.h - what the content scan finds: the item types and the result,
 * shared by the probers (below the page model) and the scan driver
 * (scan.h, above it).
 */
#ifndef MM_CONTENT_H
#define MM_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

#endif /* MM_CONTENT_H */
