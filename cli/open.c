// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * open.c - the command line to the flash object: every subcommand opens
 * its device with mm_cli_open(), so the options, the notes and the exit
 * statuses are the same for serve, view, info and convert.
 */
#include <errno.h>
#include <string.h>

#include "../formats/format.h"
#include "cli.h"

static void flash_opts(struct mm_flash_opts *o, const struct mm_args *a,
		       unsigned int flags)
{
	memset(o, 0, sizeof(*o));
	o->open = a->open;
	o->ecc = a->ecc;
	o->oob_layout = a->oob_layout;
	o->layout = a->layout;
	o->probe_layout = flags & MM_CLI_PROBE_LAYOUT;
	o->mtdparts = a->mtdparts;
	o->mtd_name = a->name;
	if (flags & MM_CLI_WRITES) {
		o->writable = a->writable || a->overlay;
		o->overlay = a->overlay;
	}
}

/* One failure, one line, one status (see muse-mount(8), EXIT STATUS). */
static noreturn void open_failed(struct mm_flash *f, const struct mm_args *a,
				 int ret, unsigned int flags)
{
	enum mm_flash_stage stage = f->stage;
	char err[sizeof(f->err)];

	memcpy(err, f->err, sizeof(err));
	mm_flash_close(f);
	switch (stage) {
	case MM_FLASH_ECC:
		mm_err(ret != -EINVAL ? MM_EXIT_SYSTEM :
		       flags & MM_CLI_ECC_INPUT ? MM_EXIT_INPUT : MM_EXIT_USAGE,
		       0, "%s: %s", a->dump, err);
	case MM_FLASH_PARTS:
		if (ret == -EINVAL)
			mm_errtryhelp("%s", err);
		mm_err(MM_EXIT_SYSTEM, 0, "%s", err);
	case MM_FLASH_OVERLAY:
		mm_err(ret == -EINVAL || ret == -EBUSY ? MM_EXIT_USAGE :
		       MM_EXIT_SYSTEM, 0, "%s: %s",
		       a->overlay ? a->overlay : "overlay", err);
	case MM_FLASH_DUMP:
	default:
		mm_err(ret == -EIO || ret == -ENOMEM ? MM_EXIT_SYSTEM :
		       MM_EXIT_INPUT, 0, "%s: %s", a->dump, err);
	}
}

void mm_cli_open(struct mm_flash *f, const struct mm_args *a,
		 unsigned int flags)
{
	const struct mm_dump *d = &f->dump;
	struct mm_flash_opts o;
	int ret;

	flash_opts(&o, a, flags);
	ret = mm_flash_open(f, a->dump, &o);
	if (!d->fmt)
		open_failed(f, a, ret, flags);
	/* What was assumed, said once, in the same words everywhere. */
	if (!strcmp(d->fmt->name, "raw") && !a->open.format)
		mm_note("%s: read as data only (format 'raw'); use --format if that is wrong",
			a->dump);
	if (d->note[0])
		mm_note("%s: %s", a->dump, d->note);
	if (ret)
		open_failed(f, a, ret, flags);
	if ((flags & MM_CLI_ECC_NOTE) && a->ecc && !strcmp(a->ecc, "auto"))
		mm_note("%s: ECC %s", a->dump, f->ecc_why);
	if ((flags & MM_CLI_ECC_NOTE) && a->layout && !strcmp(a->layout, "auto"))
		mm_note("%s: layout %s", a->dump, f->ecc_why);
	if (a->mtdparts && !strncmp(a->mtdparts, "auto", 4) && f->nparts)
		mm_note("%s: partitions from the %s: %s", a->dump,
			f->parts_source, f->parts_spec);
}
