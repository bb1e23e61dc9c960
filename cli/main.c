// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - muse-mount: serve, view, inspect and convert raw flash dumps.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../formats/format.h"
#include "cli.h"

/* Programmer check: every registered reader has its mandatory members. */
static void check_registry(void)
{
#ifndef NDEBUG
	int i;

	for (i = 0; mm_formats[i]; i++) {
		const struct mm_format *f = mm_formats[i];

		assert(f->name && f->desc && f->probe && f->open &&
		       f->read_page && f->close);
	}
#endif
}

/* Make sure fds 0-2 are open so that no file we open lands on them. */
static void ensure_std_fds(void)
{
	int fd;

	do {
		fd = open("/dev/null", O_RDWR);
		if (fd > 2) {
			close(fd);
			break;
		}
	} while (fd >= 0);
}

int main(int argc, char **argv)
{
	struct mm_args args;
	int status;

	ensure_std_fds();
	check_registry();
	mm_parse_args(&args, argc, argv);
	switch (args.cmd) {
	case MM_CMD_INFO:
		status = mm_cmd_info(&args);
		break;
	case MM_CMD_CONVERT:
		status = mm_cmd_convert(&args);
		break;
	case MM_CMD_REPLAY:
		status = mm_cmd_replay(&args);
		break;
	case MM_CMD_EXTRACT:
		status = args.guest_walk ? mm_extract_walk(&args) :
					 mm_cmd_extract(&args);
		break;
	case MM_CMD_VIEW:
		status = mm_cmd_view(&args);
		break;
	case MM_CMD_SERVE:
	default:
		status = mm_cmd_serve(&args);
		break;
	}
	mm_args_free(&args);
	if (fflush(stdout) || ferror(stdout))
		mm_err(MM_EXIT_SYSTEM, errno, "write error on standard output");
	return status;
}
