/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * overlay.h - a copy-on-write overlay over a read-only dump: the pages that
 * were programmed, the blocks that were erased or marked bad. The dump file
 * is never written; everything the MTD user changes lands here.
 *
 * Two back ends share one format and one code path:
 *  - a persistent file (--overlay FILE): every change is on stable storage
 *    (pwrite + fdatasync) when the call returns, so a change acknowledged to
 *    the kernel survives kill -9 or a power cut;
 *  - memory (--writable alone): the same records in an anonymous memfd,
 *    without syncing.
 *
 * Memory use scales with the number of changed pages (a hash index of
 * page -> slot, one entry per changed or erased block), never with the dump.
 * The on-disk format and the crash-safety argument are in docs/overlay.md.
 *
 * Not thread-safe: the caller serialises changing calls against everything
 * else (mm_overlay_read_page() and mm_overlay_block_state() may run
 * concurrently with each other).
 */
#ifndef MM_OVERLAY_H
#define MM_OVERLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/geom.h"

struct mm_overlay;

#define MM_OVL_IDENT_LEN	32

/**
 * struct mm_overlay_ident - what ties an overlay file to its dump
 * @dump_size: the dump file's size in bytes
 * @sample: SHA-256 over the dump's size, its first and its last MiB (see
 *	mm_overlay_ident_fd())
 * @format: the reader that decoded the dump ("oob", "raw", ...)
 */
struct mm_overlay_ident {
	uint64_t dump_size;
	uint8_t sample[MM_OVL_IDENT_LEN];
	char format[32];
};

/* mm_overlay_read_page() results besides -errno. */
enum {
	MM_OVL_PROGRAMMED = 0,	/* the page is in the overlay (filled) */
	MM_OVL_ERASED = 1,	/* block erased, page not programmed since */
	MM_OVL_MISS = 2,	/* unchanged: read it from the dump */
};

/**
 * struct mm_overlay_stats - counts for reports and tests
 * @pages: programmed pages held
 * @blocks: blocks with an erase or bad mark
 * @slots: page slots in the file (held + free)
 * @file_bytes: size of the backing file
 */
struct mm_overlay_stats {
	uint64_t pages;
	uint64_t blocks;
	uint64_t slots;
	uint64_t file_bytes;
};

/**
 * mm_overlay_ident_fd - compute the identity of a dump file
 * @fd: the dump, opened read-only (read with pread only)
 * @id: filled (@id->format is left alone)
 *
 * Return: 0 or -errno.
 */
int mm_overlay_ident_fd(int fd, struct mm_overlay_ident *id);

/**
 * mm_overlay_open - open or create an overlay
 * @ov: set to the new overlay
 * @path: the overlay file, created when missing or empty; NULL = memory only
 * @g: geometry of the device (must match a reopened file)
 * @id: identity of the dump (must match a reopened file)
 * @msg: a one-line reason on failure
 * @len: size of @msg
 *
 * Reopening replays the file: for each page the valid record with the
 * highest sequence number wins unless its block was erased later; torn
 * records (bad checksum) are ignored. The file is locked (flock) against a
 * second server.
 *
 * Return: 0, -EINVAL (not an overlay, wrong geometry or dump: @msg says
 * which), -EBUSY (locked), -ENOMEM or another -errno.
 */
int mm_overlay_open(struct mm_overlay **ov, const char *path,
		    const struct mm_geom *g, const struct mm_overlay_ident *id,
		    char *msg, size_t len);

/**
 * mm_overlay_read_page - look a page up
 * @page: page index
 * @data: page_size bytes, filled for MM_OVL_PROGRAMMED (may be NULL)
 * @oob: oob_size bytes, filled for MM_OVL_PROGRAMMED (may be NULL)
 *
 * Return: MM_OVL_PROGRAMMED, MM_OVL_ERASED (caller fills 0xFF),
 * MM_OVL_MISS (caller reads the dump), or -errno.
 */
int mm_overlay_read_page(struct mm_overlay *ov, uint64_t page, void *data,
			 void *oob);

/**
 * mm_overlay_write_page - store the new full content of a page
 * @data: page_size bytes; @oob: oob_size bytes
 * @sync: make it durable before returning (ignored in memory mode)
 *
 * The caller has already applied the flash rule (new = old AND written).
 * Return: 0 or -errno (the old content is then still in place).
 */
int mm_overlay_write_page(struct mm_overlay *ov, uint64_t page,
			  const void *data, const void *oob, bool sync);

/**
 * mm_overlay_erase_block - record an erase: all pages of @blk read as 0xFF
 * @sync: make it durable before returning
 * Return: 0 or -errno.
 */
int mm_overlay_erase_block(struct mm_overlay *ov, uint64_t blk, bool sync);

/**
 * mm_overlay_markbad - record that @blk was marked bad (MUSE_MARKBAD)
 * Return: 0 or -errno.
 */
int mm_overlay_markbad(struct mm_overlay *ov, uint64_t blk, bool sync);

/** mm_overlay_is_bad - true when @blk was marked bad through the overlay */
bool mm_overlay_is_bad(struct mm_overlay *ov, uint64_t blk);

/** mm_overlay_is_erased - true when @blk was erased through the overlay */
bool mm_overlay_is_erased(struct mm_overlay *ov, uint64_t blk);

/** mm_overlay_sync - flush everything to stable storage. Return: 0/-errno */
int mm_overlay_sync(struct mm_overlay *ov);

/** mm_overlay_persistent - true for a file overlay, false for memory */
bool mm_overlay_persistent(const struct mm_overlay *ov);

/** mm_overlay_get_stats - fill @st */
void mm_overlay_get_stats(const struct mm_overlay *ov,
			  struct mm_overlay_stats *st);

/** mm_overlay_close - sync (file mode), unlock and free; NULL is fine */
void mm_overlay_close(struct mm_overlay *ov);

#endif /* MM_OVERLAY_H */
