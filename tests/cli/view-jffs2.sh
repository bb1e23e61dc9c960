#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# view-jffs2.sh - a userspace JFFS2 tool reads a partition file of the FUSE
# view: jffs2dump (mtd-utils) on parts/rootfs of the real nandsim dump
# (page + OOB, '1M(boot),-(rootfs)') reports no broken node, names every
# file and directory the kernel had mounted, and prints exactly what it
# prints for the kernel's own data-only dump of that partition. On the
# page + OOB 'raw' file it does find broken nodes (so the check can fail).
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/view/lib.sh"

view_require_fuse
command -v jffs2dump >/dev/null || skip "jffs2dump not installed (mtd-utils)"
command -v xz >/dev/null || skip "xz not installed"
fx=$MM_TOP/tests/fixtures/nandsim
[ -f "$fx/jffs2-hamming.oob.bin.xz" ] || skip "fixture jffs2-hamming missing"

dump=$W/jffs2-hamming.oob.bin
xz -dc "$fx/jffs2-hamming.oob.bin.xz" >"$dump" || exit 1
xz -dc "$fx/jffs2-hamming.data-dumpbad.bin.xz" | tail -c +1048577 >"$W/kernel-rootfs"
m=$W/mnt
view_mount "$m" --page-size 2048 --oob-size 64 --pages-per-block 64 \
	--mtdparts '1M(boot),-(rootfs)' "$dump" || view_done

jffs2dump -c "$m/parts/rootfs" >"$W/view.txt" 2>&1
check "jffs2dump parts/rootfs succeeds" test $? -eq 0
jffs2dump -c "$W/kernel-rootfs" >"$W/kernel.txt" 2>&1
check "jffs2dump output equals that of the kernel's data-only dump" \
	cmp -s "$W/view.txt" "$W/kernel.txt"
check "no broken node in parts/rootfs" eval "! grep -q '^Wrong' '$W/view.txt'"
n=$(grep -c 'Dirent' "$W/view.txt")
check "jffs2dump found dirents ($n)" test "$n" -gt 20
missing=
for p in $(sed -n 's|^[0-9a-f]*  \./||p' "$fx/jffs2-hamming.sha256") \
	$(sed -n 's|^[dl] \./\([^ ]*\).*|\1|p' "$fx/jffs2-hamming.tree"); do
	grep -q "name $(basename "$p")\$" "$W/view.txt" || missing="$missing $p"
done
check "every file and directory is named by a dirent${missing:+ (missing:$missing)}" \
	test -z "$missing"
jffs2dump -c "$m/raw" >"$W/raw.txt" 2>&1
check "on 'raw' (OOB every 2048 bytes) jffs2dump does see broken nodes" \
	grep -q '^Wrong' "$W/raw.txt"
view_umount "$m"
view_done
