#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# guest-bench.sh - `make bench-guest`: muse-mount against nandsim in one
# QEMU guest of tests/e2e (Debian's kernel, TCG), the same images on both,
# measured interleaved, BENCH_REPEAT times (default 3), medians.  Prints a
# table of ratios and writes the raw figures as JSON to
# $O/bench/guest-bench.json (the table to guest-bench.txt beside it).
# A benchmark, not a test: no figure passes or fails.
#
# Environment: O (build directory), BENCH_MM (another muse-mount binary
# to measure instead of $O/muse-mount, e.g. an older build), BENCH_REPEAT, BENCH_TREE (MiB of file
# data in the images, default 48), BENCH_RA (muse.ko's read-ahead window
# in KiB, readahead_ecc on; default 128, 0 = off), E2E_KERNEL (default 6.1), E2E_MEM
# (guest MiB, default 1536: nandsim holds the 256 MiB chip in kernel RAM and
# the dumps live in the guest's tmpfs).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
O=${O:-build}
case $O in /*) ;; *) O=$top/$O ;; esac
export E2E_KERNEL=${E2E_KERNEL:-6.1}
E2E_DIR=${E2E_DIR:-$O/e2e}
# as run.sh lays them out: 6.1 in build/e2e, any other series beside it
[ "$E2E_KERNEL" = 6.1 ] || E2E_DIR=$E2E_DIR/linux-$E2E_KERNEL
export E2E_DIR
export E2E_MEM=${E2E_MEM:-1536}
R=${BENCH_REPEAT:-3}
TREE=${BENCH_TREE:-48}
out=$O/bench/guest-bench
mkdir -p "$out"

tests/e2e/kernel.sh >/dev/null || { echo "bench-guest: kernel.sh failed" >&2; exit 1; }
# muse.ko in a copy of kmod/ (as run.sh does), without make's O= from above
kb=$out/kmod-build
rm -rf "$kb" && mkdir -p "$kb" && cp kmod/Kbuild kmod/Makefile kmod/*.[ch] "$kb/"
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$kb" KDIR="$(cat "$E2E_DIR/kdir")" \
	>"$out/kmod.log" 2>&1 ||
	{ echo "bench-guest: building muse.ko failed ($out/kmod.log)" >&2; exit 1; }
export E2E_MUSE_KO=$kb/muse.ko
if [ "$O" != "$top/build" ]; then
	# guest.sh takes build/muse-mount
	mkdir -p build && cp "$O/muse-mount" build/muse-mount
fi

echo "bench-guest: kernel $E2E_KERNEL, $R repeats, ~$TREE MiB of files, muse.ko read-ahead ${BENCH_RA:-128} KiB (a few minutes under TCG)"
rm -rf "$out/out"
extra=()
if [ -n "${BENCH_MM:-}" ]; then
	mkdir -p "$out/in" && cp "$BENCH_MM" "$out/in/muse-mount" &&
		extra=(-i "$out/in/muse-mount")
fi
E2E_QUIET=1 E2E_APPEND="mm_repeat=$R mm_tree=$TREE mm_ra=${BENCH_RA:-128}" \
	tests/e2e/guest.sh -t $((900 + 300 * R)) -o "$out/out" \
	-l "$out/console.log" "${extra[@]}" bench/guest-bench-guest.sh >"$out/guest.txt" 2>&1
rc=$?
raw=$out/out/raw.txt
if [ $rc -ne 0 ] || [ ! -s "$raw" ]; then
	echo "bench-guest: the guest failed (status $rc); $out/guest.txt, $out/console.log:" >&2
	grep -E 'not ok|INFO: muse' "$out/guest.txt" | head -n 20 >&2
	[ -s "$raw" ] || exit 1
fi

# Medians and the table.  Throughput rows: ratio = muse-mount speed /
# nandsim speed (> 1: faster).  Time rows: ratio = muse-mount time /
# nandsim time (< 1: faster).
awk -v json="$O/bench/guest-bench.json" -v kernel="$E2E_KERNEL" -v rep="$R" '
function median(s,   a, n, i, j, t) {
	n = split(s, a, " ")
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
$1 == "R" {
	k = $2 SUBSEP $3
	v[k] = cnt[k]++ ? v[k] " " $4 : $4
	if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 }
}
END {
	mb["dd128k-ecc"] = 64; mb["dd2k-ecc"] = 16; mb["dd128k-raw"] = 64
	mb["dd2k-raw"] = 16; mb["nanddump"] = 256
	d["dd128k-ecc"] = "dd bs=128k, ECC on (BCH-8)"
	d["dd2k-ecc"] = "dd bs=2k, ECC on (BCH-8)"
	d["dd128k-raw"] = "dd bs=128k, ECC off"
	d["dd2k-raw"] = "dd bs=2k, ECC off"
	d["nanddump"] = "nanddump of the whole device (ECC on)"
	d["jffs2-mount"] = "JFFS2 mount"
	d["jffs2-readall"] = "JFFS2: read every file"
	d["cmd-jffs2"] = "command to mounted, 256 MiB JFFS2 dump"
	d["ubiattach"] = "ubiattach, 256 MiB"
	d["ubifs-mount"] = "UBIFS mount"
	d["ubifs-readall"] = "UBIFS: read every file"
	d["cmd-ubifs"] = "command to mounted, 256 MiB UBI/UBIFS dump"
	printf "%-44s %12s %12s %9s\n", "metric (median of " rep ", kernel " kernel ")", "nandsim", "muse-mount", "ratio"
	printf "{\n  \"kernel\": \"%s\", \"repeats\": %d, \"metrics\": {\n", kernel, rep > json
	for (i = 1; i <= n; i++) {
		m = order[i]
		a = median(v[m, "nandsim"]); b = median(v[m, "muse"])
		name = (m in d) ? d[m] : m
		if (m in mb) {
			sa = a > 0 ? mb[m] / a : 0; sb = b > 0 ? mb[m] / b : 0
			printf "%-44s %7.1f MB/s %7.1f MB/s %8.2fx\n", name, sa, sb, (sa > 0 ? sb / sa : 0)
			unit = "\"mib\": " mb[m] ", "
		} else {
			printf "%-44s %10.2f s %10.2f s %8.2fx\n", name, a, b, (a > 0 ? b / a : 0)
			unit = ""
		}
		gsub(/ /, ", ", v[m, "nandsim"]); gsub(/ /, ", ", v[m, "muse"])
		printf "    \"%s\": {%s\"seconds\": {\"nandsim\": [%s], \"muse-mount\": [%s]}, \"median\": {\"nandsim\": %s, \"muse-mount\": %s}}%s\n",
			m, unit, v[m, "nandsim"], v[m, "muse"], a, b, i < n ? "," : "" > json
	}
	printf "  }\n}\n" > json
	print "throughput rows: ratio = muse-mount speed / nandsim speed (>1 faster);"
	print "time rows: ratio = muse-mount time / nandsim time (<1 faster)"
}' "$raw" | tee "$O/bench/guest-bench.txt"
echo "bench-guest: raw figures in $O/bench/guest-bench.json"
