/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * flash.h - the flash object: what every front end (serve, view, info,
 * convert) works on. It gathers the page model (struct mm_dump, with its
 * bad block map), the ECC codec that corrects its pages, the partitions and
 * the copy-on-write overlay that takes the writes. mm_flash_open() in
 * core/flash.c is the one opener: options in, flash object out.
 */
#ifndef MM_FLASH_H
#define MM_FLASH_H

#include <stdbool.h>
#include <stddef.h>

#include "dump.h"
#include "ecc/ecc.h"
#include "overlay.h"
#include "util/mtdparts.h"
#include "util/options.h"

/**
 * struct mm_flash_opts - everything the user said, for every front end
 * @open: the dump: reader, geometry, bad blocks, containers, extra reads
 * @ecc: --ecc: a scheme, "auto" or "none"; NULL = not given
 * @oob_layout: --oob-layout; NULL = the scheme's (or the kernel's) layout
 * @layout: --layout: a controller preset NAME[:OPTS], a spec string or
 *	"auto" (the page then is the controller's logical page); NULL = none
 * @probe_layout: without @ecc, @oob_layout and @layout, try the controller
 *	presets anyway and use the one that verifies (info); nothing fitting
 *	is not an error then
 * @mtdparts: --mtdparts, checked against the geometry; "auto" or
 *	"auto:SOURCE": the map the dump holds (core/partmap.h); NULL = none
 * @mtd_name: the MTD's name, to match an mtdparts= mtd-id (NULL: none)
 * @writable: open an overlay for the writes
 * @overlay: its file (--overlay); NULL = kept in memory
 */
struct mm_flash_opts {
	struct mm_open_opts open;
	const char *ecc;
	const char *oob_layout;
	const char *layout;
	bool probe_layout;
	const char *mtdparts;
	const char *mtd_name;
	bool writable;
	const char *overlay;
};

/* Which step of mm_flash_open() failed (the front end picks the status). */
enum mm_flash_stage {
	MM_FLASH_OK = 0,
	MM_FLASH_DUMP,		/* the dump: reading or understanding it */
	MM_FLASH_ECC,		/* --ecc / --oob-layout */
	MM_FLASH_PARTS,		/* --mtdparts */
	MM_FLASH_OVERLAY,	/* --overlay */
};

#define MM_FLASH_WHY_MAX	512

/**
 * struct mm_flash - an open flash device
 * @dump: the page model (geometry, read_page, bad block map, and how each
 *	was decided: fmt_why, geom_why)
 * @ecc: the ECC codec (NULL without --ecc / --oob-layout); extra reads are
 *	fused per step of this same codec
 * @ecc_why: how the codec was decided ("--ecc", "--layout", or the auto
 *	evidence); after a probe that found nothing, why not (@ecc NULL)
 * @layout_probed: the controller presets were tried (probe_layout or
 *	--layout=auto)
 * @parts: the --mtdparts partitions (@nparts entries, NULL when none)
 * @nparts: their number
 * @parts_spec: the cmdlinepart list --mtdparts=auto chose ("" otherwise:
 *	then it is --mtdparts as given)
 * @parts_source: where the partitions came from ("--mtdparts", or e.g.
 *	"uboot-env at 0x80000")
 * @ov: the overlay (NULL unless writable)
 * @stage: on failure, which step failed
 * @err: on failure, the one-line reason (without the dump's name)
 */
struct mm_flash {
	struct mm_dump dump;
	struct mm_ecc *ecc;
	char ecc_why[MM_FLASH_WHY_MAX];
	bool layout_probed;
	struct mm_part *parts;
	size_t nparts;
	char parts_spec[2048];
	char parts_source[64];
	struct mm_overlay *ov;
	enum mm_flash_stage stage;
	char err[MM_FLASH_WHY_MAX];
};

/**
 * mm_flash_open - open a dump as a flash device
 * @f: filled; close with mm_flash_close() (also after a failure)
 * @path: the dump (opened read-only, never written)
 * @o: the options
 *
 * In order: the dump (mm_dump_open()), the ECC codec (named or detected,
 * once; fusion of extra reads then works per step of it), the partitions,
 * the overlay (tied to the dump by its identity and the options that change
 * the bytes of a page).
 *
 * Return: 0, or -errno with @f->stage and @f->err saying where and why
 * (-EINVAL: the options do not fit the dump; -EBUSY: the overlay is in use).
 */
int mm_flash_open(struct mm_flash *f, const char *path,
		  const struct mm_flash_opts *o);

/** mm_flash_close - release everything mm_flash_open() opened */
void mm_flash_close(struct mm_flash *f);

/** mm_flash_ecc_on - @f corrects its pages (an ECC scheme is in force) */
static inline bool mm_flash_ecc_on(const struct mm_flash *f)
{
	return f->ecc && mm_ecc_enabled(f->ecc);
}

#endif /* MM_FLASH_H */
