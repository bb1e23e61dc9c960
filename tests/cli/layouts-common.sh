# SPDX-License-Identifier: GPL-2.0-or-later
#
# layouts-common.sh - sourced by layouts-jffs2.sh and layouts-ubi.sh (not a
# test itself: not executable). The kernel's own JFFS2 and UBI dumps
# (nandsim jffs2-bch8, ubi-bch4) laid out in every controller preset by mm-gen --from
# (tests/gen/layout-fixtures.sh, at test time), with t flips in every ECC
# step: 'info --layout=P' names P, exits 0 and counts the corrected bits;
# 'convert --to=raw' gives the kernel's data-only dump byte for byte and
# '--to=oob' its data with the clean-markers in the logical OOB. A copy with
# t + 1 flips in one step of four pages: info exits 4, and convert never
# returns the original bytes of those pages without failing.
#
# LAYOUT_FIXTURES (set by the caller) and LAYOUT_PRESETS (default every
# preset) select.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1

have_fixtures jffs2-bch8 && have_fixtures ubi-bch4 ||
	{ echo "skip: no nandsim fixtures or no xz"; exit 77; }
[ -x "$gen" ] || { echo "skip: $gen not built (make tools)"; exit 77; }
"$bin" --list-layouts >layouts.txt 2>&1 ||
	{ echo "skip: this muse-mount has no --list-layouts (layouts not wired yet)"; exit 77; }

names=$LAYOUT_FIXTURES
for p in $("$gen" --list-layouts | cut -f1); do
	check "--list-layouts names $p" grep -q "^$p[[:space:]]" layouts.txt
done
for fx in $names; do
	fixture "$fx.oob.bin"
	fixture "$fx.data-dumpbad.bin"
done
"$top/tests/gen/layout-fixtures.sh" -b "$gen" . lay $names ||
	{ not_ok "layout-fixtures.sh failed"; finish; }

GEOM="--format=oob --page-size=2048 --oob-size=64 --pages-per-block=64"

# jsons FILE DESC EXPR [DESC EXPR...]: each EXPR with j = the parsed JSON,
# in one python run; prints ok:/FAIL: per pair, fails if any is false
jsons() {
	python3 - "$@" <<'PYEOF' || failed=1
import json, sys
try:
    j = json.load(open(sys.argv[1]))
except Exception as e:
    j = None
    print("  %s: %s" % (sys.argv[1], e))
bad = 0
for d, e in zip(sys.argv[2::2], sys.argv[3::2]):
    try:
        r = j is not None and eval(e)
    except Exception as x:
        r = False
        print("  %s: %r" % (e, x))
    print(("ok: " if r else "FAIL: ") + d)
    bad += not r
sys.exit(1 if bad else 0)
PYEOF
}

# pages_check RAW ORIG PAGES: python: the listed pages of RAW differ from
# ORIG, every other page equals it
pages_check() {
	python3 - "$1" "$2" "$3" <<'PYEOF'
import sys
a = open(sys.argv[1], 'rb').read()
b = open(sys.argv[2], 'rb').read()
pages = [int(x) for x in sys.argv[3].split(',')]
P = 2048
ok = len(a) == len(b)
for p in range(len(b) // P):
    same = a[p * P:(p + 1) * P] == b[p * P:(p + 1) * P]
    if same == (p in pages):
        print("  page %d %s" % (p, "equals the original" if same else "differs"))
        ok = False
sys.exit(0 if ok else 1)
PYEOF
}

# oob_check OOBOUT ORIG SRC-OOB: --to=oob: 2048 + 64 bytes a page, the data
# the original's, and page 0 of every block with a clean-marker in the
# source has the marker's first two bytes (85 19) in its logical OOB
oob_check() {
	python3 - "$1" "$2" "$3" <<'PYEOF'
import sys
o = open(sys.argv[1], 'rb').read()
d = open(sys.argv[2], 'rb').read()
s = open(sys.argv[3], 'rb').read()
R, P = 2112, 2048
n = len(d) // P
if len(o) != n * R:
    print("  %d bytes, not %d pages of 2112" % (len(o), n))
    sys.exit(1)
bad = [p for p in range(n) if o[p * R:p * R + P] != d[p * P:(p + 1) * P]]
cm = [p for p in range(0, n, 64) if s[p * R + P + 2:p * R + P + 4] == b'\x85\x19']
lost = [p for p in cm if b'\x85\x19' not in o[p * R + P:(p + 1) * R]]
if bad or lost:
    print("  data differs in pages %s; clean-marker lost in pages %s" % (bad[:8], lost[:8]))
sys.exit(1 if bad or lost else 0)
PYEOF
}

while read -r fx p arg f pages; do
	case " ${LAYOUT_PRESETS:-$p} " in *" $p "*) ;; *) continue ;; esac
	echo "# $fx in $arg"
	"$bin" info --json $GEOM --layout="$arg" "lay/$f" >"$f.json" 2>"$f.err"
	rc=$?
	check "$fx/$p: info --layout exits 0 with t flips per step" test $rc = 0
	[ $rc = 0 ] || head -n 3 "$f.err"
	jsons "$f.json" \
		"$fx/$p: info --json names the layout in ecc.layout" \
		"j['ecc']['layout'] == '$p'" \
		"$fx/$p: corrected bits counted, no step uncorrectable" \
		"j['ecc']['corrected_bits'] > 0 and j['ecc']['uncorrectable_steps'] == 0"
	"$bin" convert -q $GEOM --layout="$arg" "lay/$f" -o "$f.raw" --to=raw 2>"$f.err"
	check "$fx/$p: convert --to=raw exits 0" test $? = 0
	check "$fx/$p: --to=raw equals the kernel's nanddump --bb=dumpbad" \
		cmp "$f.raw" "$fx.data-dumpbad.bin"
	"$bin" convert -q $GEOM --layout="$arg" "lay/$f" -o "$f.oob" --to=oob 2>"$f.err"
	check "$fx/$p: convert --to=oob exits 0" test $? = 0
	check "$fx/$p: --to=oob: the kernel's data, clean-markers in the logical OOB" \
		oob_check "$f.oob" "$fx.data-dumpbad.bin" "$fx.oob.bin"
	rm -f "$f.raw" "$f.oob"

	b=${f%.bin}.beyond.bin
	"$bin" info --json $GEOM --layout="$arg" "lay/$b" >"$b.json" 2>"$b.err"
	rc=$?
	check "$fx/$p: t + 1 flips in pages $pages: info exits 4" test $rc = 4
	jsons "$b.json" "$fx/$p: t + 1 flips: uncorrectable steps counted" \
		"j['ecc']['uncorrectable_steps'] >= 1"
	"$bin" convert -q $GEOM --layout="$arg" "lay/$b" -o "$b.raw" --to=raw 2>"$b.err"
	rc=$?
	if [ $rc != 0 ]; then
		ok "$fx/$p: t + 1 flips: convert fails (status $rc: $(head -n 1 "$b.err"))"
	else
		check "$fx/$p: t + 1 flips: convert returns pages $pages not as the original, the others as it" \
			pages_check "$b.raw" "$fx.data-dumpbad.bin" "$pages"
	fi
	rm -f "$b.raw" "lay/$f" "lay/$b"
done <lay/layouts.list
finish
