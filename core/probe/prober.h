/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * prober.h - the content prober contract, between the scan driver (scan.c)
 * and the probers (one per file, core/probe/<name>.c, listed in probers.c).
 *
 * Overview: the driver walks every good block page by page. Each page goes
 * to every prober's @page op (erased or not; struct mm_probe says which).
 * When a programmed block has been read, the driver asks the probers in
 * registry order to @claim it; the first that does owns the block, either
 * by extending the item open from the previous block or by opening a new
 * one (mm_probe_claim()). A block no prober claims is "data". Bad and absent
 * blocks, and the end of the dump, are a @gap for probers that follow data
 * across blocks. The UBI prober hands LEB 0 of each volume to the @volume
 * ops, in registry order, to say what the volume holds.
 *
 * An item's details are the prober's own (struct mm_content.@priv, a struct
 * of its .c file); it writes them out itself, through the format-neutral
 * writer (core/util/writer.h): @describe gives the members (the item's
 * object in `info --json`), @summary the rest of its line in the text
 * report (without it, the text shows @describe's members). The item's type
 * is the prober's @name. So no one else names a prober's fields.
 *
 * Adding a prober: one file exporting `const struct mm_prober
 * mm_prober_<name>`, one line in probers.c (its place in the order), one
 * tests/unit/check_probe_<name>.c (and the two module.mk lines). Nothing
 * else: not content.h, not the report (tests/cli/probe-add.sh shows it).
 */
#ifndef MM_PROBER_H
#define MM_PROBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../layout/ooblayout.h"
#include "../util/geom.h"
#include "../util/writer.h"
#include "content.h"

#define MM_PROBE_HEAD_MAX	4096	/* block bytes kept for header checks */
#define MM_PROBE_NO_PAYLOAD	UINT32_MAX

struct mm_probe;
struct mm_prober;

/*
 * What the driver does for a prober: called through pr->ops (the
 * mm_probe_*() helpers below), so that the probers, below the page model,
 * never call the driver above it.
 */
struct mm_probe_ops {
	struct mm_content *(*open_item)(struct mm_probe *pr);
	int (*claim)(struct mm_probe *pr, const struct mm_prober *by,
		     bool extend, struct mm_content **c);
	int (*close)(struct mm_probe *pr);
	struct mm_content *(*add_item)(struct mm_probe *pr,
				       const struct mm_prober *by,
				       uint64_t blk);
	void (*set_region)(struct mm_probe *pr, uint64_t bytes);
	int (*volume)(struct mm_probe *pr, const uint8_t *leb, uint32_t len,
		      uint32_t vol_id, const char **holds);
};

/**
 * struct mm_probe - the scan as a prober sees it (read-only for probers,
 * except through the mm_probe_*() helpers)
 * @g: the dump's geometry
 * @eb: eraseblock size in bytes
 * @res: the result being built (@res->items: the items so far, in the
 *	order found)
 * @layout: the default OOB layout (free bytes), or NULL
 * @blk: the block being read
 * @erased: this page and all before it in @blk are 0xFF (data and OOB)
 * @head: the first @head_len bytes of @blk (0xFF where not read yet)
 * @head_len: min(eraseblock size, MM_PROBE_HEAD_MAX)
 * @ops: the driver's helpers (use the mm_probe_*() wrappers)
 * @payload: block offset where the block's content starts: 0, or inside a
 *	UBI PEB the LEB's data_offset when it holds LEB 0 of a user volume,
 *	else MM_PROBE_NO_PAYLOAD (set by the UBI prober at page 0 and at its
 *	VID header; probers after it in the registry see it in the same page)
 */
struct mm_probe {
	const struct mm_geom *g;
	uint64_t eb;
	struct mm_scan *res;
	const struct mm_ooblayout *layout;
	uint64_t blk;
	bool erased;
	const uint8_t *head;
	uint32_t head_len;
	const struct mm_probe_ops *ops;
	uint32_t payload;
};

/**
 * struct mm_prober - one kind of content; every op is optional
 * @name: the content's type name (`info`, `info --json` "type"), lowercase
 * @item_size: bytes of details each of its items keeps (zeroed, at
 *	struct mm_content.@priv)
 * @priv_size: bytes of state it keeps for one scan (zeroed, passed as
 *	@priv, freed by the driver)
 * @page: page @p of the block pr->blk (page 0 begins a block: reset
 *	per-block state there); 0 or -errno
 * @gap: the data stops (a bad or absent block, or the end of the dump);
 *	0 or -errno
 * @claim: a programmed good block has been read: >0 claimed (through
 *	mm_probe_claim()), 0 not mine, -errno
 * @volume: @leb (@len bytes from data_offset) is LEB 0 of UBI volume
 *	@vol_id in the block pr->blk: >0 the volume holds this prober's
 *	content (the items it adds here are marked in_volume), 0 not mine, or
 *	-errno
 * @close: the item this prober opened, @c, is complete; 0 or -errno
 * @release: free what an item of its own holds inside @c->priv (the driver
 *	frees @c->priv itself; mm_scan_free())
 * @free: the scan ends; release what @priv points to
 * @describe: write item @c's details as members of its object (after the
 *	type, blocks and offset, and the UBI volume when in_volume)
 * @summary: write the text report's description of @c (after "in UBI
 *	volume N "name", " when in_volume); NULL: @describe's members
 */
struct mm_prober {
	const char *name;
	size_t item_size;
	size_t priv_size;
	int (*page)(struct mm_probe *pr, void *priv, uint32_t p,
		    const uint8_t *data, const uint8_t *oob);
	int (*gap)(struct mm_probe *pr, void *priv);
	int (*claim)(struct mm_probe *pr, void *priv);
	int (*volume)(struct mm_probe *pr, void *priv, const uint8_t *leb,
		      uint32_t len, uint32_t vol_id);
	int (*close)(struct mm_probe *pr, void *priv, struct mm_content *c);
	void (*release)(struct mm_content *c);
	void (*free)(void *priv);
	void (*describe)(const struct mm_content *c, struct mm_writer *w);
	void (*summary)(const struct mm_content *c, struct mm_writer *w);
};

/* probers.c: the registry, NULL-terminated, in the order explained there. */
extern const struct mm_prober *const mm_probers[];

/**
 * mm_probe_open_item - the item open from the previous blocks, or NULL
 */
static inline struct mm_content *mm_probe_open_item(struct mm_probe *pr)
{
	return pr->ops->open_item(pr);
}

/**
 * mm_probe_claim - make the block pr->blk part of an item
 * @pr: the scan
 * @by: the prober claiming it (itself)
 * @extend: extend the open item (the caller checked it is its own)
 * @c: set to the item
 *
 * Without @extend, the open item is closed and a new one of @by is opened
 * at pr->blk.
 *
 * Return: 0 or -errno (-ENOMEM).
 */
static inline int mm_probe_claim(struct mm_probe *pr,
				 const struct mm_prober *by, bool extend,
				 struct mm_content **c)
{
	return pr->ops->claim(pr, by, extend, c);
}

/**
 * mm_probe_close - close the open item, if any (the block pr->blk then
 * belongs to no item unless the caller adds one); 0 or -errno
 */
static inline int mm_probe_close(struct mm_probe *pr)
{
	return pr->ops->close(pr);
}

/**
 * mm_probe_add_item - append an item of prober @by at block @blk that is
 * not the open one (found inside another, or a string)
 *
 * Return: the item (first_block = last_block = @blk, blocks 1, offset at
 * @blk, the rest and its zeroed details @priv of @by->item_size bytes), or
 * NULL when out of memory. Pointers to items are valid until the next one
 * is added (their @priv stays where it is).
 */
static inline struct mm_content *mm_probe_add_item(struct mm_probe *pr,
						   const struct mm_prober *by,
						   uint64_t blk)
{
	return pr->ops->add_item(pr, by, blk);
}

/**
 * mm_probe_set_region - the open item, which begins at pr->blk, covers
 * @bytes whatever they hold: the blocks up to there are its own (capped at
 * the end of the device)
 */
static inline void mm_probe_set_region(struct mm_probe *pr, uint64_t bytes)
{
	pr->ops->set_region(pr, bytes);
}

/**
 * mm_probe_volume - ask the @volume ops, in registry order, what LEB 0 of
 * UBI volume @vol_id holds
 * @holds: set to the type name of the prober that claimed it, or NULL
 *
 * Return: 0 or -errno.
 */
static inline int mm_probe_volume(struct mm_probe *pr, const uint8_t *leb,
				  uint32_t len, uint32_t vol_id,
				  const char **holds)
{
	return pr->ops->volume(pr, leb, len, vol_id, holds);
}

/** mm_probe_is - @c is an item of prober @by (NULL: "data") */
static inline bool mm_probe_is(const struct mm_content *c,
			       const struct mm_prober *by)
{
	return c && c->prober == by;
}

#endif /* MM_PROBER_H */
