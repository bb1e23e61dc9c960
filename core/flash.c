// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * flash.c - the opener: options in, flash object out. Every front end
 * opens its device here, so that what is decided (reader, geometry, ECC)
 * and how it is explained is the same for serve, view, info and convert.
 *
 *   mm_dump_open()     containers, transforms, reader, geometry, extra
 *                      reads, bad block map (core/open.c)
 *   open_ecc()         the ECC codec (a kernel scheme or a controller's
 *                      page layout), named or detected, once
 *   mm_fusion_use_ecc  extra reads fused per step of that codec
 *   open_parts()       --mtdparts against the geometry
 *   open_overlay()     the overlay, tied to the dump's identity
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../formats/format.h"
#include "../formats/transforms/transform.h"
#include "badblocks.h"
#include "ecc/ecc_scan.h"
#include "layout/presets.h"
#include "flash.h"
#include "fusion.h"
#include "open.h"
#include "partmap.h"

static int fail(struct mm_flash *f, enum mm_flash_stage stage, int ret,
		const char *fmt, ...)
{
	va_list ap;

	f->stage = stage;
	va_start(ap, fmt);
	vsnprintf(f->err, sizeof(f->err), fmt, ap);
	va_end(ap);
	return ret;
}

/*
 * The factory markers as the controller's driver reads them: the readers
 * looked at OOB byte 0 (or 5) before the layout was known; a layout puts
 * the marker elsewhere (in the data area, or nowhere: Amlogic), so unless
 * the user said where (--bbm-offset, --no-bbm-scan) the map is rebuilt
 * with the layout's marker (pages as --bbm-pages, default first + second).
 */
static int layout_markers(struct mm_flash *f, const struct mm_flash_opts *o)
{
	const struct mm_pagelayout *pl = mm_ecc_pagelayout(f->ecc);
	struct mm_dump *d = &f->dump;
	const struct mm_geom *g = &d->geom;
	uint32_t ppb = g->pages_per_block, which[3] = { 0, ppb > 1, ppb - 1 };
	unsigned int pages = d->opts.bbm.pages ? d->opts.bbm.pages :
			     MM_BBM_DEFAULT_PAGES, i;
	uint8_t *rec;
	uint64_t blk;
	int ret;

	if (!pl || o->open.no_bbm_scan || o->open.bbm.offset >= 0)
		return 0;
	if (pl->bbm_phys == g->page_size + mm_bbm_resolve_offset(g, &d->opts.bbm) &&
	    pl->bbm_len == (g->bus_width == 16 ? 2u : 1u))
		return 0;	/* where the readers looked */
	mm_bbt_free(&d->bbt);
	d->opts.no_bbm_scan = true;
	ret = mm_dump_build_bbt(d);
	d->opts.no_bbm_scan = false;
	if (ret)
		return fail(f, MM_FLASH_DUMP, ret, "%s", mm_dump_error(d));
	if (pl->bbm_phys == MM_PL_NONE)
		return 0;
	rec = malloc(mm_geom_record_size(g));
	if (!rec)
		return fail(f, MM_FLASH_DUMP, -ENOMEM, "out of memory");
	for (blk = 0; blk < g->block_count; blk++) {
		for (i = 0; i < 3; i++) {
			if (!(pages & (1u << i)))
				continue;
			ret = mm_dump_read_page(d, blk * ppb + which[i], rec,
						rec + g->page_size);
			if (ret < 0) {
				free(rec);
				return fail(f, MM_FLASH_DUMP, ret, "%s",
					    mm_dump_error(d));
			}
			if (ret != MM_PAGE_ABSENT && mm_pl_is_bad(pl, rec)) {
				mm_bbt_mark(&d->bbt, blk, MM_BBS_MARKER);
				break;
			}
		}
	}
	free(rec);
	return 0;
}

/* --layout (or info's probe): a controller's page layout as the codec. */
static int open_layout(struct mm_flash *f, const struct mm_flash_opts *o)
{
	struct mm_dump *d = &f->dump;
	bool probe = !o->layout;
	int ret;

	if (o->ecc || o->oob_layout)
		return fail(f, MM_FLASH_ECC, -EINVAL,
			    "--layout replaces --ecc and --oob-layout: give one of them");
	if (probe && !d->geom.oob_size)
		return 0;
	if (probe || !strcmp(o->layout, "auto")) {
		f->layout_probed = true;
		ret = mm_ecc_auto_layout(&f->ecc, d, f->ecc_why,
					 sizeof(f->ecc_why));
		if (ret == -EINVAL && probe)
			return 0;	/* said in ecc_why; no codec */
	} else {
		ret = mm_ecc_new_layout(&f->ecc, o->layout, &d->geom,
					f->ecc_why, sizeof(f->ecc_why));
		if (!ret)
			snprintf(f->ecc_why, sizeof(f->ecc_why), "--layout");
		else if (ret == -ENOENT)
			ret = -EINVAL;
	}
	if (ret)
		return fail(f, MM_FLASH_ECC, ret, "%s", ret == -EINVAL ?
			    f->ecc_why : ret == -ENOMEM ? "out of memory" :
			    mm_dump_error(d));
	ret = layout_markers(f, o);
	if (ret)
		return ret;
	ret = mm_fusion_use_ecc(d, f->ecc);
	if (ret)
		return fail(f, MM_FLASH_DUMP, ret, "%s", mm_dump_error(d));
	return 0;
}

static int open_ecc(struct mm_flash *f, const struct mm_flash_opts *o)
{
	struct mm_dump *d = &f->dump;
	int ret;

	if (o->layout || (o->probe_layout && !o->ecc && !o->oob_layout))
		return open_layout(f, o);
	if (!o->ecc && !o->oob_layout)
		return 0;
	if (!d->geom.oob_size)
		return fail(f, MM_FLASH_ECC, -EINVAL,
			    "--ecc and --oob-layout need a dump with OOB");
	ret = mm_ecc_open(&f->ecc, d, o->ecc, o->oob_layout, f->ecc_why,
			  sizeof(f->ecc_why));
	if (ret)
		return fail(f, MM_FLASH_ECC, ret, "%s", ret == -EINVAL ?
			    f->ecc_why : mm_dump_error(d));
	ret = mm_fusion_use_ecc(d, f->ecc);
	if (ret)
		return fail(f, MM_FLASH_DUMP, ret, "%s", mm_dump_error(d));
	return 0;
}

/* --mtdparts=auto[:SOURCE]: the content scan, the maps, one chosen. */
static int scan_page(void *arg, uint64_t page, void *data, void *oob)
{
	struct mm_flash *f = arg;

	return mm_ecc_read_page(f->ecc, &f->dump, page, data, oob, NULL, NULL);
}

static int open_auto_parts(struct mm_flash *f, const struct mm_flash_opts *o)
{
	struct mm_partmap maps[MM_PARTMAP_MAX];
	struct mm_scan_reader rd = { scan_page, f, NULL };
	struct mm_dump *d = &f->dump;
	struct mm_scan scan;
	size_t n = 0;
	char msg[512];
	int ret, i;

	if (f->ecc && mm_ecc_moves_bytes(f->ecc)) {
		rd.layout = mm_ecc_layout(f->ecc);
		ret = mm_scan_with(d, &scan, &rd);
	} else {
		ret = mm_scan(d, &scan);
	}
	if (ret)
		return fail(f, MM_FLASH_DUMP, ret, "%s", mm_dump_error(d));
	ret = mm_partmaps_find(d, f->ecc, &scan, maps, MM_PARTMAP_MAX, &n);
	mm_scan_free(&scan);
	if (ret)
		return fail(f, MM_FLASH_DUMP, ret, "%s", mm_dump_error(d));
	i = mm_partmaps_choose(maps, n, o->mtdparts, o->mtd_name, msg,
			       sizeof(msg));
	if (i < 0) {
		mm_partmaps_free(maps, n);
		return fail(f, MM_FLASH_PARTS, -EINVAL, "%s", msg);
	}
	f->parts = maps[i].parts;
	f->nparts = maps[i].nparts;
	maps[i].parts = NULL;
	snprintf(f->parts_spec, sizeof(f->parts_spec), "%s", maps[i].spec);
	snprintf(f->parts_source, sizeof(f->parts_source), "%s at 0x%" PRIx64,
		 maps[i].source, maps[i].where);
	mm_partmaps_free(maps, n);
	return 0;
}

static int open_parts(struct mm_flash *f, const struct mm_flash_opts *o)
{
	const struct mm_geom *g = &f->dump.geom;
	char msg[256];
	int ret;

	if (!o->mtdparts)
		return 0;
	if (!strcmp(o->mtdparts, "auto") || !strncmp(o->mtdparts, "auto:", 5))
		return open_auto_parts(f, o);
	snprintf(f->parts_source, sizeof(f->parts_source), "--mtdparts");
	ret = mm_parts_parse(o->mtdparts, mm_geom_size(g), mm_geom_eb_size(g),
			     &f->parts, &f->nparts, msg, sizeof(msg));
	if (ret == -EINVAL)
		return fail(f, MM_FLASH_PARTS, ret, "invalid --mtdparts '%s': %s",
			    o->mtdparts, msg);
	if (ret)
		return fail(f, MM_FLASH_PARTS, ret, "--mtdparts: %s",
			    strerror(-ret));
	return 0;
}

/* The overlay file must not be the dump (or its spare file) itself. */
static bool is_input(const char *overlay, const struct mm_flash_opts *o,
		     const char *path)
{
	struct stat so, sd;

	if (stat(overlay, &so))
		return false;
	if (!stat(path, &sd) && so.st_dev == sd.st_dev &&
	    so.st_ino == sd.st_ino)
		return true;
	return o->open.oob_file && !stat(o->open.oob_file, &sd) &&
	       so.st_dev == sd.st_dev && so.st_ino == sd.st_ino;
}

/*
 * What ties an overlay to its dump: the file's identity, the reader and the
 * options that change which bytes a page holds.
 */
static int overlay_ident(struct mm_flash *f, const char *path,
			 const struct mm_flash_opts *o,
			 struct mm_overlay_ident *id)
{
	const struct mm_open_opts *oo = &o->open;
	char sec[12] = "", xf[16] = "";
	unsigned int i, n = 0;
	int fd, ret;

	memset(id, 0, sizeof(*id));
	if (oo->sector_size)
		snprintf(sec, sizeof(sec), "s%u", oo->sector_size);
	for (i = 0; mm_transforms[i] && n + 1 < sizeof(xf); i++)
		if (oo->transforms & (1u << i))
			xf[n++] = mm_transforms[i]->ident;
	snprintf(id->format, sizeof(id->format), "%.16s:%s%s%.8s",
		 f->dump.fmt->name,
		 oo->bb_mode == MM_BB_SKIPBAD ? "b" :
		 oo->bb_mode == MM_BB_PADBAD ? "p" :
		 oo->bb_mode == MM_BB_DUMPBAD ? "d" : "", xf, sec);
	if (!o->overlay)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(f, MM_FLASH_DUMP, -errno, "%s", strerror(errno));
	ret = mm_overlay_ident_fd(fd, id);
	close(fd);
	if (ret)
		return fail(f, MM_FLASH_DUMP, ret, "identifying the dump: %s",
			    strerror(-ret));
	return 0;
}

static int open_overlay(struct mm_flash *f, const char *path,
			const struct mm_flash_opts *o)
{
	struct mm_overlay_ident id;
	int ret;

	if (!o->writable)
		return 0;
	if (o->overlay && is_input(o->overlay, o, path))
		return fail(f, MM_FLASH_OVERLAY, -EINVAL,
			    "the overlay cannot be the dump itself");
	ret = overlay_ident(f, path, o, &id);
	if (ret)
		return ret;
	ret = mm_overlay_open(&f->ov, o->overlay, &f->dump.geom, &id, f->err,
			      sizeof(f->err));
	if (ret)
		f->stage = MM_FLASH_OVERLAY;
	return ret;
}

/*
 * Controller layouts and geometry. Interleaved layouts (i.MX, Qualcomm,
 * MediaTek) hide the page structure from the readers' detection, so when
 * the geometry was not given and the layout (named, auto, or info's probe)
 * does not verify at the detected one, the opener tries the page + spare
 * sizes controllers use and keeps the one whose ECC verifies.
 */
static const uint32_t search_pages[] = { 2048, 4096, 8192, 16384, 0 };
static const uint32_t search_spares[] = {
	64, 112, 128, 224, 218, 232, 256, 376, 400, 436, 448, 512, 640, 744,
	1024, 1216, 1280, 1664, 2208, 0
};

struct geom_pick {
	struct mm_geom g;
	const char *layout;
	unsigned int ok, checked;
	bool marker_ok;
};

static bool geom_given(const struct mm_flash_opts *o)
{
	return o->open.geom.page_size || o->open.oob_size_set ||
	       o->open.geom.pages_per_block || o->open.geom.block_count;
}

static bool better(const struct geom_pick *a, const struct geom_pick *b)
{
	if (a->marker_ok != b->marker_ok)
		return a->marker_ok;
	return (uint64_t)a->ok * b->checked > (uint64_t)b->ok * a->checked ||
	       ((uint64_t)a->ok * b->checked == (uint64_t)b->ok * a->checked &&
		a->ok > b->ok);
}

/*
 * Layouts that swap the factory marker into the data (MediaTek, i.MX) keep
 * it at the page size: on every programmed page of a good block the byte
 * there is 0xFF. Tiled-sector layouts verify at other page sizes too (512,
 * 4096 for a 2048-byte chip); at a smaller page the byte at its page size
 * is data, so the true page is the smallest one whose markers hold.
 * Layouts without a swap: true.
 */
#define MARKER_SAMPLES	64

static bool markers_hold(struct mm_dump *t, const char *arg)
{
	const struct mm_geom *g = &t->geom;
	uint64_t count = mm_geom_page_count(g), stride, p;
	uint32_t rec = mm_geom_record_size(g), i;
	unsigned int seen = 0, ff = 0;
	const struct mm_pagelayout *pl;
	struct mm_ecc *e;
	uint8_t *buf;
	char msg[256];
	bool ret = true;

	if (mm_ecc_new_layout(&e, arg, g, msg, sizeof(msg)))
		return false;
	pl = mm_ecc_pagelayout(e);
	buf = malloc(rec);
	if (!buf || pl->swap_data == MM_PL_NONE || pl->bbm_phys == MM_PL_NONE)
		goto out_free;
	stride = count / (4 * MARKER_SAMPLES) ? count / (4 * MARKER_SAMPLES) : 1;
	for (p = 0; p < count && seen < MARKER_SAMPLES; p += stride) {
		enum mm_bb_source src = mm_bbt_source(&t->bbt,
						       p / g->pages_per_block);

		/* bad by its marker at this page size: exactly what is tested */
		if ((src != MM_BBS_GOOD && src != MM_BBS_MARKER) ||
		    mm_dump_read_page(t, p, buf, buf + g->page_size))
			continue;
		for (i = 0; i < rec && buf[i] == 0xff; i++)
			;
		if (i == rec)
			continue;	/* erased */
		seen++;
		ff += buf[pl->bbm_phys] == 0xff;
	}
	ret = !seen || ff * 100 >= seen * 95;
out_free:
	free(buf);
	mm_ecc_free(e);
	return ret;
}

/* Score one geometry: every preset (or @only) on a trial open. */
static void search_one(const char *path, const struct mm_flash_opts *o,
		       uint32_t page, uint32_t spare, const char *only,
		       struct geom_pick *best, struct geom_pick *second)
{
	const struct mm_pl_preset *const *pr;
	struct mm_open_opts oo = o->open;
	struct mm_dump *t;
	int var;

	t = calloc(1, sizeof(*t));
	if (!t)
		return;
	oo.geom.page_size = page;
	oo.geom.oob_size = spare;
	oo.oob_size_set = true;
	oo.progress = NULL;
	/*
	 * No marker scan on a trial open: it reads two OOB areas of every
	 * block, once per candidate geometry (most of 'info' on a large
	 * dump), and nothing here needs it: the scoring reads pages, and
	 * markers_hold() tests the marker blocks too.
	 */
	oo.no_bbm_scan = true;
	if (mm_dump_open(t, path, &oo)) {
		oo.geom.pages_per_block = 64;
		memset(t, 0, sizeof(*t));
		if (mm_dump_open(t, path, &oo)) {
			free(t);
			return;
		}
	}
	/* each preset, then its other codes (var >= 0) */
	for (pr = mm_pl_presets(), var = -1; *pr;
	     (*pr)->variants && (*pr)->variants[var + 1] ? var++ :
							     (pr++, var = -1)) {
		const char *arg = var < 0 ? (*pr)->name : (*pr)->variants[var];
		struct geom_pick c = { t->geom, arg, 0, 0, false };

		if (only && strcmp(only, arg))
			continue;
		if (mm_ecc_layout_score(t, arg, &c.ok, &c.checked) ||
		    !c.checked || c.ok * 10 < c.checked * 9)
			continue;
		c.marker_ok = markers_hold(t, arg);
		if (!best->layout || better(&c, best)) {
			*second = *best;
			*best = c;
		} else if (!second->layout || better(&c, second)) {
			*second = c;
		}
	}
	mm_dump_close(t);
	free(t);
}

/*
 * Find the geometry at which the layout verifies; reopen the dump with it.
 * Return: 0 (f->dump reopened, *@found the layout to use), -ENOENT
 * (nothing verifies), -EINVAL (a tie; @f->err says so), -errno.
 */
static int search_geometry(struct mm_flash *f, const char *path,
			   const struct mm_flash_opts *o, const char *only,
			   char *found, size_t flen)
{
	struct geom_pick best = { 0 }, second = { 0 };
	struct mm_open_opts oo = o->open;
	struct mm_dump probe = { 0 };
	uint64_t bytes;
	unsigned int i, k;
	char why[MM_WHY_MAX];
	int ret;

	/* The byte count, through any containers: a 512-byte data-only view. */
	oo.format = "raw";
	oo.geom.page_size = 512;
	oo.geom.oob_size = 0;
	oo.oob_size_set = true;
	oo.geom.pages_per_block = 1;
	oo.progress = NULL;
	oo.extra_reads = NULL;
	oo.n_extra_reads = 0;
	if (mm_dump_open(&probe, path, &oo))
		return -ENOENT;
	bytes = mm_geom_size(&probe.geom);
	mm_dump_close(&probe);
	for (i = 0; search_pages[i]; i++)
		for (k = 0; search_spares[k]; k++) {
			uint32_t rec = search_pages[i] + search_spares[k];

			if (search_spares[k] > search_pages[i] / 4 ||
			    search_spares[k] < search_pages[i] / 64 ||
			    bytes % ((uint64_t)rec * 32))
				continue;
			search_one(path, o, search_pages[i], search_spares[k],
				   only, &best, &second);
		}
	if (!best.layout)
		return -ENOENT;
	if (second.layout && !better(&best, &second) &&
	    (second.g.page_size != best.g.page_size ||
	     second.g.oob_size != best.g.oob_size ||
	     strcmp(second.layout, best.layout)))
		return fail(f, MM_FLASH_ECC, -EINVAL,
			    "ambiguous: layout %s at %u+%u and %s at %u+%u both verify %u of %u steps; give --layout and the geometry",
			    best.layout, best.g.page_size, best.g.oob_size,
			    second.layout, second.g.page_size,
			    second.g.oob_size, best.ok, best.checked);
	if (f->dump.fmt)
		mm_dump_close(&f->dump);
	oo = o->open;
	oo.geom.page_size = best.g.page_size;
	oo.geom.oob_size = best.g.oob_size;
	oo.oob_size_set = true;
	oo.geom.pages_per_block = best.g.pages_per_block;
	memset(&f->dump, 0, sizeof(f->dump));
	ret = mm_dump_open(&f->dump, path, &oo);
	if (ret) {
		f->dump.fmt = NULL;
		return fail(f, MM_FLASH_DUMP, ret, "%s",
			    mm_dump_error(&f->dump));
	}
	snprintf(why, sizeof(why), "found by ECC: layout %s verifies %u of %u programmed steps at %u+%u, %u pages per block%s%s",
		 best.layout, best.ok, best.checked, best.g.page_size,
		 best.g.oob_size, best.g.pages_per_block,
		 second.layout ? "; runner-up " : "",
		 second.layout ? second.layout : "");
	if (second.layout) {
		size_t n = strlen(why);

		snprintf(why + n, sizeof(why) - n, " at %u+%u (%u of %u)",
			 second.g.page_size, second.g.oob_size, second.ok,
			 second.checked);
	}
	snprintf(f->dump.geom_why, sizeof(f->dump.geom_why), "%s", why);
	snprintf(found, flen, "%s", best.layout);
	return 0;
}

/* After the search: the layout it found, and the rest of the opening. */
static int open_found(struct mm_flash *f, const struct mm_flash_opts *o,
		      const char *layout)
{
	struct mm_flash_opts lo = *o;
	char why[MM_FLASH_WHY_MAX];
	int ret;

	lo.layout = layout;
	lo.probe_layout = false;
	ret = open_layout(f, &lo);
	if (ret)
		return ret;
	f->layout_probed = !o->layout || !strcmp(o->layout, "auto");
	snprintf(why, sizeof(why), "%s", f->dump.geom_why);
	snprintf(f->ecc_why, sizeof(f->ecc_why), "%s", why);
	return 0;
}

/*
 * A layout that verifies at other page sizes too: sectors of data + spare
 * repeated (no field spans sectors) with the marker swapped into the data
 * (MediaTek); the geometry search then decides by the markers.
 */
static bool tiled(const struct mm_pagelayout *pl)
{
	return pl && pl->swap_data != MM_PL_NONE && !pl->pack_lsb;
}

/* Which layout the search may try: the one named, or all (auto, probe). */
static bool layout_wanted(const struct mm_flash_opts *o, const char **only)
{
	*only = NULL;
	if (geom_given(o) || o->ecc || o->oob_layout)
		return false;
	if (o->layout) {
		if (strcmp(o->layout, "auto")) {
			if (strchr(o->layout, ':') || strchr(o->layout, '=') ||
			    strchr(o->layout, ';'))
				return false;	/* options or a spec: as given */
			*only = o->layout;
		}
		return true;
	}
	return o->probe_layout;
}

int mm_flash_open(struct mm_flash *f, const char *path,
		  const struct mm_flash_opts *o)
{
	const char *only;
	char found[64];
	bool search;
	int ret, r;

	memset(f, 0, sizeof(*f));
	search = layout_wanted(o, &only);
	ret = mm_dump_open(&f->dump, path, &o->open);
	if (ret) {
		f->dump.fmt = NULL;	/* nothing for mm_flash_close() */
		fail(f, MM_FLASH_DUMP, ret, "%s", mm_dump_error(&f->dump));
		if (!search || ret == -EIO || ret == -ENOMEM)
			return ret;
	} else {
		ret = open_ecc(f, o);
		/*
		 * Verified: done, unless at small pages, which tiled-sector
		 * layouts (MediaTek) also verify at; these controllers drive
		 * large-page chips, so a large page that verifies wins.
		 */
		if (!search || (!ret && f->ecc && (!mm_ecc_moves_bytes(f->ecc) ||
				(f->dump.geom.page_size >= 2048 &&
				 !tiled(mm_ecc_pagelayout(f->ecc))))))
			goto out_rest;
	}
	/* the layout did not verify at the geometry detected (if any) */
	r = search_geometry(f, path, o, only, found, sizeof(found));
	if (r == -ENOENT)
		goto out_rest;		/* as it was: the first error, or none */
	if (r)
		return r;
	mm_ecc_free(f->ecc);
	f->ecc = NULL;
	f->stage = MM_FLASH_OK;
	f->err[0] = '\0';
	ret = open_found(f, o, found);
out_rest:
	/* UBI's sub-page, now that the logical pages can be read */
	if (!ret && f->ecc && mm_ecc_moves_bytes(f->ecc) &&
	    !f->dump.geom.subpage_size)
		mm_dump_subpage_from_ubi(&f->dump, f->ecc);
	if (!ret)
		ret = open_parts(f, o);
	if (!ret)
		ret = open_overlay(f, path, o);
	return ret;
}

void mm_flash_close(struct mm_flash *f)
{
	mm_overlay_close(f->ov);
	f->ov = NULL;
	free(f->parts);
	f->parts = NULL;
	if (f->dump.fmt)
		mm_dump_close(&f->dump);	/* fusion reads through @ecc */
	f->dump.fmt = NULL;
	mm_ecc_free(f->ecc);
	f->ecc = NULL;
}
