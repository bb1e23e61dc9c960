#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# gen-vendor.sh - mm-gen --vendor-layout writes a chip in every controller
# preset of the registry; the OMAP ones, with flips up to t per step, are
# read back by the independent ECC path (--ecc=bch8 --oob-layout=omap-bch8,
# bch16 with the driver's ranges): every step corrected, the data equal to
# the chip generated without a vendor layout.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1
[ -x "$gen" ] || { echo "skip: $gen not built (make tools)"; exit 77; }

# one chip per preset: GEOMETRY as page+oob, then the preset argument
for c in 2048+64:amlogic 4096+256:amlogic:step=512 2048+64:brcmnand \
	 2048+64:hisi-balong 2048+64:imx-gpmi 2048+64:mtk-nfi \
	 2048+64:omap-bch8 4096+224:omap-bch16 2048+64:pmecc \
	 2048+64:qcom-nandc 2048+64:sunxi; do
	geo=${c%%:*}
	l=${c#*:}
	ps=${geo%+*}
	os=${geo#*+}
	want=$((8 * 64 * (ps + os)))
	if "$gen" --page-size "$ps" --oob-size "$os" --pages-per-block 64 \
		--blocks 8 --content jffs2 --bad 3 --seed 5 \
		--vendor-layout "$l" -o v.bin; then
		got=$(wc -c <v.bin)
		if [ "$got" -eq "$want" ]; then
			ok "mm-gen --vendor-layout $l: $got bytes"
		else
			not_ok "mm-gen --vendor-layout $l: $got bytes, want $want"
		fi
	else
		not_ok "mm-gen --vendor-layout $l failed"
	fi
done

# omap: ECC through the commands
omap() {
	_ps=$1 _os=$2 _l=$3 _t=$4 _ecc=$5 _layout=$6
	_g="--page-size=$_ps --oob-size=$_os --pages-per-block=64"
	"$gen" --page-size "$_ps" --oob-size "$_os" --pages-per-block 64 \
		--blocks 8 --content ubi --seed 9 --vendor-layout "$_l" \
		--flips "$_t" -o "$_l.bin" || { not_ok "mm-gen $_l"; return; }
	"$gen" --page-size "$_ps" --oob-size "$_os" --pages-per-block 64 \
		--blocks 8 --content ubi --seed 9 --layout raw -o "$_l.ref" ||
		{ not_ok "mm-gen $_l reference"; return; }
	"$bin" info $_g --ecc="$_ecc" --oob-layout="$_layout" "$_l.bin" \
		>"$_l.info" 2>&1
	_rc=$?
	if [ $_rc -eq 0 ] && grep -q 'corrected ([0-9]* bits), 0 uncorrectable' "$_l.info"; then
		ok "$_l: info --ecc=$_ecc corrects every step"
	else
		not_ok "$_l: info --ecc=$_ecc (exit $_rc):"
		grep 'steps:' "$_l.info"
	fi
	if "$bin" convert -q $_g --ecc="$_ecc" --oob-layout="$_layout" \
		--to=raw "$_l.bin" -o "$_l.raw" && cmp -s "$_l.raw" "$_l.ref"; then
		ok "$_l: convert --ecc=$_ecc gives the data back"
	else
		not_ok "$_l: convert --ecc=$_ecc differs from the chip"
	fi
}
omap 2048 64 omap-bch8 8 bch8 omap-bch8
omap 4096 224 omap-bch16 16 bch16 bbm=0-1,ecc=2-209,free=210-223,ecc-plain

exit $failed
