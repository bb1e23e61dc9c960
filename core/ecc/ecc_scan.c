// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ecc_scan.c - every page of a dump through the ECC, counted per block.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecc_scan.h"

int mm_ecc_open(struct mm_ecc **e, struct mm_dump *d, const char *scheme,
		const char *layout_spec, char *why, size_t whylen)
{
	*e = NULL;
	why[0] = '\0';
	if (!scheme && !layout_spec)
		return 0;
	if (scheme && !strcmp(scheme, "auto"))
		return mm_ecc_auto(e, d, layout_spec, why, whylen);
	if (mm_ecc_new(e, scheme ? scheme : "none", layout_spec, &d->geom,
		       why, whylen))
		return -EINVAL;
	snprintf(why, whylen, "--ecc");
	return 0;
}

int mm_ecc_scan(struct mm_ecc_scan *s, const struct mm_ecc *e,
		struct mm_dump *d, const char *why)
{
	const struct mm_geom *g = &d->geom;
	const struct mm_ooblayout *l = mm_ecc_layout(e);
	uint64_t blk, p, done = 0, total = mm_geom_page_count(g);
	uint8_t *buf;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	snprintf(s->scheme, sizeof(s->scheme), "%s", mm_ecc_name(e));
	snprintf(s->layout, sizeof(s->layout), "%s", l->name);
	snprintf(s->why, sizeof(s->why), "%s", why ? why : "");
	s->strength = mm_ecc_strength(e);
	s->step_size = mm_ecc_step_size(e);
	s->oobavail = l->oobavail;
	s->nblocks = g->block_count;
	s->blocks = calloc(s->nblocks ? s->nblocks : 1, sizeof(*s->blocks));
	s->bad = calloc(s->nblocks ? s->nblocks : 1, 1);
	buf = malloc(mm_geom_record_size(g));
	if (!s->blocks || !s->bad || !buf) {
		ret = -ENOMEM;
		mm_set_error(&d->in, "out of memory");
		goto out_free;
	}
	for (blk = 0; blk < g->block_count; blk++) {
		if (mm_bbt_is_bad(&d->bbt, blk)) {
			s->bad[blk] = 1;
			done += g->pages_per_block;
			continue;
		}
		for (p = 0; p < g->pages_per_block; p++) {
			uint64_t page = blk * g->pages_per_block + p;

			ret = mm_dump_read_page(d, page, buf,
						buf + g->page_size);
			if (ret < 0)
				goto out_free;
			if (ret == MM_PAGE_ABSENT) {
				s->blocks[blk].steps += g->page_size /
							s->step_size;
				s->blocks[blk].erased_steps += g->page_size /
							       s->step_size;
			} else {
				mm_ecc_correct_page(e, page, buf,
						    buf + g->page_size,
						    &s->blocks[blk], NULL);
			}
			s->pages_checked++;
		}
		mm_ecc_stat_add(&s->total, &s->blocks[blk]);
		done += g->pages_per_block;
		if (d->opts.progress && !(blk % 64))
			d->opts.progress(d->opts.progress_arg, "ECC", done,
					 total);
	}
	if (d->opts.progress)
		d->opts.progress(d->opts.progress_arg, "ECC", total, total);
	free(buf);
	return 0;
out_free:
	free(buf);
	mm_ecc_scan_free(s);
	return ret;
}

void mm_ecc_scan_free(struct mm_ecc_scan *s)
{
	free(s->blocks);
	free(s->bad);
	s->blocks = NULL;
	s->bad = NULL;
}

static void json_stat(struct mm_json *j, const struct mm_ecc_stat *st,
		      const char *steps_key)
{
	mm_json_u64(j, steps_key, st->steps);
	mm_json_u64(j, "corrected_steps", st->corrected_steps);
	mm_json_u64(j, "corrected_bits", st->corrected_bits);
	mm_json_u64(j, "uncorrectable_steps", st->uncorrectable_steps);
	mm_json_u64(j, "erased_steps", st->erased_steps);
}

void mm_ecc_scan_json(struct mm_json *j, const struct mm_ecc_scan *s)
{
	uint64_t b;

	mm_json_object_begin(j, "ecc");
	mm_json_str(j, "scheme", s->scheme);
	mm_json_str(j, "layout", s->layout);
	mm_json_u64(j, "strength", s->strength);
	mm_json_u64(j, "step_size", s->step_size);
	mm_json_u64(j, "oobavail", s->oobavail);
	mm_json_str(j, "decided_by", s->why);
	mm_json_u64(j, "pages_checked", s->pages_checked);
	json_stat(j, &s->total, "steps_checked");
	mm_json_array_begin(j, "blocks");
	for (b = 0; b < s->nblocks; b++) {
		mm_json_object_begin(j, NULL);
		mm_json_u64(j, "block", b);
		if (s->bad[b])
			mm_json_bool(j, "bad", true);
		else
			json_stat(j, &s->blocks[b], "steps");
		mm_json_object_end(j);
	}
	mm_json_array_end(j);
	mm_json_object_end(j);
}

void mm_ecc_scan_text(FILE *out, const struct mm_ecc_scan *s, bool table)
{
	const struct mm_ecc_stat *t = &s->total;
	unsigned int shown = 0, more = 0;
	uint64_t b;

	if (table) {
		fprintf(out, "# scheme %s, layout %s, oobavail %" PRIu32 ", %u bits per %u-byte step; decided by: %s\n",
			s->scheme, s->layout, s->oobavail, s->strength,
			s->step_size, s->why);
		fprintf(out, "# block steps corrected_steps corrected_bits uncorrectable_steps erased_steps\n");
		for (b = 0; b < s->nblocks; b++) {
			const struct mm_ecc_stat *st = &s->blocks[b];

			if (s->bad[b]) {
				fprintf(out, "%" PRIu64 " bad\n", b);
				continue;
			}
			fprintf(out, "%" PRIu64 " %u %u %u %u %u\n", b, st->steps,
				st->corrected_steps, st->corrected_bits,
				st->uncorrectable_steps, st->erased_steps);
		}
		return;
	}
	fprintf(out, "ecc:          %s, layout %s (oobavail %" PRIu32 "), %u bits per %u-byte step\n",
		s->scheme, s->layout, s->oobavail, s->strength, s->step_size);
	fprintf(out, "  decided by: %s\n", s->why);
	fprintf(out, "  steps:      %u checked, %u corrected (%u bits), %u uncorrectable, %u erased\n",
		t->steps, t->corrected_steps, t->corrected_bits,
		t->uncorrectable_steps, t->erased_steps);
	for (b = 0; b < s->nblocks; b++) {
		const struct mm_ecc_stat *st = &s->blocks[b];

		if (s->bad[b] || (!st->corrected_steps &&
				  !st->uncorrectable_steps))
			continue;
		if (shown == 32) {
			more++;
			continue;
		}
		fprintf(out, "%s%" PRIu64 " (", shown ? ", " :
			"  blocks:     ", b);
		if (st->corrected_steps)
			fprintf(out, "%u corrected", st->corrected_steps);
		if (st->uncorrectable_steps)
			fprintf(out, "%s%u uncorrectable",
				st->corrected_steps ? ", " : "",
				st->uncorrectable_steps);
		fputc(')', out);
		shown++;
	}
	if (more)
		fprintf(out, " and %u more blocks", more);
	if (shown)
		fputc('\n', out);
}
