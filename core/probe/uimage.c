// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uimage.c - the U-Boot legacy image prober: a header at the start of an
 * eraseblock (header CRC verified); the image claims the blocks of its
 * data, whose CRC is computed over the pages as they pass.
 *
 * Header (include/image.h), big endian: magic 0x27051956 @0, hcrc @4 (zlib
 * CRC-32 of the 64 bytes with hcrc zero), size @12, dcrc @24 (of the
 * data), os @28, arch @29, type @30, comp @31, name[32] @32.
 */
#include <inttypes.h>
#include <string.h>

#include "../util/crc32.h"
#include "bytes.h"
#include "prober.h"

#define UIMAGE_HDR_SIZE	64

extern const struct mm_prober mm_prober_uimage;

/* An item: from the header (its CRC verified). */
struct uimage_item {
	char name[33];
	uint32_t size;		/* data bytes after the header */
	uint8_t os;
	uint8_t arch;
	uint8_t type;
	uint8_t comp;
	bool data_crc_ok;	/* the data CRC holds too */
};

/* The data CRC of the image being read, over its blocks as they pass. */
struct uimage {
	bool active;
	uint32_t crc;
	uint64_t left;
	uint32_t dcrc;
	bool done_ok;		/* the CRC held (set when left reached 0) */
	size_t idx;		/* its item, SIZE_MAX until claimed */
};

static bool uimage_ok(const uint8_t *p)
{
	uint8_t h[UIMAGE_HDR_SIZE];

	if (mm_be32(p) != 0x27051956u)
		return false;
	memcpy(h, p, sizeof(h));
	memset(h + 4, 0, 4);
	return ~mm_crc32_le(0xFFFFFFFFu, h, sizeof(h)) == mm_be32(p + 4);
}

static void uimage_fill(struct uimage_item *it, const uint8_t *p)
{
	memcpy(it->name, p + 32, 32);
	it->name[32] = '\0';
	it->size = mm_be32(p + 12);
	it->os = p[28];
	it->arch = p[29];
	it->type = p[30];
	it->comp = p[31];
}

static void uimage_done(struct mm_probe *pr, struct uimage *u, bool ok)
{
	u->active = false;
	u->done_ok = ok;
	if (u->idx != SIZE_MAX) {
		struct uimage_item *it = pr->res->items[u->idx].priv;

		it->data_crc_ok = ok;
	}
}

/* Every page of every good block passes here, erased or not. */
static int uimage_page(struct mm_probe *pr, void *priv, uint32_t p,
		       const uint8_t *data, const uint8_t *oob)
{
	struct uimage *u = priv;
	uint32_t ps = pr->g->page_size, off = 0, n;

	(void)oob;
	if (!u->active) {
		if (p != 0 || !uimage_ok(data))
			return 0;
		u->active = true;
		u->crc = 0xFFFFFFFFu;
		u->left = mm_be32(data + 12);
		u->dcrc = mm_be32(data + 24);
		u->done_ok = false;
		u->idx = SIZE_MAX;
		off = UIMAGE_HDR_SIZE;
	}
	n = ps - off;
	if (n > u->left)
		n = u->left;
	u->crc = mm_crc32_le(u->crc, data + off, n);
	u->left -= n;
	if (!u->left)
		uimage_done(pr, u, ~u->crc == u->dcrc);
	return 0;
}

static int uimage_gap(struct mm_probe *pr, void *priv)
{
	struct uimage *u = priv;

	if (u->active)
		uimage_done(pr, u, false);
	return 0;
}

static int uimage_claim(struct mm_probe *pr, void *priv)
{
	struct uimage *u = priv;
	struct uimage_item *it;
	struct mm_content *c;
	int ret;

	if (!uimage_ok(pr->head))
		return 0;
	ret = mm_probe_claim(pr, &mm_prober_uimage, false, &c);
	if (ret)
		return ret;
	it = c->priv;
	uimage_fill(it, pr->head);
	it->data_crc_ok = !u->active && u->done_ok;
	if (u->active)
		u->idx = c - pr->res->items;
	mm_probe_set_region(pr, UIMAGE_HDR_SIZE + (uint64_t)it->size);
	return 1;
}

/* include/image.h: IH_TYPE_* and IH_COMP_* (the common ones). */
static const char *uimage_type_name(unsigned int t)
{
	static const char *const names[] = {
		"invalid", "standalone", "kernel", "ramdisk", "multi",
		"firmware", "script", "filesystem", "flat_dt",
	};

	return t < sizeof(names) / sizeof(names[0]) ? names[t] : "other";
}

static const char *uimage_comp_name(unsigned int c)
{
	static const char *const names[] = {
		"none", "gzip", "bzip2", "lzma", "lzo", "lz4", "zstd",
	};

	return c < sizeof(names) / sizeof(names[0]) ? names[c] : "other";
}

static void uimage_describe(const struct mm_content *c, struct mm_writer *w)
{
	const struct uimage_item *it = c->priv;

	mm_writer_str(w, "name", it->name);
	mm_writer_u64(w, "data_size", it->size);
	mm_writer_str(w, "image_type", uimage_type_name(it->type));
	mm_writer_str(w, "compression", uimage_comp_name(it->comp));
	mm_writer_u64(w, "os", it->os);
	mm_writer_u64(w, "arch", it->arch);
	mm_writer_bool(w, "data_crc_ok", it->data_crc_ok);
}

static void uimage_summary(const struct mm_content *c, struct mm_writer *w)
{
	const struct uimage_item *it = c->priv;

	mm_writer_name(w, it->name);
	mm_writer_text(w, ", %s, %s, %" PRIu32 " bytes, data CRC %s",
		       uimage_type_name(it->type), uimage_comp_name(it->comp),
		       it->size, it->data_crc_ok ? "ok" : "wrong");
}

const struct mm_prober mm_prober_uimage = {
	.name		= "uimage",
	.item_size	= sizeof(struct uimage_item),
	.priv_size	= sizeof(struct uimage),
	.page		= uimage_page,
	.gap		= uimage_gap,
	.claim		= uimage_claim,
	.describe	= uimage_describe,
	.summary	= uimage_summary,
};
