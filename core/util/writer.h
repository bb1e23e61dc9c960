/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * writer.h - a writer of findings that knows no output format: key/value
 * members (strings, numbers, booleans, nested objects and arrays) and text
 * pieces. The code that finds things (the content probers) writes through
 * it; a front end implements it (cli/report.c renders JSON and text).
 *
 * Keys follow mm_json's rule: a member of an object has a key, an element
 * of an array has none (NULL). Text pieces belong to one line of a text
 * report; mm_writer_newline() continues it on a line of its own, indented
 * under the first one's text. A writer leaves out what it does not render
 * (an op may be NULL): the JSON writer ignores text pieces.
 */
#ifndef MM_WRITER_H
#define MM_WRITER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

struct mm_writer;

/**
 * struct mm_writer_ops - what a writer renders (each op may be NULL)
 * @str: a string member or element (@val may hold any byte but NUL)
 * @u64: an unsigned number
 * @boolean: a boolean
 * @object_begin: open an object (close with @object_end)
 * @object_end: close it
 * @array_begin: open an array (close with @array_end)
 * @array_end: close it
 * @vtext: text, printf-style
 * @name: a name from the dump, quoted, unprintable bytes escaped
 * @size: a size in bytes, with its binary unit when exact
 * @newline: go on on a continuation line (indented)
 */
struct mm_writer_ops {
	void (*str)(struct mm_writer *w, const char *key, const char *val);
	void (*u64)(struct mm_writer *w, const char *key, uint64_t val);
	void (*boolean)(struct mm_writer *w, const char *key, bool val);
	void (*object_begin)(struct mm_writer *w, const char *key);
	void (*object_end)(struct mm_writer *w);
	void (*array_begin)(struct mm_writer *w, const char *key);
	void (*array_end)(struct mm_writer *w);
	void (*vtext)(struct mm_writer *w, const char *fmt, va_list ap);
	void (*name)(struct mm_writer *w, const char *s);
	void (*size)(struct mm_writer *w, uint64_t bytes);
	void (*newline)(struct mm_writer *w);
};

/**
 * struct mm_writer - embed it in the implementation's own state
 * @ops: its ops
 */
struct mm_writer {
	const struct mm_writer_ops *ops;
};

static inline void mm_writer_str(struct mm_writer *w, const char *key,
				 const char *val)
{
	if (w->ops->str)
		w->ops->str(w, key, val);
}

static inline void mm_writer_u64(struct mm_writer *w, const char *key,
				 uint64_t val)
{
	if (w->ops->u64)
		w->ops->u64(w, key, val);
}

static inline void mm_writer_bool(struct mm_writer *w, const char *key,
				  bool val)
{
	if (w->ops->boolean)
		w->ops->boolean(w, key, val);
}

static inline void mm_writer_object_begin(struct mm_writer *w, const char *key)
{
	if (w->ops->object_begin)
		w->ops->object_begin(w, key);
}

static inline void mm_writer_object_end(struct mm_writer *w)
{
	if (w->ops->object_end)
		w->ops->object_end(w);
}

static inline void mm_writer_array_begin(struct mm_writer *w, const char *key)
{
	if (w->ops->array_begin)
		w->ops->array_begin(w, key);
}

static inline void mm_writer_array_end(struct mm_writer *w)
{
	if (w->ops->array_end)
		w->ops->array_end(w);
}

__attribute__((format(printf, 2, 3)))
static inline void mm_writer_text(struct mm_writer *w, const char *fmt, ...)
{
	va_list ap;

	if (!w->ops->vtext)
		return;
	va_start(ap, fmt);
	w->ops->vtext(w, fmt, ap);
	va_end(ap);
}

static inline void mm_writer_name(struct mm_writer *w, const char *s)
{
	if (w->ops->name)
		w->ops->name(w, s);
}

static inline void mm_writer_size(struct mm_writer *w, uint64_t bytes)
{
	if (w->ops->size)
		w->ops->size(w, bytes);
}

static inline void mm_writer_newline(struct mm_writer *w)
{
	if (w->ops->newline)
		w->ops->newline(w);
}

#endif /* MM_WRITER_H */
