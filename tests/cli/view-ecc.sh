#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# view-ecc.sh - the FUSE view with --ecc on the real nandsim dump (software
# Hamming, 3 bytes per 256) after bit flips were put into a copy: without
# --ecc 'data' shows the flips; with --ecc hamming 'data' and the partition
# files equal the kernel's own (ECC-corrected) dump again, from several
# threads at once, 'raw' and 'oob' still show the bytes as the dump holds
# them, a step with two flips is served as read, and 'ecc' counts per block
# exactly what was put in.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/view/lib.sh"

view_require_fuse
stress=$O/tests/view/mm-stress
[ -x "$stress" ] || { echo "FAIL: $stress not built (make tools)"; exit 1; }
command -v xz >/dev/null || skip "xz not installed"
fx=$MM_TOP/tests/fixtures/nandsim
[ -f "$fx/jffs2-hamming.oob.bin.xz" ] || skip "fixture jffs2-hamming missing"

orig=$W/orig.bin
dump=$W/flipped.bin
kdata=$W/kernel-data.bin
xz -dc "$fx/jffs2-hamming.oob.bin.xz" >"$orig" || exit 1
xz -dc "$fx/jffs2-hamming.data-dumpbad.bin.xz" >"$kdata" || exit 1
# Flips (block, page, byte of the 2112-byte record, bit): one data bit in
# blocks 0 and 8, one ECC byte bit in block 9 (OOB byte 45), and two bits
# in the same 256-byte step of block 7 (uncorrectable for Hamming).
python3 - "$orig" "$dump" <<'PY' || exit 1
import shutil, sys
shutil.copyfile(sys.argv[1], sys.argv[2])
flips = [(0, 0, 100, 2), (8, 3, 1000, 7), (9, 5, 2048 + 45, 0),
         (7, 0, 10, 1), (7, 0, 20, 4)]
with open(sys.argv[2], 'r+b') as f:
    for blk, pg, byte, bit in flips:
        off = (blk * 64 + pg) * 2112 + byte
        f.seek(off)
        b = f.read(1)[0]
        f.seek(off)
        f.write(bytes([b ^ (1 << bit)]))
PY
python3 "$MM_TOP/tests/view/dumptool.py" expect --page-size 2048 \
	--oob-size 64 "$dump" "$W/exp" || exit 1
before=$(sha "$dump")
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"
m=$W/mnt

# Data byte offsets of the flips in 'data'.
off0=$((0 * 131072 + 0 * 2048 + 100))
off8=$((8 * 131072 + 3 * 2048 + 1000))
off7a=$((7 * 131072 + 10))
off7b=$((7 * 131072 + 20))
diffs() {	# FILE: the differing offsets against the kernel's data, decimal
	cmp -l "$1" "$kdata" | awk '{ printf "%d ", $1 - 1 }'
}

# shellcheck disable=SC2086
view_mount "$m" $geom "$W/flipped.bin" || view_done
check "without --ecc, data shows the 4 data flips" \
	test "$(diffs "$m/data")" = "$off0 $off7a $off7b $off8 "
check "without --ecc, there is no ecc file" test ! -e "$m/ecc"
view_umount "$m"

# shellcheck disable=SC2086
view_mount "$m" --ecc hamming -o direct_io --mtdparts '1M(boot),-(rootfs)' \
	$geom "$dump" || view_done
check "with --ecc hamming, data differs only where two flips share a step" \
	test "$(diffs "$m/data")" = "$off7a $off7b "
tail -c +1048577 "$kdata" >"$W/kernel-rootfs"
same "$m/parts/rootfs" "$W/kernel-rootfs" "parts/rootfs (corrected)"
same "$m/raw" "$dump" "raw (as the dump holds it)"
same "$m/oob" "$W/exp/oob" "oob (as the dump holds it)"
if "$stress" -t 8 -n 100 -m 131072 "$m/parts/rootfs" "$W/kernel-rootfs" \
	>"$W/s.log" 2>&1; then
	pass "corrected reads from 8 threads: $(cat "$W/s.log")"
else
	fail "corrected reads from 8 threads: $(cat "$W/s.log")"
fi
# ecc: "block steps corrected_steps corrected_bits uncorrectable_steps ..."
check "ecc names the scheme" grep -q '^# scheme hamming' "$m/ecc"
check "ecc: block 0 one corrected bit" grep -q '^0 512 1 1 0 ' "$m/ecc"
check "ecc: block 8 one corrected bit" grep -q '^8 512 1 1 0 ' "$m/ecc"
check "ecc: block 9 one corrected bit (in the ECC bytes)" grep -q '^9 512 1 1 0 ' "$m/ecc"
check "ecc: block 7 one uncorrectable step" grep -q '^7 512 0 0 1 ' "$m/ecc"
check "ecc: block 20 bad" grep -q '^20 bad' "$m/ecc"
check "ecc: no other block corrected or uncorrectable" test \
	"$(awk '$1 ~ /^[0-9]+$/ && $2 != "bad" && ($3 || $5) { print $1 }' "$m/ecc" | tr '\n' ' ')" = "0 7 8 9 "
view_umount "$m"
check "dump sha256 unchanged" test "$(sha "$dump")" = "$before"
view_done
