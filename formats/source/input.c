// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * input.c - the error message of an input being opened.
 */
#include <stdio.h>

#include "input.h"

void mm_set_error(struct mm_input *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(in->err, sizeof(in->err), fmt, ap);
	va_end(ap);
}
