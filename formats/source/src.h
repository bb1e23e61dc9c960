/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * src.h - a random-access, read-only byte source.
 *
 * The bottom of every stack is a file opened O_RDONLY and read with pread(),
 * never loaded whole. Container readers (gzip, xz, archives) and transforms
 * stack further sources on top through struct mm_src_ops.
 */
#ifndef MM_SRC_H
#define MM_SRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct mm_src;

/*
 * struct mm_src_prop - one fact a layer records about its bytes, for the
 * provenance in reports: a stored hash ("md5", "sha1") or a field of the
 * container ("case_number", "segments", ...)
 */
struct mm_src_prop {
	char key[32];
	char val[256];
};

#define MM_SRC_PROPS_MAX	16

/**
 * struct mm_src_ops - a byte source that is not a plain file
 * @pread: read up to @len bytes at @off into @buf; return the bytes read
 *	(0 at or past the end, short only at the end) or -errno
 * @close: release @src->priv; may be NULL
 * @name: describe the layer for reports ("gzip, index in ..."); return
 *	false when it has nothing to say (may be NULL)
 * @kind: what the layer is, for the provenance: "container", "member",
 *	"transform" (NULL: "layer")
 * @props: fill at most @max facts about the layer (stored hashes first);
 *	return their number (may be NULL)
 * @verify: read all the layer's bytes and compare them with the hashes it
 *	stores; describe the outcome in @msg. Return: 1 they match, 0 they
 *	do not, -ENOENT nothing is stored, other -errno the bytes could not
 *	be read (may be NULL)
 */
struct mm_src_ops {
	ssize_t (*pread)(const struct mm_src *src, void *buf, size_t len,
			 uint64_t off);
	void (*close)(struct mm_src *src);
	bool (*name)(const struct mm_src *src, char *buf, size_t len);
	const char *kind;
	int (*props)(const struct mm_src *src, struct mm_src_prop *p, int max);
	int (*verify)(const struct mm_src *src, char *msg, size_t len);
};

/**
 * struct mm_src - a read-only byte source
 * @path: name for messages (the file name as the user gave it)
 * @size: length in bytes
 * @fd: the file, opened O_RDONLY; when @ops serves the bytes, -1 or a
 *	duplicate of the input file's descriptor kept for fstat() only
 *	(mm_src_stack() in formats/transforms/transform.h); reads always go through @ops
 * @ops: NULL for a plain file
 * @priv: owned by @ops
 * @lower: the source this one is stacked on, closed with it (may be NULL)
 */
struct mm_src {
	const char *path;
	uint64_t size;
	int fd;
	const struct mm_src_ops *ops;
	void *priv;
	struct mm_src *lower;
};

/**
 * mm_src_open_file - open @path read-only as a byte source
 * @src: filled on success
 * @path: the file; kept by pointer, must outlive @src
 *
 * Regular files and block devices are accepted. The file is opened with
 * O_RDONLY | O_CLOEXEC and never written.
 *
 * Return: 0 or -errno (ENOENT, EACCES, EISDIR for a directory, ESPIPE for
 * a FIFO, socket or character device, ...).
 */
int mm_src_open_file(struct mm_src *src, const char *path);

/**
 * mm_fd_pread - pread() up to @len bytes at @off from @fd, a file of @size
 * bytes, retrying short reads and EINTR
 *
 * Return: bytes read (less than @len only at @size) or -errno.
 */
ssize_t mm_fd_pread(int fd, uint64_t size, void *buf, size_t len,
		    uint64_t off);

/**
 * mm_src_pread - read up to @len bytes at @off
 *
 * Retries short reads and EINTR. Return: bytes read (less than @len only at
 * the end of the source) or -errno.
 */
ssize_t mm_src_pread(const struct mm_src *src, void *buf, size_t len,
		     uint64_t off);

/**
 * mm_src_peek - read exactly @len bytes at @off
 *
 * Return: 0, -ENODATA when the source ends before @off + @len, or -errno.
 */
int mm_src_peek(const struct mm_src *src, uint64_t off, size_t len, void *buf);

/**
 * mm_src_peek2 - read exactly @len1 bytes into @buf1 and the @len2 bytes
 * that follow them into @buf2 (one preadv() on a plain file: a page and its
 * spare area in one system call)
 *
 * Return: 0, -ENODATA when the source ends early, or -errno.
 */
int mm_src_peek2(const struct mm_src *src, uint64_t off, void *buf1,
		 size_t len1, void *buf2, size_t len2);

/**
 * mm_src_stack - push a new source on top of @top
 * @top: the current top; afterwards the new source, with the old one as
 *	its @lower (moved to the heap)
 * @ops: how the new source serves its bytes
 * @priv: its state, owned by @ops
 * @size: its length
 *
 * The new source keeps the path and gets a duplicate of the file's
 * descriptor for fstat() only. Return: 0 or -ENOMEM (nothing changed).
 */
int mm_src_stack(struct mm_src *top, const struct mm_src_ops *ops, void *priv,
		 uint64_t size);

#define MM_LAYER_NAME_MAX	320

/**
 * mm_src_layers - describe the stacked sources of @top, bottom first
 * @names: filled with one line per layer (each stage's own @name)
 * @max: room in @names
 *
 * Return: the number of layers (0 for a plain file).
 */
int mm_src_layers(const struct mm_src *top, char names[][MM_LAYER_NAME_MAX],
		  int max);

/** mm_src_close - close @src and the sources below it */
void mm_src_close(struct mm_src *src);

#endif /* MM_SRC_H */
