// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe_util.c - small synthetic dumps for the content scan and prober
 * tests (2048+64 pages, 4 pages per block), built in memory and written as
 * page+OOB files, and the on-flash headers they hold.
 *
 * The CRCs are computed here bit by bit, independently of the scanner's
 * table: UBI/UBIFS = crc32_le(0xFFFFFFFF), JFFS2 = crc32_le(0), U-Boot = the
 * zlib CRC-32 (~crc32_le(~0)).
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/open.h"
#include "probe_util.h"

uint32_t pu_bit_crc(uint32_t crc, const void *p, size_t n)
{
	const uint8_t *b = p;
	int k;

	while (n--) {
		crc ^= *b++;
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
	}
	return crc;
}

void pu_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

void pu_put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

void pu_img_init(struct img *m, unsigned int nblocks)
{
	m->nblocks = nblocks;
	m->data = malloc((size_t)nblocks * EB);
	m->oob = malloc((size_t)nblocks * PPB * OS);
	ck_assert_ptr_nonnull(m->data);
	ck_assert_ptr_nonnull(m->oob);
	memset(m->data, 0xff, (size_t)nblocks * EB);
	memset(m->oob, 0xff, (size_t)nblocks * PPB * OS);
}

uint8_t *pu_blk(struct img *m, unsigned int b)
{
	return m->data + (size_t)b * EB;
}

uint8_t *pu_oob(struct img *m, unsigned int b, unsigned int p)
{
	return m->oob + ((size_t)b * PPB + p) * OS;
}

/* Write the image as a page+OOB file, open it and scan it. */
void pu_img_scan(struct img *m, struct mm_dump *d, struct mm_scan *r,
		 const uint64_t *bad, size_t nbad)
{
	char path[] = "/tmp/check_probe.XXXXXX";
	struct mm_open_opts o;
	unsigned int p;
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	for (p = 0; p < m->nblocks * PPB; p++) {
		fwrite(m->data + (size_t)p * PS, 1, PS, f);
		fwrite(m->oob + (size_t)p * OS, 1, OS, f);
	}
	ck_assert_int_eq(fclose(f), 0);
	memset(&o, 0, sizeof(o));
	o.format = "oob";
	o.geom.page_size = PS;
	o.geom.oob_size = OS;
	o.geom.pages_per_block = PPB;
	o.oob_size_set = true;
	o.bbm.offset = -1;
	o.bad_blocks = bad;
	o.n_bad_blocks = nbad;
	ck_assert_msg(mm_dump_open(d, path, &o) == 0, "open: %s",
		      mm_dump_error(d));
	unlink(path);
	ck_assert_msg(mm_scan(d, r) == 0, "scan: %s", mm_dump_error(d));
}

void pu_img_free(struct img *m)
{
	free(m->data);
	free(m->oob);
}

const struct mm_content *pu_find(const struct mm_scan *r, const char *type,
				 size_t nth)
{
	size_t i;

	for (i = 0; i < r->n_items; i++)
		if (!strcmp(mm_content_type(&r->items[i]), type) && !nth--)
			return &r->items[i];
	return NULL;
}

/* A writer that records "path=value\n" lines (pu_field()). */
#define REC_DEPTH	8

struct rec {
	struct mm_writer w;
	char buf[1 << 16];
	size_t len;
	int depth;
	char comp[REC_DEPTH][256];	/* the path to each open container */
	int next[REC_DEPTH];		/* next index in an array, or -1 */
};

static struct rec *to_rec(struct mm_writer *w)
{
	return (struct rec *)w;
}

static void rec_add(struct rec *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void rec_add(struct rec *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(r->buf + r->len, sizeof(r->buf) - r->len, fmt, ap);
	va_end(ap);
	ck_assert(n >= 0 && (size_t)n < sizeof(r->buf) - r->len);
	r->len += n;
}

/* The path of a member @key (or of the next element) at this depth. */
static void rec_path(struct rec *r, const char *key, char *out, size_t len)
{
	int d = r->depth;

	ck_assert_int_lt(d, REC_DEPTH - 1);
	if (r->next[d] >= 0)
		snprintf(out, len, "%s%s%d", r->comp[d], d ? "." : "",
			 r->next[d]++);
	else
		snprintf(out, len, "%s%s%s", r->comp[d], d ? "." : "", key);
}

static void rec_value(struct mm_writer *w, const char *key, const char *v)
{
	char path[256];

	rec_path(to_rec(w), key, path, sizeof(path));
	rec_add(to_rec(w), "%s=%s\n", path, v);
}

static void rec_str(struct mm_writer *w, const char *key, const char *val)
{
	rec_value(w, key, val);
}

static void rec_u64(struct mm_writer *w, const char *key, uint64_t val)
{
	char v[32];

	snprintf(v, sizeof(v), "%llu", (unsigned long long)val);
	rec_value(w, key, v);
}

static void rec_bool(struct mm_writer *w, const char *key, bool val)
{
	rec_value(w, key, val ? "true" : "false");
}

static void rec_open(struct mm_writer *w, const char *key, bool array)
{
	struct rec *r = to_rec(w);
	char path[256];

	rec_path(r, key, path, sizeof(path));
	r->depth++;
	snprintf(r->comp[r->depth], sizeof(r->comp[0]), "%s", path);
	r->next[r->depth] = array ? 0 : -1;
}

static void rec_object_begin(struct mm_writer *w, const char *key)
{
	rec_open(w, key, false);
}

static void rec_array_begin(struct mm_writer *w, const char *key)
{
	rec_open(w, key, true);
}

static void rec_close(struct mm_writer *w)
{
	struct rec *r = to_rec(w);

	ck_assert_int_gt(r->depth, 0);
	if (r->next[r->depth] >= 0)
		rec_add(r, "%s.#=%d\n", r->comp[r->depth], r->next[r->depth]);
	r->depth--;
}

static const struct mm_writer_ops rec_ops = {
	.str = rec_str,
	.u64 = rec_u64,
	.boolean = rec_bool,
	.object_begin = rec_object_begin,
	.object_end = rec_close,
	.array_begin = rec_array_begin,
	.array_end = rec_close,
};

const char *pu_field(const struct mm_content *c, const char *path)
{
	static struct rec r;
	static char val[4096];
	size_t n = strlen(path);
	const char *p, *e;

	memset(&r, 0, sizeof(r));
	r.w.ops = &rec_ops;
	r.next[0] = -1;
	mm_content_describe(c, &r.w);
	ck_assert_int_eq(r.depth, 0);
	for (p = r.buf; *p; p = e + 1) {
		e = strchr(p, '\n');
		if (strncmp(p, path, n) || p[n] != '=')
			continue;
		snprintf(val, sizeof(val), "%.*s", (int)(e - p - n - 1),
			 p + n + 1);
		return val;
	}
	return NULL;
}

uint64_t pu_u64(const struct mm_content *c, const char *path)
{
	const char *v = pu_field(c, path);

	ck_assert_msg(v, "%s: no member '%s'", mm_content_type(c), path);
	return strtoull(v, NULL, 10);
}

bool pu_bool(const struct mm_content *c, const char *path)
{
	const char *v = pu_field(c, path);

	ck_assert_msg(v, "%s: no member '%s'", mm_content_type(c), path);
	return !strcmp(v, "true");
}

/* A JFFS2 node header (little endian) at @p. */
void pu_jffs2_node(uint8_t *p, uint16_t type, uint32_t totlen)
{
	p[0] = 0x85;
	p[1] = 0x19;
	p[2] = type;
	p[3] = type >> 8;
	pu_put_le32(p + 4, totlen);
	pu_put_le32(p + 8, pu_bit_crc(0, p, 8));
}

void pu_ubi_ec(uint8_t *p, uint64_t ec, uint32_t seq)
{
	memset(p, 0, 64);
	memcpy(p, "UBI#", 4);
	p[4] = 1;
	pu_put_be32(p + 8, ec >> 32);
	pu_put_be32(p + 12, (uint32_t)ec);
	pu_put_be32(p + 16, PS);	/* vid_hdr_offset */
	pu_put_be32(p + 20, 2 * PS);	/* data_offset */
	pu_put_be32(p + 24, seq);
	pu_put_be32(p + 60, pu_bit_crc(0xFFFFFFFFu, p, 60));
}

void pu_ubi_vid(uint8_t *p, uint32_t vol_id, uint32_t lnum, int type)
{
	memset(p, 0, 64);
	memcpy(p, "UBI!", 4);
	p[4] = 1;
	p[5] = type;
	pu_put_be32(p + 8, vol_id);
	pu_put_be32(p + 12, lnum);
	pu_put_be32(p + 60, pu_bit_crc(0xFFFFFFFFu, p, 60));
}

void pu_vtbl_rec(uint8_t *r, uint32_t pebs, int type, const char *name)
{
	memset(r, 0, 172);
	pu_put_be32(r, pebs);
	pu_put_be32(r + 4, 1);
	r[12] = type;
	r[14] = 0;
	r[15] = strlen(name);
	memcpy(r + 16, name, strlen(name));
	pu_put_be32(r + 168, pu_bit_crc(0xFFFFFFFFu, r, 168));
}

/* An environment of @size bytes at @p: CRC, [flag], pairs, 0x00 fill. */
void pu_uboot_env(uint8_t *p, size_t size, bool redundant,
		  const char *pairs, size_t plen)
{
	size_t h = redundant ? 5 : 4;

	memset(p, 0, size);
	memcpy(p + h, pairs, plen);
	if (redundant)
		p[4] = 1;
	pu_put_le32(p, ~pu_bit_crc(0xFFFFFFFFu, p + h, size - h));
}

void pu_uimage(uint8_t *p, uint32_t size, const char *name, bool good)
{
	uint32_t i;

	memset(p, 0, 64);
	for (i = 0; i < size; i++)
		p[64 + i] = (uint8_t)(i * 7 + (i >> 9));
	pu_put_be32(p, 0x27051956);
	pu_put_be32(p + 12, size);
	pu_put_be32(p + 24, ~pu_bit_crc(0xFFFFFFFFu, p + 64, size) ^ !good);
	p[28] = 5;	/* linux */
	p[29] = 2;	/* arm */
	p[30] = 2;	/* kernel */
	p[31] = 1;	/* gzip */
	memcpy(p + 32, name, strlen(name));
	pu_put_be32(p + 4, ~pu_bit_crc(0xFFFFFFFFu, p, 64));
}
