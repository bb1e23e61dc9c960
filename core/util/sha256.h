/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha256.h - SHA-256 (FIPS 180-4), streamed, for hashing the input dump.
 */
#ifndef MM_SHA256_H
#define MM_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define MM_SHA256_LEN	32
#define MM_SHA256_HEX	(2 * MM_SHA256_LEN + 1)

/**
 * struct mm_sha256 - hashing state
 * @h: the eight working hash words
 * @len: message bytes seen so far
 * @buf: a partial 64-byte block
 * @used: bytes in @buf
 */
struct mm_sha256 {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
	size_t used;
};

/** mm_sha256_init - start a new hash */
void mm_sha256_init(struct mm_sha256 *s);

/** mm_sha256_update - hash @len more bytes of @data */
void mm_sha256_update(struct mm_sha256 *s, const void *data, size_t len);

/** mm_sha256_final - pad, finish and write the 32-byte digest to @out */
void mm_sha256_final(struct mm_sha256 *s, uint8_t out[MM_SHA256_LEN]);

/** mm_sha256_hex - write @md as 64 lowercase hex digits plus NUL */
void mm_sha256_hex(const uint8_t md[MM_SHA256_LEN], char out[MM_SHA256_HEX]);

/**
 * mm_sha256_fd - hash a whole file by descriptor, with pread() in 1 MiB
 * steps from offset 0 (the file offset is not used)
 * @fd: the file
 * @out: the digest
 * @progress: called after each step with bytes done and the size (may be
 *	NULL)
 * @arg: passed to @progress
 *
 * Return: 0, or -errno (-ENOMEM, a read error).
 */
int mm_sha256_fd(int fd, uint8_t out[MM_SHA256_LEN],
		 void (*progress)(void *arg, uint64_t done, uint64_t total),
		 void *arg);

#endif /* MM_SHA256_H */
