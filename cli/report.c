// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report.c - the 'info' report as text and as JSON.
 *
 * JSON keys are stable (scripts and the FUSE view's info.json use them):
 * file, file_size, format, format_source, page_size, oob_size,
 * pages_per_block, block_count, subpage_size, bus_width, eb_size, size,
 * geometry_source, bad_blocks, bad_block_sources, absent_blocks,
 * erased_blocks, programmed_blocks, sha256, content, provenance (and
 * verify with --verify, see report_json_provenance()); the ECC report adds
 * "ecc" (see report_json_ecc()).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/fusion.h"
#include "../core/open.h"
#include "../core/util/json.h"
#include "../core/util/writer.h"
#include "../formats/containers/container.h"
#include "../formats/format.h"
#include "report.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void mm_report_progress_init(struct mm_report_progress *p,
			     void (*fn)(void *, const char *, uint64_t,
					uint64_t),
			     void *arg)
{
	p->fn = fn;
	p->arg = arg;
	p->t0 = now();
	p->shown = false;
}

void mm_report_progress(void *arg, const char *what, uint64_t done,
			uint64_t total)
{
	struct mm_report_progress *p = arg;

	if (!p->shown) {
		/* Short work finishes without a bar. */
		if (done >= total || now() - p->t0 < MM_PROGRESS_DELAY)
			return;
		p->shown = true;
	}
	p->fn(p->arg, what, done, total);
}

static void hash_progress(void *arg, uint64_t done, uint64_t total)
{
	mm_report_progress(arg, "hashing", done, total);
}

/* The file at the bottom of the source stack: the input as given. */
static int input_fd(const struct mm_dump *d)
{
	const struct mm_src *s = &d->src;

	while (s->lower)
		s = s->lower;
	return s->fd;
}

/* A page as the controller's Linux driver reads it (decoded, cached). */
static int logical_page(void *arg, uint64_t page, void *data, void *oob)
{
	struct mm_flash *f = arg;

	return mm_ecc_read_page(f->ecc, &f->dump, page, data, oob, NULL, NULL);
}

/* --ecc / --oob-layout: every page through the ECC, counted per block. */
static int report_build_ecc(struct mm_report *r, struct mm_flash *f,
			    struct mm_report_progress *pr)
{
	struct mm_dump *d = &f->dump;
	void (*user_fn)(void *, const char *, uint64_t, uint64_t) =
		d->opts.progress;
	void *user_arg = d->opts.progress_arg;
	int ret;

	if (!mm_flash_ecc_on(f))
		return 0;
	if (pr) {
		mm_report_progress_init(pr, user_fn, user_arg);
		d->opts.progress = mm_report_progress;
		d->opts.progress_arg = pr;
	}
	ret = mm_ecc_scan(&r->ecc, f->ecc, d, f->ecc_why);
	d->opts.progress = user_fn;
	d->opts.progress_arg = user_arg;
	if (!ret)
		r->has_ecc = true;
	return ret;
}

/*
 * The stacked sources of @d, bottom first, without the plain file at the
 * bottom. Return: their number.
 */
int mm_report_stack_list(const struct mm_dump *d, const struct mm_src **v,
			 int max)
{
	const struct mm_src *s;
	int n = 0, i;

	for (s = &d->src; s && s->ops; s = s->lower)
		n++;
	if (n > max)
		n = max;
	i = n;
	for (s = &d->src; s && s->ops && i > 0; s = s->lower)
		v[--i] = s;
	return n;
}

static const struct mm_src *bottom_file(const struct mm_dump *d)
{
	const struct mm_src *s = &d->src;

	while (s->lower)
		s = s->lower;
	return s;
}

#define HASH_STEP	(1u << 20)

/*
 * The SHA-256 of every byte @s serves, read in HASH_STEP pieces (a layer
 * is never held whole).
 */
static void hash_src(const struct mm_src *s, struct mm_report_hash *h,
		     struct mm_report_progress *pr)
{
	uint8_t md[MM_SHA256_LEN], *buf = malloc(HASH_STEP);
	struct mm_sha256 st;
	uint64_t off = 0;
	ssize_t n;

	h->hex[0] = '\0';
	h->err = 0;
	if (!buf) {
		h->err = -ENOMEM;
		return;
	}
	mm_sha256_init(&st);
	while (off < s->size) {
		n = mm_src_pread(s, buf, HASH_STEP, off);
		if (n <= 0) {
			h->err = n < 0 ? (int)n : -EIO;	/* ends early */
			free(buf);
			return;
		}
		mm_sha256_update(&st, buf, (size_t)n);
		off += (uint64_t)n;
		if (pr)
			mm_report_progress(pr, "hashing layers", off, s->size);
	}
	free(buf);
	mm_sha256_final(&st, md);
	mm_sha256_hex(md, h->hex);
}

static void hash_fd(int fd, struct mm_report_hash *h)
{
	uint8_t md[MM_SHA256_LEN];

	h->hex[0] = '\0';
	h->err = fd < 0 ? -EBADF : mm_sha256_fd(fd, md, NULL, NULL);
	if (!h->err)
		mm_sha256_hex(md, h->hex);
}

/*
 * Provenance: the bytes of every stacked layer (archive member, decoded
 * stream, transform output) and the file of every --extra-read, hashed.
 */
static void report_hash_layers(struct mm_report *r, const struct mm_dump *d,
			       struct mm_report_progress *pr)
{
	const struct mm_src *v[MM_REPORT_LAYERS_MAX], *s;
	unsigned int k;
	int i;

	r->n_layer_hash = mm_report_stack_list(d, v, MM_REPORT_LAYERS_MAX);
	for (i = 0; i < r->n_layer_hash; i++)
		hash_src(v[i], &r->layer_hash[i], pr);
	for (k = 0; k < MM_FUSION_MAX_COPIES &&
	     (s = mm_fusion_copy_src(d, k)); k++) {
		while (s->lower)
			s = s->lower;
		if (k) {
			hash_fd(s->fd, &r->read_hash[k]);
		} else {
			snprintf(r->read_hash[0].hex, sizeof(r->read_hash[0].hex),
				 "%s", r->sha256);
			r->read_hash[0].err = 0;
		}
		r->n_read_hash = k + 1;
	}
}

/* info --verify: every layer that stores hashes reads itself in full. */
static void report_verify(struct mm_report *r, const struct mm_dump *d)
{
	const struct mm_src *v[8];
	int n = mm_report_stack_list(d, v, 8), i;

	r->verify_asked = true;
	for (i = 0; i < n && r->n_verify < MM_REPORT_VERIFY_MAX; i++) {
		struct mm_report_verify *c = &r->verify[r->n_verify];
		int st;

		if (!v[i]->ops->verify)
			continue;
		if (!v[i]->ops->name ||
		    !v[i]->ops->name(v[i], c->layer, sizeof(c->layer)))
			snprintf(c->layer, sizeof(c->layer), "?");
		st = v[i]->ops->verify(v[i], c->msg, sizeof(c->msg));
		if (st == -ENOENT)
			continue;	/* stores nothing to check */
		c->status = st;
		r->n_verify++;
	}
}

bool mm_report_verify_failed(const struct mm_report *r)
{
	int i;

	if (!r->verify_asked)
		return false;
	if (!r->n_verify)
		return true;
	for (i = 0; i < r->n_verify; i++)
		if (r->verify[i].status != 1)
			return true;
	return false;
}

const char *mm_report_verify_result(int status)
{
	return status == 1 ? "match" : status == 0 ? "mismatch" : "error";
}

int mm_report_build(struct mm_report *r, struct mm_flash *f,
		    const struct mm_args *a)
{
	struct mm_dump *d = &f->dump;
	void (*user_fn)(void *, const char *, uint64_t, uint64_t) =
		d->opts.progress;
	void *user_arg = d->opts.progress_arg;
	struct mm_report_progress pr;
	uint8_t md[MM_SHA256_LEN];
	double t0;
	int fd, ret;

	memset(r, 0, sizeof(*r));
	/* first, so that a damaged container is reported as such */
	if (a && a->verify)
		report_verify(r, d);
	t0 = now();
	if (user_fn) {
		mm_report_progress_init(&pr, user_fn, user_arg);
		d->opts.progress = mm_report_progress;
		d->opts.progress_arg = &pr;
	}
	/* through a controller's layout the content is in its logical pages */
	if (f->ecc && mm_ecc_moves_bytes(f->ecc)) {
		struct mm_scan_reader rd = { logical_page, f,
					     mm_ecc_layout(f->ecc) };

		ret = mm_scan_with(d, &r->scan, &rd);
	} else {
		ret = mm_scan(d, &r->scan);
	}
	d->opts.progress = user_fn;
	d->opts.progress_arg = user_arg;
	if (ret) {
		if (!mm_dump_error(d)[0])
			mm_set_error(&d->in, "scanning failed: %s", strerror(-ret));
		return ret;
	}
	r->t_scan = now() - t0;
	/* the partition maps the dump holds (what --mtdparts=auto chooses from) */
	ret = mm_partmaps_find(d, f->ecc, &r->scan, r->maps, MM_PARTMAP_MAX,
			       &r->nmaps);
	if (ret) {
		mm_scan_free(&r->scan);
		return ret;
	}
	r->parts = f->parts;
	r->nparts = f->nparts;
	r->parts_source = f->parts_source;
	t0 = now();
	/* --no-hash: the one cost that grows with every byte of the dump */
	r->no_hash = a && a->no_hash;
	if (!r->no_hash) {
		fd = input_fd(d);
		if (user_fn)
			mm_report_progress_init(&pr, user_fn, user_arg);
		ret = fd < 0 ? -EBADF :
		      mm_sha256_fd(fd, md, user_fn ? hash_progress : NULL,
				   &pr);
		if (ret) {
			mm_set_error(&d->in, "hashing the file failed: %s",
				     strerror(-ret));
			mm_scan_free(&r->scan);
			return ret;
		}
		mm_sha256_hex(md, r->sha256);
		if (user_fn)
			mm_report_progress_init(&pr, user_fn, user_arg);
		report_hash_layers(r, d, user_fn ? &pr : NULL);
	}
	r->t_hash = now() - t0;
	ret = report_build_ecc(r, f, user_fn ? &pr : NULL);
	if (ret) {
		mm_scan_free(&r->scan);
		return ret;
	}
	return 0;
}

void mm_report_free(struct mm_report *r)
{
	mm_partmaps_free(r->maps, r->nmaps);
	r->nmaps = 0;
	mm_scan_free(&r->scan);
	if (r->has_ecc)
		mm_ecc_scan_free(&r->ecc);
}

int mm_report_json(FILE *out, struct mm_flash *f, const struct mm_args *a)
{
	const struct mm_dump *d = &f->dump;
	struct mm_report r;
	int ret = mm_report_build(&r, f, a);

	if (ret)
		return ret;
	mm_report_print_json(out, d, a, &r);
	mm_report_free(&r);
	return 0;
}

/* ---- JSON --------------------------------------------------------------- */

/*
 * The item's members come from its prober (mm_content_describe()), written
 * through this writer into the JSON.
 */
struct json_writer {
	struct mm_writer w;
	struct mm_json *j;
};

static struct mm_json *jw_json(struct mm_writer *w)
{
	return ((struct json_writer *)w)->j;
}

static void jw_str(struct mm_writer *w, const char *key, const char *val)
{
	mm_json_str(jw_json(w), key, val);
}

static void jw_u64(struct mm_writer *w, const char *key, uint64_t val)
{
	mm_json_u64(jw_json(w), key, val);
}

static void jw_bool(struct mm_writer *w, const char *key, bool val)
{
	mm_json_bool(jw_json(w), key, val);
}

static void jw_object_begin(struct mm_writer *w, const char *key)
{
	mm_json_object_begin(jw_json(w), key);
}

static void jw_object_end(struct mm_writer *w)
{
	mm_json_object_end(jw_json(w));
}

static void jw_array_begin(struct mm_writer *w, const char *key)
{
	mm_json_array_begin(jw_json(w), key);
}

static void jw_array_end(struct mm_writer *w)
{
	mm_json_array_end(jw_json(w));
}

/* Text pieces are for the text report only. */
static const struct mm_writer_ops json_writer_ops = {
	.str = jw_str,
	.u64 = jw_u64,
	.boolean = jw_bool,
	.object_begin = jw_object_begin,
	.object_end = jw_object_end,
	.array_begin = jw_array_begin,
	.array_end = jw_array_end,
};

static void json_content(struct mm_json *j, const struct mm_content *c)
{
	struct json_writer jw = { .w.ops = &json_writer_ops, .j = j };

	mm_json_object_begin(j, NULL);
	mm_json_str(j, "type", mm_content_type(c));
	mm_json_u64(j, "first_block", c->first_block);
	mm_json_u64(j, "last_block", c->last_block);
	mm_json_u64(j, "blocks", c->blocks);
	mm_json_u64(j, "offset", c->offset);
	if (c->in_volume) {
		mm_json_u64(j, "ubi_volume_id", c->vol_id);
		mm_json_str(j, "ubi_volume", c->vol_name);
	}
	mm_content_describe(c, &jw.w);
	mm_json_object_end(j);
}

/*
 * The ECC report, with --ecc: an "ecc" object (scheme, layout, totals and
 * per-block counts; mm_ecc_scan_json()).
 */
/*
 * "partition_maps": every map found (source, offset, check, mtd_id, spec,
 * and its partitions or why they do not fit; a DBBT: see json_bad_map());
 * "partitions": those in force
 * (--mtdparts, or the map --mtdparts=auto chose), with their source.
 */
static void json_parts(struct mm_json *j, const char *key,
		       const struct mm_part *p, size_t n, const char *source)
{
	size_t i;

	mm_json_array_begin(j, key);
	for (i = 0; i < n; i++) {
		mm_json_object_begin(j, NULL);
		mm_json_str(j, "name", p[i].name);
		mm_json_u64(j, "offset", p[i].offset);
		mm_json_u64(j, "size", p[i].size);
		if (source)
			mm_json_str(j, "source", source);
		mm_json_object_end(j);
	}
	mm_json_array_end(j);
}

/*
 * A map of bad blocks (the i.MX DBBT): how it was found, its copies, the
 * blocks it lists, and whether the dump's bad-block map says the same.
 */
static void json_bad_map(struct mm_json *j, const struct mm_partmap *m)
{
	const struct mm_dbbt *t = &m->dbbt;
	size_t k;

	mm_json_str(j, "found_by", m->found_by);
	mm_json_u64(j, "copies", t->copies);
	mm_json_u64(j, "copies_agreeing", t->agree);
	mm_json_u64(j, "table_pages", t->table_pages);
	if (t->table_pages)
		mm_json_u64(j, "table_offset", t->table_where);
	mm_json_array_begin(j, "bad_blocks");
	for (k = 0; k < t->nbad; k++)
		mm_json_u64(j, NULL, t->bad[k]);
	mm_json_array_end(j);
	if (t->table_ok)
		mm_json_bool(j, "agrees_with_bad_block_map", !m->note[0]);
	if (m->note[0])
		mm_json_str(j, "note", m->note);
}

static void report_json_parts(struct mm_json *j, const struct mm_report *r)
{
	size_t i;

	mm_json_array_begin(j, "partition_maps");
	for (i = 0; i < r->nmaps; i++) {
		const struct mm_partmap *m = &r->maps[i];

		mm_json_object_begin(j, NULL);
		mm_json_str(j, "source", m->source);
		mm_json_u64(j, "offset", m->where);
		mm_json_str(j, "check", m->check);
		if (m->bad_map) {
			json_bad_map(j, m);
			mm_json_object_end(j);
			continue;
		}
		if (m->mtd_id[0])
			mm_json_str(j, "mtd_id", m->mtd_id);
		mm_json_str(j, "spec", m->spec);
		if (m->parts)
			json_parts(j, "partitions", m->parts, m->nparts, NULL);
		else
			mm_json_str(j, "error", m->err);
		mm_json_object_end(j);
	}
	mm_json_array_end(j);
	if (r->nparts)
		json_parts(j, "partitions", r->parts, r->nparts,
			   r->parts_source);
}

static void report_json_ecc(struct mm_json *j, const struct mm_report *r)
{
	if (r->has_ecc)
		mm_ecc_scan_json(j, &r->ecc);
}

/*
 * Containers, --oob-file and transforms, and --extra-read fusion
 * (fusion.h); both only when present.
 */
static void report_json_layers(struct mm_json *j, const struct mm_dump *d)
{
	char names[8][MM_LAYER_NAME_MAX];
	struct mm_fusion_stats st;
	int n = mm_src_layers(&d->src, names, 8), i;
	unsigned int k;

	if (n) {
		mm_json_array_begin(j, "layers");
		for (i = 0; i < n; i++)
			mm_json_str(j, NULL, names[i]);
		mm_json_array_end(j);
	}
	if (mm_fusion_get_stats(d, &st))
		return;
	mm_json_object_begin(j, "fusion");
	mm_json_bool(j, "per_step", st.per_step);
	mm_json_u64(j, "step_size", st.step_size);
	mm_json_u64(j, "pages", st.pages);
	mm_json_array_begin(j, "reads");
	for (k = 0; k < st.copies; k++) {
		mm_json_object_begin(j, NULL);
		mm_json_str(j, "file", mm_fusion_copy_path(d, k));
		mm_json_u64(j, st.per_step ? "steps" : "pages_agreeing",
			    st.steps_from[k]);
		mm_json_object_end(j);
	}
	mm_json_array_end(j);
	mm_json_u64(j, "majority_steps", st.majority_steps);
	mm_json_u64(j, "uncorrectable_steps", st.uncorrectable_steps);
	mm_json_array_begin(j, "uncorrectable");
	for (k = 0; k < st.n_bad; k++) {
		mm_json_object_begin(j, NULL);
		mm_json_u64(j, "page", st.bad[k].page);
		mm_json_u64(j, "step", st.bad[k].step);
		mm_json_object_end(j);
	}
	mm_json_array_end(j);
	mm_json_object_end(j);
}

static const char *layer_kind(const struct mm_src *s)
{
	return s->ops->kind ? s->ops->kind : "layer";
}

/* "sha256", or "sha256_error" when the bytes could not all be read. */
static void json_hash(struct mm_json *j, const struct mm_report_hash *h)
{
	if (h->err)
		mm_json_str(j, "sha256_error", strerror(-h->err));
	else
		mm_json_str(j, "sha256", h->hex);
}

/*
 * Provenance: the file at the bottom (its SHA-256), each stacked layer
 * with its kind, name, size, the SHA-256 of the bytes it serves and what
 * it records of them (an E01's stored hashes), and the reads fused with
 * --extra-read, each file with its SHA-256. Then, with --verify, the
 * check of every layer that stores hashes.
 */
static void report_json_provenance(struct mm_json *j, const struct mm_dump *d,
				   const struct mm_args *a,
				   const struct mm_report *r)
{
	struct mm_src_prop props[MM_SRC_PROPS_MAX];
	char name[MM_LAYER_NAME_MAX];
	const struct mm_src *v[8];
	int n = mm_report_stack_list(d, v, 8), i, k, np;
	unsigned int c;

	mm_json_array_begin(j, "provenance");
	mm_json_object_begin(j, NULL);
	mm_json_str(j, "layer", "file");
	mm_json_str(j, "name", a->dump);
	mm_json_u64(j, "size", bottom_file(d)->size);
	if (r->no_hash)
		mm_json_null(j, "sha256");
	else
		mm_json_str(j, "sha256", r->sha256);
	mm_json_object_end(j);
	for (i = 0; i < n; i++) {
		mm_json_object_begin(j, NULL);
		mm_json_str(j, "layer", layer_kind(v[i]));
		if (!v[i]->ops->name ||
		    !v[i]->ops->name(v[i], name, sizeof(name)))
			snprintf(name, sizeof(name), "?");
		mm_json_str(j, "name", name);
		mm_json_u64(j, "size", v[i]->size);
		if (i < r->n_layer_hash)
			json_hash(j, &r->layer_hash[i]);
		np = v[i]->ops->props ?
		     v[i]->ops->props(v[i], props, MM_SRC_PROPS_MAX) : 0;
		for (k = 0; k < np; k++)
			mm_json_str(j, props[k].key, props[k].val);
		mm_json_object_end(j);
	}
	if (mm_fusion_active(d)) {
		mm_json_object_begin(j, NULL);
		mm_json_str(j, "layer", "fusion");
		mm_json_str(j, "name", "--extra-read");
		mm_json_array_begin(j, "reads");
		for (c = 0; mm_fusion_copy_path(d, c); c++) {
			mm_json_object_begin(j, NULL);
			mm_json_str(j, "file", mm_fusion_copy_path(d, c));
			if (c < r->n_read_hash)
				json_hash(j, &r->read_hash[c]);
			mm_json_object_end(j);
		}
		mm_json_array_end(j);
		mm_json_object_end(j);
	}
	mm_json_array_end(j);
	if (!r->verify_asked)
		return;
	mm_json_object_begin(j, "verify");
	mm_json_bool(j, "ok", !mm_report_verify_failed(r));
	mm_json_array_begin(j, "checks");
	for (i = 0; i < r->n_verify; i++) {
		mm_json_object_begin(j, NULL);
		mm_json_str(j, "layer", r->verify[i].layer);
		mm_json_str(j, "result", mm_report_verify_result(r->verify[i].status));
		mm_json_str(j, "detail", r->verify[i].msg);
		mm_json_object_end(j);
	}
	mm_json_array_end(j);
	mm_json_object_end(j);
}

void mm_report_print_json(FILE *out, const struct mm_dump *d,
			  const struct mm_args *a, const struct mm_report *r)
{
	const struct mm_geom *g = &d->geom;
	struct mm_json j;
	uint64_t b;
	size_t i;

	mm_json_init(&j, out);
	mm_json_object_begin(&j, NULL);
	mm_json_str(&j, "file", a->dump);
	mm_json_u64(&j, "file_size", d->src.size);
	mm_json_str(&j, "format", d->fmt->name);
	mm_json_str(&j, "format_source", d->fmt_why);
	mm_json_u64(&j, "page_size", g->page_size);
	mm_json_u64(&j, "oob_size", g->oob_size);
	mm_json_u64(&j, "pages_per_block", g->pages_per_block);
	mm_json_u64(&j, "block_count", g->block_count);
	mm_json_u64(&j, "subpage_size", mm_geom_subpage(g));
	mm_json_u64(&j, "bus_width", g->bus_width);
	mm_json_u64(&j, "eb_size", mm_geom_eb_size(g));
	mm_json_u64(&j, "size", mm_geom_size(g));
	mm_json_str(&j, "geometry_source", d->geom_why);
	mm_json_array_begin(&j, "bad_blocks");
	for (b = 0; b < g->block_count; b++)
		if (mm_bbt_is_bad(&d->bbt, b))
			mm_json_u64(&j, NULL, b);
	mm_json_array_end(&j);
	mm_json_array_begin(&j, "bad_block_sources");
	for (b = 0; b < g->block_count; b++) {
		if (!mm_bbt_is_bad(&d->bbt, b))
			continue;
		mm_json_object_begin(&j, NULL);
		mm_json_u64(&j, "block", b);
		mm_json_str(&j, "source",
			    mm_bbt_source_name(mm_bbt_source(&d->bbt, b)));
		mm_json_object_end(&j);
	}
	mm_json_array_end(&j);
	mm_json_u64(&j, "absent_blocks", r->scan.absent_blocks);
	mm_json_u64(&j, "erased_blocks", r->scan.erased_blocks);
	mm_json_u64(&j, "programmed_blocks", r->scan.programmed_blocks);
	if (r->no_hash)
		mm_json_null(&j, "sha256");
	else
		mm_json_str(&j, "sha256", r->sha256);
	mm_json_array_begin(&j, "content");
	for (i = 0; i < r->scan.n_items; i++)
		json_content(&j, &r->scan.items[i]);
	mm_json_array_end(&j);
	report_json_layers(&j, d);
	report_json_provenance(&j, d, a, r);
	report_json_parts(&j, r);
	report_json_ecc(&j, r);
	mm_json_object_end(&j);
	mm_json_end(&j);
}

/* ---- text --------------------------------------------------------------- */
