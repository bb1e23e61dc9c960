// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_damage_containers.c - the damage test for the containers, layouts,
 * transforms and fusion: a generated dump packed as gzip, xz, bzip2, zstd,
 * zip, tar and 7z, E01 (with libewf and ewfacquirestream; else the plain
 * dump) (and split, sector-interleaved, byte-swapped, fused),
 * its packed bytes flipped or truncated at random, then opened and read
 * page by page: every step gives a result or an error, never a crash
 * (make check-asan runs it under ASan + UBSan).
 *
 * MM_DAMAGE_ROUNDS=N multiplies the rounds.
 */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "../../core/flash.h"
#include "../../core/open.h"
#include "../../formats/transforms/transform.h"
#include "../../formats/format.h"
#include "cont_util.h"

enum kind { K_GZIP, K_XZ, K_BZIP2, K_ZSTD, K_ZIP, K_TAR, K_7Z, K_SPLIT,
	    K_SECTOR, K_SWAP, K_FUSION, K_E01, K_COUNT };

static const char *const kind_names[K_COUNT] = {
	"gzip", "xz", "bzip2", "zstd", "zip", "tar", "7z", "split", "sector",
	"swap16", "fusion", "e01",
};

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void pack_archive(const char *path, const char *format,
			 const char *filter, const uint8_t *img, size_t len)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();

	ck_assert_int_eq(archive_write_set_format_by_name(a, format), ARCHIVE_OK);
	if (filter)
		ck_assert_int_eq(archive_write_add_filter_by_name(a, filter),
				 ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
	archive_entry_set_pathname(e, "dump.bin");
	archive_entry_set_size(e, len);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_data(a, img, len), (la_ssize_t)len);
	archive_entry_free(e);
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

static void pack_gzip(const char *path, const uint8_t *img, size_t len)
{
	gzFile f = gzopen(path, "wb6");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(gzwrite(f, img, len), (int)len);
	ck_assert_int_eq(gzclose(f), Z_OK);
}

/* Write the packed (undamaged) form of @img for @k; the main file's path. */
static const char *pack(enum kind k, const uint8_t *img, size_t len,
			struct mm_open_opts *o)
{
	const char *p = cu_path("packed");
	size_t rec = 2048 + 64, i, s;
	uint8_t *t;

	cu_opts(o, 2048, 64, 8);
	switch (k) {
	case K_GZIP:
		pack_gzip(p, img, len);
		break;
	case K_XZ:
		pack_archive(p, "raw", "xz", img, len);
		break;
	case K_BZIP2:
		pack_archive(p, "raw", "bzip2", img, len);
		break;
	case K_ZSTD:
		pack_archive(p, "raw", "zstd", img, len);
		break;
	case K_ZIP:
		pack_archive(p, "zip", NULL, img, len);
		break;
	case K_TAR:
		pack_archive(p, "pax", NULL, img, len);
		break;
	case K_7Z:
		pack_archive(p, "7zip", NULL, img, len);
		break;
	case K_SPLIT:
	case K_SECTOR:
		t = malloc(len);
		for (i = 0; i < len / rec; i++) {
			const uint8_t *r = img + i * rec;

			if (k == K_SPLIT) {
				memcpy(t + i * 2048, r, 2048);
				memcpy(t + (len / rec) * 2048 + i * 64,
				       r + 2048, 64);
				continue;
			}
			for (s = 0; s < 4; s++) {
				memcpy(t + i * rec + s * 528, r + s * 512, 512);
				memcpy(t + i * rec + s * 528 + 512,
				       r + 2048 + s * 16, 16);
			}
		}
		if (k == K_SPLIT) {
			cu_write(p, t, (len / rec) * 2048);
			cu_write(cu_path("packed.spare"), t + (len / rec) * 2048,
				 (len / rec) * 64);
			o->oob_file = cu_path("packed.spare");
		} else {
			cu_write(p, t, len);
			o->format = "sector";
			o->sector_size = 512;
		}
		free(t);
		break;
	case K_SWAP:
		t = malloc(len);
		for (i = 0; i + 1 < len; i += 2) {
			t[i] = img[i + 1];
			t[i + 1] = img[i];
		}
		cu_write(p, t, len);
		free(t);
		o->transforms = MM_XFORM_SWAP16;
		break;
	case K_E01:
		/* one segment, compressed: flips hit headers, tables, chunks */
		cu_write(p, img, len);
#ifdef HAVE_LIBEWF
		if (!cu_run("cd '%s' && ewfacquirestream -q -c deflate:fast -b 16 -t packed < packed > /dev/null 2>&1",
			    cu_dir()))
			return cu_path("packed.E01");
#endif
		break;
	case K_FUSION:
	default:
		cu_write(p, img, len);
		cu_write(cu_path("packed.r1"), img, len);
		{
			static const char *extra[1];

			extra[0] = cu_path("packed.r1");
			o->extra_reads = extra;
			o->n_extra_reads = 1;	/* fused per Hamming step */
		}
		break;
	}
	return p;
}

/* Open and read everything; any result is fine but a crash. */
static void exercise(const char *path, const struct mm_open_opts *o)
{
	uint8_t data[2048], oob[64];
	struct mm_flash_opts fo = { .open = *o };
	struct mm_flash f;
	uint64_t p, n;
	int ret;

	if (o->n_extra_reads)
		fo.ecc = "hamming";
	ret = mm_flash_open(&f, path, &fo);
	if (ret) {
		ck_assert_int_lt(ret, 0);
		ck_assert_msg(f.err[0], "an error without a message");
		mm_flash_close(&f);
		return;
	}
	n = mm_geom_page_count(&f.dump.geom);
	for (p = 0; p < n; p++) {
		ret = mm_dump_read_page(&f.dump, p, data, oob);
		ck_assert_int_le(ret, MM_PAGE_ABSENT);
	}
	mm_flash_close(&f);
}

START_TEST(test_damaged_containers_give_results_or_errors_never_a_crash)
{
	enum kind k = _i;
	const uint64_t bad[] = { 1 };
	struct mm_gen g = {
		.page_size = 2048, .oob_size = 64, .pages_per_block = 8,
		.blocks = 4, .bad = bad, .n_bad = 1, .layout = MM_GEN_OOB,
		.content = MM_GEN_UBI, .seed = 3 + _i,
	};
	const char *env = getenv("MM_DAMAGE_ROUNDS");
	int rounds = 30 * (env ? atoi(env) : 1), r;
	uint64_t seed = 0x9e3779b97f4a7c15ull * (k + 1);
	struct mm_open_opts o;
	const char *path;
	uint8_t *img, *packed, *dam;
	size_t len, plen, cut;

	img = cu_gen_image(&g, &len);
	path = pack(k, img, len, &o);
	exercise(path, &o);	/* undamaged first */
	packed = cu_slurp(path, &plen);
	dam = malloc(plen);
	for (r = 0; r < rounds; r++) {
		int flips = 1 + rnd(&seed) % 8, f;

		memcpy(dam, packed, plen);
		cut = plen;
		if (rnd(&seed) % 4 == 0)
			cut = rnd(&seed) % plen;
		for (f = 0; f < flips && cut; f++)
			dam[rnd(&seed) % cut] ^= (uint8_t)(1 + rnd(&seed) % 255);
		cu_write(path, dam, cut);
		cu_clear_cache();
		exercise(path, &o);
	}
	/* Damage the other file of the pair too. */
	if (k == K_SPLIT || k == K_FUSION) {
		const char *q = k == K_SPLIT ? o.oob_file : o.extra_reads[0];
		uint8_t *other;
		size_t olen;

		cu_write(path, packed, plen);
		other = cu_slurp(q, &olen);
		for (r = 0; r < rounds; r++) {
			cut = rnd(&seed) % (olen + 1);
			cu_write(q, other, cut);
			exercise(path, &o);
		}
		free(other);
	}
	ck_assert_ptr_nonnull(kind_names[k]);
	free(dam);
	free(packed);
	free(img);
}
END_TEST

Suite *damage_containers_suite(void)
{
	Suite *s = suite_create("damage_containers");
	TCase *tc = tcase_create("damage");

	cu_dir();
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc,
			    test_damaged_containers_give_results_or_errors_never_a_crash,
			    0, K_COUNT);
	suite_add_tcase(s, tc);
	return s;
}
