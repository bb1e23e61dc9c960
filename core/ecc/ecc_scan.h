/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ecc_scan.h - check every page of a dump with an ECC scheme and count, per
 * eraseblock, what was clean, corrected, uncorrectable or erased. Used by
 * 'info' (text and the "ecc" object of --json) and the FUSE view's ecc file.
 */
#ifndef MM_ECC_SCAN_H
#define MM_ECC_SCAN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../dump.h"
#include "ecc.h"
#include "../util/json.h"

/**
 * struct mm_ecc_scan - the result
 * @scheme: mm_ecc_name()
 * @layout: the OOB layout's name
 * @strength: bits correctable per step
 * @step_size: data bytes per step
 * @oobavail: free OOB bytes per page
 * @why: how the scheme was chosen ("--ecc", or mm_ecc_auto()'s evidence)
 * @total: all blocks together (bad blocks are not checked)
 * @nblocks: entries in @blocks
 * @blocks: per eraseblock
 * @bad: per eraseblock: skipped as bad (1) or not (0)
 * @pages_checked: pages read and checked
 */
struct mm_ecc_scan {
	char scheme[32];
	char layout[32];
	unsigned int strength;
	unsigned int step_size;
	uint32_t oobavail;
	char why[512];
	struct mm_ecc_stat total;
	uint64_t nblocks;
	struct mm_ecc_stat *blocks;
	uint8_t *bad;
	uint64_t pages_checked;
};

/**
 * mm_ecc_open - the ECC object for --ecc / --oob-layout
 * @e: set on success (NULL when both are NULL: no ECC asked for)
 * @d: the dump (read for "auto")
 * @scheme: --ecc (NULL, a name, or "auto")
 * @layout_spec: --oob-layout (may be NULL)
 * @why: how it was chosen, or on failure why not
 * @whylen: size of @why
 *
 * Return: 0; -EINVAL (bad scheme or layout, nothing verifies for auto),
 * -errno.
 */
int mm_ecc_open(struct mm_ecc **e, struct mm_dump *d, const char *scheme,
		const char *layout_spec, char *why, size_t whylen);

/**
 * mm_ecc_scan - check every page of @d, block by block
 * @s: filled; free with mm_ecc_scan_free()
 * @e: the scheme
 * @d: the dump (d->opts.progress draws progress, "ECC")
 * @why: copied into @s->why (may be NULL)
 *
 * Return: 0, or -errno (read error, message in @d; nothing to free).
 */
int mm_ecc_scan(struct mm_ecc_scan *s, const struct mm_ecc *e,
		struct mm_dump *d, const char *why);

/** mm_ecc_scan_free - release @s (safe on a zeroed one) */
void mm_ecc_scan_free(struct mm_ecc_scan *s);

/**
 * mm_ecc_scan_json - the "ecc" member of info --json:
 * {"scheme", "layout", "strength", "step_size", "oobavail", "decided_by",
 *  "pages_checked", "steps_checked", "corrected_steps", "corrected_bits",
 *  "uncorrectable_steps", "erased_steps", "blocks": [{"block", "steps",
 *  "corrected_steps", "corrected_bits", "uncorrectable_steps",
 *  "erased_steps"} or {"block", "bad": true}, ...]}
 */
void mm_ecc_scan_json(struct mm_json *j, const struct mm_ecc_scan *s);

/**
 * mm_ecc_scan_text - the report as text on @out
 * @out: the stream
 * @s: the scan
 * @table: false: info's form (a summary and the blocks that needed
 *	correction or failed); true: the FUSE view's ecc file (a header and
 *	one line per block: "block steps corrected_steps corrected_bits
 *	uncorrectable_steps erased_steps", or "block bad")
 */
void mm_ecc_scan_text(FILE *out, const struct mm_ecc_scan *s, bool table);

#endif /* MM_ECC_SCAN_H */
