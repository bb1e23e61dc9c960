/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * faults.h - fault injection for the served MTD (--faults, --seed): read
 * bit flips (a rate per bit, a count per page or per ECC step, growing with
 * the reads of the block or its erases), stuck bits, program and erase
 * failures, blocks going bad at an erase count, and latency.
 *
 * Everything is deterministic from the seed: each decision draws from a
 * PRNG keyed by (seed, the rule, the page or block, how many times that
 * page was read or that block programmed/erased), never by thread timing.
 * The spec grammar is in muse-mount(8) and docs/faults.md.
 *
 * Thread-safe: the counters are atomic; the rules are read-only once the
 * server runs.
 */
#ifndef MM_FAULTS_H
#define MM_FAULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/geom.h"

struct mm_faults;

/* The operations that can be delayed (latency:). */
enum mm_fault_op {
	MM_FAULT_READ,
	MM_FAULT_WRITE,
	MM_FAULT_ERASE,
	MM_FAULT_NOPS,
};

/**
 * struct mm_faults_stats - what was injected
 * @flipped_bits: read bits inverted (flips:, disturb:, wear:)
 * @flipped_pages: page reads that got at least one flip
 * @stuck_bits: reads where a stuck bit differed from the stored value
 * @program_fails: page programs failed with -EIO
 * @erase_fails: block erases failed with -EIO (grown bad included)
 * @grown_bad: blocks that went bad at their erase count (grow-bad:)
 * @delays: requests delayed (latency:); @delay_us their total
 */
struct mm_faults_stats {
	uint64_t flipped_bits;
	uint64_t flipped_pages;
	uint64_t stuck_bits;
	uint64_t program_fails;
	uint64_t erase_fails;
	uint64_t grown_bad;
	uint64_t delays;
	uint64_t delay_us;
};

/** mm_faults_new - an empty rule set. Return: 0 or -ENOMEM */
int mm_faults_new(struct mm_faults **f);

/** mm_faults_set_seed - the seed of every decision (default 0) */
void mm_faults_set_seed(struct mm_faults *f, uint64_t seed);

/**
 * mm_faults_add - parse one --faults spec and add its rule
 * @spec: "KIND[:KEY=VALUE,...]" (flips, disturb, wear, stuck, program-fail,
 *	erase-fail, grow-bad, latency)
 * @msg: a one-line reason on failure; @len its size
 * Return: 0, -EINVAL (with @msg) or -ENOMEM.
 */
int mm_faults_add(struct mm_faults *f, const char *spec, char *msg,
		  size_t len);

/**
 * mm_faults_setup - size the counters for the device
 * @g: the geometry served
 * @step_size: the ECC step for "flips:count=N,step" (0 = 512)
 * @msg: a one-line reason on failure (a block or page past the device)
 * Return: 0, -EINVAL (with @msg) or -ENOMEM.
 */
int mm_faults_setup(struct mm_faults *f, const struct mm_geom *g,
		    unsigned int step_size, char *msg, size_t len);

/**
 * mm_faults_read - damage one raw page as read from the chip
 * @page: its index; @data: page_size bytes or NULL; @oob: oob_size or NULL
 *
 * Counts the read (of the page and of its block). Flips go into the data
 * (and stuck bits wherever they are), before any ECC.
 * Return: the number of bits changed.
 */
unsigned int mm_faults_read(struct mm_faults *f, uint64_t page,
			    uint8_t *data, uint8_t *oob);

/** mm_faults_program - decide a page program. Return: 0 or -EIO */
int mm_faults_program(struct mm_faults *f, uint64_t page);

/**
 * mm_faults_erase - decide a block erase; counts it (wear:, grow-bad:) and
 * restarts the block's read count (disturb:)
 * Return: 0 or -EIO.
 */
int mm_faults_erase(struct mm_faults *f, uint64_t blk);

/** mm_faults_delay - sleep the latency configured for @op, if any */
void mm_faults_delay(struct mm_faults *f, enum mm_fault_op op);

/** mm_faults_has_reads - any rule that changes reads */
bool mm_faults_has_reads(const struct mm_faults *f);

/** mm_faults_get_stats - a snapshot of the counters */
void mm_faults_get_stats(const struct mm_faults *f,
			 struct mm_faults_stats *st);

/** mm_faults_free - NULL is fine */
void mm_faults_free(struct mm_faults *f);

/**
 * mm_rng_key - the PRNG state for one decision: splitmix64 over the seed
 * and three keys (shared with replay, so it tears the same way run after
 * run)
 */
uint64_t mm_rng_key(uint64_t seed, uint64_t a, uint64_t b, uint64_t c);

/** mm_rng_next - the next 64 random bits of @state (splitmix64) */
uint64_t mm_rng_next(uint64_t *state);

#endif /* MM_FAULTS_H */
