#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# serve-faults.sh - --faults and --seed on the served MTD, driven by the
# kernel-side test peer: flips within the ECC read back corrected with
# -EUCLEAN, beyond it -EBADMSG; RAW reads see them; the same seed gives the
# same flips (the -d log), another seed other ones; program and erase
# failures are -EIO and leave the page or block as it was; a grown bad
# block; MARKBAD after a failed erase makes ISBAD 1; the counters at exit;
# malformed specs are one line and status 1.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cli/serve-lib.sh"

fx=$MM_TOP/tests/fixtures/nandsim
[ -f "$fx/jffs2-hamming.oob.bin.xz" ] || skip "no nandsim fixtures"
command -v xz >/dev/null || skip "xz missing"
xz -dc "$fx/jffs2-hamming.oob.bin.xz" >"$W/orig.bin" || exit 1
evidence_save "$W/orig.bin"
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"
peer() {
	"$PEER" --page-size 2048 --oob-size 64 --ppb 64 "$W/orig.bin" -- \
		$geom "$@" >"$W/peer.log" 2>&1
}

# Hamming corrects one bit per 256-byte step: one flip in every step.
# shellcheck disable=SC2086
if peer --ecc hamming --faults=flips:count=1,step "$W/orig.bin" <<'S'
init
read 0 2048 inband ~EUCLEAN
read 0 0x20000 inband ~EUCLEAN
read 0 2048 raw ? ~0
close
S
then
	pass "one flip per ECC step: corrected, -EUCLEAN"
else
	fail "one flip per ECC step"; tail -n 5 "$W/peer.log"
fi
# 66 page reads of 8 steps each
grep -q "faults: 528 bits flipped in 66 page reads" "$W/peer.log" &&
	pass "counters at exit: 528 flips in 66 page reads" ||
	{ fail "counters"; grep faults: "$W/peer.log"; }

# shellcheck disable=SC2086
if peer --ecc hamming --faults=flips:count=2,step,page=1 "$W/orig.bin" <<'S'
init
read 0 2048 inband ~0
read 2048 2048 inband ? ~EBADMSG
read 4096 2048 inband ~0
close
S
then
	pass "two flips per step on page 1: -EBADMSG, the other pages clean"
else
	fail "two flips per step"; tail -n 5 "$W/peer.log"
fi

# The same seed: the same flips in the same pages (the -d log).
flips() {
	# shellcheck disable=SC2086
	peer -d --seed="$1" --faults=flips:rate=2e-5 "$W/orig.bin" <<'S'
init
read 0 0x100000 raw ? ~0
read 0 0x100000 raw ? ~0
close
S
	grep "faults:.*bits changed" "$W/peer.log"
}
flips 7 >"$W/f7a"; flips 7 >"$W/f7b"; flips 8 >"$W/f8"
if [ -s "$W/f7a" ] && cmp -s "$W/f7a" "$W/f7b" && ! cmp -s "$W/f7a" "$W/f8"; then
	pass "--seed=7 twice: the same $(wc -l <"$W/f7a") flipped pages; --seed=8 others"
else
	fail "determinism"; head -n 3 "$W/f7a" "$W/f7b" "$W/f8"
fi

# Program and erase failures, grown bad blocks, MARKBAD then ISBAD (the
# last erase is refused as of a bad block before any fault is asked).
# shellcheck disable=SC2086
if peer --writable --faults=program-fail:block=3 \
	--faults=erase-fail:block=4,after=1 --faults=grow-bad:block=6,erases=1 \
	--faults=latency:erase=1000 "$W/orig.bin" <<'S'
init
write 0x60000 2048 inband 0x00 !EIO
read 0x60000 2048 inband
erase 0x80000 0x20000
write 0x80000 2048 inband 0x0f
erase 0x80000 0x20000 !EIO
read 0x80000 2048 inband
erase 0xc0000 0x20000
erase 0xc0000 0x20000 !EIO
isbad 0xc0000 0
markbad 0xc0000
isbad 0xc0000 1
erase 0xc0000 0x20000 !EIO
close
S
then
	pass "program and erase failures: -EIO, old content kept, MARKBAD sticks"
else
	fail "program and erase failures"; tail -n 5 "$W/peer.log"
fi
grep -q "faults: 1 programs failed" "$W/peer.log" &&
	grep -q "faults: 2 erases failed (1 blocks grown bad)" "$W/peer.log" &&
	grep -q "faults: 5 requests delayed (5000 us)" "$W/peer.log" &&
	pass "counters: 1 program, 2 erases (1 grown bad), 5 delays" ||
	{ fail "failure counters"; grep faults: "$W/peer.log"; }

# Malformed specs: one line, status 1, before the dump is opened.
for spec in bogus flips flips:rate=2 flips:count=2,count=3 stuck:page=1 \
	program-fail erase-fail:block=1,after=1,p=0.1 latency:read=x; do
	"$MM_BIN" --faults="$spec" "$W/orig.bin" >"$W/out" 2>"$W/err"
	rc=$?
	if [ $rc -eq 1 ] && [ "$(wc -l <"$W/err")" -eq 2 ] &&
	   grep -q "^muse-mount: invalid --faults '$spec': " "$W/err"; then
		pass "$(head -n 1 "$W/err")"
	else
		fail "--faults=$spec: status $rc"; cat "$W/err"
	fi
done
"$MM_BIN" $geom --faults=flips:count=1,block=99 --muse-fd 0 "$W/orig.bin" \
	>/dev/null 2>"$W/err"
[ $? -eq 1 ] && grep -q "block 99 past the last block" "$W/err" &&
	pass "a block past the chip: $(cat "$W/err")" ||
	{ fail "block past the chip"; cat "$W/err"; }
"$MM_BIN" --seed=x "$W/orig.bin" >/dev/null 2>&1
[ $? -eq 1 ] && pass "--seed=x: status 1" || fail "--seed=x accepted"
"$MM_BIN" info --faults=flips:count=1 "$W/orig.bin" >/dev/null 2>"$W/err"
[ $? -eq 1 ] && grep -q "serve options" "$W/err" &&
	pass "--faults with info: refused" || fail "--faults with info"

evidence_check
finish
