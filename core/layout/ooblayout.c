// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ooblayout.c - the kernel's standard OOB layouts and free-byte access.
 *
 * Facts from drivers/mtd/nand/raw/nand_base.c (nand_ooblayout_sp_ops,
 * nand_ooblayout_lp_ops, nand_ooblayout_lp_hamming_ops).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

/* "A-B" or "A" (decimal or 0x) into @r; false when malformed. */
static bool parse_range(const char *s, size_t n, struct mm_oob_range *r)
{
	char buf[32], *end;
	unsigned long a, b;

	if (!n || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	a = strtoul(buf, &end, 0);
	b = a;
	if (end == buf || errno)
		return false;
	if (*end == '-') {
		const char *p = end + 1;

		b = strtoul(p, &end, 0);
		if (end == p || errno)
			return false;
	}
	if (*end || b < a || b >= MM_MAX_PAGE_SIZE)
		return false;
	r->off = (uint16_t)a;
	r->len = (uint16_t)(b - a + 1);
	return true;
}

static int parse_spec(struct mm_ooblayout *l, const char *spec, char *msg,
		      size_t len)
{
	const char *p = spec, *item, *eq;
	size_t n;

	snprintf(l->name, sizeof(l->name), "custom");
	while (*p) {
		struct mm_oob_range r;

		item = p;
		n = strcspn(p, ",");
		p += n;
		if (*p == ',')
			p++;
		if (!n)
			continue;
		if (n == 15 && !strncmp(item, "ecc-covers-free", n)) {
			l->ecc_covers_free = true;
			continue;
		}
		if (n == 9 && !strncmp(item, "ecc-plain", n)) {
			l->ecc_plain = true;
			continue;
		}
		eq = memchr(item, '=', n);
		if (!eq || !parse_range(eq + 1, n - (eq + 1 - item), &r)) {
			snprintf(msg, len, "invalid OOB layout item '%.*s'",
				 (int)n, item);
			return -EINVAL;
		}
		if (eq - item == 3 && !strncmp(item, "bbm", 3)) {
			l->bbm = r;
		} else if (eq - item == 4 && !strncmp(item, "free", 4)) {
			if (l->nfree >= MM_OOB_MAX_RANGES)
				goto out_many;
			l->free[l->nfree++] = r;
		} else if (eq - item == 3 && !strncmp(item, "ecc", 3)) {
			if (l->necc >= MM_OOB_MAX_RANGES)
				goto out_many;
			l->ecc[l->necc++] = r;
		} else {
			snprintf(msg, len, "invalid OOB layout item '%.*s' (bbm=, free=, ecc=, ecc-covers-free, ecc-plain)",
				 (int)n, item);
			return -EINVAL;
		}
	}
	return 0;
out_many:
	snprintf(msg, len, "too many OOB ranges (at most %d of each kind)",
		 MM_OOB_MAX_RANGES);
	return -EINVAL;
}

/*
 * TI OMAP/AM335x GPMC BCH8 with the ELM (nandtool's TI_AM335x config,
 * omap2.c): marker 0-1, then one 14-byte slot per 512-byte sector from byte
 * 2 (13 code bytes + 1 pad byte the ROM wants 0), free bytes after the
 * slots. The GPMC stores the plain code.
 */
static int preset_omap_bch8(struct mm_ooblayout *l, const struct mm_geom *g,
			    unsigned int steps, unsigned int step_bytes,
			    char *msg, size_t len)
{
	unsigned int s, end;

	if (step_bytes > 14 || 2 + 14 * steps > g->oob_size) {
		snprintf(msg, len, "omap-bch8 needs %u OOB bytes (2 + 14 per step), the OOB has %u",
			 2 + 14 * steps, g->oob_size);
		return -EINVAL;
	}
	l->bbm = (struct mm_oob_range){ 0, 2 };
	for (s = 0; s < steps && step_bytes; s++)
		add(l->ecc, &l->necc, 2 + 14 * s, step_bytes);
	end = 2 + 14 * steps;
	add(l->free, &l->nfree, end, g->oob_size - end);
	l->ecc_plain = true;
	return 0;
}

static const char *const preset_names[] = {
	"lp-hamming", "lp", "sp", "omap-bch8", NULL,
};

const char *const *mm_ooblayout_preset_names(void)
{
	return preset_names;
}

int mm_ooblayout_parse(struct mm_ooblayout *l, const char *spec,
		       const struct mm_geom *g, unsigned int steps,
		       unsigned int step_bytes, bool hamming, char *msg,
		       size_t len)
{
	uint32_t total = steps * step_bytes, have = 0;
	unsigned int i;
	int ret;

	memset(l, 0, sizeof(*l));
	l->oob_size = g->oob_size;
	if (!strcmp(spec, "lp-hamming") || !strcmp(spec, "lp") ||
	    !strcmp(spec, "sp")) {
		bool sp = g->oob_size == 8 || g->oob_size == 16;

		if (sp != !strcmp(spec, "sp") ||
		    (!strcmp(spec, "lp-hamming") && g->oob_size != 64 &&
		     g->oob_size != 128)) {
			snprintf(msg, len, "OOB layout '%s' does not exist for %u-byte OOB",
				 spec, g->oob_size);
			return -EINVAL;
		}
		ret = mm_ooblayout_kernel(l, g, total,
					  strcmp(spec, "lp") ? true : false);
		if (ret) {
			snprintf(msg, len, "OOB layout '%s': %u ECC bytes do not fit the %u-byte OOB",
				 spec, total, g->oob_size);
			return ret;
		}
		(void)hamming;
		return 0;
	}
	if (!strcmp(spec, "omap-bch8")) {
		snprintf(l->name, sizeof(l->name), "omap-bch8");
		ret = preset_omap_bch8(l, g, steps, step_bytes, msg, len);
	} else if (strchr(spec, '=')) {
		ret = parse_spec(l, spec, msg, len);
	} else {
		snprintf(msg, len, "unknown OOB layout '%s' (lp-hamming, lp, sp, omap-bch8 or ranges like bbm=0-1,free=2-39,ecc=40-63)",
			 spec);
		return -EINVAL;
	}
	if (ret)
		return ret;
	finish(l);
	ret = mm_ooblayout_check(l, msg, len);
	if (ret)
		return ret;
	for (i = 0; i < l->necc; i++)
		have += l->ecc[i].len;
	if (have < total) {
		snprintf(msg, len, "OOB layout '%s' has %u ECC bytes, the ECC needs %u (%u steps x %u)",
			 spec, have, total, steps, step_bytes);
		return -EINVAL;
	}
	return 0;
}
