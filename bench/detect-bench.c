// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * detect-bench - time geometry detection on a 4 GiB sparse dump.
 *
 * Writes DIR/detect-bench.bin (default $TMPDIR): a sparse file the size of a
 * 4 GiB 2048+64 chip (32768 blocks of 64 pages), with 64 generated UBI
 * blocks at the start, in the middle and at the end and holes elsewhere,
 * then times mm_detect_geometry() alone (best of 5) and the whole
 * mm_dump_open() (detection + reader + bad block marker scan). It prints
 * figures; it does not pass or fail.
 *
 *   detect-bench [DIR]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/open.h"
#include "../formats/detect.h"
#include "../tests/gen/gen.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int make_file(const char *path)
{
	struct mm_gen g = {
		.page_size = 2048, .oob_size = 64, .pages_per_block = 64,
		.blocks = 32768, .layout = MM_GEN_OOB, .content = MM_GEN_UBI,
		.vid_hdr_offset = 512, .seed = 9,
	};
	static const uint64_t starts[] = { 0, 16384, 32704 };
	const size_t brec = 64 * (2048 + 64);
	uint8_t *data = malloc(2048 * 64), *oob = malloc(64 * 64), *rec;
	uint64_t blk;
	unsigned int i, p;
	int fd, ret = 0;

	rec = malloc(brec);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || !data || !oob || !rec) {
		ret = -1;
		goto out;
	}
	if (ftruncate(fd, (off_t)g.blocks * brec)) {
		ret = -1;
		goto out;
	}
	for (i = 0; i < 3; i++) {
		for (blk = starts[i]; blk < starts[i] + 64; blk++) {
			mm_gen_block(&g, blk, data, oob);
			for (p = 0; p < 64; p++) {
				memcpy(rec + p * 2112, data + p * 2048, 2048);
				memcpy(rec + p * 2112 + 2048, oob + p * 64, 64);
			}
			if (pwrite(fd, rec, brec, blk * brec) != (ssize_t)brec) {
				ret = -1;
				goto out;
			}
		}
	}
out:
	if (fd >= 0)
		close(fd);
	free(data);
	free(oob);
	free(rec);
	return ret;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] :
			  getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	struct mm_open_opts o = { .bbm.offset = -1 };
	static struct mm_dump d;
	struct mm_geom g;
	char path[4096];
	double t, best = 1e9;
	int i, ret;

	snprintf(path, sizeof(path), "%s/detect-bench.bin", dir);
	if (make_file(path)) {
		fprintf(stderr, "detect-bench: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (i = 0; i < 5; i++) {
		memset(&d, 0, sizeof(d));
		if (mm_src_open_file(&d.src, path))
			return 1;
		memset(&g, 0, sizeof(g));
		t = now();
		ret = mm_detect_geometry(&d.in, &g, false);
		t = now() - t;
		mm_src_close(&d.src);
		if (ret) {
			fprintf(stderr, "detect-bench: %s\n", d.err);
			return 1;
		}
		if (t < best)
			best = t;
	}
	printf("detect: 4.1 GiB sparse 2048+64 dump: %u+%u, %u pages/block in %.1f ms (best of 5)\n",
	       g.page_size, g.oob_size, g.pages_per_block, best * 1e3);
	printf("  %s\n", d.geom_why);
	t = now();
	ret = mm_dump_open(&d, path, &o);
	t = now() - t;
	if (ret) {
		fprintf(stderr, "detect-bench: %s\n", mm_dump_error(&d));
		return 1;
	}
	printf("open (detection + marker scan of %llu blocks): %.1f ms\n",
	       (unsigned long long)d.geom.block_count, t * 1e3);
	mm_dump_close(&d);
	unlink(path);
	return 0;
}
