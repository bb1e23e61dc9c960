#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# errors-convert.sh - convert refuses to overwrite its input (also through
# links) or an existing file without --force (status 1), refuses --to=oob for
# a dump without OOB (status 2), and never leaves a partial output behind.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1

G="--format=oob --page-size=2048 --oob-size=64 --pages-per-block=8"
mkdump g.oob g.data
before=$(sha g.oob)
ln -s g.oob sym.oob
ln g.oob hard.oob
mkdir sub
echo keep >exists.bin

expect_fail "output is the input" 1 \
	"muse-mount: g.oob: is the input dump; refusing to overwrite it" \
	"$bin" convert $G g.oob -o g.oob --force
expect_fail "output is a symbolic link to the input" 1 \
	"muse-mount: sym.oob: is the input dump; refusing to overwrite it" \
	"$bin" convert $G g.oob -o sym.oob --force
expect_fail "output is a hard link to the input" 1 \
	"muse-mount: hard.oob: is the input dump; refusing to overwrite it" \
	"$bin" convert $G g.oob -o hard.oob --force
expect_fail "input given through a symbolic link, output the file" 1 \
	"muse-mount: g.oob: is the input dump; refusing to overwrite it" \
	"$bin" convert $G sym.oob -o g.oob --force
expect_fail "output exists" 1 \
	"muse-mount: exists.bin: already exists (use --force to overwrite it)" \
	"$bin" convert $G g.oob -o exists.bin
check "the existing output is untouched" test "$(cat exists.bin)" = keep
expect_fail "output is a directory" 1 \
	"muse-mount: sub: is a directory" \
	"$bin" convert $G g.oob -o sub --force
expect_fail "output directory does not exist" 3 \
	"muse-mount: nodir/out.bin: cannot create a file in its directory: No such file or directory" \
	"$bin" convert $G g.oob -o nodir/out.bin
expect_fail "--to=oob from a data-only dump" 2 \
	"muse-mount: g.data: the dump has no OOB (format 'raw'); --to=oob needs one" \
	"$bin" convert --format=raw --page-size=2048 --pages-per-block=8 g.data -o new.oob --to=oob
check "no output was made" test ! -e new.oob
# A write error half way (the file size limit): status 3, nothing left.
(ulimit -f 64 && exec "$bin" convert -q $G g.oob -o big.raw) 2>err
rc=$?
check "a write error half way: status 3" test "$rc" = 3
check "... with one line naming the output" \
	test "$(cat err)" = "muse-mount: big.raw: write error: File too large"
check "... and no output" test ! -e big.raw
# Interrupted (SIGINT) half way: no output, no temporary file.
truncate -s $((2048 * 64 * 2112)) big.oob
"$bin" convert -q --format=oob --page-size=2048 --oob-size=64 \
	--pages-per-block=64 --no-bbm-scan big.oob -o int.raw &
pid=$!
sleep 0.3
kill -INT "$pid" 2>/dev/null
wait "$pid"
rc=$?
if [ "$rc" = 0 ]; then
	echo "skip: the conversion finished before SIGINT"
	rm -f int.raw
else
	check "SIGINT half way: killed by the signal (status $rc)" test "$rc" -gt 128
	check "... and no output" test ! -e int.raw
fi
rm -f big.oob
check "no temporary file is left behind" test -z "$(ls -A | grep '^\.')"
check "the input's sha256 is unchanged" test "$(sha g.oob)" = "$before"
finish
