// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mm-gen - write a deterministic synthetic NAND dump (see tests/gen/README).
 *
 *   mm-gen --page-size 2048 --oob-size 64 --pages-per-block 64 --blocks 32 \
 *	[--bad 3,7] [--layout raw|oob|padbad|skipbad] \
 *	[--content erased|pattern|jffs2|ubi] [--seed N] [--vid-hdr-offset N] \
 *	[--cleanmarker-offset N] [--big-endian] [--swap16]
 *	[--vendor-layout LAYOUT [--flips N] [--flip-seed N]] -o FILE
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/util/bbt.h"
#include "../../core/util/geom.h"
#include "gen.h"
#include "gen_vendor.h"

static const char *const layouts[] = { "raw", "oob", "padbad", "skipbad" };
static const char *const contents[] = { "erased", "pattern", "jffs2", "ubi" };

static void usage(FILE *f, int status)
{
	fprintf(f,
		"Usage: mm-gen --page-size N --oob-size N --pages-per-block N --blocks N\n"
		"              [--bad LIST] [--layout raw|oob|padbad|skipbad]\n"
		"              [--content erased|pattern|jffs2|ubi] [--seed N]\n"
		"              [--vid-hdr-offset N] [--cleanmarker-offset N]\n"
		"              [--big-endian] [--swap16]\n"
		"              [--vendor-layout LAYOUT [--flips N] [--flip-seed N]] -o FILE\n");
	exit(status);
}

static uint64_t num(const char *opt, const char *s)
{
	uint64_t v;

	if (mm_parse_size(s, &v) || v > UINT32_MAX * 1024ull) {
		fprintf(stderr, "mm-gen: invalid %s '%s'\n", opt, s);
		exit(1);
	}
	return v;
}

static int pick(const char *opt, const char *s, const char *const *names,
		int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	fprintf(stderr, "mm-gen: invalid %s '%s'\n", opt, s);
	exit(1);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "bad",		required_argument, NULL, 'b' },
		{ "big-endian",		no_argument,	   NULL, 'B' },
		{ "blocks",		required_argument, NULL, 'n' },
		{ "cleanmarker-offset",	required_argument, NULL, 'C' },
		{ "content",		required_argument, NULL, 'c' },
		{ "flip-seed",		required_argument, NULL, 'F' },
		{ "flips",		required_argument, NULL, 'f' },
		{ "help",		no_argument,	   NULL, 'h' },
		{ "layout",		required_argument, NULL, 'l' },
		{ "oob-size",		required_argument, NULL, 's' },
		{ "output",		required_argument, NULL, 'o' },
		{ "page-size",		required_argument, NULL, 'p' },
		{ "pages-per-block",	required_argument, NULL, 'P' },
		{ "seed",		required_argument, NULL, 'S' },
		{ "swap16",		no_argument,	   NULL, 'W' },
		{ "vendor-layout",	required_argument, NULL, 'L' },
		{ "vid-hdr-offset",	required_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct mm_gen g = { .layout = MM_GEN_OOB, .content = MM_GEN_PATTERN,
			    .seed = 1 };
	struct mm_gen_vendor vendor = { 0 };
	const char *out = NULL;
	uint64_t *bad = NULL;
	size_t n_bad = 0;
	int c, ret;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (mm_bbt_parse_list(optarg, &bad, &n_bad)) {
				fprintf(stderr, "mm-gen: invalid --bad '%s'\n", optarg);
				return 1;
			}
			break;
		case 'n':
			g.blocks = num("--blocks", optarg);
			break;
		case 'B':
			g.big_endian = true;
			break;
		case 'W':
			g.swap16 = true;
			break;
		case 'C':
			g.cleanmarker_offset = num("--cleanmarker-offset", optarg);
			break;
		case 'c':
			g.content = pick("--content", optarg, contents, 4);
			break;
		case 'h':
			usage(stdout, 0);
			break;
		case 'l':
			g.layout = pick("--layout", optarg, layouts, 4);
			break;
		case 's':
			g.oob_size = num("--oob-size", optarg);
			break;
		case 'o':
			out = optarg;
			break;
		case 'p':
			g.page_size = num("--page-size", optarg);
			break;
		case 'P':
			g.pages_per_block = num("--pages-per-block", optarg);
			break;
		case 'S':
			g.seed = num("--seed", optarg);
			break;
		case 'V':
			g.vid_hdr_offset = num("--vid-hdr-offset", optarg);
			break;
		case 'L':
			vendor.layout = optarg;
			break;
		case 'f':
			vendor.flips = num("--flips", optarg);
			break;
		case 'F':
			vendor.flip_seed = num("--flip-seed", optarg);
			break;
		default:
			usage(stderr, 1);
		}
	}
	if (!out || optind != argc || !g.page_size || !g.pages_per_block ||
	    !g.blocks)
		usage(stderr, 1);
	g.bad = bad;
	g.n_bad = n_bad;
	if (vendor.layout) {
		char msg[200] = "";
		FILE *f = fopen(out, "wb");

		if (!f) {
			fprintf(stderr, "mm-gen: %s: %s\n", out, strerror(errno));
			free(bad);
			return 1;
		}
		ret = mm_gen_write_vendor(&g, &vendor, f, msg, sizeof(msg));
		if (fclose(f) && !ret)
			ret = -errno;
		if (ret == -EINVAL) {
			fprintf(stderr, "mm-gen: %s\n", msg);
			free(bad);
			return 1;
		}
	} else {
		ret = mm_gen_write_file(&g, out);
	}
	free(bad);
	if (ret) {
		fprintf(stderr, "mm-gen: %s: %s\n", out, strerror(-ret));
		return 1;
	}
	return 0;
}
