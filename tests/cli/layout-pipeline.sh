#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# layout-pipeline.sh - a controller layout through the front ends other
# than serve (tests/unit/check_srv.c and tests/e2e cover that):
#   - --extra-read: three reads of an i.MX GPMI chip, each with t + 2 flips
#     in every step (every step of every read uncorrectable alone), fused
#     per step through the layout: no step left uncorrectable, convert
#     --to=raw gives the chip's data byte for byte;
#   - the FUSE view: data is the logical page, raw the physical bytes;
#   - option errors: --layout with --ecc, an unknown preset, a layout that
#     does not fit the geometry; --list-layouts lists the registry.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1
[ -x "$gen" ] || { echo "skip: $gen not built (make tools)"; exit 77; }

G="--page-size 2048 --oob-size 64 --pages-per-block 64"
# shellcheck disable=SC2086
"$gen" $G --blocks 16 --content jffs2 --layout raw -o plain.bin || exit 1
for s in 1 2 3; do
	# shellcheck disable=SC2086
	"$gen" $G --blocks 16 --content jffs2 --vendor-layout imx-gpmi \
		--flips 10 --flip-seed $s -o r$s.bin || exit 1
done

# shellcheck disable=SC2086
"$bin" info -q $G --layout=imx-gpmi r1.bin >one.txt
check "one read alone: info exits 4 (uncorrectable steps)" test $? -eq 4
check "one read alone: no step corrected" \
	grep -q "steps: .* 0 corrected (0 bits), [1-9][0-9]* uncorrectable" one.txt
# shellcheck disable=SC2086
"$bin" info -q $G --layout=imx-gpmi --extra-read=r2.bin --extra-read=r3.bin \
	r1.bin >fused.txt
check "three reads fused per step: info exits 0" test $? -eq 0
check "three reads fused: 0 still uncorrectable" \
	grep -q "majority: .* steps, 0 still uncorrectable" fused.txt
check "three reads fused: the ECC report has 0 uncorrectable" \
	grep -q "steps: .* 0 uncorrectable" fused.txt
# shellcheck disable=SC2086
"$bin" convert -q $G --layout=imx-gpmi --extra-read=r2.bin \
	--extra-read=r3.bin --to=raw r1.bin -o fused.raw
check "fused convert --to=raw equals the chip's data" cmp -s fused.raw plain.bin
# and with the layout (and geometry) found by the ECC
"$bin" convert -q --layout=auto --extra-read=r2.bin --extra-read=r3.bin \
	--to=raw r1.bin -o auto.raw
check "--layout=auto, no geometry: the same bytes" cmp -s auto.raw plain.bin

# convert --to=oob: logical page + logical OOB records
# shellcheck disable=SC2086
"$gen" $G --blocks 16 --content jffs2 --vendor-layout mtk-nfi --flips 2 \
	-o m.bin || exit 1
# shellcheck disable=SC2086
"$bin" convert -q $G --layout=mtk-nfi --to=oob m.bin -o m.oob
check "convert --to=oob: 2112-byte records" \
	test "$(wc -c <m.oob)" -eq "$(wc -c <m.bin)"
python3 - m.oob plain.bin <<'PY'
import sys
o = open(sys.argv[1], 'rb').read()
d = open(sys.argv[2], 'rb').read()
for p in range(len(d) // 2048):
    if o[p * 2112:p * 2112 + 2048] != d[p * 2048:(p + 1) * 2048]:
        sys.exit('page %d: logical data differs' % p)
PY
check "convert --to=oob: the logical data of every record" test $? -eq 0

# the FUSE view
if [ -e /dev/fuse ] && command -v fusermount3 >/dev/null; then
	mkdir mnt
	# shellcheck disable=SC2086
	if "$bin" $G --layout=mtk-nfi m.bin mnt 2>view.err; then
		check "view: data is the logical page" cmp -s mnt/data plain.bin
		check "view: raw is the dump as stored" cmp -s mnt/raw m.bin
		fusermount3 -u mnt
	else
		not_ok "view with --layout did not mount: $(cat view.err)"
	fi
else
	echo "skip: no FUSE here (view part)"
fi

# errors and the list
# shellcheck disable=SC2086
expect_fail "--layout with --ecc" 1 \
	"muse-mount: --layout replaces --ecc and --oob-layout: give one of them" \
	"$bin" info $G --layout=sunxi --ecc=bch8 m.bin
# shellcheck disable=SC2086
expect_fail "an unknown preset" 2 \
	"muse-mount: m.bin: unknown layout 'acme'" \
	"$bin" info $G --layout=acme m.bin
# shellcheck disable=SC2086
expect_fail "a layout that does not fit" 2 \
	"muse-mount: m.bin: omap-bch16: needs 106 OOB bytes (2 + 26 per step), the OOB has 64" \
	"$bin" info $G --layout=omap-bch16 m.bin
"$bin" --list-layouts >list.txt
check "--list-layouts: one line per preset, tab separated" \
	test "$(cut -f1 list.txt | tr '\n' ' ')" = \
	"amlogic brcmnand hisi-balong imx-gpmi mtk-nfi omap-bch16 omap-bch8 pmecc qcom-nandc sunxi "
exit $failed
