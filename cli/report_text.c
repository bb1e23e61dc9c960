// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report_text.c - info's text report: the lines a person reads, from the
 * same struct mm_report the JSON comes from (report.c). Content items are
 * written by their probers through a text struct mm_writer.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "../core/fusion.h"
#include "../core/util/writer.h"
#include "../formats/format.h"
#include "report.h"

/* "134217728 bytes (128 MiB)"; the unit only when the size is exact. */
static void fmt_size(char *buf, size_t len, uint64_t v)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB" };
	int u = -1;
	uint64_t x = v;

	while (x >= 1024 && !(x % 1024) && u < 3) {
		x /= 1024;
		u++;
	}
	if (u >= 0)
		snprintf(buf, len, "%" PRIu64 " bytes (%" PRIu64 " %s)", v, x,
			 unit[u]);
	else
		snprintf(buf, len, "%" PRIu64 " bytes", v);
}

/* A name from the dump: printable ASCII as is, anything else as \xNN. */
static void put_name(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/*
 * The text writer: a prober's @summary goes out as it is; without one, its
 * members are shown as "key value, key value", an array as "key: a b", each
 * object of an array on a line of its own (and what follows the array on
 * the next), another object as "key {...}".
 */
#define TW_MAX_DEPTH	8

enum tw_kind { TW_MEMBERS, TW_ARRAY, TW_BRACED };

struct text_writer {
	struct mm_writer w;
	FILE *out;
	int depth;
	bool sep[TW_MAX_DEPTH];		/* a member was written at this depth */
	bool lines[TW_MAX_DEPTH];	/* objects went on lines of their own */
	enum tw_kind kind[TW_MAX_DEPTH];
};

static struct text_writer *to_tw(struct mm_writer *w)
{
	return (struct text_writer *)w;
}

static int tw_level(const struct text_writer *t)
{
	return t->depth < TW_MAX_DEPTH ? t->depth : TW_MAX_DEPTH - 1;
}

static void tw_newline(struct mm_writer *w)
{
	fprintf(to_tw(w)->out, "\n  %-18s %-10s ", "", "");
}

/* Start a member: its separator and key (an array element has none). */
static void tw_key(struct text_writer *t, const char *key)
{
	int d = tw_level(t);

	if (t->kind[d] == TW_ARRAY)
		fputc(' ', t->out);
	else if (t->lines[d])
		tw_newline(&t->w);
	else if (t->sep[d])
		fputs(", ", t->out);
	t->lines[d] = false;
	if (key)
		fprintf(t->out, "%s ", key);
	t->sep[d] = true;
}

static void tw_str(struct mm_writer *w, const char *key, const char *val)
{
	tw_key(to_tw(w), key);
	put_name(to_tw(w)->out, val);
}

static void tw_u64(struct mm_writer *w, const char *key, uint64_t val)
{
	tw_key(to_tw(w), key);
	fprintf(to_tw(w)->out, "%" PRIu64, val);
}

static void tw_bool(struct mm_writer *w, const char *key, bool val)
{
	tw_key(to_tw(w), key);
	fputs(val ? "yes" : "no", to_tw(w)->out);
}

static void tw_open(struct text_writer *t, enum tw_kind kind)
{
	int d;

	t->depth++;
	d = tw_level(t);
	t->sep[d] = false;
	t->lines[d] = false;
	t->kind[d] = kind;
}

static void tw_object_begin(struct mm_writer *w, const char *key)
{
	struct text_writer *t = to_tw(w);

	if (t->kind[tw_level(t)] == TW_ARRAY) {
		tw_newline(w);
		t->lines[tw_level(t)] = true;
		tw_open(t, TW_MEMBERS);
		return;
	}
	tw_key(t, key);
	fputc('{', t->out);
	tw_open(t, TW_BRACED);
}

static void tw_object_end(struct mm_writer *w)
{
	struct text_writer *t = to_tw(w);

	if (t->kind[tw_level(t)] == TW_BRACED)
		fputc('}', t->out);
	if (t->depth > 0)
		t->depth--;
}

static void tw_array_begin(struct mm_writer *w, const char *key)
{
	struct text_writer *t = to_tw(w);

	tw_key(t, NULL);
	if (key)
		fprintf(t->out, "%s:", key);
	tw_open(t, TW_ARRAY);
}

static void tw_array_end(struct mm_writer *w)
{
	struct text_writer *t = to_tw(w);
	bool lines = t->lines[tw_level(t)];

	if (t->depth > 0)
		t->depth--;
	t->lines[tw_level(t)] = lines;
}

static void tw_vtext(struct mm_writer *w, const char *fmt, va_list ap)
{
	vfprintf(to_tw(w)->out, fmt, ap);
}

static void tw_name(struct mm_writer *w, const char *s)
{
	put_name(to_tw(w)->out, s);
}

static void tw_size(struct mm_writer *w, uint64_t bytes)
{
	char sz[64];

	fmt_size(sz, sizeof(sz), bytes);
	fputs(sz, to_tw(w)->out);
}

static const struct mm_writer_ops text_writer_ops = {
	.str = tw_str,
	.u64 = tw_u64,
	.boolean = tw_bool,
	.object_begin = tw_object_begin,
	.object_end = tw_object_end,
	.array_begin = tw_array_begin,
	.array_end = tw_array_end,
	.vtext = tw_vtext,
	.name = tw_name,
	.size = tw_size,
	.newline = tw_newline,
};

static void text_content(FILE *out, const struct mm_content *c)
{
	struct text_writer tw = { .w.ops = &text_writer_ops, .out = out };
	char range[48];

	if (c->first_block == c->last_block)
		snprintf(range, sizeof(range), "block %" PRIu64, c->first_block);
	else
		snprintf(range, sizeof(range), "blocks %" PRIu64 "-%" PRIu64,
			 c->first_block, c->last_block);
	fprintf(out, "  %-18s %-10s", range, mm_content_type(c));
	if (!c->prober) {
		fprintf(out, "not recognised (%" PRIu64 " programmed block%s)",
			c->blocks, c->blocks == 1 ? "" : "s");
	} else {
		if (c->in_volume) {
			fprintf(out, "in UBI volume %" PRIu32 " ", c->vol_id);
			put_name(out, c->vol_name);
			fputs(", ", out);
		}
		if (!mm_content_summary(c, &tw.w))
			mm_content_describe(c, &tw.w);
	}
	fputc('\n', out);
}

/* What a layer records of its bytes (stored hashes, case fields). */
static void text_props(FILE *out, const struct mm_src *s)
{
	struct mm_src_prop props[MM_SRC_PROPS_MAX];
	int np = s->ops->props ? s->ops->props(s, props, MM_SRC_PROPS_MAX) : 0;
	int k;

	for (k = 0; k < np; k++)
		fprintf(out, "                %s: %s\n", props[k].key,
			props[k].val);
}

static void text_verify(FILE *out, const struct mm_report *r)
{
	int i;

	if (!r->verify_asked)
		return;
	if (!r->n_verify)
		fprintf(out, "verify:       nothing to check: no layer stores a hash\n");
	for (i = 0; i < r->n_verify; i++)
		fprintf(out, "%s%s: %s (%s)\n",
			i ? "              " : "verify:       ",
			mm_report_verify_result(r->verify[i].status), r->verify[i].msg,
			r->verify[i].layer);
}

/* A map of bad blocks (the i.MX DBBT) and where it parts from the dump's. */
static void text_bad_map(FILE *out, const struct mm_partmap *m)
{
	const struct mm_dbbt *t = &m->dbbt;
	size_t k;

	fprintf(out, "  %s at 0x%" PRIx64 " (%s; %s; %u cop%s, %u agreeing): ",
		m->source, m->where, m->check, m->found_by, t->copies,
		t->copies == 1 ? "y" : "ies", t->agree);
	if (!t->nbad)
		fprintf(out, "no bad blocks");
	for (k = 0; k < t->nbad; k++)
		fprintf(out, "%s%" PRIu64, k ? ", " : "bad blocks ", t->bad[k]);
	fputc('\n', out);
	if (m->note[0])
		fprintf(out, "    note: %s\n", m->note);
}

/* The maps found, and the partitions in force. */
static void text_parts(FILE *out, const struct mm_report *r)
{
	char sz[64];
	size_t i;

	if (r->nmaps)
		fprintf(out, "partition maps:\n");
	for (i = 0; i < r->nmaps; i++) {
		const struct mm_partmap *m = &r->maps[i];

		if (m->bad_map) {
			text_bad_map(out, m);
			continue;
		}
		fprintf(out, "  %s at 0x%" PRIx64 " (%s%s%s): %s", m->source,
			m->where, m->check, m->mtd_id[0] ? ", mtd-id " : "",
			m->mtd_id, m->spec);
		if (!m->parts)
			fprintf(out, " -- does not fit: %s", m->err);
		fputc('\n', out);
	}
	if (!r->nparts)
		return;
	fprintf(out, "partitions:   %zu, from %s\n", r->nparts, r->parts_source);
	for (i = 0; i < r->nparts; i++) {
		fmt_size(sz, sizeof(sz), r->parts[i].size);
		fprintf(out, "  %-18s 0x%08" PRIx64 "  %s\n", r->parts[i].name,
			r->parts[i].offset, sz);
	}
}

/* A layer's or a read's SHA-256, or why it is missing. */
static void text_hash(FILE *out, const char *indent,
		      const struct mm_report_hash *h)
{
	if (h->err)
		fprintf(out, "%ssha256: not computed: %s\n", indent,
			strerror(-h->err));
	else
		fprintf(out, "%ssha256: %s\n", indent, h->hex);
}

static void text_layers(FILE *out, const struct mm_dump *d,
			const struct mm_report *r)
{
	char names[8][MM_LAYER_NAME_MAX];
	const struct mm_src *v[8];
	struct mm_fusion_stats st;
	int n = mm_src_layers(&d->src, names, 8), i;
	unsigned int k;

	mm_report_stack_list(d, v, 8);
	for (i = 0; i < n; i++) {
		fprintf(out, "%s%s\n", i ? "              " : "layers:       ",
			names[i]);
		if (i < r->n_layer_hash)
			text_hash(out, "                ", &r->layer_hash[i]);
		text_props(out, v[i]);
	}
	if (mm_fusion_get_stats(d, &st))
		return;
	if (st.per_step)
		fprintf(out, "reads:        %u, fused per %u-byte ECC step (%" PRIu64 " pages)\n",
			st.copies, st.step_size, st.pages);
	else
		fprintf(out, "reads:        %u, fused by bitwise majority (%" PRIu64 " pages; give --ecc to fuse per step)\n",
			st.copies, st.pages);
	for (k = 0; k < st.copies; k++) {
		fprintf(out, "  read %-2u     %s: %" PRIu64 " %s\n", k,
			mm_fusion_copy_path(d, k), st.steps_from[k],
			st.per_step ? "steps" : "pages as fused");
		if (k < r->n_read_hash)
			text_hash(out, "                ", &r->read_hash[k]);
	}
	if (st.per_step)
		fprintf(out, "  majority:   %" PRIu64 " steps, %" PRIu64 " still uncorrectable",
			st.majority_steps, st.uncorrectable_steps);
	for (k = 0; st.per_step && k < st.n_bad; k++)
		fprintf(out, "%s page %" PRIu64 " step %u", k ? "," : ":",
			st.bad[k].page, st.bad[k].step);
	if (st.per_step)
		fprintf(out, "%s\n",
			st.uncorrectable_steps > st.n_bad ? ", ..." : "");
}

void mm_report_print_text(FILE *out, const struct mm_dump *d,
			  const struct mm_args *a, const struct mm_report *r)
{
	const struct mm_geom *g = &d->geom;
	uint64_t b, nbad = mm_bbt_count(&d->bbt);
	bool first = true;
	char sz[64];
	size_t i;

	fmt_size(sz, sizeof(sz), d->src.size);
	fprintf(out, "file:         %s, %s\n", a->dump, sz);
	fprintf(out, "sha256:       %s\n", r->no_hash ?
		"not computed (--no-hash)" : r->sha256);
	text_layers(out, d, r);
	text_verify(out, r);
	fprintf(out, "format:       %s\n", d->fmt->name);
	fprintf(out, "  decided by: %s\n", d->fmt_why);
	fprintf(out, "geometry:     page %" PRIu32 ", OOB %" PRIu32 ", %" PRIu32 " pages per block, %" PRIu64 " blocks\n",
		g->page_size, g->oob_size, g->pages_per_block, g->block_count);
	fprintf(out, "  decided by: %s\n", d->geom_why);
	if (mm_geom_subpage(g) != g->page_size || g->bus_width == 16)
		fprintf(out, "  sub-page %" PRIu32 ", bus width %u\n",
			mm_geom_subpage(g), g->bus_width);
	fmt_size(sz, sizeof(sz), mm_geom_eb_size(g));
	fprintf(out, "eraseblock:   %s\n", sz);
	fmt_size(sz, sizeof(sz), mm_geom_size(g));
	fprintf(out, "device size:  %s\n", sz);
	fprintf(out, "bad blocks:   %" PRIu64, nbad);
	for (b = 0; b < g->block_count; b++) {
		enum mm_bb_source src = mm_bbt_source(&d->bbt, b);
		uint64_t e = b;

		if (src == MM_BBS_GOOD)
			continue;
		/* A run of blocks bad for the same reason prints as a range. */
		while (e + 1 < g->block_count &&
		       mm_bbt_source(&d->bbt, e + 1) == src)
			e++;
		fprintf(out, "%s%" PRIu64, first ? ": " : ", ", b);
		if (e > b)
			fprintf(out, "-%" PRIu64, e);
		fprintf(out, " (%s)", mm_bbt_source_name(src));
		first = false;
		b = e;
	}
	fputc('\n', out);
	fprintf(out, "blocks:       %" PRIu64 " programmed, %" PRIu64 " erased, %" PRIu64 " bad",
		r->scan.programmed_blocks, r->scan.erased_blocks,
		r->scan.bad_blocks);
	if (r->scan.absent_blocks)
		fprintf(out, ", %" PRIu64 " not in the dump",
			r->scan.absent_blocks);
	fputc('\n', out);
	fprintf(out, "content:%s\n", r->scan.n_items ? "" : "      nothing recognised");
	for (i = 0; i < r->scan.n_items; i++)
		text_content(out, &r->scan.items[i]);
	text_parts(out, r);
	if (r->has_ecc)
		mm_ecc_scan_text(out, &r->ecc, false);
}
