// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mtdparts.c - parse and check cmdlinepart partition lists (PARTSCMDLINE).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtdparts.h"

#define SIZE_REST	UINT64_MAX	/* "-" */
#define OFFSET_NEXT	UINT64_MAX	/* no "@offset" */

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/*
 * The kernel's memparse: a number in base 0 (0x hex, leading 0 octal, else
 * decimal) and an optional binary suffix. Returns the characters used, 0
 * when there is no number, -ERANGE on overflow.
 */
static int parse_number(const char *s, uint64_t *out)
{
	const char *p = s;
	unsigned int base = 10, shift = 0;
	uint64_t v = 0;
	int d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	if (digit_value(*p) >= (int)base)
		return 0;
	while ((d = digit_value(*p)) < (int)base) {
		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
		p++;
	}
	switch (*p) {
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	}
	if (shift) {
		if (v > (UINT64_MAX >> shift))
			return -ERANGE;
		v <<= shift;
		p++;
	}
	*out = v;
	return p - s;
}

static int fail(char *msg, size_t len, const char *s, const char *at,
		const char *what)
{
	snprintf(msg, len, "%s at character %td", what, at - s + 1);
	return -EINVAL;
}

/* Parse the syntax into @parts (offsets and sizes still symbolic). */
static int parse_list(const char *s, struct mm_part **parts, size_t *n,
		      char *msg, size_t len)
{
	struct mm_part *v = NULL, *tmp;
	size_t cap = 0, cnt = 0;
	const char *p = s, *q;
	bool rest = false;
	int r;

	if (!*s) {
		snprintf(msg, len, "empty partition list");
		return -EINVAL;
	}
	for (;;) {
		struct mm_part *pt;

		if (rest) {
			r = fail(msg, len, s, p,
				 "no partition may follow a '-' (rest of the device) partition");
			goto out_free;
		}
		if (cnt == cap) {
			cap = cap ? 2 * cap : 8;
			tmp = realloc(v, cap * sizeof(*v));
			if (!tmp) {
				r = -ENOMEM;
				goto out_free;
			}
			v = tmp;
		}
		pt = &v[cnt];
		memset(pt, 0, sizeof(*pt));
		if (*p == '-') {
			pt->size = SIZE_REST;
			rest = true;
			p++;
		} else {
			r = parse_number(p, &pt->size);
			if (r == -ERANGE) {
				r = fail(msg, len, s, p, "size too large");
				goto out_free;
			}
			if (r == 0) {
				r = fail(msg, len, s, p,
					 "expected a size or '-'");
				goto out_free;
			}
			if (pt->size == 0) {
				r = fail(msg, len, s, p, "partition of size 0");
				goto out_free;
			}
			p += r;
		}
		pt->offset = OFFSET_NEXT;
		if (*p == '@') {
			p++;
			r = parse_number(p, &pt->offset);
			if (r == -ERANGE || pt->offset == OFFSET_NEXT) {
				r = fail(msg, len, s, p, "offset too large");
				goto out_free;
			}
			if (r == 0) {
				r = fail(msg, len, s, p,
					 "expected an offset after '@'");
				goto out_free;
			}
			p += r;
		}
		if (*p == '(') {
			q = strchr(p + 1, ')');
			if (!q) {
				r = fail(msg, len, s, p,
					 "no closing ')' for the partition name");
				goto out_free;
			}
			if ((size_t)(q - p - 1) >= sizeof(pt->name)) {
				r = fail(msg, len, s, p + 1,
					 "partition name longer than 63 characters");
				goto out_free;
			}
			memcpy(pt->name, p + 1, q - p - 1);
			pt->name[q - p - 1] = '\0';
			p = q + 1;
		}
		if (!strncmp(p, "ro", 2)) {
			pt->ro = true;
			p += 2;
		}
		if (!strncmp(p, "lk", 2)) {
			pt->lk = true;
			p += 2;
		}
		cnt++;
		if (!*p)
			break;
		if (*p != ',') {
			char what[64];

			snprintf(what, sizeof(what), "unexpected '%c'", *p);
			r = fail(msg, len, s, p, what);
			goto out_free;
		}
		p++;
	}
	*parts = v;
	*n = cnt;
	return 0;

out_free:
	free(v);
	return r;
}

static void part_label(const struct mm_part *p, size_t i, char *buf,
		       size_t len)
{
	if (p->name[0])
		snprintf(buf, len, "partition %zu ('%s')", i + 1, p->name);
	else
		snprintf(buf, len, "partition %zu", i + 1);
}

int mm_parts_parse(const char *s, uint64_t dev_size, uint64_t eb_size,
		   struct mm_part **parts, size_t *n, char *msg, size_t len)
{
	struct mm_part *v;
	size_t cnt, i, j;
	uint64_t next = 0;
	char a[128], b[128];
	int ret;

	*parts = NULL;
	*n = 0;
	if (!s) {
		snprintf(msg, len, "empty partition list");
		return -EINVAL;
	}
	ret = parse_list(s, &v, &cnt, msg, len);
	if (ret)
		return ret;
	for (i = 0; i < cnt; i++) {
		struct mm_part *p = &v[i];

		part_label(p, i, a, sizeof(a));
		if (p->offset == OFFSET_NEXT)
			p->offset = next;
		if (p->offset >= dev_size) {
			snprintf(msg, len, "%s starts at 0x%" PRIx64 ", at or past the end of the device (0x%" PRIx64 ")",
				 a, p->offset, dev_size);
			goto out_inval;
		}
		if (p->size == SIZE_REST)
			p->size = dev_size - p->offset;
		if (p->size > dev_size - p->offset) {
			snprintf(msg, len, "%s (0x%" PRIx64 " bytes at 0x%" PRIx64 ") runs past the end of the device (0x%" PRIx64 ")",
				 a, p->size, p->offset, dev_size);
			goto out_inval;
		}
		if (eb_size && (p->offset % eb_size || p->size % eb_size)) {
			snprintf(msg, len, "%s (0x%" PRIx64 " bytes at 0x%" PRIx64 ") is not aligned to the eraseblock size (0x%" PRIx64 ")",
				 a, p->size, p->offset, eb_size);
			goto out_inval;
		}
		next = p->offset + p->size;
	}
	for (i = 0; i < cnt; i++) {
		for (j = i + 1; j < cnt; j++) {
			if (v[i].offset < v[j].offset + v[j].size &&
			    v[j].offset < v[i].offset + v[i].size) {
				part_label(&v[i], i, a, sizeof(a));
				part_label(&v[j], j, b, sizeof(b));
				snprintf(msg, len, "%s overlaps %s (at 0x%" PRIx64 ")",
					 b, a,
					 v[i].offset > v[j].offset ?
					 v[i].offset : v[j].offset);
				goto out_inval;
			}
		}
	}
	*parts = v;
	*n = cnt;
	return 0;

out_inval:
	free(v);
	return -EINVAL;
}
