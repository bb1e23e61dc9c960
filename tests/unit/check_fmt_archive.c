// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_fmt_archive.c - xz / bzip2 / zstd streams and zip / tar / 7z
 * members through libarchive: detection by magic (not by name), member
 * choice, the cache file and its reuse, and the size limits.
 */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/open.h"
#include "../../formats/containers/container.h"
#include "../../formats/format.h"
#include "cont_util.h"

struct member {
	const char *name;
	const void *data;
	size_t len;
};

/* Write an archive with libarchive: @format e.g. "zip", @filter or NULL. */
static void write_archive(const char *path, const char *format,
			  const char *filter, const struct member *m, int n)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	int i;

	ck_assert_int_eq(archive_write_set_format_by_name(a, format),
			 ARCHIVE_OK);
	if (filter)
		ck_assert_int_eq(archive_write_add_filter_by_name(a, filter),
				 ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_size(e, m[i].len);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
		ck_assert_int_eq(archive_write_data(a, m[i].data, m[i].len),
				 (la_ssize_t)m[i].len);
		archive_entry_free(e);
	}
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

static uint8_t *img;
static size_t img_len;

static void setup(void)
{
	struct mm_gen g = cu_gen_2k();

	img = cu_gen_image(&g, &img_len);
	cu_clear_cache();
}

static void teardown(void)
{
	free(img);
	img = NULL;
	unsetenv("MM_MAX_EXPANDED");
}

static int open_dump(struct mm_dump *d, const char *path, const char *member)
{
	struct mm_open_opts o;

	cu_opts(&o, 2048, 64, 8);
	o.member = member;
	return mm_dump_open(d, path, &o);
}

static void check_stream(const char *filter, const char *name)
{
	struct member m = { "dump", img, img_len };
	const char *p = cu_path(name);
	struct mm_dump d;

	write_archive(p, "raw", filter, &m, 1);
	ck_assert_int_eq(open_dump(&d, p, NULL), 0);
	cu_assert_pages(&d, img, img_len);
	mm_dump_close(&d);
	ck_assert_int_eq(cu_count_cache(), 1);
}

START_TEST(test_archive_xz_stream_reads_like_the_plain_dump)
{
	check_stream("xz", "dump.xz");
}
END_TEST

START_TEST(test_archive_bzip2_stream_reads_like_the_plain_dump)
{
	check_stream("bzip2", "dump.bz2");
}
END_TEST

START_TEST(test_archive_zstd_stream_reads_like_the_plain_dump)
{
	check_stream("zstd", "dump.zst");
}
END_TEST

START_TEST(test_archive_detects_by_magic_not_by_name)
{
	/* An xz stream named .bin, and a plain dump named .xz. */
	struct member m = { "dump", img, img_len };
	const char *p = cu_path("really-xz.bin"), *q = cu_path("plain.xz");
	struct mm_dump d;

	write_archive(p, "raw", "xz", &m, 1);
	ck_assert_int_eq(open_dump(&d, p, NULL), 0);
	cu_assert_pages(&d, img, img_len);
	mm_dump_close(&d);
	cu_write(q, img, img_len);
	ck_assert_int_eq(open_dump(&d, q, NULL), 0);
	cu_assert_pages(&d, img, img_len);
	mm_dump_close(&d);
	ck_assert_int_eq(cu_count_cache(), 1);
}
END_TEST

START_TEST(test_archive_cache_is_reused_and_follows_the_input)
{
	struct member m = { "dump", img, img_len };
	const char *p = cu_path("reuse.xz");
	struct mm_dump d;
	struct stat b;

	write_archive(p, "raw", "xz", &m, 1);
	ck_assert_int_eq(open_dump(&d, p, NULL), 0);
	mm_dump_close(&d);
	ck_assert_int_eq(cu_count_cache(), 1);
	/* Same input: the same cache file, not rewritten. */
	ck_assert_int_eq(cu_run("ls -i '%s' > '%s'", getenv("MM_CACHE_DIR"),
				cu_path("ls1")), 0);
	ck_assert_int_eq(open_dump(&d, p, NULL), 0);
	cu_assert_pages(&d, img, img_len);
	mm_dump_close(&d);
	ck_assert_int_eq(cu_run("ls -i '%s' | cmp -s - '%s'",
				getenv("MM_CACHE_DIR"), cu_path("ls1")), 0);
	/* A copy of the input (another inode) finds it by content. */
	ck_assert_int_eq(cu_run("cp '%s' '%s'", p, cu_path("copy.xz")), 0);
	ck_assert_int_eq(open_dump(&d, cu_path("copy.xz"), NULL), 0);
	cu_assert_pages(&d, img, img_len);
	mm_dump_close(&d);
	ck_assert_int_eq(cu_count_cache(), 1);
	/* A changed input gets a new cache file. */
	img[5000] ^= 1;
	m.data = img;
	write_archive(p, "raw", "xz", &m, 1);
	ck_assert_int_eq(stat(p, &b), 0);
	ck_assert_int_eq(open_dump(&d, p, NULL), 0);
	cu_assert_pages(&d, img, img_len);
	mm_dump_close(&d);
	ck_assert_int_eq(cu_count_cache(), 2);
}
END_TEST

START_TEST(test_archive_zip_with_one_plausible_member_needs_no_option)
{
	static const char readme[] = "read with muse-mount\n";
	struct member m[2] = {
		{ "README.txt", readme, sizeof(readme) - 1 },
		{ "chip/dump.bin", img, img_len },
	};
	const char *p = cu_path("one.zip");
	struct mm_dump d;

	write_archive(p, "zip", NULL, m, 2);
	ck_assert_int_eq(open_dump(&d, p, NULL), 0);
	cu_assert_pages(&d, img, img_len);
	mm_dump_close(&d);
}
END_TEST

START_TEST(test_archive_several_dumps_need_member)
{
	struct member m[2] = {
		{ "read1.bin", img, img_len },
		{ "read2.bin", img, img_len },
	};
	const char *p = cu_path("two.zip");
	struct mm_dump d;

	write_archive(p, "zip", NULL, m, 2);
	ck_assert_int_eq(open_dump(&d, p, NULL), -EINVAL);
	ck_assert_ptr_nonnull(strstr(d.err, "'read1.bin'"));
	ck_assert_ptr_nonnull(strstr(d.err, "'read2.bin'"));
	ck_assert_ptr_nonnull(strstr(d.err, "--member"));
	ck_assert_int_eq(cu_count_cache(), 0);
	ck_assert_int_eq(open_dump(&d, p, "read2.bin"), 0);
	cu_assert_pages(&d, img, img_len);
	mm_dump_close(&d);
	ck_assert_int_eq(open_dump(&d, p, "read3.bin"), -ENOENT);
	ck_assert_ptr_nonnull(strstr(d.err, "no member 'read3.bin'"));
}
END_TEST

START_TEST(test_archive_tar_7z_and_tar_gz_members)
{
	struct member m = { "./dump.oob", img, img_len };
	static const char *const fmts[][2] = {
		{ "pax", NULL }, { "gnutar", NULL }, { "7zip", NULL },
		{ "pax", "gzip" }, { "ustar", "xz" },
	};
	struct mm_dump d;
	size_t i;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		char name[64];
		const char *p;

		snprintf(name, sizeof(name), "a%zu.archive", i);
		p = cu_path(name);
		write_archive(p, fmts[i][0], fmts[i][1], &m, 1);
		ck_assert_msg(open_dump(&d, p, i % 2 ? "dump.oob" : NULL) == 0,
			      "%s/%s: %s", fmts[i][0],
			      fmts[i][1] ? fmts[i][1] : "-", d.err);
		cu_assert_pages(&d, img, img_len);
		mm_dump_close(&d);
	}
}
END_TEST

START_TEST(test_archive_dump_that_only_starts_like_a_zip_or_7z_is_read_as_is)
{
	static const uint8_t sevenz[6] = { '7', 'z', 0xbc, 0xaf, 0x27, 0x1c };
	struct member m = { "fw.bin", img, 9000 };
	const char *p = cu_path("starts.bin"), *z = cu_path("fw.zip");
	uint8_t *t = malloc(img_len);
	size_t zlen;
	uint8_t *zb;
	struct mm_dump d;

	/* A firmware zip at offset 0 of the dump, flash data after it. */
	write_archive(z, "zip", NULL, &m, 1);
	zb = cu_slurp(z, &zlen);
	memcpy(t, img, img_len);
	memcpy(t, zb, zlen);
	cu_write(p, t, img_len);
	ck_assert_int_eq(open_dump(&d, p, NULL), 0);
	cu_assert_pages(&d, t, img_len);
	mm_dump_close(&d);
	/* The 7z magic without a valid start header. */
	memcpy(t, img, img_len);
	memcpy(t, sevenz, sizeof(sevenz));
	cu_write(p, t, img_len);
	ck_assert_int_eq(open_dump(&d, p, NULL), 0);
	cu_assert_pages(&d, t, img_len);
	mm_dump_close(&d);
	ck_assert_int_eq(cu_count_cache(), 0);
	free(zb);
	free(t);
}
END_TEST

START_TEST(test_archive_member_on_a_plain_file_is_refused)
{
	const char *p = cu_path("plain.bin");
	struct mm_dump d;

	cu_write(p, img, img_len);
	ck_assert_int_eq(open_dump(&d, p, "x"), -EINVAL);
	ck_assert_ptr_nonnull(strstr(d.err, "not an archive"));
}
END_TEST

START_TEST(test_archive_sizes_over_the_limit_are_refused)
{
	struct member m = { "dump.bin", img, img_len };
	const char *p = cu_path("big.zip"), *q = cu_path("big.xz");
	struct mm_dump d;

	write_archive(p, "zip", NULL, &m, 1);
	write_archive(q, "raw", "xz", &m, 1);
	setenv("MM_MAX_EXPANDED", "64KiB", 1);
	/* Declared size (zip) and produced size (xz). */
	ck_assert_int_eq(open_dump(&d, p, NULL), -EFBIG);
	ck_assert_ptr_nonnull(strstr(d.err, "refusing"));
	ck_assert_int_eq(open_dump(&d, q, NULL), -EFBIG);
	ck_assert_ptr_nonnull(strstr(d.err, "refusing"));
	/* Nothing is left behind, not even a partial cache file. */
	ck_assert_int_eq(cu_count_cache(), 0);
}
END_TEST

START_TEST(test_archive_without_any_dump_names_its_files)
{
	static const char txt[] = "hello\n";
	struct member m[2] = {
		{ "notes.txt", txt, sizeof(txt) - 1 },
		{ "more.txt", txt, sizeof(txt) - 1 },
	};
	const char *p = cu_path("notes.zip");
	struct mm_dump d;

	write_archive(p, "zip", NULL, m, 2);
	ck_assert_int_eq(open_dump(&d, p, NULL), -EINVAL);
	ck_assert_ptr_nonnull(strstr(d.err, "'notes.txt', 'more.txt'"));
	ck_assert_ptr_nonnull(strstr(d.err, "looks like a dump"));
	/* A single file is taken whatever it is; the reader then refuses it. */
	write_archive(p, "zip", NULL, m, 1);
	ck_assert_int_lt(open_dump(&d, p, NULL), 0);
	ck_assert_ptr_null(strstr(d.err, "looks like a dump"));
}
END_TEST

Suite *fmt_archive_suite(void)
{
	Suite *s = suite_create("fmt_archive");
	TCase *tc = tcase_create("streams");

	cu_dir();

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_archive_xz_stream_reads_like_the_plain_dump);
	tcase_add_test(tc, test_archive_bzip2_stream_reads_like_the_plain_dump);
	tcase_add_test(tc, test_archive_zstd_stream_reads_like_the_plain_dump);
	tcase_add_test(tc, test_archive_detects_by_magic_not_by_name);
	tcase_add_test(tc, test_archive_cache_is_reused_and_follows_the_input);
	suite_add_tcase(s, tc);
	tc = tcase_create("members");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_archive_zip_with_one_plausible_member_needs_no_option);
	tcase_add_test(tc, test_archive_several_dumps_need_member);
	tcase_add_test(tc, test_archive_tar_7z_and_tar_gz_members);
	tcase_add_test(tc, test_archive_member_on_a_plain_file_is_refused);
	tcase_add_test(tc, test_archive_dump_that_only_starts_like_a_zip_or_7z_is_read_as_is);
	tcase_add_test(tc, test_archive_without_any_dump_names_its_files);
	suite_add_tcase(s, tc);
	tc = tcase_create("limits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_archive_sizes_over_the_limit_are_refused);
	suite_add_tcase(s, tc);
	return s;
}
