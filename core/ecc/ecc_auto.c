// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ecc_auto.c - choosing the codec from the dump: --ecc=auto (the kernel's
 * schemes of every engine) and --layout=auto (every controller preset,
 * a boot ROM header first), both by how many programmed steps verify on a
 * sample of the dump's pages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../layout/presets.h"
#include "ecc.h"
#include "engine.h"

/* --ecc=auto */

#define AUTO_PAGES	48
#define AUTO_PROBES	2048

/* The schemes --ecc=auto tries: each engine's, in registry order. */
static const char *auto_candidate(unsigned int n)
{
	const struct mm_ecc_engine *const *e;
	unsigned int k;

	for (e = mm_ecc_engines; *e; e++) {
		for (k = 0; (*e)->auto_schemes && (*e)->auto_schemes[k]; k++)
			if (!n--)
				return (*e)->auto_schemes[k];
	}
	return NULL;
}

/* Up to AUTO_PAGES programmed pages, spread over the dump. */
/*
 * @markers: skip blocks only the factory marker calls bad too; a layout
 * search does not (before the layout is known, the readers looked for the
 * marker where the layout may keep data).
 */
static int auto_sample(struct mm_dump *d, uint8_t *pages, uint64_t *index,
		       bool markers, unsigned int *np, unsigned int *probed)
{
	uint64_t count = mm_geom_page_count(&d->geom), stride, p;
	uint32_t rec = mm_geom_record_size(&d->geom);
	unsigned int n = 0, tries = 0;
	int ret;

	stride = count / AUTO_PROBES;
	if (!stride)
		stride = 1;
	for (p = 0; p < count && n < AUTO_PAGES && tries < 2 * AUTO_PROBES;
	     p += stride, tries++) {
		uint8_t *buf = pages + (size_t)n * rec;

		enum mm_bb_source src = mm_bbt_source(&d->bbt,
						       p / d->geom.pages_per_block);

		if (src != MM_BBS_GOOD && (markers || src != MM_BBS_MARKER))
			continue;
		ret = mm_dump_read_page(d, p, buf, buf + d->geom.page_size);
		if (ret < 0)
			return ret;
		if (ret == MM_PAGE_ABSENT || mm_ecc_all_ff(buf, rec))
			continue;
		if (index)
			index[n] = p;
		n++;
	}
	*np = n;
	*probed = tries;
	return 0;
}

struct auto_score {
	const char *name;
	unsigned int ok, bad, corrected, checked;
};

/* "; next best NAME: OK of CHECKED", or "" without a runner-up. */
static void runner_up(char *buf, size_t len, const struct auto_score *s)
{
	if (s->name)
		snprintf(buf, len, "; next best %s: %u of %u", s->name, s->ok,
			 s->checked);
	else
		buf[0] = '\0';
}

int mm_ecc_auto(struct mm_ecc **ep, struct mm_dump *d, const char *layout_spec,
		char *why, size_t whylen)
{
	uint32_t rec = mm_geom_record_size(&d->geom);
	struct auto_score best = { 0 }, second = { 0 };
	uint8_t *pages, *tmp;
	unsigned int np = 0, probed = 0, i, c, tried = 0;
	char msg[256], rest[96];
	int ret;

	if (!d->geom.oob_size) {
		snprintf(why, whylen, "the dump has no OOB, so no ECC");
		return mm_ecc_new(ep, "none", layout_spec, &d->geom, why,
				  whylen);
	}
	pages = malloc((size_t)AUTO_PAGES * rec);
	tmp = malloc(rec);
	if (!pages || !tmp) {
		ret = -ENOMEM;
		goto out_free;
	}
	ret = auto_sample(d, pages, NULL, true, &np, &probed);
	if (ret)
		goto out_free;
	if (!np) {
		snprintf(why, whylen, "no programmed page among the %u pages sampled: no ECC to check",
			 probed);
		ret = mm_ecc_new(ep, "none", layout_spec, &d->geom, msg,
				 sizeof(msg));
		goto out_free;
	}
	for (c = 0; auto_candidate(c); c++) {
		struct mm_ecc *e;
		struct auto_score sc = { auto_candidate(c), 0, 0, 0, 0 };

		if (mm_ecc_new(&e, auto_candidate(c), layout_spec, &d->geom,
			       msg, sizeof(msg)))
			continue;
		tried++;
		for (i = 0; i < np; i++) {
			struct mm_ecc_stat st = { 0 };

			memcpy(tmp, pages + (size_t)i * rec, rec);
			mm_ecc_correct(e, tmp, tmp + d->geom.page_size, &st,
				       NULL);
			sc.checked += st.steps - st.erased_steps;
			sc.bad += st.uncorrectable_steps;
			sc.corrected += st.corrected_steps;
		}
		sc.ok = sc.checked - sc.bad;
		mm_ecc_free(e);
		if (sc.ok > best.ok ||
		    (sc.ok == best.ok && sc.bad < best.bad)) {
			second = best;
			best = sc;
		} else if (sc.ok > second.ok) {
			second = sc;
		}
	}
	/* Wins: at least 90% of its programmed steps verify. */
	if (!best.name || !best.checked || best.ok * 10 < best.checked * 9) {
		snprintf(why, whylen, "no ECC scheme verifies on %u programmed pages (%u schemes tried; best %s: %u of %u steps)",
			 np, tried, best.name ? best.name : "none", best.ok,
			 best.checked);
		ret = -EINVAL;
		goto out_free;
	}
	runner_up(rest, sizeof(rest), &second);
	snprintf(why, whylen, "%s: %u programmed steps in %u pages checked, %u verify (%u corrected)%s",
		 best.name, best.checked, np, best.ok, best.corrected, rest);
	ret = mm_ecc_new(ep, best.name, layout_spec, &d->geom, msg,
			 sizeof(msg));
	if (ret)
		snprintf(why, whylen, "%s", msg);
out_free:
	free(pages);
	free(tmp);
	return ret;
}

/* --layout=auto */

/* Score one codec on the sampled pages. */
static void auto_score_pages(const struct mm_ecc *e, const struct mm_dump *d,
			     const uint8_t *pages, const uint64_t *index,
			     unsigned int np, uint8_t *tmp,
			     struct auto_score *sc)
{
	uint32_t rec = mm_geom_record_size(&d->geom);
	unsigned int i;

	for (i = 0; i < np; i++) {
		struct mm_ecc_stat st = { 0 };

		memcpy(tmp, pages + (size_t)i * rec, rec);
		mm_ecc_correct_page(e, index[i], tmp, tmp + d->geom.page_size,
				    &st, NULL);
		sc->checked += st.steps - st.erased_steps;
		sc->bad += st.uncorrectable_steps;
		sc->corrected += st.corrected_steps;
	}
	sc->ok = sc->checked - sc->bad;
}

/*
 * A preset's candidate argument: its name, or with the options a boot ROM
 * header in the first page says (@why then tells which).
 */
static const char *layout_candidate(const struct mm_pl_preset *pr,
				    const struct mm_dump *d,
				    const uint8_t *page0, char *arg,
				    size_t alen, char *why, size_t wlen)
{
	struct mm_pl_geom pg = { d->geom.page_size, d->geom.oob_size,
				 d->geom.pages_per_block };
	char opts[96];

	why[0] = '\0';
	if (page0 && pr->hint &&
	    pr->hint(page0, mm_geom_record_size(&d->geom), &pg, opts,
		     sizeof(opts), why, wlen)) {
		snprintf(arg, alen, "%s:%s", pr->name, opts);
		return arg;
	}
	why[0] = '\0';
	return pr->name;
}

/*
 * Candidate @var of a preset: -1 its defaults (or a header's options),
 * else its variant @var (a preset's other codes, tried unless a header
 * named the options).
 */
static const char *candidate(const struct mm_pl_preset *pr, int var,
			     const struct mm_dump *d, const uint8_t *page0,
			     char *arg, size_t alen, char *why, size_t wlen)
{
	if (var < 0)
		return layout_candidate(pr, d, page0, arg, alen, why, wlen);
	why[0] = '\0';
	return pr->variants[var];
}

int mm_ecc_auto_layout(struct mm_ecc **ep, struct mm_dump *d, char *why,
		       size_t whylen)
{
	const struct mm_pl_preset *const *pr = mm_pl_presets();
	uint32_t rec = mm_geom_record_size(&d->geom);
	struct auto_score best = { 0 }, second = { 0 };
	unsigned int np = 0, probed = 0, tried = 0;
	uint64_t index[AUTO_PAGES];
	uint8_t *pages, *tmp, *page0;
	char msg[256], rest[192], hint[256], best_hint[256] = "";
	char arg_buf[128], best_name[128], second_name[128];
	bool best_hinted = false;
	bool hinted_default = false;
	int ret, var = -1;

	if (!d->geom.oob_size) {
		snprintf(why, whylen, "the dump has no OOB, so no controller layout");
		return -EINVAL;
	}
	pages = malloc((size_t)AUTO_PAGES * rec);
	tmp = malloc(rec);
	page0 = malloc(rec);
	if (!pages || !tmp || !page0) {
		ret = -ENOMEM;
		goto out_free;
	}
	ret = mm_dump_read_page(d, 0, page0, page0 + d->geom.page_size);
	if (ret < 0)
		goto out_free;
	if (ret == MM_PAGE_ABSENT) {
		free(page0);
		page0 = NULL;
	}
	ret = auto_sample(d, pages, index, false, &np, &probed);
	if (ret)
		goto out_free;
	ret = -EINVAL;
	if (!np) {
		snprintf(why, whylen, "no programmed page among the %u pages sampled: no layout to check",
			 probed);
		goto out_free;
	}
	for (; *pr; !hinted_default && (*pr)->variants &&
		    (*pr)->variants[var + 1] ? var++ : (pr++, var = -1)) {
		const char *arg = candidate(*pr, var, d, page0, arg_buf,
					    sizeof(arg_buf), hint, sizeof(hint));
		struct auto_score sc = { arg, 0, 0, 0, 0 };
		bool hinted = hint[0] != '\0', wins;
		struct mm_ecc *e;

		if (var < 0)
			hinted_default = hinted;
		if (mm_ecc_new_layout(&e, arg, &d->geom, msg, sizeof(msg)))
			continue;
		if (!mm_ecc_pagelayout(e)->m) {	/* no ECC to verify with */
			mm_ecc_free(e);
			continue;
		}
		tried++;
		auto_score_pages(e, d, pages, index, np, tmp, &sc);
		mm_ecc_free(e);
		/* a verifying preset the dump's own header names comes first */
		if (best_hinted && !hinted)
			wins = false;
		else if (hinted && sc.ok * 10 >= sc.checked * 9 && !best_hinted)
			wins = true;
		else
			wins = sc.ok > best.ok ||
			       (sc.ok == best.ok && sc.bad < best.bad);
		if (wins) {
			if (best.name) {
				second = best;
				snprintf(second_name, sizeof(second_name),
					 "%s", best_name);
				second.name = second_name;
			}
			best = sc;
			snprintf(best_name, sizeof(best_name), "%s", arg);
			best.name = best_name;
			best_hinted = hinted && sc.ok * 10 >= sc.checked * 9;
			snprintf(best_hint, sizeof(best_hint), "%s", hint);
		} else if (sc.ok > second.ok) {
			second = sc;
			snprintf(second_name, sizeof(second_name), "%s", arg);
			second.name = second_name;
		}
	}
	if (!best.name || !best.checked || best.ok * 10 < best.checked * 9) {
		snprintf(why, whylen, "no controller layout verifies on %u programmed pages (%u presets tried; best %s: %u of %u steps)",
			 np, tried, best.name ? best.name : "none", best.ok,
			 best.checked);
		goto out_free;
	}
	if (!best_hinted && second.name && second.checked &&
	    second.ok * 10 >= second.checked * 9 && second.ok == best.ok) {
		snprintf(why, whylen, "ambiguous: layouts %s and %s both verify %u of %u steps; choose one with --layout",
			 best.name, second.name, best.ok, best.checked);
		goto out_free;
	}
	runner_up(rest, sizeof(rest), &second);
	snprintf(why, whylen, "%s%s%s: %u programmed steps in %u pages checked, %u verify (%u corrected)%s",
		 best_hint, best_hinted ? "; " : "", best.name, best.checked,
		 np, best.ok, best.corrected, rest);
	ret = mm_ecc_new_layout(ep, best.name, &d->geom, msg, sizeof(msg));
	if (ret)
		snprintf(why, whylen, "%s", msg);
out_free:
	free(pages);
	free(tmp);
	free(page0);
	return ret;
}

int mm_ecc_layout_score(struct mm_dump *d, const char *arg, unsigned int *ok,
			unsigned int *checked)
{
	uint32_t rec = mm_geom_record_size(&d->geom);
	struct auto_score sc = { arg, 0, 0, 0, 0 };
	unsigned int np = 0, probed = 0;
	uint64_t index[AUTO_PAGES];
	uint8_t *pages, *tmp;
	struct mm_ecc *e = NULL;
	char msg[256];
	int ret;

	*ok = *checked = 0;
	ret = mm_ecc_new_layout(&e, arg, &d->geom, msg, sizeof(msg));
	if (ret)
		return ret == -ENOENT ? -EINVAL : ret;
	pages = malloc((size_t)AUTO_PAGES * rec);
	tmp = malloc(rec);
	ret = -ENOMEM;
	if (!pages || !tmp)
		goto out_free;
	ret = auto_sample(d, pages, index, false, &np, &probed);
	if (ret)
		goto out_free;
	auto_score_pages(e, d, pages, index, np, tmp, &sc);
	*ok = sc.ok;
	*checked = sc.checked;
out_free:
	mm_ecc_free(e);
	free(pages);
	free(tmp);
	return ret;
}
