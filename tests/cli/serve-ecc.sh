#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# serve-ecc.sh - corrected reads through MUSE (--ecc): a real kernel-made
# Hamming dump with one flipped bit in page 0 reads back as the original
# with soft_error -EUCLEAN, two flips in one 256-byte step give -EBADMSG
# (data still delivered, full length), RAW reads return the bits as
# stored, and untouched pages are clean (soft_error 0). Writes without RAW
# get their ECC bytes computed, so a corrected read of them is clean.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cli/serve-lib.sh"

fx=$MM_TOP/tests/fixtures/nandsim
[ -f "$fx/jffs2-hamming.oob.bin.xz" ] || skip "no nandsim fixtures"
command -v xz >/dev/null || skip "xz missing"
xz -dc "$fx/jffs2-hamming.oob.bin.xz" >"$W/orig.bin" || exit 1
# Page 0: one bit of byte 100 flipped. Page 1: two bits in its first step.
python3 - "$W/orig.bin" "$W/flipped.bin" <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
d[100] ^= 0x10
d[2112 + 10] ^= 0x01
d[2112 + 20] ^= 0x80
open(sys.argv[2], 'wb').write(d)
PY
evidence_save "$W/flipped.bin"
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"

# Byte 100 as dumped and as flipped, for the RAW check.
orig=$(od -An -tx1 -j100 -N1 "$W/orig.bin" | tr -d ' ')
flip=$(od -An -tx1 -j100 -N1 "$W/flipped.bin" | tr -d ' ')
[ "$orig" != "$flip" ] && pass "byte 100: $orig stored as $flip" ||
	fail "the test dump was not modified"

# The peer's model is the original dump: corrected data must equal it.
# shellcheck disable=SC2086
peer_run "Hamming-corrected reads" --page-size 2048 --oob-size 64 --ppb 64 \
	"$W/orig.bin" -- $geom --ecc hamming --writable "$W/flipped.bin" <<S
init
expect OOBAVAIL 38
read 0 2048 inband ~EUCLEAN
read 96 8 inband ~EUCLEAN
read 0 4096 inband ? ~EBADMSG
read 2048 2048 inband ? ~EBADMSG
read 4096 0x10000 inband ~0
read 0x100000 0x20000 inband ~0
read 0 64 place ~0
read 0 38 auto ~0
# RAW: no correction, the flipped bit is seen (byte 100 differs)
read 0 100 raw ~0
readhex 100 1 raw $flip ? ~0
readhex 100 1 inband $orig ~EUCLEAN
# a non-RAW write gets its ECC: reading it back corrected is clean
erase 0x3e0000 0x20000
write 0x3e0000 2048 inband rand:4
read 0x3e0000 2048 inband ~0
read 0x3e0000 2048 raw ~0
close
S

evidence_check
finish
