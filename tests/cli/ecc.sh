#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ecc.sh - ECC through the commands, on the real kernel dumps of
# tests/fixtures/nandsim: bit flips injected into a copy are corrected back
# to the kernel's own data (convert --to=raw --ecc), counted by info (text,
# --json, exit status 4 when a step is beyond repair), --ecc=auto picks the
# kernel's scheme, and --reencode writes codes that verify.
set -u
: "${MM_BIN:?}" "${MM_TOP:?}"
command -v xz >/dev/null || exit 77
command -v python3 >/dev/null || exit 77
fx=$MM_TOP/tests/fixtures/nandsim
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mm-ecc-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
G="--page-size=2048 --oob-size=64 --pages-per-block=64"
fail() { echo "FAIL: $*" >&2; exit 1; }

# flip FILE OUT SEED PER_STEP [PAGE_LIMIT]: up to PER_STEP random flips in
# every 512-byte step of the programmed pages (data and ECC area)
flip() {
	python3 - "$@" <<'PY'
import random, sys
src, dst, seed, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
d = bytearray(open(src, 'rb').read())
random.seed(seed)
rec = 2112
for p in range(len(d) // rec):
    b = p * rec
    if d[b:b + 16] == b'\xff' * 16:
        continue
    for s in range(4):
        for bit in random.sample(range(4096), random.randint(0, per)):
            d[b + 512 * s + bit // 8] ^= 1 << (bit % 8)
open(dst, 'wb').write(d)
PY
}

for n in ubi-bch4 jffs2-hamming; do
	xz -dc "$fx/$n.oob.bin.xz" >"$tmp/$n.oob" || exit 1
	xz -dc "$fx/$n.data-dumpbad.bin.xz" >"$tmp/$n.data" || exit 1
done

# BCH-4: up to 4 flips in every step come back as the kernel's data
flip "$tmp/ubi-bch4.oob" "$tmp/b4.oob" 1 4 || exit 1
"$MM_BIN" convert -q $G --ecc=bch4 --to=raw "$tmp/b4.oob" -o "$tmp/b4.raw" ||
	fail "convert --ecc=bch4 exit $?"
cmp -s "$tmp/b4.raw" "$tmp/ubi-bch4.data" || fail "bch4: corrected data differs from the kernel's"
# without --ecc the flips stay
"$MM_BIN" convert -q $G --to=raw "$tmp/b4.oob" -o "$tmp/b4n.raw" || exit 1
cmp -s "$tmp/b4n.raw" "$tmp/ubi-bch4.data" && fail "flips not injected"

# info --json --ecc=auto: the scheme, the counts per block
"$MM_BIN" info --json $G --ecc=auto "$tmp/b4.oob" >"$tmp/b4.json" ||
	fail "info --ecc=auto exit $?"
python3 - "$tmp/b4.json" <<'PY' || fail "info --json ecc object"
import json, sys
e = json.load(open(sys.argv[1]))["ecc"]
assert e["scheme"] == "bch4" and e["layout"] == "lp", e
assert e["uncorrectable_steps"] == 0 and e["corrected_steps"] > 500, e
assert e["steps_checked"] == sum(b.get("steps", 0) for b in e["blocks"])
assert e["corrected_bits"] == sum(b.get("corrected_bits", 0) for b in e["blocks"])
assert [b["block"] for b in e["blocks"] if b.get("bad")] == [17], e["blocks"][17]
PY

# one step beyond repair: exit status 4, data written as read
python3 - "$tmp/b4.oob" <<'PY'
import sys
p = sys.argv[1]
d = bytearray(open(p, 'rb').read())
for i in range(2112 * 64 * 2, 2112 * 64 * 3, 2112):
    if d[i] != 0xff:
        break
for bit in (3, 100, 777, 1500, 3000, 3999):
    d[i + bit // 8] ^= 1 << (bit % 8)
open(p, 'wb').write(d)
PY
"$MM_BIN" info $G --ecc=bch4 "$tmp/b4.oob" >"$tmp/b4.txt"
st=$?
[ $st -eq 4 ] || fail "info with an uncorrectable step: exit $st, not 4"
grep -q '^  steps: .* 1 uncorrectable' "$tmp/b4.txt" || fail "info text: $(grep steps: "$tmp/b4.txt")"
"$MM_BIN" convert -q $G --ecc=bch4 --to=raw "$tmp/b4.oob" -o "$tmp/b4u.raw" 2>/dev/null
st=$?
[ $st -eq 4 ] || fail "convert with an uncorrectable step: exit $st, not 4"

# Hamming: one flip per 256-byte step
python3 - "$tmp/jffs2-hamming.oob" "$tmp/h.oob" <<'PY'
import random, sys
d = bytearray(open(sys.argv[1], 'rb').read())
random.seed(2)
for p in range(len(d) // 2112):
    b = p * 2112
    if d[b:b + 16] == b'\xff' * 16:
        continue
    for s in range(8):
        bit = random.randrange(2048)
        d[b + 256 * s + bit // 8] ^= 1 << (bit % 8)
open(sys.argv[2], 'wb').write(d)
PY
"$MM_BIN" convert -q $G --ecc=hamming --to=raw "$tmp/h.oob" -o "$tmp/h.raw" ||
	fail "convert --ecc=hamming exit $?"
cmp -s "$tmp/h.raw" "$tmp/jffs2-hamming.data" || fail "hamming: corrected data differs from the kernel's"

# --reencode: BCH-8 codes written from the data verify as bch8
"$MM_BIN" convert -q $G --ecc=bch8 --reencode --to=oob "$tmp/ubi-bch4.oob" -o "$tmp/r8.oob" ||
	fail "convert --reencode exit $?"
"$MM_BIN" info --json $G --ecc=auto "$tmp/r8.oob" >"$tmp/r8.json" || fail "info on re-encoded"
python3 - "$tmp/r8.json" <<'PY' || fail "re-encoded dump is not clean bch8"
import json, sys
e = json.load(open(sys.argv[1]))["ecc"]
assert e["scheme"] == "bch8" and e["corrected_steps"] == 0 and e["uncorrectable_steps"] == 0, e
PY
"$MM_BIN" convert -q $G --reencode --to=oob "$tmp/ubi-bch4.oob" -o "$tmp/x.oob" 2>/dev/null &&
	fail "--reencode without --ecc accepted"

# errors: unknown scheme, a scheme that does not fit
"$MM_BIN" info $G --ecc=bch99 "$tmp/ubi-bch4.oob" >/dev/null 2>"$tmp/err" &&
	fail "--ecc=bch99 accepted"
grep -q 'bch99' "$tmp/err" || fail "no message for bch99: $(cat "$tmp/err")"
"$MM_BIN" info $G --ecc=bch16 "$tmp/ubi-bch4.oob" >/dev/null 2>"$tmp/err" &&
	fail "--ecc=bch16 on 64-byte OOB accepted"
grep -q 'needs 104 ECC bytes' "$tmp/err" || fail "bch16 message: $(cat "$tmp/err")"
exit 0
