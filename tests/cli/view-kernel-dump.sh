#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# view-kernel-dump.sh - the FUSE view of a real kernel-made NAND dump
# (tests/fixtures/nandsim/jffs2-hamming: nanddump --oob --bb=dumpbad of a
# 2048+64, 32-block nandsim chip with factory-bad block 20) with
# --mtdparts '512K(boot),-(rootfs)':
#   data, oob, raw and both partition files are byte-identical to the
#   kernel's own dumps and their slices; badblocks and info.json name the
#   bad block; writes are refused; after fusermount3 -u nothing stays
#   mounted; the dump is unchanged.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/view/lib.sh"

view_require_fuse
command -v xz >/dev/null || skip "xz not installed"
fx=$MM_TOP/tests/fixtures/nandsim
[ -f "$fx/jffs2-hamming.oob.bin.xz" ] || skip "fixture jffs2-hamming missing"

dump=$W/jffs2-hamming.oob.bin
kdata=$W/jffs2-hamming.data-dumpbad.bin
xz -dc "$fx/jffs2-hamming.oob.bin.xz" >"$dump" || exit 1
xz -dc "$fx/jffs2-hamming.data-dumpbad.bin.xz" >"$kdata" || exit 1
chmod a-w "$dump"
# The fixture's own record of the kernel's dumps.
check "fixture oob.bin is the kernel's dump" \
	grep -q "$(sha "$dump")  jffs2-hamming.oob.bin" "$fx/jffs2-hamming.txt"
check "fixture data-dumpbad.bin is the kernel's dump" \
	grep -q "$(sha "$kdata")  jffs2-hamming.data-dumpbad.bin" "$fx/jffs2-hamming.txt"
before=$(sha "$dump")

# The kernel's OOB bytes, sliced out of its page+OOB dump.
python3 "$MM_TOP/tests/view/dumptool.py" expect --page-size 2048 \
	--oob-size 64 "$dump" "$W/exp" || exit 1
head -c 524288 "$kdata" >"$W/exp/boot"
tail -c +524289 "$kdata" >"$W/exp/rootfs"

m=$W/mnt
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"
# shellcheck disable=SC2086
view_mount "$m" $geom --mtdparts '512K(boot),-(rootfs)' "$dump" || view_done

same "$m/data" "$kdata" data
same "$m/raw" "$dump" raw
same "$m/oob" "$W/exp/oob" oob
same "$m/parts/boot" "$W/exp/boot" parts/boot
same "$m/parts/rootfs" "$W/exp/rootfs" parts/rootfs
# shellcheck disable=SC2086
"$MM_BIN" convert -q $geom --to raw "$dump" -o "$W/conv.data" ||
	fail "convert --to raw"
same "$m/data" "$W/conv.data" "data (vs convert --to raw)"
# shellcheck disable=SC2086
"$MM_BIN" convert -q $geom --to oob --bb dumpbad "$dump" -o "$W/conv.oob" ||
	fail "convert --to oob"
same "$m/raw" "$W/conv.oob" "raw (vs convert --to oob --bb dumpbad)"
check "parts/ holds exactly boot and rootfs" \
	test "$(ls "$m/parts" | tr '\n' ' ')" = "boot rootfs "
check "sizes: data 4194304, oob 131072, raw 4325376" test \
	"$(stat -c %s "$m/data" "$m/oob" "$m/raw" | tr '\n' ' ')" = \
	"4194304 131072 4325376 "

check "badblocks is '20'" test "$(cat "$m/badblocks")" = 20
if [ -f "$m/info.json" ]; then
	check "info.json is valid JSON naming bad block 20" python3 - "$m/info.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
def bad_lists(o, key=''):
    if isinstance(o, dict):
        for k, v in o.items():
            yield from bad_lists(v, k)
    elif isinstance(o, list) and 'bad' in key.lower():
        yield o
found = any(20 in l or any(isinstance(e, dict) and 20 in e.values() for e in l)
            for l in bad_lists(j))
sys.exit(0 if found else 1)
PY
	# shellcheck disable=SC2086
	"$MM_BIN" info --json $geom --mtdparts '512K(boot),-(rootfs)' "$dump" \
		>"$W/info.json" 2>"$W/info.err"
	same "$m/info.json" "$W/info.json" "info.json (vs info --json)"
else
	fail "info.json missing"
fi

refuse_writes "$m" data
refuse_writes "$m" parts/rootfs
view_umount "$m"

# The same without any geometry option: detected from the dump itself.
view_mount "$m" --mtdparts '512K(boot),-(rootfs)' "$dump" || view_done
same "$m/raw" "$dump" "raw (geometry detected)"
same "$m/data" "$kdata" "data (geometry detected)"
same "$m/parts/rootfs" "$W/exp/rootfs" "parts/rootfs (geometry detected)"
view_umount "$m"
check "dump sha256 unchanged" test "$(sha "$dump")" = "$before"
view_done
