#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run.sh - run the libFuzzer harnesses (make fuzz-run, make fuzz-merge).
#
#   tests/fuzz/run.sh run HARNESS...    each for $FUZZ_S seconds, $FUZZ_JOBS
#                                       at a time, from a copy of its corpus
#   tests/fuzz/run.sh merge HARNESS...  minimise tests/fuzz/corpus/HARNESS
#                                       in place (libFuzzer -merge=1)
#
# Everything a run makes is under $O/fuzz/run/HARNESS/: the corpus it grew
# (corpus/), its log (log), what it found (crash-*, leak-*, timeout-*,
# oom-*). One line of figures per harness, then a total; the exit status is
# 1 when any harness found anything.
#
# Limits per input: -timeout=$FUZZ_TIMEOUT (10 s), -rss_limit_mb=$FUZZ_RSS
# (2048); leaks are checked (-detect_leaks=1).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
O=${O:-build}
FUZZ_S=${FUZZ_S:-60}
FUZZ_JOBS=${FUZZ_JOBS:-2}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-10}
FUZZ_RSS=${FUZZ_RSS:-2048}
mode=${1:-}
[ $# -gt 0 ] && shift
runs=$O/fuzz/run

# The harnesses' temporary files: in memory when /dev/shm is there.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	TMPDIR=/dev/shm
else
	TMPDIR=$O/fuzz/tmp
	mkdir -p "$TMPDIR"
fi
export TMPDIR
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
# Leaks in the libraries below us, not ours to fix (see the file).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/tests/fuzz/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

one() {	# harness: fuzz it, leave its figures in $runs/H/summary
	h=$1
	d=$runs/$h
	rm -rf "$d"
	mkdir -p "$d/corpus"
	if [ -d "tests/fuzz/corpus/$h" ]; then
		cp tests/fuzz/corpus/"$h"/* "$d/corpus/" 2>/dev/null
	fi
	n0=$(ls "$d/corpus" | wc -l)
	nice "$O/fuzz/fuzz_$h" -max_total_time="$FUZZ_S" \
		-timeout="$FUZZ_TIMEOUT" -rss_limit_mb="$FUZZ_RSS" \
		-detect_leaks=1 -print_final_stats=1 -close_fd_mask=1 \
		-artifact_prefix="$d/" "$d/corpus" >"$d/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log")
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$d/log")
	last=$(grep -E '^#[0-9]+' "$d/log" | grep ' cov: ' | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	n1=$(ls "$d/corpus" | wc -l)
	crash=$(ls "$d" | grep -c '^crash-\|^deadly-signal')
	leak=$(ls "$d" | grep -c '^leak-')
	tmo=$(ls "$d" | grep -c '^timeout-\|^slow-unit-')
	oom=$(ls "$d" | grep -c '^oom-')
	# A libFuzzer failure that left no artifact still counts as a crash.
	if [ "$rc" -ne 0 ] && [ $((crash + leak + tmo + oom)) -eq 0 ]; then
		crash=1
	fi
	printf '%s %s %s %s %s %s %s %s %s %s %s\n' "$h" "${execs:-0}" \
		"${eps:-0}" "${cov:-0}" "${ft:-0}" "$n0" "$n1" "$crash" \
		"$leak" "$tmo" "$oom" >"$d/summary"
}

merge() {	# harness: replace its committed corpus by a minimal one
	h=$1
	d=$runs/$h-merge
	rm -rf "$d"
	mkdir -p "$d/new" "tests/fuzz/corpus/$h"
	nice "$O/fuzz/fuzz_$h" -merge=1 -timeout="$FUZZ_TIMEOUT" \
		-rss_limit_mb="$FUZZ_RSS" -close_fd_mask=1 \
		-artifact_prefix="$d/" "$d/new" "tests/fuzz/corpus/$h" \
		${FUZZ_MERGE_FROM:+"$FUZZ_MERGE_FROM/$h"} >"$d/log" 2>&1 || {
		echo "fuzz-merge: $h: libFuzzer failed (see $d/log)" >&2
		return 1
	}
	rm -f tests/fuzz/corpus/"$h"/*
	cp "$d"/new/* "tests/fuzz/corpus/$h/"
	echo "$h: $(ls "tests/fuzz/corpus/$h" | wc -l) inputs," \
		"$(du -sk "tests/fuzz/corpus/$h" | cut -f1) KiB"
}

case $mode in
run)
	[ $# -gt 0 ] || { echo "usage: $0 run HARNESS..." >&2; exit 2; }
	mkdir -p "$runs"
	echo "fuzz-run: $# harnesses, ${FUZZ_S} s each, $FUZZ_JOBS at a time"
	for h in "$@"; do echo "$h"; done |
		xargs -P "$FUZZ_JOBS" -I{} "$0" one {}
	printf '%-8s %12s %7s %6s %7s %13s %s\n' harness execs exec/s cov ft \
		corpus crash/leak/timeout/oom
	tot_x=0 tot_bad=0
	for h in "$@"; do
		if [ ! -f "$runs/$h/summary" ]; then
			echo "$h: no figures (see $runs/$h/log)"
			tot_bad=$((tot_bad + 1))
			continue
		fi
		read -r _ x e c f n0 n1 cr lk tm om <"$runs/$h/summary"
		printf '%-8s %12s %7s %6s %7s %6s->%-6s %s/%s/%s/%s\n' "$h" \
			"$x" "$e" "$c" "$f" "$n0" "$n1" "$cr" "$lk" "$tm" "$om"
		tot_x=$((tot_x + x))
		tot_bad=$((tot_bad + cr + lk + tm + om))
	done
	echo "total: $tot_x executions, $tot_bad crashes, leaks, timeouts or ooms (artifacts in $runs/)"
	[ "$tot_bad" -eq 0 ]
	;;
one)
	one "$1"
	;;
merge)
	[ $# -gt 0 ] || { echo "usage: $0 merge HARNESS..." >&2; exit 2; }
	mkdir -p "$runs"
	st=0
	for h in "$@"; do merge "$h" || st=1; done
	exit $st
	;;
*)
	echo "usage: $0 run|merge HARNESS..." >&2
	exit 2
	;;
esac
