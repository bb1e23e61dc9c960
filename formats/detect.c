// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * detect.c - geometry detection from a dump's size and content.
 *
 * Candidates are the common (page, OOB) pairs, filtered by what was given
 * and by the file size (a whole number of page records). Evidence is taken
 * from a bounded sample of the file: a window at the start and up to
 * DET_WINDOWS - 1 more spread over the rest, plus targeted peeks to follow
 * hypotheses (never the whole file, so a 4 GiB dump costs the same as a
 * small one). For every candidate the evidence is scored:
 *
 *  - UBI EC headers ("UBI#", CRC checked) start pages, so their file offset
 *    is a multiple of the record size; their data_offset is
 *    ALIGN(vid_hdr_offset + 64, page size) as ubinize and the kernel set it;
 *    the VID header ("UBI!") sits vid_hdr_offset data bytes further, which
 *    in a file with OOB reveals the spare size once vid_hdr_offset reaches
 *    the next page; the next EC header one block further gives pages per
 *    block;
 *  - JFFS2 node headers (magic 0x1985, hdr_crc) chain to the next node
 *    ALIGN(totlen, 4) data bytes on; a chain that crosses a page boundary
 *    only holds when the spare bytes between the pages are skipped rightly;
 *  - JFFS2 NAND clean-markers (85 19 03 20 08 00 00 00) sit in the free OOB
 *    bytes of the first page of each block: position and stride;
 *  - spare signature: programmed pages have 0xFF marker bytes and ECC bytes
 *    that are not all 0xFF.
 *
 * The best candidate wins only with a clear lead; equal best scores are
 * refused naming the candidates. Pages per block come from a stride, else a
 * documented assumption (said in geom_why).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "../core/layout/ooblayout.h"

/* Sampling bounds: about 4.75 MiB read at most, plus targeted peeks. */
#define DET_WINDOWS		16
#define DET_FIRST_WINDOW	(1u << 20)
#define DET_WINDOW		(256u << 10)
#define DET_MAX_PEEKS		20000
#define DET_MAX_EC		256
#define DET_MAX_JFFS2		512
#define DET_MAX_CM		256
#define DET_RECORDS_PER_WINDOW	48
#define DET_MARGIN		4	/* lead needed over the runner-up */

/* ---- CRC and header checks -------------------------------------------- */

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

bool mm_ubi_hdr_valid(const uint8_t *hdr, const char *magic)
{
	if (memcmp(hdr, magic, 4) || hdr[4] != 1)
		return false;
	return mm_crc32_le(MM_UBI_CRC_INIT, hdr, MM_UBI_HDR_CRC_OFF) ==
	       get_be32(hdr + MM_UBI_HDR_CRC_OFF);
}

bool mm_jffs2_hdr_valid(const uint8_t *hdr)
{
	/* Node types with JFFS2_NODE_ACCURATE (0x2000) set; the kernel's scan
	 * checks the CRC with that bit set, as obsoleted NOR nodes clear it. */
	static const uint16_t types[] = { 0xe001, 0xe002, 0x2003, 0x2004,
					  0x2006, 0xe008, 0xe009 };
	bool be = hdr[0] == 0x19;	/* mkfs.jffs2 -b, big-endian targets */
	uint16_t type;
	uint32_t totlen;
	uint8_t h[8];
	size_t i;

	if (!(hdr[0] == 0x85 && hdr[1] == 0x19) &&
	    !(hdr[0] == 0x19 && hdr[1] == 0x85))
		return false;
	type = be ? hdr[2] << 8 | hdr[3] : hdr[2] | hdr[3] << 8;
	totlen = be ? get_be32(hdr + 4) : get_le32(hdr + 4);
	type |= 0x2000;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i] == type)
			break;
	if (i == sizeof(types) / sizeof(types[0]))
		return false;
	if (totlen < MM_JFFS2_HDR_SIZE || totlen > (16u << 20))
		return false;
	memcpy(h, hdr, 8);
	h[be ? 2 : 3] |= 0x20;
	return mm_crc32_le(0, h, 8) ==
	       (be ? get_be32(hdr + 8) : get_le32(hdr + 8));
}

/* totlen of a valid header, in its own byte order. */
static uint32_t jffs2_totlen(const uint8_t *hdr)
{
	return hdr[0] == 0x19 ? get_be32(hdr + 4) : get_le32(hdr + 4);
}

/* The 8-byte NAND clean-marker (magic, type 0x2003, totlen 8), LE or BE. */
static bool is_cleanmarker(const uint8_t *p)
{
	static const uint8_t le[8] = { 0x85, 0x19, 0x03, 0x20, 0x08, 0, 0, 0 };
	static const uint8_t be[8] = { 0x19, 0x85, 0x20, 0x03, 0, 0, 0, 0x08 };

	return !memcmp(p, le, 8) || !memcmp(p, be, 8);
}

/* An EC header stored as 16-bit little-endian words of an x16 chip. */
static bool ubi_hdr_swapped(const uint8_t *hdr)
{
	uint8_t h[MM_UBI_HDR_SIZE];
	unsigned int i;

	if (memcmp(hdr, "BU#I", 4))
		return false;
	for (i = 0; i < sizeof(h); i += 2) {
		h[i] = hdr[i + 1];
		h[i + 1] = hdr[i];
	}
	return mm_ubi_hdr_valid(h, MM_UBI_EC_HDR_MAGIC);
}

/* ---- the sample --------------------------------------------------------- */

struct det_window {
	uint64_t off;
	size_t len;
	uint8_t *buf;
};

struct det_ec {
	uint64_t off;
	uint32_t vho, dof;
};

struct det_node {
	uint64_t off;
	uint32_t totlen;
};

struct det_ctx {
	const struct mm_src *src;
	struct det_window win[DET_WINDOWS];
	unsigned int nwin;
	unsigned int peeks;
	struct det_ec ec[DET_MAX_EC];
	unsigned int nec;
	struct det_node jf[DET_MAX_JFFS2];
	unsigned int njf;
	uint64_t cm[DET_MAX_CM];
	unsigned int ncm;
	unsigned int swapped_ec;	/* byte-swapped EC headers (x16) */
};

/* Read @len bytes at file offset @off from the sample or with one peek. */
static int det_read(struct det_ctx *x, uint64_t off, size_t len, void *buf)
{
	unsigned int i;

	if (off > x->src->size || len > x->src->size - off)
		return -ENODATA;
	for (i = 0; i < x->nwin; i++) {
		const struct det_window *w = &x->win[i];

		if (off >= w->off && off + len <= w->off + w->len) {
			memcpy(buf, w->buf + (off - w->off), len);
			return 0;
		}
	}
	if (x->peeks >= DET_MAX_PEEKS)
		return -ENOSPC;
	x->peeks++;
	return mm_src_peek(x->src, off, len, buf);
}

static int det_sample(struct det_ctx *x)
{
	uint64_t size = x->src->size, rest, step, off;
	unsigned int i, n;
	struct det_window *w;
	int ret;

	if (size <= DET_FIRST_WINDOW + (uint64_t)(DET_WINDOWS - 1) * DET_WINDOW) {
		n = 1;
	} else {
		n = DET_WINDOWS;
	}
	rest = size > DET_FIRST_WINDOW ? size - DET_FIRST_WINDOW : 0;
	step = n > 1 ? rest / (n - 1) : 0;
	for (i = 0; i < n; i++) {
		w = &x->win[i];
		if (i == 0) {
			w->off = 0;
			w->len = n == 1 ? size : DET_FIRST_WINDOW;
		} else {
			off = DET_FIRST_WINDOW + (i - 1) * step;
			off &= ~(uint64_t)4095;
			w->off = off;
			w->len = size - off < DET_WINDOW ? size - off :
							   DET_WINDOW;
		}
		w->buf = malloc(w->len ? w->len : 1);
		if (!w->buf)
			return -ENOMEM;
		x->nwin = i + 1;
		ret = mm_src_peek(x->src, w->off, w->len, w->buf);
		if (ret)
			return ret;
	}
	return 0;
}

static void det_free(struct det_ctx *x)
{
	unsigned int i;

	for (i = 0; i < x->nwin; i++)
		free(x->win[i].buf);
}

/* Find the seeds of the evidence in the sample windows. */
static void det_seeds(struct det_ctx *x)
{
	unsigned int i;
	size_t j;

	for (i = 0; i < x->nwin; i++) {
		const struct det_window *w = &x->win[i];
		const uint8_t *b = w->buf;

		for (j = 0; j + MM_UBI_HDR_SIZE <= w->len; j += 4) {
			if (b[j] == 'U' && x->nec < DET_MAX_EC &&
			    mm_ubi_hdr_valid(b + j, MM_UBI_EC_HDR_MAGIC)) {
				x->ec[x->nec].off = w->off + j;
				x->ec[x->nec].vho = get_be32(b + j + 16);
				x->ec[x->nec].dof = get_be32(b + j + 20);
				x->nec++;
			} else if (b[j] == 'B' && ubi_hdr_swapped(b + j)) {
				x->swapped_ec++;
			}
		}
		for (j = 0; j + MM_JFFS2_HDR_SIZE <= w->len; j += 4) {
			if ((b[j] == 0x85 || b[j] == 0x19) &&
			    x->njf < DET_MAX_JFFS2 && mm_jffs2_hdr_valid(b + j)) {
				x->jf[x->njf].off = w->off + j;
				x->jf[x->njf].totlen = jffs2_totlen(b + j);
				x->njf++;
			}
		}
		for (j = 0; j + 8 <= w->len; j++) {
			if ((b[j] == 0x85 || b[j] == 0x19) &&
			    is_cleanmarker(b + j) && x->ncm < DET_MAX_CM)
				x->cm[x->ncm++] = w->off + j;
		}
	}
}

/* ---- candidates ----------------------------------------------------------- */

struct det_cand {
	uint32_t page, oob;
	uint64_t rec;
	uint32_t ppb;
	const char *ppb_why;
	uint64_t stride;
	long score;
	unsigned int ec_ok, ec_bad, dof_ok, dof_bad, vid_ok, vid_far, vid_bad;
	unsigned int jf_ok, jf_cross, jf_bad;
	unsigned int cm_ok, cm_bad, spare_ok, spare_bad;
	bool stride_conflict;
};

static const struct {
	uint32_t page, oob;
} common_geoms[] = {
	{ 512, 16 }, { 2048, 64 }, { 2048, 128 }, { 4096, 128 },
	{ 4096, 224 }, { 4096, 256 }, { 8192, 448 }, { 8192, 512 },
	{ 8192, 640 }, { 8192, 744 }, { 16384, 1280 },
	{ 512, 0 }, { 2048, 0 }, { 4096, 0 }, { 8192, 0 }, { 16384, 0 },
};

#define DET_MAX_CANDS	32

static int add_cand(struct det_cand *c, int n, uint32_t page, uint32_t oob)
{
	int i;

	if (n >= DET_MAX_CANDS || !page || oob >= page)
		return n;
	for (i = 0; i < n; i++)
		if (c[i].page == page && c[i].oob == oob)
			return n;
	memset(&c[n], 0, sizeof(c[n]));
	c[n].page = page;
	c[n].oob = oob;
	c[n].rec = (uint64_t)page + oob;
	return n + 1;
}

static int make_cands(struct det_cand *c, const struct mm_geom *g,
		      bool oob_known)
{
	int n = 0;
	size_t i;

	for (i = 0; i < sizeof(common_geoms) / sizeof(common_geoms[0]); i++) {
		if (g->page_size && common_geoms[i].page != g->page_size)
			continue;
		if (oob_known && common_geoms[i].oob != g->oob_size)
			continue;
		n = add_cand(c, n, common_geoms[i].page, common_geoms[i].oob);
	}
	if (g->page_size && oob_known) {
		n = add_cand(c, n, g->page_size, g->oob_size);
	} else if (g->page_size) {
		n = add_cand(c, n, g->page_size, g->page_size / 32);
		n = add_cand(c, n, g->page_size, 0);
	} else if (oob_known) {
		for (i = 0; i < sizeof(common_geoms) / sizeof(common_geoms[0]); i++)
			n = add_cand(c, n, common_geoms[i].page, g->oob_size);
	}
	return n;
}

/* Logical (data) offset → file offset under candidate @c. */
static uint64_t to_file(const struct det_cand *c, uint64_t l)
{
	return l / c->page * c->rec + l % c->page;
}

/* Read @len data bytes at logical offset @l, skipping spare areas. */
static int read_logical(struct det_ctx *x, const struct det_cand *c,
			uint64_t l, size_t len, uint8_t *buf)
{
	size_t n;
	int ret;

	while (len) {
		n = c->page - l % c->page;
		if (n > len)
			n = len;
		ret = det_read(x, to_file(c, l), n, buf);
		if (ret)
			return ret;
		l += n;
		buf += n;
		len -= n;
	}
	return 0;
}

static bool all_ff(const uint8_t *p, size_t n)
{
	uint64_t w;

	for (; n >= 8; n -= 8, p += 8) {
		memcpy(&w, p, 8);
		if (w != UINT64_MAX)
			return false;
	}
	while (n--)
		if (*p++ != 0xff)
			return false;
	return true;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static bool ec_at(struct det_ctx *x, uint64_t off)
{
	uint8_t h[MM_UBI_HDR_SIZE];

	return det_read(x, off, sizeof(h), h) == 0 &&
	       mm_ubi_hdr_valid(h, MM_UBI_EC_HDR_MAGIC);
}

/*
 * Pages per block from the EC headers, which all start blocks: the block
 * length divides the distance between any two, so it is at most the
 * largest power of two dividing every distance between the headers found
 * (a bit flip that breaks some headers' CRC, as in a dump read without its
 * controller's ECC, then leaves the others to tell; the nearest pair alone
 * could be two blocks apart). Then every smaller power of two is tried
 * forward (and backward) from a few seeds, for the headers outside the
 * sample; the smallest hit wins (a bad block between two headers doubles
 * the distance once).
 */
static uint32_t ubi_stride(struct det_ctx *x, const struct det_cand *c)
{
	uint64_t first = 0, d;
	uint32_t best = 0, ppb;
	unsigned int i, seeds = 0;
	bool have = false;

	for (i = 0; i < x->nec; i++) {
		uint64_t r = x->ec[i].off / c->rec;

		if (x->ec[i].off % c->rec)
			continue;
		if (!have) {
			first = r;
			have = true;
			continue;
		}
		d = r > first ? r - first : first - r;
		for (ppb = best ? best : MM_MAX_PAGES_PER_BLOCK; d && d % ppb;)
			ppb >>= 1;
		if (d)
			best = ppb;
	}
	if (best < 4)
		best = 0;	/* headers closer than any block: not block starts */
	for (i = 0; i < x->nec && seeds < 4; i++) {
		uint64_t f = x->ec[i].off;

		if (f % c->rec)
			continue;
		seeds++;
		for (ppb = 4; ppb <= MM_MAX_PAGES_PER_BLOCK; ppb <<= 1) {
			d = c->rec * ppb;

			if (best && ppb >= best)
				break;
			if ((f + d + MM_UBI_HDR_SIZE <= x->src->size &&
			     ec_at(x, f + d)) || (f >= d && ec_at(x, f - d))) {
				best = ppb;
				break;
			}
		}
	}
	return best;
}

static void score_ubi(struct det_ctx *x, struct det_cand *c)
{
	uint8_t h[MM_UBI_HDR_SIZE];
	unsigned int i;
	uint64_t vf;

	for (i = 0; i < x->nec; i++) {
		const struct det_ec *e = &x->ec[i];
		uint32_t want;

		if (e->off % c->rec) {
			c->ec_bad++;
			continue;
		}
		c->ec_ok++;
		want = (e->vho + MM_UBI_HDR_SIZE + c->page - 1) / c->page *
		       c->page;
		if (e->vho >= MM_UBI_HDR_SIZE && want == e->dof)
			c->dof_ok++;
		else
			c->dof_bad++;
		if (e->vho < MM_UBI_HDR_SIZE || e->vho > (16u << 20) ||
		    e->vho % c->page + MM_UBI_HDR_SIZE > c->page)
			continue;
		vf = e->off + to_file(c, e->vho);
		if (det_read(x, vf, sizeof(h), h))
			continue;
		if (mm_ubi_hdr_valid(h, MM_UBI_VID_HDR_MAGIC)) {
			c->vid_ok++;
			if (e->vho >= c->page)
				c->vid_far++;
		} else if (!all_ff(h, sizeof(h))) {
			c->vid_bad++;
		}
	}
	if (c->ec_ok) {
		uint32_t ppb = ubi_stride(x, c);

		if (ppb) {
			c->ppb = ppb;
			c->stride = c->rec * ppb;
			c->ppb_why = "UBI EC header stride";
		}
	}
}

/* JFFS2 nodes: does the chain hold under this candidate? */
static void score_jffs2(struct det_ctx *x, struct det_cand *c)
{
	uint64_t logical_size = x->src->size / c->rec * c->page;
	uint8_t h[MM_JFFS2_HDR_SIZE];
	unsigned int i;

	for (i = 0; i < x->njf; i++) {
		uint64_t f = x->jf[i].off, l, next;
		bool cross;

		if (c->oob && f % c->rec + MM_JFFS2_HDR_SIZE > c->page) {
			c->jf_bad++;		/* the header would be in the OOB */
			continue;
		}
		l = f / c->rec * c->page + f % c->rec;
		next = (l + x->jf[i].totlen + 3) & ~(uint64_t)3;
		if (next + MM_JFFS2_HDR_SIZE > logical_size)
			continue;
		cross = l / c->page != (next + MM_JFFS2_HDR_SIZE - 1) / c->page;
		if (read_logical(x, c, next, sizeof(h), h))
			continue;
		if (mm_jffs2_hdr_valid(h)) {
			/* Crossing a page only tells when there is OOB to skip. */
			if (cross && c->oob)
				c->jf_cross++;
			else
				c->jf_ok++;
		} else if (!all_ff(h, 4)) {
			c->jf_bad++;
		}
	}
}

static uint64_t gcd64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* JFFS2 NAND clean-markers in the first free OOB bytes of a block. */
static void score_cleanmarkers(struct det_ctx *x, struct det_cand *c)
{
	struct mm_geom g = { .page_size = c->page, .oob_size = c->oob };
	struct mm_ooblayout l;
	uint64_t first = UINT64_MAX, g_pages = 0, pg;
	int fs;
	unsigned int i;

	if (c->oob < 10 || mm_ooblayout_default(&l, &g))
		return;
	fs = mm_ooblayout_free_offset(&l, 0);
	if (fs < 0)
		return;
	for (i = 0; i < x->ncm; i++) {
		uint64_t in = x->cm[i] % c->rec;

		/* The kernel puts it at the first free byte; some controllers
		 * elsewhere early in the spare (BRCMNAND: byte 1). */
		if (in != c->page + (uint64_t)fs &&
		    (in <= c->page || in + 8 > c->page + 16 || in + 8 > c->rec)) {
			c->cm_bad++;
			continue;
		}
		c->cm_ok++;
		pg = x->cm[i] / c->rec;
		if (first == UINT64_MAX)
			first = pg;
		else
			g_pages = gcd64(g_pages, pg > first ? pg - first :
							   first - pg);
	}
	if (!c->ppb && g_pages && mm_is_pow2(g_pages) && g_pages >= 4 &&
	    g_pages <= MM_MAX_PAGES_PER_BLOCK) {
		c->ppb = g_pages;
		c->stride = c->rec * g_pages;
		c->ppb_why = "JFFS2 clean-marker stride";
	}
}

/* Programmed pages: 0xFF marker, some non-0xFF (ECC) byte in the spare. */
static void score_spare(struct det_ctx *x, struct det_cand *c)
{
	unsigned int bbm = c->page > 512 ? 0 : 5, i, k;

	if (!c->oob || c->oob <= bbm)
		return;
	for (i = 0; i < x->nwin; i++) {
		const struct det_window *w = &x->win[i];
		uint64_t r0 = (w->off + c->rec - 1) / c->rec;
		uint64_t r1 = (w->off + w->len) / c->rec;
		uint64_t step = (r1 - r0) / DET_RECORDS_PER_WINDOW + 1, r;

		if (r1 <= r0)
			continue;
		for (r = r0, k = 0; r < r1 && k < DET_RECORDS_PER_WINDOW;
		     r += step, k++) {
			const uint8_t *p = w->buf + (r * c->rec - w->off);
			const uint8_t *o = p + c->page;

			/* Erased pages and zero-filled holes say nothing. */
			if (all_ff(p, c->page) || all_zero(p, c->page))
				continue;
			if (o[bbm] == 0xff && (bbm || o[1] == 0xff) &&
			    !all_ff(o, c->oob))
				c->spare_ok++;
			else
				c->spare_bad++;
		}
	}
}

/*
 * Pages are programmed in order within a block, so where an erased record
 * is followed by a programmed one a new block usually starts: the gcd of
 * those record indexes is the block length (weaker than a header stride,
 * used only when there is none).
 */
static void score_erased_runs(struct det_ctx *x, struct det_cand *c)
{
	uint64_t g = 0, r, r0, r1;
	unsigned int i, n = 0;
	bool prev, e;

	for (i = 0; i < x->nwin; i++) {
		const struct det_window *w = &x->win[i];

		r0 = (w->off + c->rec - 1) / c->rec;
		r1 = (w->off + w->len) / c->rec;
		prev = false;
		for (r = r0; r < r1; r++) {
			e = all_ff(w->buf + (r * c->rec - w->off), c->rec);
			if (prev && !e) {
				g = gcd64(g, r);
				n++;
			}
			prev = e;
		}
	}
	if (!c->ppb && n >= 3 && mm_is_pow2(g) && g >= 4 &&
	    g <= MM_MAX_PAGES_PER_BLOCK) {
		c->ppb = g;
		c->stride = c->rec * g;
		c->ppb_why = "erased-page runs";
	}
}

static long clamp(long v, long lim)
{
	return v > lim ? lim : v < -lim ? -lim : v;
}

static void score(struct det_cand *c)
{
	long s = 0;

	s += c->ec_ok - 4L * c->ec_bad;
	s += c->dof_ok - 4L * c->dof_bad;
	s += 4L * c->vid_ok + 4L * c->vid_far - 4L * c->vid_bad;
	if (c->ppb_why && strcmp(c->ppb_why, "erased-page runs"))
		s += 16;
	if (c->stride_conflict)
		s -= 16;	/* a header stride contradicts --pages-per-block */
	s += c->jf_ok + 2L * c->jf_cross - 2L * c->jf_bad;
	s += 4L * c->cm_ok - 2L * c->cm_bad;
	s += clamp((long)c->spare_ok - (long)c->spare_bad, 64);
	c->score = s;
}

static void describe(const struct det_cand *c, char *buf, size_t len)
{
	if (c->oob)
		snprintf(buf, len, "%" PRIu32 "+%" PRIu32, c->page, c->oob);
	else
		snprintf(buf, len, "%" PRIu32 "+0 (data only)", c->page);
}

static void appendf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Append to the string in @buf, truncating at @len. */
static void appendf(char *buf, size_t len, const char *fmt, ...)
{
	size_t o = strlen(buf);
	va_list ap;

	if (o + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + o, len - o, fmt, ap);
	va_end(ap);
}

/* Append the evidence that favoured @c to @buf. */
static void evidence(const struct det_cand *c, const struct det_ctx *x,
		     char *buf, size_t len)
{
	if (c->ppb_why && !strcmp(c->ppb_why, "UBI EC header stride"))
		appendf(buf, len, "; UBI EC header stride %" PRIu64 " (%" PRIu32 " pages of %" PRIu64 " bytes)",
			c->stride, c->ppb, c->rec);
	if (c->ec_ok)
		appendf(buf, len, "; %u UBI EC headers page-aligned", c->ec_ok);
	if (c->dof_ok && x->nec)
		appendf(buf, len, ", data offset %" PRIu32 " with VID header offset %" PRIu32,
			x->ec[0].dof, x->ec[0].vho);
	if (c->vid_ok)
		appendf(buf, len, "; %u VID headers found at vid_hdr_offset%s",
			c->vid_ok,
			c->vid_far ? " past the first page's OOB" : "");
	if (c->jf_cross)
		appendf(buf, len, "; %u JFFS2 node links hold (%u across page boundaries)",
			c->jf_ok + c->jf_cross, c->jf_cross);
	else if (c->jf_ok)
		appendf(buf, len, "; %u JFFS2 node links hold", c->jf_ok);
	if (c->cm_ok)
		appendf(buf, len, "; %u JFFS2 clean-markers in the OOB", c->cm_ok);
	if (c->ppb_why && !strcmp(c->ppb_why, "JFFS2 clean-marker stride"))
		appendf(buf, len, " every %" PRIu32 " pages", c->ppb);
	if (c->spare_ok)
		appendf(buf, len, "; %u programmed pages with a spare-area signature",
			c->spare_ok);
}

/*
 * UBI EC headers and JFFS2 clean-markers sit at block starts, which large
 * blocks may put between the sample windows: peek at a few block starts
 * for every record size and common block length (CRC or pattern checked,
 * so a wrong guess adds nothing).
 */
static void det_block_seeds(struct det_ctx *x, const struct det_cand *c,
			    int n)
{
	static const uint32_t ppbs[] = { 32, 64, 128, 256 };
	uint8_t h[MM_UBI_HDR_SIZE];
	uint64_t brec, nblk, off;
	unsigned int j, k, m;
	int i, l;

	for (i = 0; i < n; i++) {
		for (l = 0; l < i && c[l].rec != c[i].rec; l++)
			;
		if (l < i)
			continue;
		for (j = 0; j < sizeof(ppbs) / sizeof(ppbs[0]); j++) {
			brec = c[i].rec * ppbs[j];
			nblk = x->src->size / brec;
			for (k = 0; k < 8 && nblk; k++) {
				off = nblk * (2 * k + 1) / 16 * brec;
				if (x->nec < DET_MAX_EC &&
				    !det_read(x, off, sizeof(h), h) &&
				    mm_ubi_hdr_valid(h, MM_UBI_EC_HDR_MAGIC)) {
					for (m = 0; m < x->nec; m++)
						if (x->ec[m].off == off)
							break;
					if (m == x->nec) {
						x->ec[m].off = off;
						x->ec[m].vho = get_be32(h + 16);
						x->ec[m].dof = get_be32(h + 20);
						x->nec++;
					}
				}
				if (c[i].oob < 16 || x->ncm >= DET_MAX_CM ||
				    det_read(x, off + c[i].page, 16, h))
					continue;
				for (m = 0; m + 8 <= 16; m++)
					if (is_cleanmarker(h + m))
						break;
				if (m + 8 > 16)
					continue;
				off += c[i].page + m;
				for (m = 0; m < x->ncm && x->cm[m] != off; m++)
					;
				if (m == x->ncm)
					x->cm[x->ncm++] = off;
			}
		}
	}
}

/* Refuse naming every candidate that scored above @floor. */
static void ambiguous(struct mm_input *d, const struct det_cand *c, int n,
		      long floor)
{
	char names[200], a[48];
	bool data_only = true;
	size_t o = 0;
	int i, k = 0, m = 0;

	for (i = 0; i < n; i++)
		if (c[i].score > floor) {
			m++;
			data_only &= !c[i].oob;
		}
	names[0] = 0;
	for (i = 0; i < n && o < sizeof(names); i++) {
		if (c[i].score <= floor)
			continue;
		if (data_only)
			snprintf(a, sizeof(a), "%" PRIu32, c[i].page);
		else
			describe(&c[i], a, sizeof(a));
		o += snprintf(names + o, sizeof(names) - o, "%s%s",
			      !k ? "" : k == m - 1 ? " or " : ", ", a);
		k++;
	}
	if (data_only)
		mm_set_error(d, "ambiguous geometry: data only (no OOB), but %s-byte pages fit equally (use --page-size and --pages-per-block)",
			     names);
	else
		mm_set_error(d, "ambiguous geometry: %s fit (use --page-size and --oob-size)",
			     names);
}

static uint32_t assumed_ppb(uint32_t page)
{
	if (page <= 512)
		return 32;
	if (page <= 4096)
		return 64;
	if (page <= 8192)
		return 128;
	return 256;
}

int mm_detect_geometry(struct mm_input *d, struct mm_geom *g, bool oob_known)
{
	struct det_cand c[DET_MAX_CANDS], *best = NULL, *tie = NULL;
	struct det_ctx *x;
	char a[48], b[48];
	uint64_t size = d->src.size;
	bool given = g->page_size && oob_known, no_oob_assumed = false;
	int n, i, k, ret = 0;

	n = make_cands(c, g, oob_known);
	for (i = k = 0; i < n; i++) {
		if (!size || size % c[i].rec)
			continue;
		if (g->pages_per_block &&
		    size % (c[i].rec * g->pages_per_block))
			continue;
		c[k++] = c[i];
	}
	n = k;
	if (!n) {
		mm_set_error(d, "no common geometry fits the file size %" PRIu64 " (give --page-size, --oob-size and --pages-per-block)",
			     size);
		return -EINVAL;
	}
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->src = &d->src;
	ret = det_sample(x);
	if (ret) {
		mm_set_error(d, "reading the file for geometry detection: %s",
			     strerror(-ret));
		goto out_free;
	}
	det_seeds(x);
	det_block_seeds(x, c, n);
	for (i = 0; i < n; i++) {
		score_ubi(x, &c[i]);
		score_jffs2(x, &c[i]);
		score_cleanmarkers(x, &c[i]);
		score_spare(x, &c[i]);
		if (g->pages_per_block && c[i].ppb &&
		    c[i].ppb != g->pages_per_block) {
			c[i].ppb = 0;
			c[i].ppb_why = NULL;
			c[i].stride_conflict = true;
		}
		score_erased_runs(x, &c[i]);
		score(&c[i]);
	}
	for (i = 0; i < n; i++)
		if (!best || c[i].score > best->score)
			best = &c[i];
	for (i = 0; i < n && !tie; i++)
		if (&c[i] != best && c[i].score > best->score - DET_MARGIN)
			tie = &c[i];
	/*
	 * With the page size given, a data-only dump must open without OOB
	 * evidence: when nothing tells the candidates apart, no OOB it is.
	 */
	if (tie && g->page_size) {
		for (i = 0; i < n; i++)
			if (!c[i].oob && c[i].score > best->score - DET_MARGIN)
				break;
		if (i < n) {
			best = &c[i];
			tie = NULL;
			no_oob_assumed = true;
		}
	}
	if (tie) {
		ambiguous(d, c, n, best->score - DET_MARGIN);
		if (x->swapped_ec && !x->nec)
			appendf(d->err, sizeof(d->err),
				"; UBI headers look byte-swapped (x16 chip read as little-endian words): try --swap16");
		ret = -EINVAL;
		goto out_free;
	}
	g->page_size = best->page;
	g->oob_size = best->oob;
	describe(best, a, sizeof(a));
	if (g->pages_per_block) {
		best->ppb_why = "given";
	} else if (best->ppb) {
		g->pages_per_block = best->ppb;
	} else {
		uint64_t pages = size / best->rec;

		g->pages_per_block = assumed_ppb(best->page);
		while (g->pages_per_block > 1 && pages % g->pages_per_block)
			g->pages_per_block >>= 1;
		best->ppb_why = "assumed";
	}
	snprintf(d->geom_why, sizeof(d->geom_why),
		 "%s: %s, %" PRIu32 " pages per block (%s)",
		 given ? "given" : "detected", a, g->pages_per_block,
		 best->ppb_why);
	evidence(best, x, d->geom_why, sizeof(d->geom_why));
	if (x->swapped_ec && !x->nec)
		appendf(d->geom_why, sizeof(d->geom_why),
			"; byte-swapped UBI headers seen: try --swap16");
	if (no_oob_assumed) {
		appendf(d->geom_why, sizeof(d->geom_why),
			"; no OOB evidence, data only assumed (give --oob-size if wrong)");
	} else if (n > 1) {
		struct det_cand *second = NULL;

		for (i = 0; i < n; i++)
			if (&c[i] != best &&
			    (!second || c[i].score > second->score))
				second = &c[i];
		describe(second, b, sizeof(b));
		appendf(d->geom_why, sizeof(d->geom_why),
			"; runner-up %s (score %ld vs %ld)", b, second->score,
			best->score);
	}
out_free:
	det_free(x);
	free(x);
	return ret;
}
