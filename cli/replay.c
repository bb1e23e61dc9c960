// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * replay.c - 'muse-mount replay [dump options] DUMP LOG --cut=N|random
 * [--seed=S] [--torn [--type=mlc-nand --pairing=RULE]] -o OUT
 * [--to=raw|oob] [--force]': the chip as a power
 * cut after the first N records of a --record log left it, written as a
 * new dump (page + OOB records when the dump has OOB, else data only).
 *
 * Neither the dump nor the log is written. The output goes to a temporary
 * file in its directory, renamed over OUT when complete. Blocks marked bad
 * through MUSE_MARKBAD get a bad block marker (0x00 at the marker byte of
 * their first two pages) so that serving OUT sees them bad.
 *
 * 'muse-mount replay --list LOG' lists the log's whole records instead,
 * one line each, with the offset just past it (a script that noted the
 * log's size at some moment finds which records were acknowledged then).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/badblocks.h"
#include "../core/muse/replay.h"
#include "cli.h"

static int read_dump(void *arg, uint64_t page, uint8_t *data, uint8_t *oob)
{
	struct mm_dump *d = arg;
	int ret;

	ret = mm_dump_read_page(d, page, data, d->geom.oob_size ? oob : NULL);
	return ret < 0 ? -EIO : 0;
}

static void check_output(const struct mm_args *a, int dump_fd)
{
	struct stat in, out, lg;

	if (stat(a->output, &out))
		return;
	if ((!fstat(dump_fd, &in) && in.st_dev == out.st_dev &&
	     in.st_ino == out.st_ino) ||
	    (!stat(a->log, &lg) && lg.st_dev == out.st_dev &&
	     lg.st_ino == out.st_ino))
		mm_err(MM_EXIT_USAGE, 0, "%s: is an input; refusing to overwrite it",
		       a->output);
	if (!a->force)
		mm_err(MM_EXIT_USAGE, 0, "%s: already exists (use --force to overwrite it)",
		       a->output);
	if (!S_ISREG(out.st_mode))
		mm_err(MM_EXIT_USAGE, 0, "%s: not a regular file; refusing to replace it",
		       a->output);
}

static void describe(const struct mm_args *a, const struct mm_replay_result *r)
{
	printf("%s: cut %" PRIu64 " of %" PRIu64 " records (%" PRIu64 " syncs)",
	       a->output, r->cut, r->total, r->syncs);
	if (r->torn_op == MM_REC_WRITE) {
		printf(", record %" PRIu64 " WRITE torn at page %" PRIu64
		       " (%" PRIu64 " pages before it, %" PRIu64 " of %" PRIu64
		       " bits programmed)", r->cut, r->torn_what, r->torn_done,
		       r->torn_bits, r->torn_of);
		if (r->paired)
			printf(", its lower page %" PRIu64 " damaged (%" PRIu64
			       " of %" PRIu64 " bits flipped)", r->paired_page,
			       r->paired_bits, r->paired_of);
	} else if (r->torn_op == MM_REC_ERASE) {
		printf(", record %" PRIu64 " ERASE torn at block %" PRIu64
		       " (%" PRIu64 " blocks before it, %" PRIu64 " of %" PRIu64
		       " pages erased)", r->cut, r->torn_what, r->torn_done,
		       r->torn_bits, r->torn_of);
	} else if (r->torn_op) {
		printf(", record %" PRIu64 " %s cut (not applied)", r->cut,
		       mm_rec_opname(r->torn_op));
	}
	printf("\n");
}

/* Write the chip: every page from the overlay, else the dump. */
static int write_out(const struct mm_args *a, struct mm_dump *d,
		     struct mm_overlay *ov, bool with_oob, FILE *out)
{
	const struct mm_geom *g = &d->geom;
	unsigned int bbm = mm_bbm_resolve_offset(g, &a->open.bbm);
	uint8_t *data = malloc(g->page_size), *oob = malloc(g->oob_size + 1);
	uint64_t blk, page;
	uint32_t p;
	int ret = 0;

	if (!data || !oob) {
		ret = -ENOMEM;
		goto out_free;
	}
	for (blk = 0; blk < g->block_count; blk++) {
		bool bad = mm_overlay_is_bad(ov, blk);

		for (p = 0; p < g->pages_per_block; p++) {
			page = blk * g->pages_per_block + p;
			ret = mm_overlay_read_page(ov, page, data, oob);
			if (ret == MM_OVL_ERASED) {
				memset(data, 0xff, g->page_size);
				memset(oob, 0xff, g->oob_size);
			} else if (ret == MM_OVL_MISS) {
				ret = read_dump(d, page, data, oob);
			}
			if (ret < 0)
				goto out_free;
			if (bad && p < 2 && g->oob_size) {
				oob[bbm % g->oob_size] = 0;
				if (g->bus_width == 16 && bbm + 1 < g->oob_size)
					oob[bbm + 1] = 0;
			}
			if (fwrite(data, 1, g->page_size, out) != g->page_size ||
			    (with_oob && fwrite(oob, 1, g->oob_size, out) !=
					 g->oob_size)) {
				ret = -errno;
				goto out_free;
			}
		}
	}
	ret = 0;
out_free:
	free(data);
	free(oob);
	return ret;
}

/* replay --list: the header, then one line per whole record. */
static int list_log(const struct mm_args *a)
{
	struct mm_rec_reader *rd;
	struct mm_rec_hdr hdr;
	struct mm_rec rec;
	uint64_t n = 0, syncs = 0, unit;
	char msg[512];
	int ret;

	ret = mm_rec_open_read(&rd, a->log, &hdr, msg, sizeof(msg));
	if (ret)
		mm_err(ret == -EINVAL ? MM_EXIT_INPUT : MM_EXIT_SYSTEM, 0,
		       "%s: %s", a->log, msg);
	printf("# %s: %u+%u bytes per page, %u pages per block, %" PRIu64
	       " blocks, dump of %" PRIu64 " bytes\n", a->log,
	       hdr.geom.page_size, hdr.geom.oob_size, hdr.geom.pages_per_block,
	       hdr.geom.block_count, hdr.id.dump_size);
	printf("# record end op addr len result units\n");
	unit = 8 + (uint64_t)hdr.geom.page_size + hdr.geom.oob_size;
	while ((ret = mm_rec_next(rd, &rec)) == 1) {
		uint64_t units = 0;

		if (rec.op == MM_REC_WRITE)
			units = rec.payload_len / unit;
		else if (rec.op == MM_REC_ERASE)
			units = rec.payload_len / 8;
		else if (rec.op == MM_REC_SYNC)
			syncs++;
		printf("%" PRIu64 " %" PRIu64 " %s 0x%" PRIx64 " %" PRIu64
		       " %d %" PRIu64 "\n", rec.seq, mm_rec_offset(rd),
		       mm_rec_opname(rec.op), rec.addr, rec.len, rec.result,
		       units);
		n++;
	}
	if (ret < 0)
		mm_err(MM_EXIT_SYSTEM, -ret, "%s: read error (at 0x%" PRIx64 ")",
		       a->log, mm_rec_offset(rd));
	printf("# %" PRIu64 " records (%" PRIu64 " syncs)", n, syncs);
	if (mm_rec_torn(rd))
		printf(", %" PRIu64 " bytes of a torn last record ignored",
		       mm_rec_torn(rd));
	printf("\n");
	mm_rec_close_read(rd);
	return MM_EXIT_OK;
}

int mm_cmd_replay(struct mm_args *a)
{
	struct mm_replay_opts ro = { .cut = a->cut, .torn = a->torn,
				     .seed = a->seed,
				     .pairing = a->pairing.kind ? &a->pairing :
								  NULL };
	struct mm_overlay_ident id;
	struct mm_replay_result res;
	struct mm_rec_reader *rd;
	struct mm_overlay *ov;
	struct mm_rec_hdr hdr;
	const struct mm_geom *g;
	struct mm_flash fl;
	char msg[512], tmp[4096], *dcopy, *bcopy;
	bool with_oob;
	FILE *out;
	int ret, fd;

	if (a->list)
		return list_log(a);
	mm_cli_open(&fl, a, 0);
	g = &fl.dump.geom;
	with_oob = a->to ? !strcmp(a->to, "oob") : g->oob_size > 0;
	if (with_oob && !g->oob_size)
		mm_err(MM_EXIT_INPUT, 0, "%s: the dump has no OOB; --to=oob needs one",
		       a->dump);
	ret = mm_rec_open_read(&rd, a->log, &hdr, msg, sizeof(msg));
	if (ret)
		mm_err(ret == -EINVAL ? MM_EXIT_INPUT : MM_EXIT_SYSTEM, 0,
		       "%s: %s", a->log, msg);
	if (hdr.geom.page_size != g->page_size ||
	    hdr.geom.oob_size != g->oob_size ||
	    hdr.geom.pages_per_block != g->pages_per_block ||
	    hdr.geom.block_count != g->block_count)
		mm_err(MM_EXIT_INPUT, 0, "%s: recorded over another geometry (%u+%u bytes, %u pages per block, %" PRIu64 " blocks; the dump has %u+%u, %u, %" PRIu64 ")",
		       a->log, hdr.geom.page_size, hdr.geom.oob_size,
		       hdr.geom.pages_per_block, hdr.geom.block_count,
		       g->page_size, g->oob_size, g->pages_per_block,
		       g->block_count);
	memset(&id, 0, sizeof(id));
	fd = open(a->dump, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		mm_err(MM_EXIT_INPUT, errno, "%s", a->dump);
	ret = mm_overlay_ident_fd(fd, &id);
	close(fd);
	if (ret)
		mm_err(MM_EXIT_SYSTEM, -ret, "%s: identifying the dump", a->dump);
	if (id.dump_size != hdr.id.dump_size ||
	    memcmp(id.sample, hdr.id.sample, sizeof(id.sample))) {
		if (!a->force)
			mm_err(MM_EXIT_INPUT, 0, "%s: recorded over another dump than %s (--force replays it anyway)",
			       a->log, a->dump);
		mm_warn("%s: recorded over another dump than %s", a->log,
			a->dump);
	}
	ret = mm_overlay_open(&ov, NULL, g, &id, msg, sizeof(msg));
	if (ret)
		mm_err(MM_EXIT_SYSTEM, -ret, "%s: %s", a->dump, msg);
	ret = mm_replay(rd, g, ov, read_dump, &fl.dump, &ro, &res, msg,
			sizeof(msg));
	if (ret)
		mm_err(ret == -EINVAL ? MM_EXIT_USAGE : MM_EXIT_SYSTEM, 0,
		       "%s: %s", a->log, msg);
	if (res.torn_bytes)
		mm_note("%s: %" PRIu64 " bytes of a torn last record ignored",
			a->log, res.torn_bytes);

	check_output(a, fl.dump.src.fd);
	dcopy = strdup(a->output);
	bcopy = strdup(a->output);
	if (!dcopy || !bcopy)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "%s", a->output);
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dirname(dcopy),
		 basename(bcopy));
	free(dcopy);
	free(bcopy);
	fd = mkstemp(tmp);
	if (fd < 0)
		mm_err(MM_EXIT_SYSTEM, errno, "%s: cannot create a file in its directory",
		       a->output);
	out = fdopen(fd, "w");
	if (!out) {
		unlink(tmp);
		mm_err(MM_EXIT_SYSTEM, errno, "%s", tmp);
	}
	setvbuf(out, NULL, _IOFBF, 1 << 18);
	ret = write_out(a, &fl.dump, ov, with_oob, out);
	if (!ret && (fflush(out) || fchmod(fd, 0644) || fsync(fd)))
		ret = -errno;
	if (fclose(out) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, a->output))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		mm_err(MM_EXIT_SYSTEM, -ret, "%s: write error", a->output);
	}
	if (!a->quiet)
		describe(a, &res);
	mm_overlay_close(ov);
	mm_rec_close_read(rd);
	mm_flash_close(&fl);
	return MM_EXIT_OK;
}
