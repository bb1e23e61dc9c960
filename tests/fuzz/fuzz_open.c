// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_open.c - the whole opening pipeline on a hostile dump: what
 * 'muse-mount info' does. The first 8 bytes pick the options (reader,
 * geometry, bad block rules, ECC, OOB and controller layout, partitions,
 * transforms, extra reads, --verify); the rest is written to a file and
 * opened as the dump (read-only, as always). mm_flash_open() then runs
 * every container, transform, reader, the detector, the on-flash BBT and
 * fusion; mm_report_build() the content scan, the partition maps, the
 * layer hashes and the ECC scan; the JSON and text reports write it all.
 *
 * Header bytes:
 *	0  reader (0: detect)
 *	1  page size (low nibble), OOB size (high nibble); 0 = not given
 *	2  pages per block (bits 0-2), --bb (bits 3-4), no marker scan (5),
 *	   marker byte 0 or 5 instead of the kernel's rule (6), --verify (7)
 *	3  --ecc (bits 0-3), --oob-layout (bits 4-6), --bad-blocks (7)
 *	4  --layout (0: none, 1: auto, then the presets), probe layouts
 *	   (high nibble 8; auto and probing try every preset, so are rare)
 *	5  --mtdparts (bits 0-2), extra reads 0-2 (bits 3-4), file name (5-7)
 *	6  transforms (a bit mask over the registry)
 *	7  --sector-size (bits 0-1)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/cli.h"
#include "../../cli/report.h"
#include "../../core/layout/presets.h"
#include "../../formats/format.h"
#include "fuzz.h"

/* A device larger than this is opened but not scanned (bombs time out). */
#define FUZZ_SCAN_MAX	(32ull << 20)

static const uint32_t page_sizes[16] = {
	0, 256, 512, 1024, 2048, 4096, 8192, 512, 2048, 2048, 4096, 512,
	2048, 16384, 128, 64,
};
static const int32_t oob_sizes[16] = {
	-1, 0, 8, 16, 32, 64, 128, 224, 256, 640, 16, 64, 64, 128, 1, 4,
};
static const uint32_t ppbs[8] = { 0, 2, 4, 8, 16, 32, 64, 128 };
static const char *const eccs[16] = {
	NULL, "none", "auto", "hamming", "bch4", "bch8", "bch16", "bch8/1024",
	"bch1", "bch24/1024", "hamming", "bch4", "auto", NULL, "bch2", "bch40",
};
static const char *const oob_layouts[8] = {
	NULL, "lp-hamming", "lp", "sp", "omap-bch8", NULL, NULL, NULL,
};
static const char *const mtdparts[8] = {
	NULL, "auto", "-(all)", "4k(a),-(b)", "1M(big)",
	"16k(x)ro,32k@64k(y),-(z)", "auto:uboot-env", "auto",
};
static const char *const names[8] = {
	"dump.bin", "dump.bin", "dump.E01", "dump.gz", "dump.tar", "dump.bin",
	"dump.oob.bin", "dump",
};
static const uint64_t bad_list[] = { 1, 3 };
static const uint32_t sector_sizes[4] = { 0, 0, 512, 2048 };

static size_t n_presets(const struct mm_pl_preset *const *p)
{
	size_t n = 0;

	while (p[n])
		n++;
	return n;
}

/* Another read of the chip: the dump with one bit in every 509 flipped. */
static int write_extra(const char *path, const uint8_t *b, size_t n,
		       unsigned int k)
{
	uint8_t *c = malloc(n ? n : 1);
	size_t i;
	int ret;

	if (!c)
		return -1;
	memcpy(c, b, n);
	for (i = k * 97; i < n; i += 509)
		c[i] ^= (uint8_t)(1u << ((i + k) & 7));
	ret = fz_write(path, c, n);
	free(c);
	return ret;
}

static void report(struct mm_flash *f, struct mm_args *a)
{
	struct mm_report r;
	FILE *out;

	if (mm_geom_size(&f->dump.geom) > FUZZ_SCAN_MAX)
		return;
	if (mm_report_build(&r, f, a) == 0) {
		out = fopen("/dev/null", "w");
		if (out) {
			mm_report_print_json(out, &f->dump, a, &r);
			mm_report_print_text(out, &f->dump, a, &r);
			fclose(out);
		}
	}
	mm_report_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct mm_pl_preset *const *presets = mm_pl_presets();
	static char path[512], extra[2][512];
	const char *extras[2] = { extra[0], extra[1] };
	struct fz in = { data, size };
	struct mm_flash_opts o;
	struct mm_flash f;
	struct mm_args a;
	uint8_t h[8];
	unsigned int i, nfmt = 0, nx;
	int32_t oob;

	if (size < sizeof(h))
		return 0;
	for (i = 0; i < sizeof(h); i++)
		h[i] = fz_u8(&in);
	while (mm_formats[nfmt])
		nfmt++;
	memset(&o, 0, sizeof(o));
	memset(&a, 0, sizeof(a));
	if (h[0] % (nfmt + 1))
		o.open.format = mm_formats[h[0] % (nfmt + 1) - 1]->name;
	o.open.geom.page_size = page_sizes[h[1] & 15];
	oob = oob_sizes[h[1] >> 4];
	if (oob >= 0) {
		o.open.geom.oob_size = (uint32_t)oob;
		o.open.oob_size_set = true;
	}
	o.open.geom.pages_per_block = ppbs[h[2] & 7];
	o.open.bb_mode = (enum mm_bb_mode)((h[2] >> 3) & 3);
	o.open.no_bbm_scan = h[2] & 0x20;
	o.open.bbm.offset = h[2] & 0x40 ? (h[1] & 1) * 5 : -1;
	o.open.bbm.pages = MM_BBM_DEFAULT_PAGES;
	a.verify = h[2] & 0x80;
	o.ecc = eccs[h[3] & 15];
	o.oob_layout = oob_layouts[(h[3] >> 4) & 7];
	if (h[3] & 0x80) {
		o.open.bad_blocks = bad_list;
		o.open.n_bad_blocks = 2;
	}
	i = (h[4] & 0x7f) % (n_presets(presets) + 2);
	o.layout = i == 0 ? NULL : i == 1 ? "auto" : presets[i - 2]->name;
	o.probe_layout = (h[4] & 0xf0) == 0x80;	/* rare: every preset */
	o.mtdparts = mtdparts[h[5] & 7];
	nx = ((h[5] >> 3) & 3) % 3;
	o.open.transforms = h[6] & 7;
	o.open.sector_size = sector_sizes[h[7] & 3];

	snprintf(path, sizeof(path), "%s", fz_path(names[h[5] >> 5]) ?: "");
	if (!path[0] || fz_write(path, in.p, in.n))
		return 0;
	for (i = 0; i < nx; i++) {
		snprintf(extra[i], sizeof(extra[i]), "%s",
			 fz_path(i ? "read3.bin" : "read2.bin") ?: "");
		if (!extra[i][0] || write_extra(extra[i], in.p, in.n, i))
			return 0;
	}
	o.open.extra_reads = extras;
	o.open.n_extra_reads = nx;

	a.dump = path;
	a.open = o.open;
	a.ecc = o.ecc;
	a.oob_layout = o.oob_layout;
	a.layout = o.layout;
	a.mtdparts = o.mtdparts;
	if (mm_flash_open(&f, path, &o) == 0)
		report(&f, &a);
	mm_flash_close(&f);
	return 0;
}
