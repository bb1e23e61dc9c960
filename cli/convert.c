// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * convert.c - 'muse-mount convert DUMP -o OUT --to=raw|oob [--bb=MODE]
 * [--force]': write the dump as data only or as page+OOB records, page by
 * page, in physical block order.
 *
 * Bad blocks in the output follow nanddump's --bb (mtd-utils nanddump.c):
 * dumpbad writes them as read, padbad writes 0xFF for their data and OOB,
 * skipbad leaves them out. The output is written to a temporary file in the
 * same directory and renamed over OUT only when complete, so an error never
 * leaves a half-written OUT. The input is never the output.
 *
 * With --ecc the pages are corrected (--to=raw: corrected data; --to=oob:
 * corrected data and ECC bytes); with --reencode the ECC bytes of the
 * --to=oob records are recomputed from the data instead. Uncorrectable steps
 * are written as read and make the exit status 4.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/badblocks.h"
#include "../core/ecc/ecc_scan.h"
#include "../formats/format.h"
#include "report.h"

struct convert {
	struct mm_flash fl;		/* the dump and its ECC codec */
	const struct mm_args *a;
	struct mm_ecc_stat st;
	bool with_oob;
	enum mm_bb_mode bb;
	uint8_t *data;
	uint8_t *oob;
	FILE *out;
	int fd;
};

/* The temporary output, removed if a signal ends the run. */
static char tmp_path[4096];
static volatile sig_atomic_t tmp_live;

static void on_signal(int sig)
{
	if (tmp_live)
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * The page as stored: with --overlay, as the kernel left it (programmed,
 * erased, else the dump's); otherwise the dump's.
 */
static int stored_page(struct convert *c, uint64_t page, void *oob)
{
	const struct mm_geom *g = &c->fl.dump.geom;
	int ret;

	if (c->fl.ov) {
		ret = mm_overlay_read_page(c->fl.ov, page, c->data, oob);
		if (ret < 0) {
			mm_set_error(&c->fl.dump.in, "reading the overlay: %s",
				     strerror(-ret));
			return ret;
		}
		if (ret == MM_OVL_PROGRAMMED)
			return 0;
		if (ret == MM_OVL_ERASED) {
			memset(c->data, 0xff, g->page_size);
			if (oob)
				memset(oob, 0xff, g->oob_size);
			return 0;
		}
	}
	return mm_dump_read_page(&c->fl.dump, page, c->data, oob);
}

/*
 * Every page of the output is read here, and only here. With an ECC scheme
 * (--ecc) the page is corrected (data and ECC bytes; erased steps with flips
 * become 0xFF); with --reencode the ECC bytes are instead computed from the
 * data as read, as a controller would on write (no correction, so a wrong
 * scheme cannot miscorrect the data). @st: where the verdict counts, NULL
 * for the pages of a bad block (dumpbad): a factory-bad block holds no
 * data, and a marker inside an ECC step (brcmnand, mtk-nfi) does not decode,
 * so counting it would make the exit status 4 where info (which skips bad
 * blocks) says 0.
 */
static int convert_read_page(struct convert *c, uint64_t page,
			     struct mm_ecc_stat *st)
{
	int ret;

	if (!c->fl.ecc || !mm_ecc_enabled(c->fl.ecc))
		return stored_page(c, page, c->with_oob ? c->oob : NULL);
	ret = stored_page(c, page, c->oob);
	if (ret < 0 || ret == MM_PAGE_ABSENT)
		return ret;
	if (c->a->reencode)
		return mm_ecc_encode(c->fl.ecc, c->data, c->oob);
	return mm_ecc_correct_page(c->fl.ecc, page, c->data, c->oob, st, NULL);
}

/* mm_err() that first removes the temporary output. */
static noreturn void fail(int status, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(int status, int errnum, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (tmp_live) {
		unlink(tmp_path);
		tmp_live = 0;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mm_err(status, errnum, "%s", msg);
}

/* --reencode's requirements. */
static void check_reencode(struct convert *c)
{
	if (c->a->reencode && (!c->with_oob || !mm_flash_ecc_on(&c->fl)))
		fail(MM_EXIT_USAGE, 0, "--reencode needs --to=oob and an ECC scheme (--ecc)");
}

/* Refuse OUT when it is the input (also through links) or exists. */
static void check_output(struct convert *c)
{
	const char *out = c->a->output;
	struct stat in_st, out_st;

	if (fstat(c->fl.dump.src.fd, &in_st))
		fail(MM_EXIT_SYSTEM, errno, "%s", c->a->dump);
	if (stat(out, &out_st) == 0) {
		if (out_st.st_dev == in_st.st_dev &&
		    out_st.st_ino == in_st.st_ino)
			fail(MM_EXIT_USAGE, 0, "%s: is the input dump; refusing to overwrite it",
			     out);
		if (S_ISDIR(out_st.st_mode))
			fail(MM_EXIT_USAGE, 0, "%s: is a directory", out);
		if (!c->a->force)
			fail(MM_EXIT_USAGE, 0, "%s: already exists (use --force to overwrite it)",
			     out);
		if (!S_ISREG(out_st.st_mode))
			fail(MM_EXIT_USAGE, 0, "%s: not a regular file; refusing to replace it",
			     out);
	} else if (errno != ENOENT) {
		fail(MM_EXIT_SYSTEM, errno, "%s", out);
	} else if (lstat(out, &out_st) == 0 && !c->a->force) {
		/* A dangling symbolic link. */
		fail(MM_EXIT_USAGE, 0, "%s: already exists (use --force to overwrite it)",
		     out);
	}
}

static void open_tmp(struct convert *c)
{
	const char *out = c->a->output;
	char *dcopy = strdup(out), *bcopy = strdup(out);
	int n;

	if (!dcopy || !bcopy)
		fail(MM_EXIT_SYSTEM, ENOMEM, "%s", out);
	n = snprintf(tmp_path, sizeof(tmp_path), "%s/.%s.XXXXXX",
		     dirname(dcopy), basename(bcopy));
	free(dcopy);
	free(bcopy);
	if (n < 0 || (size_t)n >= sizeof(tmp_path))
		fail(MM_EXIT_USAGE, 0, "%s: name too long", out);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	/* Past RLIMIT_FSIZE, fail with EFBIG and clean up instead of dying. */
	signal(SIGXFSZ, SIG_IGN);
	c->fd = mkstemp(tmp_path);
	if (c->fd < 0)
		fail(MM_EXIT_SYSTEM, errno, "%s: cannot create a file in its directory",
		     out);
	tmp_live = 1;
	c->out = fdopen(c->fd, "w");
	if (!c->out)
		fail(MM_EXIT_SYSTEM, errno, "%s", tmp_path);
	setvbuf(c->out, NULL, _IOFBF, 1 << 18);
}

static void put(struct convert *c, const void *p, size_t n)
{
	if (fwrite(p, 1, n, c->out) != n)
		fail(MM_EXIT_SYSTEM, errno, "%s: write error", c->a->output);
}

static void finish(struct convert *c)
{
	mode_t um = umask(0);

	umask(um);
	if (fflush(c->out) || fchmod(c->fd, 0666 & ~um) || fsync(c->fd))
		fail(MM_EXIT_SYSTEM, errno, "%s: write error", c->a->output);
	if (fclose(c->out)) {
		c->out = NULL;
		fail(MM_EXIT_SYSTEM, errno, "%s: write error", c->a->output);
	}
	c->out = NULL;
	if (rename(tmp_path, c->a->output))
		fail(MM_EXIT_SYSTEM, errno, "%s: cannot rename %s to it",
		     c->a->output, tmp_path);
	tmp_live = 0;
}

int mm_cmd_convert(struct mm_args *a)
{
	struct convert *c = calloc(1, sizeof(*c));
	struct mm_report_progress pr;
	const struct mm_geom *g;
	uint64_t blk, page;
	uint32_t p;
	bool bad, marked;
	int ret;

	if (!c)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "convert");
	c->a = a;
	c->fd = -1;
	c->bb = a->out_bb ? a->out_bb : MM_BB_DUMPBAD;
	c->with_oob = !strcmp(a->to, "oob");
	if (a->overlay && access(a->overlay, F_OK))
		mm_err(MM_EXIT_USAGE, errno, "%s", a->overlay);
	/* --overlay: read through it (as serve left it), never creating one */
	mm_cli_open(&c->fl, a, MM_CLI_ECC_NOTE |
		    (a->overlay ? MM_CLI_WRITES : 0));
	g = &c->fl.dump.geom;
	if (c->with_oob && !g->oob_size)
		fail(MM_EXIT_INPUT, 0, "%s: the dump has no OOB (format '%s'); --to=oob needs one",
		     a->dump, c->fl.dump.fmt->name);
	c->data = malloc(g->page_size);
	c->oob = malloc(g->oob_size ? g->oob_size : 1);
	if (!c->data || !c->oob)
		fail(MM_EXIT_SYSTEM, ENOMEM, "%s", a->dump);
	check_reencode(c);
	check_output(c);
	open_tmp(c);

	mm_report_progress_init(&pr, mm_progress, NULL);
	for (blk = 0; blk < g->block_count; blk++) {
		if (a->progress)
			mm_report_progress(&pr, "converting", blk,
					   g->block_count);
		bad = mm_bbt_is_bad(&c->fl.dump.bbt, blk);
		marked = c->fl.ov && mm_overlay_is_bad(c->fl.ov, blk);
		bad |= marked;
		if (bad && c->bb == MM_BB_SKIPBAD)
			continue;
		for (p = 0; p < g->pages_per_block; p++) {
			page = blk * g->pages_per_block + p;
			if (bad && c->bb == MM_BB_PADBAD) {
				memset(c->data, 0xff, g->page_size);
				memset(c->oob, 0xff, g->oob_size);
			} else {
				ret = convert_read_page(c, page,
							bad ? NULL : &c->st);
				if (ret < 0)
					fail(ret == -EIO ? MM_EXIT_SYSTEM :
					     MM_EXIT_INPUT, 0, "%s: %s",
					     a->dump, mm_dump_error(&c->fl.dump));
			}
			/* MARKBAD through the overlay: the marker, as a chip has it */
			if (marked && c->with_oob && p < 2)
				c->oob[mm_bbm_resolve_offset(g, &c->fl.dump.opts.bbm)] = 0;
			put(c, c->data, g->page_size);
			if (c->with_oob)
				put(c, c->oob, g->oob_size);
		}
	}
	if (a->progress)
		mm_report_progress(&pr, "converting", g->block_count,
				   g->block_count);
	finish(c);
	if (c->fl.ecc && mm_ecc_enabled(c->fl.ecc) && !a->reencode) {
		if (c->st.uncorrectable_steps)
			mm_warn("%s: ECC %s: %u uncorrectable steps (written as read)",
				a->dump, mm_ecc_name(c->fl.ecc),
				c->st.uncorrectable_steps);
		mm_note("%s: ECC %s: %u steps, %u corrected (%u bits), %u uncorrectable, %u erased",
			a->dump, mm_ecc_name(c->fl.ecc), c->st.steps,
			c->st.corrected_steps, c->st.corrected_bits,
			c->st.uncorrectable_steps, c->st.erased_steps);
		if (c->st.uncorrectable_steps)
			ret = MM_EXIT_ECC;
		else
			ret = MM_EXIT_OK;
	} else {
		ret = MM_EXIT_OK;
	}
	mm_flash_close(&c->fl);
	free(c->data);
	free(c->oob);
	free(c);
	return ret;
}
