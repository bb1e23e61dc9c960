// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * transform.c - byte-swap, bit-reverse and invert as a stacked byte source.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transform.h"

static uint8_t bitrev8(uint8_t b)
{
	b = (uint8_t)((b & 0xf0) >> 4 | (b & 0x0f) << 4);
	b = (uint8_t)((b & 0xcc) >> 2 | (b & 0x33) << 2);
	b = (uint8_t)((b & 0xaa) >> 1 | (b & 0x55) << 1);
	return b;
}

void mm_xform_bytes(unsigned int flags, uint8_t *buf, size_t len)
{
	size_t i;
	uint8_t t;

	if (flags & MM_XFORM_SWAP16) {
		for (i = 0; i + 1 < len; i += 2) {
			t = buf[i];
			buf[i] = buf[i + 1];
			buf[i + 1] = t;
		}
	}
	if (flags & MM_XFORM_BITREV)
		for (i = 0; i < len; i++)
			buf[i] = bitrev8(buf[i]);
	if (flags & MM_XFORM_INVERT)
		for (i = 0; i < len; i++)
			buf[i] = (uint8_t)~buf[i];
}

unsigned int mm_transform_flags(const struct mm_open_opts *o)
{
	return (o->swap16 ? MM_XFORM_SWAP16 : 0) |
	       (o->bit_reverse ? MM_XFORM_BITREV : 0) |
	       (o->invert ? MM_XFORM_INVERT : 0);
}

struct xform {
	unsigned int flags;
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
	if (!(x->flags & MM_XFORM_SWAP16) || (!(off & 1) && !(len & 1))) {
		n = mm_src_pread(src->lower, buf, len, off);
		if (n > 0)
			mm_xform_bytes(x->flags, buf, n);
		return n;
	}
	/* Swapping needs whole words: widen the read to even bounds. */
	aoff = off & ~(uint64_t)1;
	skip = off - aoff;
	alen = (skip + len + 1) & ~(size_t)1;
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
	.pread = xform_pread,
	.close = xform_close,
};

static bool transform_layer_name(const struct mm_src *s, char *buf, size_t len)
{
	const struct xform *x = s->priv;

	if (s->ops != &xform_ops)
		return false;
	snprintf(buf, len, "%s%s%s%s%s",
		 x->flags & MM_XFORM_SWAP16 ? "swap16" : "",
		 (x->flags & MM_XFORM_SWAP16) && (x->flags & ~MM_XFORM_SWAP16) ? "+" : "",
		 x->flags & MM_XFORM_BITREV ? "bit-reverse" : "",
		 (x->flags & MM_XFORM_BITREV) && (x->flags & MM_XFORM_INVERT) ? "+" : "",
		 x->flags & MM_XFORM_INVERT ? "invert" : "");
	return true;
}

int mm_transform_stack(struct mm_input *d)
{
	unsigned int flags = mm_transform_flags(&d->opts);
	struct xform *x;
	int ret;

	if (!flags)
		return 0;
	if ((flags & MM_XFORM_SWAP16) && (d->src.size & 1)) {
		mm_set_error(d, "--swap16: odd length %" PRIu64 " cannot hold 16-bit words",
			     d->src.size);
		return -EINVAL;
	}
	x = malloc(sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->flags = flags;
	ret = mm_src_stack(&d->src, &xform_ops, x, d->src.size);
	if (ret) {
		free(x);
		mm_set_error(d, "out of memory");
	}
	return ret;
}
