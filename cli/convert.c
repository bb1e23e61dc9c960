// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * convert.c - the 'convert' front end.
 *
 * TODO: being written; this placeholder only refuses.
 */
#include "cli.h"

int mm_cmd_convert(struct mm_args *a)
{
	(void)a;
	mm_err(MM_EXIT_USAGE, 0, "'convert' is not available in this build yet");
}
