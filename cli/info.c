// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * info.c - 'muse-mount info [--json] [options] DUMP': what the dump is, its
 * geometry and bad blocks, what lies where, and the SHA-256 of the file.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "report.h"

int mm_cmd_info(struct mm_args *a)
{
	struct mm_report r;
	struct mm_flash f;
	struct mm_dump *d = &f.dump;
	struct timespec t0, t1;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	mm_cli_open(&f, a, MM_CLI_ECC_INPUT | MM_CLI_PROBE_LAYOUT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ret = mm_report_build(&r, &f, a);
	if (ret) {
		int status = ret == -EINVAL ? MM_EXIT_INPUT : MM_EXIT_SYSTEM;

		if (mm_report_verify_failed(&r) && r.n_verify) {
			mm_warn("%s: --verify: %s", a->dump, r.verify[0].msg);
			status = MM_EXIT_INPUT;
		}
		mm_warn("%s: %s", a->dump, mm_dump_error(d));
		mm_flash_close(&f);
		return status;
	}
	if (a->json)
		mm_report_print_json(stdout, d, a, &r);
	else
		mm_report_print_text(stdout, d, a, &r);
	/* -d: where the time went (the benchmark reads this line). */
	if (a->debug)
		fprintf(stderr, MM_PROG ": %s: open %.3f s, scan %.3f s, sha256 %.3f s\n",
			a->dump, (t1.tv_sec - t0.tv_sec) +
			(t1.tv_nsec - t0.tv_nsec) / 1e9, r.t_scan, r.t_hash);
	/* Exit status 4: the report is complete, but some steps failed. */
	ret = r.has_ecc && r.ecc.total.uncorrectable_steps ? MM_EXIT_ECC :
	      MM_EXIT_OK;
	/* --verify: a stored hash that does not match is a bad input (2). */
	if (mm_report_verify_failed(&r)) {
		int i;

		for (i = 0; i < r.n_verify && r.verify[i].status == 1; i++)
			;
		if (i < r.n_verify)
			mm_warn("%s: --verify: %s", a->dump, r.verify[i].msg);
		else
			mm_warn("%s: --verify: no layer stores a hash to check",
				a->dump);
		ret = MM_EXIT_INPUT;
	}
	mm_report_free(&r);
	mm_flash_close(&f);
	return ret;
}
