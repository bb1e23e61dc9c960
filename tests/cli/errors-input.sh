#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# errors-input.sh - every unusable dump gives one line
# "muse-mount: FILE: what is wrong (at 0x...)" and exit status 2 (input);
# info and convert behave alike.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1

G="--format=oob --page-size=2048 --oob-size=64 --pages-per-block=64"
: >empty.bin
mkdir dir.bin
head -c 10000 /dev/zero >odd.bin
head -c $((10 * 2112)) /dev/zero >part.bin
head -c $((2 * 64 * 2112)) /dev/zero >two.bin
head -c $((1536 * 32)) /dev/zero >imp.bin

for cmd in info convert; do
	[ $cmd = convert ] && out="-o $tmp/out.bin" || out=
	echo "# $cmd"
	expect_fail "$cmd: missing file" 2 \
		"muse-mount: nope.bin: cannot open: No such file or directory" \
		"$bin" $cmd nope.bin $out
	expect_fail "$cmd: a directory" 2 \
		"muse-mount: dir.bin: cannot open: Is a directory" \
		"$bin" $cmd dir.bin $out
	[ -p fifo.bin ] || mkfifo fifo.bin
	expect_fail "$cmd: a FIFO (no random access; must not hang)" 2 \
		"muse-mount: fifo.bin: not a regular file or block device (no random access)" \
		timeout 10 "$bin" $cmd fifo.bin $out
	expect_fail "$cmd: a character device" 2 \
		"muse-mount: /dev/null: not a regular file or block device (no random access)" \
		"$bin" $cmd /dev/null $out
	expect_fail "$cmd: size not a multiple of the page record" 2 \
		"muse-mount: odd.bin: size 10000 is not a multiple of the 2112-byte page record (truncated at 0x2100)" \
		"$bin" $cmd $G odd.bin $out
	expect_fail "$cmd: truncated inside a block" 2 \
		"muse-mount: part.bin: file ends inside block 0 (page 10 of 64, at 0x5280)" \
		"$bin" $cmd $G part.bin $out
	expect_fail "$cmd: more blocks than --block-count allows" 2 \
		"muse-mount: two.bin: file holds 2 blocks but the chip has 1 (--block-count, --size)" \
		"$bin" $cmd $G --block-count=1 two.bin $out
	expect_fail "$cmd: impossible geometry (OOB larger than the page)" 2 \
		"muse-mount: imp.bin: OOB size 1024 is not smaller than the page size 512" \
		"$bin" $cmd --format=oob --page-size=512 --oob-size=1024 --pages-per-block=32 imp.bin $out
	expect_fail "$cmd: a bad block past the end" 2 \
		"muse-mount: two.bin: bad block 99 is past the last block (1)" \
		"$bin" $cmd $G --bad-blocks=99 two.bin $out
	expect_fail "$cmd: unknown format" 2 \
		"muse-mount: odd.bin: unknown format 'nope' (see --list-formats)" \
		"$bin" $cmd --format=nope odd.bin $out
	expect_fail "$cmd: OOB size for a data-only format" 2 \
		"muse-mount: two.bin: format 'raw' has no OOB but --oob-size 64 was given" \
		"$bin" $cmd --format=raw --page-size=2048 --oob-size=64 two.bin $out
	expect_fail "$cmd: no geometry fits an empty file" 2 \
		"muse-mount: empty.bin: no common geometry fits the file size 0 (give --page-size, --oob-size and --pages-per-block)" \
		"$bin" $cmd empty.bin $out
	expect_fail "$cmd: an empty file with the geometry given" 2 \
		"muse-mount: empty.bin: empty file" \
		"$bin" $cmd $G empty.bin $out
done
echo "# unreadable file"
head -c $((64 * 2112)) /dev/zero >secret.bin
chmod 000 secret.bin
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	# root reads anything: ask as nobody.
	chmod 755 "$tmp"
	expect_fail "info: unreadable file" 2 \
		"muse-mount: secret.bin: cannot open: Permission denied" \
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$bin" info $G secret.bin
elif [ "$(id -u)" != 0 ]; then
	expect_fail "info: unreadable file" 2 \
		"muse-mount: secret.bin: cannot open: Permission denied" \
		"$bin" info $G secret.bin
else
	echo "skip: unreadable file (root without setpriv)"
fi
check "convert left no output behind" test ! -e out.bin
check "convert left no temporary file behind" test -z "$(ls -A | grep '^\.')"
finish
