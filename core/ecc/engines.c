// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * engines.c - the ECC engines --ecc can name. A new engine is one file
 * defining its struct mm_ecc_engine, one line here and one test file
 * (docs/design.md).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"

/* One line per engine: declares mm_ecc_engine_<name>, lists it. */
#define MM_ECC_ENGINES(X)	\
	X(hamming)	/* engine_hamming.c */ \
	X(bch)		/* engine_bch.c */

#define MM_ECC_ENGINE_DECLARE(n) extern const struct mm_ecc_engine mm_ecc_engine_##n;
#define MM_ECC_ENGINE_ENTRY(n)	&mm_ecc_engine_##n,
MM_ECC_ENGINES(MM_ECC_ENGINE_DECLARE)

const struct mm_ecc_engine *const mm_ecc_engines[] = {
	MM_ECC_ENGINES(MM_ECC_ENGINE_ENTRY)
	NULL
};

const struct mm_ecc_engine *mm_ecc_engine_parse(const char *scheme,
						struct mm_ecc_params *p,
						char *msg, size_t msglen)
{
	const struct mm_ecc_engine *const *e;
	size_t l;
	int ret;

	for (e = mm_ecc_engines; *e; e++) {
		ret = (*e)->parse(scheme, p);
		if (!ret)
			return *e;
		if (ret != -ENOENT)
			break;
	}
	l = (size_t)snprintf(msg, msglen, "unknown ECC scheme '%s' (none", scheme);
	for (e = mm_ecc_engines; *e && l < msglen; e++)
		l += (size_t)snprintf(msg + l, msglen - l, ", %s", (*e)->schemes);
	if (l < msglen)
		snprintf(msg + l, msglen - l, ", auto)");
	return NULL;
}
