// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * flash.c - the opener: options in, flash object out. Every front end
 * opens its device here, so that what is decided (reader, geometry, ECC)
 * and how it is explained is the same for serve, view, info and convert.
 *
 *   mm_dump_open()     containers, transforms, reader, geometry, extra
 *                      reads, bad block map (core/open.c)
 *   open_ecc()         the ECC codec, named or detected, once
 *   mm_fusion_use_ecc  extra reads fused per step of that codec
 *   open_parts()       --mtdparts against the geometry
 *   open_overlay()     the overlay, tied to the dump's identity
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../formats/format.h"
#include "../formats/transforms/transform.h"
#include "ecc/ecc_scan.h"
#include "flash.h"
#include "fusion.h"
#include "open.h"

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

static int open_ecc(struct mm_flash *f, const struct mm_flash_opts *o)
{
	struct mm_dump *d = &f->dump;
	int ret;

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

static int open_parts(struct mm_flash *f, const struct mm_flash_opts *o)
{
	const struct mm_geom *g = &f->dump.geom;
	char msg[256];
	int ret;

	if (!o->mtdparts)
		return 0;
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

int mm_flash_open(struct mm_flash *f, const char *path,
		  const struct mm_flash_opts *o)
{
	int ret;

	memset(f, 0, sizeof(*f));
	ret = mm_dump_open(&f->dump, path, &o->open);
	if (ret) {
		f->dump.fmt = NULL;	/* nothing for mm_flash_close() */
		return fail(f, MM_FLASH_DUMP, ret, "%s",
			    mm_dump_error(&f->dump));
	}
	ret = open_ecc(f, o);
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
