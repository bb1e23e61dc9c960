/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * preset.h - what one controller preset provides (struct mm_pl_preset) and
 * the helpers the presets under presets/ share: option strings, messages,
 * OOB ranges. The registry of all presets is presets.h.
 *
 * A preset argument is NAME[:OPT[,OPT...]], OPT being KEY=VALUE or a flag,
 * e.g. "sunxi:t=40,step=1024,scramble" or "mtk-nfi:soc=mt7622".
 */
#ifndef MM_PRESET_H
#define MM_PRESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagelayout.h"

/**
 * struct mm_pl_geom - the chip as the driver sees it
 * @page_size: writesize (logical page bytes)
 * @oob_size: oobsize (physical spare bytes per page)
 * @pages_per_block: pages per eraseblock (scrambler seeds)
 */
struct mm_pl_geom {
	uint32_t page_size;
	uint32_t oob_size;
	uint32_t pages_per_block;
};

/**
 * struct mm_pl_preset - one controller
 * @name: what --layout takes
 * @desc: one line for --list-layouts
 * @opts: the options it takes, for --list-layouts and docs
 * @build: fill and finalize @pl for @g with @opts (may be ""); 0 or
 *	-EINVAL with @msg filled
 * @variants: optional, NULL-terminated: more preset arguments that
 *	detection tries besides @name (the controller's other codes: e.g.
 *	"qcom-nandc:ecc=rs"), when no @hint names the options
 * @hint: optional: a header the controller's boot ROM reads, found in the
 *	first physical page of the dump (@page0, @len bytes: data + spare as
 *	read), turned into this preset's options (@opts, @olen) and a
 *	one-line account (@why, @wlen); true when found
 */
struct mm_pl_preset {
	const char *name;
	const char *desc;
	const char *opts;
	int (*build)(struct mm_pagelayout *pl, const struct mm_pl_geom *g,
		     const char *opts, char *msg, size_t len);
	const char *const *variants;
	bool (*hint)(const uint8_t *page0, size_t len,
		     const struct mm_pl_geom *g, char *opts, size_t olen,
		     char *why, size_t wlen);
};

/**
 * mm_pl_opt - the value of option @key in @opts
 * @opts: "k=v,flag,..."
 * @key: the option
 * @val: set to its value (or "" for a flag), NUL terminated
 * @vlen: size of @val
 *
 * Return: true when present.
 */
bool mm_pl_opt(const char *opts, const char *key, char *val, size_t vlen);

/**
 * mm_pl_opt_uint - a numeric option with a default
 * Return: 0, or -EINVAL (not a number; @msg filled).
 */
int mm_pl_opt_uint(const char *opts, const char *key, unsigned int def,
		   unsigned int *out, char *msg, size_t len);

/**
 * mm_pl_opts_check - every option in @opts is one of @known (a comma
 * separated list). Return: 0 or -EINVAL with @msg filled.
 */
int mm_pl_opts_check(const char *opts, const char *known, char *msg,
		     size_t len);

/** mm_pl_add_range - append an OOB range to a free (@free) or ECC list */
void mm_pl_add_range(struct mm_ooblayout *l, bool free, uint32_t off,
		     uint32_t len);

#endif /* MM_PRESET_H */
