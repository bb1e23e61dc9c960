/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cont_util.h - helpers of the container, layout, transform and fusion
 * tests: a private temporary directory (also MM_CACHE_DIR), generated
 * chips written as page + OOB files, whole-file reads and page compares.
 */
#ifndef MM_TEST_CONT_UTIL_H
#define MM_TEST_CONT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "../../core/dump.h"
#include "../gen/gen.h"

/** cu_dir - the test's temporary directory; MM_CACHE_DIR is <dir>/cache */
const char *cu_dir(void);

/** cu_path - "<cu_dir()>/<name>" in a static rotating buffer */
const char *cu_path(const char *name);

/** cu_write - write @len bytes to @path (created or truncated) */
void cu_write(const char *path, const void *buf, size_t len);

/** cu_slurp - read a whole file; *@len gets its size; free() the result */
uint8_t *cu_slurp(const char *path, size_t *len);

/** cu_gen_2k - a 2048+64 chip, 8 pages per block, 12 blocks, 2 bad */
struct mm_gen cu_gen_2k(void);

/** cu_gen_image - the page + OOB image of @g (malloc'ed), size in @len */
uint8_t *cu_gen_image(const struct mm_gen *g, size_t *len);

/** cu_opts - options with the geometry given (page, OOB, pages per block) */
void cu_opts(struct mm_open_opts *o, uint32_t page, uint32_t oob,
	     uint32_t ppb);

/**
 * cu_assert_pages - every page of @d equals the page + OOB records in @img
 * (@img_len bytes)
 */
void cu_assert_pages(struct mm_dump *d, const uint8_t *img, size_t img_len);

/** cu_run - run a shell command; Return: its exit status (-1 on failure) */
int cu_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** cu_count_cache - number of files (not names) in MM_CACHE_DIR */
int cu_count_cache(void);

/** cu_clear_cache - remove every file in MM_CACHE_DIR */
void cu_clear_cache(void);

/** cu_open_src - a dump struct with only @path's file source, for stacking */
void cu_open_src(struct mm_dump *d, const char *path);

#endif /* MM_TEST_CONT_UTIL_H */
