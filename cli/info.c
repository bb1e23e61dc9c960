// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * info.c - the 'info' front end.
 *
 * TODO: being written; this placeholder only refuses.
 */
#include "cli.h"

int mm_cmd_info(struct mm_args *a)
{
	(void)a;
	mm_err(MM_EXIT_USAGE, 0, "'info' is not available in this build yet");
}
