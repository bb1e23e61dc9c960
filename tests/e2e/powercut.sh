#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# powercut.sh [CUTS] - the long power-cut campaign (make powercut): the
# p-powercut scenario with CUTS cut points (default 200, every other one
# torn) for UBIFS and for JFFS2 each, on the kernels in E2E_KERNELS
# (default 6.1), through run.sh. The
# guest prints one line per failing cut with the replay command that
# reproduces it, then "power cuts: tried N, mounted N, files checked N,
# failures N" per file system. Not part of make check (the scenario runs
# there with 12 and 6 cuts).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cuts=${1:-200}
case $cuts in
''|*[!0-9]*) echo "usage: powercut.sh [CUTS]" >&2; exit 2 ;;
esac
# The guest reads mm_powercut=N from its kernel command line; about 4 s per
# cut point and file system under TCG.
E2E_APPEND="${E2E_APPEND:-} mm_powercut=$cuts" \
E2E_TIMEOUT=${E2E_TIMEOUT:-$((300 + cuts * 16))} \
E2E_KERNELS=${E2E_KERNELS:-6.1} \
	exec "$here/run.sh" -v p-powercut
