#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Guest scenario for kmod/muse.ko: the ECC INIT keys (extension, see
# kmod/README.md): ECC strength, step and threshold and the OOB layout reach
# sysfs, mtdinfo and ECCGETLAYOUT; the bit flip counts a server reports in a
# READ reply reach ecc_stats (sysfs corrected_bits / ecc_failures,
# ECCGETSTATS, nanddump's summary), and the MTD core applies
# bitflip_threshold.  Without the keys nothing changes (v3).  Last, the
# read-ahead window (modprobe muse readahead_kb=64): one READ for several small
# reads, emptied by every write and erase, never kept with a soft error,
# off with the ECC keys.
# Input: /in/kmod-testsrv (make -C kmod testsrv; guest.sh -i build/kmod-testsrv)

. /e2e/lib.sh
. /e2e/kmod-lib.sh

modprobe muse || fail "modprobe muse"

# 4 MiB NAND, 2048+64, BCH-8 per 512 bytes: free OOB 2..39, ECC 40..63.
# Block 1: 3 bits corrected per reply, at most 2 in one step; block 2:
# uncorrectable; block 3: -EUCLEAN without counts (a plain v3 server).
start kts-ecc --max-read 2048 --ecc 8:512 --oobfree 2:38 --oobecc 40:24 \
	--soft-read 1:117:3:2 --soft-read 2:74 --soft-read 3:117
check "sysfs ecc_strength 8" test "$(mtd_attr $DEV ecc_strength)" = 8
check "sysfs ecc_step_size 512" test "$(mtd_attr $DEV ecc_step_size)" = 512
check "sysfs bitflip_threshold 6 (3/4 of the strength)" test "$(mtd_attr $DEV bitflip_threshold)" = 6
check "sysfs corrected_bits 0 at start" test "$(mtd_attr $DEV corrected_bits)" = 0
mtdinfo $DEV >/tmp/mtdinfo.txt 2>&1
sed 's/^/INFO: mtdinfo: /' /tmp/mtdinfo.txt
expect "ECCGETLAYOUT: 24 ECC bytes at 40-63, free 2:38" \
	'rc=0 errno=OK eccbytes=24 eccpos=40-63 oobavail=38 free=2:38' $CLI $DEV ecclayout

expect "a page with 3 corrected bits (2 in one step) reads clean below the threshold" \
	'rc=0 errno=OK len=2048' $CLI $DEV read place 0x20000 2048 0
check "sysfs corrected_bits counts bits: 3" test "$(mtd_attr $DEV corrected_bits)" = 3
expect "ECCGETSTATS corrected=3 failed=0" 'corrected=3 failed=0' $CLI $DEV eccstats

nanddump -l 0x20000 -s 0x20000 -f /tmp/b1.bin $DEV >/tmp/nd.txt 2>&1
grep 'ECC' /tmp/nd.txt | head -n 4 | sed 's/^/INFO: nanddump: /'
check "nanddump's summary shows the corrected bits so far" grep -q '^ECC corrected: 3$' /tmp/nd.txt
check "nanddump: 3 corrected bit flips per page" grep -q 'ECC: 3 corrected bitflip(s) at offset 0x00020000' /tmp/nd.txt
check "64 pages: corrected_bits 3 + 192" test "$(mtd_attr $DEV corrected_bits)" = 195

check "lower bitflip_threshold to 2" sh -c "echo 2 >/sys/class/mtd/${DEV#/dev/}/bitflip_threshold"
expect "at the threshold the read reports -EUCLEAN" 'errno=Structure needs cleaning len=2048' \
	$CLI $DEV read place 0x20000 2048 0
echo 6 >/sys/class/mtd/${DEV#/dev/}/bitflip_threshold

expect "uncorrectable page: -EBADMSG with the data" 'errno=Bad message len=2048' \
	$CLI $DEV read place 0x40000 2048 0
check "sysfs ecc_failures 1" test "$(mtd_attr $DEV ecc_failures)" = 1
expect "a v3 -EUCLEAN without counts: still -EUCLEAN" 'errno=Structure needs cleaning len=2048' \
	$CLI $DEV read place 0x60000 2048 0
check "... and counted as one bit" test "$(mtd_attr $DEV corrected_bits)" = 199
expect "ECCGETSTATS corrected=199 failed=1" 'corrected=199 failed=1' $CLI $DEV eccstats
stop
wait_gone kts-ecc || fail "kts-ecc removed"

# partitions see their share of the counts
WAIT_FOR=b
start kts-eccp -p '128k(a),-(b)' --max-read 2048 --ecc 4:512 --oobfree 2:38 \
	--soft-read 1:117:2:1
B=$DEV
check "partition b: ecc_strength 4" test "$(mtd_attr $B ecc_strength)" = 4
check "partition b: bitflip_threshold 3" test "$(mtd_attr $B bitflip_threshold)" = 3
dd if=$B of=/dev/null bs=2048 count=1 2>/dev/null
check "partition b: corrected_bits 2" test "$(mtd_attr $B corrected_bits)" = 2
expect "partition b: ECCGETLAYOUT without ECC ranges" 'eccbytes=0 oobavail=38 free=2:38' $CLI $B ecclayout
stop
wait_gone_re '"kts-eccp"$\|"b"$' || fail "kts-eccp removed"

# no ECC keys: v3 behaviour, nothing counted
start kts-v3 --max-read 2048 --soft-read 1:117:3:2
check "no keys: ecc_strength 0" test "$(mtd_attr $DEV ecc_strength)" = 0
expect "no keys: -EUCLEAN as sent" 'errno=Structure needs cleaning len=2048' \
	$CLI $DEV read place 0x20000 2048 0
check "no keys: corrected_bits stays 0" test "$(mtd_attr $DEV corrected_bits)" = 0
expect "no keys: ECCGETLAYOUT fails" 'rc=-1 errno=' $CLI $DEV ecclayout
stop
wait_gone kts-v3 || fail "kts-v3 removed"

# bad keys reject INIT (the MTD never appears, the server's read gets ENODEV)
for bad in "--ecc 8:0" "--ecc 8:3000" "--ecc 4:512:5" "--oobfree 2:30" \
	   "--oobfree 60:8 -a 8" "--oobecc 2:x"; do
	$SRV -n kts-bad $bad >/tmp/bad.out 2>&1
	rc=$?
	check "INIT with $bad is refused (server exit 3)" test $rc -eq 3
	not_listed '"kts-bad"$' || fail "kts-bad must not appear ($bad)"
done
check "rmmod muse" rmmod muse

# --- the read-ahead window (modprobe muse readahead_kb=N): small in-band
# reads come from one READ of N KiB that the server returned clean; every
# change empties it; a window with a soft error is not kept, so each read
# there reports what a direct read reports.  Off for a server that sends
# the ECC keys (it checks, counts and logs ECC per page it serves).
check "modprobe muse readahead_kb=64" modprobe muse readahead_kb=64
check "parameter readahead_kb 64" test "$(cat /sys/module/muse/parameters/readahead_kb)" = 64
reads() { grep -c '^READ ' $LOG; }
start kts-rak --ecc 8:512 --oobfree 2:38 --oobecc 40:24 --soft-read 1:117:3:2
n0=$(reads)
dd if=$DEV of=/dev/null bs=2048 count=64 skip=64 2>/dev/null
check "ra, ECC keys: off: 64 page reads are 64 READs (got $(($(reads) - n0)))" \
	test $(($(reads) - n0)) -eq 64
check "ra, ECC keys: corrected_bits 192" test "$(mtd_attr $DEV corrected_bits)" = 192
stop
wait_gone kts-rak || fail "kts-rak removed"

check "readahead_ecc=1: read ahead with the ECC keys too" \
	sh -c 'echo 1 >/sys/module/muse/parameters/readahead_ecc'
start kts-rae --ecc 8:512 --oobfree 2:38 --oobecc 40:24 --soft-read 1:117:3:2
n0=$(reads)
dd if=$DEV of=/dev/null bs=2048 count=32 2>/dev/null
check "ra, ECC keys, readahead_ecc: 32 clean page reads took 5 READs (got $(($(reads) - n0)))" \
	test $(($(reads) - n0)) -eq 5
n0=$(reads)
dd if=$DEV of=/dev/null bs=2048 count=64 skip=64 2>/dev/null
check "ra, ECC keys, readahead_ecc: block 1 read directly, 66 READs (got $(($(reads) - n0)))" \
	test $(($(reads) - n0)) -eq 66
check "ra, ECC keys, readahead_ecc: corrected_bits 192, exactly as direct reads" \
	test "$(mtd_attr $DEV corrected_bits)" = 192
stop
wait_gone kts-rae || fail "kts-rae removed"
echo 0 >/sys/module/muse/parameters/readahead_ecc

start kts-ra --soft-read 1:117 --soft-read 2:74
expect "ra: write page 0" 'rc=0 errno=OK' $CLI $DEV write place 0 fill:2048:0x11 -
n0=$(reads)
dd if=$DEV of=/tmp/ra0 bs=2048 count=32 2>/dev/null
# the window starts at two pages and doubles while the reads go forward,
# up to the 64 KiB boundary: 2, 4, 8, 16 pages, then the 2 left
check "ra: 32 page reads of block 0 took 5 READs (got $(($(reads) - n0)))" \
	test $(($(reads) - n0)) -eq 5
for w in 0:4096 4096:8192 12288:16384 28672:32768 61440:4096; do
	check "ra: window at ${w%:*}, ${w#*:} bytes" \
		grep -q "^READ .* addr=${w%:*} len=${w#*:} " $LOG
done
# only BYTE (octal) in page PAGE of FILE
only() { test "$(dd if="$1" bs=2048 skip="$2" count=1 2>/dev/null | tr -d "\\$3" | wc -c)" = 0; }
check "ra: page 0 as written (0x11)" only /tmp/ra0 0 021
dd if=$DEV of=/tmp/ra-direct bs=131072 count=1 2>/dev/null
check "ra: the 32 pages equal one direct 128 KiB read (not through the window)" \
	sh -c "head -c 65536 /tmp/ra-direct | cmp -s - /tmp/ra0"
expect "ra: write page 1 (the window is emptied)" 'rc=0 errno=OK' $CLI $DEV write place 0x800 fill:2048:0x22 -
check "ra: page 1 reads what was written (0x22)" only $DEV 1 042
check "ra: flash_erase block 0 (the window is emptied)" flash_erase -q "$DEV" 0 1
check "ra: page 0 erased after the erase" only $DEV 0 377
n0=$(reads)
dd if=$DEV of=/dev/null bs=2048 skip=64 count=64 2>/dev/null
check "ra: block 1 (-EUCLEAN): 64 direct READs + one window attempt per 64 KiB (got $(($(reads) - n0)))" \
	test $(($(reads) - n0)) -eq 66
expect "ra: a page there still reads -EUCLEAN" 'errno=Structure needs cleaning len=2048' \
	$CLI $DEV read place 0x20800 2048 0
expect "ra: block 2: -EBADMSG" 'errno=Bad message len=2048' \
	$CLI $DEV read place 0x40000 2048 0
stop
wait_gone kts-ra || fail "kts-ra removed"
check "rmmod muse (read-ahead)" rmmod muse
e2e_exit
