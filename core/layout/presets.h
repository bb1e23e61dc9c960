/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * presets.h - page layouts of NAND controllers by name, built for a chip's
 * geometry the way the controller's Linux driver computes them. One file
 * per controller under presets/, one line in presets.c's MM_PL_PRESETS
 * (see preset.h).
 */
#ifndef MM_PRESETS_H
#define MM_PRESETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "preset.h"

/** mm_pl_presets - the registry, NULL terminated, in --list-layouts order */
const struct mm_pl_preset *const *mm_pl_presets(void);

/**
 * mm_pl_from_arg - the layout for a --layout argument
 * @pl: filled and finalized (release with mm_pl_release())
 * @arg: a preset NAME[:OPTS], or a spec string (anything with '=' before
 *	any ':')
 * @g: the geometry (presets only)
 * @msg: a one-line reason on failure
 * @len: size of @msg
 *
 * Return: 0, -ENOENT (no such preset; @msg says so), -EINVAL, -ENOMEM.
 */
int mm_pl_from_arg(struct mm_pagelayout *pl, const char *arg,
		   const struct mm_pl_geom *g, char *msg, size_t len);

#endif /* MM_PRESETS_H */
