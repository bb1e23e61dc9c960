// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * view_files.c - the file tree of the FUSE view and its page-wise read path
 * (no libfuse here; view.c glues it to FUSE).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../formats/format.h"
#include "../formats/linear.h"
#include "cli.h"
#include "view_int.h"

/*
 * Readers known to hold no state between read_page() calls: the linear
 * layouts (raw, oob, nanddump) read every page with one or two pread()s of
 * a plain file and only look up their block map. Anything stacked on the
 * file (decompressors, archives, transforms) or any other reader is
 * serialized, because struct mm_src_ops does not promise that concurrent
 * calls are safe.
 */
static bool reader_is_pread_only(const struct mm_dump *d)
{
	const struct mm_open_opts *o = &d->opts;

	if (d->src.ops || o->n_extra_reads || o->oob_file || o->sector_size ||
	    o->transforms)
		return false;
	return d->fmt->read_page == mm_linear_read_page;
}

static void free_buf(void *p)
{
	free(p);
}

static int add_node(struct view *v, const char *path, enum view_kind kind,
		    uint64_t base, uint64_t size, char *blob)
{
	struct view_file *nf;
	char parent[VIEW_PATH_MAX];
	const struct view_file *p;
	char *slash;

	if (strlen(path) >= VIEW_PATH_MAX)
		return -ENAMETOOLONG;
	if (view_find(v, path))
		return -EEXIST;
	if (v->n) {
		strcpy(parent, path);
		slash = strrchr(parent, '/');
		if (slash == parent)
			slash[1] = '\0';
		else
			*slash = '\0';
		p = view_find(v, parent);
		if (!p || p->kind != VIEW_DIR)
			return -ENOENT;
	}
	nf = realloc(v->files, (v->n + 1) * sizeof(*nf));
	if (!nf)
		return -ENOMEM;
	v->files = nf;
	nf = &v->files[v->n++];
	memset(nf, 0, sizeof(*nf));
	strcpy(nf->path, path);
	nf->kind = kind;
	nf->base = base;
	nf->size = size;
	nf->blob = blob;
	nf->ready = true;
	return 0;
}

int view_init(struct view *v, struct mm_dump *d)
{
	const struct mm_geom *g = &d->geom;
	uint64_t pages = mm_geom_page_count(g);
	int ret;

	memset(v, 0, sizeof(*v));
	v->d = d;
	v->serialize = !reader_is_pread_only(d);
	ret = pthread_mutex_init(&v->lock, NULL);
	if (ret)
		return -ret;
	ret = pthread_mutex_init(&v->gen_lock, NULL);
	if (ret)
		goto out_lock;
	ret = pthread_key_create(&v->buf_key, free_buf);
	if (ret)
		goto out_gen_lock;
	ret = add_node(v, "/", VIEW_DIR, 0, 0, NULL);
	if (!ret)
		ret = add_node(v, "/data", VIEW_DATA, 0, pages * g->page_size,
			       NULL);
	if (!ret && g->oob_size)
		ret = add_node(v, "/oob", VIEW_OOB, 0, pages * g->oob_size,
			       NULL);
	if (!ret)
		ret = add_node(v, "/raw", VIEW_RAW, 0,
			       pages * ((uint64_t)g->page_size + g->oob_size),
			       NULL);
	if (ret)
		view_free(v);
	return ret;

out_gen_lock:
	pthread_mutex_destroy(&v->gen_lock);
out_lock:
	pthread_mutex_destroy(&v->lock);
	return -ret;
}

static bool name_is_usable(const char *name)
{
	return name[0] && strcmp(name, ".") && strcmp(name, "..") &&
	       !strchr(name, '/');
}

int view_add_parts(struct view *v, const struct mm_part *parts, size_t n)
{
	char path[VIEW_PATH_MAX];
	size_t i;
	int ret;

	if (!n)
		return 0;
	ret = add_node(v, "/parts", VIEW_DIR, 0, 0, NULL);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		ret = -EEXIST;
		if (name_is_usable(parts[i].name)) {
			snprintf(path, sizeof(path), "/parts/%s", parts[i].name);
			ret = add_node(v, path, VIEW_DATA, parts[i].offset,
				       parts[i].size, NULL);
		}
		if (ret == -EEXIST) {
			snprintf(path, sizeof(path), "/parts/part%zu", i);
			ret = add_node(v, path, VIEW_DATA, parts[i].offset,
				       parts[i].size, NULL);
		}
		if (ret)
			return ret;
	}
	return 0;
}

int view_add_blob(struct view *v, const char *path, char *buf, size_t len)
{
	int ret = add_node(v, path, VIEW_BLOB, 0, len, buf);

	if (ret)
		free(buf);
	return ret;
}

int view_add_lazy(struct view *v, const char *path, view_gen_fn *gen,
		  void *arg)
{
	struct view_file *f;
	int ret = add_node(v, path, VIEW_BLOB, 0, 0, NULL);

	if (ret)
		return ret;
	f = &v->files[v->n - 1];
	f->gen = gen;
	f->gen_arg = arg;
	f->ready = false;
	return 0;
}

int view_prepare(struct view *v, const struct view_file *cf)
{
	struct view_file *f = &v->files[cf - v->files];
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	int ret;

	if (__atomic_load_n(&f->ready, __ATOMIC_ACQUIRE))
		return 0;
	pthread_mutex_lock(&v->gen_lock);
	if (f->ready || f->gen_err)
		goto out_unlock;
	out = open_memstream(&buf, &len);
	if (!out) {
		f->gen_err = -errno;
		goto out_unlock;
	}
	/* The generator reads the dump directly: keep readers out if needed. */
	if (v->serialize)
		pthread_mutex_lock(&v->lock);
	ret = f->gen(out, v, f->gen_arg);
	if (v->serialize)
		pthread_mutex_unlock(&v->lock);
	if (fclose(out) && !ret)
		ret = -ENOMEM;
	if (ret) {
		free(buf);
		f->gen_err = ret;
		if (v->verbose)
			mm_warn("%s: %s: %s", v->d->path, f->path + 1,
				v->d->err[0] ? mm_dump_error(v->d) : strerror(-ret));
		goto out_unlock;
	}
	f->blob = buf;
	f->size = len;
	__atomic_store_n(&f->ready, true, __ATOMIC_RELEASE);
out_unlock:
	pthread_mutex_unlock(&v->gen_lock);
	return f->gen_err ? -EIO : 0;
}

int view_add_badblocks(struct view *v)
{
	const struct mm_bbt *bbt = &v->d->bbt;
	char *buf = NULL;
	size_t len = 0;
	uint64_t blk;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return -errno;
	for (blk = 0; blk < bbt->nblocks; blk++)
		if (mm_bbt_is_bad(bbt, blk))
			fprintf(f, "%" PRIu64 "\n", blk);
	if (fclose(f)) {
		free(buf);
		return -ENOMEM;
	}
	return view_add_blob(v, "/badblocks", buf, len);
}

const struct view_file *view_find(const struct view *v, const char *path)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->files[i].path, path))
			return &v->files[i];
	return NULL;
}

/*
 * One page exactly as the dump holds it. Absent pages (skipped bad blocks)
 * come back 0xFF-filled, as the reader gives them.
 */
static int view_read_page(struct view *v, uint64_t page, uint8_t *data,
			  uint8_t *oob)
{
	int ret;

	if (v->serialize)
		pthread_mutex_lock(&v->lock);
	ret = mm_dump_read_page(v->d, page, data, oob);
	if (ret < 0 && v->verbose) {
		if (!v->serialize)
			pthread_mutex_lock(&v->lock);
		/* TODO: d->err is shared; lock-free readers may garble it. */
		mm_warn("%s: %s", v->d->path, mm_dump_error(v->d));
		if (!v->serialize)
			pthread_mutex_unlock(&v->lock);
	}
	if (v->serialize)
		pthread_mutex_unlock(&v->lock);
	return ret < 0 ? ret : 0;
}

/*
 * view_read_data - one page's in-band bytes as /data and /parts/<name> serve
 * them. @scratch holds oob_size bytes.
 *
 * With an ECC scheme in use (--ecc) the page is read with its OOB into
 * @data and @scratch through view_read_page() (which serializes the reader
 * when needed; mm_ecc_read_page() would bypass that) and @data is corrected
 * with mm_ecc_correct_page() (thread-safe; with --layout this is the
 * controller's logical page); /raw and /oob keep serving the bytes as the
 * dump holds them. The per-block report is the lazy file /ecc.
 */
static int view_read_data(struct view *v, uint64_t page, uint8_t *data,
			  uint8_t *scratch)
{
	int ret;

	if (!v->ecc || !mm_ecc_enabled(v->ecc))
		return view_read_page(v, page, data, NULL);
	ret = view_read_page(v, page, data, scratch);
	if (ret < 0)
		return ret;
	/* uncorrectable steps are served as read, like an MTD read */
	return mm_ecc_correct_page(v->ecc, page, data, scratch, NULL, NULL);
}

/* The per-thread buffer: one record plus the OOB scratch of view_read_data. */
static uint8_t *thread_buf(struct view *v)
{
	const struct mm_geom *g = &v->d->geom;
	uint8_t *buf = pthread_getspecific(v->buf_key);

	if (buf)
		return buf;
	buf = malloc((size_t)g->page_size + 2 * (size_t)g->oob_size);
	if (buf && pthread_setspecific(v->buf_key, buf)) {
		free(buf);
		buf = NULL;
	}
	return buf;
}

/* Record @idx of a byte file into @out (record_len bytes). */
static int read_record(struct view *v, enum view_kind kind, uint64_t idx,
		       uint8_t *out, uint8_t *scratch)
{
	const struct mm_geom *g = &v->d->geom;

	switch (kind) {
	case VIEW_DATA:
		return view_read_data(v, idx, out, scratch);
	case VIEW_OOB:
		return view_read_page(v, idx, NULL, out);
	case VIEW_RAW:
		return view_read_page(v, idx, out, out + g->page_size);
	default:
		return -EINVAL;
	}
}

static ssize_t read_records(struct view *v, const struct view_file *f,
			    char *buf, size_t len, uint64_t off)
{
	const struct mm_geom *g = &v->d->geom;
	uint64_t rec, pos, idx;
	uint8_t *tbuf, *scratch;
	size_t done = 0, in, chunk;
	int ret;

	switch (f->kind) {
	case VIEW_DATA:
		rec = g->page_size;
		break;
	case VIEW_OOB:
		rec = g->oob_size;
		break;
	default:
		rec = (uint64_t)g->page_size + g->oob_size;
		break;
	}
	tbuf = thread_buf(v);
	if (!tbuf)
		return -ENOMEM;
	scratch = tbuf + g->page_size + g->oob_size;
	pos = f->base + off;
	while (done < len) {
		idx = pos / rec;
		in = pos % rec;
		chunk = rec - in < len - done ? rec - in : len - done;
		if (!in && chunk == rec) {
			ret = read_record(v, f->kind, idx,
					  (uint8_t *)buf + done, scratch);
		} else {
			ret = read_record(v, f->kind, idx, tbuf, scratch);
			if (!ret)
				memcpy(buf + done, tbuf + in, chunk);
		}
		if (ret < 0)
			return ret == -ENOMEM ? ret : -EIO;
		done += chunk;
		pos += chunk;
	}
	return done;
}

ssize_t view_read(struct view *v, const struct view_file *f, char *buf,
		  size_t len, uint64_t off)
{
	int ret;

	if (f->kind == VIEW_DIR)
		return -EISDIR;
	ret = view_prepare(v, f);
	if (ret)
		return ret;
	if (off >= f->size)
		return 0;
	if (len > f->size - off)
		len = f->size - off;
	if (f->kind == VIEW_BLOB) {
		memcpy(buf, f->blob + off, len);
		return len;
	}
	return read_records(v, f, buf, len, off);
}

void view_free(struct view *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->files[i].blob);
	free(v->files);
	v->files = NULL;
	v->n = 0;
	/*
	 * pthread_key_delete() runs no destructor: the buffer of the thread
	 * freeing the view (one that read, as with fuse -s) is freed here.
	 */
	free(pthread_getspecific(v->buf_key));
	pthread_setspecific(v->buf_key, NULL);
	pthread_key_delete(v->buf_key);
	pthread_mutex_destroy(&v->gen_lock);
	pthread_mutex_destroy(&v->lock);
}
