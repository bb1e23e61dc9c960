/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * view_int.h - the read-only file view of a dump (internals of view.c and
 * view_files.c).
 *
 * Overview: the view is a fixed tree built once at mount time:
 *
 *	/data		the device's in-band bytes, page after page
 *	/oob		the OOB areas of all pages back to back (oob_size > 0)
 *	/raw		page + OOB records, physical order (nanddump --oob
 *			--bb=dumpbad)
 *	/parts/<name>	one slice of /data per --mtdparts partition
 *	/badblocks	one bad block index per line
 *	/info.json	what 'info --json' prints
 *	/ecc		the per-block ECC report (added with view_add_lazy())
 *
 * Byte files are served page-wise through view_read_page() and
 * view_read_data(): nothing is cached here, nothing is loaded whole. Text
 * files ("blobs") are made once and kept in memory: small ones at mount
 * time, costly ones (info.json hashes and scans the whole dump) on first
 * access, so that mounting a large dump is immediate.
 *
 * view_read() may be called from many threads at once. The page buffer is
 * per thread; reads of the dump are serialized when the reader is not known
 * to be pread()-only (see view_init()).
 */
#ifndef MM_VIEW_INT_H
#define MM_VIEW_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "../core/dump.h"
#include "../core/ecc/ecc.h"
#include "../core/util/mtdparts.h"

#define VIEW_PATH_MAX	128

enum view_kind {
	VIEW_DIR,		/* a directory */
	VIEW_DATA,		/* in-band bytes of the device from @base */
	VIEW_OOB,		/* OOB bytes of every page */
	VIEW_RAW,		/* page + OOB records */
	VIEW_BLOB,		/* text made in memory, in @blob */
};

struct view;
struct view_file;

/**
 * view_gen_fn - make a lazy text file
 * @out: write the contents here
 * @v: the view (read the dump through v->d; reads are already serialized
 *	against the view's readers when the reader needs it)
 * @arg: as given to view_add_lazy()
 *
 * Called at most once, on the first getattr/open of the file.
 * Return: 0 or -errno (the file then fails with EIO).
 */
typedef int view_gen_fn(FILE *out, struct view *v, void *arg);

/**
 * struct view_file - one node of the tree
 * @path: absolute path inside the mount ("/parts/boot")
 * @kind: what it serves
 * @base: VIEW_DATA: first device byte (partition offset)
 * @size: its length in bytes (0 for directories)
 * @blob: VIEW_BLOB: the contents (malloc'ed, owned)
 * @gen: lazy VIEW_BLOB: makes @blob and @size on first use; NULL otherwise
 * @gen_arg: passed to @gen
 * @gen_err: 0, or the -errno @gen returned (sticky)
 * @ready: @blob and @size are valid (always true unless @gen is set)
 */
struct view_file {
	char path[VIEW_PATH_MAX];
	enum view_kind kind;
	uint64_t base;
	uint64_t size;
	char *blob;
	view_gen_fn *gen;
	void *gen_arg;
	int gen_err;
	bool ready;
};

/**
 * struct view - the whole tree and how to read it
 * @d: the open dump
 * @files: the nodes, parents before children, "/" first
 * @n: their number
 * @serialize: take @lock around every mm_dump_read_page() call
 * @lock: see @serialize; also guards error reporting
 * @gen_lock: one lazy file is made at a time
 * @buf_key: the per-thread page buffer (page_size + oob_size bytes)
 * @verbose: report read errors on stderr (foreground only)
 * @ecc: the ECC scheme (--ecc), or NULL: /data and /parts serve corrected
 *	pages through it (mm_ecc_correct() is thread-safe)
 */
struct view {
	struct mm_dump *d;
	struct view_file *files;
	size_t n;
	bool serialize;
	pthread_mutex_t lock;
	pthread_mutex_t gen_lock;
	pthread_key_t buf_key;
	bool verbose;
	struct mm_ecc *ecc;
};

/**
 * view_init - set up an empty view of @d (root and byte files)
 * @v: the view; zeroed by the call
 * @d: an open dump; must outlive @v
 *
 * Adds "/", "/data", "/raw" and, when the device has OOB, "/oob".
 * Return: 0 or -ENOMEM.
 */
int view_init(struct view *v, struct mm_dump *d);

/**
 * view_add_parts - add "/parts" and one file per partition
 * @v: the view
 * @parts: the partitions (mm_parts_parse()), in order
 * @n: their number; nothing is added when 0
 *
 * Unnamed partitions, names that cannot be file names ("", ".", "..",
 * containing '/') and repeated names become "part<N>", N counted from 0 in
 * the order given (the kernel's Partition_NNN numbering).
 * Return: 0 or -ENOMEM.
 */
int view_add_parts(struct view *v, const struct mm_part *parts, size_t n);

/**
 * view_add_blob - add a text file made in memory
 * @v: the view
 * @path: absolute path, its parent already in the view
 * @buf: the contents, malloc'ed; owned by @v from now on, even on failure
 * @len: their length
 *
 * This is the hook for files made once at mount time (badblocks, info.json,
 * the ECC report).
 * Return: 0, -EEXIST, -ENOENT (no parent) or -ENOMEM.
 */
int view_add_blob(struct view *v, const char *path, char *buf, size_t len);

/**
 * view_add_lazy - add a text file made on first access
 * @v: the view
 * @path: absolute path, its parent already in the view
 * @gen: makes the contents (see view_gen_fn)
 * @arg: passed to @gen; must outlive @v
 *
 * This is the hook for costly reports (info.json, the ECC report).
 * Return: 0, -EEXIST, -ENOENT (no parent) or -ENOMEM.
 */
int view_add_lazy(struct view *v, const char *path, view_gen_fn *gen,
		  void *arg);

/**
 * view_prepare - make @f's contents if it is lazy and not made yet
 *
 * Call before using @f->size. Safe from several threads at once.
 * Return: 0 or -EIO when the contents could not be made.
 */
int view_prepare(struct view *v, const struct view_file *f);

/**
 * view_add_badblocks - add "/badblocks" from d->bbt
 * Return: 0 or -ENOMEM.
 */
int view_add_badblocks(struct view *v);

/** view_find - the node at @path, NULL when none */
const struct view_file *view_find(const struct view *v, const char *path);

/**
 * view_read - read @len bytes of @f at @off into @buf
 *
 * Safe to call from several threads at once.
 * Return: bytes read (less than @len only at the end of the file), or
 * -errno (-EIO when the dump cannot be read; the reason goes to stderr when
 * @v->verbose).
 */
ssize_t view_read(struct view *v, const struct view_file *f, char *buf,
		  size_t len, uint64_t off);

/** view_free - release the tree (the dump stays open) */
void view_free(struct view *v);

#endif /* MM_VIEW_INT_H */
