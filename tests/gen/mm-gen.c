// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mm-gen - write a deterministic synthetic NAND dump (see tests/gen/README).
 *
 *   mm-gen --page-size 2048 --oob-size 64 --pages-per-block 64 --blocks 32 \
 *	[--bad 3,7] [--layout raw|oob|padbad|skipbad] \
 *	[--content erased|pattern|jffs2|ubi] [--seed N] [--vid-hdr-offset N] \
 *	[--cleanmarker-offset N] [--big-endian] [--swap16]
 *	[--imx-bcb [--imx-dbbt LIST]]
 *	[--vendor-layout LAYOUT [--flips N] [--flip-seed N] [--beyond-t LIST]]
 *	-o FILE
 *   mm-gen --from FILE [--from-oob [--from-oob-size N] [--from-ecc SCHEME]
 *	[--from-oob-layout SPEC]] --page-size N --oob-size N
 *	--pages-per-block N [--bad LIST] --vendor-layout LAYOUT [--flips N]
 *	[--flip-seed N] [--beyond-t LIST] -o FILE
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/ecc/ecc.h"
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
		"              [--big-endian] [--swap16] [--imx-bcb [--imx-dbbt LIST]]\n"
		"              [--vendor-layout LAYOUT [--flips N] [--flip-seed N]\n"
		"              [--beyond-t PAGES]] -o FILE\n"
		"       mm-gen --list-layouts\n"
		"       mm-gen --page-size N --oob-size N --pages-per-block N\n"
		"              --vendor-layout LAYOUT --print-layout\n"
		"       mm-gen --from IMAGE [--from-oob [--from-oob-size N]\n"
		"              [--from-ecc SCHEME] [--from-oob-layout SPEC]]\n"
		"              --page-size N --oob-size N\n"
		"              --pages-per-block N [--blocks N] [--bad LIST]\n"
		"              --vendor-layout LAYOUT [--flips N] [--flip-seed N]\n"
		"              [--beyond-t PAGES] -o FILE\n");
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

/* the presets --vendor-layout takes: NAME<TAB>options<TAB>description */
static void list_layouts(void)
{
	const struct mm_pl_preset *const *p;

	for (p = mm_pl_presets(); *p; p++)
		printf("%s\t%s\t%s\n", (*p)->name, (*p)->opts ? (*p)->opts : "",
		       (*p)->desc);
}

/*
 * --print-layout: what the tests need to know of a layout at a geometry,
 * one line: "t=8 steps=4 oobavail=2 marker=2048" (marker=none: the
 * controller keeps no factory marker in the page).
 */
static int print_layout(const struct mm_gen *g, const char *arg)
{
	struct mm_pl_geom pg = { g->page_size, g->oob_size, g->pages_per_block };
	struct mm_pagelayout *pl = calloc(1, sizeof(*pl));
	char msg[200] = "";

	if (!pl || mm_pl_from_arg(pl, arg, &pg, msg, sizeof(msg))) {
		fprintf(stderr, "mm-gen: %s\n", pl ? msg : strerror(ENOMEM));
		free(pl);
		return 1;
	}
	printf("t=%u steps=%u oobavail=%u marker=", pl->m ? pl->t : 0,
	       pl->nsteps, pl->oob.oobavail);
	if (pl->bbm_phys == MM_PL_NONE)
		printf("none\n");
	else
		printf("%u\n", pl->bbm_phys);
	mm_pl_release(pl);
	free(pl);
	return 0;
}

/* --from and the options that describe the image */
struct from_opts {
	const char *path;
	bool oob;
	uint32_t oob_size;	/* the source's, 0: --oob-size */
	const char *ecc;
	const char *oob_layout;
};

/*
 * mm-gen --from: lay out an existing logical image. With --from-oob the
 * source's OOB layout is the kernel's for --from-ecc (default hamming, the
 * kernel's default for 2048+64) unless --from-oob-layout names one, exactly
 * as muse-mount's --ecc / --oob-layout would read the image. Its records
 * have --from-oob-size OOB bytes (default --oob-size): a 2048+64 dump can
 * be laid out on a 2048+128 chip, as the same file system written by a
 * controller that needs the larger spare.
 */
static int write_from(struct mm_gen *g, struct from_opts *o,
		      const struct mm_gen_vendor *v, const char *out)
{
	uint32_t soob = o->oob_size ? o->oob_size : g->oob_size;
	struct mm_geom geom = { .page_size = g->page_size,
				.oob_size = soob,
				.pages_per_block = g->pages_per_block };
	struct mm_gen_from from = { .oob = o->oob, .oob_size = soob };
	uint64_t rec = (uint64_t)g->pages_per_block *
		       (g->page_size + (o->oob ? soob : 0));
	struct mm_ecc *ecc = NULL;
	char msg[200] = "";
	struct stat st;
	uint64_t blocks;
	FILE *in, *f;
	int ret;

	if (o->oob) {
		ret = mm_ecc_new(&ecc, o->ecc ? o->ecc : "hamming",
				 o->oob_layout, &geom, msg, sizeof(msg));
		if (ret) {
			fprintf(stderr, "mm-gen: --from-ecc/--from-oob-layout: %s\n", msg);
			return 1;
		}
		from.src = mm_ecc_layout(ecc);
		from.ecc = ecc;
	} else if (o->ecc || o->oob_layout || o->oob_size) {
		fprintf(stderr, "mm-gen: --from-ecc, --from-oob-layout and --from-oob-size need --from-oob\n");
		return 1;
	}
	in = fopen(o->path, "rb");
	if (!in || fstat(fileno(in), &st)) {
		fprintf(stderr, "mm-gen: %s: %s\n", o->path, strerror(errno));
		mm_ecc_free(ecc);
		return 1;
	}
	blocks = (uint64_t)st.st_size / rec;
	if (!blocks || (uint64_t)st.st_size % rec ||
	    (g->blocks && g->blocks != blocks)) {
		fprintf(stderr, "mm-gen: %s: %lld bytes are not %s%llu blocks of %llu bytes\n",
			o->path, (long long)st.st_size, g->blocks ? "" : "whole ",
			(unsigned long long)(g->blocks ? g->blocks : blocks),
			(unsigned long long)rec);
		fclose(in);
		mm_ecc_free(ecc);
		return 1;
	}
	g->blocks = blocks;
	from.f = in;
	f = fopen(out, "wb");
	if (!f) {
		fprintf(stderr, "mm-gen: %s: %s\n", out, strerror(errno));
		fclose(in);
		mm_ecc_free(ecc);
		return 1;
	}
	ret = mm_gen_write_vendor_from(g, &from, v, f, msg, sizeof(msg));
	if (fclose(f) && !ret)
		ret = -errno;
	fclose(in);
	mm_ecc_free(ecc);
	if (ret)
		unlink(out);	/* no half-written fixture */
	if (ret == -EINVAL) {
		fprintf(stderr, "mm-gen: %s: %s\n", o->path, msg);
		return 1;
	}
	if (ret) {
		fprintf(stderr, "mm-gen: %s: %s\n", out, strerror(-ret));
		return 1;
	}
	if (from.dropped)
		fprintf(stderr, "mm-gen: %s: %llu pages: free OOB bytes beyond the layout's oobavail dropped\n",
			o->path, (unsigned long long)from.dropped);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "bad",		required_argument, NULL, 'b' },
		{ "beyond-t",		required_argument, NULL, 'T' },
		{ "big-endian",		no_argument,	   NULL, 'B' },
		{ "blocks",		required_argument, NULL, 'n' },
		{ "cleanmarker-offset",	required_argument, NULL, 'C' },
		{ "content",		required_argument, NULL, 'c' },
		{ "flip-seed",		required_argument, NULL, 'F' },
		{ "flips",		required_argument, NULL, 'f' },
		{ "from",		required_argument, NULL, 'i' },
		{ "from-ecc",		required_argument, NULL, 'E' },
		{ "from-oob",		no_argument,	   NULL, 'O' },
		{ "from-oob-layout",	required_argument, NULL, 'Y' },
		{ "from-oob-size",	required_argument, NULL, 'Z' },
		{ "help",		no_argument,	   NULL, 'h' },
		{ "imx-bcb",		no_argument,	   NULL, 'I' },
		{ "imx-dbbt",		required_argument, NULL, 'D' },
		{ "layout",		required_argument, NULL, 'l' },
		{ "list-layouts",	no_argument,	   NULL, 'X' },
		{ "oob-size",		required_argument, NULL, 's' },
		{ "output",		required_argument, NULL, 'o' },
		{ "page-size",		required_argument, NULL, 'p' },
		{ "print-layout",	no_argument,	   NULL, 'R' },
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
	struct from_opts from = { 0 };
	const char *out = NULL;
	uint64_t *bad = NULL, *beyond = NULL, *dbbt = NULL;
	size_t n_bad = 0, n_beyond = 0, n_dbbt = 0;
	bool print = false;
	int c, ret;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (mm_bbt_parse_list(optarg, &bad, &n_bad)) {
				fprintf(stderr, "mm-gen: invalid --bad '%s'\n", optarg);
				return 1;
			}
			break;
		case 'I':
			g.imx_bcb = true;
			break;
		case 'D':
			g.imx_bcb = true;
			if (mm_bbt_parse_list(optarg, &dbbt, &n_dbbt)) {
				fprintf(stderr, "mm-gen: invalid --imx-dbbt '%s'\n", optarg);
				return 1;
			}
			g.dbbt = dbbt;
			g.n_dbbt = n_dbbt;
			break;
		case 'T':
			if (mm_bbt_parse_list(optarg, &beyond, &n_beyond)) {
				fprintf(stderr, "mm-gen: invalid --beyond-t '%s'\n", optarg);
				return 1;
			}
			break;
		case 'i':
			from.path = optarg;
			break;
		case 'E':
			from.ecc = optarg;
			break;
		case 'O':
			from.oob = true;
			break;
		case 'Y':
			from.oob_layout = optarg;
			break;
		case 'Z':
			from.oob_size = num("--from-oob-size", optarg);
			if (!from.oob_size) {
				fprintf(stderr, "mm-gen: invalid --from-oob-size '%s'\n", optarg);
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
		case 'X':
			list_layouts();
			return 0;
		case 'R':
			print = true;
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
			if (!strcmp(optarg, "t"))
				vendor.flips_t = true;
			else
				vendor.flips = num("--flips", optarg);
			break;
		case 'F':
			vendor.flip_seed = num("--flip-seed", optarg);
			break;
		default:
			usage(stderr, 1);
		}
	}
	if (print) {
		if (!vendor.layout || !g.page_size || !g.pages_per_block)
			usage(stderr, 1);
		free(bad);
		free(beyond);
		free(dbbt);
		return print_layout(&g, vendor.layout);
	}
	vendor.beyond_t = beyond;
	vendor.n_beyond_t = n_beyond;
	g.bad = bad;
	g.n_bad = n_bad;
	if (from.path) {
		if (!out || optind != argc || !vendor.layout || !g.page_size ||
		    !g.pages_per_block || (from.oob && !g.oob_size))
			usage(stderr, 1);
		ret = write_from(&g, &from, &vendor, out);
		free(bad);
		free(beyond);
		free(dbbt);
		return ret;
	}
	if (!out || optind != argc || !g.page_size || !g.pages_per_block ||
	    !g.blocks)
		usage(stderr, 1);
	if (vendor.layout) {
		char msg[200] = "";
		FILE *f = fopen(out, "wb");

		if (!f) {
			fprintf(stderr, "mm-gen: %s: %s\n", out, strerror(errno));
			free(bad);
			free(beyond);
			free(dbbt);
			return 1;
		}
		ret = mm_gen_write_vendor(&g, &vendor, f, msg, sizeof(msg));
		if (fclose(f) && !ret)
			ret = -errno;
		if (ret == -EINVAL) {
			fprintf(stderr, "mm-gen: %s\n", msg);
			free(bad);
			free(beyond);
			free(dbbt);
			return 1;
		}
	} else {
		ret = mm_gen_write_file(&g, out);
	}
	free(beyond);
	free(dbbt);
	free(bad);
	if (ret) {
		fprintf(stderr, "mm-gen: %s: %s\n", out, strerror(-ret));
		return 1;
	}
	return 0;
}
