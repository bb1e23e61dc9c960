// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fmt_util.c - helpers for the format, detection, dump and damage tests.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/open.h"
#include "fmt_util.h"

void tu_opts(struct mm_open_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->bbm.offset = -1;
}

static const char *tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

void tu_gen_file(const struct mm_gen *g, char *path)
{
	int fd;

	snprintf(path, PATH_MAX, "%s/mm-unit-XXXXXX", tmpdir());
	fd = mkstemp(path);
	ck_assert_msg(fd >= 0, "mkstemp: %s", strerror(errno));
	close(fd);
	ck_assert_int_eq(mm_gen_write_file(g, path), 0);
}

int tu_open_gen(struct mm_dump *d, const struct mm_gen *g,
		const struct mm_open_opts *o)
{
	char path[PATH_MAX];
	int ret;

	tu_gen_file(g, path);
	ret = mm_dump_open(d, path, o);
	unlink(path);
	return ret;
}

static const char *fixture_dir(void)
{
	static char dir[1024];
	const char *top = getenv("MM_TOP");

	snprintf(dir, sizeof(dir), "%s/tests/fixtures/nandsim",
		 top && *top ? top : ".");
	return dir;
}

bool tu_have_fixtures(void)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/ubi-hamming.oob.bin.xz", fixture_dir());
	return access(p, R_OK) == 0;
}

/*
 * Decompressed once into $TMPDIR/mm-unit-fixtures-UID/, named with the size
 * of the .xz so that a new fixture never meets a stale copy; written under a
 * temporary name and renamed, so parallel runs never see half a file.
 */
const char *tu_fixture(const char *name)
{
	static char out[PATH_MAX];
	char xz[PATH_MAX], dir[1024], tmp[PATH_MAX + 32], cmd[3 * PATH_MAX];
	struct stat st;

	snprintf(xz, sizeof(xz), "%s/%s.xz", fixture_dir(), name);
	if (stat(xz, &st))
		return NULL;
	snprintf(dir, sizeof(dir), "%s/mm-unit-fixtures-%u", tmpdir(),
		 (unsigned int)getuid());
	mkdir(dir, 0700);
	snprintf(out, sizeof(out), "%s/%s.%lld", dir, name,
		 (long long)st.st_size);
	if (access(out, R_OK) == 0)
		return out;
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", out, (int)getpid());
	snprintf(cmd, sizeof(cmd), "xz -dc '%s' > '%s'", xz, tmp);
	if (system(cmd) != 0 || rename(tmp, out)) {
		unlink(tmp);
		return NULL;
	}
	return out;
}

bool tu_page_eq(struct mm_dump *a, uint64_t pa, struct mm_dump *b,
		uint64_t pb)
{
	uint8_t da[16384], db[16384], oa[1280], ob[1280];
	int ra, rb;

	if (a->geom.page_size > sizeof(da) || a->geom.oob_size > sizeof(oa) ||
	    a->geom.page_size != b->geom.page_size ||
	    a->geom.oob_size != b->geom.oob_size)
		return false;
	ra = mm_dump_read_page(a, pa, da, oa);
	rb = mm_dump_read_page(b, pb, db, ob);
	if (ra < 0 || rb < 0)
		return false;
	return !memcmp(da, db, a->geom.page_size) &&
	       !memcmp(oa, ob, a->geom.oob_size);
}

void tu_assert_matches_gen(struct mm_dump *d, const struct mm_gen *g,
			   enum tu_bad bad)
{
	size_t eb = (size_t)g->page_size * g->pages_per_block;
	uint32_t oob = d->geom.oob_size, p;
	uint8_t *cd, *co, *data, *o;
	uint64_t blk, page;
	bool isbad;
	int ret;

	ck_assert_uint_eq(d->geom.page_size, g->page_size);
	ck_assert_uint_eq(d->geom.pages_per_block, g->pages_per_block);
	ck_assert_uint_eq(d->geom.block_count, g->blocks);
	cd = malloc(eb);
	co = malloc((size_t)(g->oob_size + 1) * g->pages_per_block);
	data = malloc(g->page_size);
	o = malloc(oob + 1);
	ck_assert(cd && co && data && o);
	for (blk = 0; blk < g->blocks; blk++) {
		isbad = mm_gen_block(g, blk, cd, co);
		if (isbad && bad != TU_BAD_ASIS) {
			memset(cd, 0xff, eb);
			memset(co, 0xff, (size_t)g->oob_size * g->pages_per_block);
		}
		for (p = 0; p < g->pages_per_block; p++) {
			page = blk * g->pages_per_block + p;
			ret = mm_dump_read_page(d, page, data, oob ? o : NULL);
			if (isbad && bad == TU_BAD_ABSENT)
				ck_assert_int_eq(ret, MM_PAGE_ABSENT);
			else
				ck_assert_msg(ret == 0, "page %llu: %d %s",
					      (unsigned long long)page, ret,
					      mm_dump_error(d));
			ck_assert_msg(!memcmp(data, cd + (size_t)p * g->page_size,
					      g->page_size),
				      "page %llu data differs",
				      (unsigned long long)page);
			if (!oob)
				continue;
			if (oob == g->oob_size)
				ck_assert_msg(!memcmp(o, co + (size_t)p * oob, oob),
					      "page %llu OOB differs",
					      (unsigned long long)page);
		}
	}
	free(cd);
	free(co);
	free(data);
	free(o);
}
