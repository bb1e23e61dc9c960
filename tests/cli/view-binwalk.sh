#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# view-binwalk.sh - binwalk, a userspace extractor, on the FUSE view of the
# real nandsim dumps: in 'data' it finds the JFFS2 file system exactly at
# 1 MiB (where the kernel put it) and the UBI erase counter header at 0
# with the image's VID header and data offsets; in 'raw', with 64 OOB bytes
# after every page, the JFFS2 start is shifted and broken up (binwalk
# #889/#897), which is why the view strips the OOB.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/view/lib.sh"

view_require_fuse
command -v binwalk >/dev/null || skip "binwalk not installed (make deps)"
command -v xz >/dev/null || skip "xz not installed"
fx=$MM_TOP/tests/fixtures/nandsim
[ -f "$fx/ubi-hamming.oob.bin.xz" ] || skip "fixture ubi-hamming missing"
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"
m=$W/mnt
export HOME="$W"	# binwalk keeps its configuration under $HOME

xz -dc "$fx/jffs2-hamming.oob.bin.xz" >"$W/jffs2.bin" || exit 1
# shellcheck disable=SC2086
view_mount "$m" $geom "$W/jffs2.bin" || view_done
binwalk "$m/data" >"$W/data.txt" 2>&1
binwalk "$m/raw" >"$W/raw.txt" 2>&1
check "data: one JFFS2 file system, at 0x100000 ($(grep JFFS2 "$W/data.txt" | tr -s ' ' | head -n 3 | tr '\n' ';'))" \
	test "$(grep JFFS2 "$W/data.txt" | awk '{ print $2 }' | tr '\n' ' ')" = "0x100000 "
check "raw: JFFS2 not found as one file system at 0x100000 ($(grep JFFS2 "$W/raw.txt" | awk '{ print $2 }' | tr '\n' ' '))" \
	test "$(grep JFFS2 "$W/raw.txt" | awk '{ print $2 }' | tr '\n' ' ')" != "0x100000 "
view_umount "$m"

xz -dc "$fx/ubi-hamming.oob.bin.xz" >"$W/ubi.bin" || exit 1
# shellcheck disable=SC2086
view_mount "$m" $geom "$W/ubi.bin" || view_done
binwalk "$m/data" >"$W/ubi.txt" 2>&1
check "data: UBI erase count header at 0, VID header 0x200, data 0x800" \
	grep -Eq '^0 +0x0 +UBI erase count header, .*VID header offset: 0x200, data offset: 0x800' "$W/ubi.txt"
view_umount "$m"
view_done
