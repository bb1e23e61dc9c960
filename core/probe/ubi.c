// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ubi.c - the UBI prober: EC and VID headers, the volume table of the
 * layout volume, and what LEB 0 of each volume holds.
 *
 * On-flash structures (drivers/mtd/ubi/ubi-media.h):
 *  - EC header: "UBI#" @0, version @4, ec be64 @8, vid_hdr_offset be32
 *    @16, data_offset be32 @20, image_seq be32 @24, hdr_crc be32 @60 =
 *    mm_crc32_le(0xFFFFFFFF, hdr, 60);
 *  - VID header: "UBI!" @0, vol_type @5, vol_id be32 @8, lnum be32 @12,
 *    hdr_crc be32 @60 (same rule);
 *  - volume table record, 172 bytes: reserved_pebs be32 @0, alignment
 *    @4, data_pad @8, vol_type @12 (1 dynamic, 2 static), name_len be16
 *    @14, name @16, crc be32 @168 over bytes 0..167.
 *
 * Consecutive PEBs with the same image_seq and header offsets are one
 * image; LEB 0 of each user volume goes to the other probers' @volume ops.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../util/crc32.h"
#include "bytes.h"
#include "prober.h"

#define UBI_MAX_VOLUMES		128
#define UBI_LAYOUT_VOL_ID	0x7FFFEFFFu
#define UBI_HDR_SIZE		64
#define UBI_VTBL_REC_SIZE	172
#define UBI_VTBL_CRC_LEN	168
#define UBI_VTBL_BYTES		(UBI_MAX_VOLUMES * UBI_VTBL_REC_SIZE)

extern const struct mm_prober mm_prober_ubi;

/**
 * struct ubi_volume - one entry of a UBI volume table
 * @id: volume id (the record's index)
 * @name: NUL-terminated name (may hold any byte; escape when printing)
 * @dynamic: dynamic (true) or static volume
 * @reserved_pebs: eraseblocks reserved for it
 * @alignment: LEB alignment
 * @data_pad: bytes left unused at the end of each LEB
 * @size: usable bytes: reserved_pebs * (leb_size - data_pad)
 * @lebs_seen: PEBs found with a VID header of this volume
 * @content: the type name of what LEB 0 holds, or NULL
 * @leb0_block: the PEB holding LEB 0 (valid when @lebs_seen)
 */
struct ubi_volume {
	uint32_t id;
	char name[MM_CONTENT_VOL_NAME_MAX];
	bool dynamic;
	uint32_t reserved_pebs;
	uint32_t alignment;
	uint32_t data_pad;
	uint64_t size;
	uint32_t lebs_seen;
	const char *content;
	uint64_t leb0_block;
};

/**
 * struct ubi_item - one UBI image
 * @image_seq: the image sequence number of the EC headers
 * @vid_hdr_offset: @data_offset: from the EC headers
 * @leb_size: eraseblock size minus data_offset
 * @vtbl_found: a valid volume table was read
 * @n_volumes: entries in @volumes
 * @volumes: the volumes, by id (malloc'ed)
 * @used_pebs: PEBs with a valid VID header
 * @max_ec: highest erase counter seen
 */
struct ubi_item {
	uint32_t image_seq;
	uint32_t vid_hdr_offset;
	uint32_t data_offset;
	uint32_t leb_size;
	bool vtbl_found;
	size_t n_volumes;
	struct ubi_volume *volumes;
	uint64_t used_pebs;
	uint64_t max_ec;
};

struct ubi {
	/* The block being read. */
	bool ec_valid;
	uint64_t ec;
	uint32_t vid_off, data_off, image_seq;
	uint8_t vid[UBI_HDR_SIZE];
	bool vid_valid;
	uint32_t vol_id, lnum;
	uint8_t leb[UBI_VTBL_BYTES];	/* LEB data from data_off */
	uint32_t leb_want;

	/* The open UBI image: per-volume facts until its item is closed. */
	uint32_t lebs[UBI_MAX_VOLUMES];
	const char *content[UBI_MAX_VOLUMES];
	uint64_t leb0_block[UBI_MAX_VOLUMES];
	bool vtbl_ok;
	uint8_t vtbl[UBI_VTBL_BYTES];
};

static bool ubi_ec_ok(struct ubi *u, const uint8_t *h, uint64_t eb)
{
	uint32_t vid_off, data_off;

	if (memcmp(h, "UBI#", 4) || h[4] != 1)
		return false;
	if (mm_crc32_le(0xFFFFFFFFu, h, 60) != mm_be32(h + 60))
		return false;
	vid_off = mm_be32(h + 16);
	data_off = mm_be32(h + 20);
	if (vid_off < UBI_HDR_SIZE || data_off <= vid_off ||
	    (uint64_t)vid_off + UBI_HDR_SIZE > data_off || data_off >= eb)
		return false;
	u->ec = mm_be64(h + 8);
	u->vid_off = vid_off;
	u->data_off = data_off;
	u->image_seq = mm_be32(h + 24);
	return true;
}

static bool ubi_vid_ok(const uint8_t *h)
{
	if (memcmp(h, "UBI!", 4) || h[4] != 1)
		return false;
	return mm_crc32_le(0xFFFFFFFFu, h, 60) == mm_be32(h + 60);
}

static bool vtbl_valid(const uint8_t *t, size_t nrec)
{
	size_t i;

	for (i = 0; i < nrec; i++) {
		const uint8_t *r = t + i * UBI_VTBL_REC_SIZE;

		if (mm_crc32_le(0xFFFFFFFFu, r, UBI_VTBL_CRC_LEN) !=
		    mm_be32(r + UBI_VTBL_CRC_LEN))
			return false;
	}
	return true;
}

/* The VID header is complete in this page: what the block holds. */
static void ubi_vid_done(struct mm_probe *pr, struct ubi *u)
{
	u->vid_valid = true;
	u->vol_id = mm_be32(u->vid + 8);
	u->lnum = mm_be32(u->vid + 12);
	u->leb_want = pr->eb - u->data_off;
	if (u->leb_want > UBI_VTBL_BYTES)
		u->leb_want = UBI_VTBL_BYTES;
	if (u->vol_id != UBI_LAYOUT_VOL_ID && u->lnum != 0)
		u->leb_want = 0;
	memset(u->leb, 0xff, UBI_VTBL_BYTES);
	/* U-Boot's environment in a UBI volume starts its LEB 0. */
	if (u->lnum == 0 && u->vol_id < UBI_MAX_VOLUMES)
		pr->payload = u->data_off;
}

static int ubi_page(struct mm_probe *pr, void *priv, uint32_t p,
		    const uint8_t *data, const uint8_t *oob)
{
	struct ubi *u = priv;
	uint32_t ps = pr->g->page_size;
	uint64_t poff = (uint64_t)p * ps;

	(void)oob;
	if (p == 0) {
		u->ec_valid = false;
		u->vid_valid = false;
		u->leb_want = 0;
	}
	if (pr->erased)
		return 0;
	/* Page sizes are at least 256, so the EC header is in page 0. */
	if (p == 0) {
		u->ec_valid = ubi_ec_ok(u, pr->head, pr->eb);
		if (u->ec_valid)
			pr->payload = MM_PROBE_NO_PAYLOAD;
	}
	if (!u->ec_valid)
		return 0;
	if (!u->vid_valid && poff + ps > u->vid_off &&
	    poff < (uint64_t)u->vid_off + UBI_HDR_SIZE) {
		mm_take_range(u->vid, u->vid_off, UBI_HDR_SIZE, data, poff, ps);
		if (poff + ps >= (uint64_t)u->vid_off + UBI_HDR_SIZE &&
		    ubi_vid_ok(u->vid))
			ubi_vid_done(pr, u);
	}
	if (u->vid_valid && u->leb_want)
		mm_take_range(u->leb, u->data_off, u->leb_want, data, poff, ps);
	return 0;
}

static void ubi_image_reset(struct ubi *u)
{
	memset(u->lebs, 0, sizeof(u->lebs));
	memset(u->content, 0, sizeof(u->content));
	memset(u->leb0_block, 0, sizeof(u->leb0_block));
	u->vtbl_ok = false;
}

static int ubi_claim(struct mm_probe *pr, void *priv)
{
	struct mm_content *c = mm_probe_open_item(pr);
	struct ubi *u = priv;
	struct ubi_item *it = mm_probe_is(c, &mm_prober_ubi) ? c->priv : NULL;
	bool same;
	int ret;

	if (!u->ec_valid)
		return 0;
	same = it && it->image_seq == u->image_seq &&
	       it->vid_hdr_offset == u->vid_off &&
	       it->data_offset == u->data_off;
	ret = mm_probe_claim(pr, &mm_prober_ubi, same, &c);
	if (ret)
		return ret;
	it = c->priv;
	if (!same) {
		it->image_seq = u->image_seq;
		it->vid_hdr_offset = u->vid_off;
		it->data_offset = u->data_off;
		it->leb_size = pr->eb - u->data_off;
		ubi_image_reset(u);
	}
	if (u->ec > it->max_ec && u->ec != UINT64_MAX)
		it->max_ec = u->ec;
	if (!u->vid_valid)
		return 1;
	it->used_pebs++;
	if (u->vol_id == UBI_LAYOUT_VOL_ID && !u->vtbl_ok) {
		size_t nrec = it->leb_size / UBI_VTBL_REC_SIZE;

		if (nrec > UBI_MAX_VOLUMES)
			nrec = UBI_MAX_VOLUMES;
		if (vtbl_valid(u->leb, nrec)) {
			memcpy(u->vtbl, u->leb, nrec * UBI_VTBL_REC_SIZE);
			u->vtbl_ok = true;
		}
		return 1;
	}
	if (u->vol_id >= UBI_MAX_VOLUMES)
		return 1;
	u->lebs[u->vol_id]++;
	if (u->lnum != 0)
		return 1;
	u->leb0_block[u->vol_id] = pr->blk;
	ret = mm_probe_volume(pr, u->leb, u->leb_want, u->vol_id,
			      &u->content[u->vol_id]);
	return ret < 0 ? ret : 1;
}

/* Volume @i as the table (@r, when @in_table) and the VID headers tell. */
static void ubi_volume_fill(struct ubi_volume *v, const struct ubi *u,
			    size_t i, const uint8_t *r, bool in_table,
			    uint32_t leb_size)
{
	size_t nl;

	v->id = i;
	v->lebs_seen = u->lebs[i];
	v->content = u->content[i];
	v->leb0_block = u->leb0_block[i];
	v->dynamic = true;
	if (!in_table)
		return;
	nl = mm_be16(r + 14);
	if (nl > sizeof(v->name) - 1)
		nl = sizeof(v->name) - 1;
	memcpy(v->name, r + 16, nl);
	v->reserved_pebs = mm_be32(r);
	v->alignment = mm_be32(r + 4);
	v->data_pad = mm_be32(r + 8);
	/* The table stores UBI_VID_DYNAMIC (1) or UBI_VID_STATIC (2), as
	 * the VID header does. */
	v->dynamic = r[12] != 2;
	if (v->data_pad < leb_size)
		v->size = (uint64_t)v->reserved_pebs * (leb_size - v->data_pad);
}

/* Name the items found in the volumes of image @c. */
static void ubi_name_items(struct mm_probe *pr, const struct mm_content *c)
{
	const struct ubi_item *it = c->priv;
	size_t i, k;

	for (k = 0; k < pr->res->n_items; k++) {
		struct mm_content *f = &pr->res->items[k];

		if (!f->in_volume || f->first_block < c->first_block ||
		    f->first_block > c->last_block)
			continue;
		for (i = 0; i < it->n_volumes; i++)
			if (it->volumes[i].id == f->vol_id)
				memcpy(f->vol_name, it->volumes[i].name,
				       sizeof(f->vol_name));
	}
}

/* The open UBI item ends: build its volume list. */
static int ubi_close(struct mm_probe *pr, void *priv, struct mm_content *c)
{
	struct ubi *u = priv;
	struct ubi_item *it = c->priv;
	uint32_t leb_size = it->leb_size;
	size_t nrec, i, n = 0;

	nrec = leb_size / UBI_VTBL_REC_SIZE;
	if (nrec > UBI_MAX_VOLUMES)
		nrec = UBI_MAX_VOLUMES;
	it->volumes = calloc(UBI_MAX_VOLUMES, sizeof(*it->volumes));
	if (!it->volumes)
		return -ENOMEM;
	for (i = 0; i < UBI_MAX_VOLUMES; i++) {
		const uint8_t *r = u->vtbl + i * UBI_VTBL_REC_SIZE;
		bool in_table = u->vtbl_ok && i < nrec && mm_be32(r);

		if (!in_table && !u->lebs[i])
			continue;
		ubi_volume_fill(&it->volumes[n++], u, i, r, in_table,
				leb_size);
	}
	it->n_volumes = n;
	it->vtbl_found = u->vtbl_ok;
	ubi_name_items(pr, c);
	return 0;
}

static void ubi_release(struct mm_content *c)
{
	struct ubi_item *it = c->priv;

	free(it->volumes);
}

static void ubi_describe(const struct mm_content *c, struct mm_writer *w)
{
	const struct ubi_item *it = c->priv;
	size_t i;

	mm_writer_u64(w, "image_seq", it->image_seq);
	mm_writer_u64(w, "vid_hdr_offset", it->vid_hdr_offset);
	mm_writer_u64(w, "data_offset", it->data_offset);
	mm_writer_u64(w, "leb_size", it->leb_size);
	mm_writer_u64(w, "used_pebs", it->used_pebs);
	mm_writer_u64(w, "max_ec", it->max_ec);
	mm_writer_bool(w, "volume_table", it->vtbl_found);
	mm_writer_array_begin(w, "volumes");
	for (i = 0; i < it->n_volumes; i++) {
		const struct ubi_volume *v = &it->volumes[i];

		mm_writer_object_begin(w, NULL);
		mm_writer_u64(w, "id", v->id);
		if (it->vtbl_found) {
			mm_writer_str(w, "name", v->name);
			mm_writer_str(w, "type", v->dynamic ? "dynamic" : "static");
			mm_writer_u64(w, "reserved_pebs", v->reserved_pebs);
			mm_writer_u64(w, "size", v->size);
			mm_writer_u64(w, "alignment", v->alignment);
			mm_writer_u64(w, "data_pad", v->data_pad);
		}
		mm_writer_u64(w, "lebs_seen", v->lebs_seen);
		if (v->content)
			mm_writer_str(w, "content", v->content);
		mm_writer_object_end(w);
	}
	mm_writer_array_end(w);
}

static void ubi_summary(const struct mm_content *c, struct mm_writer *w)
{
	const struct ubi_item *it = c->priv;
	size_t i;

	mm_writer_text(w, "image_seq 0x%08" PRIx32 ", VID header at %" PRIu32 ", data at %" PRIu32 ", %" PRIu64 " PEBs used, max EC %" PRIu64,
		       it->image_seq, it->vid_hdr_offset, it->data_offset,
		       it->used_pebs, it->max_ec);
	if (!it->vtbl_found)
		mm_writer_text(w, ", no volume table found");
	for (i = 0; i < it->n_volumes; i++) {
		const struct ubi_volume *v = &it->volumes[i];

		mm_writer_newline(w);
		mm_writer_text(w, "volume %" PRIu32, v->id);
		if (it->vtbl_found) {
			mm_writer_text(w, " ");
			mm_writer_name(w, v->name);
			mm_writer_text(w, " %s, ",
				       v->dynamic ? "dynamic" : "static");
			mm_writer_size(w, v->size);
		}
		mm_writer_text(w, ", %" PRIu32 " LEBs seen", v->lebs_seen);
		if (v->content)
			mm_writer_text(w, ", holds %s", v->content);
	}
}

const struct mm_prober mm_prober_ubi = {
	.name		= "ubi",
	.item_size	= sizeof(struct ubi_item),
	.priv_size	= sizeof(struct ubi),
	.page		= ubi_page,
	.claim		= ubi_claim,
	.close		= ubi_close,
	.release	= ubi_release,
	.describe	= ubi_describe,
	.summary	= ubi_summary,
};
