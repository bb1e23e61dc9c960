/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gen.h - deterministic synthetic NAND dumps for the tests: any geometry,
 * factory-bad blocks, nanddump's bad block layouts, and content that looks
 * like what the kernel writes (UBI headers, JFFS2 node chains, spare areas).
 * Used by tests/gen/mm-gen.c and linked into the unit tests.
 */
#ifndef MM_GEN_H
#define MM_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum mm_gen_layout {
	MM_GEN_RAW,		/* data only, every block (nanddump --bb=dumpbad) */
	MM_GEN_OOB,		/* data + OOB per page, every block (--oob --bb=dumpbad) */
	MM_GEN_PADBAD,		/* bad blocks all 0xFF; OOB iff oob_size > 0 */
	MM_GEN_SKIPBAD,		/* bad blocks left out; OOB iff oob_size > 0 */
};

enum mm_gen_content {
	MM_GEN_ERASED,		/* every good page 0xFF */
	MM_GEN_PATTERN,		/* pseudo-random pages, the last quarter of a block erased */
	MM_GEN_JFFS2,		/* JFFS2 node chains (valid hdr_crc), clean-markers */
	MM_GEN_UBI,		/* UBI EC + VID headers (valid CRCs), LEB data */
};

/**
 * struct mm_gen - what to generate
 * @page_size: data bytes per page
 * @oob_size: spare bytes per page (0: a chip without OOB, e.g. NOR-like)
 * @pages_per_block: pages per eraseblock
 * @blocks: eraseblocks of the chip
 * @bad: factory-bad blocks (00 at the marker byte of pages 0 and 1)
 * @n_bad: entries in @bad
 * @layout: how the dump file stores the chip
 * @content: what the good blocks hold
 * @seed: pseudo-random seed; the same parameters give the same bytes
 * @vid_hdr_offset: UBI VID header offset; 0 = the page size (ubinize's
 *	default without -s); data_offset follows as ubinize computes it
 * @cleanmarker_offset: OOB byte of the JFFS2 clean-marker; 0 = the first
 *	free byte of the kernel's layout (BRCMNAND puts it at 1)
 * @big_endian: JFFS2 in big-endian byte order (mkfs.jffs2 -b)
 * @swap16: store every 16-bit word byte-swapped, as an x16 chip read by a
 *	programmer as little-endian words (data and OOB)
 * @imx_bcb: an i.MX boot area as U-Boot's nandbcb writes it: an FCB at
 *	byte 12 of page 0 of blocks 0-3 (the i.MX6 raw layout, no Hamming
 *	parity; DBBT search area from block 4), a DBBT header at byte 0 of
 *	page 0 of blocks 4-7 and its table in page 4; bad blocks skipped
 * @dbbt: the blocks the DBBT lists (NULL: the factory-bad blocks @bad)
 * @n_dbbt: entries in @dbbt
 */
struct mm_gen {
	uint32_t page_size;
	uint32_t oob_size;
	uint32_t pages_per_block;
	uint64_t blocks;
	const uint64_t *bad;
	size_t n_bad;
	enum mm_gen_layout layout;
	enum mm_gen_content content;
	uint32_t seed;
	uint32_t vid_hdr_offset;
	uint32_t cleanmarker_offset;
	bool big_endian;
	bool swap16;
	bool imx_bcb;
	const uint64_t *dbbt;
	size_t n_dbbt;
};

/**
 * mm_gen_block - the physical content of one block of the chip
 * @g: parameters
 * @blk: block index
 * @data: pages_per_block * page_size bytes, filled
 * @oob: pages_per_block * oob_size bytes, filled (may be NULL)
 *
 * Return: true when @blk is factory-bad.
 */
bool mm_gen_block(const struct mm_gen *g, uint64_t blk, uint8_t *data,
		  uint8_t *oob);

/**
 * mm_gen_write - write the dump file for @g to @f
 * Return: 0, -EINVAL for impossible parameters, -errno on write errors.
 */
int mm_gen_write(const struct mm_gen *g, FILE *f);

/** mm_gen_write_file - mm_gen_write() to a new file @path */
int mm_gen_write_file(const struct mm_gen *g, const char *path);

/** mm_gen_is_bad - @blk is in @g->bad */
bool mm_gen_is_bad(const struct mm_gen *g, uint64_t blk);

#endif /* MM_GEN_H */
