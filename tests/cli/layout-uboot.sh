#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# layout-uboot.sh - the Atmel PMECC header as u-boot's mkimage writes it
# (u-boot-tools: mkimage -T atmelimage, an implementation independent of
# ours) is read by the pmecc preset: info, without layout options, names
# pmecc with the strength and ECC offset the header gives, on a chip laid
# out with those (BCH-8, ECC at OOB 12), where the preset's default (BCH-4
# at the end of the OOB) does not verify.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1
[ -x "$gen" ] || { echo "skip: $gen not built (make tools)"; exit 77; }
command -v mkimage >/dev/null || { echo "skip: no mkimage (u-boot-tools)"; exit 77; }

# a payload with the ARM vectors mkimage checks (B opcodes, size at 6th)
python3 -c '
import struct, sys
w = [0xea000006] * 5 + [0] + [0xea000006]
sys.stdout.buffer.write(struct.pack("<7I", *w) + bytes(range(256)) * 7)
' >payload.bin
mkimage -T atmelimage \
	-n usePmecc=1,sectorPerPage=4,sectorSize=512,spareSize=64,eccBits=8,eccOffset=12 \
	-d payload.bin boot.img >mkimage.log 2>&1
check "mkimage -T atmelimage wrote a PMECC header" \
	grep -q "ATMEL ROM-Boot Image with PMECC Header" mkimage.log

G="--page-size 2048 --oob-size 64 --pages-per-block 64"
# shellcheck disable=SC2086
"$gen" $G --blocks 16 --content jffs2 --vendor-layout pmecc:t=8,offset=12 \
	--flips 3 -o chip.bin || exit 1
# The boot image over page 0's data (PMECC data is contiguous). Its ECC
# bytes stay those of the generated page, so page 0's 4 steps are
# uncorrectable and info exits 4; every other step verifies.
dd if=boot.img of=chip.bin bs=2048 count=1 conv=notrunc 2>/dev/null

"$bin" info -q --json chip.bin >info.json
check "info exits 4: page 0's steps only" test $? -eq 4
check "ecc.layout is pmecc" json info.json 'j["ecc"]["layout"] == "pmecc"'
check "BCH-8 from the header" json info.json 'j["ecc"]["strength"] == 8'
check "decided by the header" json info.json \
	'"PMECC header in page 0 (52 of 52 words): 4 x 512-byte sectors, 64 spare bytes, 8 bits, ECC at 12" in j["ecc"]["decided_by"]'
check "4 uncorrectable steps, all in block 0" json info.json \
	'j["ecc"]["uncorrectable_steps"] == 4 and [b["block"] for b in j["ecc"]["blocks"] if b.get("uncorrectable_steps")] == [0]'
"$bin" info -q --layout=pmecc chip.bin >default.txt
check "the preset's default (BCH-4) does not verify: exit 4" test $? -eq 4
exit $failed
