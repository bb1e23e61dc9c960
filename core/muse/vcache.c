// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vcache.c - the ECC verdict cache of the MUSE server (see vcache.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "vcache.h"

struct mm_vcache_ent {
	uint64_t page;		/* UINT64_MAX: empty */
	int verdict;
	uint8_t *buf;		/* data, then OOB */
};

int mm_vcache_init(struct mm_vcache *c, uint64_t npages, size_t page_size,
		   size_t oob_size, bool bitmap, unsigned int nent)
{
	unsigned int i;
	void *p;

	memset(c, 0, sizeof(*c));
	c->npages = npages;
	c->page_size = page_size;
	c->oob_size = oob_size;
	pthread_mutex_init(&c->lock, NULL);
	if (bitmap && npages) {
		c->clean_len = (size_t)((npages + 63) / 64 * 8);
		/* zero pages until written: memory follows what is read */
		p = mmap(NULL, c->clean_len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			goto fail;
		c->clean = p;
	}
	if (nent) {
		c->ent = calloc(nent, sizeof(*c->ent));
		if (!c->ent)
			goto fail;
		c->nent = nent;
		for (i = 0; i < nent; i++)
			c->ent[i].page = UINT64_MAX;
	}
	return 0;
fail:
	mm_vcache_free(c);
	return -ENOMEM;
}

void mm_vcache_free(struct mm_vcache *c)
{
	unsigned int i;

	if (c->clean)
		munmap(c->clean, c->clean_len);
	for (i = 0; i < c->nent; i++)
		free(c->ent[i].buf);
	free(c->ent);
	pthread_mutex_destroy(&c->lock);
	memset(c, 0, sizeof(*c));
}

void mm_vcache_set_clean(struct mm_vcache *c, uint64_t page)
{
	if (c->clean && page < c->npages)
		__atomic_fetch_or(&c->clean[page / 64], 1ull << (page % 64),
				  __ATOMIC_RELAXED);
}

bool mm_vcache_get(struct mm_vcache *c, uint64_t page, uint8_t *data,
		   uint8_t *oob, int *verdict)
{
	struct mm_vcache_ent *e;
	bool hit = false;

	if (!c->nent)
		return false;
	e = &c->ent[page % c->nent];
	pthread_mutex_lock(&c->lock);
	if (e->page == page) {
		memcpy(data, e->buf, c->page_size);
		if (oob)
			memcpy(oob, e->buf + c->page_size, c->oob_size);
		*verdict = e->verdict;
		hit = true;
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

void mm_vcache_put(struct mm_vcache *c, uint64_t page, const uint8_t *data,
		   const uint8_t *oob, int verdict)
{
	struct mm_vcache_ent *e;

	if (!c->nent)
		return;
	e = &c->ent[page % c->nent];
	pthread_mutex_lock(&c->lock);
	if (!e->buf)
		e->buf = malloc(c->page_size + c->oob_size);
	if (e->buf) {
		memcpy(e->buf, data, c->page_size);
		if (oob)
			memcpy(e->buf + c->page_size, oob, c->oob_size);
		else
			memset(e->buf + c->page_size, 0xff, c->oob_size);
		e->page = page;
		e->verdict = verdict;
	}
	pthread_mutex_unlock(&c->lock);
}
