#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Guest scenario for kmod/muse.ko: OOB modes and flags (§6.2, §6.3), bad
# blocks (§8), soft errors and return-code priority (§6.4), chunking,
# partitions from PARTSCMDLINE, SYNC, NOR without bad-block ops.
# Input: /in/kmod-testsrv (make -C kmod testsrv; guest.sh -i build/kmod-testsrv)

. /e2e/lib.sh
. /e2e/kmod-lib.sh

modprobe muse || fail "modprobe muse"

# --- NAND: OOB modes, bad blocks --------------------------------------------
start kts-nand -s 4194304 -w 2048 -e 131072 -o 64 -a 38 --bad 3
info "NAND at $DEV"

expect "isbad on a factory-bad block" 'rc=1 ' $CLI $DEV isbad 0x60000
expect "isbad on a good block" 'rc=0 ' $CLI $DEV isbad 0x40000
check "ISBAD request carries the absolute address" logged 'ISBAD .* addr=393216'
expect "markbad" 'rc=0 ' $CLI $DEV markbad 0x80000
check "MARKBAD request logged" logged 'MARKBAD .* addr=524288'
expect "isbad after markbad" 'rc=1 ' $CLI $DEV isbad 0x80000
# ISBAD answers are kept as the NAND core's BBT keeps them (isbad_cache=1,
# the default): registration asked each block once, a MARKBAD that
# succeeded is kept, an ERASE forgets the blocks it erased.
check "isbad_cache is on by default" test "$(cat /sys/module/muse/parameters/isbad_cache)" = Y
isbads() { grep -c 'ISBAD unique' $LOG; }
n0=$(isbads)
expect "isbad on a good block, again" 'rc=0 ' $CLI $DEV isbad 0x40000
expect "isbad on a factory-bad block, again" 'rc=1 ' $CLI $DEV isbad 0x60000
expect "isbad after markbad, again" 'rc=1 ' $CLI $DEV isbad 0x80000
check "answered without ISBAD requests (got $(($(isbads) - n0)))" test $(($(isbads) - n0)) -eq 0
flash_erase $DEV 0 0 >/tmp/fe.out 2>&1
check "flash_erase skips the bad blocks" grep -q 'Skipping bad block at 0*60000' /tmp/fe.out
check "no ERASE sent for a bad block" sh -c "! grep -q 'ERASE .* addr=393216 ' $LOG"
n0=$(isbads)
expect "isbad on an erased block" 'rc=0 ' $CLI $DEV isbad 0x40000
check "an erased block is asked again: one ISBAD (got $(($(isbads) - n0)))" test $(($(isbads) - n0)) -eq 1
check "... for its address" logged 'ISBAD .* addr=262144'
expect "isbad on it again" 'rc=0 ' $CLI $DEV isbad 0x40000
check "... from the answer kept (got $(($(isbads) - n0)))" test $(($(isbads) - n0)) -eq 1

# OOB, place mode (mtdchar MEMREADOOB): page address + column, flags 4
expect "readoob place" 'rc=0 .*len=64 oob=ffff' $CLI $DEV readoob 0x0 64
check "OOB place read: flags 4, addr = page" logged 'READ .* addr=0 len=64 flags=4 '
expect "readoob with column 5" 'rc=0 ' $CLI $DEV readoob 0x5 16
check "OOB address = page + ooboffs" logged 'READ .* addr=5 len=16 flags=4 '
expect "readoob raw" 'rc=0 ' $CLI $DEV readoob 0x800 64 raw
check "OOB raw read: flags 12" logged 'READ .* addr=2048 len=64 flags=12 '

# OOB, auto mode: free bytes start at OOB byte 2 in the test server
expect "write OOB auto" 'rc=0 ' $CLI $DEV write auto 0x1000 - 0102030405
check "OOB auto write: flags 2" logged 'WRITE .* addr=4096 len=5 flags=2 '
expect "read OOB place shows the free bytes at 2" 'oob=ffff0102030405ff$' $CLI $DEV read place 0x1000 0 8
expect "read OOB auto" 'rc=0 .*oob=0102030405$' $CLI $DEV read auto 0x1000 0 5
check "OOB auto read: flags 2" logged 'READ .* addr=4096 len=5 flags=2 '
expect "OOB read over two pages" 'rc=0 .*ooblen=128 ' $CLI $DEV read place 0x1000 0 128
check "multi-page OOB is one request" logged 'READ .* addr=4096 len=128 flags=4 '
expect "OOB write place at page 3" 'rc=0 ' $CLI $DEV write place 0x1800 - a1a2
expect "OOB write raw" 'rc=0 ' $CLI $DEV write raw 0x1800 - b1b2b3
check "OOB raw write: flags 12" logged 'WRITE .* addr=6144 len=3 flags=12 '

# in-band + OOB together is refused (-ENOTSUPP = 524), nothing is sent
n0=$(grep -c 'READ\|WRITE' $LOG)
expect "data+OOB read refused" 'errno=Unknown error 524' $CLI $DEV read place 0x0 2048 64
expect "data+OOB write refused" 'errno=Unknown error 524' $CLI $DEV write place 0x0 fill:2048:0 fill:64:0
check "no request for data+OOB" test "$(grep -c 'READ\|WRITE' $LOG)" -eq "$n0"

# in-band modes: RAW gives flags 9, place/auto give 1
expect "in-band write auto" 'rc=0 ' $CLI $DEV write auto 0x2000 fill:2048:0x55 -
check "in-band auto write: flags 1" logged 'WRITE .* addr=8192 len=2048 flags=1 '
check "nanddump --noecc" nanddump -q --noecc -l 2048 -f /tmp/raw.bin $DEV
check "in-band raw read: flags 9" logged 'READ .* addr=0 len=2048 flags=9 '
dd if=/dev/urandom of=/tmp/p.bin bs=2048 count=1 2>/dev/null
check "nandwrite --noecc" nandwrite -q -n -s 0x4000 $DEV /tmp/p.bin
check "in-band raw write: flags 9" logged 'WRITE .* addr=16384 len=2048 flags=9 '
check "nanddump --oob of block 0" nanddump -q --oob -l 0x20000 -f /tmp/oob.bin $DEV
check "nanddump --oob size = 64 x (2048+64)" test "$(stat -c %s /tmp/oob.bin)" -eq 135168

# SYNC: closing a writable mtdchar fd
: >$LOG
expect "open/close read-write" 'rc=0' $CLI $DEV opensync
check "SYNC sent on close" logged 'SYNC unique='
stop
wait_gone kts-nand || fail "kts-nand removed"

# --- soft errors ---------------------------------------------------------------
start kts-soft --max-read 131072 --soft-read 1:117 --soft-read 2:74
expect "EUCLEAN delivered with the data" 'errno=Structure needs cleaning len=131072 .*data=0000020000000000' \
	$CLI $DEV read place 0x20000 131072 0
expect "EBADMSG delivered with the data" 'errno=Bad message len=131072 .*data=0000040000000000' \
	$CLI $DEV read place 0x40000 131072 0
expect "EBADMSG beats EUCLEAN over two chunks" 'errno=Bad message len=262144' \
	$CLI $DEV read place 0x20000 262144 0
expect "EUCLEAN after a clean chunk" 'errno=Structure needs cleaning len=262144' \
	$CLI $DEV read place 0x0 262144 0
check "reads chunked by max_read (128 KiB)" logged 'READ .* addr=262144 len=131072 flags=1 '
check "mtdchar read over a bit-flip block succeeds" dd if=$DEV of=/dev/null bs=131072 skip=1 count=1
stop
wait_gone kts-soft || fail "kts-soft removed"

# return-code priority inside one MTD operation: 2 chunks per eraseblock
start kts-prio --max-read 65536 --fault read:1:soft=74 --fault read:2:soft=117 \
	--fault read:3:soft=117 --fault read:4:soft=74 --fault read:5:soft=117 \
	--fault read:7:soft=74 --fault read:8:err=5
expect "one op: EBADMSG then EUCLEAN gives EBADMSG" 'errno=Bad message len=131072' \
	$CLI $DEV read place 0x0 131072 0
expect "one op: EUCLEAN then EBADMSG gives EBADMSG" 'errno=Bad message len=131072' \
	$CLI $DEV read place 0x0 131072 0
expect "one op: EUCLEAN then clean gives EUCLEAN" 'errno=Structure needs cleaning len=131072' \
	$CLI $DEV read place 0x0 131072 0
expect "one op: EBADMSG then a hard error gives the hard error" 'errno=Input/output error' \
	$CLI $DEV read place 0x0 131072 0
check "one op was split into 64 KiB chunks" logged 'READ .* addr=65536 len=65536 flags=1 '
stop
wait_gone kts-prio || fail "kts-prio removed"

start kts-fatal --max-read 131072 --fault read:2:soft=5 --fault read:3:err=117 \
	--fault read:4:badlen --fault read:5:shortdata --fault write:1:soft=117 \
	--fault write:2:soft=524 --fault write:3:err=30 --fault read:6:soft=-3
expect "read 1 is fine" 'rc=0 ' $CLI $DEV read place 0x0 2048 0
expect "fatal soft error on a read: EIO, nothing counted" 'errno=Input/output error len=0' \
	$CLI $DEV read place 0x0 262144 0
expect "header error -EUCLEAN on a read is not 'data delivered'" 'errno=Input/output error' \
	$CLI $DEV read place 0x0 2048 0
expect "read reply len mismatch: EIO" 'errno=Input/output error len=0' $CLI $DEV read place 0x0 2048 0
expect "short read data: accepted, tail zeroed" 'rc=0 .*len=2048 ' $CLI $DEV read place 0x20000 2048 0
expect "write soft error EUCLEAN is fatal" 'errno=Structure needs cleaning' $CLI $DEV write place 0x0 fill:2048:0 -
expect "write soft error -524 passes through" 'errno=Unknown error 524' $CLI $DEV write place 0x0 fill:2048:0 -
expect "write header error EROFS passes through" 'errno=Read-only file system' $CLI $DEV write place 0x0 fill:2048:0 -
expect "positive soft error becomes EIO" 'errno=Input/output error' $CLI $DEV read place 0x0 2048 0
stop
wait_gone kts-fatal || fail "kts-fatal removed"

# --- partitions -------------------------------------------------------------------
WAIT_FOR=rest start kts-parts -p '1M(boot),512k@0x200000(cfg)ro,-(rest)' --bad 21
check "partition boot 1 MiB" grep -q '00100000 00020000 "boot"' /proc/mtd
check "partition cfg 512 KiB" grep -q '00080000 00020000 "cfg"' /proc/mtd
check "partition rest 1.5 MiB" grep -q '00180000 00020000 "rest"' /proc/mtd
check "no master device (no CONFIG_MTD_PARTITIONED_MASTER)" sh -c '! grep -q "\"kts-parts\"" /proc/mtd'
BOOT=$(mtd_by_name boot); CFG=$(mtd_by_name cfg); REST=$(mtd_by_name rest)
check "ro partition is read-only" test "$(cat /sys/class/mtd/$(basename $CFG)/flags)" = 0x8000
check "rw partition flags" test "$(cat /sys/class/mtd/$(basename $BOOT)/flags)" = 0x8400
for d in $BOOT $CFG $REST; do
	check "muse_pid on $(basename $d)" test "$(cat /sys/class/mtd/$(basename $d)/muse_pid)" = "$SRVPID"
done
check "bad block counted at registration" test "$(cat /sys/class/mtd/$(basename $REST)/bad_blocks)" = 1
check "registration asked ISBAD" logged 'ISBAD .* addr=2752512'
check "read from cfg" dd if=$CFG of=/dev/null bs=2048 count=1
check "server sees absolute addresses" logged 'READ .* addr=2097152 len=2048 flags=1 '
expect "isbad through a partition" 'rc=1 ' $CLI $REST isbad 0x20000
stop
wait_gone rest || fail "partitions removed"

WAIT_FOR=Partition_001 start kts-unnamed -p '1M,-'
check "unnamed partitions get Partition_NNN" grep -q '00300000 00020000 "Partition_001"' /proc/mtd
stop
wait_gone Partition_001 || fail "unnamed partitions removed"

WAIT_FOR=big start kts-big -p '0x800000(big)'
check "oversized partition truncated" grep -q '00400000 00020000 "big"' /proc/mtd
stop
wait_gone big || fail "big removed"

dmesg -c >/dev/null
for bad in '1M(boot' '1k(tiny)' '-(all),1M(more)' '1M(a)rw' '1M;2M' 'x'; do
	start kts-badparts -p "$bad"
	check "bad PARTSCMDLINE '$bad': registered unpartitioned" grep -q '00400000 00020000 "kts-badparts"' /proc/mtd
	stop
	wait_gone kts-badparts || fail "kts-badparts removed"
done
check "dmesg names the PARTSCMDLINE problem" sh -c 'dmesg | grep -q "no closing ) found in partition name"'

# --- NOR: no bad-block ops, no ISBAD request -----------------------------------
start kts-nor -T 3 -F 3072 -s 1048576 -w 1 -W 64 -e 65536 -o 0 -a 0
expect "NOR isbad answered by the MTD core" 'rc=0 ' $CLI $DEV isbad 0x10000
expect "NOR markbad not supported" 'errno=Operation not supported' $CLI $DEV markbad 0x10000
check "no ISBAD/MARKBAD sent for NOR" sh -c "! grep -q 'ISBAD\|MARKBAD' $LOG"
echo hello >/tmp/h.txt
check "NOR byte write" dd if=/tmp/h.txt of=$DEV bs=6 count=1 conv=notrunc
check "NOR type" test "$(cat /sys/class/mtd/$(basename $DEV)/type)" = nor
stop
wait_gone kts-nor || fail "kts-nor removed"

check "rmmod muse" rmmod muse
e2e_exit
