#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# info-rss.sh - a benchmark, not a test: run 'muse-mount info' on a 4 GiB
# sparse page+OOB dump (2048+64 bytes a page, 64 pages a block, 32768
# blocks: 4 GiB of data, 4.125 GiB of file) with the geometry given, under
# /usr/bin/time -v, and print the open, scan, hash and total times and the
# peak RSS, and whether the peak RSS stays under 64 MiB.
#
# The file is all zeros (a sparse file reads as zeros), so every block's
# OOB marker reads 00: --no-bbm-scan keeps the blocks good, so that every
# page is read and scanned. The page cache holds the file, not our RSS.
#
# Environment: O (build directory), BENCH_DIR (where the 4 GiB file goes,
# default $O/bench; it is removed afterwards unless BENCH_KEEP=1).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-build}
case $O in /*) ;; *) O=$top/$O ;; esac
bin=$O/muse-mount
dir=${BENCH_DIR:-$O/bench}
blocks=32768
rec=$((2048 + 64))
size=$((blocks * 64 * rec))
limit_kib=$((64 * 1024))

[ -x "$bin" ] || { echo "info-rss: build $bin first (make)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "info-rss: /usr/bin/time is missing (apt-get install time, or make deps)" >&2; exit 1; }
mkdir -p "$dir" || exit 1
dump=$dir/sparse-4GiB.oob
log=$dir/info-rss.log
trap '[ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$dump"' EXIT
rm -f "$dump"
truncate -s "$size" "$dump" || exit 1

echo "info-rss: $dump: $size bytes (sparse), $blocks blocks of 64 x (2048+64)"
/usr/bin/time -v "$bin" info -d --no-progress --format=oob --page-size=2048 \
	--oob-size=64 --pages-per-block=64 --no-bbm-scan "$dump" \
	>"$dir/info-rss.out" 2>"$log"
rc=$?
if [ "$rc" != 0 ]; then
	echo "info-rss: muse-mount info failed (status $rc):" >&2
	cat "$log" >&2
	exit 1
fi

# "muse-mount: FILE: open 0.001 s, scan 3.210 s, sha256 9.876 s" (-d)
times=$(grep -o 'open [0-9.]* s, scan [0-9.]* s, sha256 [0-9.]* s' "$log")
wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$log")
user=$(sed -n 's/.*User time (seconds): //p' "$log")
sys=$(sed -n 's/.*System time (seconds): //p' "$log")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")

echo "info-rss: $times"
echo "info-rss: total $wall wall, ${user} s user, ${sys} s system"
echo "info-rss: peak RSS $rss KiB ($((rss / 1024)) MiB)"
if [ "$rss" -lt "$limit_kib" ]; then
	echo "info-rss: peak RSS < 64 MiB: yes"
else
	echo "info-rss: peak RSS < 64 MiB: NO"
fi
echo "info-rss: content: $(sed -n '/^content:/,$p' "$dir/info-rss.out" | tr -s ' ' | tr '\n' ' ')"

# Opening with the OOB marker scan (2 OOB reads a block): every block reads
# as bad here (00 markers), so this measures the open, not the scan.
/usr/bin/time -v "$bin" info -d --no-progress --format=oob --page-size=2048 \
	--oob-size=64 --pages-per-block=64 "$dump" >/dev/null 2>"$log.bbm" ||
	{ echo "info-rss: the marker-scan run failed" >&2; cat "$log.bbm" >&2; exit 1; }
echo "info-rss: with the marker scan: $(grep -o 'open [0-9.]* s' "$log.bbm"), peak RSS $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log.bbm") KiB"
