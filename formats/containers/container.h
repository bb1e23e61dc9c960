/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * container.h - compressed and archived dumps, and split spare files, as
 * byte sources stacked on the file before any reader looks at it.
 *
 * How containers are opened
 * -------------------------
 * mm_container_stack() looks at the first bytes of the source (never at the
 * file name) and, while they carry a container magic, stacks a decoding
 * source on top (at most MM_CONTAINER_DEPTH layers, e.g. tar in gzip):
 *
 *  - gzip (1f 8b): zlib with a seek index. One pass at open inflates the
 *    whole stream, checks its CRCs and records an access point (bit
 *    position plus the 32 KiB window) every MM_GZIP_SPAN bytes of output;
 *    a read then starts at the nearest point. The decoded dump is never
 *    written to disk; the index of a large one is, in the cache directory,
 *    and reused by the next open of the same input.
 *  - xz, bzip2, zstd, and zip / tar / 7z members: libarchive. These have no
 *    practical random access, so the stream (or the chosen member) is
 *    decoded once into a cache file in MM_CACHE_DIR, $TMPDIR or /tmp, named
 *    after a hash of the input's content and the member, with a hard link
 *    named after its identity (device, inode, size, mtime), and reused when
 *    the same input (by identity, without reading it) or a copy of it (by
 *    content) is opened again.
 *
 * An archive member is picked with --member NAME; without it the archive
 * must hold exactly one plausible member (a regular file of at least 4 KiB
 * whose size is a multiple of 8, not named like notes or checksums: .txt,
 * .sha256, .json, ...), or a single file of any size (a
 * compressed dump, say), otherwise the error names the candidates.
 *
 * Limits: the decoded size may not pass MM_MAX_EXPANDED (default 64 GiB,
 * the environment variable of that name overrides it), nor, past 1 GiB,
 * MM_MAX_RATIO times the compressed size; a cache file also needs the room
 * in its directory. Declared member sizes are checked before anything is
 * written, produced sizes while decoding.
 *
 *  - E01 (EnCase Expert Witness, "EVF" 09 0d 0a ff 00): libewf, which
 *    finds the other segments (.E02, ...) next to the first and reads any
 *    chunk at random; nothing is unpacked (e01.c). The stored MD5/SHA-1
 *    and the case fields are the layer's props, checked by info --verify.
 *
 * Finally --oob-file stacks the split layout (formats/containers/split.c): a data file
 * and a spare file in the same page order read as page + OOB records.
 */
#ifndef MM_FMT_CONTAINER_H
#define MM_FMT_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../source/input.h"
#include "../source/src.h"

#define MM_CONTAINER_DEPTH	4
/*
 * Output bytes between gzip access points: 256 KiB (a random read inflates
 * 128 KiB on average), doubled as needed to keep at most 1024 points of
 * 32 KiB each (32 MiB), e.g. 1 MiB for a 1 GiB dump.
 */
#define MM_GZIP_SPAN		(256u << 10)
#define MM_MAX_EXPANDED_DEFAULT	(64ull << 30)
#define MM_MAX_RATIO		100000ull
#define MM_CONTAINER_KEY_MAX	1024
/*
 * More than this after the end of a compressed stream in a plain file: the
 * file only starts with a stream (a compressed boot image at offset 0) and
 * is a dump, not a container (the decoders return -ENOMSG).
 */
#define MM_NOT_CONTAINER_TAIL	(64u << 10)

/* What the first bytes of a source say it is. */
enum mm_container_kind {
	MM_CONT_NONE = 0,
	MM_CONT_GZIP,
	MM_CONT_XZ,
	MM_CONT_BZIP2,
	MM_CONT_ZSTD,
	MM_CONT_ZIP,
	MM_CONT_7Z,
	MM_CONT_TAR,
};

/**
 * mm_container_stack - unpack containers and stack the split layout
 * @d: the dump being opened; d->src is the file
 *
 * Stacks decoding sources on d->src while it carries a container magic,
 * then, with --oob-file, the split layout (which may complete
 * d->opts.geom's page and OOB sizes from the two file sizes).
 *
 * Return: 0 (also when there is nothing to unpack), -errno with a message.
 */
int mm_container_stack(struct mm_input *d);

/**
 * struct mm_container - one kind of container (a registry entry)
 * @name: "gzip", "xz", ...: in messages and in the cache keys
 * @kind: for the libarchive decoder (archive.c); others MM_CONT_NONE
 * @archive: holds named members, so --member applies to it
 * @sniff: does the source, whose first bytes are @b (@len of them, at
 *	most 512), hold this container? (@src for a look at its end)
 * @stack: stack the decoder on @src; @key identifies @src and is extended
 *	with this layer; @member is --member for the first archive layer.
 *	Return: 0, -ENOMSG when it only starts like one (a plain dump), or
 *	-errno with a message
 */
struct mm_container {
	const char *name;
	enum mm_container_kind kind;
	bool archive;
	bool (*sniff)(const uint8_t *b, size_t len, const struct mm_src *src);
	int (*stack)(struct mm_input *d, struct mm_src *src,
		     const struct mm_container *c, char *key, size_t keylen,
		     const char *member);
};

/* The registry (registry.c), in the order the magic is tried; NULL ends. */
extern const struct mm_container *const mm_containers[];


/**
 * mm_container_sniff - the registered container the first bytes show
 * @buf: the first bytes of the source
 * @len: their number (512 or more to see tar)
 * @src: the source (some look at its end)
 *
 * Return: the entry, or NULL for a plain dump.
 */
const struct mm_container *mm_container_sniff(const uint8_t *buf, size_t len,
					     const struct mm_src *src);

/** mm_container_kind_name - "gzip", "xz", ..., "none" */
const char *mm_container_kind_name(enum mm_container_kind k);

/**
 * mm_container_unwrap - stack decoders on @src while it is a container
 * @d: for messages, options (member, progress) and limits
 * @src: the source to unwrap (d->src or the spare file)
 * @key: in: the identity of @src; out: extended for each layer
 * @keylen: size of @key
 * @member: --member for the first archive layer (may be NULL)
 *
 * Return: 0 or -errno with a message.
 */
int mm_container_unwrap(struct mm_input *d, struct mm_src *src, char *key,
			size_t keylen, const char *member);

/**
 * mm_container_check_size - refuse absurd decoded sizes
 * @d: for the message
 * @what: "gzip stream", "member 'x'", ...
 * @produced: bytes decoded (or declared) so far
 * @input: compressed bytes
 *
 * Return: 0, or -EFBIG with a message.
 */
int mm_container_check_size(struct mm_input *d, const char *what,
			    uint64_t produced, uint64_t input);

/** mm_container_max_expanded - MM_MAX_EXPANDED from the environment or the default */
uint64_t mm_container_max_expanded(void);

/** mm_cache_dir - MM_CACHE_DIR, else TMPDIR, else "/tmp" */
const char *mm_cache_dir(void);

/**
 * mm_container_key_append - extend an identity key with one layer
 * @fmt: one "%s" for @arg
 * Return: 0, or -EINVAL with a message when @key is full.
 */
int mm_container_key_append(struct mm_input *d, char *key, size_t keylen,
			    const char *fmt, const char *arg);

/* The decoders (formats/containers/gzip.c, formats/containers/archive.c, formats/containers/split.c). */

/**
 * mm_gzip_stack - stack a gzip decoder with a seek index on @src
 *
 * A plain file that only starts with a gzip stream (more than 64 KiB of
 * other data follow it: a dump whose first bytes are a compressed boot
 * image, say) is not a gzip file: -ENOMSG, no message, nothing stacked.
 *
 * Return: 0 or -errno with a message (-ENOTSUP without zlib).
 */
int mm_gzip_stack(struct mm_input *d, struct mm_src *src);

/*
 * Decoded streams of at least this size keep their seek index in the cache
 * directory (muse-mount-<sha256>.gzi), so the next open of the same input
 * skips the indexing pass.
 */
#define MM_GZIP_INDEX_MIN	(4ull << 20)

/**
 * mm_gzip_stack_cached - mm_gzip_stack() with the index kept in, and
 * reused from, the cache directory
 * @key: identity of @src (as for mm_archive_stack()), or NULL for no file
 * Return: 0 or -errno with a message.
 */
int mm_gzip_stack_cached(struct mm_input *d, struct mm_src *src,
			 const char *key);

/**
 * mm_archive_stack - decode @src (a compressed stream or an archive) with
 * libarchive into a cache file and stack it on @src
 * @d: dump (messages, progress)
 * @src: the source
 * @kind: what the magic said
 * @key: identity of @src (cache name); extended with the member
 * @keylen: size of @key
 * @member: --member or NULL
 *
 * Return: 0 or -errno with a message (-ENOTSUP without libarchive).
 */
int mm_archive_stack(struct mm_input *d, struct mm_src *src,
		     enum mm_container_kind kind, char *key, size_t keylen,
		     const char *member);

/**
 * mm_split_stack - read d->src (data) and @oob (spare) as page + OOB records
 * @d: the dump; page and OOB size come from d->opts.geom or the file sizes
 *	and are written back to d->opts.geom
 * @oob: the spare file's source (heap allocated; owned by the new layer on
 *	success)
 *
 * Return: 0 or -errno with a message.
 */
int mm_split_stack(struct mm_input *d, struct mm_src *oob);

#endif /* MM_FMT_CONTAINER_H */
