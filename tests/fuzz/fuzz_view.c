// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_view.c - the FUSE view's path and offset handling (cli/view_files.c):
 * the tree built from a --mtdparts string, then lookups and reads at
 * hostile paths, offsets and lengths, as the FUSE callbacks make them.
 *
 * Input: byte 0 flags (bit 0: a data-only dump instead of one with OOB,
 * bit 1: --ecc hamming with the lazy /ecc report, bit 2: the partitions
 * are checked against the eraseblock size); the --mtdparts string up to a
 * NUL; then reads: a path (a byte below 0x20 names one of the files the
 * view has, else the path is the string up to a NUL), offset (u64), length
 * (u32). Checked: a read returns exactly what is left of the file from the
 * offset (up to the length), and a partition's bytes are /data's bytes at
 * its offset.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/view_int.h"
#include "../../core/open.h"
#include "../../core/ecc/ecc_scan.h"
#include "fuzz.h"

#define PS	512
#define OOB	16
#define PPB	4
#define NB	8
#define READ_MAX	(256u << 10)
#define MAX_READS	64

static struct mm_dump dumps[2];
static struct mm_ecc *ecc;
static bool ready;

static int make_dump(struct mm_dump *d, const char *name, uint32_t oob)
{
	static uint8_t rec[PS + OOB];
	struct mm_geom g = { PS, oob, PPB, NB, 0, 8 };
	struct mm_open_opts o;
	const char *path;
	FILE *f;
	uint64_t p;
	uint32_t i;

	path = fz_path(name);
	if (!path || !(f = fopen(path, "wb")))
		return -1;
	for (p = 0; p < NB * PPB; p++) {
		for (i = 0; i < PS; i++)
			rec[i] = (uint8_t)(p * 7 + i * 13 + (i >> 8));
		memset(rec + PS, 0xff, oob);
		if (oob) {
			mm_ecc_encode(ecc, rec, rec + PS);
			if (p == 2 * PPB)
				rec[PS + 5] = 0;	/* block 2 bad */
			if (p % 3 == 1)
				rec[p % PS] ^= 0x10;
		}
		if (fwrite(rec, 1, PS + oob, f) != PS + oob)
			break;
	}
	if (fclose(f))
		return -1;
	memset(&o, 0, sizeof(o));
	o.format = oob ? "oob" : "raw";
	o.geom = g;
	o.oob_size_set = true;
	o.bbm.offset = -1;
	o.bbm.pages = MM_BBM_DEFAULT_PAGES;
	return mm_dump_open(d, path, &o);
}

static int setup(void)
{
	struct mm_geom g = { PS, OOB, PPB, NB, 0, 8 };
	char msg[256];

	if (mm_ecc_new(&ecc, "hamming", NULL, &g, msg, sizeof(msg)))
		return -1;
	if (make_dump(&dumps[0], "view.oob", OOB) ||
	    make_dump(&dumps[1], "view.raw", 0))
		return -1;
	return 0;
}

static int gen_ecc(FILE *out, struct view *v, void *arg)
{
	struct mm_ecc_scan sc;
	int ret = mm_ecc_scan(&sc, v->ecc, v->d, arg);

	if (ret)
		return ret;
	mm_ecc_scan_text(out, &sc, true);
	mm_ecc_scan_free(&sc);
	return 0;
}

/* A partition's bytes are /data's bytes at its offset. */
static void check_slice(struct view *v, const struct view_file *f,
			const char *got, size_t n, uint64_t off)
{
	const struct view_file *data = view_find(v, "/data");
	char *want;

	if (!data || f == data || f->kind != VIEW_DATA)
		return;
	want = malloc(n ? n : 1);
	if (!want)
		return;
	if (view_read(v, data, want, n, f->base + off) != (ssize_t)n ||
	    memcmp(want, got, n))
		abort();
	free(want);
}

static void one_read(struct view *v, struct fz *in, char *buf)
{
	static char path[VIEW_PATH_MAX * 2];
	const struct view_file *f;
	uint64_t off, want;
	uint32_t len;
	ssize_t r;

	if (in->n && in->p[0] < 0x20) {
		f = &v->files[fz_u8(in) % v->n];
		snprintf(path, sizeof(path), "%s", f->path);
	} else {
		fz_str(in, path, sizeof(path));
	}
	off = fz_u64(in);
	len = fz_u32(in) % (READ_MAX + 1);
	f = view_find(v, path);
	if (!f)
		return;
	if (f != view_find(v, f->path))
		abort();
	r = view_read(v, f, buf, len, off);
	if (f->kind == VIEW_DIR) {
		if (r != -EISDIR)
			abort();
		return;
	}
	if (r < 0)
		return;		/* -EIO: a lazy file could not be made */
	want = off >= f->size ? 0 : f->size - off < len ? f->size - off : len;
	if ((uint64_t)r != want)
		abort();
	check_slice(v, f, buf, (size_t)r, off);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char parts_spec[1024];
	static char *buf;
	struct fz in = { data, size };
	struct mm_part *parts = NULL;
	struct mm_dump *d;
	struct view v;
	char msg[256];
	size_t n = 0;
	uint8_t flags;
	int i;

	if (!ready) {
		buf = malloc(READ_MAX);
		if (!buf || setup())
			abort();
		ready = true;
	}
	if (!size)
		return 0;
	flags = fz_u8(&in);
	d = &dumps[flags & 1];
	fz_str(&in, parts_spec, sizeof(parts_spec));
	if (view_init(&v, d))
		return 0;
	if (parts_spec[0] &&
	    mm_parts_parse(parts_spec, mm_geom_size(&d->geom),
			   flags & 4 ? mm_geom_eb_size(&d->geom) : 0, &parts,
			   &n, msg, sizeof(msg)) == 0 &&
	    view_add_parts(&v, parts, n))
		goto out;
	if (view_add_badblocks(&v))
		goto out;
	if ((flags & 2) && d->geom.oob_size) {
		v.ecc = ecc;
		if (view_add_lazy(&v, "/ecc", gen_ecc, "--ecc"))
			goto out;
	}
	for (i = 0; i < MAX_READS && in.n; i++)
		one_read(&v, &in, buf);
out:
	view_free(&v);
	free(parts);
	return 0;
}
