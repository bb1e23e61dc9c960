/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * digest.h - MD5 (RFC 1321) and SHA-1 (FIPS 180-4), streamed: the hashes
 * forensic containers (E01) store, recomputed by 'info --verify'. Neither
 * is used to trust anything muse-mount writes.
 */
#ifndef MM_DIGEST_H
#define MM_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define MM_MD5_LEN	16
#define MM_SHA1_LEN	20

/* The state of either hash: up to five words, a partial 64-byte block. */
struct mm_digest {
	uint32_t h[5];
	uint64_t len;
	uint8_t buf[64];
	size_t used;
	int sha1;
};

/** mm_md5_init - start an MD5 */
void mm_md5_init(struct mm_digest *s);

/** mm_sha1_init - start a SHA-1 */
void mm_sha1_init(struct mm_digest *s);

/** mm_digest_update - hash @len more bytes of @data */
void mm_digest_update(struct mm_digest *s, const void *data, size_t len);

/** mm_digest_final - pad and write the digest (16 or 20 bytes) to @out */
void mm_digest_final(struct mm_digest *s, uint8_t *out);

/** mm_digest_hex - @len bytes of @md as lowercase hex plus NUL into @out */
void mm_digest_hex(const uint8_t *md, size_t len, char *out);

#endif /* MM_DIGEST_H */
