// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ooblayout.c - the kernel's standard OOB layouts and free-byte access.
 *
 * Facts from drivers/mtd/nand/raw/nand_base.c (nand_ooblayout_sp_ops,
 * nand_ooblayout_lp_ops, nand_ooblayout_lp_hamming_ops).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ooblayout.h"

static void add(struct mm_oob_range *r, unsigned int *n, uint32_t off,
		uint32_t len)
{
	if (!len || *n >= MM_OOB_MAX_RANGES)
		return;
	r[*n].off = off;
	r[*n].len = len;
	(*n)++;
}

static void finish(struct mm_ooblayout *l)
{
	unsigned int i;

	l->oobavail = 0;
	for (i = 0; i < l->nfree; i++)
		l->oobavail += l->free[i].len;
}

int mm_ooblayout_kernel(struct mm_ooblayout *l, const struct mm_geom *g,
			uint32_t ecc_total, bool hamming)
{
	uint32_t oob = g->oob_size, ecc_off;

	memset(l, 0, sizeof(*l));
	l->oob_size = oob;
	if (!oob) {
		snprintf(l->name, sizeof(l->name), "none");
		return 0;
	}
	if (oob == 8 || oob == 16) {
		/* Small page: marker at byte 5, ECC around it. */
		snprintf(l->name, sizeof(l->name), "sp");
		l->bbm = (struct mm_oob_range){ 5, 1 };
		if (oob == 16) {
			if (ecc_total > 10)
				return -EINVAL;
			add(l->ecc, &l->necc, 0, ecc_total < 4 ? ecc_total : 4);
			if (ecc_total > 4)
				add(l->ecc, &l->necc, 6, ecc_total - 4);
			add(l->free, &l->nfree, 8, 8);
		} else {
			if (ecc_total > 3)
				return -EINVAL;
			add(l->ecc, &l->necc, 0, ecc_total);
			add(l->free, &l->nfree, 3, 2);
			add(l->free, &l->nfree, 6, 2);
		}
		finish(l);
		return 0;
	}
	l->bbm = (struct mm_oob_range){ 0, 2 };
	if (hamming && (oob == 64 || oob == 128)) {
		snprintf(l->name, sizeof(l->name), "lp-hamming");
		ecc_off = oob == 64 ? 40 : 80;
		if (ecc_off + ecc_total > oob)
			return -EINVAL;
		add(l->ecc, &l->necc, ecc_off, ecc_total);
		add(l->free, &l->nfree, 2, ecc_off - 2);
		add(l->free, &l->nfree, ecc_off + ecc_total,
		    oob - ecc_off - ecc_total);
	} else {
		snprintf(l->name, sizeof(l->name), "lp");
		if (ecc_total + 2 > oob)
			return -EINVAL;
		add(l->ecc, &l->necc, oob - ecc_total, ecc_total);
		add(l->free, &l->nfree, 2, oob - ecc_total - 2);
	}
	finish(l);
	return 0;
}

int mm_ooblayout_default(struct mm_ooblayout *l, const struct mm_geom *g)
{
	uint32_t steps = g->page_size / 256;

	if (mm_ooblayout_kernel(l, g, steps * 3, true) == 0)
		return 0;
	/* Too little OOB for Hamming codes: everything after the marker. */
	return mm_ooblayout_kernel(l, g, 0, false);
}

int mm_ooblayout_free_offset(const struct mm_ooblayout *l, uint32_t n)
{
	unsigned int i;

	for (i = 0; i < l->nfree; i++) {
		if (n < l->free[i].len)
			return l->free[i].off + n;
		n -= l->free[i].len;
	}
	return -1;
}

static void copy_free(const struct mm_ooblayout *l, uint8_t *oob,
		      uint32_t start, uint32_t len, uint8_t *buf, bool put)
{
	unsigned int i;
	uint32_t pos = 0, a, b, n;

	for (i = 0; i < l->nfree && len; i++) {
		const struct mm_oob_range *r = &l->free[i];

		if (start >= pos + r->len) {
			pos += r->len;
			continue;
		}
		a = start - pos;
		b = r->len - a;
		n = b < len ? b : len;
		if (put)
			memcpy(oob + r->off + a, buf, n);
		else
			memcpy(buf, oob + r->off + a, n);
		buf += n;
		len -= n;
		start += n;
		pos += r->len;
	}
}

void mm_ooblayout_get_free(const struct mm_ooblayout *l, const uint8_t *oob,
			   uint32_t start, uint32_t len, uint8_t *buf)
{
	copy_free(l, (uint8_t *)oob, start, len, buf, false);
}

void mm_ooblayout_put_free(const struct mm_ooblayout *l, uint8_t *oob,
			   uint32_t start, uint32_t len, const uint8_t *buf)
{
	copy_free(l, oob, start, len, (uint8_t *)buf, true);
}

int mm_ooblayout_check(const struct mm_ooblayout *l, char *msg, size_t len)
{
	uint8_t used[MM_MAX_PAGE_SIZE / 8];
	const struct mm_oob_range *all[2 * MM_OOB_MAX_RANGES + 1];
	unsigned int n = 0, i, b;

	if (l->oob_size > sizeof(used) * 8) {
		snprintf(msg, len, "OOB size %u is too large", l->oob_size);
		return -EINVAL;
	}
	memset(used, 0, sizeof(used));
	if (l->bbm.len)
		all[n++] = &l->bbm;
	for (i = 0; i < l->nfree; i++)
		all[n++] = &l->free[i];
	for (i = 0; i < l->necc; i++)
		all[n++] = &l->ecc[i];
	for (i = 0; i < n; i++) {
		if ((uint32_t)all[i]->off + all[i]->len > l->oob_size) {
			snprintf(msg, len, "OOB range %u-%u is past the %u-byte OOB",
				 all[i]->off, all[i]->off + all[i]->len - 1,
				 l->oob_size);
			return -EINVAL;
		}
		for (b = all[i]->off; b < (unsigned int)all[i]->off + all[i]->len; b++) {
			if (used[b / 8] & (1u << (b % 8))) {
				snprintf(msg, len, "OOB byte %u is used twice", b);
				return -EINVAL;
			}
			used[b / 8] |= 1u << (b % 8);
		}
	}
	return 0;
}
