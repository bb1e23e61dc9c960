/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json.h - a tiny streaming JSON writer (objects, arrays, strings, numbers,
 * booleans), pretty-printed with two-space indentation.
 *
 * Strings are escaped per RFC 8259; bytes that are not valid UTF-8 (dump
 * content such as volume names can hold anything) are written as \u00XX, the
 * byte read as Latin-1, so the output is always valid JSON.
 */
#ifndef MM_JSON_H
#define MM_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MM_JSON_MAX_DEPTH	16

/**
 * struct mm_json - writer state
 * @out: the stream
 * @depth: open containers
 * @count: members written so far at each depth
 */
struct mm_json {
	FILE *out;
	int depth;
	unsigned int count[MM_JSON_MAX_DEPTH];
};

/** mm_json_init - start writing one JSON value to @out */
void mm_json_init(struct mm_json *j, FILE *out);

/*
 * In each call, @key is the member name inside an object and must be NULL
 * inside an array or for the top-level value.
 */
void mm_json_object_begin(struct mm_json *j, const char *key);
void mm_json_object_end(struct mm_json *j);
void mm_json_array_begin(struct mm_json *j, const char *key);
void mm_json_array_end(struct mm_json *j);
void mm_json_str(struct mm_json *j, const char *key, const char *val);
/** mm_json_strn - a string of @len bytes that may hold NULs and any byte */
void mm_json_strn(struct mm_json *j, const char *key, const char *val,
		  size_t len);
void mm_json_u64(struct mm_json *j, const char *key, uint64_t val);
void mm_json_i64(struct mm_json *j, const char *key, int64_t val);
void mm_json_bool(struct mm_json *j, const char *key, bool val);
void mm_json_null(struct mm_json *j, const char *key);

/** mm_json_end - finish (writes the final newline) */
void mm_json_end(struct mm_json *j);

/**
 * mm_json_escape - write @len bytes of @s as a quoted JSON string to @out
 */
void mm_json_escape(FILE *out, const char *s, size_t len);

#endif /* MM_JSON_H */
