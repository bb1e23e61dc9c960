#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# convert-nandsim.sh - 'convert' of the kernel's nanddump --oob dumps must
# give, byte for byte, what the kernel's own nanddump wrote without --oob:
# --to=raw = NAME.data-dumpbad.bin, --to=raw --bb=skipbad =
# NAME.data-skipbad.bin; --to=oob gives the input back. No geometry options.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1

have_fixtures ubi-hamming || { echo "skip: no nandsim fixtures or no xz"; exit 77; }

for name in jffs2-hamming jffs2-bch8 ubi-hamming ubi-bch4; do
	echo "# $name"
	fixture "$name.oob.bin"
	fixture "$name.data-dumpbad.bin"
	fixture "$name.data-skipbad.bin"
	before=$(sha "$name.oob.bin")
	"$bin" convert -q "$name.oob.bin" -o "$name.raw" --to=raw
	check "$name: --to=raw exits 0" test $? = 0
	check "$name: --to=raw equals the kernel's nanddump --bb=dumpbad" \
		cmp "$name.raw" "$name.data-dumpbad.bin"
	"$bin" convert -q "$name.oob.bin" -o "$name.skip" --to=raw --bb=skipbad
	check "$name: --to=raw --bb=skipbad equals the kernel's nanddump --bb=skipbad" \
		cmp "$name.skip" "$name.data-skipbad.bin"
	"$bin" convert -q "$name.oob.bin" -o "$name.oob" --to=oob
	check "$name: --to=oob gives the input back" cmp "$name.oob" "$name.oob.bin"
	check "$name: the input's sha256 is unchanged" \
		test "$(sha "$name.oob.bin")" = "$before"
	rm -f "$name.raw" "$name.skip" "$name.oob" "$name.oob.bin"
done

# The kernel's skipbad data dump, with its bad block named, padded back to
# physical offsets: the bad block reads as 0xFF in the kernel's dumpbad dump
# too, so the two must be equal.
while read -r name blocks badblk; do
	"$bin" convert -q --format=nanddump --page-size=2048 --oob-size=0 \
		--pages-per-block=64 --in-bb=skipbad --bad-blocks="$badblk" \
		--block-count="$blocks" "$name.data-skipbad.bin" -o "$name.pad" \
		--to=raw --bb=padbad
	check "$name: skipbad data + --bad-blocks=$badblk -> padbad equals the kernel's dumpbad" \
		cmp "$name.pad" "$name.data-dumpbad.bin"
done <<'LIST'
jffs2-hamming 32 20
ubi-hamming 64 41
LIST
finish
