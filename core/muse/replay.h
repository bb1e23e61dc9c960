/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * replay.h - rebuild the chip as a power cut left it: the first n records
 * of a --record log applied to an overlay over the recorded dump, and with
 * "torn" record n+1 half applied the way flash tears (a program with a
 * random subset of its 1->0 bits, an erase that left its block partly
 * erased; with an MLC pairing rule, the lower page of a torn upper page
 * damaged). Deterministic from the seed.
 */
#ifndef MM_REPLAY_H
#define MM_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../overlay.h"
#include "pairing.h"
#include "record.h"

#define MM_REPLAY_RANDOM	UINT64_MAX	/* --cut=random */

/**
 * struct mm_replay_opts
 * @cut: records to apply in full; MM_REPLAY_RANDOM = pick from @seed
 * @torn: apply record @cut (0-based, the next one) partially
 * @seed: the seed of the random cut and of the tearing
 * @pairing: an MLC pairing rule, or NULL: a torn WRITE that tears an upper
 *	page flips a random half of the paired lower page's bits whose cells
 *	the upper page's program was moving
 */
struct mm_replay_opts {
	uint64_t cut;
	bool torn;
	uint64_t seed;
	const struct mm_pairing *pairing;
};

/**
 * struct mm_replay_result
 * @total: records in the log
 * @cut: records applied in full
 * @torn_op: the op of the torn record (0 = none torn)
 * @torn_what: page or block where it tore
 * @torn_done: whole pages (WRITE) or blocks (ERASE) of it before that
 * @torn_bits: WRITE: the 1->0 bits of the torn page applied, of
 *	@torn_of; ERASE: the pages of the torn block left erased, of @torn_of
 * @torn_of: see @torn_bits
 * @paired: the torn page was an upper page (a pairing rule given)
 * @paired_page: its lower page (in the chip)
 * @paired_bits: the bits of @paired_page flipped, of @paired_of cells the
 *	torn program was moving
 * @syncs: SYNC records among the @cut applied
 * @torn_bytes: a torn tail of the log itself (bytes ignored)
 */
struct mm_replay_result {
	uint64_t total;
	uint64_t cut;
	uint32_t torn_op;
	uint64_t torn_what;
	uint64_t torn_done;
	uint64_t torn_bits;
	uint64_t torn_of;
	bool paired;
	uint64_t paired_page;
	uint64_t paired_bits;
	uint64_t paired_of;
	uint64_t syncs;
	uint64_t torn_bytes;
};

/* The recorded dump's raw page (data and OOB); 0 or -errno. */
typedef int mm_replay_read_fn(void *arg, uint64_t page, uint8_t *data,
			      uint8_t *oob);

/**
 * mm_replay - apply the log @rd to @ov
 * @g: the geometry (the log's)
 * @ov: an overlay over the dump (memory, empty)
 * @read: reads the dump's pages; @arg passed to it
 * Return: 0, -EINVAL (a malformed record, @msg), -errno.
 */
int mm_replay(struct mm_rec_reader *rd, const struct mm_geom *g,
	      struct mm_overlay *ov, mm_replay_read_fn *read, void *arg,
	      const struct mm_replay_opts *o, struct mm_replay_result *res,
	      char *msg, size_t len);

#endif /* MM_REPLAY_H */
