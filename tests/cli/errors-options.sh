#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# errors-options.sh - bad option values give one line naming the option and
# the value, then the --help hint, and exit status 1 (usage).
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1

head -c $((2 * 64 * 2112)) /dev/zero >two.bin
hint="Try 'muse-mount --help' for more information."

# name | first line | arguments (word-split)
while IFS='|' read -r name line args; do
	expect_fail "$name" 1 "$line" "$bin" $args
	check "$name: the --help hint follows" test "$(sed -n 2p "$tmp/err")" = "$hint"
done <<'LIST'
page size not a power of two|muse-mount: invalid --page-size '3000' (a power of two from 256 to 64KiB)|info --page-size=3000 two.bin
page size not a number|muse-mount: invalid --page-size '2k2'|info --page-size=2k2 two.bin
OOB size not a number|muse-mount: invalid --oob-size 'abc'|info --oob-size=abc two.bin
pages per block not a power of two|muse-mount: invalid --pages-per-block '3' (a power of two up to 16384)|info --pages-per-block=3 two.bin
block count zero|muse-mount: invalid --block-count '0'|info --block-count=0 two.bin
bus width 12|muse-mount: invalid --bus-width '12' (8 or 16)|info --bus-width=12 two.bin
bad block list|muse-mount: invalid --bad-blocks 'x' (block indexes like 3,20,0x14,30-33)|info --bad-blocks=x two.bin
bad block mode|muse-mount: invalid --bb 'foo' (skipbad, padbad or dumpbad)|info --bb=foo two.bin
convert output bad block mode|muse-mount: invalid --bb 'all' (skipbad, padbad or dumpbad)|convert --bb=all two.bin -o out.bin
convert input bad block mode|muse-mount: invalid --in-bb 'x' (skipbad, padbad or dumpbad)|convert --in-bb=x two.bin -o out.bin
unknown transform|muse-mount: invalid --transform 'swap16,rot13' (invert, swap16, bit-reverse)|info --transform=swap16,rot13 two.bin
convert target|muse-mount: invalid --to 'xyz' (raw or oob)|convert --to=xyz two.bin -o out.bin
convert without -o|muse-mount: convert needs an output file (-o FILE)|convert two.bin
info without a dump|muse-mount: no dump file given|info
info with two dumps|muse-mount: unexpected argument 'b'|info two.bin b
LIST
check "no output file was made" test ! -e out.bin
finish
