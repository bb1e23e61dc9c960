#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# view-ioerror.sh - when the dump cannot be read any more (here: a copy cut
# short while mounted), reads of the lost pages fail with EIO instead of
# returning made-up bytes, the pages still there read fine, the reason
# goes to stderr in the foreground, and the view still unmounts cleanly.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/view/lib.sh"

view_require_fuse
tool=$MM_TOP/tests/view/dumptool.py
python3 "$tool" gen --page-size 2048 --oob-size 64 --ppb 64 --blocks 8 \
	"$W/d.bin" || exit 1
python3 "$tool" expect --page-size 2048 --oob-size 64 "$W/d.bin" "$W/exp" || exit 1
mkdir "$W/mnt"
"$MM_BIN" -f -o direct_io --page-size 2048 --oob-size 64 --pages-per-block 64 \
	"$W/d.bin" "$W/mnt" 2>"$W/fg.err" &
fg=$!
i=0
while ! is_mounted "$W/mnt" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check "mounted" is_mounted "$W/mnt"

# Keep blocks 0-3 (4 * 64 records of 2112 bytes), lose blocks 4-7.
truncate -s $((4 * 64 * 2112)) "$W/d.bin"
head -c $((4 * 131072)) "$W/exp/data" >"$W/exp/head"
head -c $((4 * 131072)) "$W/mnt/data" >"$W/got-head" 2>"$W/head.err"
same "$W/got-head" "$W/exp/head" "blocks still in the dump"
dd if="$W/mnt/data" of=/dev/null bs=4096 skip=$((5 * 32)) count=1 \
	2>"$W/dd.err"
check "a read of a lost page fails" test $? -ne 0
check "with EIO ($(head -n 1 "$W/dd.err"))" \
	grep -q 'Input/output error' "$W/dd.err"
check "the reason is on stderr ($(head -n 1 "$W/fg.err"))" \
	grep -q "^muse-mount: $W/d.bin: page [0-9]*: " "$W/fg.err"
fusermount3 -u "$W/mnt"
wait "$fg"
check "ends with status 0 after fusermount3 -u" test $? -eq 0
check "nothing mounted" eval "! is_mounted '$W/mnt'"
view_done
