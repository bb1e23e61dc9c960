// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * opts.c - command line parsing for every subcommand.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/muse/faults.h"
#include "../core/muse/replay.h"
#include "../core/util/bbt.h"
#include "../core/util/geom.h"
#include "../formats/transforms/transform.h"
#include "cli.h"

enum {
	OPT_BAD_BLOCKS = CHAR_MAX + 1,
	OPT_BB,
	OPT_BBM_OFFSET,
	OPT_BBM_PAGES,
	OPT_BIT_REVERSE,
	OPT_BLOCK_COUNT,
	OPT_BODYFILE,
	OPT_BUS_WIDTH,
	OPT_CUT,
	OPT_ECC,
	OPT_ECC_LOG,
	OPT_EXTRA_READ,
	OPT_FAULTS,
	OPT_FORCE,
	OPT_FORMAT,
	OPT_GUEST_WALK,
	OPT_IN_BB,
	OPT_INVERT,
	OPT_JSON,
	OPT_KERNEL,
	OPT_LAYOUT,
	OPT_LIST,
	OPT_LIST_FORMATS,
	OPT_LIST_LAYOUTS,
	OPT_MAX_IO,
	OPT_MEMBER,
	OPT_META,
	OPT_MODULES,
	OPT_MTDPARTS,
	OPT_MUSE_DEV,
	OPT_MUSE_FD,
	OPT_MUSE_KO,
	OPT_NAME,
	OPT_NO_BBM_SCAN,
	OPT_NO_PROGRESS,
	OPT_NO_SANDBOX,
	OPT_OOB_FILE,
	OPT_OOB_LAYOUT,
	OPT_OOB_SIZE,
	OPT_OUTPUT,
	OPT_OVERLAY,
	OPT_PAGE_SIZE,
	OPT_PAIRING,
	OPT_PAGES_PER_BLOCK,
	OPT_PREPARE,
	OPT_RECORD,
	OPT_REENCODE,
	OPT_SECTOR_SIZE,
	OPT_SEED,
	OPT_SHELL,
	OPT_SIZE,
	OPT_SUBPAGE,
	OPT_SWAP16,
	OPT_TAR,
	OPT_TIMEOUT,
	OPT_TO,
	OPT_TORN,
	OPT_TRANSFORM,
	OPT_TYPE,
	OPT_USER,
	OPT_VERIFY,
	OPT_NO_HASH,
	OPT_WRITABLE,
};

/* Keep sorted by name. */
static const struct option longopts[] = {
	{ "bad-blocks",		required_argument, NULL, OPT_BAD_BLOCKS },
	{ "bb",			required_argument, NULL, OPT_BB },
	{ "bbm-offset",		required_argument, NULL, OPT_BBM_OFFSET },
	{ "bbm-pages",		required_argument, NULL, OPT_BBM_PAGES },
	{ "bit-reverse",	no_argument,	   NULL, OPT_BIT_REVERSE },
	{ "bodyfile",		required_argument, NULL, OPT_BODYFILE },
	{ "block-count",	required_argument, NULL, OPT_BLOCK_COUNT },
	{ "bus-width",		required_argument, NULL, OPT_BUS_WIDTH },
	{ "cut",		required_argument, NULL, OPT_CUT },
	{ "debug",		no_argument,	   NULL, 'd' },
	{ "ecc",		required_argument, NULL, OPT_ECC },
	{ "ecc-log",		required_argument, NULL, OPT_ECC_LOG },
	{ "extra-read",		required_argument, NULL, OPT_EXTRA_READ },
	{ "faults",		required_argument, NULL, OPT_FAULTS },
	{ "force",		no_argument,	   NULL, OPT_FORCE },
	{ "foreground",		no_argument,	   NULL, 'f' },
	{ "format",		required_argument, NULL, OPT_FORMAT },
	{ "guest-walk",		no_argument,	   NULL, OPT_GUEST_WALK },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "in-bb",		required_argument, NULL, OPT_IN_BB },
	{ "invert",		no_argument,	   NULL, OPT_INVERT },
	{ "json",		no_argument,	   NULL, OPT_JSON },
	{ "kernel",		required_argument, NULL, OPT_KERNEL },
	{ "layout",		required_argument, NULL, OPT_LAYOUT },
	{ "list",		no_argument,	   NULL, OPT_LIST },
	{ "list-formats",	no_argument,	   NULL, OPT_LIST_FORMATS },
	{ "list-layouts",	no_argument,	   NULL, OPT_LIST_LAYOUTS },
	{ "max-io",		required_argument, NULL, OPT_MAX_IO },
	{ "member",		required_argument, NULL, OPT_MEMBER },
	{ "meta",		required_argument, NULL, OPT_META },
	{ "modules",		required_argument, NULL, OPT_MODULES },
	{ "mtdparts",		required_argument, NULL, OPT_MTDPARTS },
	{ "muse-dev",		required_argument, NULL, OPT_MUSE_DEV },
	{ "muse-fd",		required_argument, NULL, OPT_MUSE_FD },
	{ "muse-ko",		required_argument, NULL, OPT_MUSE_KO },
	{ "name",		required_argument, NULL, OPT_NAME },
	{ "no-bbm-scan",	no_argument,	   NULL, OPT_NO_BBM_SCAN },
	{ "no-progress",	no_argument,	   NULL, OPT_NO_PROGRESS },
	{ "no-sandbox",		no_argument,	   NULL, OPT_NO_SANDBOX },
	{ "oob-file",		required_argument, NULL, OPT_OOB_FILE },
	{ "oob-layout",		required_argument, NULL, OPT_OOB_LAYOUT },
	{ "oob-size",		required_argument, NULL, OPT_OOB_SIZE },
	{ "output",		required_argument, NULL, OPT_OUTPUT },
	{ "overlay",		required_argument, NULL, OPT_OVERLAY },
	{ "page-size",		required_argument, NULL, OPT_PAGE_SIZE },
	{ "pairing",		required_argument, NULL, OPT_PAIRING },
	{ "pages-per-block",	required_argument, NULL, OPT_PAGES_PER_BLOCK },
	{ "prepare",		no_argument,	   NULL, OPT_PREPARE },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "record",		required_argument, NULL, OPT_RECORD },
	{ "reencode",		no_argument,	   NULL, OPT_REENCODE },
	{ "sector-size",	required_argument, NULL, OPT_SECTOR_SIZE },
	{ "seed",		required_argument, NULL, OPT_SEED },
	{ "shell",		no_argument,	   NULL, OPT_SHELL },
	{ "size",		required_argument, NULL, OPT_SIZE },
	{ "subpage",		required_argument, NULL, OPT_SUBPAGE },
	{ "swap16",		no_argument,	   NULL, OPT_SWAP16 },
	{ "tar",		required_argument, NULL, OPT_TAR },
	{ "timeout",		required_argument, NULL, OPT_TIMEOUT },
	{ "to",			required_argument, NULL, OPT_TO },
	{ "torn",		no_argument,	   NULL, OPT_TORN },
	{ "transform",		required_argument, NULL, OPT_TRANSFORM },
	{ "type",		required_argument, NULL, OPT_TYPE },
	{ "user",		required_argument, NULL, OPT_USER },
	{ "verify",		no_argument,	   NULL, OPT_VERIFY },
	{ "no-hash",		no_argument,	   NULL, OPT_NO_HASH },
	{ "version",		no_argument,	   NULL, 'V' },
	{ "writable",		no_argument,	   NULL, OPT_WRITABLE },
	{ NULL, 0, NULL, 0 },
};

static uint64_t arg_size(const char *opt, const char *val)
{
	uint64_t v;

	if (mm_parse_size(val, &v))
		mm_errtryhelp("invalid %s '%s'", opt, val);
	return v;
}

static uint64_t arg_num(const char *opt, const char *val, uint64_t max)
{
	uint64_t v;

	if (mm_parse_u64(val, &v) || v > max)
		mm_errtryhelp("invalid %s '%s'", opt, val);
	return v;
}

static enum mm_bb_mode arg_bb(const char *opt, const char *val)
{
	if (!strcmp(val, "dumpbad"))
		return MM_BB_DUMPBAD;
	if (!strcmp(val, "padbad"))
		return MM_BB_PADBAD;
	if (!strcmp(val, "skipbad"))
		return MM_BB_SKIPBAD;
	mm_errtryhelp("invalid %s '%s' (skipbad, padbad or dumpbad)", opt, val);
}

static unsigned int arg_bbm_pages(const char *val)
{
	unsigned int bits = 0;
	char *copy = strdup(val), *tok, *save;

	if (!copy)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "parsing --bbm-pages");
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "first"))
			bits |= MM_BBM_FIRST;
		else if (!strcmp(tok, "second"))
			bits |= MM_BBM_SECOND;
		else if (!strcmp(tok, "last"))
			bits |= MM_BBM_LAST;
		else
			mm_errtryhelp("invalid --bbm-pages '%s' (first, second, last)",
				      val);
	}
	free(copy);
	if (!bits)
		mm_errtryhelp("invalid --bbm-pages '%s' (first, second, last)", val);
	return bits;
}

static void add_fuse_opt(struct mm_args *a, const char *o)
{
	size_t old = a->fuse_opts ? strlen(a->fuse_opts) : 0;
	char *n = realloc(a->fuse_opts, old + strlen(o) + 2);

	if (!n)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "parsing -o");
	if (old)
		n[old++] = ',';
	strcpy(n + old, o);
	a->fuse_opts = n;
}

static void parse_subpage(struct mm_args *a, const char *val)
{
	uint64_t v = arg_size("--subpage", val);

	/* 0, 1, 2 are shifts (SUBPAGESHIFT); larger values are sizes. */
	if (v <= 2) {
		a->subpage_shift = v;
		a->subpage_set = true;
		return;
	}
	if (!mm_is_pow2(v) || v > MM_MAX_PAGE_SIZE)
		mm_errtryhelp("invalid --subpage '%s' (a size like 512, or a shift 0-2)",
			      val);
	a->open.geom.subpage_size = v;
}

/* --faults=SPEC (repeatable): parsed now, so a typo fails before opening. */
static void add_faults(struct mm_args *a, const char *spec)
{
	char msg[256];
	int ret;

	if (!a->faults && mm_faults_new(&a->faults))
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "parsing --faults");
	ret = mm_faults_add(a->faults, spec, msg, sizeof(msg));
	if (ret == -ENOMEM)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "parsing --faults");
	if (ret)
		mm_errtryhelp("invalid --faults '%s': %s", spec, msg);
}

static void set_defaults(struct mm_args *a)
{
	memset(a, 0, sizeof(*a));
	a->muse_fd = -1;
	a->muse_dev = "/dev/muse";
	a->open.bbm.offset = -1;
	a->progress = isatty(STDERR_FILENO);
}

/* --transform=NAME[,NAME...]: the registry's bits. */
static unsigned int arg_transforms(const char *list)
{
	char names[256];
	unsigned int bits = 0;
	const char *p = list, *end;
	size_t l = 0;
	int i;

	do {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		i = mm_transform_find(p, (size_t)(end - p));
		if (i < 0) {
			names[0] = 0;
			for (i = 0; mm_transforms[i] && l < sizeof(names); i++)
				l += (size_t)snprintf(names + l, sizeof(names) - l,
						      "%s%s", i ? ", " : "",
						      mm_transforms[i]->name);
			mm_errtryhelp("invalid --transform '%s' (%s)", list,
				      names);
		}
		bits |= 1u << i;
		p = end + 1;
	} while (*end);
	return bits;
}

/*
 * extract: the dump options go to the muse-mount in the guest as they were
 * given (checked here first, by the same parser); options that name other
 * host files or change the MTD cannot be passed on.
 */
static void extract_opt(struct mm_args *a, int c, int longindex,
			const char *val)
{
	const char *name;
	char *s;

	switch (c) {
	case OPT_BAD_BLOCKS: case OPT_BB: case OPT_BBM_OFFSET:
	case OPT_BBM_PAGES: case OPT_BIT_REVERSE: case OPT_BLOCK_COUNT:
	case OPT_BUS_WIDTH: case OPT_ECC: case OPT_FORMAT: case OPT_INVERT:
	case OPT_LAYOUT: case OPT_MAX_IO: case OPT_MEMBER: case OPT_MTDPARTS:
	case OPT_NAME: case OPT_NO_BBM_SCAN: case OPT_OOB_LAYOUT:
	case OPT_OOB_SIZE: case OPT_PAGE_SIZE: case OPT_PAGES_PER_BLOCK:
	case OPT_SECTOR_SIZE: case OPT_SIZE: case OPT_SUBPAGE: case OPT_SWAP16:
	case OPT_TRANSFORM: case OPT_TYPE:
		break;
	case OPT_BODYFILE: case OPT_ECC_LOG: case OPT_GUEST_WALK:
	case OPT_KERNEL: case OPT_META: case OPT_MODULES: case OPT_MUSE_KO:
	case OPT_NO_PROGRESS: case OPT_OUTPUT: case OPT_PREPARE: case OPT_SHELL:
	case OPT_TAR: case OPT_TIMEOUT: case OPT_LIST_FORMATS:
	case OPT_LIST_LAYOUTS: case 'o': case 'q': case 'h': case 'V':
		return;
	default:
		if (c < 0 || c == '?' || longindex < 0)
			return;		/* getopt's own error follows */
		mm_errtryhelp("--%s is not an extract option",
			      longopts[longindex].name);
	}
	name = longopts[longindex].name;
	if (val) {
		if (strchr(val, '\n'))
			mm_errtryhelp("invalid --%s (a newline)", name);
		if (asprintf(&s, "--%s=%s", name, val) < 0)
			mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
	} else if (asprintf(&s, "--%s", name) < 0) {
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
	}
	a->fwd[a->n_fwd++] = s;
}

void mm_parse_args(struct mm_args *a, int argc, char **argv)
{
	size_t n_bad = 0;
	uint64_t *bad = NULL;
	int c, npos, longindex = -1;
	bool list_formats = false, list_layouts = false;

	set_defaults(a);
	/* getopt names argv[0] in its messages: make them "muse-mount: ...". */
	argv[0] = (char *)MM_PROG;
	if (argc > 1 && !strcmp(argv[1], "info")) {
		a->cmd = MM_CMD_INFO;
		argv[1] = argv[0];
		argv++;
		argc--;
	} else if (argc > 1 && !strcmp(argv[1], "convert")) {
		a->cmd = MM_CMD_CONVERT;
		argv[1] = argv[0];
		argv++;
		argc--;
	} else if (argc > 1 && !strcmp(argv[1], "replay")) {
		a->cmd = MM_CMD_REPLAY;
		argv[1] = argv[0];
		argv++;
		argc--;
	} else if (argc > 1 && !strcmp(argv[1], "extract")) {
		a->cmd = MM_CMD_EXTRACT;
		argv[1] = argv[0];
		argv++;
		argc--;
		a->fwd = calloc(argc, sizeof(*a->fwd));
		a->meta = calloc(argc, sizeof(*a->meta));
		if (!a->fwd || !a->meta)
			mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
	}

	while ((c = getopt_long(argc, argv, "dfho:qV", longopts,
				&longindex)) != -1) {
		if (a->cmd == MM_CMD_EXTRACT)
			extract_opt(a, c, longindex, optarg);
		longindex = -1;
		switch (c) {
		case OPT_BAD_BLOCKS:
			free(bad);
			if (mm_bbt_parse_list(optarg, &bad, &n_bad))
				mm_errtryhelp("invalid --bad-blocks '%s' (block indexes like 3,20,0x14,30-33)",
					      optarg);
			a->open.bad_blocks = bad;
			a->open.n_bad_blocks = n_bad;
			break;
		case OPT_BB:
			if (a->cmd == MM_CMD_CONVERT)
				a->out_bb = arg_bb("--bb", optarg);
			else
				a->open.bb_mode = arg_bb("--bb", optarg);
			break;
		case OPT_IN_BB:
			a->open.bb_mode = arg_bb("--in-bb", optarg);
			break;
		case OPT_BBM_OFFSET:
			a->open.bbm.offset = arg_num("--bbm-offset", optarg,
						     MM_MAX_PAGE_SIZE - 1);
			break;
		case OPT_BBM_PAGES:
			a->open.bbm.pages = arg_bbm_pages(optarg);
			break;
		case OPT_BIT_REVERSE:
			a->open.transforms |= MM_XFORM_BITREV;
			break;
		case OPT_BODYFILE:
			a->bodyfile = optarg;
			break;
		case OPT_BLOCK_COUNT:
			a->open.geom.block_count = arg_num("--block-count",
							   optarg, UINT32_MAX);
			if (!a->open.geom.block_count)
				mm_errtryhelp("invalid --block-count '%s'", optarg);
			break;
		case OPT_BUS_WIDTH:
			a->open.geom.bus_width = arg_num("--bus-width", optarg, 16);
			if (a->open.geom.bus_width != 8 &&
			    a->open.geom.bus_width != 16)
				mm_errtryhelp("invalid --bus-width '%s' (8 or 16)",
					      optarg);
			break;
		case OPT_CUT:
			if (!strcmp(optarg, "random"))
				a->cut = MM_REPLAY_RANDOM;
			else
				a->cut = arg_num("--cut", optarg,
						 MM_REPLAY_RANDOM - 1);
			a->cut_set = true;
			break;
		case 'd':
			a->debug = true;
			break;
		case OPT_ECC:
			a->ecc = optarg;
			break;
		case OPT_ECC_LOG:
			a->ecc_log = optarg;
			break;
		case OPT_EXTRA_READ:
			if (a->open.n_extra_reads >= MM_MAX_EXTRA_READS)
				mm_errtryhelp("too many --extra-read files (at most %d)",
					      MM_MAX_EXTRA_READS);
			a->extra_reads[a->open.n_extra_reads++] = optarg;
			a->open.extra_reads = a->extra_reads;
			break;
		case 'f':
			a->foreground = true;
			break;
		case OPT_FAULTS:
			add_faults(a, optarg);
			break;
		case OPT_FORCE:
			a->force = true;
			break;
		case OPT_FORMAT:
			a->open.format = optarg;
			break;
		case OPT_GUEST_WALK:
			a->guest_walk = true;
			break;
		case 'h':
			mm_usage();
		case OPT_INVERT:
			a->open.transforms |= MM_XFORM_INVERT;
			break;
		case OPT_JSON:
			a->json = true;
			break;
		case OPT_KERNEL:
			a->kernel = optarg;
			break;
		case OPT_LAYOUT:
			a->layout = optarg;
			break;
		case OPT_LIST:
			a->list = true;
			break;
		case OPT_LIST_LAYOUTS:
			list_layouts = true;
			break;
		case OPT_LIST_FORMATS:
			list_formats = true;
			break;
		case OPT_MAX_IO:
			a->max_io = arg_size("--max-io", optarg);
			if (a->max_io < 4096 || a->max_io > (64u << 20))
				mm_errtryhelp("invalid --max-io '%s' (4KiB to 64MiB)",
					      optarg);
			break;
		case OPT_MEMBER:
			a->open.member = optarg;
			break;
		case OPT_META:
			a->meta[a->n_meta++] = optarg;
			break;
		case OPT_MODULES:
			a->modules = optarg;
			break;
		case OPT_MTDPARTS:
			a->mtdparts = optarg;
			break;
		case OPT_MUSE_DEV:
			a->muse_dev = optarg;
			break;
		case OPT_MUSE_FD:
			a->muse_fd = arg_num("--muse-fd", optarg, INT_MAX);
			break;
		case OPT_MUSE_KO:
			a->muse_ko = optarg;
			break;
		case OPT_NAME:
			a->name = optarg;
			break;
		case OPT_NO_BBM_SCAN:
			a->open.no_bbm_scan = true;
			break;
		case OPT_NO_PROGRESS:
			a->progress = false;
			break;
		case OPT_NO_SANDBOX:
			a->no_sandbox = true;
			break;
		case 'o':
			if (a->cmd == MM_CMD_CONVERT ||
			    a->cmd == MM_CMD_REPLAY || a->cmd == MM_CMD_EXTRACT)
				a->output = optarg;
			else
				add_fuse_opt(a, optarg);
			break;
		case OPT_OUTPUT:
			a->output = optarg;
			break;
		case OPT_OOB_FILE:
			a->open.oob_file = optarg;
			break;
		case OPT_OOB_LAYOUT:
			a->oob_layout = optarg;
			break;
		case OPT_OOB_SIZE:
			a->open.geom.oob_size = arg_size("--oob-size", optarg);
			if (a->open.geom.oob_size > MM_MAX_PAGE_SIZE)
				mm_errtryhelp("invalid --oob-size '%s'", optarg);
			a->open.oob_size_set = true;
			break;
		case OPT_PAIRING: {
			char why[160];

			if (mm_pairing_parse(optarg, &a->pairing, why,
					     sizeof(why)))
				mm_errtryhelp("%s", why);
			break;
		}
		case OPT_OVERLAY:
			a->overlay = optarg;
			break;
		case OPT_PAGE_SIZE:
			a->open.geom.page_size = arg_size("--page-size", optarg);
			if (!mm_is_pow2(a->open.geom.page_size) ||
			    a->open.geom.page_size < 256 ||
			    a->open.geom.page_size > MM_MAX_PAGE_SIZE)
				mm_errtryhelp("invalid --page-size '%s' (a power of two from 256 to 64KiB)",
					      optarg);
			break;
		case OPT_PAGES_PER_BLOCK:
			a->open.geom.pages_per_block =
				arg_num("--pages-per-block", optarg,
					MM_MAX_PAGES_PER_BLOCK);
			if (!mm_is_pow2(a->open.geom.pages_per_block))
				mm_errtryhelp("invalid --pages-per-block '%s' (a power of two up to %u)",
					      optarg, MM_MAX_PAGES_PER_BLOCK);
			break;
		case OPT_PREPARE:
			a->prepare = true;
			break;
		case 'q':
			a->quiet = true;
			a->progress = false;
			break;
		case OPT_RECORD:
			a->record = optarg;
			break;
		case OPT_REENCODE:
			a->reencode = true;
			break;
		case OPT_SEED:
			a->seed = arg_num("--seed", optarg, UINT64_MAX);
			break;
		case OPT_SHELL:
			a->shell = true;
			break;
		case OPT_SECTOR_SIZE:
			a->open.sector_size = arg_size("--sector-size", optarg);
			if (!mm_is_pow2(a->open.sector_size) ||
			    a->open.sector_size < 128 ||
			    a->open.sector_size > MM_MAX_PAGE_SIZE)
				mm_errtryhelp("invalid --sector-size '%s'", optarg);
			break;
		case OPT_SIZE:
			a->open.chip_size = arg_size("--size", optarg);
			if (!a->open.chip_size)
				mm_errtryhelp("invalid --size '%s'", optarg);
			break;
		case OPT_SUBPAGE:
			parse_subpage(a, optarg);
			break;
		case OPT_SWAP16:
			a->open.transforms |= MM_XFORM_SWAP16;
			break;
		case OPT_TAR:
			a->tar = optarg;
			break;
		case OPT_TIMEOUT:
			a->timeout = arg_num("--timeout", optarg, 86400);
			if (!a->timeout)
				mm_errtryhelp("invalid --timeout '%s' (seconds, 1 to 86400)",
					      optarg);
			break;
		case OPT_TRANSFORM:
			a->open.transforms |= arg_transforms(optarg);
			break;
		case OPT_TO:
			if (strcmp(optarg, "raw") && strcmp(optarg, "oob"))
				mm_errtryhelp("invalid --to '%s' (raw or oob)", optarg);
			a->to = optarg;
			break;
		case OPT_TORN:
			a->torn = true;
			break;
		case OPT_TYPE:
			a->type = optarg;
			break;
		case OPT_USER:
			if (!*optarg)
				mm_errtryhelp("invalid --user ''");
			a->user = optarg;
			break;
		case OPT_NO_HASH:
			a->no_hash = true;
			break;
		case OPT_VERIFY:
			a->verify = true;
			break;
		case 'V':
			printf(MM_PROG " " MM_VERSION "\n");
			exit(MM_EXIT_OK);
		case OPT_WRITABLE:
			a->writable = true;
			break;
		default:
			fprintf(stderr, "Try '" MM_PROG " --help' for more information.\n");
			exit(MM_EXIT_USAGE);
		}
	}
	if (list_formats || list_layouts) {
		if (list_formats)
			mm_list_formats();
		if (list_layouts)
			mm_list_layouts();
		exit(MM_EXIT_OK);
	}
	if (a->layout && (a->ecc || a->oob_layout))
		mm_errtryhelp("--layout replaces --ecc and --oob-layout: give one of them");
	if (a->layout && a->reencode)
		mm_errtryhelp("--reencode works with --ecc; with --layout the output is the controller's logical page");
	mm_set_quiet(a->quiet);
	if (a->progress) {
		a->open.progress = mm_progress;
		a->open.progress_arg = NULL;
	}

	npos = argc - optind;
	if (a->cmd != MM_CMD_EXTRACT && (a->tar || a->bodyfile || a->kernel ||
					 a->modules || a->muse_ko ||
					 a->prepare || a->shell ||
					 a->guest_walk || a->timeout ||
					 a->n_meta))
		mm_errtryhelp("--tar, --bodyfile, --kernel, --modules, --muse-ko, --prepare, --shell and --timeout are extract options");
	if (a->ecc_log && a->cmd != MM_CMD_SERVE && !a->guest_walk)
		mm_errtryhelp("--ecc-log is a serve option");
	if (a->cmd == MM_CMD_EXTRACT && a->prepare && npos == 0)
		return;
	if (npos < 1)
		mm_errtryhelp("no dump file given");
	a->dump = argv[optind];
	switch (a->cmd) {
	case MM_CMD_INFO:
		if (npos > 1)
			mm_errtryhelp("unexpected argument '%s'", argv[optind + 1]);
		break;
	case MM_CMD_CONVERT:
		if (npos > 1)
			mm_errtryhelp("unexpected argument '%s'", argv[optind + 1]);
		if (!a->output)
			mm_errtryhelp("convert needs an output file (-o FILE)");
		if (!a->to)
			a->to = "raw";
		break;
	case MM_CMD_REPLAY:
		if (a->list) {
			if (npos > 1)
				mm_errtryhelp("replay --list takes the record log only");
			if (a->output || a->cut_set || a->torn ||
			    a->pairing.kind)
				mm_errtryhelp("replay --list only lists the log: no -o, --cut, --torn or --pairing");
			a->log = a->dump;
			break;
		}
		if (npos < 2)
			mm_errtryhelp("replay needs the dump and the record log");
		if (npos > 2)
			mm_errtryhelp("unexpected argument '%s'", argv[optind + 2]);
		a->log = argv[optind + 1];
		if (!a->output)
			mm_errtryhelp("replay needs an output file (-o FILE)");
		if (!a->cut_set)
			mm_errtryhelp("replay needs --cut=N or --cut=random");
		break;
	case MM_CMD_EXTRACT:
		if (npos > 1)
			mm_errtryhelp("unexpected argument '%s'", argv[optind + 1]);
		if (a->guest_walk) {
			if (!a->output)
				mm_errtryhelp("--guest-walk needs the output device (-o)");
			break;
		}
		if (a->prepare)
			break;
		if (!a->output == !a->tar && !a->shell)
			mm_errtryhelp("extract needs an output directory (-o DIR) or --tar=FILE");
		if (a->shell && (a->output || a->tar))
			mm_errtryhelp("--shell opens a shell in the guest; it writes no files");
		break;
	default:
		if (npos > 2)
			mm_errtryhelp("unexpected argument '%s'", argv[optind + 2]);
		if (npos == 2) {
			a->cmd = MM_CMD_VIEW;
			a->mountpoint = argv[optind + 1];
		} else {
			a->cmd = MM_CMD_SERVE;
		}
		break;
	}
	if (a->verify && a->cmd != MM_CMD_INFO)
		mm_errtryhelp("--verify applies to info only");
	if (a->no_hash && a->cmd != MM_CMD_INFO)
		mm_errtryhelp("--no-hash applies to info only");
	if (a->overlay && !a->writable && a->cmd == MM_CMD_SERVE)
		a->writable = true;
	if (a->cmd != MM_CMD_SERVE && (a->faults || a->record))
		mm_errtryhelp("--faults and --record are serve options");
	if (a->cmd != MM_CMD_REPLAY && (a->cut_set || a->torn ||
					  a->pairing.kind || a->list))
		mm_errtryhelp("--cut, --torn, --pairing and --list are replay options");
	if (a->pairing.kind && (!a->type || strcmp(a->type, "mlc-nand")))
		mm_errtryhelp("--pairing is a rule of MLC NAND: give --type=mlc-nand too");
	if (a->record && !a->writable)
		mm_errtryhelp("--record needs a writable MTD (--writable or --overlay)");
	if (a->faults)
		mm_faults_set_seed(a->faults, a->seed);
}

void mm_args_free(struct mm_args *a)
{
	size_t i;

	for (i = 0; i < a->n_fwd; i++)
		free((void *)a->fwd[i]);
	free(a->fwd);
	free(a->meta);
	free((void *)a->open.bad_blocks);
	free(a->fuse_opts);
	mm_faults_free(a->faults);
}
