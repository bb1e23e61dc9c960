// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * container-bench - how fast compressed dumps open and read: gzip (seek
 * index built, then reused from the cache directory) and xz (decoded into
 * the cache, then reused), sequential page reads and random page reads.
 * Prints figures; passes or fails nothing.
 *
 *   container-bench [--size MiB]     (default 64)
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "../core/open.h"
#include "../core/dump.h"
#include "../formats/format.h"

#define PS	2048u
#define OS	64u
#define REC	(PS + OS)
#define PPB	64u

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Page @p of a half-programmed chip: pseudo-random data, erased tails. */
static void page(uint64_t p, uint8_t *rec)
{
	uint64_t x = p * 0x9e3779b97f4a7c15ull + 1;
	size_t i;

	if (p % PPB >= PPB / 2) {
		memset(rec, 0xff, REC);
		return;
	}
	for (i = 0; i < REC; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		rec[i] = (i % 4 == 0) ? (uint8_t)x : (uint8_t)(i >> 3);
	}
}

static void make_inputs(const char *gzp, const char *xzp, uint64_t pages)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	uint8_t rec[REC];
	gzFile gz = gzopen(gzp, "wb1");
	uint64_t p;

	archive_write_set_format_raw(a);
	archive_write_add_filter_xz(a);
	archive_write_set_filter_option(a, "xz", "compression-level", "1");
	if (!gz || archive_write_open_filename(a, xzp) != ARCHIVE_OK) {
		fprintf(stderr, "container-bench: cannot write the inputs\n");
		exit(1);
	}
	archive_entry_set_pathname(e, "dump");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_size(e, pages * REC);
	archive_write_header(a, e);
	for (p = 0; p < pages; p++) {
		page(p, rec);
		gzwrite(gz, rec, REC);
		archive_write_data(a, rec, REC);
	}
	gzclose(gz);
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);
}

static void run(const char *label, const char *path, uint64_t pages)
{
	struct mm_open_opts o;
	struct mm_dump d;
	uint8_t data[PS], oob[OS], want[REC];
	double t0, t_open, t_reopen, t_seq, t_rand;
	uint64_t p, i, x = 12345;
	int bad = 0;

	memset(&o, 0, sizeof(o));
	o.bbm.offset = -1;
	o.format = "oob";
	o.geom.page_size = PS;
	o.geom.oob_size = OS;
	o.oob_size_set = true;
	o.geom.pages_per_block = PPB;
	o.no_bbm_scan = true;

	t0 = now();
	if (mm_dump_open(&d, path, &o)) {
		fprintf(stderr, "container-bench: %s: %s\n", path, d.err);
		exit(1);
	}
	t_open = now() - t0;
	mm_dump_close(&d);
	t0 = now();
	if (mm_dump_open(&d, path, &o)) {
		fprintf(stderr, "container-bench: %s: %s\n", path, d.err);
		exit(1);
	}
	t_reopen = now() - t0;
	t0 = now();
	for (p = 0; p < pages; p++)
		mm_dump_read_page(&d, p, data, oob);
	t_seq = now() - t0;
	t0 = now();
	for (i = 0; i < 2000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p = x % pages;
		mm_dump_read_page(&d, p, data, oob);
		page(p, want);
		bad += memcmp(data, want, PS) != 0 || memcmp(oob, want + PS, OS);
	}
	t_rand = now() - t0;
	mm_dump_close(&d);
	printf("%-5s first open %7.2f s   reopen %7.3f s   sequential %7.1f MiB/s   random %7.0f pages/s%s\n",
	       label, t_open, t_reopen,
	       pages * (double)REC / (1 << 20) / t_seq, 2000 / t_rand,
	       bad ? "   WRONG DATA" : "");
}

int main(int argc, char **argv)
{
	uint64_t mib = 64, pages;
	char dir[] = "/tmp/mm-cbench-XXXXXX", gzp[64], xzp[64], cmd[128];

	if (argc == 3 && !strcmp(argv[1], "--size"))
		mib = strtoull(argv[2], NULL, 10);
	pages = (mib << 20) / PS / PPB * PPB;
	if (!mkdtemp(dir)) {
		perror("container-bench");
		return 1;
	}
	setenv("MM_CACHE_DIR", dir, 1);
	snprintf(gzp, sizeof(gzp), "%s/d.gz", dir);
	snprintf(xzp, sizeof(xzp), "%s/d.xz", dir);
	printf("container-bench: %llu pages of %u+%u (%llu MiB of data)\n",
	       (unsigned long long)pages, PS, OS,
	       (unsigned long long)(pages * PS >> 20));
	make_inputs(gzp, xzp, pages);
	run("gzip", gzp, pages);
	run("xz", xzp, pages);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? 1 : 0;
}
