/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fmt_util.h - helpers shared by the reader, detection, dump and damage
 * tests: generated dumps in temporary files, the nandsim fixtures
 * decompressed on demand, default open options.
 */
#ifndef MM_TEST_FMT_UTIL_H
#define MM_TEST_FMT_UTIL_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "../../core/dump.h"
#include "../gen/gen.h"

/**
 * tu_opts - open options with nothing given (marker rule: kernel default)
 */
void tu_opts(struct mm_open_opts *o);

/**
 * tu_gen_file - write the dump for @g to a new temporary file
 * @g: generator parameters
 * @path: PATH_MAX bytes, filled with the file name (unlink it when done)
 */
void tu_gen_file(const struct mm_gen *g, char *path);

/**
 * tu_open_gen - generate @g into a temporary file, open it with @o and
 * unlink it (the open dump keeps it alive)
 * Return: mm_dump_open()'s result.
 */
int tu_open_gen(struct mm_dump *d, const struct mm_gen *g,
		const struct mm_open_opts *o);

/**
 * tu_fixture - the decompressed nandsim fixture @name (e.g.
 * "ubi-hamming.oob.bin"), cached in a temporary directory
 * Return: its path (static buffer), or NULL when the fixture is not there.
 */
const char *tu_fixture(const char *name);

/** tu_have_fixtures - the nandsim fixtures are in the source tree */
bool tu_have_fixtures(void);

/** tu_page_eq - compare page @page of two open dumps (data and OOB) */
bool tu_page_eq(struct mm_dump *a, uint64_t pa, struct mm_dump *b,
		uint64_t pb);

/* How the generated chip's bad blocks must read back. */
enum tu_bad {
	TU_BAD_ASIS,		/* as the chip holds them (dumpbad) */
	TU_BAD_FF,		/* 0xFF data and OOB, read as present (padbad) */
	TU_BAD_ABSENT,		/* MM_PAGE_ABSENT, 0xFF (skipbad) */
};

/**
 * tu_assert_matches_gen - every page of @d equals the chip @g describes
 * @d: an open dump
 * @g: the generator parameters it was made from
 * @bad: how bad blocks must read
 *
 * OOB is compared when @d has OOB; a data-only dump must give 0xFF OOB.
 */
void tu_assert_matches_gen(struct mm_dump *d, const struct mm_gen *g,
			   enum tu_bad bad);

#endif /* MM_TEST_FMT_UTIL_H */
