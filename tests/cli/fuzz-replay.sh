#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# fuzz-replay.sh - every committed fuzz input (tests/fuzz/corpus/HARNESS and
# the crash regressions in tests/fuzz/regress/HARNESS) through its harness,
# built with the ordinary compiler and without libFuzzer
# ($O/tests/fuzz/replay-HARNESS). A harness aborts on a crash or a failed
# check of its own (docs/security.md, "Fuzzing"), so this fails when a bug
# a fuzzer found comes back.
set -u
top=${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
O=${O:-build}
case $O in
/*) obj=$O ;;
*) obj=$top/$O ;;
esac
nfail=0
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mm-fuzz-replay.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export TMPDIR="$tmp"
# make check-asan: leaks in the libraries below us are not ours (see it)
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/tests/fuzz/lsan.supp:print_suppressions=0}
nh=0
for dir in "$top"/tests/fuzz/corpus/*/; do
	h=$(basename "$dir")
	bin=$obj/tests/fuzz/replay-$h
	nh=$((nh + 1))
	if [ ! -x "$bin" ]; then
		fail "$h: $bin not built (make tools)"
		continue
	fi
	set -- "$dir"
	[ -d "$top/tests/fuzz/regress/$h" ] && set -- "$@" "$top/tests/fuzz/regress/$h"
	want=$(find "$@" -type f | wc -l)
	if out=$("$bin" "$@" 2>"$tmp/$h.err"); then
		if [ "$out" = "$want inputs" ] && [ "$want" -gt 0 ]; then
			echo "ok: $h: $out"
		else
			fail "$h: replayed '$out', expected $want inputs"
		fi
	else
		fail "$h: the harness failed on its corpus or regressions ($out):"
		tail -n 20 "$tmp/$h.err"
	fi
done
[ "$nh" -ge 5 ] || fail "only $nh harness corpora in tests/fuzz/corpus"
[ "$nfail" -eq 0 ] || exit 1
