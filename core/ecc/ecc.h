/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ecc.h - NAND ECC as Linux stores it: software Hamming and software BCH,
 * placed in the OOB by a layout (the kernel's default or --oob-layout).
 *
 * How it works
 * ------------
 * A page's data is cut into ECC steps (256 or 512 bytes for Hamming, 512 or
 * 1024 for BCH). Each step has `bytes` ECC bytes; the ECC bytes of all steps
 * are concatenated and stored in the layout's ECC ranges in order (step 0
 * first), exactly as the kernel's mtd_ooblayout_get_eccbytes() does.
 *
 * Reading a page: every step is checked (a BCH remainder or Hamming parity
 * compare; the clean case costs nothing more) and corrected in place, data
 * and stored ECC bytes both. A step that cannot be decoded but whose data +
 * ECC bytes hold at most t zero bits is taken as erased with bit flips (the
 * kernel's nand_check_erased_ecc_chunk()): it is returned as all 0xFF and the
 * flips are counted as corrected.
 *
 * Thread safety: an mm_ecc is read-only after mm_ecc_new()/mm_ecc_auto()
 * except for its page cache, which mm_ecc_read_page() locks. So
 * mm_ecc_correct() and mm_ecc_encode() may run in many threads at once.
 */
#ifndef MM_ECC_H
#define MM_ECC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../dump.h"
#include "../util/geom.h"
#include "../layout/ooblayout.h"
#include "../layout/pagelayout.h"
#include "ecc_types.h"

struct mm_ecc;

/**
 * mm_ecc_new - set up a scheme and a layout for a geometry
 * @e: set to the new object on success
 * @scheme: "none" (or NULL), "hamming" (3 bytes per 256), "hamming512",
 *	"hamming-sm" / "hamming512-sm" (SmartMedia byte order), "bch<t>"
 *	(512-byte steps, GF(2^13)), "bch<t>/1024" (GF(2^14)); "bch" alone is
 *	bch4 as the kernel's default; a suffix "@<poly>" (e.g.
 *	"bch8/1024@0x4443") replaces the kernel's primitive polynomial
 *	(0x201b for GF(2^13), 0x402b for GF(2^14))
 * @layout_spec: NULL or "" for the kernel's layout for the geometry and
 *	scheme, a preset name or a declarative spec (see ooblayout.h,
 *	mm_ooblayout_parse())
 * @g: the geometry (page_size, oob_size)
 * @msg: a one-line reason on failure, e.g. "bch16 needs 208 ECC bytes per
 *	page but the 64-byte OOB has room for 62"
 * @msglen: size of @msg
 *
 * Return: 0, -EINVAL (unknown scheme, bad spec, does not fit), -ENOMEM.
 */
int mm_ecc_new(struct mm_ecc **e, const char *scheme, const char *layout_spec,
	       const struct mm_geom *g, char *msg, size_t msglen);

/**
 * mm_ecc_auto - --ecc=auto: pick the scheme the dump's pages verify with
 * @e: set to the new object on success
 * @d: the open dump (needs OOB)
 * @layout_spec: as for mm_ecc_new() (NULL = each candidate's default)
 * @why: the evidence, e.g. "bch4: 96 programmed steps checked, 96 clean";
 *	on failure why nothing fit
 * @whylen: size of @why
 *
 * Candidates: hamming, hamming-sm, hamming512, bch4, bch8, bch<t> for the
 * largest t the OOB holds, and the /1024 variants; each is tried on up to
 * a few dozen programmed (not all-0xFF) pages. A scheme wins when almost all
 * its steps are clean or correctable (bit flips happen) and it clearly beats
 * the others. A dump without programmed pages gets "none".
 *
 * Return: 0; -EINVAL when no candidate verifies (@why says what was tried),
 * -errno on read errors (message in @d).
 */
int mm_ecc_auto(struct mm_ecc **e, struct mm_dump *d, const char *layout_spec,
		char *why, size_t whylen);

/**
 * mm_ecc_new_layout - a vendor controller's page layout as the codec
 * @e: set to the new object on success
 * @arg: a --layout argument: a preset NAME[:OPTS] or a spec string
 *	(core/layout/presets.h, docs/layouts.md)
 * @g: the dump's geometry: page_size + oob_size must be the layout's
 *	physical page, and the logical page and OOB keep those sizes
 * @msg: a one-line reason on failure
 * @msglen: size of @msg
 *
 * Such a codec moves bytes (mm_ecc_moves_bytes()): mm_ecc_correct_page()
 * turns the physical record (data + spare as a programmer reads it) into
 * the logical page and OOB the controller's Linux driver presents, and
 * mm_ecc_encode_page() lays a logical page out again.
 *
 * Return: 0, -ENOENT (no such preset), -EINVAL, -ENOMEM.
 */
int mm_ecc_new_layout(struct mm_ecc **e, const char *arg,
		      const struct mm_geom *g, char *msg, size_t msglen);

/**
 * mm_ecc_auto_layout - --layout=auto: the controller preset whose ECC the
 * dump's programmed pages verify with
 * @e: set to the new object on success
 * @d: the open dump (needs OOB)
 * @why: the evidence (the winner and the runner-up), or why nothing won
 * @whylen: size of @why
 *
 * Every preset is built for the geometry with its default options and run
 * on up to a few dozen programmed pages; the winner must verify at least
 * 90% of its programmed steps and beat the runner-up clearly (a tie is
 * refused, naming both).
 *
 * Return: 0, -EINVAL (nothing fits or a tie; @why), -errno.
 */
int mm_ecc_auto_layout(struct mm_ecc **e, struct mm_dump *d, char *why,
		       size_t whylen);

/**
 * mm_ecc_layout_score - how well the layout @arg verifies on @d's sampled
 * programmed pages (as mm_ecc_auto_layout() counts)
 * @ok: set to the steps that verify; @checked: to the programmed steps
 * Return: 0, -EINVAL (the layout does not fit the geometry), -errno.
 */
int mm_ecc_layout_score(struct mm_dump *d, const char *arg, unsigned int *ok,
			unsigned int *checked);

/** mm_ecc_pagelayout - the page layout of a layout codec, else NULL */
const struct mm_pagelayout *mm_ecc_pagelayout(const struct mm_ecc *e);

/**
 * mm_ecc_moves_bytes - the logical page is not the physical record (a
 * vendor page layout): OOB reads must be decoded and writes laid out
 */
bool mm_ecc_moves_bytes(const struct mm_ecc *e);

/** mm_ecc_layout - the OOB layout in use (OOBAVAIL, AUTO_OOB placement) */
const struct mm_ooblayout *mm_ecc_layout(const struct mm_ecc *e);

/** mm_ecc_name - the scheme's name as accepted by mm_ecc_new(), e.g. "bch8" */
const char *mm_ecc_name(const struct mm_ecc *e);

/** mm_ecc_enabled - true unless the scheme is "none" */
bool mm_ecc_enabled(const struct mm_ecc *e);

/** mm_ecc_strength - bits correctable per step (0 for none) */
unsigned int mm_ecc_strength(const struct mm_ecc *e);

/** mm_ecc_step_size - data bytes per step (the page size for none) */
unsigned int mm_ecc_step_size(const struct mm_ecc *e);

/** mm_ecc_step_bytes - ECC bytes per step (0 for none) */
unsigned int mm_ecc_step_bytes(const struct mm_ecc *e);

/**
 * mm_ecc_correct - check and correct one page in place
 * @e: the scheme
 * @data: page_size bytes
 * @oob: oob_size bytes (ECC bytes are corrected too)
 * @st: counters to add to, or NULL
 * @state: the page's verdict, or NULL
 *
 * With scheme "none" nothing is changed and the page is CLEAN.
 * Return: 0 (uncorrectable steps are not an error: see @state), -EINVAL
 * without OOB.
 */
int mm_ecc_correct(const struct mm_ecc *e, uint8_t *data, uint8_t *oob,
		   struct mm_ecc_stat *st, enum mm_page_state *state);

/**
 * mm_ecc_correct_page - mm_ecc_correct() for page @page of the chip: the
 * form every reader of a dump uses (a layout's scrambler seeds by page).
 * With a page layout, @data and @oob come in as the physical record and
 * leave as the logical page and OOB.
 */
int mm_ecc_correct_page(const struct mm_ecc *e, uint64_t page, uint8_t *data,
			uint8_t *oob, struct mm_ecc_stat *st,
			enum mm_page_state *state);

/**
 * mm_ecc_encode_page - the page as the controller programs it
 * @e: the codec
 * @page: the page index (a layout's scrambler seed)
 * @data: in: the logical page; out: the physical page bytes
 * @oob: in: the logical OOB; out: the physical spare bytes
 *
 * For the kernel's layouts only the ECC bytes of @oob change (as
 * mm_ecc_encode()); a page layout rewrites both (an all-0xFF page stays
 * all 0xFF).
 * Return: 0, -ENOMEM.
 */
int mm_ecc_encode_page(const struct mm_ecc *e, uint64_t page, uint8_t *data,
		       uint8_t *oob);

/**
 * mm_ecc_encode - compute the ECC bytes of a page and store them in @oob,
 * as a controller does on write (other OOB bytes are left alone; no-op for
 * "none")
 * Return: 0.
 */
int mm_ecc_encode(const struct mm_ecc *e, const uint8_t *data, uint8_t *oob);

/**
 * mm_ecc_read_page - mm_dump_read_page() + mm_ecc_correct(), cached
 * @e: the scheme (its cache is locked inside; thread-safe)
 * @d: the dump
 * @page: page index
 * @data: page_size bytes, or NULL
 * @oob: oob_size bytes, or NULL
 * @st: counters to add to (every call adds, cached or not), or NULL
 * @state: the verdict, or NULL
 *
 * Absent pages (skipped bad blocks) read as 0xFF and are ERASED.
 * Return: as mm_dump_read_page(): 0, MM_PAGE_ABSENT, or -errno.
 */
int mm_ecc_read_page(struct mm_ecc *e, struct mm_dump *d, uint64_t page,
		     void *data, void *oob, struct mm_ecc_stat *st,
		     enum mm_page_state *state);

/** mm_ecc_all_ff - @n bytes all 0xFF (an erased page or step) */
bool mm_ecc_all_ff(const uint8_t *p, size_t n);

/** mm_ecc_stat_add - @sum += @st */
void mm_ecc_stat_add(struct mm_ecc_stat *sum, const struct mm_ecc_stat *st);

/** mm_ecc_state_name - "clean", "corrected", "uncorrectable", "erased" */
const char *mm_ecc_state_name(enum mm_page_state s);

/** mm_ecc_free - release (NULL is fine) */
void mm_ecc_free(struct mm_ecc *e);

#endif /* MM_ECC_H */
