// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz.c - the harnesses' shared helpers (fuzz.h): option bytes, the
 * private temporary directory, whole-file writes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static char fz_dir[256];

size_t fz_str(struct fz *f, char *buf, size_t max)
{
	size_t i = 0;

	while (f->n && i + 1 < max) {
		uint8_t c = fz_u8(f);

		if (!c)
			break;
		buf[i++] = (char)c;
	}
	buf[i] = '\0';
	return i;
}

static void fz_cleanup(void)
{
	char p[512];
	struct dirent *e;
	DIR *d;

	/* MM_FUZZ_KEEP: leave the files for tests/fuzz/seeds.py */
	if (!fz_dir[0] || getenv("MM_FUZZ_KEEP") || !(d = opendir(fz_dir)))
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", fz_dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(fz_dir);
}

const char *fz_path(const char *name)
{
	static char p[512];
	const char *tmp;

	if (!fz_dir[0]) {
		tmp = getenv("TMPDIR");
		snprintf(fz_dir, sizeof(fz_dir), "%s/mm-fuzz.XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(fz_dir)) {
			fz_dir[0] = '\0';
			return NULL;
		}
		atexit(fz_cleanup);
		if (getenv("MM_FUZZ_KEEP"))
			fprintf(stderr, "fuzz: files in %s\n", fz_dir);
	}
	snprintf(p, sizeof(p), "%s/%s", fz_dir, name);
	return p;
}

int fz_write(const char *path, const void *buf, size_t n)
{
	const uint8_t *b = buf;
	ssize_t w;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	while (n) {
		w = write(fd, b, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		b += w;
		n -= (size_t)w;
	}
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}
