// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * json.c - a tiny streaming JSON writer.
 */
#include <inttypes.h>
#include <string.h>

#include "json.h"

void mm_json_init(struct mm_json *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

/* Length of the valid UTF-8 sequence at @s (at most @len bytes), 0 if none. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

void mm_json_escape(FILE *out, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;

	fputc('"', out);
	while (i < len) {
		unsigned char c = s[i];

		switch (c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(out, "\\u%04x", c);
				break;
			}
			n = utf8_seq(s + i, len - i);
			if (!n) {
				fprintf(out, "\\u%04x", c);
				break;
			}
			fwrite(s + i, 1, n, out);
			i += n;
			continue;
		}
		i++;
	}
	fputc('"', out);
}

/* Comma, newline, indentation and the key before a new member. */
static void member(struct mm_json *j, const char *key)
{
	int i;

	if (j->depth > 0) {
		if (j->depth > MM_JSON_MAX_DEPTH || j->count[j->depth - 1]++)
			fputc(',', j->out);
		fputc('\n', j->out);
		for (i = 0; i < j->depth; i++)
			fputs("  ", j->out);
	}
	if (key) {
		mm_json_escape(j->out, key, strlen(key));
		fputs(": ", j->out);
	}
}

static void open_container(struct mm_json *j, const char *key, char c)
{
	member(j, key);
	fputc(c, j->out);
	if (j->depth < MM_JSON_MAX_DEPTH)
		j->count[j->depth] = 0;
	j->depth++;
}

static void close_container(struct mm_json *j, char c)
{
	int i;

	j->depth--;
	if (j->depth < MM_JSON_MAX_DEPTH && j->count[j->depth]) {
		fputc('\n', j->out);
		for (i = 0; i < j->depth; i++)
			fputs("  ", j->out);
	}
	fputc(c, j->out);
}

void mm_json_object_begin(struct mm_json *j, const char *key)
{
	open_container(j, key, '{');
}

void mm_json_object_end(struct mm_json *j)
{
	close_container(j, '}');
}

void mm_json_array_begin(struct mm_json *j, const char *key)
{
	open_container(j, key, '[');
}

void mm_json_array_end(struct mm_json *j)
{
	close_container(j, ']');
}

void mm_json_strn(struct mm_json *j, const char *key, const char *val,
		  size_t len)
{
	member(j, key);
	mm_json_escape(j->out, val, len);
}

void mm_json_str(struct mm_json *j, const char *key, const char *val)
{
	if (!val) {
		mm_json_null(j, key);
		return;
	}
	mm_json_strn(j, key, val, strlen(val));
}

void mm_json_u64(struct mm_json *j, const char *key, uint64_t val)
{
	member(j, key);
	fprintf(j->out, "%" PRIu64, val);
}

void mm_json_i64(struct mm_json *j, const char *key, int64_t val)
{
	member(j, key);
	fprintf(j->out, "%" PRId64, val);
}

void mm_json_bool(struct mm_json *j, const char *key, bool val)
{
	member(j, key);
	fputs(val ? "true" : "false", j->out);
}

void mm_json_null(struct mm_json *j, const char *key)
{
	member(j, key);
	fputs("null", j->out);
}

void mm_json_end(struct mm_json *j)
{
	fputc('\n', j->out);
}
