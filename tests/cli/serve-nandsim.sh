#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# serve-nandsim.sh - real kernel-made NAND dumps (tests/fixtures/nandsim,
# nanddump --oob of nandsim, 2048+64) served to the kernel-side test peer:
# INIT geometry and OOBAVAIL, the factory-bad block through ISBAD, the
# JFFS2 clean-marker the kernel wrote read back in AUTO mode (free bytes
# 2-9 = 85 19 03 20 08 00 00 00), the partitions blob, random and
# concurrent reads in every mode, writes with --writable, SUBPAGESHIFT from
# a UBI image's VID header offset; input unchanged.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cli/serve-lib.sh"

fx=$MM_TOP/tests/fixtures/nandsim
[ -f "$fx/jffs2-hamming.oob.bin.xz" ] || skip "no nandsim fixtures"
command -v xz >/dev/null || skip "xz missing"
xz -dc "$fx/jffs2-hamming.oob.bin.xz" >"$W/jffs2-hamming.oob.bin" || exit 1
xz -dc "$fx/jffs2-bch8.oob.bin.xz" >"$W/jffs2-bch8.oob.bin" || exit 1
xz -dc "$fx/ubi-hamming.oob.bin.xz" >"$W/ubi-hamming.oob.bin" || exit 1
sha256sum "$W/jffs2-hamming.oob.bin" "$W/jffs2-bch8.oob.bin" \
	"$W/ubi-hamming.oob.bin" >"$W/evidence.sha256"

# Geometry detected, not given: the fixture is what a user would pass.
peer_run "jffs2-hamming read-only" --page-size 2048 --oob-size 64 --ppb 64 \
	"$W/jffs2-hamming.oob.bin" -- --mtdparts '1M(boot),-(rootfs)' \
	"$W/jffs2-hamming.oob.bin" <<'S'
init
expect NAME jffs2-hamming.oob
expect TYPE 4
expect FLAGS 0
expect SIZE 4194304
expect WRITESIZE 2048
expect ERASESIZE 131072
expect OOBSIZE 64
expect OOBAVAIL 38
expect PARTSCMDLINE 1M(boot),-(rootfs)
isbad 0x280000 1
isbad 0x28f000 1
isbad 0x260000 0
isbad 0x2a0000 0
isbad 0 0
# the JFFS2 clean-marker of block 8, as the kernel placed it (AUTO OOB)
readhex 0x100000 8 auto 8519032008000000
readhex 0x100000 10 place ffff8519032008000000
read 0x100000 152 auto
read 0 0x10000 inband
read 0x280000 0x800 raw
random 300 21
burst 48 22
write 0 1 inband 0 !EROFS
close
S

peer_run "jffs2-hamming writable" --page-size 2048 --oob-size 64 --ppb 64 \
	"$W/jffs2-hamming.oob.bin" -- --writable "$W/jffs2-hamming.oob.bin" <<'S'
init
expect FLAGS 1024
erase 0x3e0000 0x20000
read 0x3e0000 0x20000 inband
write 0x3e0000 0x10000 inband rand:9
write 0x3e0000 8 auto 0x85
read 0x3e0000 0x10000 inband
read 0x3e0000 64 place
erase 0x280000 0x20000 !EIO
random 100 23
close
S

peer_run "jffs2-bch8 read-only" --page-size 2048 --oob-size 64 --ppb 64 \
	"$W/jffs2-bch8.oob.bin" -- "$W/jffs2-bch8.oob.bin" <<'S'
init
expect SIZE 2097152
isbad 0x120000 1
isbad 0x100000 0
random 200 24
close
S

# UBI made on nandsim with 512-byte sub-pages: its VID header offset (512)
# gives SUBPAGESHIFT 2, without which the kernel's UBI refuses to attach.
peer_run "ubi-hamming: SUBPAGESHIFT from the UBI headers" --page-size 2048 \
	--oob-size 64 --ppb 64 "$W/ubi-hamming.oob.bin" -- \
	"$W/ubi-hamming.oob.bin" <<'S'
init
expect SUBPAGESHIFT 2
isbad 0x520000 1
readhex 0 4 inband 55424923
random 100 25
close
S
peer_run "ubi-hamming: --subpage 0 wins" --page-size 2048 --oob-size 64 \
	--ppb 64 "$W/ubi-hamming.oob.bin" -- --subpage 0 \
	"$W/ubi-hamming.oob.bin" <<'S'
init
expect SUBPAGESHIFT 0
close
S
peer_run "jffs2-hamming: no UBI, SUBPAGESHIFT 0" --page-size 2048 \
	--oob-size 64 --ppb 64 "$W/jffs2-hamming.oob.bin" -- \
	"$W/jffs2-hamming.oob.bin" <<'S'
init
expect SUBPAGESHIFT 0
close
S

evidence_check
finish
