// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * view.c - the 'view' front end.
 *
 * TODO: being written; this placeholder only refuses.
 */
#include "cli.h"

int mm_cmd_view(struct mm_args *a)
{
	(void)a;
	mm_err(MM_EXIT_USAGE, 0, "'view' is not available in this build yet");
}
