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

/* Alphabetical; every entry is one file under presets/. */
static const struct mm_pl_preset *const presets[] = {
	&mm_pl_preset_amlogic,
	&mm_pl_preset_brcmnand,
	&mm_pl_preset_hisi_balong,
	&mm_pl_preset_imx_gpmi,
	&mm_pl_preset_mtk_nfi,
	&mm_pl_preset_omap_bch16,
	&mm_pl_preset_omap_bch8,
	&mm_pl_preset_pmecc,
	&mm_pl_preset_qcom_nandc,
	&mm_pl_preset_sunxi,
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
