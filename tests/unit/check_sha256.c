// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_sha256.c - SHA-256 against the FIPS 180-2/180-4 example vectors,
 * split updates, and hashing a file by descriptor.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/util/sha256.h"

static void hash_hex(const void *p, size_t len, char hex[MM_SHA256_HEX])
{
	struct mm_sha256 s;
	uint8_t md[MM_SHA256_LEN];

	mm_sha256_init(&s);
	mm_sha256_update(&s, p, len);
	mm_sha256_final(&s, md);
	mm_sha256_hex(md, hex);
}

START_TEST(test_sha256_fips_examples)
{
	char hex[MM_SHA256_HEX];

	hash_hex("", 0, hex);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hash_hex("abc", 3, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hash_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	hash_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		 112, hex);
	ck_assert_str_eq(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}
END_TEST

START_TEST(test_sha256_million_a_in_odd_pieces)
{
	struct mm_sha256 s;
	uint8_t md[MM_SHA256_LEN];
	char hex[MM_SHA256_HEX], buf[997];
	size_t left = 1000000, n;

	memset(buf, 'a', sizeof(buf));
	mm_sha256_init(&s);
	while (left) {
		n = left < sizeof(buf) ? left : sizeof(buf);
		mm_sha256_update(&s, buf, n);
		left -= n;
	}
	mm_sha256_final(&s, md);
	mm_sha256_hex(md, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

/* Every message length around the padding boundary, fed byte by byte, must
 * match the one-shot hash. */
START_TEST(test_sha256_split_updates_match_one_shot)
{
	uint8_t msg[200], md1[MM_SHA256_LEN], md2[MM_SHA256_LEN];
	struct mm_sha256 s;
	size_t len, i;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7 + 3);
	for (len = 0; len < sizeof(msg); len++) {
		mm_sha256_init(&s);
		mm_sha256_update(&s, msg, len);
		mm_sha256_final(&s, md1);
		mm_sha256_init(&s);
		for (i = 0; i < len; i++)
			mm_sha256_update(&s, msg + i, 1);
		mm_sha256_final(&s, md2);
		ck_assert_mem_eq(md1, md2, MM_SHA256_LEN);
	}
}
END_TEST

START_TEST(test_sha256_fd_hashes_whole_file_from_offset_zero)
{
	char path[] = "/tmp/check_sha256.XXXXXX", hex[MM_SHA256_HEX];
	uint8_t md[MM_SHA256_LEN];
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	unlink(path);
	ck_assert_int_eq(write(fd, "abc", 3), 3);
	/* The file offset is at the end now; the hash must not care. */
	ck_assert_int_eq(mm_sha256_fd(fd, md, NULL, NULL), 0);
	mm_sha256_hex(md, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	close(fd);
}
END_TEST

Suite *sha256_suite(void)
{
	Suite *s = suite_create("sha256");
	TCase *tc = tcase_create("vectors");

	tcase_add_test(tc, test_sha256_fips_examples);
	tcase_add_test(tc, test_sha256_million_a_in_odd_pieces);
	tcase_add_test(tc, test_sha256_split_updates_match_one_shot);
	tcase_add_test(tc, test_sha256_fd_hashes_whole_file_from_offset_zero);
	suite_add_tcase(s, tc);
	return s;
}
