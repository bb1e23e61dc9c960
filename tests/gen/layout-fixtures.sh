#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# layout-fixtures.sh - the kernel-made nandsim fixtures (tests/fixtures/
# nandsim) laid out in every controller preset by mm-gen --from, at test
# time; nothing of it is committed. The CLI tests (tests/cli/layouts-*.sh)
# and the e2e scenario l-layouts (tests/e2e/run.sh, "# e2e-layouts:" line)
# use the same files.
#
# usage: layout-fixtures.sh [-b] MM_GEN SRCDIR OUTDIR FIXTURE...
#
#   SRCDIR/FIXTURE.oob.bin    the kernel's nanddump --oob --bb=dumpbad
#                             (or SRCDIR/FIXTURE/FIXTURE.oob.bin)
#   OUTDIR/FIXTURE.PRESET.bin laid out in PRESET with t flips in every
#                             ECC step of every programmed page
#   OUTDIR/FIXTURE.PRESET.beyond.bin (with -b) the same, and t + 1 flips,
#                             in data bits, in one step of each page listed
#                             in OUTDIR/layouts.list
#   OUTDIR/layouts.list       one line per file: FIXTURE PRESET ARG FILE
#                             BEYOND-PAGES T OOBAVAIL MARKER BAD PAGE OOB
#                             PPB (ARG is what --layout takes; T, OOBAVAIL
#                             and MARKER the layout's, from mm-gen
#                             --print-layout, MARKER "none" when the
#                             controller keeps no factory marker in the
#                             page, so BAD, the fixture's bad block, must be
#                             given to the reader; BEYOND-PAGES "-" without
#                             ECC; PAGE OOB PPB the file's physical
#                             geometry: page, spare, pages per block)
#
# Presets: every one mm-gen --list-layouts names (LAYOUT_PRESETS overrides),
# with the options and the chip of preset_arg and preset_geom below. The
# sources are 2048+64 dumps; a preset that needs a larger spare is laid out
# on the chip its driver needs (same 2048-byte pages and blocks, mm-gen
# --from-oob-size 64), so its logical pages hold the same data. Left out,
# with a note on standard error: JFFS2 fixtures in a layout without free OOB
# bytes (JFFS2 on NAND needs oobavail > 0 for its clean-markers; the kernel
# refuses to mount).
set -eu
beyond=false
if [ "${1:-}" = -b ]; then
	beyond=true
	shift
fi
[ $# -ge 4 ] || { echo "usage: $0 [-b] MM_GEN SRCDIR OUTDIR FIXTURE..." >&2; exit 2; }
gen=$1 src=$2 out=$3
shift 3

# preset_arg PRESET: the --layout argument. Every preset builds for its
# chip with its defaults (the geometry its driver derives: see
# docs/layouts.md); one that needs options gets a case here.
preset_arg() {
	echo "$1"
}

# preset_geom PRESET: the chip it is laid out on, "PAGE OOB PPB". 2048+64
# (the sources'), but omap-bch16: 2 + 4 x 26 bytes of OOB, which
# omap_nand_attach_chip() requires, so 2048+128 as the chips used with it.
preset_geom() {
	case $1 in
	omap-bch16) echo "2048 128 64" ;;
	*) echo "2048 64 64" ;;
	esac
}

# fixture_args FIXTURE: the source's software ECC and factory-bad block
# (NAME.txt), and the programmed pages that get a step beyond t (one page
# for each step number 0..3, so every step position is exercised).
fixture_args() {
	case $1 in
	jffs2-bch8) echo "bch8 9 4,9,14,19" ;;
	ubi-bch4) echo "bch4 17 0,193,258,771" ;;
	*) echo "layout-fixtures.sh: no entry for fixture '$1'" >&2; return 1 ;;
	esac
}

# every preset with its defaults, and the other codes of a controller
# (LAYOUT_VARIANTS: PRESET:OPTIONS; the file is FIXTURE.PRESET-CODE.bin)
presets=${LAYOUT_PRESETS:-$("$gen" --list-layouts | cut -f1)}
variants=${LAYOUT_VARIANTS-qcom-nandc:ecc=rs}
for v in $variants; do
	case " $presets " in *" ${v%%:*} "*) presets="$presets $v" ;; esac
done
mkdir -p "$out"
: >"$out/layouts.list.tmp"
for fx in "$@"; do
	a=$(fixture_args "$fx") || exit 1
	set -- $a
	ecc=$1 bad=$2 pages=$3
	in=$src/$fx.oob.bin
	[ -f "$in" ] || in=$src/$fx/$fx.oob.bin
	for e in $presets; do
		p=${e%%:*}
		tag=$p
		arg=$(preset_arg "$p")
		case $e in
		*:*)	# a variant: its options, a file name of its own
			arg=$e
			tag=$p-$(echo "${e#*:}" | sed 's/^ecc=//; s/[=,]/-/g') ;;
		esac
		set -- $(preset_geom "$p")
		ps=$1 os=$2 ppb=$3
		geom="--page-size $ps --oob-size $os --pages-per-block $ppb"
		facts=$("$gen" $geom --vendor-layout "$arg" --print-layout) || exit 1
		set -- $facts
		t=${1#t=} avail=${3#oobavail=} marker=${4#marker=}
		case $fx:$avail in
		jffs2-*:0)
			echo "layout-fixtures.sh: $fx in $p: left out (no free OOB bytes for JFFS2's clean-markers)" >&2
			continue ;;
		esac
		f=$out/$fx.$tag.bin
		common="--from $in --from-oob --from-oob-size 64 --from-ecc $ecc $geom \
			--vendor-layout $arg --flips t --flip-seed 12"
		# the clean-marker note for small oobavail is expected
		"$gen" $common -o "$f.tmp" 2>"$f.err" || { cat "$f.err" >&2; exit 1; }
		mv "$f.tmp" "$f"
		b=$pages
		[ "$t" = 0 ] && b=-	# no ECC, nothing beyond it
		if $beyond && [ "$b" != - ]; then
			"$gen" $common --beyond-t "$pages" -o "$f.tmp" 2>"$f.err" ||
				{ cat "$f.err" >&2; exit 1; }
			mv "$f.tmp" "$out/$fx.$tag.beyond.bin"
		fi
		rm -f "$f.err"
		echo "$fx $p $arg $fx.$tag.bin $b $t $avail $marker $bad $ps $os $ppb" >>"$out/layouts.list.tmp"
	done
done
mv "$out/layouts.list.tmp" "$out/layouts.list"
