// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - runs every Check suite. The list comes from suites.h, generated
 * by the Makefile from the *_suite(void) definitions in tests/unit/.
 *
 * CK_RUN_SUITE=geom CK_RUN_CASE=parse runs a subset; CK_FORK=no for gdb.
 */
#include <check.h>
#include <stdlib.h>

#define MM_SUITE(fn) Suite *fn(void);
#include "suites.h"
#undef MM_SUITE

int main(void)
{
	SRunner *sr = srunner_create(NULL);
	int failed;

#define MM_SUITE(fn) srunner_add_suite(sr, fn());
#include "suites.h"
#undef MM_SUITE
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
