// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_overlay.c - overlay recovery fed a crafted overlay file, and the
 * --record log reader (what 'replay' reads) fed a crafted log.
 *
 * Byte 0: bit 0 picks the file kind (0 overlay, 1 record log), bit 1 the
 * geometry, bit 2 "fix the checksums": every CRC the file's own offsets
 * point at is recomputed first (the layouts of docs/overlay.md and
 * docs/record.md), so that mutations get past them to the recovery
 * logic. The rest is the file. An overlay that opens is read whole, then
 * changed (a page written, a block erased, one marked bad), synced, closed
 * and opened again: the reopened overlay must hold those changes (an
 * acknowledged write survives), whatever the crafted file held before.
 */
#include <stdlib.h>
#include <string.h>

#include "../../core/muse/record.h"
#include "../../core/overlay.h"
#include "../../core/util/crc32.h"
#include "fuzz.h"

#define MAX_RECORDS	100000

static const struct mm_geom geoms[2] = {
	{ 512, 16, 4, 8, 0, 8 },
	{ 2048, 64, 8, 4, 0, 8 },
};

static const struct mm_overlay_ident ident = {
	.dump_size = 135168, .format = "oob",
	.sample = { 0x6d, 0x6d, 0x2d, 0x66, 0x75, 0x7a, 0x7a },
};

/* Pages, blocks, then a write, an erase and a bad mark. */
static int use(struct mm_overlay *ov, const struct mm_geom *g, uint8_t *data,
	       uint8_t *oob, uint64_t *wpage, uint64_t *eblk)
{
	uint64_t p, npages = mm_geom_page_count(g);
	struct mm_overlay_stats st;
	uint64_t b;

	for (p = 0; p < npages; p++)
		(void)mm_overlay_read_page(ov, p, data, oob);
	for (b = 0; b < g->block_count; b++) {
		(void)mm_overlay_is_bad(ov, b);
		(void)mm_overlay_is_erased(ov, b);
	}
	mm_overlay_get_stats(ov, &st);
	*eblk = st.pages % g->block_count;
	*wpage = (*eblk + 1) % g->block_count * g->pages_per_block + 1;
	memset(data, 0xa5, g->page_size);
	memset(oob, 0x5a, g->oob_size);
	if (mm_overlay_erase_block(ov, *eblk, false) ||
	    mm_overlay_write_page(ov, *wpage, data, oob, false) ||
	    mm_overlay_markbad(ov, (*eblk + 2) % g->block_count, false))
		return -1;
	return mm_overlay_sync(ov);
}

static void fuzz_overlay(const char *path, const struct mm_geom *g)
{
	struct mm_overlay *ov = NULL;
	uint8_t *data, *oob;
	uint64_t wpage, eblk;
	char msg[256];
	int ret;

	data = malloc(g->page_size);
	oob = malloc(g->oob_size);
	if (!data || !oob)
		goto out;
	if (mm_overlay_open(&ov, path, g, &ident, msg, sizeof(msg)))
		goto out;
	ret = use(ov, g, data, oob, &wpage, &eblk);
	mm_overlay_close(ov);
	ov = NULL;
	if (ret)
		goto out;
	if (mm_overlay_open(&ov, path, g, &ident, msg, sizeof(msg)))
		abort();	/* what it wrote itself is refused */
	if (mm_overlay_read_page(ov, wpage, data, oob) != MM_OVL_PROGRAMMED ||
	    data[0] != 0xa5 || data[g->page_size - 1] != 0xa5 ||
	    oob[g->oob_size - 1] != 0x5a)
		abort();	/* a synced write was lost */
	if (mm_overlay_read_page(ov, eblk * g->pages_per_block, data, oob) !=
	    MM_OVL_ERASED || !mm_overlay_is_erased(ov, eblk))
		abort();	/* a synced erase was lost */
	if (!mm_overlay_is_bad(ov, (eblk + 2) % g->block_count))
		abort();	/* a synced bad mark was lost */
out:
	mm_overlay_close(ov);
	free(data);
	free(oob);
}

static void fuzz_record(const char *path)
{
	struct mm_rec_reader *rd = NULL;
	struct mm_rec_hdr hdr;
	struct mm_rec rec;
	unsigned int i;
	uint64_t sum = 0;
	char msg[256];

	if (mm_rec_open_read(&rd, path, &hdr, msg, sizeof(msg)))
		return;
	for (i = 0; i < MAX_RECORDS && mm_rec_next(rd, &rec) > 0; i++) {
		if (rec.payload_len)	/* the payload is there to read */
			sum += rec.payload[0] +
			       rec.payload[rec.payload_len - 1];
		(void)mm_rec_opname(rec.op);
	}
	(void)mm_rec_torn(rd);
	mm_rec_rewind(rd);
	if (mm_rec_next(rd, &rec) > 0)
		sum += rec.seq;
	(void)sum;
	mm_rec_close_read(rd);
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/*
 * The overlay (core/overlay.c): header CRC at 140 over bytes 0-139; the
 * block table (32-byte "MMBK" entries, CRC at 4 over bytes 8-31) from
 * block_off (at 40) to slot_off (at 48); slots of slot_size (at 28),
 * "MMPG", CRC at 4 over the rest of the slot.
 */
static void fix_overlay(uint8_t *b, size_t n)
{
	uint64_t boff, soff, ssz, o;

	if (n < 144)
		return;
	put32(b + 140, mm_crc32(b, 140));
	ssz = le32(b + 28);
	boff = le64(b + 40);
	soff = le64(b + 48);
	for (o = boff; o < soff && o <= n - 32; o += 32)
		if (le32(b + o) == 0x4b424d4du)
			put32(b + o + 4, mm_crc32(b + o + 8, 24));
	if (ssz < 32 || ssz > n)
		return;
	for (o = soff; o <= n - ssz; o += ssz)
		if (le32(b + o) == 0x47504d4du)
			put32(b + o + 4, mm_crc32(b + o + 8, ssz - 8));
}

/*
 * The record log (core/muse/record.c): header CRC at 124 over 0-123;
 * records of 48 bytes (payload length at 40, CRC at 44 over bytes 0-43
 * and the payload), each followed by its payload.
 */
static void fix_record(uint8_t *b, size_t n)
{
	uint64_t o = 128, plen;
	uint32_t crc;

	if (n < 128)
		return;
	put32(b + 124, mm_crc32(b, 124));
	while (o + 48 <= n) {
		plen = le32(b + o + 40);
		if (plen > n - o - 48)
			break;
		crc = mm_crc32_le(0xffffffffu, b + o, 44);
		put32(b + o + 44, ~mm_crc32_le(crc, b + o + 48, plen));
		o += 48 + plen;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz in = { data, size };
	const char *path;
	uint8_t h, *b;
	int ret;

	if (!size)
		return 0;
	h = fz_u8(&in);
	path = fz_path(h & 1 ? "fuzz.log" : "fuzz.ovl");
	if (!path)
		return 0;
	if (h & 4) {
		b = malloc(in.n ? in.n : 1);
		if (!b)
			return 0;
		memcpy(b, in.p, in.n);
		if (h & 1)
			fix_record(b, in.n);
		else
			fix_overlay(b, in.n);
		ret = fz_write(path, b, in.n);
		free(b);
	} else {
		ret = fz_write(path, in.p, in.n);
	}
	if (ret)
		return 0;
	if (h & 1)
		fuzz_record(path);
	else
		fuzz_overlay(path, &geoms[(h >> 1) & 1]);
	return 0;
}
