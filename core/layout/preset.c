// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * preset.c - the helpers every controller preset uses: option strings,
 * messages, OOB ranges (see preset.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preset.h"

void mm_pl_add_range(struct mm_ooblayout *l, bool free, uint32_t off,
		     uint32_t len)
{
	if (!len)
		return;
	if (free && l->nfree < MM_OOB_MAX_RANGES) {
		l->free[l->nfree].off = (uint16_t)off;
		l->free[l->nfree++].len = (uint16_t)len;
		l->oobavail += len;
	} else if (!free && l->necc < MM_OOB_MAX_RANGES) {
		l->ecc[l->necc].off = (uint16_t)off;
		l->ecc[l->necc++].len = (uint16_t)len;
	}
}

bool mm_pl_opt(const char *opts, const char *key, char *val, size_t vlen)
{
	size_t kl = strlen(key);
	const char *p = opts;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n >= kl && !strncmp(p, key, kl) &&
		    (n == kl || p[kl] == '=')) {
			const char *v = n == kl ? p + n : p + kl + 1;
			size_t vn = (size_t)(p + n - v);

			if (vlen) {
				if (vn >= vlen)
					vn = vlen - 1;
				memcpy(val, v, vn);
				val[vn] = '\0';
			}
			return true;
		}
		p = end ? end + 1 : NULL;
	}
	return false;
}

int mm_pl_opt_uint(const char *opts, const char *key, unsigned int def,
		   unsigned int *out, char *msg, size_t len)
{
	char v[32], *end;
	unsigned long x;

	*out = def;
	if (!mm_pl_opt(opts, key, v, sizeof(v)))
		return 0;
	x = strtoul(v, &end, 0);
	if (!*v || *end || x > 0xffffffffu) {
		mm_pl_msg(msg, len, "invalid %s '%s'", key, v);
		return -EINVAL;
	}
	*out = (unsigned int)x;
	return 0;
}

int mm_pl_opts_check(const char *opts, const char *known, char *msg,
		     size_t len)
{
	const char *p = opts;

	while (p && *p) {
		const char *end = strchr(p, ','), *eq;
		size_t n = end ? (size_t)(end - p) : strlen(p), kn;
		const char *k = known;
		bool ok = false;

		eq = memchr(p, '=', n);
		kn = eq ? (size_t)(eq - p) : n;
		while (k && *k) {
			const char *ke = strchr(k, ',');
			size_t kl = ke ? (size_t)(ke - k) : strlen(k);

			if (kl == kn && !strncmp(k, p, kn))
				ok = true;
			k = ke ? ke + 1 : NULL;
		}
		if (!ok) {
			mm_pl_msg(msg, len, "unknown layout option '%.*s' (known: %s)",
			       (int)n, p, known);
			return -EINVAL;
		}
		p = end ? end + 1 : NULL;
	}
	return 0;
}
