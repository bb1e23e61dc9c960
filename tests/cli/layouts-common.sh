# SPDX-License-Identifier: GPL-2.0-or-later
#
# layouts-common.sh - sourced by layouts-jffs2.sh and layouts-ubi.sh (not a
# test itself: not executable). The kernel's own JFFS2 and UBI dumps
# (nandsim jffs2-bch8, ubi-bch4) laid out in every controller preset by
# mm-gen --from (tests/gen/layout-fixtures.sh, at test time), with t flips
# in every ECC step: 'info --layout=P' names P, exits 0 and counts the
# corrected bits; 'convert --to=raw' gives the kernel's data-only dump byte
# for byte and '--to=oob' its data with the clean-markers in the logical
# OOB. A copy with t + 1 flips in one step of four pages: info exits 4, and
# convert never returns the original bytes of those pages (it exits 4 and
# writes them as read: changed; every other page must still be the
# original). Detection: with the geometry given and no layout option, info
# detects the preset and --layout=auto converts alike; with no option at
# all, info finds the file's geometry (layouts.list: PAGE OOB PPB) and the
# preset, and so for the copy beyond t, which it reports uncorrectable (exit
# 4). Each file is read at its own physical geometry (2048+64, omap-bch16
# 2048+128: see layout-fixtures.sh). Layouts without ECC (hisi-balong) are
# only read through; controllers without an in-page factory marker
# (amlogic) get the bad block with --bad-blocks, the one option the no-option
# runs keep (nothing in such a dump says which block is bad).
#
# LAYOUT_FIXTURES (set by the caller) and LAYOUT_PRESETS (default every
# preset) select.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1

have_fixtures jffs2-bch8 && have_fixtures ubi-bch4 ||
	{ echo "skip: no nandsim fixtures or no xz"; exit 77; }
[ -x "$gen" ] || { echo "skip: $gen not built (make tools)"; exit 77; }
"$bin" --list-layouts >layouts.txt 2>&1 ||
	{ echo "skip: this muse-mount has no --list-layouts (layouts not wired yet)"; exit 77; }

names=$LAYOUT_FIXTURES
for p in $("$gen" --list-layouts | cut -f1); do
	check "--list-layouts names $p" grep -q "^$p[[:space:]]" layouts.txt
done
for fx in $names; do
	fixture "$fx.oob.bin"
	fixture "$fx.data-dumpbad.bin"
done
"$top/tests/gen/layout-fixtures.sh" -b "$gen" . lay $names ||
	{ not_ok "layout-fixtures.sh failed"; finish; }

# mm-gen --from a data-only image, its bad block given: for UBI, which
# keeps nothing in the OOB, the same bytes as from the page+OOB dump (in the
# first preset with an in-page marker and ECC)
for fx in $names; do
	case $fx in ubi-*) ;; *) continue ;; esac
	bad=$(sed -n 's/^Factory-bad blocks: \([0-9]*\) .*/\1/p' "$fixtures/$fx.txt")
	set -- $(awk -v fx="$fx" '$1 == fx && $6 != 0 && $8 != "none" { print $2, $10, $11, $12; exit }' lay/layouts.list)
	"$gen" --from "$fx.data-dumpbad.bin" --bad "$bad" --page-size "$2" \
		--oob-size "$3" --pages-per-block "$4" --vendor-layout "$1" \
		--flips t --flip-seed 12 -o "$fx.data-only.bin"
	check "$fx: mm-gen --from the data-only dump (--bad $bad) equals --from the page+OOB dump in $1" \
		cmp "$fx.data-only.bin" "lay/$fx.$1.bin"
	rm -f "$fx.data-only.bin"
done

# run NAME COMMAND...: run it, its status as "NAME STATUS" in rcs
run() {
	_n=$1
	shift
	"$@"
	echo "$_n $?" >>rcs
}

while read -r fx p arg f pages t avail marker bad ps os ppb; do
	case " ${LAYOUT_PRESETS:-$p} " in *" $p "*) ;; *) continue ;; esac
	echo "# $fx in $arg on $ps+$os, $ppb pages per block (t $t, oobavail $avail, marker $marker)"
	b=${f%.bin}.beyond.bin
	geom="--format=oob --page-size=$ps --oob-size=$os --pages-per-block=$ppb"
	# a controller without a factory marker in the page (Amlogic keeps a
	# table elsewhere): the bad block is given, as a user would
	bb=
	[ "$marker" = none ] && bb=--bad-blocks=$bad
	printf 't %s\nbad %s\npage %s\nspare %s\nppb %s\n' "$t" "$bad" "$ps" "$os" "$ppb" >rcs
	run info "$bin" info --json $geom $bb --layout="$arg" "lay/$f" >"$f.json" 2>"$f.err"
	run raw "$bin" convert -q $geom $bb --layout="$arg" "lay/$f" -o "$f.raw" --to=raw 2>>"$f.err"
	run oob "$bin" convert -q $geom $bb --layout="$arg" "lay/$f" -o "$f.oob" --to=oob 2>>"$f.err"
	if [ "$t" != 0 ]; then
		# detection: no layout option (a layout without ECC has nothing
		# to verify, so only ECC layouts are detected), then no option
		run auto "$bin" info --json $geom $bb "lay/$f" >"$f.auto.json" 2>>"$f.err"
		run auto_raw "$bin" convert -q $geom $bb --layout=auto "lay/$f" -o "$f.auto.raw" --to=raw 2>>"$f.err"
		run bare "$bin" info --json $bb "lay/$f" >"$f.bare.json" 2>>"$f.err"
		run b_info "$bin" info --json $geom $bb --layout="$arg" "lay/$b" >"$b.json" 2>/dev/null
		run b_bare "$bin" info --json $bb "lay/$b" >"$b.bare.json" 2>/dev/null
		run b_raw "$bin" convert -q $geom $bb --layout="$arg" "lay/$b" -o "$b.raw" --to=raw 2>"$b.err"
	fi
	python3 "$top/tests/cli/layouts-check.py" "$fx" "$p" "$pages" rcs "$f" || {
		failed=1
		head -n 5 "$f.err"
	}
	rm -f "$f".* "$b".* "lay/$f" "lay/$b"
done <lay/layouts.list
finish
