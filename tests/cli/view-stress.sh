#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# view-stress.sh - several threads read random ranges (1 byte to 128 KiB,
# unaligned, some past the end) of every byte file of the FUSE view at once
# and compare each byte with the kernel's own dumps of the same chip
# (tests/view/mm-stress.c): through the page cache, with the cache dropped
# as they go, and with -o direct_io, where every read reaches the daemon as
# asked. Also through the nanddump reader and through readers on stacked
# sources, which the view serializes (a gzip container, sector-interleaved
# pages), when built.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/view/lib.sh"

view_require_fuse
stress=$O/tests/view/mm-stress
[ -x "$stress" ] || { echo "FAIL: $stress not built (make tools)"; exit 1; }
command -v xz >/dev/null || skip "xz not installed"
fx=$MM_TOP/tests/fixtures/nandsim
[ -f "$fx/jffs2-hamming.oob.bin.xz" ] || skip "fixture jffs2-hamming missing"

dump=$W/jffs2-hamming.oob.bin
kdata=$W/jffs2-hamming.data-dumpbad.bin
xz -dc "$fx/jffs2-hamming.oob.bin.xz" >"$dump" || exit 1
xz -dc "$fx/jffs2-hamming.data-dumpbad.bin.xz" >"$kdata" || exit 1
python3 "$MM_TOP/tests/view/dumptool.py" expect --page-size 2048 \
	--oob-size 64 "$dump" "$W/exp" || exit 1
before=$(sha "$dump")
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"
m=$W/mnt

seed=1

# 1. Through the page cache, then dropping it as the threads go.
# shellcheck disable=SC2086
view_mount "$m" $geom --mtdparts '512K(boot),-(rootfs)' "$dump" || view_done
for f in "data $kdata 0" "raw $dump 0" "oob $W/exp/oob 0" \
	"parts/boot $kdata 0" "parts/rootfs $kdata 524288"; do
	# shellcheck disable=SC2086
	set -- $f
	for mode in cached dropping; do
		opt=
		[ $mode = dropping ] && opt=-d
		if "$stress" -t 8 -n 100 -m 131072 -s $seed $opt "$m/$1" "$2" "$3" \
			>"$W/stress.log" 2>&1; then
			pass "$mode: $(cat "$W/stress.log")"
		else
			fail "$mode: $(cat "$W/stress.log")"
		fi
		seed=$((seed + 1))
	done
done
# The checker itself must see a difference: data against the raw dump.
check "mm-stress reports a mismatch" eval \
	"! '$stress' -t 2 -n 20 '$m/data' '$dump' >'$W/neg.log' 2>&1"
grep -q 'expected' "$W/neg.log" && pass "mismatch reported: $(cat "$W/neg.log")"
view_umount "$m"

# 2. -o direct_io: unaligned reads of any length reach the daemon.
# shellcheck disable=SC2086
view_mount "$m" $geom -o direct_io --mtdparts '512K(boot),-(rootfs)' "$dump" || view_done
for f in "data $kdata 0" "raw $dump 0" "oob $W/exp/oob 0" \
	"parts/rootfs $kdata 524288"; do
	# shellcheck disable=SC2086
	set -- $f
	if "$stress" -t 8 -n 100 -m 131072 -s $seed "$m/$1" "$2" "$3" \
		>"$W/stress.log" 2>&1; then
		pass "direct_io: $(cat "$W/stress.log")"
	else
		fail "direct_io: $(cat "$W/stress.log")"
	fi
	seed=$((seed + 1))
done
view_umount "$m"

# stress_view LABEL FILES MUSE-MOUNT-ARGS...: mount with -o direct_io, then
# 8 threads on each "name reference" pair of FILES (separated by ';').
stress_view() {
	_label=$1 _files=$2
	shift 2
	view_mount "$m" -o direct_io "$@" || return
	_ifs=$IFS
	IFS=';'
	for _f in $_files; do
		IFS=$_ifs
		# shellcheck disable=SC2086
		set -- $_f
		if "$stress" -t 8 -n 100 -m 65536 -s $seed "$m/$1" "$2" \
			>"$W/stress.log" 2>&1; then
			pass "$_label: $(cat "$W/stress.log")"
		else
			fail "$_label: $(cat "$W/stress.log")"
		fi
		seed=$((seed + 1))
	done
	IFS=$_ifs
	view_umount "$m"
}

# 3. The nanddump reader (linear too, with a block map).
# shellcheck disable=SC2086
stress_view "nanddump reader" "data $kdata;raw $dump" --format nanddump $geom "$dump"

# 4. Readers on a stacked byte source, which the view serializes: a gzip
#    container and the sector-interleaved layout (4 x [512 data][16 spare]
#    per page, de-interleaved under the reader; raw shows page + OOB).
command -v gzip >/dev/null && gzip -c "$dump" >"$W/dump.gz"
# shellcheck disable=SC2086
if [ -f "$W/dump.gz" ] && "$MM_BIN" info $geom "$W/dump.gz" >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	stress_view "gzip container" "data $kdata;oob $W/exp/oob" $geom "$W/dump.gz"
else
	echo "note: this build cannot read gzip'ed dumps; container path not run"
fi
python3 - "$dump" "$W/sector.bin" <<'PY' || exit 1
import sys
with open(sys.argv[1], 'rb') as f, open(sys.argv[2], 'wb') as o:
    while True:
        r = f.read(2112)
        if not r:
            break
        for i in range(4):
            o.write(r[i * 512:(i + 1) * 512] + r[2048 + i * 16:2048 + (i + 1) * 16])
PY
if "$MM_BIN" --list-formats | grep -q '^sector'; then
	# shellcheck disable=SC2086
	stress_view "sector reader" "data $kdata;raw $dump;oob $W/exp/oob" \
		--format sector --sector-size 512 $geom "$W/sector.bin"
else
	echo "note: no sector reader in this build; not run"
fi
check "dump sha256 unchanged" test "$(sha "$dump")" = "$before"
view_done
