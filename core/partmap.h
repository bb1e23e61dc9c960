/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * partmap.h - the partition maps a dump holds (--mtdparts=auto): a U-Boot
 * environment's mtdparts= (or any mtdparts= string), flattened device trees
 * with fixed-partitions nodes (also inside uImage/FIT images), the
 * Qualcomm MIBIB partition table and the RedBoot FIS directory. Each map is
 * turned into a cmdlinepart string and checked against the geometry like
 * --mtdparts. The i.MX DBBT (core/dbbt.h) is listed among them as a map of
 * bad blocks: it holds no partitions, and --mtdparts=auto never takes it.
 *
 * Offsets count the device's data bytes with every physical eraseblock in
 * place, as the device did: the readers re-insert the blocks a skipbad dump
 * left out before anything here reads.
 */
#ifndef MM_PARTMAP_H
#define MM_PARTMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dbbt.h"
#include "dump.h"
#include "ecc/ecc.h"
#include "probe/scan.h"
#include "util/mtdparts.h"

#define MM_PARTMAP_MAX		8
#define MM_PARTMAP_SPEC_MAX	2048

/**
 * struct mm_partmap - one map found
 * @source: "uboot-env", "mtdparts" (a string outside an environment),
 *	"fdt", "mibib", "redboot"; "dbbt" (a bad-block map)
 * @where: device byte offset of the map
 * @check: its integrity as found ("crc32 ok", "magic ok", "no checksum";
 *	a DBBT: "fingerprint ok", "fingerprint ok, table invalid: ...")
 * @mtd_id: the mtd-id of an mtdparts= string ("" for the others)
 * @spec: the map as a cmdlinepart list (without "<mtd-id>:")
 * @parts: @spec checked against the geometry (NULL: @err says why)
 * @nparts: entries in @parts
 * @err: why @spec does not fit the device ("" when it does)
 * @bad_map: a map of bad blocks (the DBBT), not of partitions: @spec,
 *	@parts and @err unused
 * @dbbt: the DBBT as found, when @bad_map (its @bad list is owned here)
 * @found_by: how it was found ("the FCB at 0x..: DBBT search area from
 *	page N", "fingerprint scan of the boot area")
 * @note: where it disagrees with the dump's bad-block map ("" when it
 *	agrees)
 */
struct mm_partmap {
	char source[16];
	uint64_t where;
	char check[128];
	char mtd_id[64];
	char spec[MM_PARTMAP_SPEC_MAX];
	struct mm_part *parts;
	size_t nparts;
	char err[160];
	bool bad_map;
	struct mm_dbbt dbbt;
	char found_by[96];
	char note[400];
};

/**
 * mm_partmaps_find - every partition map in the dump
 * @d: the dump
 * @e: its codec (pages read through it: a controller layout's logical
 *	pages), or NULL
 * @scan: the content scan of @d (the places of mtdparts= strings, U-Boot
 *	environments and device trees)
 * @maps: filled, @max entries at most; release with mm_partmaps_free()
 * @max: size of @maps
 * @n: set to the maps found
 *
 * Return: 0 or -errno (read error, message in @d).
 */
int mm_partmaps_find(struct mm_dump *d, struct mm_ecc *e,
		     const struct mm_scan *scan, struct mm_partmap *maps,
		     size_t max, size_t *n);

/**
 * mm_partmaps_choose - the map --mtdparts=auto[:SOURCE] stands for
 * @maps: the maps found
 * @n: their number
 * @arg: "auto" or "auto:SOURCE"
 * @mtd_name: the MTD's name (an mtdparts= mtd-id to match), or NULL
 * @msg: a one-line reason on failure (none found, they disagree, the
 *	source named has none, the map does not fit)
 * @len: size of @msg
 *
 * Maps that give the same partitions agree; "auto" refuses disagreeing
 * ones, naming them. Bad-block maps (the DBBT) are never chosen.
 *
 * Return: the index in @maps, or -ENOENT / -EINVAL with @msg filled.
 */
int mm_partmaps_choose(const struct mm_partmap *maps, size_t n,
		       const char *arg, const char *mtd_name, char *msg,
		       size_t len);

/** mm_partmaps_free - release what mm_partmaps_find() allocated */
void mm_partmaps_free(struct mm_partmap *maps, size_t n);

#endif /* MM_PARTMAP_H */
