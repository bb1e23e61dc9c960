// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_scan.c - the content scanner on small synthetic dumps (2048+64
 * pages, 4 pages per block) built in memory and written as page+OOB files.
 *
 * The CRCs are computed here bit by bit, independently of the scanner's
 * table: UBI/UBIFS = crc32_le(0xFFFFFFFF), JFFS2 = crc32_le(0), U-Boot = the
 * zlib CRC-32 (~crc32_le(~0)).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/open.h"
#include "../../core/dump.h"
#include "../../core/probe/scan.h"

#define PS	2048
#define OS	64
#define PPB	4
#define EB	(PS * PPB)

static uint32_t bit_crc(uint32_t crc, const void *p, size_t n)
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

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

struct img {
	unsigned int nblocks;
	uint8_t *data;		/* nblocks * EB */
	uint8_t *oob;		/* nblocks * PPB * OS */
};

static void img_init(struct img *m, unsigned int nblocks)
{
	m->nblocks = nblocks;
	m->data = malloc((size_t)nblocks * EB);
	m->oob = malloc((size_t)nblocks * PPB * OS);
	ck_assert_ptr_nonnull(m->data);
	ck_assert_ptr_nonnull(m->oob);
	memset(m->data, 0xff, (size_t)nblocks * EB);
	memset(m->oob, 0xff, (size_t)nblocks * PPB * OS);
}

static uint8_t *blk(struct img *m, unsigned int b)
{
	return m->data + (size_t)b * EB;
}

static uint8_t *oob(struct img *m, unsigned int b, unsigned int p)
{
	return m->oob + ((size_t)b * PPB + p) * OS;
}

/* Write the image as a page+OOB file, open it and scan it. */
static void img_scan(struct img *m, struct mm_dump *d, struct mm_scan *r,
		     const uint64_t *bad, size_t nbad)
{
	char path[] = "/tmp/check_scan.XXXXXX";
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

static void img_free(struct img *m)
{
	free(m->data);
	free(m->oob);
}

static const struct mm_content *find(const struct mm_scan *r,
				     enum mm_content_type t, size_t nth)
{
	size_t i;

	for (i = 0; i < r->n_items; i++)
		if (r->items[i].type == t && !nth--)
			return &r->items[i];
	return NULL;
}

/* A JFFS2 node header (little endian) at @p. */
static void jffs2_node(uint8_t *p, uint16_t type, uint32_t totlen)
{
	p[0] = 0x85;
	p[1] = 0x19;
	p[2] = type;
	p[3] = type >> 8;
	put_le32(p + 4, totlen);
	put_le32(p + 8, bit_crc(0, p, 8));
}

START_TEST(test_scan_counts_erased_and_programmed_blocks)
{
	struct img m;
	struct mm_dump d;
	struct mm_scan r;

	img_init(&m, 4);
	memset(blk(&m, 1) + 100, 0x00, 10);	/* data programmed */
	oob(&m, 3, 2)[30] = 0x12;		/* only OOB programmed */
	img_scan(&m, &d, &r, NULL, 0);
	ck_assert_uint_eq(r.erased_blocks, 2);
	ck_assert_uint_eq(r.programmed_blocks, 2);
	ck_assert_uint_eq(r.bad_blocks, 0);
	ck_assert_uint_eq(r.n_items, 2);
	ck_assert_int_eq(r.items[0].type, MM_CT_DATA);
	ck_assert_uint_eq(r.items[0].first_block, 1);
	ck_assert_uint_eq(r.items[1].first_block, 3);
	mm_scan_free(&r);
	mm_dump_close(&d);
	img_free(&m);
}
END_TEST

START_TEST(test_scan_jffs2_nodes_cleanmarkers_and_bad_block_gap)
{
	static const uint8_t cm[8] = { 0x85, 0x19, 0x03, 0x20, 8, 0, 0, 0 };
	static const uint64_t bad[] = { 2 };
	const struct mm_content *c;
	struct img m;
	uint8_t *p;
	struct mm_dump d;
	struct mm_scan r;

	img_init(&m, 6);
	jffs2_node(blk(&m, 1), 0xE001, 60);
	jffs2_node(blk(&m, 1) + 60, 0xE002, 100);
	/* a node whose header straddles no page but sits in page 3 */
	jffs2_node(blk(&m, 1) + 3 * PS + 16, 0xE002, 100);
	memcpy(oob(&m, 3, 0) + 2, cm, 8);	/* erased, clean-marker */
	/* Block 4: a magic with a wrong CRC is not a node. */
	jffs2_node(blk(&m, 4), 0xE001, 60);
	blk(&m, 4)[8] ^= 1;
	/* Block 5: a big-endian node (19 85 ..., fields big endian). */
	p = blk(&m, 5);
	p[0] = 0x19;
	p[1] = 0x85;
	p[2] = 0xE0;
	p[3] = 0x02;
	put_be32(p + 4, 68);
	put_be32(p + 8, bit_crc(0, p, 8));
	img_scan(&m, &d, &r, bad, 1);
	ck_assert_uint_eq(r.bad_blocks, 1);
	c = find(&r, MM_CT_JFFS2, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 1);
	ck_assert_uint_eq(c->last_block, 3);
	ck_assert_uint_eq(c->blocks, 2);
	ck_assert_uint_eq(c->jffs2.nodes, 3);
	ck_assert_uint_eq(c->jffs2.cleanmarkers, 1);
	ck_assert(!c->jffs2.big_endian);
	c = find(&r, MM_CT_JFFS2, 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 5);
	ck_assert_uint_eq(c->jffs2.nodes, 1);
	ck_assert(c->jffs2.big_endian);
	c = find(&r, MM_CT_DATA, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 4);
	mm_scan_free(&r);
	mm_dump_close(&d);
	img_free(&m);
}
END_TEST

static void ubi_ec(uint8_t *p, uint64_t ec, uint32_t seq)
{
	memset(p, 0, 64);
	memcpy(p, "UBI#", 4);
	p[4] = 1;
	put_be32(p + 8, ec >> 32);
	put_be32(p + 12, (uint32_t)ec);
	put_be32(p + 16, PS);		/* vid_hdr_offset */
	put_be32(p + 20, 2 * PS);	/* data_offset */
	put_be32(p + 24, seq);
	put_be32(p + 60, bit_crc(0xFFFFFFFFu, p, 60));
}

static void ubi_vid(uint8_t *p, uint32_t vol_id, uint32_t lnum, int type)
{
	memset(p, 0, 64);
	memcpy(p, "UBI!", 4);
	p[4] = 1;
	p[5] = type;
	put_be32(p + 8, vol_id);
	put_be32(p + 12, lnum);
	put_be32(p + 60, bit_crc(0xFFFFFFFFu, p, 60));
}

static void vtbl_rec(uint8_t *r, uint32_t pebs, int type, const char *name)
{
	memset(r, 0, 172);
	put_be32(r, pebs);
	put_be32(r + 4, 1);
	r[12] = type;
	r[14] = 0;
	r[15] = strlen(name);
	memcpy(r + 16, name, strlen(name));
	put_be32(r + 168, bit_crc(0xFFFFFFFFu, r, 168));
}

START_TEST(test_scan_ubi_volume_table_and_ubifs)
{
	const struct mm_content *c, *f;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;
	uint8_t *sb;
	unsigned int i, nrec = 2 * PS / 172;

	img_init(&m, 5);
	for (i = 0; i < 4; i++)
		ubi_ec(blk(&m, i), 10 + i, 0xabcd);
	/* Blocks 0 and 1: the layout volume, two copies of the table. */
	for (i = 0; i < 2; i++) {
		uint8_t *t = blk(&m, i) + 2 * PS;
		unsigned int k;

		ubi_vid(blk(&m, i) + PS, 0x7FFFEFFF, i, 1);
		for (k = 0; k < nrec; k++)
			vtbl_rec(t + k * 172, 0, 0, "");
		vtbl_rec(t, 10, 1, "rootfs");
		vtbl_rec(t + 2 * 172, 3, 2, "kernel");
	}
	/* Block 2: LEB 0 of volume 0 starts with a UBIFS superblock. */
	ubi_vid(blk(&m, 2) + PS, 0, 0, 1);
	sb = blk(&m, 2) + 2 * PS;
	memset(sb, 0, 4096);
	put_le32(sb, 0x06101831);
	put_le32(sb + 16, 4096);
	sb[20] = 6;
	put_le32(sb + 32, PS);
	put_le32(sb + 36, 2 * PS);
	put_le32(sb + 40, 7);
	put_le32(sb + 4, bit_crc(0xFFFFFFFFu, sb + 8, 4096 - 8));
	/* Block 3: a free PEB (EC header only). Block 4: damaged EC header. */
	ubi_ec(blk(&m, 4), 1, 0xabcd);
	blk(&m, 4)[30] ^= 0x40;
	img_scan(&m, &d, &r, NULL, 0);

	c = find(&r, MM_CT_UBI, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 0);
	ck_assert_uint_eq(c->last_block, 3);
	ck_assert_uint_eq(c->ubi.image_seq, 0xabcd);
	ck_assert_uint_eq(c->ubi.used_pebs, 3);
	ck_assert_uint_eq(c->ubi.max_ec, 13);
	ck_assert(c->ubi.vtbl_found);
	ck_assert_uint_eq(c->ubi.n_volumes, 2);
	ck_assert_str_eq(c->ubi.volumes[0].name, "rootfs");
	ck_assert(c->ubi.volumes[0].dynamic);
	ck_assert_uint_eq(c->ubi.volumes[0].size, 10 * 2 * PS);
	ck_assert_uint_eq(c->ubi.volumes[0].lebs_seen, 1);
	ck_assert_int_eq(c->ubi.volumes[0].content, MM_CT_UBIFS);
	ck_assert_uint_eq(c->ubi.volumes[1].id, 2);
	ck_assert_str_eq(c->ubi.volumes[1].name, "kernel");
	ck_assert(!c->ubi.volumes[1].dynamic);
	f = find(&r, MM_CT_UBIFS, 0);
	ck_assert_ptr_nonnull(f);
	ck_assert(f->ubifs.in_ubi);
	ck_assert_uint_eq(f->first_block, 2);
	ck_assert_str_eq(f->ubifs.ubi_vol_name, "rootfs");
	ck_assert_uint_eq(f->ubifs.leb_cnt, 7);
	ck_assert_ptr_null(find(&r, MM_CT_UBI, 1));
	c = find(&r, MM_CT_DATA, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 4);
	mm_scan_free(&r);
	mm_dump_close(&d);
	img_free(&m);
}
END_TEST

/* An environment of @size bytes at @p: CRC, [flag], pairs, 0x00 fill. */
static void uboot_env(uint8_t *p, size_t size, bool redundant,
		      const char *pairs, size_t plen)
{
	size_t h = redundant ? 5 : 4;

	memset(p, 0, size);
	memcpy(p + h, pairs, plen);
	if (redundant)
		p[4] = 1;
	put_le32(p, ~bit_crc(0xFFFFFFFFu, p + h, size - h));
}

START_TEST(test_scan_uboot_env_and_mtdparts)
{
	static const char pairs[] =
		"bootcmd=nand read 0x80000 0x100000; bootm\0"
		"mtdparts=mtdparts=nand0:1M(boot),-(rootfs)\0baudrate=115200\0";
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;
	const char *k;

	img_init(&m, 4);
	uboot_env(blk(&m, 0), 0x1000, false, pairs, sizeof(pairs));
	uboot_env(blk(&m, 1), 0x2000, true, pairs, sizeof(pairs));
	uboot_env(blk(&m, 2), 0x1000, false, pairs, sizeof(pairs));
	blk(&m, 2)[0] ^= 1;	/* wrong CRC: not an environment */
	/* A string split over the page boundary of block 3. */
	memcpy(blk(&m, 3) + PS - 5, "mtdparts=spi0.0:64k(u-boot)ro ", 30);
	img_scan(&m, &d, &r, NULL, 0);

	c = find(&r, MM_CT_UBOOT_ENV, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 0);
	ck_assert_uint_eq(c->env.size, 0x1000);
	ck_assert(!c->env.redundant);
	ck_assert_uint_eq(c->env.n_keys, 3);
	k = c->env.keys;
	ck_assert_str_eq(k, "bootcmd");
	k += strlen(k) + 1;
	ck_assert_str_eq(k, "mtdparts");
	c = find(&r, MM_CT_UBOOT_ENV, 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 1);
	ck_assert_uint_eq(c->env.size, 0x2000);
	ck_assert(c->env.redundant);
	ck_assert_uint_eq(c->env.flags, 1);
	ck_assert_ptr_null(find(&r, MM_CT_UBOOT_ENV, 2));

	c = find(&r, MM_CT_MTDPARTS, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->mtdparts.value, "nand0:1M(boot),-(rootfs)");
	ck_assert_uint_eq(c->first_block, 0);
	ck_assert_uint_eq(c->mtdparts.count, 3);
	c = find(&r, MM_CT_MTDPARTS, 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->mtdparts.value, "spi0.0:64k(u-boot)ro");
	ck_assert_uint_eq(c->mtdparts.offset, 3 * EB + PS - 5);
	mm_scan_free(&r);
	mm_dump_close(&d);
	img_free(&m);
}
END_TEST

/* CONFIG_ENV_IS_IN_UBI: the environments start LEB 0 of their volumes. */
START_TEST(test_scan_uboot_env_in_ubi_volumes)
{
	static const char pairs[] = "bootcmd=ubi part ubi; boot\0arch=arm\0";
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;
	unsigned int i, k, nrec = 2 * PS / 172;

	img_init(&m, 4);
	for (i = 0; i < 4; i++)
		ubi_ec(blk(&m, i), 1, 0x55);
	for (i = 0; i < 2; i++) {
		uint8_t *t = blk(&m, i) + 2 * PS;

		ubi_vid(blk(&m, i) + PS, 0x7FFFEFFF, i, 1);
		for (k = 0; k < nrec; k++)
			vtbl_rec(t + k * 172, 0, 0, "");
		vtbl_rec(t, 1, 1, "u-boot-env");
		vtbl_rec(t + 172, 1, 1, "u-boot-env2");
	}
	ubi_vid(blk(&m, 2) + PS, 0, 0, 1);
	uboot_env(blk(&m, 2) + 2 * PS, 0x1000, false, pairs, sizeof(pairs));
	ubi_vid(blk(&m, 3) + PS, 1, 0, 1);
	uboot_env(blk(&m, 3) + 2 * PS, 0x1000, true, pairs, sizeof(pairs));
	img_scan(&m, &d, &r, NULL, 0);
	c = find(&r, MM_CT_UBOOT_ENV, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 2);
	ck_assert(c->env.in_ubi);
	ck_assert_str_eq(c->env.ubi_vol_name, "u-boot-env");
	ck_assert_uint_eq(c->env.size, 0x1000);
	ck_assert(!c->env.redundant);
	ck_assert_uint_eq(c->env.n_keys, 2);
	c = find(&r, MM_CT_UBOOT_ENV, 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 3);
	ck_assert_str_eq(c->env.ubi_vol_name, "u-boot-env2");
	ck_assert(c->env.redundant);
	c = find(&r, MM_CT_UBI, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->last_block, 3);
	ck_assert_int_eq(c->ubi.volumes[0].content, MM_CT_UBOOT_ENV);
	mm_scan_free(&r);
	mm_dump_close(&d);
	img_free(&m);
}
END_TEST

START_TEST(test_scan_squashfs_spans_its_bytes_used)
{
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;
	uint8_t *p;

	img_init(&m, 5);
	p = blk(&m, 1);
	memset(p, 0x5a, 2 * EB + 100);
	memset(p, 0, 96);
	memcpy(p, "hsqs", 4);
	put_le32(p + 4, 3);		/* inodes */
	put_le32(p + 12, 131072);	/* block_size */
	p[20] = 4;			/* xz */
	p[22] = 17;			/* block_log */
	p[28] = 4;			/* 4.0 */
	put_le32(p + 40, 2 * EB + 100);	/* bytes_used */
	memset(blk(&m, 4), 0x33, 10);
	img_scan(&m, &d, &r, NULL, 0);
	c = find(&r, MM_CT_SQUASHFS, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 1);
	ck_assert_uint_eq(c->last_block, 3);
	ck_assert_uint_eq(c->squashfs.compression, 4);
	ck_assert_uint_eq(c->squashfs.bytes_used, 2 * EB + 100);
	c = find(&r, MM_CT_DATA, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 4);
	mm_scan_free(&r);
	mm_dump_close(&d);
	img_free(&m);
}
END_TEST

static void uimage(uint8_t *p, uint32_t size, const char *name, bool good)
{
	uint32_t i;

	memset(p, 0, 64);
	for (i = 0; i < size; i++)
		p[64 + i] = (uint8_t)(i * 7 + (i >> 9));
	put_be32(p, 0x27051956);
	put_be32(p + 12, size);
	put_be32(p + 24, ~bit_crc(0xFFFFFFFFu, p + 64, size) ^ !good);
	p[28] = 5;	/* linux */
	p[29] = 2;	/* arm */
	p[30] = 2;	/* kernel */
	p[31] = 1;	/* gzip */
	memcpy(p + 32, name, strlen(name));
	put_be32(p + 4, ~bit_crc(0xFFFFFFFFu, p, 64));
}

START_TEST(test_scan_uimage_and_fdt_extents)
{
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;
	uint8_t *p;

	img_init(&m, 7);
	uimage(blk(&m, 0), 2 * EB + 10, "Linux-6.1", true);
	p = blk(&m, 3);
	memset(p, 0, 200);
	put_be32(p, 0xd00dfeed);
	put_be32(p + 4, EB + 1);	/* totalsize: into block 4 */
	put_be32(p + 8, 56);		/* off_dt_struct */
	put_be32(p + 12, 100);		/* off_dt_strings */
	put_be32(p + 16, 40);		/* off_mem_rsvmap */
	put_be32(p + 20, 17);
	put_be32(p + 24, 16);
	put_be32(p + 32, 20);
	put_be32(p + 36, 40);
	memset(blk(&m, 4), 0x11, 100);
	uimage(blk(&m, 5), 100, "bad data", false);
	img_scan(&m, &d, &r, NULL, 0);
	c = find(&r, MM_CT_UIMAGE, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 0);
	ck_assert_uint_eq(c->last_block, 2);
	ck_assert_str_eq(c->uimage.name, "Linux-6.1");
	ck_assert_uint_eq(c->uimage.size, 2 * EB + 10);
	ck_assert_uint_eq(c->uimage.type, 2);
	ck_assert(c->uimage.data_crc_ok);
	c = find(&r, MM_CT_FDT, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 3);
	ck_assert_uint_eq(c->last_block, 4);
	ck_assert_uint_eq(c->fdt.version, 17);
	c = find(&r, MM_CT_UIMAGE, 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 5);
	ck_assert(!c->uimage.data_crc_ok);
	ck_assert_ptr_null(find(&r, MM_CT_DATA, 0));
	mm_scan_free(&r);
	mm_dump_close(&d);
	img_free(&m);
}
END_TEST

/* Hostile values behind valid checksums, then random damage: the scanner
 * must neither crash nor read outside its buffers (run under ASan). */
START_TEST(test_scan_survives_hostile_and_damaged_headers)
{
	const struct mm_content *c;
	struct img m;
	struct mm_dump d;
	struct mm_scan r;
	uint8_t *t, *p;
	unsigned int i, k, nrec = 2 * PS / 172, seed = 1;

	img_init(&m, 6);
	/* Block 0: EC header whose offsets point past the block. */
	ubi_ec(blk(&m, 0), 1, 7);
	put_be32(blk(&m, 0) + 16, 0xfffffff0u);
	put_be32(blk(&m, 0) + 60, bit_crc(0xFFFFFFFFu, blk(&m, 0), 60));
	/* Block 1: a layout volume whose records say absurd things. */
	ubi_ec(blk(&m, 1), UINT64_MAX, 7);
	ubi_vid(blk(&m, 1) + PS, 0x7FFFEFFF, 0, 1);
	t = blk(&m, 1) + 2 * PS;
	for (k = 0; k < nrec; k++) {
		vtbl_rec(t + k * 172, 0xffffffffu, 1, "x");
		t[k * 172 + 14] = 0xff;		/* name_len 65535 */
		t[k * 172 + 15] = 0xff;
		memset(t + k * 172 + 16, 'A', 128);	/* no NUL */
		put_be32(t + k * 172 + 8, 0xffffffffu);	/* data_pad */
		put_be32(t + k * 172 + 168,
			 bit_crc(0xFFFFFFFFu, t + k * 172, 168));
	}
	/* Block 2: VID header of a volume id far past the table. */
	ubi_ec(blk(&m, 2), 3, 7);
	ubi_vid(blk(&m, 2) + PS, 0x7fffffffu, 0, 2);
	/* Block 3: SquashFS that claims 2^64 - 1 bytes. */
	p = blk(&m, 3);
	memset(p, 0, 96);
	memcpy(p, "hsqs", 4);
	put_le32(p + 12, 4096);
	p[22] = 12;
	p[28] = 4;
	memset(p + 40, 0xff, 8);
	/* Block 5: an environment whose key never ends. */
	memset(blk(&m, 5) + 4, 'k', EB - 4);
	img_scan(&m, &d, &r, NULL, 0);
	c = find(&r, MM_CT_UBI, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->first_block, 1);
	ck_assert(c->ubi.vtbl_found);
	for (k = 0; k < c->ubi.n_volumes; k++)
		ck_assert_uint_lt(strlen(c->ubi.volumes[k].name), 128);
	c = find(&r, MM_CT_SQUASHFS, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->last_block, 5);
	mm_scan_free(&r);
	mm_dump_close(&d);

	/* Random byte damage in the first pages of every block. */
	for (i = 0; i < 40; i++) {
		for (k = 0; k < 64; k++) {
			seed = seed * 1103515245u + 12345u;
			blk(&m, (seed >> 8) % 6)[(seed >> 12) % (3 * PS)] ^=
				1u << (seed % 8);
		}
		img_scan(&m, &d, &r, NULL, 0);
		ck_assert_uint_eq(r.erased_blocks + r.programmed_blocks, 6);
		mm_scan_free(&r);
		mm_dump_close(&d);
	}
	img_free(&m);
}
END_TEST

Suite *scan_suite(void)
{
	Suite *s = suite_create("scan");
	TCase *tc = tcase_create("content");

	tcase_add_test(tc, test_scan_counts_erased_and_programmed_blocks);
	tcase_add_test(tc, test_scan_jffs2_nodes_cleanmarkers_and_bad_block_gap);
	tcase_add_test(tc, test_scan_ubi_volume_table_and_ubifs);
	tcase_add_test(tc, test_scan_uboot_env_and_mtdparts);
	tcase_add_test(tc, test_scan_uboot_env_in_ubi_volumes);
	tcase_add_test(tc, test_scan_squashfs_spans_its_bytes_used);
	tcase_add_test(tc, test_scan_uimage_and_fdt_extents);
	tcase_add_test(tc, test_scan_survives_hostile_and_damaged_headers);
	suite_add_tcase(s, tc);
	return s;
}
