// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * serve.c - the 'serve' front end.
 *
 * TODO: being written; this placeholder only refuses.
 */
#include "cli.h"

int mm_cmd_serve(struct mm_args *a)
{
	(void)a;
	mm_err(MM_EXIT_USAGE, 0, "'serve' is not available in this build yet");
}
