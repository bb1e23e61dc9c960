// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_fmt_gzip.c - the gzip source: random access through the seek index
 * across access points, concatenated members, truncated / corrupt /
 * trailing-garbage streams refused, the size limit, and a gzip'd dump read
 * page by page like the plain one.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "../../core/open.h"
#include "../../formats/containers/container.h"
#include "../../formats/format.h"
#include "cont_util.h"

/* gzip-compress @len bytes (one member) into a malloc'ed buffer. */
static uint8_t *gz(const uint8_t *in, size_t len, size_t *out_len)
{
	z_stream zs;
	uint8_t *out;
	size_t cap = len + len / 100 + 1024;

	memset(&zs, 0, sizeof(zs));
	ck_assert_int_eq(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	out = malloc(cap);
	zs.next_in = (uint8_t *)in;
	zs.avail_in = len;
	zs.next_out = out;
	zs.avail_out = cap;
	ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*out_len = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

/* Compressible but not trivial: runs, counters and noise. */
static uint8_t *sample(size_t len, unsigned int seed)
{
	uint8_t *b = malloc(len);
	size_t i;

	srand(seed);
	for (i = 0; i < len; i++) {
		if ((i / 4096) % 3 == 0)
			b[i] = 0xff;
		else if ((i / 4096) % 3 == 1)
			b[i] = (uint8_t)(i * 7 + (i >> 12));
		else
			b[i] = (uint8_t)rand();
	}
	return b;
}

START_TEST(test_gzip_random_reads_match_across_access_points)
{
	size_t len = 5 * MM_GZIP_SPAN + 12345, zlen, i;
	uint8_t *plain = sample(len, 1), *z = gz(plain, len, &zlen);
	uint8_t *buf = malloc(70000);
	const char *p = cu_path("random.gz");
	struct mm_dump d;

	cu_write(p, z, zlen);
	cu_open_src(&d, p);
	ck_assert_int_eq(mm_gzip_stack(&d.in, &d.src), 0);
	ck_assert_uint_eq(d.src.size, len);
	{
		char names[2][MM_LAYER_NAME_MAX];
		unsigned int pts = 0;

		ck_assert_int_eq(mm_src_layers(&d.src, names, 2), 1);
		ck_assert_int_eq(sscanf(names[0], "gzip, %u access points", &pts), 1);
		ck_assert_uint_ge(pts, 5);	/* one per MiB, plus the start */
	}
	srand(5);
	for (i = 0; i < 300; i++) {
		uint64_t off = (uint64_t)rand() % len;
		size_t n = rand() % 70000;
		ssize_t got = mm_src_pread(&d.src, buf, n, off);
		size_t want = off + n > len ? len - off : n;

		ck_assert_int_eq(got, (ssize_t)want);
		ck_assert_int_eq(memcmp(buf, plain + off, want), 0);
	}
	/* Sequential, in page-record steps, and past the end. */
	for (i = 0; i < len; i += 2112) {
		size_t want = i + 2112 > len ? len - i : 2112;

		ck_assert_int_eq(mm_src_pread(&d.src, buf, 2112, i),
				 (ssize_t)want);
		ck_assert_int_eq(memcmp(buf, plain + i, want), 0);
	}
	ck_assert_int_eq(mm_src_pread(&d.src, buf, 10, len), 0);
	mm_src_close(&d.src);
	free(plain);
	free(z);
	free(buf);
}
END_TEST

struct reader_arg {
	const struct mm_src *src;
	const uint8_t *plain;
	size_t len;
	unsigned int seed;
	int bad;
};

static void *reader(void *p)
{
	struct reader_arg *r = p;
	uint8_t buf[4224];
	int i;

	for (i = 0; i < 300; i++) {
		uint64_t off = (uint64_t)rand_r(&r->seed) % r->len;
		size_t n = rand_r(&r->seed) % sizeof(buf);
		size_t want = off + n > r->len ? r->len - off : n;

		if (mm_src_pread(r->src, buf, n, off) != (ssize_t)want ||
		    memcmp(buf, r->plain + off, want))
			r->bad++;
	}
	return NULL;
}

START_TEST(test_gzip_reads_from_many_threads_agree)
{
	size_t len = 4 * MM_GZIP_SPAN + 999, zlen;
	uint8_t *plain = sample(len, 12), *z = gz(plain, len, &zlen);
	const char *p = cu_path("threads.gz");
	struct reader_arg r[4];
	pthread_t t[4];
	struct mm_dump d;
	int i;

	cu_write(p, z, zlen);
	cu_open_src(&d, p);
	ck_assert_int_eq(mm_gzip_stack(&d.in, &d.src), 0);
	for (i = 0; i < 4; i++) {
		r[i] = (struct reader_arg){ &d.src, plain, len, 100 + i, 0 };
		ck_assert_int_eq(pthread_create(&t[i], NULL, reader, &r[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(r[i].bad, 0);
	}
	mm_src_close(&d.src);
	free(plain);
	free(z);
}
END_TEST

START_TEST(test_gzip_thinned_index_still_reads_right)
{
	size_t len = 9 * MM_GZIP_SPAN + 777, zlen, i;
	uint8_t *plain = sample(len, 9), *z = gz(plain, len, &zlen);
	uint8_t *buf = malloc(40000);
	const char *p = cu_path("thin.gz");
	char name[MM_LAYER_NAME_MAX];
	struct mm_dump d;

	cu_write(p, z, zlen);
	cu_open_src(&d, p);
	setenv("MM_GZIP_MAX_WINDOWS", "2", 1);
	ck_assert_int_eq(mm_gzip_stack(&d.in, &d.src), 0);
	unsetenv("MM_GZIP_MAX_WINDOWS");
	/* The start plus at most 2 windowed points were kept. */
	ck_assert_int_eq(mm_src_layers(&d.src, &name, 1), 1);
	ck_assert_msg(!strcmp(name, "gzip, 2 access points") ||
		      !strcmp(name, "gzip, 3 access points"), "%s", name);
	srand(8);
	for (i = 0; i < 100; i++) {
		uint64_t off = (uint64_t)rand() % len;
		size_t n = rand() % 40000;
		size_t want = off + n > len ? len - off : n;

		ck_assert_int_eq(mm_src_pread(&d.src, buf, n, off),
				 (ssize_t)want);
		ck_assert_int_eq(memcmp(buf, plain + off, want), 0);
	}
	mm_src_close(&d.src);
	free(plain);
	free(z);
	free(buf);
}
END_TEST

START_TEST(test_gzip_concatenated_members_read_as_one_stream)
{
	size_t l1 = 300000, l2 = MM_GZIP_SPAN + 5000, z1, z2;
	uint8_t *a = sample(l1, 2), *b = sample(l2, 3);
	uint8_t *za = gz(a, l1, &z1), *zb = gz(b, l2, &z2);
	uint8_t *cat = malloc(z1 + z2 + 512), *buf = malloc(l1 + l2);
	const char *p = cu_path("cat.gz");
	struct mm_dump d;

	memcpy(cat, za, z1);
	memcpy(cat + z1, zb, z2);
	memset(cat + z1 + z2, 0, 512);	/* tape padding is accepted */
	cu_write(p, cat, z1 + z2 + 512);
	cu_open_src(&d, p);
	ck_assert_int_eq(mm_gzip_stack(&d.in, &d.src), 0);
	ck_assert_uint_eq(d.src.size, l1 + l2);
	/* Backwards first, to seek into the second member. */
	ck_assert_int_eq(mm_src_pread(&d.src, buf, l2, l1), (ssize_t)l2);
	ck_assert_int_eq(memcmp(buf, b, l2), 0);
	ck_assert_int_eq(mm_src_pread(&d.src, buf, l1 + l2, 0),
			 (ssize_t)(l1 + l2));
	ck_assert_int_eq(memcmp(buf, a, l1), 0);
	ck_assert_int_eq(memcmp(buf + l1, b, l2), 0);
	mm_src_close(&d.src);
	free(a);
	free(b);
	free(za);
	free(zb);
	free(cat);
	free(buf);
}
END_TEST

static int open_gz_bytes(struct mm_dump *d, const uint8_t *z, size_t zlen)
{
	const char *p = cu_path("bad.gz");
	int ret;

	cu_write(p, z, zlen);
	cu_open_src(d, p);
	ret = mm_gzip_stack(&d->in, &d->src);
	mm_src_close(&d->src);
	return ret;
}

START_TEST(test_gzip_truncated_stream_is_refused)
{
	size_t len = 200000, zlen;
	uint8_t *plain = sample(len, 4), *z = gz(plain, len, &zlen);
	struct mm_dump d;

	ck_assert_int_eq(open_gz_bytes(&d, z, zlen - 100), -EINVAL);
	ck_assert_ptr_nonnull(strstr(d.err, "truncated"));
	free(plain);
	free(z);
}
END_TEST

START_TEST(test_gzip_corrupt_or_trailing_garbage_is_refused)
{
	size_t len = 200000, zlen;
	uint8_t *plain = sample(len, 4), *z = gz(plain, len, &zlen);
	uint8_t *g = malloc(zlen + 8);
	struct mm_dump d;

	/* A flipped CRC-32 in the trailer. */
	memcpy(g, z, zlen);
	g[zlen - 6] ^= 0x40;
	ck_assert_int_eq(open_gz_bytes(&d, g, zlen), -EINVAL);
	ck_assert_ptr_nonnull(strstr(d.err, "corrupt"));
	/* Junk after the member. */
	memcpy(g, z, zlen);
	memcpy(g + zlen, "junkjunk", 8);
	ck_assert_int_eq(open_gz_bytes(&d, g, zlen + 8), -EINVAL);
	ck_assert_ptr_nonnull(strstr(d.err, "trailing garbage"));
	free(plain);
	free(z);
	free(g);
}
END_TEST

START_TEST(test_gzip_blob_at_the_start_of_a_dump_is_not_a_container)
{
	struct mm_gen g = cu_gen_2k();
	size_t len, zlen;
	uint8_t *img = cu_gen_image(&g, &len);
	uint8_t *blob = sample(30000, 3), *z = gz(blob, 30000, &zlen);
	const char *p = cu_path("boot-blob.bin");
	struct mm_open_opts o;
	struct mm_dump d;

	/* A dump whose first page begins with a gzip'd boot image. */
	memcpy(img, z, zlen);
	cu_write(p, img, len);
	cu_opts(&o, 2048, 64, 8);
	ck_assert_int_eq(mm_dump_open(&d, p, &o), 0);
	ck_assert_str_eq(d.fmt->name, "oob");
	cu_assert_pages(&d, img, len);
	mm_dump_close(&d);
	free(img);
	free(blob);
	free(z);
}
END_TEST

START_TEST(test_gzip_output_over_the_limit_is_refused)
{
	size_t len = 3 << 20, zlen;
	uint8_t *plain = calloc(1, len), *z = gz(plain, len, &zlen);
	struct mm_dump d;

	setenv("MM_MAX_EXPANDED", "1MiB", 1);
	ck_assert_int_eq(open_gz_bytes(&d, z, zlen), -EFBIG);
	ck_assert_ptr_nonnull(strstr(d.err, "MM_MAX_EXPANDED"));
	unsetenv("MM_MAX_EXPANDED");
	ck_assert_int_eq(open_gz_bytes(&d, z, zlen), 0);
	free(plain);
	free(z);
}
END_TEST

START_TEST(test_gzip_dump_reads_like_the_plain_dump)
{
	struct mm_gen g = cu_gen_2k();
	size_t len, zlen;
	uint8_t *img = cu_gen_image(&g, &len), *z = gz(img, len, &zlen);
	const char *p = cu_path("dump.oob.gz");
	struct mm_open_opts o;
	struct mm_dump d;
	struct stat a, b;

	cu_write(p, z, zlen);
	cu_opts(&o, 2048, 64, 8);
	ck_assert_int_eq(mm_dump_open(&d, p, &o), 0);
	ck_assert_str_eq(d.fmt->name, "oob");
	ck_assert_uint_eq(d.geom.block_count, 12);
	cu_assert_pages(&d, img, len);
	/* The factory markers are read through the container. */
	ck_assert(mm_bbt_is_bad(&d.bbt, 2));
	ck_assert(mm_bbt_is_bad(&d.bbt, 9));
	/* d->src.fd still names the input file. */
	ck_assert_int_eq(fstat(d.src.fd, &a), 0);
	ck_assert_int_eq(stat(p, &b), 0);
	ck_assert_uint_eq(a.st_ino, b.st_ino);
	mm_dump_close(&d);
	free(img);
	free(z);
}
END_TEST

static void layer0(struct mm_dump *d, char *name)
{
	char names[4][MM_LAYER_NAME_MAX];

	ck_assert_int_eq(mm_src_layers(&d->src, names, 4), 1);
	strcpy(name, names[0]);
}

START_TEST(test_gzip_index_is_kept_reused_and_rebuilt_when_damaged)
{
	size_t len = MM_GZIP_INDEX_MIN + 2112 * 64 * 4, zlen;
	uint8_t *plain = sample(len, 6), *z;
	const char *p = cu_path("big.gz");
	char name[MM_LAYER_NAME_MAX], *gzi;
	uint8_t buf[2112];
	struct mm_open_opts o;
	struct mm_dump d;

	len -= len % (2112 * 64);
	z = gz(plain, len, &zlen);
	cu_write(p, z, zlen);
	cu_clear_cache();
	cu_opts(&o, 2048, 64, 64);
	o.format = "oob";
	ck_assert_int_eq(mm_dump_open(&d, p, &o), 0);
	layer0(&d, name);
	ck_assert_msg(strstr(name, "index kept in"), "%s", name);
	gzi = strdup(strstr(name, "kept in ") + 8);
	mm_dump_close(&d);
	ck_assert_int_eq(cu_count_cache(), 1);

	ck_assert_int_eq(mm_dump_open(&d, p, &o), 0);
	layer0(&d, name);
	ck_assert_msg(strstr(name, "index reused from"), "%s", name);
	ck_assert_int_eq(mm_dump_read_page(&d, 1000, buf, buf + 2048), 0);
	ck_assert_int_eq(memcmp(buf, plain + 1000 * 2112, 2112), 0);
	mm_dump_close(&d);

	/* A damaged index file is not trusted: indexed again. */
	ck_assert_int_eq(truncate(gzi, 1000), 0);
	ck_assert_int_eq(mm_dump_open(&d, p, &o), 0);
	layer0(&d, name);
	ck_assert_msg(strstr(name, "index kept in"), "%s", name);
	ck_assert_int_eq(mm_dump_read_page(&d, 1500, buf, buf + 2048), 0);
	ck_assert_int_eq(memcmp(buf, plain + 1500 * 2112, 2112), 0);
	mm_dump_close(&d);
	free(gzi);
	free(plain);
	free(z);
}
END_TEST

Suite *fmt_gzip_suite(void)
{
	Suite *s = suite_create("fmt_gzip");
	TCase *tc = tcase_create("index");

	cu_dir();

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_gzip_random_reads_match_across_access_points);
	tcase_add_test(tc, test_gzip_thinned_index_still_reads_right);
	tcase_add_test(tc, test_gzip_reads_from_many_threads_agree);
	tcase_add_test(tc, test_gzip_concatenated_members_read_as_one_stream);
	suite_add_tcase(s, tc);
	tc = tcase_create("refused");
	tcase_add_test(tc, test_gzip_truncated_stream_is_refused);
	tcase_add_test(tc, test_gzip_corrupt_or_trailing_garbage_is_refused);
	tcase_add_test(tc, test_gzip_output_over_the_limit_is_refused);
	tcase_add_test(tc, test_gzip_blob_at_the_start_of_a_dump_is_not_a_container);
	suite_add_tcase(s, tc);
	tc = tcase_create("dump");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_gzip_dump_reads_like_the_plain_dump);
	tcase_add_test(tc, test_gzip_index_is_kept_reused_and_rebuilt_when_damaged);
	suite_add_tcase(s, tc);
	return s;
}
