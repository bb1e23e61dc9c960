#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# convert-roundtrip.sh - 'convert' on a synthetic dump with a bad block:
# oob -> raw gives the data bytes, oob -> oob is identical, raw -> raw is
# identical, --bb=padbad writes 0xFF for the bad block, --bb=skipbad leaves
# it out; the input's sha256 never changes.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1

mkdump g.oob g.data
before=$(sha g.oob)
PS=2048 OS=64 EB=16384 REC=2112

echo "# oob -> raw, oob -> oob, raw -> raw"
"$bin" convert -q $GEOM g.oob -o out.raw --to=raw
check "--to=raw exits 0" test $? = 0
check "--to=raw equals the data bytes" cmp g.data out.raw
"$bin" convert -q $GEOM g.oob -o out.oob --to=oob
check "--to=oob exits 0" test $? = 0
check "--to=oob is identical to the input" cmp g.oob out.oob
"$bin" convert -q --format=raw --page-size=2048 --pages-per-block=8 g.data -o out2.raw
check "raw -> raw (the default --to) is identical" cmp g.data out2.raw

echo "# --bb=padbad and --bb=skipbad (bad block 6)"
"$bin" convert -q $GEOM g.oob -o pad.raw --to=raw --bb=padbad
check "padbad: size unchanged" test "$(wc -c <pad.raw)" = $((14 * EB))
python3 -c '
import sys
d = open("pad.raw", "rb").read(); g = open("g.data", "rb").read()
eb = 16384
ok = d[6*eb:7*eb] == b"\xff" * eb and d[:6*eb] == g[:6*eb] and d[7*eb:] == g[7*eb:]
sys.exit(0 if ok else 1)'
check "padbad: block 6 is 0xFF, the rest as read" test $? = 0
"$bin" convert -q $GEOM g.oob -o pad.oob --to=oob --bb=padbad
python3 -c '
import sys
d = open("pad.oob", "rb").read(); g = open("g.oob", "rb").read()
b = 2112 * 8
ok = d[6*b:7*b] == b"\xff" * b and d[:6*b] == g[:6*b] and d[7*b:] == g[7*b:]
sys.exit(0 if ok else 1)'
check "padbad --to=oob: data and OOB of block 6 are 0xFF (marker gone)" test $? = 0
"$bin" convert -q $GEOM g.oob -o skip.raw --to=raw --bb=skipbad
python3 -c '
import sys
d = open("skip.raw", "rb").read(); g = open("g.data", "rb").read()
eb = 16384
sys.exit(0 if d == g[:6*eb] + g[7*eb:] else 1)'
check "skipbad: block 6 left out, later blocks shifted" test $? = 0
"$bin" convert -q $GEOM g.oob -o skip.oob --to=oob --bb=skipbad
check "skipbad --to=oob: 13 blocks of records" test "$(wc -c <skip.oob)" = $((13 * 8 * REC))

echo "# --in-bb: a skipbad dump read back and padded out"
if "$bin" convert -q --format=nanddump --page-size=2048 --oob-size=64 \
	--pages-per-block=8 --block-count=14 --bad-blocks=6 --in-bb=skipbad \
	skip.oob -o back.oob --bb=padbad --to=oob 2>back.err; then
	check "skipbad -> padbad is padbad of the original" cmp pad.oob back.oob
else
	echo "skip: --in-bb=skipbad not accepted by this reader: $(head -n 1 back.err)"
fi

echo "# output safety"
"$bin" convert -q $GEOM g.oob -o out.raw --to=raw 2>err
check "an existing output is refused (status 1)" test $? = 1
check "... and left alone" cmp g.data out.raw
printf 'x' >small
"$bin" convert -q $GEOM g.oob -o small --to=raw --force
check "--force replaces an existing output" cmp g.data small
ln -s g.oob link.oob
ln g.oob hard.oob
for o in g.oob ./g.oob link.oob hard.oob; do
	"$bin" convert -q $GEOM g.oob -o "$o" --to=raw --force 2>err
	check "-o $o (the input) is refused even with --force" test $? = 1
done
check "no temporary files are left behind" test -z "$(ls -A | grep '^\.')"
check "the input's sha256 is unchanged" test "$(sha g.oob)" = "$before"
finish
