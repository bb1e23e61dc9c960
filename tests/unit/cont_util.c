// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cont_util.c - helpers of the container and layout tests.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cont_util.h"

static char dir[256];
static pid_t owner;

/* Only the process that made the directory removes it (Check forks). */
static void cleanup(void)
{
	char cmd[300];

	if (dir[0] && owner == getpid() && !getenv("MM_KEEP_TMP")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			return;
	}
}

/* Call from the suite function, before Check forks, to share one directory. */
const char *cu_dir(void)
{
	const char *t = getenv("TMPDIR");
	char cache[300];

	if (dir[0])
		return dir;
	snprintf(dir, sizeof(dir), "%s/mm-cont-XXXXXX", t && *t ? t : "/tmp");
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	if (!mkdtemp(dir) || (snprintf(cache, sizeof(cache), "%s/cache", dir),
			      mkdir(cache, 0700))) {
		perror("cont_util: temporary directory");
		abort();
	}
	setenv("MM_CACHE_DIR", cache, 1);
	owner = getpid();
	atexit(cleanup);
	return dir;
}

const char *cu_path(const char *name)
{
	static char bufs[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(bufs[i], sizeof(bufs[i]), "%s/%s", cu_dir(), name);
	return bufs[i];
}

void cu_write(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

uint8_t *cu_slurp(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	FILE *f;

	ck_assert_int_eq(stat(path, &st), 0);
	buf = malloc(st.st_size ? st.st_size : 1);
	ck_assert_ptr_nonnull(buf);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(buf, 1, st.st_size, f), (size_t)st.st_size);
	fclose(f);
	*len = st.st_size;
	return buf;
}

static const uint64_t gen_bad[] = { 2, 9 };

struct mm_gen cu_gen_2k(void)
{
	struct mm_gen g = {
		.page_size = 2048, .oob_size = 64, .pages_per_block = 8,
		.blocks = 12, .bad = gen_bad, .n_bad = 2, .layout = MM_GEN_OOB,
		.content = MM_GEN_PATTERN, .seed = 11,
	};

	return g;
}

uint8_t *cu_gen_image(const struct mm_gen *g, size_t *len)
{
	const char *p = cu_path("gen-image.tmp");
	uint8_t *img;

	ck_assert_int_eq(mm_gen_write_file(g, p), 0);
	img = cu_slurp(p, len);
	unlink(p);
	return img;
}

void cu_opts(struct mm_open_opts *o, uint32_t page, uint32_t oob,
	     uint32_t ppb)
{
	memset(o, 0, sizeof(*o));
	o->bbm.offset = -1;
	o->geom.page_size = page;
	o->geom.oob_size = oob;
	o->oob_size_set = true;
	o->geom.pages_per_block = ppb;
}

void cu_assert_pages(struct mm_dump *d, const uint8_t *img, size_t img_len)
{
	const struct mm_geom *g = &d->geom;
	size_t rec = (size_t)g->page_size + g->oob_size;
	uint8_t *data = malloc(g->page_size), *oob = malloc(g->oob_size + 1);
	uint64_t p, pages = mm_geom_page_count(g);

	ck_assert_uint_eq(pages * rec, img_len);
	for (p = 0; p < pages; p++) {
		ck_assert_int_ge(mm_dump_read_page(d, p, data, oob), 0);
		if (memcmp(data, img + p * rec, g->page_size) ||
		    memcmp(oob, img + p * rec + g->page_size, g->oob_size))
			ck_abort_msg("page %llu differs", (unsigned long long)p);
	}
	free(data);
	free(oob);
}

int cu_run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

int cu_count_cache(void)
{
	char path[1024];
	ino_t seen[256];
	struct dirent *e;
	struct stat st;
	int n = 0, i;
	DIR *dp;

	cu_dir();
	dp = opendir(getenv("MM_CACHE_DIR"));
	ck_assert_ptr_nonnull(dp);
	/* Files, not names: a cache file may have a second name (link). */
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", getenv("MM_CACHE_DIR"),
			 e->d_name);
		ck_assert_int_eq(stat(path, &st), 0);
		for (i = 0; i < n && seen[i] != st.st_ino; i++)
			;
		if (i == n && n < 256)
			seen[n++] = st.st_ino;
	}
	closedir(dp);
	return n;
}

void cu_clear_cache(void)
{
	cu_dir();
	ck_assert_int_eq(cu_run("rm -f '%s'/*", getenv("MM_CACHE_DIR")), 0);
}

void cu_open_src(struct mm_dump *d, const char *path)
{
	memset(d, 0, sizeof(*d));
	d->path = path;
	d->opts.bbm.offset = -1;
	ck_assert_int_eq(mm_src_open_file(&d->src, path), 0);
}
