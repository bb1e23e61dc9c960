#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# extract-bench.sh - `make bench-extract`: wall time of `muse-mount extract`
# on a 64 MiB NOR-style JFFS2 dump (mkfs.jffs2, ~40 MiB of files, half of
# them incompressible) with software emulation (MM_EXTRACT_ACCEL=tcg, no
# KVM), the guest already prepared.  Prints figures; not a test.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-build}
bin=$top/$O/muse-mount
w=$(mktemp -d /tmp/mm-extract-bench.XXXXXX)
trap 'rm -rf "$w"' EXIT
mapfile -t kargs < <("$top/tests/e2e/extract-kernel.sh")
export XDG_CACHE_HOME=$top/$O/extract-bench-cache
mkdir -p "$w/tree/text" "$w/tree/bin"
for i in $(seq 1 20); do
	head -c 1048576 /dev/urandom >"$w/tree/bin/r$i.bin"
	seq $((i * 100000)) $((i * 100000 + 150000)) >"$w/tree/text/t$i.txt"
done
mkfs.jffs2 -r "$w/tree" -o "$w/nor.bin" -e 64KiB --pad=0x4000000 -n -l
geom="--type=nor --page-size=2048 --oob-size=0 --pages-per-block=32"
echo "bench-extract: dump $(du -m "$w/tree" | tail -n1 | cut -f1) MiB of files in a $(($(stat -c %s "$w/nor.bin") >> 20)) MiB JFFS2 (NOR, 64 KiB blocks)"
# shellcheck disable=SC2086
MM_EXTRACT_ACCEL=tcg "$bin" extract "${kargs[@]}" --prepare -q >/dev/null
s=$(date +%s.%N)
# shellcheck disable=SC2086
MM_EXTRACT_ACCEL=tcg "$bin" extract "${kargs[@]}" $geom "$w/nor.bin" -o "$w/out" --no-progress 2>"$w/err" ||
	{ cat "$w/err"; exit 1; }
e=$(date +%s.%N)
(cd "$w/tree" && find . -type f | sort | xargs sha256sum) >"$w/a"
(cd "$w/out/nor" && find . -type f | sort | xargs sha256sum) >"$w/b"
cmp -s "$w/a" "$w/b" && same=identical || same=DIFFERENT
printf 'bench-extract: %d MiB dump extracted in %.1f s wall (tcg, load %s); files %s\n' \
	"$(($(stat -c %s "$w/nor.bin") >> 20))" "$(echo "$e - $s" | bc)" "$(cut -d' ' -f1 /proc/loadavg)" "$same"
grep 'entries from' "$w/err" || true
