#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# serve-write.sh - a writable MTD (--writable, changes in memory) driven by
# the kernel-side test peer: flash rules (programming only clears bits,
# erase sets data and OOB to 0xFF), in-band writes aligned and not, OOB
# writes in PLACE, RAW and AUTO mode (across pages, at a free-byte offset),
# multi-block erase, bad erases (unaligned, zero, past the end, a bad block),
# MARKBAD then ISBAD, oversized and truncated writes; a NOR data-only dump
# (TYPE 3, WRITESIZE 1, FLAGS 3072, byte writes). The input never changes.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cli/serve-lib.sh"

gen_nand "$W/nand.bin" 2048 64 64 8 2 3
evidence_save "$W/nand.bin"
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"

# shellcheck disable=SC2086
peer_run "writable NAND in memory" --page-size 2048 --oob-size 64 --ppb 64 \
	"$W/nand.bin" -- $geom --writable "$W/nand.bin" <<'S'
init
expect FLAGS 1024
expect TYPE 4
# programming ANDs: twice on the same page, partial, across pages
write 0 2048 inband 0xf0
read 0 2048 inband
write 0 2048 inband 0x3c
read 0 4096 inband
write 3000 5000 inband rand:5
read 2048 8192 inband
write 0x10001 7 raw 0x00
read 0x10000 16 raw
write 0x20000 2048 inband 0xff
read 0x20000 2048 inband
# OOB: place at a column, raw, auto across three pages at an offset
write 0x40000 64 place 0x0f
read 0x40000 64 place
write 0x40810 16 oobraw 0x00
read 0x40800 64 oobraw
write 0x41005 80 auto rand:3
read 0x41000 114 auto
read 0x41000 192 place
write 0x41825 1 auto 0x00
read 0x41800 38 auto
# erase one block, then two at once: data and OOB back to 0xFF
erase 0 0x20000
read 0 2048 inband
read 0 64 place
read 0x1f800 38 auto
write 0 2048 inband inc
read 0 2048 inband
erase 0x80000 0x40000
read 0x80000 0x10000 inband
read 0x9f800 64 place
# bad erases
erase 0x100 0x20000 !EINVAL
erase 0 0x100 !EINVAL
erase 0 0 !EINVAL
erase 0xe0000 0x40000 !EINVAL
erase 0x100000 0x20000 !EINVAL
erase 0x60000 0x20000 !EIO
erase 0x40000 0x40000 !EIO
read 0x40000 0x800 inband
# MARKBAD: recorded, ISBAD answers it, the block cannot be erased
isbad 0xc0000 0
markbad 0xc0800
isbad 0xc0000 1
isbad 0xdffff 1
erase 0xc0000 0x20000 !EIO
markbad 0x100000 !EINVAL
# bad writes
write 0xfffff 2 inband 0 !EINVAL
write 0x100000 1 inband 0 !EINVAL
write 0 0 inband 0 !EINVAL
write 0 16 3 0 !EINVAL
write 0 16 0 0 !EINVAL
write 38 1 auto 0 !EINVAL
write 0xff800 65 place 0 !EINVAL
badlen 8195 -8
badlen 8195 8
sync
random 200 13
burst 32 17
# 48 writes in flight at once, in every mode, then read everything back
wburst 48 19
read 0 0x10000 inband
random 300 23
close
S

# Larger than --max-io: a read is refused, a write arrives truncated.
# shellcheck disable=SC2086
peer_run "--max-io 4096" --page-size 2048 --oob-size 64 --ppb 64 \
	"$W/nand.bin" -- $geom --writable --max-io 4096 "$W/nand.bin" <<'S'
init
read 0 4096 inband
read 0 4097 inband !EINVAL
write 0 8192 inband 0 !EIO
write 0 4096 inband 0x55
read 0 4096 inband
close
S

# A data-only dump is a NOR flash: byte-writable, no OOB.
python3 -c "import random; r=random.Random(4); open('$W/nor.bin','wb').write(r.randbytes(512*1024))"
sha256sum "$W/nand.bin" "$W/nor.bin" >"$W/evidence.sha256"
peer_run "writable NOR (data-only dump)" --page-size 512 --oob-size 0 \
	--ppb 128 "$W/nor.bin" -- --format raw --page-size 512 \
	--pages-per-block 128 --writable "$W/nor.bin" <<'S'
init
expect TYPE 3
expect FLAGS 3072
expect WRITESIZE 1
expect WRITEBUFSIZE 512
expect ERASESIZE 65536
expect SIZE 524288
expect OOBSIZE -
read 0 64 place !EINVAL
read 0 64 auto !EINVAL
write 1 1 inband 0x00
write 77 300 inband rand:1
read 0 1024 inband
erase 0x10000 0x10000
read 0xffff 3 inband
isbad 0 0
random 100 3
close
S

evidence_check
finish
