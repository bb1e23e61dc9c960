#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# serve-read.sh - a read-only MTD over MUSE, driven by the kernel-side test
# peer: INIT first, every read mode (in-band, raw, OOB place/raw/auto, OOB
# across pages and at an offset), ISBAD of a factory-bad block (unaligned
# too), -EROFS for changes, malformed requests (length 0, past the end, bad
# flags, OOB column out of range, truncated, wrong header length, unknown
# opcode, a second INIT, random garbage), FUSE_INTERRUPT, random and
# concurrent reads, exit status 0 when the peer closes or on SIGTERM, the
# input unchanged.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cli/serve-lib.sh"

gen_nand "$W/nand.bin" 2048 64 64 8 1 3
evidence_save "$W/nand.bin"
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"

# shellcheck disable=SC2086
peer_run "read-only NAND, every read mode" --page-size 2048 --oob-size 64 \
	--ppb 64 "$W/nand.bin" -- $geom "$W/nand.bin" <<'S'
# INIT must come first
read 0 16 inband !EIO
isbad 0 !EIO
init
init !EIO
expect NAME nand
expect TYPE 4
expect FLAGS 0
expect SIZE 1048576
expect WRITESIZE 2048
expect WRITEBUFSIZE 2048
expect ERASESIZE 131072
expect OOBSIZE 64
expect OOBAVAIL 38
expect SUBPAGESHIFT 0
expect PARTSCMDLINE -
# in-band, whole and partial pages, across pages
read 0 2048 inband
read 0 1 inband
read 100 5000 inband
read 0xfffff 1 inband
read 0xf0000 0x10000 inband
# max_read (1 MiB) in one reply: the socket's send buffer is raised for it
read 0 0x100000 inband
read 0 0x100000 raw
read 2047 2 raw
read 0x1f800 0x1000 raw
# OOB: one page, a column, across pages, RAW
read 0 64 place
read 0x800 100 oobraw
read 0x1000 128 place
read 0x1010 48 place
read 0xff800 64 place
# AUTO: free bytes 2..39 in order, continuing across pages, at an offset
read 0 38 auto
read 10 100 auto
read 0x20000 152 auto
read 0x20025 1 auto
read 0xff800 38 auto
# factory-bad block 3, good blocks, unaligned addresses round down
isbad 0x60000 1
isbad 0x60123 1
isbad 0x7ffff 1
isbad 0 0
isbad 0x80000 0
isbad 0x100000 !EINVAL
# read-only: changes refused
write 0 16 inband 0 !EROFS
write 0 4 auto 0 !EROFS
erase 0 0x20000 !EROFS
markbad 0 !EROFS
sync
# malformed requests
read 0 0 inband !EINVAL
read 0xff000 0x2000 inband !EINVAL
read 0x100000 1 inband !EINVAL
read 0 16 0 !EINVAL
read 0 16 3 !EINVAL
read 0 16 5 !EINVAL
read 0 16 10 !EINVAL
read 0 16 16 !EINVAL
read 38 1 auto !EINVAL
read 64 1 place !EINVAL
read 0xff800 65 place !EINVAL
read 0xff800 39 auto !EINVAL
read 0x100000 1 place !EINVAL
read 0 0x100001 inband !EINVAL
op 9999 0 !ENOSYS
op 15 24 !ENOSYS
op 8199 8 !ENOSYS
short 8194 63
short 8194 40
short 8194 20
short 8197 47
short 8193 55
badlen 8194 8
badlen 8194 -8
badlen 8193 4
interrupt
read 0 16 inband
silence 200
# random offsets and lengths in every mode, then 32 outstanding at once
random 300 7
burst 32 9
burst 64 11
# garbage of every kind: one valid reply each, and the server goes on
fuzz 2000 3
random 50 12
close
S

# SIGTERM ends the server with status 0
# shellcheck disable=SC2086
peer_run "SIGTERM: exit status 0" --page-size 2048 --oob-size 64 --ppb 64 \
	"$W/nand.bin" -- $geom "$W/nand.bin" <<'S'
init
read 0 2048 inband
term
S

# an unaligned in-band read spanning the factory-bad block stays exact
# shellcheck disable=SC2086
peer_run "short INIT gets EPROTO, then a proper INIT works" --page-size 2048 \
	--oob-size 64 --ppb 64 "$W/nand.bin" -- $geom "$W/nand.bin" <<'S'
short 8192 44 !EPROTO
short 8192 40 !EPROTO
badlen 8192 8 !EPROTO
init
read 0x5ff00 0x300 inband
close
S

evidence_check
finish
