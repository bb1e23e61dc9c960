#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# replay.sh - --record and 'replay': a workload driven by the kernel-side
# test peer is recorded (with an overlay, in two server runs: the log is
# appended to); replay at the last record equals the overlay (the peer reads
# the whole chip from a server of dump + overlay against the replayed file
# as its model); replay at 0 is the dump itself; every cut, clean and torn,
# lies bitwise between its neighbours as flash allows; the same seed gives
# the same bytes; a torn log tail is ignored; a MARKBAD'ed block is bad in
# the output; the errors (no --cut, an existing output, a foreign log, a
# cut past the end); with --type=mlc-nand --pairing (dist3, offset:1) a
# torn upper page flips bits of its lower page only, exactly as many as
# replay says, and no other byte differs from the tear without pairing.
# Neither the dump nor the log changes.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cli/serve-lib.sh"

gen_nand "$W/nand.bin" 2048 64 64 8 2
evidence_save "$W/nand.bin"
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"
ov="--overlay=$W/ov --record=$W/rec.log"

# shellcheck disable=SC2086
peer_run "recorded workload, part 1" --page-size 2048 --oob-size 64 --ppb 64 \
	"$W/nand.bin" -- $geom $ov "$W/nand.bin" <<'S'
init
erase 0x20000 0x40000
write 0x20000 8192 inband rand:1
write 0x20000 64 place 0x0f
sync
write 0x30000 4096 inband inc
erase 0x60000 0x20000
markbad 0xe0000
close
S
# shellcheck disable=SC2086
peer_run "recorded workload, part 2 (appended)" --page-size 2048 --oob-size 64 \
	--ppb 64 --no-model "$W/nand.bin" -- $geom $ov "$W/nand.bin" <<'S'
init
write 0x60000 6144 inband rand:2
write 0 2048 inband 0x55
sync
close
S
sha256sum "$W/rec.log" >"$W/log.sha256"

rp() { "$MM_BIN" replay $geom "$W/nand.bin" "$W/rec.log" "$@"; }
rp --cut=10 -o "$W/full.bin" >"$W/out" || fail "replay --cut=10"
grep -q "cut 10 of 10 records (2 syncs)" "$W/out" &&
	pass "$(cat "$W/out")" || { fail "10 records"; cat "$W/out"; }
# --list: one line per record, ends increasing, the last one the log's size;
# a copy truncated at a record's end replays exactly the records before it
"$MM_BIN" replay --list "$W/rec.log" >"$W/list" || fail "replay --list"
awk -v size="$(stat -c %s "$W/rec.log")" '
	/^#/ { next }
	{ n++; if ($1 != n - 1 || $2 <= prev) bad = 1; prev = $2; ops[$3]++ }
	END { exit !(n == 10 && !bad && prev == size && ops["SYNC"] == 2 &&
		     ops["WRITE"] >= 4 && ops["ERASE"] >= 1 && ops["MARKBAD"] == 1) }
' "$W/list" && grep -q '^# 10 records (2 syncs)$' "$W/list" &&
	pass "replay --list: 10 records, ends increasing to the log's size" ||
	{ fail "replay --list"; cat "$W/list"; }
end4=$(awk '$1 == 3 { print $2 }' "$W/list")
head -c "$end4" "$W/rec.log" >"$W/rec4.log"
"$MM_BIN" replay $geom "$W/nand.bin" "$W/rec4.log" --cut=4 -o "$W/l4.bin" >"$W/out4" &&
	rp --cut=4 -o "$W/r4.bin" >/dev/null && cmp -s "$W/l4.bin" "$W/r4.bin" &&
	grep -q "cut 4 of 4 records" "$W/out4" &&
	pass "the log cut at record 3's end holds records 0-3 whole" ||
	{ fail "log truncated at a listed end"; cat "$W/out4"; }
head -c $((end4 + 20)) "$W/rec.log" >"$W/rec4t.log"
"$MM_BIN" replay --list "$W/rec4t.log" | grep -q '^# 4 records ([0-9]* syncs), 20 bytes of a torn last record ignored$' &&
	pass "replay --list counts a torn tail" || fail "replay --list torn tail"
# The overlay served must read exactly as the replayed dump.
# shellcheck disable=SC2086
peer_run "replay of every record = the overlay" --page-size 2048 --oob-size 64 \
	--ppb 64 "$W/full.bin" -- $geom --overlay="$W/ov" "$W/nand.bin" <<'S'
init
read 0 0x100000 raw
read 0 0x100000 inband
isbad 0xe0000 1
S
rp --cut=0 -o "$W/c0.bin" >/dev/null && cmp -s "$W/c0.bin" "$W/nand.bin" &&
	pass "--cut=0 is the dump" || fail "--cut=0 differs from the dump"
"$MM_BIN" info $geom "$W/full.bin" | grep -q "bad blocks:.*7" &&
	pass "the MARKBAD'ed block 7 is bad in the output" ||
	fail "block 7 not bad in the output"

# Each cut, and each torn cut, between its neighbours.
i=0
while [ $i -le 10 ]; do
	rp --cut=$i -o "$W/c$i.bin" --force >/dev/null || fail "--cut=$i"
	[ $i -lt 10 ] && { rp --cut=$i --torn --seed=3 -o "$W/t$i.bin" \
		>>"$W/torn.txt" || fail "--cut=$i --torn"; }
	i=$((i + 1))
done
python3 - "$W" <<'PY' >"$W/check.txt" 2>&1
import sys
w = sys.argv[1]
rd = lambda n: open(f"{w}/{n}.bin", "rb").read()
bad = 0
for i in range(10):
    a, t, b = rd(f"c{i}"), rd(f"t{i}"), rd(f"c{i + 1}")
    # a WRITE only clears bits, an ERASE only sets them
    clr = all((x & ~y) == 0 for x, y in zip(b, a))
    for x, y, z in zip(a, t, b):
        if clr and ((y & ~x) or (z & ~y)):
            bad += 1
        if not clr and ((x & ~y) or (y & ~z)):
            bad += 1
    if bad:
        print(f"cut {i}: torn result outside [old, new]")
        break
print("ok" if not bad else "bad")
PY
grep -qx ok "$W/check.txt" &&
	pass "10 torn cuts bitwise between the cut before and after" ||
	{ fail "torn cuts"; cat "$W/check.txt"; }
grep -q "WRITE torn at page" "$W/torn.txt" && grep -q "ERASE torn at block" "$W/torn.txt" &&
	pass "torn WRITEs and ERASEs: $(grep -c torn "$W/torn.txt") cuts" ||
	{ fail "torn kinds"; cat "$W/torn.txt"; }
rp --cut=2 --torn --seed=3 -o "$W/again.bin" >/dev/null &&
	cmp -s "$W/again.bin" "$W/t2.bin" && pass "the same seed: the same bytes" ||
	fail "--seed=3 twice differs"
rp --cut=2 --torn --seed=4 -o "$W/other.bin" >/dev/null
cmp -s "$W/other.bin" "$W/t2.bin" && fail "--seed=4 = --seed=3" ||
	pass "another seed: other bytes"
a=$(rp --cut=random --seed=5 -o "$W/r1.bin" | grep -o "cut [0-9]*")
b=$(rp --cut=random --seed=5 -o "$W/r2.bin" | grep -o "cut [0-9]*")
[ -n "$a" ] && [ "$a" = "$b" ] && cmp -s "$W/r1.bin" "$W/r2.bin" &&
	pass "--cut=random --seed=5: $a both times" || fail "--cut=random"

# MLC pairing: a torn upper page damages its lower page, and nothing else.
mlc="--type=mlc-nand"
: >"$W/mlc.txt"
for rule in dist3 offset:1; do
	for seed in 1 2 3 4 5 6 7 8; do
		for cut in 1 2 4 8; do
			rp --cut=$cut --torn --seed=$seed -o "$W/p.bin" --force \
				>"$W/p.txt" || fail "--cut=$cut --torn"
			rp --cut=$cut --torn --seed=$seed $mlc --pairing=$rule \
				-o "$W/m.bin" --force >"$W/m.txt" ||
				fail "--cut=$cut --torn --pairing=$rule"
			python3 - "$W" "$rule" $cut $seed <<'PY' >>"$W/mlc.txt"
import re, sys
w, rule, cut, seed = sys.argv[1:]
p, m = open(f"{w}/p.bin", "rb").read(), open(f"{w}/m.bin", "rb").read()
line = open(f"{w}/m.txt").read().strip()
plain = open(f"{w}/p.txt").read()
psz = 2048 + 64
diff = {}
for pg in range((max(len(p), len(m)) + psz - 1) // psz):  # page by page
    a, b = p[pg * psz:(pg + 1) * psz], m[pg * psz:(pg + 1) * psz]
    if a != b:
        diff[pg] = sum(bin(x ^ y).count("1") for x, y in zip(a, b))
g = re.search(r"torn at page (\d+).*lower page (\d+) damaged \((\d+) of (\d+)", line)
t = re.search(r"torn at page (\d+)", line)
same = line.split(", its lower")[0].split(": ", 1)[1] == plain.strip().split(": ", 1)[1]
ok = len(p) == len(m) and same
if g:
    up, lo, n, of = map(int, g.groups())
    ppb = 64
    want = {"dist3": (up % ppb == ppb - 1 and lo == up - 2) or
                     (up % ppb == 2 and lo == up - 2) or
                     (up % 2 == 0 and up % ppb > 2 and lo == up - 3),
            "offset:1": up % 2 == 1 and lo == up - 1}[rule]
    ok = ok and want and lo // ppb == up // ppb and 0 <= n <= of
    ok = ok and (diff == ({lo: n} if n else {}))
    print(f"{'ok' if ok else 'bad'} damaged {rule} cut {cut} seed {seed}: upper {up} lower {lo} {n}/{of}")
else:
    ok = ok and not diff
    print(f"{'ok' if ok else 'bad'} undamaged {rule} cut {cut} seed {seed}: torn at {t.group(1) if t else '-'}")
PY
		done
	done
done
if grep -q '^bad' "$W/mlc.txt"; then
	fail "MLC pairing"
	grep '^bad' "$W/mlc.txt" | head -n 5
else
	pass "MLC pairing: $(grep -c '^ok damaged dist3' "$W/mlc.txt") dist3 and $(grep -c '^ok damaged offset' "$W/mlc.txt") offset:1 tears damaged exactly their lower page, $(grep -c '^ok undamaged' "$W/mlc.txt") others nothing"
fi
grep '^ok damaged' "$W/mlc.txt" | awk '{ n[$3]++; if ($(NF) !~ /^0\//) d[$3]++ }
	END { exit !(n["dist3"] > 0 && n["offset:1"] > 0 && d["dist3"] > 0 && d["offset:1"] > 0) }' &&
	pass "MLC pairing: both rules damaged some lower page" ||
	fail "MLC pairing: a rule never damaged a lower page"
rp --cut=1 --torn --seed=3 $mlc --pairing=dist3 -o "$W/m1.bin" --force >/dev/null
rp --cut=1 --torn --seed=3 $mlc --pairing=dist3 -o "$W/m2.bin" --force >/dev/null
cmp -s "$W/m1.bin" "$W/m2.bin" && pass "MLC pairing: the same seed, the same bytes" ||
	fail "MLC pairing: --seed=3 twice differs"

# A torn tail of the log: the last record is ignored.
cp "$W/rec.log" "$W/cut.log"
truncate -s -10 "$W/cut.log"
"$MM_BIN" replay $geom "$W/nand.bin" "$W/cut.log" --cut=9 -o "$W/x.bin" \
	>"$W/out" 2>"$W/err" && grep -q "cut 9 of 9" "$W/out" &&
	grep -q "torn last record ignored" "$W/err" &&
	pass "a torn log tail: $(cat "$W/err")" || { fail "torn tail"; cat "$W/out" "$W/err"; }

# Errors.
err() {
	want=$1 re=$2
	shift 2
	"$MM_BIN" "$@" >/dev/null 2>"$W/err"
	rc=$?
	if [ $rc -eq "$want" ] && grep -q -e "$re" "$W/err"; then
		pass "status $rc: $(head -n 1 "$W/err")"
	else
		fail "$*: status $rc"; cat "$W/err"
	fi
}
err 1 "needs --cut" replay $geom "$W/nand.bin" "$W/rec.log" -o "$W/y.bin"
err 1 "needs an output" replay $geom "$W/nand.bin" "$W/rec.log" --cut=1
err 1 "needs the dump and the record log" replay $geom "$W/nand.bin" --cut=1 -o "$W/y"
err 1 "already exists" replay $geom "$W/nand.bin" "$W/rec.log" --cut=1 -o "$W/c1.bin"
err 1 "is an input" replay $geom "$W/nand.bin" "$W/rec.log" --cut=1 -o "$W/nand.bin" --force
err 1 "replay --list takes the record log only" replay --list "$W/nand.bin" "$W/rec.log"
err 1 "only lists the log" replay --list --cut=1 "$W/rec.log"
err 1 "are replay options" info --list "$W/nand.bin"
err 1 "past the log's 10 records" replay $geom "$W/nand.bin" "$W/rec.log" --cut=11 -o "$W/y.bin"
err 2 "another geometry" replay --page-size 2048 --oob-size 64 --pages-per-block 32 \
	"$W/nand.bin" "$W/rec.log" --cut=1 -o "$W/y.bin"
err 2 "not a muse-mount record log" replay $geom "$W/nand.bin" "$W/nand.bin" --cut=1 -o "$W/y.bin"
err 1 "replay options" $geom --cut=1 "$W/nand.bin"
err 1 "replay options" $geom --type=mlc-nand --pairing=dist3 "$W/nand.bin"
err 1 "give --type=mlc-nand" replay $geom "$W/nand.bin" "$W/rec.log" --cut=1 \
	--torn --pairing=dist3 -o "$W/y.bin"
err 1 "invalid pairing rule 'offset:0'" replay $geom --type=mlc-nand \
	"$W/nand.bin" "$W/rec.log" --cut=1 --torn --pairing=offset:0 -o "$W/y.bin"
err 1 "pairing offset:3 needs pages per block in runs of 6" replay $geom \
	--type=mlc-nand "$W/nand.bin" "$W/rec.log" --cut=1 --torn \
	--pairing=offset:3 -o "$W/y.bin"
err 1 "needs a writable MTD" $geom --record="$W/z.log" "$W/nand.bin"

sha256sum -c --quiet "$W/log.sha256" && pass "the log unchanged by replay" ||
	fail "the log changed"
evidence_check
finish
