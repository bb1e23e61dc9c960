// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_fmt_e01.c - E01 evidence files: the EVF magic is recognised; MD5
 * and SHA-1 give the standard test vectors however the input is cut; with
 * libewf and ewfacquirestream, a dump acquired compressed and split into
 * segments reads page for page like the image, with its stored MD5 among
 * the layer's props and --verify matching.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/open.h"
#include "../../core/util/digest.h"
#include "../../formats/containers/container.h"
#include "../../formats/format.h"
#include "cont_util.h"

static void hex_of(int sha1, const void *buf, size_t len, size_t cut,
		   char *out)
{
	struct mm_digest s;
	uint8_t md[MM_SHA1_LEN];
	size_t o;

	if (sha1)
		mm_sha1_init(&s);
	else
		mm_md5_init(&s);
	for (o = 0; o < len; o += cut)
		mm_digest_update(&s, (const uint8_t *)buf + o,
				 len - o < cut ? len - o : cut);
	mm_digest_final(&s, md);
	mm_digest_hex(md, sha1 ? MM_SHA1_LEN : MM_MD5_LEN, out);
}

extern const struct mm_container mm_cont_e01;	/* formats/containers/e01.c */

START_TEST(test_md5_sha1_vectors)
{
	static const char *const m80 =
		"1234567890123456789012345678901234567890"
		"1234567890123456789012345678901234567890";
	static const size_t cuts[] = { 1, 3, 63, 64, 65, 1000000 };
	char hex[2 * MM_SHA1_LEN + 1];
	char *a = malloc(1000000);
	size_t i;

	memset(a, 'a', 1000000);
	hex_of(0, "", 0, 1, hex);
	ck_assert_str_eq(hex, "d41d8cd98f00b204e9800998ecf8427e");
	hex_of(0, "abc", 3, 1, hex);
	ck_assert_str_eq(hex, "900150983cd24fb0d6963f7d28e17f72");
	hex_of(1, "abc", 3, 2, hex);
	ck_assert_str_eq(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	hex_of(1, "", 0, 1, hex);
	ck_assert_str_eq(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		hex_of(0, m80, 80, cuts[i], hex);
		ck_assert_str_eq(hex, "57edf4a22be3c955ac49da2e2107b67a");
		hex_of(1, a, 1000000, cuts[i], hex);
		ck_assert_str_eq(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	}
	free(a);
}
END_TEST

START_TEST(test_evf_magic_is_e01)
{
	uint8_t b[512] = "EVF\x09\x0d\x0a\xff\x00\x01\x01\x00";

	ck_assert_ptr_eq(mm_container_sniff(b, sizeof(b), NULL), &mm_cont_e01);
	b[3] = 0x0a;
	ck_assert_ptr_ne(mm_container_sniff(b, sizeof(b), NULL), &mm_cont_e01);
	/* EWF2 (.Ex01) is not read */
	memcpy(b, "EVF2\r\n\x81\x00", 8);
	ck_assert_ptr_ne(mm_container_sniff(b, sizeof(b), NULL), &mm_cont_e01);
}
END_TEST

#ifdef HAVE_LIBEWF
START_TEST(test_split_compressed_e01_reads_like_the_image)
{
	struct mm_gen g = cu_gen_2k();
	struct mm_src_prop p[MM_SRC_PROPS_MAX];
	struct mm_open_opts o;
	struct mm_dump d;
	const struct mm_src *s;
	char want[2 * MM_MD5_LEN + 1], msg[512];
	uint8_t *img;
	size_t len;
	int n, i;

	if (cu_run("command -v ewfacquirestream >/dev/null"))
		return;		/* ewf-tools not installed */
	g.blocks = 200;
	img = cu_gen_image(&g, &len);
	ck_assert_uint_ge(len, 3u << 20);
	cu_write(cu_path("e.img"), img, len);
	ck_assert_int_eq(cu_run("cd '%s' && ewfacquirestream -q -c none -S 1MiB -C unit -t e < e.img > /dev/null",
				cu_dir()), 0);
	ck_assert_int_eq(cu_run("test -f '%s'", cu_path("e.E03")), 0);
	hex_of(0, img, len, 4096, want);

	cu_opts(&o, 2048, 64, 8);
	ck_assert_int_eq(mm_dump_open(&d, cu_path("e.E01"), &o), 0);
	cu_assert_pages(&d, img, len);
	for (s = &d.src; s && s->ops && !s->ops->props; s = s->lower)
		;
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->ops->kind, "container");
	n = s->ops->props(s, p, MM_SRC_PROPS_MAX);
	ck_assert_int_ge(n, 2);
	ck_assert_str_eq(p[0].key, "md5");
	ck_assert_str_eq(p[0].val, want);
	for (i = 0; i < n && strcmp(p[i].key, "case_number"); i++)
		;
	ck_assert_int_lt(i, n);
	ck_assert_str_eq(p[i].val, "unit");
	ck_assert_int_eq(s->ops->verify(s, msg, sizeof(msg)), 1);
	mm_dump_close(&d);
	free(img);
}
END_TEST
#endif

Suite *fmt_e01_suite(void)
{
	Suite *s = suite_create("fmt_e01");
	TCase *tc = tcase_create("e01");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_md5_sha1_vectors);
	tcase_add_test(tc, test_evf_magic_is_e01);
#ifdef HAVE_LIBEWF
	tcase_add_test(tc, test_split_compressed_e01_reads_like_the_image);
#endif
	suite_add_tcase(s, tc);
	return s;
}
