#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# soak.sh - the crash and resource campaign (`make soak`; a short run is
# tests/cli/soak-short.sh in `make check`), on the host, without a kernel:
#
#  1. kill -9: mm-peer's `crash` drives the server over a socketpair with
#     writes (in-band and OOB) and erases, up to 4 outstanding, SIGKILLs it
#     at a random moment, restarts it on the same overlay and reads the
#     whole device back: every acknowledged change must be there (lost 0),
#     every change in doubt whole or absent (half-applied 0). The same run
#     on a memory overlay must find losses (the check can fail).
#  2. ENOSPC: the overlay on a small tmpfs (root only) filled up.
#  3. EIO: the overlay's writes and syncs fail (LD_PRELOAD mm-failio.so).
#     For 2 and 3: the refused write gets -EIO, one clear line on stderr,
#     reads go on, and after kill -9 and a restart everything acknowledged
#     before is there.
#  4. Truncated dumps: every block boundary and random byte offsets of
#     fixture dumps through info, info --json, convert and the FUSE view:
#     a report or a one-line error, never a crash, a sanitizer report or a
#     hang.
#  5. Parallel readers: several processes read the FUSE view at random
#     offsets (mm-stress, every byte compared) and whole files (sha256)
#     for SOAK_S seconds.
#  6. The same on the MTD: the e2e scenario g-readonly boots Debian's
#     kernel in QEMU and has five processes read /dev/mtdN for SOAK_S
#     seconds against the kernel's own dump (SOAK_E2E=0 leaves it out).
#
# Environment: SOAK_TRIALS (kill -9 trials, default 200), SOAK_SEED
# (default: from the clock; printed), SOAK_S (reader seconds, default
# 120), SOAK_CUTS (random byte cuts per dump, default 20), SOAK_BLOCK_CUTS
# (block boundaries per dump, 0 = all, the default), SOAK_VIEW_CUTS (cuts
# per dump also mounted as the FUSE view, default all), SOAK_FIXTURES
# (how many of the three fixture dumps are cut, default 3), SOAK_READERS
# (processes, default 6). Exit 0 when every check passed.
set -u
MM_TOP=${MM_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
O=${O:-build}
case $O in /*) ;; *) O=$MM_TOP/$O ;; esac
MM_BIN=${MM_BIN:-$O/muse-mount}
PEER=$O/tests/peer/mm-peer
STRESS=$O/tests/view/mm-stress
FAILIO=$O/tests/failio/mm-failio.so
export MM_BIN

TRIALS=${SOAK_TRIALS:-200}
SEED=${SOAK_SEED:-$(date +%s)}
READ_S=${SOAK_S:-120}
CUTS=${SOAK_CUTS:-20}
BLOCK_CUTS=${SOAK_BLOCK_CUTS:-0}
VIEW_CUTS=${SOAK_VIEW_CUTS:-100000}
READERS=${SOAK_READERS:-6}
FIXTURES=${SOAK_FIXTURES:-3}

W=$(mktemp -d "${TMPDIR:-/tmp}/mm-soak.XXXXXX") || exit 1
W=$(cd "$W" && pwd -P)
cleanup() {
	for m in $(awk -v w="$W/" 'index($2, w) == 1 { print $2 }' /proc/mounts); do
		fusermount3 -u -z "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
	done
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
nfail=0
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }
pass() { echo "ok: $*"; }
summary=$W/summary
: >"$summary"
figure() { echo "$*" >>"$summary"; }

for f in "$MM_BIN" "$PEER" "$STRESS" "$FAILIO"; do
	[ -e "$f" ] || { echo "SKIP: $f not built (make all tools)"; exit 77; }
done
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
# With a sanitizer build, the shim comes before its runtime.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
echo "soak: seed $SEED, $TRIALS kill -9 trials, readers ${READ_S} s"

# gen DUMP BLOCKS SEED: 2048 + 64 records, 64 pages per block, random data,
# OOB bytes 0-1 0xFF (no bad block markers), block 5 erased.
gen() {
	python3 - "$@" <<'PY'
import random, sys
path, nb, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = random.Random(seed)
with open(path, 'wb') as f:
    for b in range(nb):
        for p in range(64):
            if b == 5:
                f.write(b'\xff' * 2112)
            else:
                f.write(r.randbytes(2048) + b'\xff\xff' + r.randbytes(62))
PY
}
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"
pgeom="--page-size 2048 --oob-size 64 --ppb 64"

# ---- 1. kill -9 ----
gen "$W/nand.bin" 16 "$SEED"
sha256sum "$W/nand.bin" >"$W/nand.sha256"
# shellcheck disable=SC2086
printf 'init\ncrash %s %s 4 %s\nclose\n' "$TRIALS" "$SEED" "$W/ledger" |
	"$PEER" $pgeom "$W/nand.bin" -- $geom --overlay "$W/ov" "$W/nand.bin" \
	>"$W/crash.log" 2>&1
rc=$?
line=$(grep '^crash: trials' "$W/crash.log")
if [ $rc -eq 0 ] && [ -n "$line" ]; then
	pass "kill -9 campaign: ${line#crash: }"
else
	fail "kill -9 campaign (seed $SEED): $(tail -n 5 "$W/crash.log")"
fi
figure "kill -9 (seed $SEED): ${line:-no figures}"
figure "  ledger: $(grep -c ' ack ' "$W/ledger" 2>/dev/null) acknowledged, $(grep -c ' doubt ' "$W/ledger" 2>/dev/null) in doubt"
sha256sum -c --quiet "$W/nand.sha256" || fail "the dump was modified"
# The check must be able to fail: a memory overlay forgets at kill -9.
# shellcheck disable=SC2086
printf 'init\ncrash 3 %s\nclose\n' "$SEED" |
	"$PEER" $pgeom "$W/nand.bin" -- $geom --writable "$W/nand.bin" \
	>"$W/neg.log" 2>&1
if grep -Eq 'crash: [1-9][0-9]* pages lost' "$W/neg.log"; then
	pass "a memory overlay loses acknowledged writes and is caught: $(grep -o 'lost [0-9]*' "$W/neg.log" | tail -n 1)"
else
	fail "the campaign did not catch a server that forgets: $(tail -n 2 "$W/neg.log")"
fi

# Full read-back of the device from the model, as script lines.
readall() {
	b=0
	while [ $b -lt "$1" ]; do
		printf 'read %d 131072 inband\nread %d 4096 place\n' \
			$((b * 131072)) $((b * 131072))
		b=$((b + 1))
	done
}

# resource NAME OVERLAY-DIR SERVER-PREFIX-SCRIPT...: see 2 and 3.
# $W/res.script holds the peer script; the peer log must show exactly one
# "cannot store" line naming the overlay.
resource() {
	name=$1 ov=$2
	shift 2
	# shellcheck disable=SC2086
	"$@" "$PEER" $pgeom "$W/small.bin" -- $geom ${SRV_EXTRA:-} \
		--overlay "$ov" "$W/small.bin" <"$W/res.script" >"$W/res.log" 2>&1
	rc=$?
	fills=$(grep '^fillup:' "$W/res.log" | head -n 1)
	msg=$(grep -c "^muse-mount: $ov: cannot store the .* at 0x[0-9a-f]*: .*; the kernel gets -EIO\$" "$W/res.log")
	again=$(grep -c "^muse-mount: $ov: changes are stored again" "$W/res.log")
	if [ $rc -ne 0 ]; then
		fail "$name: $(grep -v '^ok' "$W/res.log" | tail -n 3)"
	elif [ "$msg" -lt 1 ] || [ "$msg" -gt 2 ]; then
		fail "$name: expected one 'cannot store' line per failure spell, got $msg"
		grep '^muse-mount' "$W/res.log" | head -n 5
	else
		pass "$name: $(grep "cannot store" "$W/res.log" | head -n 1)"
		figure "$name: ${fills:-refused} ; reads served ; after kill -9 + restart all acknowledged pages present ; $msg message line(s), $again 'stored again'"
	fi
}

gen "$W/small.bin" 8 $((SEED + 1))

# ---- 2. ENOSPC ----
if [ "$(id -u)" != 0 ]; then
	echo "skip: ENOSPC (mounting a tmpfs needs root)"
	figure "ENOSPC: skipped (not root)"
elif mkdir -p "$W/tmpfs" && mount -t tmpfs -o size=256k mm-soak "$W/tmpfs"; then
	{
		echo init
		echo "fillup 2000 $SEED"
		echo "random 200 $SEED"
		echo "write 0x40000 2048 inband 0x00 !EIO"
		echo "erase 0x60000 0x20000 !EIO"
		echo "isbad 0 0"
		echo kill
		echo restart
		echo init
		readall 8
		echo "random 200 $((SEED + 2))"
		echo close
	} >"$W/res.script"
	resource "ENOSPC (overlay on a full 256 KiB tmpfs)" "$W/tmpfs/ov"
	umount "$W/tmpfs" || fail "umount $W/tmpfs"
else
	fail "cannot mount a tmpfs"
fi

# ---- 3. EIO ----
flag=$W/disk-fails
{
	echo init
	i=0
	while [ $i -lt 20 ]; do
		echo "write $((i * 2048)) 2048 inband rand:$((SEED + i))"
		i=$((i + 1))
	done
	echo "write 0x21000 64 place 0x33"
	echo "shell echo EIO >$flag"
	echo "write 0x40000 2048 inband 0x00 !EIO"
	echo "write 0x800 2048 inband 0x00 !EIO"
	echo "write 0x21000 64 place 0x00 !EIO"
	echo "erase 0x60000 0x20000 !EIO"
	echo "markbad 0x80000 !EIO"
	echo "isbad 0x80000 0"
	echo "random 300 $SEED"
	echo "shell rm $flag"
	echo "write 0x80000 2048 inband 0x0f"
	echo "shell echo EIO >$flag"
	echo "write 0x80800 2048 inband 0x0f !EIO"
	echo kill
	echo "shell rm $flag"
	echo restart
	echo init
	readall 8
	echo "random 200 $((SEED + 3))"
	echo close
} >"$W/res.script"
mkdir -p "$W/eio"
# The shim reads /proc/self/fd and the flag file, calls the server's
# sandbox (seccomp) refuses: that is the test device, not the server.
SRV_EXTRA=--no-sandbox \
	resource "EIO (the overlay's writes and syncs fail, mm-failio.so)" \
	"$W/eio/ov" env MM_FAILIO_FLAG="$flag" MM_FAILIO_PATH="$W/eio/ov" \
	LD_PRELOAD="$FAILIO"

# A failed fsync() (the write had been taken): the change is refused, and
# the slot of the page's acknowledged record must not be reused until the
# server restarts (core/overlay.c, docs/overlay.md): after more changes
# both records of page 0 must still be in the file.
{
	echo init
	echo "write 0 2048 inband rand:$SEED"
	echo "shell echo fsync >$flag"
	echo "write 0 2048 inband 0x0f !EIO"
	echo "shell rm $flag"
	echo "write 0x800 2048 inband rand:$((SEED + 1))"
	echo "write 0x1000 2048 inband rand:$((SEED + 2))"
	echo "write 0x1800 2048 inband rand:$((SEED + 3))"
	echo kill
} >"$W/res.script"
mkdir -p "$W/fs"
# shellcheck disable=SC2086
env MM_FAILIO_FLAG="$flag" MM_FAILIO_PATH="$W/fs/ov" LD_PRELOAD="$FAILIO" \
	"$PEER" $pgeom "$W/small.bin" -- $geom --no-sandbox --overlay "$W/fs/ov" \
	"$W/small.bin" <"$W/res.script" >"$W/res.log" 2>&1 ||
	fail "failed fsync: $(grep -v '^ok' "$W/res.log" | tail -n 3)"
# Page records: "MMPG", crc, seq, page; slots from 8192 (8 blocks), 2144 bytes.
recs=$(python3 - "$W/fs/ov" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
n = 0
for off in range(8192, len(d) - 2144 + 1, 2144):
    magic, crc, seq, page = struct.unpack_from('<IIQQ', d, off)
    if magic == 0x47504d4d and page == 0:
        n += 1
print(n)
PY
)
if [ "$recs" = 2 ] && grep -q "cannot store the write at 0x0: Input/output error" "$W/res.log"; then
	pass "failed fsync: refused with -EIO, the acknowledged record of page 0 kept beside the refused one"
	figure "failed fsync: refused with -EIO, acknowledged record kept (2 records of the page after 3 more writes)"
else
	fail "failed fsync: $recs records of page 0 in the overlay (2 expected): $(grep '^muse-mount' "$W/res.log" | head -n 2)"
fi

# ---- 4. truncated dumps ----
fx=$MM_TOP/tests/fixtures/nandsim
tr_n=0 tr_ok=0 tr_err=0 tr_view=0
# cut_run LABEL CMD...: a report (0) or one clear error, in time
cut_run() {
	label=$1
	shift
	timeout -k 5 60 "$@" >"$W/cut.out" 2>"$W/cut.err" </dev/null
	rc=$?
	tr_n=$((tr_n + 1))
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		fail "$label: hangs (killed after 60 s)"
	elif [ $rc -gt 128 ]; then
		fail "$label: crashed (status $rc): $(tail -n 3 "$W/cut.err")"
	elif grep -Eq 'Sanitizer|runtime error:' "$W/cut.err"; then
		fail "$label: $(grep -E -m1 'Sanitizer|runtime error:' "$W/cut.err")"
	elif [ $rc -ne 0 ]; then
		if [ ! -s "$W/cut.err" ] || grep -qv '^muse-mount: ..*' "$W/cut.err"; then
			fail "$label: status $rc without a clear error: $(head -n 3 "$W/cut.err")"
		else
			tr_err=$((tr_err + 1))
		fi
	else
		tr_ok=$((tr_ok + 1))
		return 0
	fi
	return 1
}
view_ok=true
if [ ! -c /dev/fuse ] || ! command -v fusermount3 >/dev/null ||
	"$MM_BIN" "$W" "$W" 2>&1 | grep -q 'no FUSE support'; then
	view_ok=false
	echo "skip: the FUSE view part (no FUSE here)"
fi
# cut_view LABEL DUMP [OPTIONS...]: mount, read every file, unmount
cut_view() {
	_l=$1 _d=$2
	shift 2
	mkdir -p "$W/cm"
	if cut_run "$_l: view mount" "$MM_BIN" "$@" "$_d" "$W/cm"; then
		tr_view=$((tr_view + 1))
		# Reads may fail with EIO past the end; the daemon must live.
		for f in info.json badblocks data oob raw; do
			[ -e "$W/cm/$f" ] || continue
			timeout -k 5 60 cat "$W/cm/$f" >/dev/null 2>&1
			[ $? -eq 124 ] && fail "$_l: reading the view's $f hangs"
		done
		stat "$W/cm/raw" >/dev/null 2>&1 || stat "$W/cm/data" >/dev/null 2>&1 ||
			fail "$_l: the view daemon died: $(tail -n 1 "$W/cut.err")"
		fusermount3 -u "$W/cm" 2>/dev/null || fusermount3 -u -z "$W/cm"
	fi
}
# cuts SIZE RECORD_BLOCK: the offsets to cut at, one a line
cuts() {
	python3 - "$1" "$2" "$BLOCK_CUTS" "$CUTS" "$SEED" <<'PY'
import random, sys
size, blk, nblk, nrand, seed = map(int, sys.argv[1:])
r = random.Random(seed)
b = list(range(0, size, blk)) + [1, size - 1]
if nblk:
    b = r.sample(b, min(nblk, len(b)))
b += [r.randrange(1, size) for _ in range(nrand)]
print('\n'.join(str(x) for x in sorted(set(b))))
PY
}
mkdir -p "$W/json"
nand="--format=oob --page-size=2048 --oob-size=64 --pages-per-block=64"
# FILE BLOCK-RECORD [GEOMETRY]: each cut autodetected, and with the geometry
nfx=0
for spec in "jffs2-hamming.oob.bin 135168 $nand" "ubi-bch4.oob.bin 135168 $nand" \
	"jffs2-nor.bin 65536"; do
	nfx=$((nfx + 1))
	[ $nfx -le "$FIXTURES" ] || break
	# shellcheck disable=SC2086
	set -- $spec
	f=$1 rec=$2
	shift 2
	set -- "$f" "$rec" "$*"
	[ -f "$fx/$1.xz" ] || { fail "fixture $1 missing"; continue; }
	xz -dc "$fx/$1.xz" >"$W/full.bin" || exit 1
	size=$(stat -c %s "$W/full.bin")
	nv=0
	for off in $(cuts "$size" "$2"); do
		head -c "$off" "$W/full.bin" >"$W/cut.bin"
		l="$1 cut at $off"
		for g in "" "$3"; do
			# shellcheck disable=SC2086
			cut_run "$l: info $g" "$MM_BIN" info $g "$W/cut.bin"
			# shellcheck disable=SC2086
			cut_run "$l: info --json $g" "$MM_BIN" info --json $g "$W/cut.bin" &&
				{ echo "$l: info --json $g"; cat "$W/cut.out"; } >"$W/json/$tr_n"
			rm -f "$W/conv.bin"
			# shellcheck disable=SC2086
			cut_run "$l: convert $g" "$MM_BIN" convert $g "$W/cut.bin" -o "$W/conv.bin"
			if $view_ok && [ $nv -lt "$VIEW_CUTS" ]; then
				# shellcheck disable=SC2086
				cut_view "$l (view $g)" "$W/cut.bin" $g
			fi
			[ -n "$3" ] || break
		done
		nv=$((nv + 1))
	done
done
# Every report of info --json must be JSON (one python for all of them).
python3 - "$W"/json/* <<'PY' || fail "info --json printed something that is not JSON"
import json, sys
bad = 0
for p in sys.argv[1:]:
    with open(p) as f:
        label = f.readline().strip()
        try:
            json.loads(f.read())
        except ValueError as e:
            print('FAIL: %s: not JSON: %s' % (label, e))
            bad += 1
sys.exit(1 if bad else 0)
PY
pass "truncated dumps: $tr_n runs, $tr_ok reports, $tr_err one-line errors"
figure "truncation: $tr_n runs of info/info --json/convert/view ($tr_view view mounts), $tr_ok reports, $tr_err one-line errors, 0 crashes/hangs unless FAIL above"

# ---- 5. parallel readers on the FUSE view ----
if $view_ok; then
	xz -dc "$fx/jffs2-hamming.oob.bin.xz" >"$W/rd.bin"
	xz -dc "$fx/jffs2-hamming.data-dumpbad.bin.xz" >"$W/rd.data"
	mkdir -p "$W/m1" "$W/m2"
	# shellcheck disable=SC2086
	if "$MM_BIN" $geom "$W/rd.bin" "$W/m1" >"$W/m1.log" 2>&1 &&
		"$MM_BIN" $geom -o direct_io "$W/rd.bin" "$W/m2" >"$W/m2.log" 2>&1; then
		end=$(($(date +%s) + READ_S))
		want_raw=$(sha256sum <"$W/rd.bin")
		want_data=$(sha256sum <"$W/rd.data")
		p=0
		while [ $p -lt "$READERS" ]; do
			(
				runs=0 bad=0 sums=0 s=$((SEED + 100 * p))
				mnt=$W/m$((p % 2 + 1))
				while [ "$(date +%s)" -lt "$end" ]; do
					s=$((s + 1))
					if [ $((p % 3)) -eq 2 ]; then
						# whole files, checksummed
						[ "$(sha256sum <"$mnt/raw")" = "$want_raw" ] || bad=$((bad + 1))
						[ "$(sha256sum <"$mnt/data")" = "$want_data" ] || bad=$((bad + 1))
						sums=$((sums + 2))
					elif [ $((s % 2)) -eq 0 ]; then
						"$STRESS" -t 2 -n 50 -m 131072 -s $s "$mnt/raw" "$W/rd.bin" >>"$W/r$p.log" 2>&1 || bad=$((bad + 1))
					else
						"$STRESS" -t 2 -n 50 -m 131072 -s $s -d "$mnt/data" "$W/rd.data" >>"$W/r$p.log" 2>&1 || bad=$((bad + 1))
					fi
					runs=$((runs + 1))
				done
				echo "$runs $bad $sums" >"$W/r$p.sum"
			) &
			p=$((p + 1))
		done
		wait
		runs=0 bad=0 sums=0 bytes=0
		p=0
		while [ $p -lt "$READERS" ]; do
			# shellcheck disable=SC2046
			set -- $(cat "$W/r$p.sum" 2>/dev/null || echo 0 1 0)
			runs=$((runs + $1)) bad=$((bad + $2)) sums=$((sums + $3))
			if [ -f "$W/r$p.log" ]; then
				b=$(awk '/bytes compared/ { s += $(NF-4) } END { printf "%.0f\n", s }' "$W/r$p.log")
				bytes=$((bytes + b))
			fi
			p=$((p + 1))
		done
		if [ $bad -eq 0 ] && [ $runs -gt 0 ]; then
			pass "parallel readers: $READERS processes, ${READ_S} s, $runs runs, $bytes bytes compared, $sums whole-file sha256 equal"
		else
			fail "parallel readers: $bad of $runs runs differ"
			grep -h 'mm-stress:' "$W"/r*.log | grep -v 'all equal' | head -n 3
		fi
		figure "parallel readers (FUSE view, cached + direct_io): $READERS processes for ${READ_S} s, $runs runs, $bytes bytes compared, $sums sha256 of whole files, $bad mismatches"
		fusermount3 -u "$W/m1"
		fusermount3 -u "$W/m2"
	else
		fail "cannot mount the view: $(cat "$W/m1.log" "$W/m2.log")"
	fi
else
	figure "parallel readers: skipped (no FUSE)"
fi

# ---- 6. parallel readers on the MTD, in a QEMU guest ----
if [ "${SOAK_E2E:-1}" = 1 ] && [ -x "$MM_TOP/tests/e2e/run.sh" ]; then
	E2E_APPEND="${E2E_APPEND:-} mm_soak_s=$READ_S" \
		E2E_TIMEOUT=$((600 + READ_S * 2)) E2E_KERNELS=${E2E_KERNELS:-6.1} \
		"$MM_TOP/tests/e2e/run.sh" -v g-readonly >"$W/e2e.log" 2>&1
	rl=$(grep -o 'parallel readers: [0-9]* reads, [0-9]* mismatches' "$W/e2e.log" | tail -n 1)
	if grep -q 'PASS: e2e/.*g-readonly' "$W/e2e.log" && [ -n "$rl" ]; then
		pass "MTD in the guest: $rl"
		figure "parallel readers (/dev/mtdN in a QEMU guest, e2e g-readonly): 5 processes for ${READ_S} s, ${rl#parallel readers: }"
	elif grep -q 'SKIP: e2e/' "$W/e2e.log"; then
		figure "parallel readers on the MTD: skipped ($(grep -m1 'SKIP: e2e/' "$W/e2e.log"))"
	else
		fail "MTD readers in the guest: $(grep -E 'FAIL|not ok' "$W/e2e.log" | head -n 5)"
		tail -n 20 "$W/e2e.log"
	fi
else
	figure "parallel readers on the MTD: not run (SOAK_E2E=0)"
fi

echo "== soak summary"
cat "$summary"
if [ $nfail -ne 0 ]; then
	echo "soak: $nfail failed"
	exit 1
fi
echo "soak: all passed"
exit 0
