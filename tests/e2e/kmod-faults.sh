#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-cost: 30
#
# Guest scenario for kmod/muse.ko: a misbehaving server (invalid replies,
# unknown uniques, no reply, dying mid-request), killable MTD users, kill -9
# of the server with the MTD idle and in use (§10), UBI on top, races of
# close against registration, rmmod.  guest.sh fails the run on any kernel
# Oops/BUG/WARNING, so "no oops" is checked for every step.
# Input: /in/kmod-testsrv (make -C kmod testsrv; guest.sh -i build/kmod-testsrv)

. /e2e/lib.sh
. /e2e/kmod-lib.sh

# isbad_cache=0: the ISBAD faults below must reach the server (with the
# cache, the answers registration got would be given instead)
modprobe muse isbad_cache=0 || fail "modprobe muse isbad_cache=0"

# --- invalid replies: write() gets EINVAL, the MTD operation gets EIO -------
# Registration asks ISBAD once per block (32 blocks of the default 4 MiB
# NAND) to count the bad blocks: the faults are on the ISBADs after that.
start kts-bad --fault read:1:oversize --fault read:2:baderrno \
	--fault read:3:poserr --fault read:4:errpayload --fault read:5:lenmismatch \
	--fault read:6:unknown --fault isbad:33:oversize \
	--fault isbad:34:isbad=2147483648 --fault isbad:35:isbad=7 \
	--fault sync:1:oversize --fault erase:1:err=5 --fault write:1:oversize \
	--fault erase:2:errpayload --fault markbad:1:lenmismatch
for what in "oversized read data" "error -600" "positive error" \
	    "error reply with payload" "header len != write size"; do
	expect "$what: MTD read gets EIO" 'errno=Input/output error' \
		$CLI $DEV read place 0x0 2048 0
done
check "invalid replies were refused with EINVAL" \
	test "$(grep -c 'REPLY .* result=EINVAL' $LOG)" -eq 5
grep 'REPLY' $LOG | head -20
expect "reply to an unknown unique, then the right one" 'rc=0 .*data=0000000000000000' \
	$CLI $DEV read place 0x0 2048 0
check "unknown unique gets ENOENT" logged 'UNKNOWN-UNIQUE result=ENOENT'
expect "oversized ISBAD reply: EIO" 'errno=Input/output error' $CLI $DEV isbad 0
expect "ISBAD result 0x80000000: EIO, not a bogus errno" 'errno=Input/output error' $CLI $DEV isbad 0
expect "ISBAD result 7 passed through" 'rc=7 ' $CLI $DEV isbad 0
expect "oversized SYNC reply is ignored by the MTD user" 'rc=0' $CLI $DEV opensync
check "oversized SYNC reply refused" test "$(grep -c 'REPLY .* result=EINVAL' $LOG)" -eq 7
expect "erase error reported" 'MTD Erase failure' flash_erase -q $DEV 0 1
check "oversized WRITE reply: write fails" sh -c "! $CLI $DEV write place 0 fill:2048:0 - >/dev/null"
expect "erase error reply with payload: erase fails" 'MTD Erase failure' flash_erase -q $DEV 0 1
expect "markbad with a bad reply length fails" 'errno=Input/output error' $CLI $DEV markbad 0
check "server still serves after all that" dd if=$DEV of=/dev/null bs=4096 count=4
check "server survived" kill -0 $SRVPID
stop
wait_gone kts-bad || fail "kts-bad removed"

# --- a request that is never answered: the MTD user stays killable ----------
start kts-hang --fault read:2:noreply --fault read:3:shorthdr --fault read:4:late=3
check "read 1 works" dd if=$DEV of=/dev/null bs=2048 count=1
for kind in "no reply" "8-byte reply"; do
	dd if=$DEV of=/dev/null bs=2048 count=1 2>/dev/null &
	RD=$!
	sleep 1
	check "$kind: reader blocks" kill -0 $RD
	kill -9 $RD
	check "$kind: blocked reader dies on SIGKILL" wait_exit $RD 30
	wait $RD 2>/dev/null
done
check "8-byte reply refused" logged 'bytes=8 result=EINVAL'
# late reply: the reader is killed while the server sleeps, reply -> ENOENT
dd if=$DEV of=/dev/null bs=2048 count=1 2>/dev/null &
RD=$!
sleep 1
kill -9 $RD
check "late: reader dies at once" wait_exit $RD 10
wait $RD 2>/dev/null
sleep 3
check "late reply to a killed reader gets ENOENT" logged 'REPLY .* bytes=2080 result=ENOENT'
check "server still serves" dd if=$DEV of=/dev/null bs=2048 count=1
stop
wait_gone kts-hang || fail "kts-hang removed"

# --- the server dies mid-request ------------------------------------------
start kts-die --fault read:2:die
check "read 1 works" dd if=$DEV of=/dev/null bs=2048 count=1
expect "server dies mid-request: ECONNABORTED" 'errno=Software caused connection abort' \
	$CLI $DEV read place 0x0 2048 0
check "MTD removed after the dying server's last user left" wait_gone kts-die

# --- kill -9 of the server while a reader waits ----------------------------
start kts-k9w --fault read:1:noreply
$CLI $DEV read place 0x0 2048 0 >/tmp/k9w.out 2>&1 &
RD=$!
sleep 1
kill -9 $SRVPID
check "waiting reader returns after kill -9 of the server" wait_exit $RD 50
wait $RD 2>/dev/null
check "waiting reader got ECONNABORTED" grep -q 'Software caused connection abort' /tmp/k9w.out
check "MTD removed" wait_gone kts-k9w

# --- kill -9 of the server, MTD idle ---------------------------------------
start kts-idle
kill -9 $SRVPID
wait $SRVPID 2>/dev/null
check "kill -9, idle MTD: removed at once" wait_gone kts-idle 50

# --- kill -9 of the server, MTD in use -------------------------------------
start kts-busy
exec 3<$DEV
check "rmmod refused while a server runs" sh -c '! rmmod muse 2>/dev/null'
kill -9 $SRVPID
wait $SRVPID 2>/dev/null
sleep 1
check "kill -9, MTD in use: still registered" grep -q '"kts-busy"' /proc/mtd
dd bs=2048 count=1 of=/dev/null <&3 2>/tmp/busy.err
check "orphaned MTD: I/O fails with ENOTCONN" grep -q 'not connected' /tmp/busy.err
check "orphaned MTD: new opens fail" sh -c "! dd if=$DEV of=/dev/null bs=2048 count=1 2>/dev/null"
check "rmmod refused while the orphaned MTD is in use" sh -c '! rmmod muse 2>/dev/null'
exec 3<&-
check "orphaned MTD removed after its last user" wait_gone kts-busy 50

# --- mtdblock on top (its notifier runs during registration) ----------------
modprobe mtdblock || fail "modprobe mtdblock"
start kts-blk
BLK=/dev/mtdblock${DEV#/dev/mtd}
check "mtdblock device appears" wait_for $BLK 30
dd if=$BLK of=/tmp/blk.bin bs=4096 count=64 2>/dev/null
dd if=$DEV of=/tmp/chr.bin bs=4096 count=64 2>/dev/null
check "mtdblock and mtdchar read the same data" cmp /tmp/blk.bin /tmp/chr.bin
exec 4<$BLK
kill -9 $SRVPID
wait $SRVPID 2>/dev/null
sleep 1
check "kill -9 with mtdblock open: MTD still registered" grep -q '"kts-blk"' /proc/mtd
exec 4<&-
check "MTD removed after mtdblock is closed" wait_gone kts-blk 50
rmmod mtdblock 2>/dev/null

# --- UBI on top, then the server dies ----------------------------------------
modprobe ubi || fail "modprobe ubi"
start kts-ubi
MTDNUM=${DEV#/dev/mtd}
check "erase for UBI" flash_erase -q $DEV 0 0
check "ubiattach" ubiattach -m $MTDNUM
check "ubi device present" wait_for /dev/ubi0 30
check "ubimkvol" ubimkvol /dev/ubi0 -N vol -s 512KiB
kill -9 $SRVPID
wait $SRVPID 2>/dev/null
sleep 1
check "UBI keeps the orphaned MTD registered" grep -q '"kts-ubi"' /proc/mtd
check "ubidetach" ubidetach -m $MTDNUM
check "MTD removed after ubidetach" wait_gone kts-ubi 50

# --- close racing registration ------------------------------------------------
i=0
while [ $i -lt 10 ]; do
	$SRV -n kts-race --exit-after-init >/dev/null 2>&1
	$SRV -n kts-race-p -p '1M(race-a),1M(race-b),-(race-c)' --exit-after-init >/dev/null 2>&1
	i=$((i + 1))
done
# teardown is asynchronous (and slow under TCG with mtdblock loaded)
check "close right after INIT: nothing left" wait_gone_re 'kts-race\|race-' 200

# registration blocked on ISBAD, then the server is killed
$SRV -n kts-regwait -p '1M(rw-a),-(rw-b)' --fault isbad:1:noreply --log $LOG >/dev/null 2>&1 &
SRVPID=$!
sleep 1
check "registration waits for ISBAD" sh -c '! grep -q "rw-b" /proc/mtd'
kill -9 $SRVPID
wait $SRVPID 2>/dev/null
check "killed during registration: nothing left" wait_gone_re 'rw-' 200

# a server that never answers INIT
$SRV --hang-init --log $LOG >/dev/null 2>&1 &
SRVPID=$!
sleep 1
kill -9 $SRVPID
wait $SRVPID 2>/dev/null

# a server that exits with its own MTD open (closed before /dev/muse, so
# the MTD's MUSE_SYNC is sent while the server itself is exiting)
$SRV -n kts-self --log $LOG --self-open /dev/mtd0 >/dev/null 2>&1 &
SRVPID=$!
wait_mtd kts-self || fail "kts-self appears"
check "kts-self is mtd0" grep -q '^mtd0: .*"kts-self"' /proc/mtd
kill -USR1 $SRVPID
check "server exiting with its own MTD open does not hang" wait_exit $SRVPID 100
kill -9 $SRVPID 2>/dev/null
wait $SRVPID 2>/dev/null
check "kts-self removed" wait_gone kts-self 100

# --- concurrency: several readers, one single-threaded server ----------------
start kts-par
pids=
for b in 1 2 3 4 5 6; do
	dd if=$DEV of=/tmp/par$b.bin bs=131072 skip=$b count=1 2>/dev/null &
	pids="$pids $!"
done
wait_all_ok=1
for p in $pids; do
	wait $p || wait_all_ok=0
done
for b in 1 2 3 4 5 6; do
	exp=$(le64 $((b * 131072)))
	got=$(od -An -tx1 -N8 /tmp/par$b.bin | tr -d ' ')
	[ "$got" = "$exp" ] || wait_all_ok=0
done
check "parallel readers get their own data" test $wait_all_ok -eq 1
stop
wait_gone kts-par || fail "kts-par removed"

# --- every connection freed: the module unloads ------------------------------
check "rmmod muse after all of the above" rmmod muse
e2e_exit
