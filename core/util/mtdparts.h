/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mtdparts.h - partition lists in the kernel's cmdlinepart syntax, as sent
 * in MUSE's PARTSCMDLINE key (the list only, without "<mtd-id>:").
 *
 * Grammar (facts from drivers/mtd/parsers/cmdlinepart.c):
 *
 *	<list>    := <partdef>[,<partdef>...]
 *	<partdef> := <size>[@<offset>][(<name>)][ro][lk]
 *	<size>    := <number> | "-"          ("-" = the rest of the device)
 *	<number>  := decimal, 0x-hex or 0-octal (as the kernel's memparse),
 *	             with an optional k/K, m/M or g/G suffix (binary)
 *
 * A partition without "@offset" starts where the previous one ends (the
 * first at 0). Nothing may follow a "-" partition. The kernel truncates a
 * partition that runs past the device and skips empty ones; we refuse both,
 * and also refuse overlaps and offsets or sizes that are not multiples of
 * the eraseblock size (the kernel would force such partitions read-only).
 */
#ifndef MM_MTDPARTS_H
#define MM_MTDPARTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MM_PART_NAME_MAX	64

/**
 * struct mm_part - one partition
 * @name: its name, "" when none was given (the kernel then calls it
 *	Partition_NNN, the FUSE view part<N>)
 * @offset: absolute start in the master device, bytes
 * @size: length in bytes (never 0)
 * @ro: "ro" flag (the kernel clears MTD_WRITEABLE)
 * @lk: "lk" flag (the kernel sets MTD_POWERUP_LOCK)
 */
struct mm_part {
	char name[MM_PART_NAME_MAX];
	uint64_t offset;
	uint64_t size;
	bool ro;
	bool lk;
};

/**
 * mm_parts_parse - parse and check a cmdlinepart partition list
 * @s: the list, without the "<mtd-id>:" prefix
 * @dev_size: size of the master device in bytes
 * @eb_size: eraseblock size in bytes (0 = do not check alignment)
 * @parts: set to a malloc'ed array of @n entries (free() it); NULL on error
 * @n: number of partitions
 * @msg: a one-line reason on failure, naming the position in @s
 *	("at character 7", counted from 1)
 * @len: size of @msg
 *
 * Checks: syntax, eraseblock alignment, non-empty, inside the device, no
 * overlap. Partitions are returned in the order given.
 *
 * Return: 0, -EINVAL with @msg filled, or -ENOMEM.
 */
int mm_parts_parse(const char *s, uint64_t dev_size, uint64_t eb_size,
		   struct mm_part **parts, size_t *n, char *msg, size_t len);

#endif /* MM_MTDPARTS_H */
