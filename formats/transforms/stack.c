// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stack.c - the transforms the options ask for (registry.c), stacked
 * as one byte source between the unpacked file and the reader.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transform.h"

void mm_xform_bytes(unsigned int flags, uint8_t *buf, size_t len)
{
	unsigned int i;

	for (i = 0; mm_transforms[i]; i++)
		if (flags & (1u << i))
			mm_transforms[i]->apply(buf, len);
}

struct xform {
	unsigned int flags;
	unsigned int unit;	/* the largest unit of the transforms */
};

static ssize_t xform_pread(const struct mm_src *src, void *buf, size_t len,
			   uint64_t off)
{
	const struct xform *x = src->priv;
	uint8_t *tmp;
	uint64_t aoff;
	size_t alen, skip;
	ssize_t n;

	if (off >= src->size)
		return 0;
	if (len > src->size - off)
		len = src->size - off;
	if (x->unit == 1 || (!(off % x->unit) && !(len % x->unit))) {
		n = mm_src_pread(src->lower, buf, len, off);
		if (n > 0)
			mm_xform_bytes(x->flags, buf, n);
		return n;
	}
	/* Whole units only: widen the read to their bounds. */
	aoff = off - off % x->unit;
	skip = off - aoff;
	alen = (skip + len + x->unit - 1) / x->unit * x->unit;
	tmp = malloc(alen);
	if (!tmp)
		return -ENOMEM;
	n = mm_src_pread(src->lower, tmp, alen, aoff);
	if (n < 0)
		goto out_free;
	mm_xform_bytes(x->flags, tmp, n);
	n = (size_t)n > skip ? n - (ssize_t)skip : 0;
	if ((size_t)n > len)
		n = len;
	memcpy(buf, tmp + skip, n);
out_free:
	free(tmp);
	return n;
}

static void xform_close(struct mm_src *src)
{
	free(src->priv);
	src->priv = NULL;
}

static bool transform_layer_name(const struct mm_src *s, char *buf, size_t len);

static const struct mm_src_ops xform_ops = {
	.name = transform_layer_name,
	.kind = "transform",
	.pread = xform_pread,
	.close = xform_close,
};

/* "swap16+invert": the names, joined in registry order. */
static bool transform_layer_name(const struct mm_src *s, char *buf, size_t len)
{
	const struct xform *x = s->priv;
	size_t l = 0;
	unsigned int i;

	if (s->ops != &xform_ops)
		return false;
	buf[0] = 0;
	for (i = 0; mm_transforms[i] && l < len; i++)
		if (x->flags & (1u << i))
			l += (size_t)snprintf(buf + l, len - l, "%s%s",
					      l ? "+" : "",
					      mm_transforms[i]->name);
	return true;
}

int mm_transform_stack(struct mm_input *d)
{
	unsigned int flags = d->opts.transforms, unit = 1, i;
	struct xform *x;
	int ret;

	if (!flags)
		return 0;
	for (i = 0; mm_transforms[i]; i++) {
		const struct mm_transform *t = mm_transforms[i];

		if (!(flags & (1u << i)))
			continue;
		if (d->src.size % t->unit) {
			mm_set_error(d, "--%s: %s length %" PRIu64 " cannot hold %s",
				     t->name, t->unit == 2 ? "odd" : "uneven",
				     d->src.size, t->unit_name);
			return -EINVAL;
		}
		if (t->unit > unit)
			unit = t->unit;
	}
	if (flags >> i) {
		mm_set_error(d, "unknown transform (bits 0x%x)", flags >> i << i);
		return -EINVAL;
	}
	x = malloc(sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->flags = flags;
	x->unit = unit;
	ret = mm_src_stack(&d->src, &xform_ops, x, d->src.size);
	if (ret) {
		free(x);
		mm_set_error(d, "out of memory");
	}
	return ret;
}
