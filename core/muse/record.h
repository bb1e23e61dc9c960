/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * record.h - the --record log: every change request that reached the
 * server (WRITE, ERASE, MARKBAD, SYNC), in order, each appended and made
 * durable (pwrite + fdatasync) before its reply. The format (docs/record.md)
 * holds the page images as programmed, so replay needs no ECC or OOB
 * layout: a header with the geometry and the dump's identity, then records
 * with a CRC-32 each; a torn last record is ignored when reading.
 *
 * Writing is not thread-safe: the server calls it under its exclusive lock.
 */
#ifndef MM_RECORD_H
#define MM_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../overlay.h"
#include "../util/geom.h"

#define MM_REC_MAGIC		"MMRECLOG"
#define MM_REC_VERSION		1
#define MM_REC_HDR_SIZE		128
#define MM_REC_REC_MAGIC	0x3152524du	/* "MRR1" little-endian */
#define MM_REC_REC_SIZE		48

/* Record operations (the MUSE request that caused them). */
enum mm_rec_op {
	MM_REC_WRITE = 1,	/* payload: (u64 page, data, OOB) per page */
	MM_REC_ERASE = 2,	/* payload: u64 per block erased */
	MM_REC_MARKBAD = 3,	/* addr: the block's address */
	MM_REC_SYNC = 4,
};

struct mm_record;

/**
 * mm_record_open - create the log @path, or append to it when it holds
 * a log of the same geometry and dump (a torn tail is cut off first)
 * @msg: a one-line reason on failure; @len its size
 * Return: 0, -EINVAL (not a log, wrong geometry or dump), -errno.
 */
int mm_record_open(struct mm_record **r, const char *path,
		   const struct mm_geom *g, const struct mm_overlay_ident *id,
		   char *msg, size_t len);

/**
 * mm_record_begin - start the record of one request
 * @op: MM_REC_*; @addr, @len, @flags: the request's arguments
 */
void mm_record_begin(struct mm_record *r, enum mm_rec_op op, uint64_t addr,
		     uint64_t len, uint32_t flags);

/** mm_record_page - add a programmed page (WRITE). Return: 0 or -ENOMEM */
int mm_record_page(struct mm_record *r, uint64_t page, const uint8_t *data,
		   const uint8_t *oob);

/** mm_record_block - add an erased block (ERASE). Return: 0 or -ENOMEM */
int mm_record_block(struct mm_record *r, uint64_t blk);

/**
 * mm_record_end - append the record with the request's @result (0 or
 * -errno, as replied) and make it durable
 * Return: 0 or -errno (the request must then fail).
 */
int mm_record_end(struct mm_record *r, int result);

/** mm_record_count - records in the log (read and written) */
uint64_t mm_record_count(const struct mm_record *r);

/** mm_record_close - NULL is fine */
void mm_record_close(struct mm_record *r);

/* --- reading (replay, tests) --- */

/**
 * struct mm_rec_hdr - the log's header
 */
struct mm_rec_hdr {
	uint32_t version;
	struct mm_geom geom;	/* page_size, oob_size, pages_per_block,
				 * block_count */
	struct mm_overlay_ident id;
};

/**
 * struct mm_rec - one record as read
 * @payload: @payload_len bytes (valid until the next mm_rec_next())
 */
struct mm_rec {
	uint32_t op;
	uint64_t seq;
	uint64_t addr;
	uint64_t len;
	uint32_t flags;
	int32_t result;
	uint32_t payload_len;
	const uint8_t *payload;
};

struct mm_rec_reader;

/**
 * mm_rec_open_read - open a log for reading
 * Return: 0, -EINVAL (not a log or an unknown version: @msg), -errno.
 */
int mm_rec_open_read(struct mm_rec_reader **rd, const char *path,
		     struct mm_rec_hdr *hdr, char *msg, size_t len);

/**
 * mm_rec_next - the next record
 * Return: 1 with @rec filled, 0 at the end of the log (or at a torn or
 * corrupt record, which ends it), -errno on a read error.
 */
int mm_rec_next(struct mm_rec_reader *rd, struct mm_rec *rec);

/** mm_rec_offset - the log offset just past the last record read */
uint64_t mm_rec_offset(const struct mm_rec_reader *rd);

/** mm_rec_torn - bytes after the last whole record (a torn tail) */
uint64_t mm_rec_torn(const struct mm_rec_reader *rd);

/** mm_rec_rewind - back to the first record */
void mm_rec_rewind(struct mm_rec_reader *rd);

/** mm_rec_close_read - NULL is fine */
void mm_rec_close_read(struct mm_rec_reader *rd);

/** mm_rec_opname - "WRITE", "ERASE", "MARKBAD", "SYNC" or "?" */
const char *mm_rec_opname(uint32_t op);

#endif /* MM_RECORD_H */
