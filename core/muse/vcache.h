/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vcache.h - the server's ECC verdict cache: each page of the dump is
 * decoded once, whoever asks for it again (another request, another
 * worker) gets the verdict without the codec.
 *
 * A dump never changes under the server (it is opened read-only; changes
 * live in the overlay, which is read first), so a page's verdict is a
 * property of its bytes in the dump:
 *
 *  - clean pages (the codec found nothing to correct and left the bytes as
 *    they are) get one bit in a bitmap: a later read takes the stored data
 *    and skips both the OOB and the codec. The bitmap is an anonymous
 *    mapping of npages / 8 bytes that the kernel fills with zero pages on
 *    first touch, so its memory follows what was read (4 MiB for 32 M
 *    pages read once), not the dump's size;
 *  - pages with corrected bit flips, or uncorrectable ones, are rare: a
 *    small direct-mapped cache keeps their corrected data, OOB and verdict.
 *
 * Codecs that move bytes (controller page layouts) use only the second
 * part: their clean pages are not the stored bytes.
 */
#ifndef MM_VCACHE_H
#define MM_VCACHE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mm_vcache_ent;

/**
 * struct mm_vcache - one server's verdict cache
 * @npages: pages of the dump
 * @clean: the clean bitmap (NULL: not used), @clean_len its mapped bytes
 * @lock: protects @ent
 * @ent: @nent entries of corrected pages, slot = page % @nent
 * @page_size, @oob_size: one entry's data and OOB bytes
 */
struct mm_vcache {
	uint64_t npages;
	uint64_t *clean;
	size_t clean_len;
	pthread_mutex_t lock;
	struct mm_vcache_ent *ent;
	unsigned int nent;
	size_t page_size;
	size_t oob_size;
};

/**
 * mm_vcache_init - set up an (empty) cache
 * @c: the cache
 * @npages, @page_size, @oob_size: the dump's geometry
 * @bitmap: keep the clean bitmap (the codec leaves clean pages as stored)
 * @nent: entries for corrected pages (0: none)
 *
 * Return: 0 or -ENOMEM (then @c is unused and mm_vcache_free() is safe).
 */
int mm_vcache_init(struct mm_vcache *c, uint64_t npages, size_t page_size,
		   size_t oob_size, bool bitmap, unsigned int nent);

/* mm_vcache_free - release what mm_vcache_init() took */
void mm_vcache_free(struct mm_vcache *c);

/* mm_vcache_is_clean - @page was decoded clean before */
static inline bool mm_vcache_is_clean(const struct mm_vcache *c,
				      uint64_t page)
{
	return c->clean && page < c->npages &&
	       (__atomic_load_n(&c->clean[page / 64], __ATOMIC_RELAXED) >>
		(page % 64) & 1);
}

/* mm_vcache_set_clean - remember that @page decoded clean */
void mm_vcache_set_clean(struct mm_vcache *c, uint64_t page);

/**
 * mm_vcache_get - a corrected page decoded before
 * @data: page_size bytes out; @oob: oob_size bytes out (may be NULL)
 * @verdict: what the codec returned for it (>0 bits corrected, -EBADMSG)
 * Return: whether it was there.
 */
bool mm_vcache_get(struct mm_vcache *c, uint64_t page, uint8_t *data,
		   uint8_t *oob, int *verdict);

/* mm_vcache_put - keep a decoded page and its codec verdict */
void mm_vcache_put(struct mm_vcache *c, uint64_t page, const uint8_t *data,
		   const uint8_t *oob, int verdict);

#endif /* MM_VCACHE_H */
