/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report.h - the 'info' report: scan a dump, hash the input file and print
 * the result as text or as one JSON object. Shared by 'info' and the FUSE
 * view's info.json, so both print exactly the same JSON.
 */
#ifndef MM_REPORT_H
#define MM_REPORT_H

#include <stdio.h>

#include "../core/ecc/ecc_scan.h"
#include "../core/fusion.h"
#include "../core/partmap.h"
#include "../core/probe/scan.h"
#include "../core/util/sha256.h"
#include "../formats/source/src.h"
#include "cli.h"

#define MM_REPORT_VERIFY_MAX	4
#define MM_REPORT_LAYERS_MAX	8

/**
 * struct mm_report_hash - the SHA-256 of one layer's bytes or one file
 * @hex: the digest ("" when it could not be computed)
 * @err: 0, or -errno: why not (a damaged layer)
 */
struct mm_report_hash {
	char hex[MM_SHA256_HEX];
	int err;
};

/**
 * struct mm_report_verify - info --verify: one layer's stored hashes
 * checked against its bytes
 * @layer: the layer's name
 * @status: 1 they match, 0 they do not, -errno the bytes could not be read
 * @msg: the hashes compared, or why the check failed
 */
struct mm_report_verify {
	char layer[MM_LAYER_NAME_MAX];
	int status;
	char msg[512];
};

/**
 * struct mm_report - what the report says beyond the dump's own fields
 * @scan: the content scan
 * @sha256: hex digest of the input file
 * @t_scan: seconds spent scanning
 * @t_hash: seconds spent hashing
 * @has_ecc: an ECC scheme was given (--ecc): @ecc holds its check of every
 *	page
 * @ecc: the per-block ECC counts
 * @verify_asked: info --verify: @verify holds a check per layer that
 *	stores hashes (@n_verify of them; none: nothing could be checked)
 * @layer_hash: the SHA-256 of the bytes each stacked layer serves, in
 *	mm_report_stack_list() order (@n_layer_hash of them)
 * @read_hash: with --extra-read, the SHA-256 of each read's file (0: the
 *	dump's, @sha256), @n_read_hash of them
 */
struct mm_report {
	struct mm_scan scan;
	struct mm_partmap maps[MM_PARTMAP_MAX];
	size_t nmaps;
	const struct mm_part *parts;	/* the flash's (--mtdparts) */
	size_t nparts;
	const char *parts_source;
	char sha256[MM_SHA256_HEX];
	bool no_hash;			/* info --no-hash: @sha256 and the layers' empty */
	double t_scan;
	double t_hash;
	bool has_ecc;
	struct mm_ecc_scan ecc;
	bool verify_asked;
	int n_verify;
	struct mm_report_verify verify[MM_REPORT_VERIFY_MAX];
	struct mm_report_hash layer_hash[MM_REPORT_LAYERS_MAX];
	int n_layer_hash;
	struct mm_report_hash read_hash[MM_FUSION_MAX_COPIES];
	unsigned int n_read_hash;
};

/* Seconds of work before a progress bar appears. */
#define MM_PROGRESS_DELAY	1.0

/**
 * struct mm_report_progress - a progress callback that stays silent for
 * short work: it forwards to @fn only after MM_PROGRESS_DELAY seconds
 * @fn: the real callback (mm_progress)
 * @arg: its argument
 * @t0: when the work started
 * @shown: @fn has been called (it is then called to the end)
 */
struct mm_report_progress {
	void (*fn)(void *arg, const char *what, uint64_t done, uint64_t total);
	void *arg;
	double t0;
	bool shown;
};

/** mm_report_progress_init - start timing a piece of work */
void mm_report_progress_init(struct mm_report_progress *p,
			     void (*fn)(void *, const char *, uint64_t,
					uint64_t),
			     void *arg);

/** mm_report_progress - the progress callback; @arg is the struct */
void mm_report_progress(void *arg, const char *what, uint64_t done,
			uint64_t total);

/**
 * mm_report_build - scan @f's dump and hash its input file
 * @r: filled; free with mm_report_free()
 * @f: an open flash (its dump's opts.progress, if set, draws progress;
 *	its ECC codec, if any, checks every page)
 * @a: the command line
 *
 * Return: 0, or -errno with the dump's mm_dump_error() saying why (nothing
 * to free).
 */
int mm_report_build(struct mm_report *r, struct mm_flash *f,
		    const struct mm_args *a);

/**
 * mm_report_verify_failed - info --verify was asked and a check failed, a
 * read failed, or no layer stores a hash to check
 */
bool mm_report_verify_failed(const struct mm_report *r);

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
 * @f: an open flash
 * @a: the command line
 *
 * Return: 0, or -errno with the dump's mm_dump_error() saying why (nothing
 * written).
 */
int mm_report_json(FILE *out, struct mm_flash *f, const struct mm_args *a);

/* Shared by report.c and report_text.c. */
int mm_report_stack_list(const struct mm_dump *d, const struct mm_src **v,
			 int max);
const char *mm_report_verify_result(int status);

#endif /* MM_REPORT_H */
