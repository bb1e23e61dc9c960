// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_json.c - the JSON writer: layout, commas, and string escaping of
 * quotes, control bytes and bytes that are not UTF-8.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/util/json.h"

static char *escaped(const char *s, size_t len)
{
	static char buf[256];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	ck_assert_ptr_nonnull(f);
	mm_json_escape(f, s, len);
	fclose(f);
	return buf;
}

START_TEST(test_json_escapes_quotes_backslashes_and_controls)
{
	ck_assert_str_eq(escaped("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
	ck_assert_str_eq(escaped("\n\t\r\b\f", 5), "\"\\n\\t\\r\\b\\f\"");
	ck_assert_str_eq(escaped("\x01\x1f\x7f", 3), "\"\\u0001\\u001f\\u007f\"");
	ck_assert_str_eq(escaped("a\0b", 3), "\"a\\u0000b\"");
}
END_TEST

START_TEST(test_json_keeps_utf8_and_escapes_other_bytes)
{
	/* é (C3 A9), € (E2 82 AC), 😀 (F0 9F 98 80) pass through. */
	ck_assert_str_eq(escaped("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9),
			 "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	/* A lone continuation byte, a truncated sequence, an overlong '/',
	 * a surrogate: each byte becomes \u00XX. */
	ck_assert_str_eq(escaped("\x80", 1), "\"\\u0080\"");
	ck_assert_str_eq(escaped("\xe2\x82", 2), "\"\\u00e2\\u0082\"");
	ck_assert_str_eq(escaped("\xc0\xaf", 2), "\"\\u00c0\\u00af\"");
	ck_assert_str_eq(escaped("\xed\xa0\x80", 3),
			 "\"\\u00ed\\u00a0\\u0080\"");
	ck_assert_str_eq(escaped("\xff", 1), "\"\\u00ff\"");
}
END_TEST

START_TEST(test_json_object_layout)
{
	char buf[512];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	struct mm_json j;

	ck_assert_ptr_nonnull(f);
	mm_json_init(&j, f);
	mm_json_object_begin(&j, NULL);
	mm_json_u64(&j, "n", 18446744073709551615ull);
	mm_json_i64(&j, "m", -3);
	mm_json_array_begin(&j, "empty");
	mm_json_array_end(&j);
	mm_json_array_begin(&j, "a");
	mm_json_bool(&j, NULL, true);
	mm_json_null(&j, NULL);
	mm_json_str(&j, NULL, "x");
	mm_json_array_end(&j);
	mm_json_object_begin(&j, "o");
	mm_json_str(&j, "k", NULL);
	mm_json_object_end(&j);
	mm_json_object_end(&j);
	mm_json_end(&j);
	fclose(f);
	ck_assert_str_eq(buf,
		"{\n"
		"  \"n\": 18446744073709551615,\n"
		"  \"m\": -3,\n"
		"  \"empty\": [],\n"
		"  \"a\": [\n"
		"    true,\n"
		"    null,\n"
		"    \"x\"\n"
		"  ],\n"
		"  \"o\": {\n"
		"    \"k\": null\n"
		"  }\n"
		"}\n");
}
END_TEST

Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("writer");

	tcase_add_test(tc, test_json_escapes_quotes_backslashes_and_controls);
	tcase_add_test(tc, test_json_keeps_utf8_and_escapes_other_bytes);
	tcase_add_test(tc, test_json_object_layout);
	suite_add_tcase(s, tc);
	return s;
}
