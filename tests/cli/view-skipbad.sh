#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# view-skipbad.sh - the FUSE view of the kernel's data-only skipbad dump
# (nanddump's default: bad block 20 left out, later blocks shifted) put
# back in place by the nanddump reader: data has physical offsets again,
# bad block 20 reads as 0xFF, everything else equals the kernel's dumpbad
# dump (whose block 20 is all 0xFF too), and there is no oob file.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/view/lib.sh"

view_require_fuse
command -v xz >/dev/null || skip "xz not installed"
fx=$MM_TOP/tests/fixtures/nandsim
[ -f "$fx/jffs2-hamming.data-skipbad.bin.xz" ] || skip "fixture jffs2-hamming missing"
"$MM_BIN" --list-formats | grep -q '^nanddump' ||
	{ echo "FAIL: no nanddump reader"; exit 1; }

skip=$W/skipbad.bin
kdata=$W/dumpbad.bin
xz -dc "$fx/jffs2-hamming.data-skipbad.bin.xz" >"$skip" || exit 1
xz -dc "$fx/jffs2-hamming.data-dumpbad.bin.xz" >"$kdata" || exit 1
before=$(sha "$skip")
check "the kernel's block 20 is all 0xFF in its dumpbad dump" python3 -c "
import sys
d = open('$kdata', 'rb').read()[20 * 131072:21 * 131072]
sys.exit(d != b'\xff' * 131072)"
check "the skipbad dump is one block shorter" \
	test $(($(stat -c %s "$kdata") - $(stat -c %s "$skip"))) -eq 131072

m=$W/mnt
view_mount "$m" --format nanddump --bb skipbad --page-size 2048 --oob-size 0 \
	--pages-per-block 64 --block-count 32 --bad-blocks 20 \
	--mtdparts '1M(boot),-(rootfs)' "$skip" || view_done
same "$m/data" "$kdata" "data (skipbad put back in place)"
check "no oob file" test ! -e "$m/oob"
same "$m/raw" "$kdata" "raw (no OOB: the data)"
tail -c +1048577 "$kdata" >"$W/rootfs"
same "$m/parts/rootfs" "$W/rootfs" parts/rootfs
check "badblocks is '20'" test "$(cat "$m/badblocks")" = 20
view_umount "$m"
check "dump sha256 unchanged" test "$(sha "$skip")" = "$before"
view_done
