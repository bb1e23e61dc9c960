// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_detect.c - geometry detection: the CRC conventions, generated dumps
 * of every common geometry (UBI and JFFS2, with and without OOB), given
 * fields, ambiguity refused with the candidates named, the bounded sample,
 * and the real nandsim dumps.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/open.h"
#include "../../formats/detect.h"
#include "../../formats/format.h"
#include "fmt_util.h"

START_TEST(test_detect_crc32_le_follows_the_kernel_convention)
{
	/* zlib's crc32("123456789") is 0xcbf43926 = ~crc32_le(~0, ...). */
	ck_assert_uint_eq(mm_crc32_le(0xffffffff, "123456789", 9), 0x340bc6d9);
	ck_assert_uint_eq(mm_crc32_le(0, "123456789", 9), 0x2dfd2d88);
	ck_assert_uint_eq(mm_crc32_le(0, "", 0), 0);
}
END_TEST

START_TEST(test_detect_header_checks_need_the_crc)
{
	/* A real EC header (ubi-hamming fixture, block 0). */
	static const uint8_t ec[64] = {
		'U', 'B', 'I', '#', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0, 0, 2, 0, 0, 0, 8, 0, 0x4d, 0x55, 0x53, 0x45,
		[60] = 0x0d, 0x0d, 0x93, 0x5a,
	};
	/* A real JFFS2 dirent header (jffs2-hamming fixture). */
	static const uint8_t jf[12] = { 0x85, 0x19, 0x01, 0xe0, 0x32, 0, 0, 0,
					0xf3, 0x76, 0x37, 0x50 };
	uint8_t h[64];

	ck_assert(mm_ubi_hdr_valid(ec, MM_UBI_EC_HDR_MAGIC));
	ck_assert(!mm_ubi_hdr_valid(ec, MM_UBI_VID_HDR_MAGIC));
	memcpy(h, ec, 64);
	h[17] ^= 1;
	ck_assert(!mm_ubi_hdr_valid(h, MM_UBI_EC_HDR_MAGIC));
	ck_assert(mm_jffs2_hdr_valid(jf));
	memcpy(h, jf, 12);
	h[4] ^= 0x10;
	ck_assert(!mm_jffs2_hdr_valid(h));
	/* An obsoleted node (ACCURATE bit cleared) still checks. */
	memcpy(h, jf, 12);
	h[3] &= ~0x20;
	ck_assert(mm_jffs2_hdr_valid(h));
	/* The same node big-endian (mkfs.jffs2 -b): same CRC, other order. */
	{
		static const uint8_t be[12] = { 0x19, 0x85, 0xe0, 0x01, 0, 0, 0,
						0x32, 0x50, 0x37, 0x76, 0xf3 };
		uint32_t crc;

		memcpy(h, be, 8);
		crc = mm_crc32_le(0, h, 8);
		h[8] = crc >> 24;
		h[9] = crc >> 16;
		h[10] = crc >> 8;
		h[11] = crc;
		ck_assert(mm_jffs2_hdr_valid(h));
		ck_assert(!mm_jffs2_hdr_valid(be));	/* LE CRC is not BE's */
	}
}
END_TEST

static const struct {
	uint32_t page, oob, ppb;
} geoms[] = {
	{ 512, 16, 32 }, { 2048, 64, 64 }, { 2048, 128, 64 },
	{ 4096, 128, 64 }, { 4096, 224, 64 }, { 4096, 256, 128 },
	{ 8192, 448, 64 }, { 8192, 512, 32 }, { 8192, 640, 64 },
	{ 8192, 744, 32 }, { 16384, 1280, 32 },
};

#define NGEOMS	((int)(sizeof(geoms) / sizeof(geoms[0])))

static const uint64_t bad_3[] = { 3 };

static struct mm_gen gen_geom(int i, enum mm_gen_content content,
			      enum mm_gen_layout layout)
{
	struct mm_gen g = {
		.page_size = geoms[i].page, .oob_size = geoms[i].oob,
		.pages_per_block = geoms[i].ppb, .blocks = 8, .bad = bad_3,
		.n_bad = 1, .layout = layout, .content = content,
		.seed = 100 + i,
	};

	return g;
}

static void assert_detects(const struct mm_gen *g, uint32_t oob,
			   const char *evidence)
{
	struct mm_open_opts o;
	struct mm_dump d;

	tu_opts(&o);
	ck_assert_msg(tu_open_gen(&d, g, &o) == 0, "%u+%u: %s", g->page_size,
		      g->oob_size, mm_dump_error(&d));
	ck_assert_uint_eq(d.geom.page_size, g->page_size);
	ck_assert_uint_eq(d.geom.oob_size, oob);
	ck_assert_uint_eq(d.geom.pages_per_block, g->pages_per_block);
	ck_assert_uint_eq(d.geom.block_count, g->blocks);
	ck_assert_msg(strstr(d.geom_why, evidence), "%s", d.geom_why);
	ck_assert_ptr_nonnull(strstr(d.geom_why, "detected: "));
	if (oob)
		ck_assert_int_eq(mm_bbt_source(&d.bbt, 3), MM_BBS_MARKER);
	mm_dump_close(&d);
}

START_TEST(test_detect_finds_every_common_geometry_from_ubi_with_oob)
{
	struct mm_gen g = gen_geom(_i, MM_GEN_UBI, MM_GEN_OOB);

	assert_detects(&g, g.oob_size, "UBI EC header stride");
}
END_TEST

START_TEST(test_detect_finds_every_common_geometry_from_ubi_subpage_headers)
{
	struct mm_gen g = gen_geom(_i, MM_GEN_UBI, MM_GEN_OOB);

	g.vid_hdr_offset = g.page_size / 4;	/* VID header in page 0 */
	assert_detects(&g, g.oob_size, "UBI EC header stride");
}
END_TEST

START_TEST(test_detect_finds_every_common_geometry_from_jffs2_with_oob)
{
	struct mm_gen g = gen_geom(_i, MM_GEN_JFFS2, MM_GEN_OOB);

	assert_detects(&g, g.oob_size, "clean-marker stride");
}
END_TEST

START_TEST(test_detect_finds_page_size_of_data_only_ubi)
{
	struct mm_gen g = gen_geom(_i, MM_GEN_UBI, MM_GEN_RAW);

	g.vid_hdr_offset = g.page_size / 4;
	assert_detects(&g, 0, "data offset");
}
END_TEST

START_TEST(test_detect_clean_markers_at_a_vendor_offset_still_count)
{
	struct mm_gen g = gen_geom(_i, MM_GEN_JFFS2, MM_GEN_OOB);

	g.cleanmarker_offset = 1;		/* BRCMNAND */
	assert_detects(&g, g.oob_size, "clean-marker stride");
}
END_TEST

START_TEST(test_detect_follows_big_endian_jffs2)
{
	struct mm_gen g = gen_geom(_i, MM_GEN_JFFS2, MM_GEN_OOB);

	g.big_endian = true;			/* mkfs.jffs2 -b */
	assert_detects(&g, g.oob_size, "clean-marker stride");
}
END_TEST

START_TEST(test_detect_byte_swapped_ubi_suggests_swap16)
{
	struct mm_gen g = gen_geom(1, MM_GEN_UBI, MM_GEN_RAW);
	struct mm_open_opts o;
	struct mm_dump d;

	g.swap16 = true;
	tu_opts(&o);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_msg(strstr(mm_dump_error(&d), "try --swap16"), "%s",
		      mm_dump_error(&d));
}
END_TEST

START_TEST(test_detect_vid_header_past_the_first_page_reveals_the_oob)
{
	struct mm_gen g = gen_geom(1, MM_GEN_UBI, MM_GEN_OOB);

	/* 2048+64×64 and 4096+128×32 have the same 135168-byte blocks. */
	assert_detects(&g, 64, "past the first page's OOB");
}
END_TEST

START_TEST(test_detect_jffs2_chains_across_pages_pick_the_oob_size)
{
	struct mm_gen g = gen_geom(1, MM_GEN_JFFS2, MM_GEN_OOB);

	assert_detects(&g, 64, "across page boundaries");
}
END_TEST

START_TEST(test_detect_refuses_erased_dump_naming_the_candidates)
{
	struct mm_gen g = gen_geom(1, MM_GEN_ERASED, MM_GEN_OOB);
	struct mm_open_opts o;
	struct mm_dump d;

	tu_opts(&o);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "ambiguous geometry: "));
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "2048+64"));
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "4096+128"));
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "--page-size and --oob-size"));
}
END_TEST

START_TEST(test_detect_refuses_data_only_jffs2_without_page_size)
{
	struct mm_gen g = gen_geom(1, MM_GEN_JFFS2, MM_GEN_RAW);
	struct mm_open_opts o;
	struct mm_dump d;

	tu_opts(&o);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "data only (no OOB)"));
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "512, 2048"));
}
END_TEST

START_TEST(test_detect_data_only_works_with_given_geometry_and_no_evidence)
{
	struct mm_gen g = gen_geom(1, MM_GEN_ERASED, MM_GEN_RAW);
	struct mm_open_opts o;
	struct mm_dump d;

	tu_opts(&o);
	o.geom.page_size = 2048;
	o.oob_size_set = true;
	o.geom.pages_per_block = 64;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_uint_eq(d.geom.oob_size, 0);
	ck_assert_uint_eq(d.geom.block_count, 8);
	ck_assert_str_eq(d.fmt->name, "raw");
	mm_dump_close(&d);

	/* Without --pages-per-block: a stated assumption. */
	o.geom.pages_per_block = 0;
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), 0);
	ck_assert_uint_eq(d.geom.pages_per_block, 64);
	ck_assert_ptr_nonnull(strstr(d.geom_why, "assumed"));
	ck_assert_ptr_nonnull(strstr(d.geom_why, "given: "));
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_detect_given_page_size_without_oob_evidence_means_data_only)
{
	struct mm_gen g = gen_geom(1, MM_GEN_ERASED, MM_GEN_RAW);
	struct mm_open_opts o;
	struct mm_dump d;

	g.blocks = 33;		/* 33 × 64 × 2048 is also 2048 records of 2112 */
	g.n_bad = 0;
	tu_opts(&o);
	ck_assert_int_eq(tu_open_gen(&d, &g, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "2048+64"));
	o.geom.page_size = 2048;
	o.geom.pages_per_block = 64;
	ck_assert_msg(tu_open_gen(&d, &g, &o) == 0, "%s", mm_dump_error(&d));
	ck_assert_uint_eq(d.geom.oob_size, 0);
	ck_assert_uint_eq(d.geom.block_count, 33);
	ck_assert_ptr_nonnull(strstr(d.geom_why, "data only assumed"));
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_detect_given_page_size_settles_the_oob_size)
{
	struct mm_gen g = gen_geom(3, MM_GEN_PATTERN, MM_GEN_OOB);
	struct mm_open_opts o;
	struct mm_dump d;

	tu_opts(&o);
	o.geom.page_size = 4096;
	o.geom.pages_per_block = 64;
	ck_assert_msg(tu_open_gen(&d, &g, &o) == 0, "%s", mm_dump_error(&d));
	ck_assert_uint_eq(d.geom.oob_size, 128);
	ck_assert_ptr_nonnull(strstr(d.geom_why, "spare-area signature"));
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_detect_erased_page_runs_give_pages_per_block)
{
	/* No headers: blocks programmed from page 0, the rest erased. */
	struct mm_gen g = gen_geom(_i, MM_GEN_PATTERN, MM_GEN_OOB);

	g.blocks = 12;
	assert_detects(&g, g.oob_size, "(erased-page runs)");
}
END_TEST

/*
 * A dump read without its controller's ECC: bit flips break the CRC of
 * some EC headers. Intact ones at blocks 0, 2 and 5 (1, 4, 6, 7 broken, 3
 * bad): the nearest intact pair is two blocks apart, but 5 - 2 = 3 blocks
 * says the block is at most 64 pages (what ubi-bch4 laid out in omap-bch8
 * with 8 flips per step showed: 128 pages per block before).
 */
START_TEST(test_detect_ubi_stride_survives_broken_ec_headers)
{
	static const unsigned int broken[] = { 1, 4, 6, 7 };
	struct mm_gen g = gen_geom(1, MM_GEN_UBI, MM_GEN_OOB);
	uint64_t block = (uint64_t)g.pages_per_block *
			 (g.page_size + g.oob_size);
	char path[PATH_MAX];
	struct mm_open_opts o;
	struct mm_dump d;
	unsigned int i;
	uint8_t b;
	int fd;

	tu_gen_file(&g, path);
	fd = open(path, O_RDWR);
	ck_assert_int_ge(fd, 0);
	for (i = 0; i < 4; i++) {
		/* one bit of the erase counter: the header CRC fails */
		ck_assert_int_eq(pread(fd, &b, 1, broken[i] * block + 15), 1);
		b ^= 0x10;
		ck_assert_int_eq(pwrite(fd, &b, 1, broken[i] * block + 15), 1);
	}
	close(fd);
	tu_opts(&o);
	ck_assert_msg(mm_dump_open(&d, path, &o) == 0, "%s", mm_dump_error(&d));
	unlink(path);
	ck_assert_uint_eq(d.geom.page_size, 2048);
	ck_assert_uint_eq(d.geom.oob_size, 64);
	ck_assert_msg(d.geom.pages_per_block == 64, "%u pages per block: %s",
		      d.geom.pages_per_block, d.geom_why);
	ck_assert_msg(strstr(d.geom_why, "UBI EC header stride"), "%s",
		      d.geom_why);
	ck_assert_int_eq(mm_bbt_source(&d.bbt, 3), MM_BBS_MARKER);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_detect_given_pages_per_block_wins_over_evidence)
{
	struct mm_gen g = gen_geom(1, MM_GEN_UBI, MM_GEN_OOB);
	struct mm_open_opts o;
	struct mm_dump d;

	tu_opts(&o);
	o.geom.pages_per_block = 32;	/* wrong, but the user said so */
	ck_assert_msg(tu_open_gen(&d, &g, &o) == 0, "%s", mm_dump_error(&d));
	ck_assert_uint_eq(d.geom.page_size, 2048);
	ck_assert_uint_eq(d.geom.oob_size, 64);
	ck_assert_uint_eq(d.geom.pages_per_block, 32);
	ck_assert_uint_eq(d.geom.block_count, 16);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_detect_refuses_a_size_no_geometry_fits)
{
	char path[PATH_MAX];
	struct mm_open_opts o;
	struct mm_dump d;
	FILE *f;

	snprintf(path, sizeof(path), "%s/mm-unit-odd-%d",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fwrite("0123456789", 1, 10, f);
	fclose(f);
	tu_opts(&o);
	ck_assert_int_eq(mm_dump_open(&d, path, &o), -EINVAL);
	unlink(path);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "no common geometry fits the file size 10"));
}
END_TEST

/* A 4 GiB chip served by a generator: counts the bytes detection reads. */
struct fake {
	struct mm_gen g;
	struct mm_gen boot;		/* blocks below boot_blocks */
	uint64_t boot_blocks;
	uint64_t cached, bytes, calls;
	uint8_t *data, *oob;
};

static ssize_t fake_pread(const struct mm_src *src, void *buf, size_t len,
			  uint64_t off)
{
	struct fake *f = src->priv;
	uint64_t rec = f->g.page_size + f->g.oob_size;
	uint64_t brec = rec * f->g.pages_per_block;
	size_t done = 0, n, in;
	uint64_t blk, pg;

	f->calls++;
	if (off >= src->size)
		return 0;
	if (len > src->size - off)
		len = src->size - off;
	while (done < len) {
		blk = (off + done) / brec;
		if (blk != f->cached) {
			mm_gen_block(blk < f->boot_blocks ? &f->boot : &f->g,
				     blk, f->data, f->oob);
			f->cached = blk;
		}
		pg = (off + done) % brec / rec;
		in = (off + done) % rec;
		if (in < f->g.page_size) {
			n = f->g.page_size - in;
			if (n > len - done)
				n = len - done;
			memcpy((uint8_t *)buf + done,
			       f->data + pg * f->g.page_size + in, n);
		} else {
			n = rec - in;
			if (n > len - done)
				n = len - done;
			memcpy((uint8_t *)buf + done, f->oob + pg * f->g.oob_size +
			       (in - f->g.page_size), n);
		}
		done += n;
	}
	f->bytes += len;
	return len;
}

static const struct mm_src_ops fake_ops = { .pread = fake_pread };

START_TEST(test_detect_reads_a_bounded_sample_of_a_4_gib_dump)
{
	struct fake f = { .g = { .page_size = 2048, .oob_size = 64,
				 .pages_per_block = 64, .blocks = 32768,
				 .layout = MM_GEN_OOB, .content = MM_GEN_UBI,
				 .vid_hdr_offset = 512, .seed = 5 },
			  .cached = UINT64_MAX };
	struct mm_dump *d = calloc(1, sizeof(*d));
	struct mm_geom g = { 0 };

	ck_assert_ptr_nonnull(d);
	f.data = malloc(2048 * 64);
	f.oob = malloc(64 * 64);
	d->src.fd = -1;
	d->src.ops = &fake_ops;
	d->src.priv = &f;
	d->src.size = 32768ull * 135168;	/* 4.125 GiB */
	ck_assert_msg(mm_detect_geometry(&d->in, &g, false) == 0, "%s", d->err);
	ck_assert_uint_eq(g.page_size, 2048);
	ck_assert_uint_eq(g.oob_size, 64);
	ck_assert_uint_eq(g.pages_per_block, 64);
	ck_assert_msg(f.bytes < (8u << 20), "read %llu bytes",
		      (unsigned long long)f.bytes);
	ck_assert_msg(f.calls < 25000, "%llu reads",
		      (unsigned long long)f.calls);
	free(f.data);
	free(f.oob);
	free(d);
}
END_TEST

static unsigned int ec_headers_seen(const char *why)
{
	const char *p = strstr(why, " UBI EC headers page-aligned");

	if (!p)
		return 0;
	while (p > why && p[-1] != ' ')
		p--;
	return atoi(p);
}

START_TEST(test_detect_finds_ubi_behind_a_boot_area_of_large_blocks)
{
	/* 16384+1280, 256 pages: 4.5 MB blocks, much wider than a window. */
	struct fake f = { .g = { .page_size = 16384, .oob_size = 1280,
				 .pages_per_block = 256, .blocks = 64,
				 .layout = MM_GEN_OOB, .content = MM_GEN_UBI,
				 .seed = 8 },
			  .cached = UINT64_MAX, .boot_blocks = 3 };
	struct mm_dump *d = calloc(1, sizeof(*d));
	struct mm_geom g = { 0 };

	ck_assert_ptr_nonnull(d);
	f.boot = f.g;
	f.boot.content = MM_GEN_PATTERN;
	f.data = malloc(16384 * 256);
	f.oob = malloc(1280 * 256);
	d->src.fd = -1;
	d->src.ops = &fake_ops;
	d->src.priv = &f;
	d->src.size = 64ull * 256 * 17664;
	ck_assert_msg(mm_detect_geometry(&d->in, &g, false) == 0, "%s", d->err);
	ck_assert_uint_eq(g.page_size, 16384);
	ck_assert_uint_eq(g.oob_size, 1280);
	ck_assert_uint_eq(g.pages_per_block, 256);
	ck_assert_msg(strstr(d->geom_why, "UBI EC header stride"), "%s",
		      d->geom_why);
	/* Block starts are probed, not only the windows. */
	ck_assert_msg(ec_headers_seen(d->geom_why) >= 8, "%s", d->geom_why);
	free(f.data);
	free(f.oob);
	free(d);
}
END_TEST

/* The real nandsim dumps, with no options at all. */
static const struct {
	const char *name;
	uint64_t bad;
} fixtures[] = {
	{ "jffs2-hamming", 20 },
	{ "jffs2-bch8", 9 },
	{ "ubi-hamming", 41 },
	{ "ubi-bch4", 17 },
};

START_TEST(test_detect_nandsim_oob_dump_needs_no_options)
{
	char name[128];
	struct mm_open_opts o;
	struct mm_dump d;
	uint64_t blk;
	const char *p;

	snprintf(name, sizeof(name), "%s.oob.bin", fixtures[_i].name);
	p = tu_fixture(name);
	ck_assert_ptr_nonnull(p);
	tu_opts(&o);
	ck_assert_msg(mm_dump_open(&d, p, &o) == 0, "%s", mm_dump_error(&d));
	ck_assert_str_eq(d.fmt->name, "oob");
	ck_assert_uint_eq(d.geom.page_size, 2048);
	ck_assert_uint_eq(d.geom.oob_size, 64);
	ck_assert_uint_eq(d.geom.pages_per_block, 64);
	ck_assert_ptr_null(strstr(d.geom_why, "assumed"));
	for (blk = 0; blk < d.geom.block_count; blk++)
		ck_assert_int_eq(mm_bbt_source(&d.bbt, blk),
				 blk == fixtures[_i].bad ? MM_BBS_MARKER :
							   MM_BBS_GOOD);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_detect_nandsim_data_dumps_of_ubi_need_no_options)
{
	static const char *const kinds[] = { "data-dumpbad", "data-skipbad" };
	char name[128];
	struct mm_open_opts o;
	struct mm_dump d;
	const char *p;
	int k;

	for (k = 0; k < 2; k++) {
		snprintf(name, sizeof(name), "%s.%s.bin",
			 fixtures[2 + _i].name, kinds[k]);
		p = tu_fixture(name);
		ck_assert_ptr_nonnull(p);
		tu_opts(&o);
		ck_assert_msg(mm_dump_open(&d, p, &o) == 0, "%s", mm_dump_error(&d));
		ck_assert_str_eq(d.fmt->name, "raw");
		ck_assert_uint_eq(d.geom.page_size, 2048);
		ck_assert_uint_eq(d.geom.oob_size, 0);
		ck_assert_uint_eq(d.geom.pages_per_block, 64);
		ck_assert_uint_eq(d.geom.block_count, k ? 63 : 64);
		mm_dump_close(&d);
	}
}
END_TEST

START_TEST(test_detect_nandsim_data_dump_of_jffs2_needs_the_page_size)
{
	char name[128];
	struct mm_open_opts o;
	struct mm_dump d;
	const char *p;

	snprintf(name, sizeof(name), "%s.data-dumpbad.bin", fixtures[_i].name);
	p = tu_fixture(name);
	ck_assert_ptr_nonnull(p);
	tu_opts(&o);
	ck_assert_int_eq(mm_dump_open(&d, p, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(mm_dump_error(&d), "ambiguous geometry"));
	o.geom.page_size = 2048;
	o.oob_size_set = true;
	ck_assert_msg(mm_dump_open(&d, p, &o) == 0, "%s", mm_dump_error(&d));
	ck_assert_uint_eq(d.geom.pages_per_block, 64);
	ck_assert_ptr_nonnull(strstr(d.geom_why, "JFFS2 node links hold"));
	mm_dump_close(&d);
}
END_TEST

Suite *detect_suite(void)
{
	Suite *s = suite_create("detect");
	TCase *tc;

	tc = tcase_create("headers");
	tcase_add_test(tc, test_detect_crc32_le_follows_the_kernel_convention);
	tcase_add_test(tc, test_detect_header_checks_need_the_crc);
	suite_add_tcase(s, tc);

	tc = tcase_create("generated");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_detect_finds_every_common_geometry_from_ubi_with_oob, 0, NGEOMS);
	tcase_add_loop_test(tc, test_detect_finds_every_common_geometry_from_ubi_subpage_headers, 0, NGEOMS);
	tcase_add_loop_test(tc, test_detect_finds_every_common_geometry_from_jffs2_with_oob, 0, NGEOMS);
	tcase_add_loop_test(tc, test_detect_finds_page_size_of_data_only_ubi, 0, NGEOMS);
	tcase_add_loop_test(tc, test_detect_erased_page_runs_give_pages_per_block, 0, NGEOMS);
	tcase_add_loop_test(tc, test_detect_clean_markers_at_a_vendor_offset_still_count, 1, NGEOMS);
	tcase_add_loop_test(tc, test_detect_follows_big_endian_jffs2, 0, NGEOMS);
	tcase_add_test(tc, test_detect_byte_swapped_ubi_suggests_swap16);
	tcase_add_test(tc, test_detect_vid_header_past_the_first_page_reveals_the_oob);
	tcase_add_test(tc, test_detect_finds_ubi_behind_a_boot_area_of_large_blocks);
	tcase_add_test(tc, test_detect_jffs2_chains_across_pages_pick_the_oob_size);
	tcase_add_test(tc, test_detect_given_page_size_settles_the_oob_size);
	tcase_add_test(tc, test_detect_given_pages_per_block_wins_over_evidence);
	tcase_add_test(tc, test_detect_ubi_stride_survives_broken_ec_headers);
	tcase_add_test(tc, test_detect_reads_a_bounded_sample_of_a_4_gib_dump);
	suite_add_tcase(s, tc);

	tc = tcase_create("refused");
	tcase_add_test(tc, test_detect_refuses_erased_dump_naming_the_candidates);
	tcase_add_test(tc, test_detect_refuses_data_only_jffs2_without_page_size);
	tcase_add_test(tc, test_detect_data_only_works_with_given_geometry_and_no_evidence);
	tcase_add_test(tc, test_detect_given_page_size_without_oob_evidence_means_data_only);
	tcase_add_test(tc, test_detect_refuses_a_size_no_geometry_fits);
	suite_add_tcase(s, tc);

	if (tu_have_fixtures()) {
		tc = tcase_create("fixtures");
		tcase_set_timeout(tc, 30);
		tcase_add_loop_test(tc, test_detect_nandsim_oob_dump_needs_no_options, 0, 4);
		tcase_add_loop_test(tc, test_detect_nandsim_data_dumps_of_ubi_need_no_options, 0, 2);
		tcase_add_loop_test(tc, test_detect_nandsim_data_dump_of_jffs2_needs_the_page_size, 0, 2);
		suite_add_tcase(s, tc);
	}
	return s;
}
