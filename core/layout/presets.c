// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * presets.c - the registry of controller page layouts and their option
 * strings. The facts and their sources are in each presets/<name>.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "presets.h"

/*
 * The registry, alphabetical: one line per preset, each one file under
 * presets/ defining mm_pl_preset_<name> (built because it is there:
 * core/layout/module.mk takes presets/ as a whole).
 */
#define MM_PL_PRESETS(X)	\
	X(amlogic)		\
	X(brcmnand)		\
	X(hisi_balong)		\
	X(imx_gpmi)		\
	X(mtk_nfi)		\
	X(omap_bch16)		\
	X(omap_bch8)		\
	X(pmecc)		\
	X(qcom_nandc)		\
	X(sunxi)

#define DECLARE(n)	extern const struct mm_pl_preset mm_pl_preset_##n;
#define ENTRY(n)	&mm_pl_preset_##n,
MM_PL_PRESETS(DECLARE)

static const struct mm_pl_preset *const presets[] = {
	MM_PL_PRESETS(ENTRY)
	NULL,
};

const struct mm_pl_preset *const *mm_pl_presets(void)
{
	return presets;
}

int mm_pl_from_arg(struct mm_pagelayout *pl, const char *arg,
		   const struct mm_pl_geom *g, char *msg, size_t len)
{
	const char *colon = strchr(arg, ':'), *eq = strchr(arg, '=');
	size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
	unsigned int i;

	if (eq && (!colon || eq < colon))
		return mm_pl_parse(pl, arg, msg, len);
	for (i = 0; presets[i]; i++)
		if (strlen(presets[i]->name) == n &&
		    !strncmp(presets[i]->name, arg, n)) {
			int ret = presets[i]->build(pl, g, colon ? colon + 1 : "",
						    msg, len);

			if (!ret)
				snprintf(pl->name, sizeof(pl->name), "%s",
					 presets[i]->name);
			return ret;
		}
	mm_pl_msg(msg, len, "unknown layout '%.*s'", (int)n, arg);
	return -ENOENT;
}
