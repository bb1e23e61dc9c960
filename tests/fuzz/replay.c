// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * replay.c - run a harness's LLVMFuzzerTestOneInput() on files without
 * libFuzzer: each argument is an input file or a directory of them. Built
 * with the ordinary compiler and linked against the ordinary objects, so
 * that make check replays the committed corpora and regression inputs
 * (tests/cli/fuzz-replay.sh). Each input runs twice, as libFuzzer runs
 * inputs one after another in one process: a leak that is still reachable
 * after one run (a thread-specific buffer) is lost by the second. A crash
 * or a failed check in the harness aborts; a clean run prints "N inputs"
 * and exits 0.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	size_t n;
	FILE *f;

	f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &st)) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	if (n != (size_t)st.st_size) {
		fprintf(stderr, "replay: %s: short read\n", path);
		free(buf);
		return -1;
	}
	if (getenv("MM_REPLAY_VERBOSE"))
		fprintf(stderr, "replay: %s\n", path);
	/* twice: what a run leaves behind (a lost buffer) shows in the next */
	LLVMFuzzerTestOneInput(buf, n);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's files in name order, so that a run is repeatable. */
static int run_dir(const char *dir, unsigned long *count)
{
	char **names = NULL, **nn, path[4096];
	size_t n = 0, i;
	struct dirent *e;
	int ret = 0;
	DIR *d;

	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		nn = realloc(names, (n + 1) * sizeof(*names));
		if (!nn || !(nn[n] = strdup(e->d_name))) {
			names = nn ? nn : names;
			ret = -1;
			break;
		}
		names = nn;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!ret && run_file(path) == 0)
			(*count)++;
		else
			ret = -1;
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned long count = 0;
	struct stat st;
	int i, ret = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st)) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
				strerror(errno));
			ret = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], &count))
				ret = 1;
		} else if (run_file(argv[i]) == 0) {
			count++;
		} else {
			ret = 1;
		}
	}
	printf("%lu inputs\n", count);
	return ret;
}
