#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# view-files.sh - every file of the FUSE view against slices of generated
# dumps computed independently (tests/view/dumptool.py) and against the
# output of 'convert': small and large pages, OOB and data-only
# dumps, factory-bad blocks, named, unnamed and repeated partition names,
# and -o direct_io (unaligned reads reach the daemon as they are).
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/view/lib.sh"

view_require_fuse
tool=$MM_TOP/tests/view/dumptool.py

# run_case NAME PAGE OOB PPB BLOCKS BAD MTDPARTS [MOUNT-OPTIONS...]
run_case() {
	name=$1 ps=$2 oob=$3 ppb=$4 nb=$5 bad=$6 parts=$7
	shift 7
	d=$W/$name
	mkdir -p "$d"
	if [ "$oob" -eq 0 ]; then
		python3 "$tool" gen --page-size "$ps" --oob-size 0 --ppb "$ppb" \
			--blocks "$nb" --data-only "$d/dump.bin" || exit 1
		geom="--format raw --page-size $ps --pages-per-block $ppb"
	else
		python3 "$tool" gen --page-size "$ps" --oob-size "$oob" \
			--ppb "$ppb" --blocks "$nb" --bad "$bad" --seed "$nb" \
			"$d/dump.bin" || exit 1
		geom="--format oob --page-size $ps --oob-size $oob --pages-per-block $ppb"
	fi
	python3 "$tool" expect --page-size "$ps" --oob-size "$oob" \
		"$d/dump.bin" "$d/exp" || exit 1
	before=$(sha "$d/dump.bin")
	m=$d/mnt
	# shellcheck disable=SC2086
	view_mount "$m" $geom --mtdparts "$parts" "$@" "$d/dump.bin" || return

	same "$m/data" "$d/exp/data" "$name: data"
	same "$m/raw" "$d/dump.bin" "$name: raw"
	if [ "$oob" -eq 0 ]; then
		check "$name: no oob file without OOB" test ! -e "$m/oob"
	else
		same "$m/oob" "$d/exp/oob" "$name: oob"
	fi
	check "$name: badblocks lists '$bad'" \
		test "$(tr '\n' ',' <"$m/badblocks")" = "$(echo "$bad" | tr -s ',' ',' | sed 's/[^,]$/&,/')"
	# Partition files against slices of the expected data, in order.
	python3 - "$m/parts" "$d/exp/data" "$ps" "$ppb" "$parts" <<'PY' >"$d/parts.log" 2>&1
import os, re, sys
mnt, data, ps, ppb, spec = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
eb = ps * ppb
total = os.path.getsize(data)
def num(s):
    m = re.fullmatch(r'(\d+|0x[0-9a-fA-F]+)([kKmMgG]?)', s)
    v = int(m.group(1), 0)
    return v << {'': 0, 'k': 10, 'm': 20, 'g': 30}[m.group(2).lower()]
pos, names, want = 0, [], []
for i, p in enumerate(spec.split(',')):
    m = re.fullmatch(r'([^@(]+)(?:@([^(]+))?(?:\((.*)\))?(ro)?(lk)?', p)
    size = total - (num(m.group(2)) if m.group(2) else pos) if m.group(1) == '-' else num(m.group(1))
    off = num(m.group(2)) if m.group(2) else pos
    n = m.group(3) or ''
    if not n or n in ('.', '..') or '/' in n or n in names:
        n = 'part%d' % i
    names.append(n)
    want.append((n, off, size))
    pos = off + size
got = sorted(os.listdir(mnt))
if got != sorted(names):
    sys.exit('parts/ holds %s, expected %s' % (got, names))
with open(data, 'rb') as f:
    for n, off, size in want:
        f.seek(off)
        if open(os.path.join(mnt, n), 'rb').read() != f.read(size):
            sys.exit('parts/%s differs from data[0x%x:+0x%x]' % (n, off, size))
        print('parts/%s = data[0x%x:+0x%x]' % (n, off, size))
PY
	if [ $? -eq 0 ]; then
		pass "$name: $(tr '\n' ';' <"$d/parts.log")"
	else
		fail "$name: $(cat "$d/parts.log")"
	fi
	# shellcheck disable=SC2086
	"$MM_BIN" info --json $geom --mtdparts "$parts" "$d/dump.bin" \
		>"$d/info.json" 2>/dev/null
	same "$m/info.json" "$d/info.json" "$name: info.json (vs info --json)"
	# shellcheck disable=SC2086
	"$MM_BIN" convert -q $geom --to raw "$d/dump.bin" -o "$d/conv.data" ||
		fail "$name: convert --to raw"
	same "$m/data" "$d/conv.data" "$name: data (vs convert --to raw)"
	if [ "$oob" -ne 0 ]; then
		# shellcheck disable=SC2086
		"$MM_BIN" convert -q $geom --to oob --bb dumpbad "$d/dump.bin" \
			-o "$d/conv.oob" || fail "$name: convert --to oob"
		same "$m/raw" "$d/conv.oob" "$name: raw (vs convert --to oob --bb dumpbad)"
	fi
	view_umount "$m"
	check "$name: dump sha256 unchanged" test "$(sha "$d/dump.bin")" = "$before"
}

# Small pages (marker at OOB byte 5), two bad blocks, unnamed partitions.
run_case sp512 512 16 32 64 3,40 '64K(boot),64K,-'
# Large pages, bad first and last block, '-' with an explicit offset.
run_case lp2048 2048 64 64 16 0,15 '256K(spl),128K@512K(env),-@1M(rootfs)'
# 4 KiB pages with 224-byte OOB, repeated and unusable names.
run_case lp4096 4096 224 64 8 5 '256K(a),256K(a),256K(..),-(ok)'
# Data only: no oob file, raw is the data.
run_case raw2048 2048 0 64 8 '' '512K(x),-(y)'
# direct_io: every read goes to the daemon at the offset and length asked.
run_case dio2048 2048 64 64 12 1,7 '384K(p0),-(p1)' -o direct_io
view_done
