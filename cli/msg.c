// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * msg.c - the one printing path for warnings, errors and progress.
 *
 * Form: "muse-mount: dump.bin: page 0x1f40: short read[: strerror]".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static bool quiet;

void mm_set_quiet(bool q)
{
	quiet = q;
}

static void vmsg(int errnum, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, MM_PROG ": ");
	vfprintf(stderr, fmt, ap);
	if (errnum)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void mm_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

void mm_note(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

void mm_err(int status, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(errnum, fmt, ap);
	va_end(ap);
	exit(status);
}

void mm_errtryhelp(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '" MM_PROG " --help' for more information.\n");
	exit(MM_EXIT_USAGE);
}

void mm_progress(void *arg, const char *what, uint64_t done, uint64_t total)
{
	static struct timespec last;
	struct timespec now;
	int pct, bar, i;

	(void)arg;
	if (!total)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (done < total && now.tv_sec == last.tv_sec &&
	    now.tv_nsec - last.tv_nsec < 100000000)
		return;
	last = now;
	pct = (int)(done * 100 / total);
	bar = pct / 4;
	fprintf(stderr, "\r%-10s [", what);
	for (i = 0; i < 25; i++)
		fputc(i < bar ? '#' : ' ', stderr);
	fprintf(stderr, "] %3d%%", pct);
	if (done >= total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}
