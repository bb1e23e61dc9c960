#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# soak-short.sh - the short version of `make soak` (tests/soak.sh) for
# `make check`: 10 kill -9 trials, the overlay full (ENOSPC, as root) and
# failing (EIO), four cuts of one fixture dump, 5 s of parallel readers on
# the FUSE view (the MTD readers run in e2e/g-readonly). The seed is
# printed; SOAK_SEED=N repeats its choices.
top=${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
SOAK_TRIALS=${SOAK_SHORT_TRIALS:-10} SOAK_S=5 SOAK_CUTS=2 SOAK_BLOCK_CUTS=2 \
	SOAK_VIEW_CUTS=1 SOAK_FIXTURES=1 SOAK_READERS=4 SOAK_E2E=0 \
	exec "$top/tests/soak.sh"
