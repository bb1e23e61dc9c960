#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# view-large.sh - files over 4 GiB: a sparse 2048+64 dump of 34816 blocks
# (4.25 GiB of data, 4.5 GiB with OOB) and a data-only one of the same
# size, with marked pages on both sides of the 4 GiB line and bad blocks
# past it. Sizes are exact, reads at 64-bit offsets return the right bytes
# (data, oob, raw, a partition starting at 4 GiB), random reads from
# several threads agree with the dump, and badblocks lists the far blocks.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/view/lib.sh"

view_require_fuse
stress=$O/tests/view/mm-stress
[ -x "$stress" ] || { echo "FAIL: $stress not built (make tools)"; exit 1; }

blocks=34816
python3 - "$W" $blocks <<'PY' || exit 1
import os, random, sys
w, blocks = sys.argv[1], int(sys.argv[2])
ps, oob, ppb = 2048, 64, 64
rec = ps + oob
bad = {33000, 34815}
rnd = random.Random(7)
marks = [0, 0xFFFFF000, 0x100000000 - 3 * ps, 0x100000000 + 5 * ps,
         blocks * ppb * ps - 4 * ps]
with open(os.path.join(w, 'big.oob.bin'), 'wb') as f, \
        open(os.path.join(w, 'big.data.bin'), 'wb') as g:
    f.truncate(blocks * ppb * rec)
    g.truncate(blocks * ppb * ps)
    # Factory markers: FF in pages 0 and 1 of good blocks, 00 of bad ones.
    for b in range(blocks):
        for p in (0, 1):
            f.seek((b * ppb + p) * rec + ps)
            f.write((b'\x00' if b in bad else b'\xff') + rnd.randbytes(oob - 1))
    for m in marks:
        data = rnd.randbytes(4 * ps)
        for i in range(4):
            page = m // ps + i
            f.seek(page * rec)
            f.write(data[i * ps:(i + 1) * ps])
            if page % ppb > 1:
                f.write(rnd.randbytes(oob))
        g.seek(m)
        g.write(data)
PY
oobd=$W/big.oob.bin
datad=$W/big.data.bin
# Hashing 4.5 GiB takes long: size and times stand in for the hash here
# (view-kernel-dump.sh and view-files.sh check sha256).
before=$(stat -c '%s %Y %Z' "$oobd")
size=$((blocks * 64 * 2048))
m=$W/mnt

# compare_ranges FILE KIND: bytes of FILE at 64-bit offsets against the dump.
compare_ranges() {
	python3 - "$1" "$2" "$oobd" <<'PY'
import sys
path, kind, dump = sys.argv[1], sys.argv[2], sys.argv[3]
ps, oob = 2048, 64
rec = ps + oob
offs = [0, 0xFFFFF000 - 100, 0xFFFFFFFF - 5000, 0x100000000 - 1,
        0x100000000 + 5 * ps + 17, 34816 * 64 * ps - 4 * ps - 1]
base = 0x100000000 if kind == 'part' else 0
with open(path, 'rb') as f, open(dump, 'rb') as d:
    for o in offs:
        if kind in ('data', 'part'):
            if o < base:
                continue
            n = 20000
            f.seek(o - base)
            got = f.read(n)
            want = b''
            x = o
            while len(want) < len(got):
                d.seek((x // ps) * rec + x % ps)
                c = d.read(min(ps - x % ps, n - len(want)))
                want += c
                x += len(c)
        elif kind == 'raw':
            o = o * rec // ps
            f.seek(o)
            got = f.read(20000)
            d.seek(o)
            want = d.read(len(got))
        else:   # oob
            o = o * oob // ps
            f.seek(o)
            got = f.read(3000)
            want = b''
            x = o
            while len(want) < len(got):
                d.seek((x // oob) * rec + ps + x % oob)
                c = d.read(min(oob - x % oob, len(got) - len(want)))
                want += c
                x += len(c)
        if not got or got != want:
            sys.exit('%s: %d bytes at 0x%x differ from the dump' % (path, len(got), o))
print('%s: %d ranges equal' % (path, len(offs)))
PY
}

# shellcheck disable=SC2086
view_mount "$m" --format oob --page-size 2048 --oob-size 64 \
	--pages-per-block 64 --mtdparts '4G(low),-(high)' "$oobd" || view_done
check "data is $size bytes" test "$(stat -c %s "$m/data")" -eq $size
check "raw is $((size / 2048 * 2112)) bytes" \
	test "$(stat -c %s "$m/raw")" -eq $((size / 2048 * 2112))
check "oob is $((size / 32)) bytes" test "$(stat -c %s "$m/oob")" -eq $((size / 32))
check "parts/high is $((size - 4294967296)) bytes" \
	test "$(stat -c %s "$m/parts/high")" -eq $((size - 4294967296))
check "badblocks lists 33000 and 34815" \
	test "$(tr '\n' ' ' <"$m/badblocks")" = "33000 34815 "
for k in data raw oob; do
	if r=$(compare_ranges "$m/$k" $k 2>&1); then pass "$r"; else fail "$r"; fi
done
if r=$(compare_ranges "$m/parts/high" part 2>&1); then pass "$r"; else fail "$r"; fi
if "$stress" -t 4 -n 200 -m 65536 "$m/raw" "$oobd" >"$W/s.log" 2>&1; then
	pass "$(cat "$W/s.log")"
else
	fail "$(cat "$W/s.log")"
fi
view_umount "$m"
check "dump unchanged (size, mtime, ctime)" \
	test "$(stat -c '%s %Y %Z' "$oobd")" = "$before"

# Data only: /data is the dump itself, random reads over the whole 4.25 GiB.
view_mount "$m" --format raw --page-size 2048 --pages-per-block 64 \
	--mtdparts '4G(low),-(high)' "$datad" || view_done
check "data-only: data is $size bytes" test "$(stat -c %s "$m/data")" -eq $size
for f in "data 0" "parts/high 4294967296"; do
	# shellcheck disable=SC2086
	set -- $f
	if "$stress" -t 4 -n 300 -m 65536 -s 3 "$m/$1" "$datad" "$2" >"$W/s.log" 2>&1; then
		pass "data-only: $(cat "$W/s.log")"
	else
		fail "data-only: $(cat "$W/s.log")"
	fi
done
view_umount "$m"
view_done
