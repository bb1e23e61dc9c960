// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scan.c - the content scanner: one pass over every page, block by block,
 * with a page buffer and a few fixed-size collectors per block.
 *
 * On-flash structures (field offsets from the kernel headers named):
 *  - JFFS2 node header (include/uapi/linux/jffs2.h): magic u16 @0, nodetype
 *    u16 @2, totlen u32 @4, hdr_crc u32 @8 = mm_crc32_le(0, node, 8);
 *  - UBI EC header (drivers/mtd/ubi/ubi-media.h): "UBI#" @0, version @4,
 *    ec be64 @8, vid_hdr_offset be32 @16, data_offset be32 @20, image_seq
 *    be32 @24, hdr_crc be32 @60 = mm_crc32_le(0xFFFFFFFF, hdr, 60);
 *  - UBI VID header: "UBI!" @0, vol_type @5, vol_id be32 @8, lnum be32 @12,
 *    hdr_crc be32 @60 (same rule);
 *  - UBI volume table record, 172 bytes: reserved_pebs be32 @0, alignment
 *    @4, data_pad @8, vol_type @12 (1 dynamic, 2 static), name_len be16
 *    @14, name @16, crc be32 @168 over bytes 0..167;
 *  - UBIFS common header (fs/ubifs/ubifs-media.h): magic le32 0x06101831 @0,
 *    crc le32 @4 = mm_crc32_le(0xFFFFFFFF, node + 8, len - 8), len le32 @16,
 *    node_type @20 (6 = superblock); the superblock node is 4096 bytes;
 *  - SquashFS 4 superblock: "hsqs" @0, inodes le32 @4, block_size le32 @12,
 *    compression le16 @20, block_log le16 @22, s_major le16 @28, s_minor
 *    @30, bytes_used le64 @40;
 *  - U-Boot legacy image header (include/image.h), big endian: magic
 *    0x27051956 @0, hcrc @4 (zlib CRC-32 of the 64 bytes with hcrc zero),
 *    size @12, dcrc @24 (of the data), os @28, arch @29, type @30, comp @31,
 *    name[32] @32;
 *  - FDT header (devicetree specification), big endian: magic 0xd00dfeed
 *    @0, totalsize @4, off_dt_struct @8, off_dt_strings @12, off_mem_rsvmap
 *    @16, version @20, last_comp_version @24, size_dt_strings @32,
 *    size_dt_struct @36;
 *  - U-Boot environment (include/env.h): crc32 le32 @0, [flags u8 @4 in a
 *    redundant environment], then "key=value\0" pairs ended by an empty
 *    string; the CRC (zlib's) covers everything after the header up to the
 *    configured size.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../util/bbt.h"
#include "../util/crc32.h"
#include "../layout/ooblayout.h"
#include "scan.h"

#define HEAD_MAX		4096	/* block bytes kept for header checks */
#define UBI_HDR_SIZE		64
#define UBI_VTBL_REC_SIZE	172
#define UBI_VTBL_CRC_LEN	168
#define UBI_VTBL_BYTES		(MM_UBI_MAX_VOLUMES * UBI_VTBL_REC_SIZE)
#define UBIFS_MAGIC		0x06101831u
#define UBIFS_SB_NODE		6
#define UBIFS_SB_SIZE		4096
#define UBIFS_CH_SIZE		24
#define UBIFS_NODE_TYPES	12
#define ENV_STEP		256	/* environment sizes tried: multiples */
#define ENV_KEY_MAX		64
#define ENV_KEYS_MAX		8192	/* bytes of key names kept */
#define MTDPARTS_MAX		1024
#define MTDPARTS_ITEMS_MAX	32


static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p + 4) << 32 | le32(p);
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[1] << 8 | p[0]);
}

const char *mm_content_type_name(enum mm_content_type t)
{
	switch (t) {
	case MM_CT_DATA:
		return "data";
	case MM_CT_JFFS2:
		return "jffs2";
	case MM_CT_UBI:
		return "ubi";
	case MM_CT_UBIFS:
		return "ubifs";
	case MM_CT_SQUASHFS:
		return "squashfs";
	case MM_CT_UBOOT_ENV:
		return "uboot-env";
	case MM_CT_MTDPARTS:
		return "mtdparts";
	case MM_CT_UIMAGE:
		return "uimage";
	case MM_CT_FDT:
		return "fdt";
	}
	return "?";
}

/* One U-Boot environment candidate: its CRC field at block offset @base
 * (0, or a UBI LEB's data_offset), its data from block offset @start. */
struct env_cand {
	bool active;
	uint32_t base;
	uint32_t start;
	uint32_t stored;	/* the CRC field */
	uint8_t flags;		/* the byte after it (redundant environment) */
	uint32_t crc;
	uint32_t size;		/* environment size when the CRC matched */
	bool ended;		/* the empty string that ends the list was seen */
	bool bad;
	bool in_key;
	char key[ENV_KEY_MAX];
	size_t klen;
	char *keys;
	size_t keys_len;
	size_t n_keys;
};

/* The UBI image being walked: per-volume facts until its item is closed. */
struct ubi_scratch {
	uint32_t lebs[MM_UBI_MAX_VOLUMES];
	uint8_t content[MM_UBI_MAX_VOLUMES];
	uint64_t leb0_block[MM_UBI_MAX_VOLUMES];
	bool vtbl_ok;
	uint8_t vtbl[UBI_VTBL_BYTES];
};

struct scan {
	struct mm_dump *d;
	const struct mm_geom *g;
	struct mm_scan *res;
	size_t cap;
	uint64_t eb;
	uint8_t *data;
	uint8_t *oob;
	struct mm_ooblayout layout;
	bool have_layout;

	/* The block being read. */
	uint64_t blk;
	bool erased;
	uint8_t head[HEAD_MAX];
	uint32_t head_want;
	bool ec_valid;
	uint64_t ec;
	uint32_t vid_off, data_off, image_seq;
	uint8_t vid[UBI_HDR_SIZE];
	bool vid_valid;
	uint32_t vol_id, lnum;
	uint8_t *leb;		/* LEB data from data_off */
	uint32_t leb_want;
	uint64_t jffs2_nodes;
	bool jffs2_be;
	bool cleanmarker;
	struct env_cand env[2];

	/* The open item (index into res->items) and what it may absorb. */
	bool open;
	size_t open_idx;
	uint64_t region_end;	/* first block past the open SquashFS,
				 * uImage or FDT (their data can be anything) */

	/* The data CRC of a uImage, over its blocks as they are read. */
	bool ui_active;
	uint32_t ui_crc;
	uint64_t ui_left;
	uint32_t ui_dcrc;
	bool ui_done_ok;	/* the CRC held (set when ui_left reached 0) */
	size_t ui_idx;		/* its item, SIZE_MAX until classified */

	/* Facts about the open UBI image. */
	struct ubi_scratch *ubi;

	/* The "mtdparts=" matcher runs over the data of all good blocks. */
	unsigned int mt_state;
	bool mt_capture;
	uint64_t mt_off;
	char mt_val[MTDPARTS_MAX];
	size_t mt_len;
	size_t n_mtdparts;
};

static const char mtd_needle[] = "mtdparts=";

static struct mm_content *new_item(struct scan *s, enum mm_content_type t,
				   uint64_t blk)
{
	struct mm_scan *r = s->res;
	struct mm_content *c;

	if (r->n_items == s->cap) {
		size_t ncap = s->cap ? 2 * s->cap : 16;
		struct mm_content *n = realloc(r->items, ncap * sizeof(*n));

		if (!n)
			return NULL;
		r->items = n;
		s->cap = ncap;
	}
	c = &r->items[r->n_items++];
	memset(c, 0, sizeof(*c));
	c->type = t;
	c->first_block = blk;
	c->last_block = blk;
	c->blocks = 1;
	return c;
}

/* Copy the part of [want_off, want_off + want_len) of the block that lies in
 * the page at block offset @page_off into @dst (indexed from want_off). */
static void take_range(uint8_t *dst, uint64_t want_off, uint64_t want_len,
		       const uint8_t *page, uint64_t page_off, uint32_t ps)
{
	uint64_t lo = want_off > page_off ? want_off : page_off;
	uint64_t hi = want_off + want_len;

	if (hi > page_off + ps)
		hi = page_off + ps;
	if (lo >= hi)
		return;
	memcpy(dst + (lo - want_off), page + (lo - page_off), hi - lo);
}

static bool all_ff(const uint8_t *p, size_t n)
{
	const uint64_t *w = (const uint64_t *)p;
	size_t i;

	/* Page buffers come from malloc (aligned); tails are checked by byte. */
	for (i = 0; i < n / 8; i++)
		if (w[i] != UINT64_MAX)
			return false;
	for (i = n & ~(size_t)7; i < n; i++)
		if (p[i] != 0xff)
			return false;
	return true;
}

/* ---- UBI ---------------------------------------------------------------- */

static bool ubi_ec_ok(struct scan *s, const uint8_t *h)
{
	uint32_t vid_off, data_off;

	if (memcmp(h, "UBI#", 4) || h[4] != 1)
		return false;
	if (mm_crc32_le(0xFFFFFFFFu, h, 60) != be32(h + 60))
		return false;
	vid_off = be32(h + 16);
	data_off = be32(h + 20);
	if (vid_off < UBI_HDR_SIZE || data_off <= vid_off ||
	    (uint64_t)vid_off + UBI_HDR_SIZE > data_off || data_off >= s->eb)
		return false;
	s->ec = be64(h + 8);
	s->vid_off = vid_off;
	s->data_off = data_off;
	s->image_seq = be32(h + 24);
	return true;
}

static bool ubi_vid_ok(const uint8_t *h)
{
	if (memcmp(h, "UBI!", 4) || h[4] != 1)
		return false;
	return mm_crc32_le(0xFFFFFFFFu, h, 60) == be32(h + 60);
}

static bool vtbl_valid(const uint8_t *t, size_t nrec)
{
	size_t i;

	for (i = 0; i < nrec; i++) {
		const uint8_t *r = t + i * UBI_VTBL_REC_SIZE;

		if (mm_crc32_le(0xFFFFFFFFu, r, UBI_VTBL_CRC_LEN) !=
		    be32(r + UBI_VTBL_CRC_LEN))
			return false;
	}
	return true;
}

/* ---- file system headers ------------------------------------------------ */

static bool ubifs_sb_ok(const uint8_t *p, size_t avail)
{
	uint32_t len;

	if (avail < UBIFS_CH_SIZE || le32(p) != UBIFS_MAGIC ||
	    p[20] != UBIFS_SB_NODE)
		return false;
	len = le32(p + 16);
	if (len < 128 || len > avail || len > UBIFS_SB_SIZE)
		return false;
	return mm_crc32_le(0xFFFFFFFFu, p + 8, len - 8) == le32(p + 4);
}

static void ubifs_fill(struct mm_content *c, const uint8_t *p)
{
	c->ubifs.min_io_size = le32(p + 32);
	c->ubifs.leb_size = le32(p + 36);
	c->ubifs.leb_cnt = le32(p + 40);
	c->ubifs.max_leb_cnt = le32(p + 44);
	c->ubifs.fmt_version = le32(p + 80);
	c->ubifs.default_compr = le16(p + 84);
}

static bool sqfs_ok(const uint8_t *p)
{
	uint32_t bs = le32(p + 12);
	uint16_t blog = le16(p + 22);

	if (memcmp(p, "hsqs", 4) || le16(p + 28) != 4)
		return false;
	if (blog < 12 || blog > 20 || bs != 1u << blog)
		return false;
	return le64(p + 40) >= 96;
}

static void sqfs_fill(struct mm_content *c, const uint8_t *p)
{
	c->squashfs.major = le16(p + 28);
	c->squashfs.minor = le16(p + 30);
	c->squashfs.block_size = le32(p + 12);
	c->squashfs.compression = le16(p + 20);
	c->squashfs.bytes_used = le64(p + 40);
	c->squashfs.inodes = le32(p + 4);
}

static bool uimage_ok(const uint8_t *p)
{
	uint8_t h[64];

	if (be32(p) != 0x27051956u)
		return false;
	memcpy(h, p, sizeof(h));
	memset(h + 4, 0, 4);
	return ~mm_crc32_le(0xFFFFFFFFu, h, sizeof(h)) == be32(p + 4);
}

static void uimage_fill(struct mm_content *c, const uint8_t *p)
{
	memcpy(c->uimage.name, p + 32, 32);
	c->uimage.name[32] = '\0';
	c->uimage.size = be32(p + 12);
	c->uimage.os = p[28];
	c->uimage.arch = p[29];
	c->uimage.type = p[30];
	c->uimage.comp = p[31];
}

static bool fdt_ok(const uint8_t *p)
{
	uint32_t total = be32(p + 4), ver = be32(p + 20), last = be32(p + 24);
	uint32_t o_struct = be32(p + 8), o_strings = be32(p + 12);
	uint32_t o_rsv = be32(p + 16), sz_strings = be32(p + 32);
	uint32_t sz_struct = be32(p + 36);

	if (be32(p) != 0xd00dfeedu || total < 40 || ver < 16 || ver > 17 ||
	    last > ver)
		return false;
	return o_rsv >= 40 && o_rsv < total && o_struct >= 40 &&
	       (uint64_t)o_struct + sz_struct <= total && o_strings >= 40 &&
	       (uint64_t)o_strings + sz_strings <= total;
}

/* ---- JFFS2 -------------------------------------------------------------- */

static const uint8_t jffs2_cm_le[8] = { 0x85, 0x19, 0x03, 0x20, 8, 0, 0, 0 };
static const uint8_t jffs2_cm_be[8] = { 0x19, 0x85, 0x20, 0x03, 0, 0, 0, 8 };

static void jffs2_page(struct scan *s, const uint8_t *p, uint32_t ps)
{
	uint32_t off;

	for (off = 0; off + 12 <= ps; off += 4) {
		const uint8_t *h = p + off;
		bool be;
		uint32_t totlen;

		if (h[0] == 0x85 && h[1] == 0x19)
			be = false;
		else if (h[0] == 0x19 && h[1] == 0x85)
			be = true;
		else
			continue;
		if ((be ? be32(h + 8) : le32(h + 8)) != mm_crc32_le(0, h, 8))
			continue;
		totlen = be ? be32(h + 4) : le32(h + 4);
		if (totlen < 12 || (h[2] == 0 && h[3] == 0))
			continue;
		s->jffs2_nodes++;
		s->jffs2_be = be;
		/* Skip the node's header; its body may hold anything. */
		off += 8;
	}
}

static bool jffs2_inband_cleanmarker(const uint8_t *h)
{
	bool be;

	if (h[0] == 0x85 && h[1] == 0x19 && h[2] == 0x03 && h[3] == 0x20)
		be = false;
	else if (h[0] == 0x19 && h[1] == 0x85 && h[2] == 0x20 && h[3] == 0x03)
		be = true;
	else
		return false;
	return (be ? be32(h + 8) : le32(h + 8)) == mm_crc32_le(0, h, 8) &&
	       (be ? be32(h + 4) : le32(h + 4)) >= 12;
}

static bool has_seq(const uint8_t *p, size_t n, const uint8_t *seq, size_t m)
{
	size_t i;

	for (i = 0; i + m <= n; i++)
		if (!memcmp(p + i, seq, m))
			return true;
	return false;
}

static void jffs2_oob(struct scan *s, const uint8_t *oob)
{
	uint8_t fb[256];
	uint32_t n = s->g->oob_size;

	if (has_seq(oob, n, jffs2_cm_le, 8) || has_seq(oob, n, jffs2_cm_be, 8)) {
		s->cleanmarker = true;
		return;
	}
	/* The kernel writes it through AUTO_OOB: the free bytes in order. */
	if (!s->have_layout)
		return;
	n = s->layout.oobavail < sizeof(fb) ? s->layout.oobavail : sizeof(fb);
	mm_ooblayout_get_free(&s->layout, oob, 0, n, fb);
	if (has_seq(fb, n, jffs2_cm_le, 8) || has_seq(fb, n, jffs2_cm_be, 8))
		s->cleanmarker = true;
}

/* ---- U-Boot environment ------------------------------------------------- */

static bool env_key_char(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' ||
	       c == ':' || c == '/' || c == '#' || c == '+';
}

/* A plausible start: a key of at most ENV_KEY_MAX name characters and '='. */
static bool env_plausible(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < ENV_KEY_MAX; i++) {
		if (p[i] == '=')
			return i > 0;
		if (!env_key_char(p[i]))
			return false;
	}
	return false;
}

static void env_reset(struct env_cand *e)
{
	free(e->keys);
	memset(e, 0, sizeof(*e));
}

static void env_push_key(struct env_cand *e)
{
	char *n;

	if (e->keys_len + e->klen + 1 > ENV_KEYS_MAX)
		return;
	n = realloc(e->keys, e->keys_len + e->klen + 1);
	if (!n) {
		e->bad = true;
		return;
	}
	e->keys = n;
	memcpy(e->keys + e->keys_len, e->key, e->klen);
	e->keys_len += e->klen;
	e->keys[e->keys_len++] = '\0';
	e->n_keys++;
}

static void env_parse(struct env_cand *e, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && !e->ended && !e->bad; i++) {
		uint8_t c = p[i];

		if (e->in_key) {
			if (c == '=') {
				if (!e->klen)
					e->bad = true;
				else
					env_push_key(e);
				e->in_key = false;
			} else if (c == '\0') {
				if (e->klen)
					e->bad = true;
				else
					e->ended = true;
			} else if (c < 0x20 || c >= 0x7f || e->klen >= ENV_KEY_MAX - 1) {
				e->bad = true;
			} else {
				e->key[e->klen++] = c;
			}
		} else if (c == '\0') {
			e->in_key = true;
			e->klen = 0;
		}
	}
}

/*
 * Feed the block bytes [off, off + n) to a candidate.
 * TODO: environments larger than one eraseblock (small-page NAND with
 * CONFIG_ENV_SIZE over 16 KiB) are not recognised.
 */
static void env_feed(struct env_cand *e, const uint8_t *p, uint64_t off,
		     size_t n)
{
	uint64_t end = off + n;

	if (!e->active || e->size)
		return;
	if (off < e->start) {
		if (end <= e->start)
			return;
		p += e->start - off;
		off = e->start;
	}
	env_parse(e, p, end - off);
	while (off < end) {
		uint64_t next = (off / ENV_STEP + 1) * ENV_STEP;

		if (next > end)
			next = end;
		e->crc = mm_crc32_le(e->crc, p, next - off);
		p += next - off;
		off = next;
		if (off % ENV_STEP == 0 && ~e->crc == e->stored && e->ended &&
		    !e->bad && e->n_keys) {
			e->size = off - e->base;
			return;
		}
	}
}

/*
 * Start both candidates (without and with the flag byte of a redundant
 * environment) at block offset @base, inside the page at @poff.
 */
static void env_start(struct scan *s, const uint8_t *page, uint64_t poff,
		      uint32_t base)
{
	uint32_t ps = s->g->page_size, in = base - poff;
	int i;

	if (base < poff || in + 5 >= ps)
		return;
	for (i = 0; i < 2; i++) {
		struct env_cand *e = &s->env[i];

		e->base = base;
		e->start = base + 4 + i;
		e->stored = le32(page + in);
		e->flags = page[in + 4];
		e->active = env_plausible(page + in + 4 + i, ps - in - 4 - i);
		e->crc = 0xFFFFFFFFu;
		e->in_key = true;
	}
}

static struct env_cand *env_found(struct scan *s)
{
	int i;

	for (i = 0; i < 2; i++)
		if (s->env[i].active && s->env[i].size)
			return &s->env[i];
	return NULL;
}

/* ---- mtdparts= strings -------------------------------------------------- */

static int mtdparts_found(struct scan *s)
{
	struct mm_content *c;
	size_t i;

	/* U-Boot's variable is often "mtdparts=mtdparts=nand0:...". */
	while (s->mt_len >= sizeof(mtd_needle) - 1 &&
	       !memcmp(s->mt_val, mtd_needle, sizeof(mtd_needle) - 1)) {
		s->mt_len -= sizeof(mtd_needle) - 1;
		memmove(s->mt_val, s->mt_val + sizeof(mtd_needle) - 1,
			s->mt_len);
	}
	if (s->mt_len < 3 || !memchr(s->mt_val, ':', s->mt_len))
		return 0;
	for (i = 0; i < s->res->n_items; i++) {
		c = &s->res->items[i];
		if (c->type == MM_CT_MTDPARTS &&
		    strlen(c->mtdparts.value) == s->mt_len &&
		    !memcmp(c->mtdparts.value, s->mt_val, s->mt_len)) {
			c->mtdparts.count++;
			return 0;
		}
	}
	if (s->n_mtdparts >= MTDPARTS_ITEMS_MAX)
		return 0;
	c = new_item(s, MM_CT_MTDPARTS, s->mt_off / s->eb);
	if (!c)
		return -ENOMEM;
	c->mtdparts.value = strndup(s->mt_val, s->mt_len);
	if (!c->mtdparts.value) {
		s->res->n_items--;
		return -ENOMEM;
	}
	c->mtdparts.offset = s->mt_off;
	c->mtdparts.count = 1;
	s->n_mtdparts++;
	return 0;
}

static bool mt_terminator(uint8_t c)
{
	return c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == ';';
}

/* @off: the device data offset of p[0]. */
static int mtdparts_feed(struct scan *s, const uint8_t *p, size_t n,
			 uint64_t off)
{
	size_t i = 0;
	int ret;

	while (i < n) {
		uint8_t c = p[i];

		if (s->mt_capture) {
			if (mt_terminator(c) || s->mt_len == MTDPARTS_MAX) {
				s->mt_capture = false;
				ret = mtdparts_found(s);
				if (ret)
					return ret;
				continue;
			}
			s->mt_val[s->mt_len++] = c;
			i++;
			continue;
		}
		if (!s->mt_state) {
			const uint8_t *q = memchr(p + i, 'm', n - i);

			if (!q)
				break;
			i = q - p;
			s->mt_state = 1;
			s->mt_off = off + i;
			i++;
			continue;
		}
		if (c == (uint8_t)mtd_needle[s->mt_state]) {
			if (++s->mt_state == sizeof(mtd_needle) - 1) {
				s->mt_state = 0;
				s->mt_capture = true;
				s->mt_len = 0;
			}
			i++;
			continue;
		}
		/* 'm' occurs once in the needle: restart at this byte. */
		s->mt_state = 0;
	}
	return 0;
}

static int mtdparts_flush(struct scan *s)
{
	s->mt_state = 0;
	if (!s->mt_capture)
		return 0;
	s->mt_capture = false;
	return mtdparts_found(s);
}

/* ---- uImage data CRC ---------------------------------------------------- */

static void uimage_done(struct scan *s, bool ok)
{
	s->ui_active = false;
	s->ui_done_ok = ok;
	if (s->ui_idx != SIZE_MAX)
		s->res->items[s->ui_idx].uimage.data_crc_ok = ok;
}

/* Every page of every good block passes here, erased or not. */
static void uimage_feed(struct scan *s, uint32_t p, const uint8_t *data)
{
	uint32_t ps = s->g->page_size, off = 0, n;

	if (!s->ui_active) {
		if (p != 0 || !uimage_ok(data))
			return;
		s->ui_active = true;
		s->ui_crc = 0xFFFFFFFFu;
		s->ui_left = be32(data + 12);
		s->ui_dcrc = be32(data + 24);
		s->ui_done_ok = false;
		s->ui_idx = SIZE_MAX;
		off = 64;
	}
	n = ps - off;
	if (n > s->ui_left)
		n = s->ui_left;
	s->ui_crc = mm_crc32_le(s->ui_crc, data + off, n);
	s->ui_left -= n;
	if (!s->ui_left)
		uimage_done(s, ~s->ui_crc == s->ui_dcrc);
}

/* ---- items -------------------------------------------------------------- */

static void ubi_scratch_reset(struct ubi_scratch *u)
{
	memset(u->lebs, 0, sizeof(u->lebs));
	memset(u->content, MM_CT_DATA, sizeof(u->content));
	memset(u->leb0_block, 0, sizeof(u->leb0_block));
	u->vtbl_ok = false;
}

/* The open UBI item ends: build its volume list. */
static int ubi_close(struct scan *s, struct mm_content *c)
{
	struct ubi_scratch *u = s->ubi;
	struct mm_ubi_volume *v;
	size_t nrec, i, n = 0, k;
	uint32_t leb_size = c->ubi.leb_size;

	nrec = leb_size / UBI_VTBL_REC_SIZE;
	if (nrec > MM_UBI_MAX_VOLUMES)
		nrec = MM_UBI_MAX_VOLUMES;
	c->ubi.volumes = calloc(MM_UBI_MAX_VOLUMES, sizeof(*v));
	if (!c->ubi.volumes)
		return -ENOMEM;
	for (i = 0; i < MM_UBI_MAX_VOLUMES; i++) {
		const uint8_t *r = u->vtbl + i * UBI_VTBL_REC_SIZE;
		bool in_table = u->vtbl_ok && i < nrec && be32(r);

		if (!in_table && !u->lebs[i])
			continue;
		v = &c->ubi.volumes[n++];
		v->id = i;
		v->lebs_seen = u->lebs[i];
		v->content = u->content[i];
		v->leb0_block = u->leb0_block[i];
		v->dynamic = true;
		if (in_table) {
			size_t nl = be16(r + 14);

			if (nl > sizeof(v->name) - 1)
				nl = sizeof(v->name) - 1;
			memcpy(v->name, r + 16, nl);
			v->reserved_pebs = be32(r);
			v->alignment = be32(r + 4);
			v->data_pad = be32(r + 8);
			/* The table stores UBI_VID_DYNAMIC (1) or
			 * UBI_VID_STATIC (2), as the VID header does. */
			v->dynamic = r[12] != 2;
			if (v->data_pad < leb_size)
				v->size = (uint64_t)v->reserved_pebs *
					  (leb_size - v->data_pad);
		}
	}
	c->ubi.n_volumes = n;
	c->ubi.vtbl_found = u->vtbl_ok;
	/* Name the UBIFS items found inside this image. */
	for (k = 0; k < s->res->n_items; k++) {
		struct mm_content *f = &s->res->items[k];

		char *name;
		uint32_t id;

		if (f->first_block < c->first_block ||
		    f->first_block > c->last_block)
			continue;
		if (f->type == MM_CT_UBIFS && f->ubifs.in_ubi) {
			id = f->ubifs.ubi_vol_id;
			name = f->ubifs.ubi_vol_name;
		} else if (f->type == MM_CT_UBOOT_ENV && f->env.in_ubi) {
			id = f->env.ubi_vol_id;
			name = f->env.ubi_vol_name;
		} else {
			continue;
		}
		for (i = 0; i < n; i++)
			if (c->ubi.volumes[i].id == id)
				memcpy(name, c->ubi.volumes[i].name,
				       sizeof(c->ubi.volumes[i].name));
	}
	return 0;
}

static int close_item(struct scan *s)
{
	struct mm_content *c;
	int ret = 0;

	if (!s->open)
		return 0;
	c = &s->res->items[s->open_idx];
	if (c->type == MM_CT_UBI)
		ret = ubi_close(s, c);
	s->open = false;
	s->region_end = 0;
	return ret;
}

/* Extend the open item with this block, or close it and open a new one. */
static struct mm_content *use_item(struct scan *s, enum mm_content_type t,
				   bool same, int *ret)
{
	struct mm_content *c;

	if (s->open && same) {
		c = &s->res->items[s->open_idx];
		c->last_block = s->blk;
		c->blocks++;
		return c;
	}
	*ret = close_item(s);
	if (*ret)
		return NULL;
	c = new_item(s, t, s->blk);
	if (!c) {
		*ret = -ENOMEM;
		return NULL;
	}
	s->open = true;
	s->open_idx = s->res->n_items - 1;
	return c;
}

static enum mm_content_type open_type(struct scan *s)
{
	return s->open ? s->res->items[s->open_idx].type : MM_CT_DATA;
}

static struct mm_content *env_item(struct scan *s, struct env_cand *e)
{
	struct mm_content *c = new_item(s, MM_CT_UBOOT_ENV, s->blk);

	if (!c)
		return NULL;
	c->env.size = e->size;
	c->env.redundant = e->start == e->base + 5;
	c->env.flags = c->env.redundant ? e->flags : 0;
	c->env.keys = e->keys;
	c->env.keys_len = e->keys_len;
	c->env.n_keys = e->n_keys;
	e->keys = NULL;
	return c;
}

static int classify_ubi(struct scan *s)
{
	struct mm_content *c = s->open ? &s->res->items[s->open_idx] : NULL;
	struct ubi_scratch *u = s->ubi;
	bool same = c && c->type == MM_CT_UBI &&
		    c->ubi.image_seq == s->image_seq &&
		    c->ubi.vid_hdr_offset == s->vid_off &&
		    c->ubi.data_offset == s->data_off;
	uint32_t avail = s->leb_want;
	struct env_cand *e;
	int ret = 0;

	c = use_item(s, MM_CT_UBI, same, &ret);
	if (!c)
		return ret;
	if (!same) {
		c->ubi.image_seq = s->image_seq;
		c->ubi.vid_hdr_offset = s->vid_off;
		c->ubi.data_offset = s->data_off;
		c->ubi.leb_size = s->eb - s->data_off;
		ubi_scratch_reset(u);
	}
	if (s->ec > c->ubi.max_ec && s->ec != UINT64_MAX)
		c->ubi.max_ec = s->ec;
	if (!s->vid_valid)
		return 0;
	c->ubi.used_pebs++;
	if (s->vol_id == MM_UBI_LAYOUT_VOL_ID && !u->vtbl_ok) {
		size_t nrec = c->ubi.leb_size / UBI_VTBL_REC_SIZE;

		if (nrec > MM_UBI_MAX_VOLUMES)
			nrec = MM_UBI_MAX_VOLUMES;
		if (vtbl_valid(s->leb, nrec)) {
			memcpy(u->vtbl, s->leb, nrec * UBI_VTBL_REC_SIZE);
			u->vtbl_ok = true;
		}
		return 0;
	}
	if (s->vol_id >= MM_UBI_MAX_VOLUMES)
		return 0;
	u->lebs[s->vol_id]++;
	if (s->lnum != 0)
		return 0;
	u->leb0_block[s->vol_id] = s->blk;
	if (ubifs_sb_ok(s->leb, avail)) {
		struct mm_content *f = new_item(s, MM_CT_UBIFS, s->blk);

		if (!f)
			return -ENOMEM;
		f->ubifs.in_ubi = true;
		f->ubifs.ubi_vol_id = s->vol_id;
		ubifs_fill(f, s->leb);
		u->content[s->vol_id] = MM_CT_UBIFS;
	} else if (avail >= 96 && sqfs_ok(s->leb)) {
		u->content[s->vol_id] = MM_CT_SQUASHFS;
	} else if ((e = env_found(s))) {
		struct mm_content *f = env_item(s, e);

		if (!f)
			return -ENOMEM;
		f->env.in_ubi = true;
		f->env.ubi_vol_id = s->vol_id;
		u->content[s->vol_id] = MM_CT_UBOOT_ENV;
	}
	return 0;
}

static int classify_env(struct scan *s, struct env_cand *e)
{
	int ret = close_item(s);

	if (ret)
		return ret;
	return env_item(s, e) ? 0 : -ENOMEM;
}

/* The open item claims @bytes from the start of this block (capped at the
 * end of the device, without overflow). */
static void set_region(struct scan *s, uint64_t bytes)
{
	uint64_t n = bytes / s->eb + !!(bytes % s->eb);

	s->region_end = n < s->g->block_count - s->blk ? s->blk + n :
			s->g->block_count;
}

/* A programmed good block has been read: say what it is. */
static int classify(struct scan *s)
{
	enum mm_content_type ot = open_type(s);
	struct env_cand *e;
	struct mm_content *c;
	int ret = 0;

	if (s->open && s->blk < s->region_end) {
		use_item(s, ot, true, &ret);
		return 0;
	}
	if (s->ec_valid)
		return classify_ubi(s);
	if (s->head_want >= 96 && sqfs_ok(s->head)) {
		c = use_item(s, MM_CT_SQUASHFS, false, &ret);
		if (!c)
			return ret;
		sqfs_fill(c, s->head);
		/* Blocks it claims, without overflow; at most to the end. */
		set_region(s, c->squashfs.bytes_used);
		return 0;
	}
	if (uimage_ok(s->head)) {
		c = use_item(s, MM_CT_UIMAGE, false, &ret);
		if (!c)
			return ret;
		uimage_fill(c, s->head);
		c->uimage.data_crc_ok = !s->ui_active && s->ui_done_ok;
		if (s->ui_active)
			s->ui_idx = c - s->res->items;
		set_region(s, 64 + (uint64_t)c->uimage.size);
		return 0;
	}
	if (fdt_ok(s->head)) {
		c = use_item(s, MM_CT_FDT, false, &ret);
		if (!c)
			return ret;
		c->fdt.totalsize = be32(s->head + 4);
		c->fdt.version = be32(s->head + 20);
		set_region(s, c->fdt.totalsize);
		return 0;
	}
	if (ubifs_sb_ok(s->head, s->head_want)) {
		c = use_item(s, MM_CT_UBIFS, false, &ret);
		if (!c)
			return ret;
		ubifs_fill(c, s->head);
		return 0;
	}
	if (ot == MM_CT_UBIFS && s->head_want >= UBIFS_CH_SIZE &&
	    le32(s->head) == UBIFS_MAGIC && s->head[20] < UBIFS_NODE_TYPES) {
		use_item(s, MM_CT_UBIFS, true, &ret);
		return ret;
	}
	e = env_found(s);
	if (e)
		return classify_env(s, e);
	if (s->jffs2_nodes || s->cleanmarker) {
		bool same = ot == MM_CT_JFFS2 &&
			    s->res->items[s->open_idx].jffs2.big_endian ==
			    s->jffs2_be;

		c = use_item(s, MM_CT_JFFS2, same, &ret);
		if (!c)
			return ret;
		c->jffs2.big_endian = s->jffs2_be;
		c->jffs2.nodes += s->jffs2_nodes;
		if (s->cleanmarker)
			c->jffs2.cleanmarkers++;
		return 0;
	}
	use_item(s, MM_CT_DATA, ot == MM_CT_DATA, &ret);
	return ret;
}

/* ---- the walk ----------------------------------------------------------- */

static void block_start(struct scan *s)
{
	int i;

	s->erased = true;
	/* An erased first page is skipped below; it reads as 0xFF. */
	memset(s->head, 0xff, sizeof(s->head));
	s->ec_valid = false;
	s->vid_valid = false;
	s->leb_want = 0;
	s->jffs2_nodes = 0;
	s->jffs2_be = false;
	s->cleanmarker = false;
	for (i = 0; i < 2; i++)
		env_reset(&s->env[i]);
}

static void page_feed(struct scan *s, uint32_t p, const uint8_t *data,
		      const uint8_t *oob)
{
	const struct mm_geom *g = s->g;
	uint32_t ps = g->page_size;
	uint64_t poff = (uint64_t)p * ps;
	int i;

	if (s->erased && (!all_ff(data, ps) || (oob && !all_ff(oob, g->oob_size))))
		s->erased = false;
	if (s->erased)
		return;
	take_range(s->head, 0, s->head_want, data, poff, ps);
	if (p == 0) {
		/* Page sizes are at least 256, so the headers are in page 0. */
		s->ec_valid = ubi_ec_ok(s, s->head);
		if (!s->ec_valid)
			env_start(s, data, 0, 0);
		if (oob)
			jffs2_oob(s, oob);
		/* NOR and data-only JFFS2: the clean-marker is an in-band
		 * 12-byte node (type 0x2003) at the start of the block. */
		if (jffs2_inband_cleanmarker(data))
			s->cleanmarker = true;
	}
	if (s->ec_valid) {
		if (!s->vid_valid && poff + ps > s->vid_off &&
		    poff < (uint64_t)s->vid_off + UBI_HDR_SIZE) {
			take_range(s->vid, s->vid_off, UBI_HDR_SIZE, data, poff,
				   ps);
			if (poff + ps >= (uint64_t)s->vid_off + UBI_HDR_SIZE &&
			    ubi_vid_ok(s->vid)) {
				s->vid_valid = true;
				s->vol_id = be32(s->vid + 8);
				s->lnum = be32(s->vid + 12);
				s->leb_want = s->eb - s->data_off;
				if (s->leb_want > UBI_VTBL_BYTES)
					s->leb_want = UBI_VTBL_BYTES;
				if (s->vol_id != MM_UBI_LAYOUT_VOL_ID &&
				    s->lnum != 0)
					s->leb_want = 0;
				memset(s->leb, 0xff, UBI_VTBL_BYTES);
			}
		}
		if (s->vid_valid && s->leb_want)
			take_range(s->leb, s->data_off, s->leb_want, data, poff,
				   ps);
		/* U-Boot's environment in a UBI volume starts its LEB 0. */
		if (s->vid_valid && s->lnum == 0 &&
		    s->vol_id < MM_UBI_MAX_VOLUMES && poff <= s->data_off &&
		    s->data_off < poff + ps)
			env_start(s, data, poff, s->data_off);
	} else {
		jffs2_page(s, data, ps);
	}
	for (i = 0; i < 2; i++)
		env_feed(&s->env[i], data, poff, ps);
}

/* Order by first block; at the same block, strings found in an item come
 * after it. */
static bool item_after(const struct mm_content *x, const struct mm_content *y)
{
	if (x->first_block != y->first_block)
		return x->first_block > y->first_block;
	return x->type == MM_CT_MTDPARTS && y->type != MM_CT_MTDPARTS;
}

int mm_scan(struct mm_dump *d, struct mm_scan *res)
{
	const struct mm_geom *g = &d->geom;
	uint64_t blk, nblk = g->block_count, page;
	uint32_t p, ppb = g->pages_per_block;
	struct scan *s;
	int ret = 0, i;

	memset(res, 0, sizeof(*res));
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->d = d;
	s->g = g;
	s->res = res;
	s->eb = mm_geom_eb_size(g);
	s->head_want = s->eb < HEAD_MAX ? s->eb : HEAD_MAX;
	s->data = malloc(g->page_size);
	s->oob = g->oob_size ? malloc(g->oob_size) : NULL;
	s->leb = malloc(UBI_VTBL_BYTES);
	s->ubi = malloc(sizeof(*s->ubi));
	if (!s->data || (g->oob_size && !s->oob) || !s->leb || !s->ubi) {
		ret = -ENOMEM;
		goto out_free;
	}
	if (g->oob_size && mm_ooblayout_default(&s->layout, g) == 0)
		s->have_layout = true;

	for (blk = 0; blk < nblk; blk++) {
		s->blk = blk;
		if (d->opts.progress)
			d->opts.progress(d->opts.progress_arg, "scanning", blk,
					 nblk);
		if (mm_bbt_is_bad(&d->bbt, blk)) {
			res->bad_blocks++;
			if (s->ui_active)
				uimage_done(s, false);
			ret = mtdparts_flush(s);
			if (ret)
				goto out_free;
			if (open_type(s) == MM_CT_DATA) {
				ret = close_item(s);
				if (ret)
					goto out_free;
			}
			continue;
		}
		block_start(s);
		for (p = 0; p < ppb; p++) {
			page = blk * ppb + p;
			ret = mm_dump_read_page(d, page, s->data, s->oob);
			if (ret < 0)
				goto out_free;
			if (ret == MM_PAGE_ABSENT)
				break;
			page_feed(s, p, s->data, s->oob);
			uimage_feed(s, p, s->data);
			ret = mtdparts_feed(s, s->data, g->page_size,
					    page * g->page_size);
			if (ret)
				goto out_free;
		}
		if (ret == MM_PAGE_ABSENT) {
			ret = 0;
			res->absent_blocks++;
			if (s->ui_active)
				uimage_done(s, false);
			ret = mtdparts_flush(s);
			if (ret)
				goto out_free;
			continue;
		}
		if (s->erased) {
			res->erased_blocks++;
			if (open_type(s) == MM_CT_DATA) {
				ret = close_item(s);
				if (ret)
					goto out_free;
			}
			continue;
		}
		res->programmed_blocks++;
		ret = classify(s);
		if (ret)
			goto out_free;
	}
	ret = mtdparts_flush(s);
	if (!ret)
		ret = close_item(s);
	if (d->opts.progress)
		d->opts.progress(d->opts.progress_arg, "scanning", nblk, nblk);

out_free:
	for (i = 0; i < 2; i++)
		env_reset(&s->env[i]);
	free(s->data);
	free(s->oob);
	free(s->leb);
	free(s->ubi);
	free(s);
	if (ret < 0) {
		if (ret == -ENOMEM && !d->err[0])
			mm_set_error(&d->in, "out of memory while scanning");
		mm_scan_free(res);
		return ret;
	}
	/* Items were appended as found; order them by position. */
	if (res->n_items > 1) {
		size_t a, b;

		/* Insertion sort: stable, and the list is nearly sorted. */
		for (a = 1; a < res->n_items; a++) {
			struct mm_content t = res->items[a];

			for (b = a; b > 0 && item_after(&res->items[b - 1], &t);
			     b--)
				res->items[b] = res->items[b - 1];
			res->items[b] = t;
		}
	}
	return 0;
}

void mm_scan_free(struct mm_scan *res)
{
	size_t i;

	for (i = 0; i < res->n_items; i++) {
		struct mm_content *c = &res->items[i];

		switch (c->type) {
		case MM_CT_UBI:
			free(c->ubi.volumes);
			break;
		case MM_CT_UBOOT_ENV:
			free(c->env.keys);
			break;
		case MM_CT_MTDPARTS:
			free(c->mtdparts.value);
			break;
		default:
			break;
		}
	}
	free(res->items);
	memset(res, 0, sizeof(*res));
}
