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
# original). The same without a layout option: info detects the preset and
# --layout=auto converts alike (the geometry is given: see
# tests/fixtures/README for what detecting it too does). Layouts without ECC
# (hisi-balong) are only read through; controllers without an in-page
# factory marker (amlogic) get the bad block with --bad-blocks.
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

GEOM="--format=oob --page-size=2048 --oob-size=64 --pages-per-block=64"

# mm-gen --from a data-only image, its bad block given: for UBI, which
# keeps nothing in the OOB, the same bytes as from the page+OOB dump
for fx in $names; do
	case $fx in ubi-*) ;; *) continue ;; esac
	bad=$(sed -n 's/^Factory-bad blocks: \([0-9]*\) .*/\1/p' "$fixtures/$fx.txt")
	p=$(sed -n "s/^$fx \([^ ]*\) .* 2048 .*/\1/p" lay/layouts.list | head -n 1)
	"$gen" --from "$fx.data-dumpbad.bin" --bad "$bad" --page-size 2048 \
		--oob-size 64 --pages-per-block 64 --vendor-layout "$p" \
		--flips t --flip-seed 12 -o "$fx.data-only.bin"
	check "$fx: mm-gen --from the data-only dump (--bad $bad) equals --from the page+OOB dump in $p" \
		cmp "$fx.data-only.bin" "lay/$fx.$p.bin"
	rm -f "$fx.data-only.bin"
done

# run NAME COMMAND...: run it, its status as "NAME STATUS" in rcs
run() {
	_n=$1
	shift
	"$@"
	echo "$_n $?" >>rcs
}

while read -r fx p arg f pages t avail marker bad; do
	case " ${LAYOUT_PRESETS:-$p} " in *" $p "*) ;; *) continue ;; esac
	echo "# $fx in $arg (t $t, oobavail $avail, marker $marker)"
	b=${f%.bin}.beyond.bin
	# a controller without a factory marker in the page (Amlogic keeps a
	# table elsewhere): the bad block is given, as a user would
	bb=
	[ "$marker" = none ] && bb=--bad-blocks=$bad
	printf 't %s\nbad %s\n' "$t" "$bad" >rcs
	run info "$bin" info --json $GEOM $bb --layout="$arg" "lay/$f" >"$f.json" 2>"$f.err"
	run raw "$bin" convert -q $GEOM $bb --layout="$arg" "lay/$f" -o "$f.raw" --to=raw 2>>"$f.err"
	run oob "$bin" convert -q $GEOM $bb --layout="$arg" "lay/$f" -o "$f.oob" --to=oob 2>>"$f.err"
	if [ "$t" != 0 ]; then
		# detection: no layout option (a layout without ECC has nothing
		# to verify, so only ECC layouts are detected)
		run auto "$bin" info --json $GEOM $bb "lay/$f" >"$f.auto.json" 2>>"$f.err"
		run auto_raw "$bin" convert -q $GEOM $bb --layout=auto "lay/$f" -o "$f.auto.raw" --to=raw 2>>"$f.err"
		run b_info "$bin" info --json $GEOM $bb --layout="$arg" "lay/$b" >"$b.json" 2>/dev/null
		run b_auto "$bin" info --json $GEOM $bb "lay/$b" >"$b.auto.json" 2>/dev/null
		run b_raw "$bin" convert -q $GEOM $bb --layout="$arg" "lay/$b" -o "$b.raw" --to=raw 2>"$b.err"
	fi
	python3 "$top/tests/cli/layouts-check.py" "$fx" "$p" "$pages" rcs || {
		failed=1
		head -n 5 "$f.err"
	}
	rm -f "$f".* "$b".* "lay/$f" "lay/$b"
done <lay/layouts.list
finish
