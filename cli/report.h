/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report.h - the 'info' report: scan a dump, hash the input file and print
 * the result as text or as one JSON object. Shared by 'info' and the FUSE
 * view's info.json, so both print exactly the same JSON.
 */
#ifndef MM_REPORT_H
#define MM_REPORT_H

#include <stdio.h>

#include "../core/scan.h"
#include "../core/sha256.h"
#include "cli.h"

/**
 * struct mm_report - what the report says beyond the dump's own fields
 * @scan: the content scan
 * @sha256: hex digest of the input file
 * @t_scan: seconds spent scanning
 * @t_hash: seconds spent hashing
 */
struct mm_report {
	struct mm_scan scan;
	char sha256[MM_SHA256_HEX];
	double t_scan;
	double t_hash;
};

/**
 * mm_report_open_dump - open a->dump with a->open, or exit with a message
 *
 * The same as mm_open_dump() in main.c, which code linked into the unit
 * test binary cannot call (main.o is left out there).
 */
void mm_report_open_dump(struct mm_dump *d, const struct mm_args *a);

/**
 * mm_report_build - scan @d and hash its input file
 * @r: filled; free with mm_report_free()
 * @d: an open dump (d->opts.progress, if set, draws progress)
 * @a: the command line
 *
 * Return: 0, or -errno with mm_dump_error(@d) saying why (nothing to free).
 */
int mm_report_build(struct mm_report *r, struct mm_dump *d,
		    const struct mm_args *a);

/** mm_report_free - release @r */
void mm_report_free(struct mm_report *r);

/** mm_report_print_json - write @r and @d's facts as one JSON object */
void mm_report_print_json(FILE *out, const struct mm_dump *d,
			  const struct mm_args *a, const struct mm_report *r);

/** mm_report_print_text - the human-readable report */
void mm_report_print_text(FILE *out, const struct mm_dump *d,
			  const struct mm_args *a, const struct mm_report *r);

/**
 * mm_report_json - build the report and write it as JSON to @out, exactly
 * what 'muse-mount info --json' prints
 * @out: the stream
 * @d: an open dump
 * @a: the command line
 *
 * Return: 0, or -errno with mm_dump_error(@d) saying why (nothing written).
 */
int mm_report_json(FILE *out, struct mm_dump *d, const struct mm_args *a);

#endif /* MM_REPORT_H */
