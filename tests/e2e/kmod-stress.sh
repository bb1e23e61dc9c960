#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-cost: 21
#
# Guest scenario for kmod/muse.ko: several server processes on one
# /dev/muse fd with many parallel MTD users, and a fuzzing server that
# answers most requests with random (mostly malformed) replies first.  No
# operation may hang, the kernel must not warn (checked by guest.sh), and
# the module must unload at the end.
# Input: /in/kmod-testsrv (make -C kmod testsrv; guest.sh -i build/kmod-testsrv)

. /e2e/lib.sh
. /e2e/kmod-lib.sh

modprobe muse || fail "modprobe muse"

# --- four server processes, sixteen readers ----------------------------------
: >$LOG
$SRV -n kts-workers --workers 4 --max-read 65536 --log $LOG >/tmp/srv.out 2>&1 &
SRVPID=$!
wait_mtd kts-workers || fail "kts-workers appears"
DEV=$(mtd_by_name kts-workers)
bad=0
for round in 1 2 3; do
	pids=
	for b in 0 3 5 7 9 11 13 15 17 19 21 23 25 27 29 31; do
		dd if=$DEV of=/tmp/w$b.bin bs=131072 skip=$b count=1 2>/dev/null &
		pids="$pids $!"
	done
	for p in $pids; do
		wait $p || bad=$((bad + 1))
	done
	for b in 0 3 5 7 9 11 13 15 17 19 21 23 25 27 29 31; do
		got=$(od -An -tx1 -j 65536 -N8 /tmp/w$b.bin | tr -d ' ')
		[ "$got" = "$(le64 $((b * 131072 + 65536)))" ] || bad=$((bad + 1))
	done
done
check "16 parallel readers x 3 rounds, 4 server processes: all data right" test $bad -eq 0
n=$(sed -n 's/^READ .* by=\([0-9]*\)$/\1/p' $LOG | sort -u | wc -l)
info "READs served by $n processes"
check "requests were served by several processes" test "$n" -ge 2
kill $SRVPID
wait $SRVPID 2>/dev/null
check "kts-workers removed once all server processes are gone" wait_gone kts-workers 100

# --- fuzzing server -------------------------------------------------------------
: >$LOG
$SRV -n kts-fuzz --fuzz 7:60 --log $LOG >/tmp/srv.out 2>&1 &
SRVPID=$!
wait_mtd kts-fuzz || fail "kts-fuzz appears"
DEV=$(mtd_by_name kts-fuzz)
i=0
hung=0
while [ $i -lt 300 ]; do
	off=$(( (i * 2048 * 7) % 4194304 ))
	blk=$(( (i % 32) * 131072 ))
	case $((i % 6)) in
	0) timeout 10 $CLI $DEV read place $off 4096 0 ;;
	1) timeout 10 dd if=$DEV of=/dev/null bs=4096 count=2 skip=$((i % 1000)) ;;
	2) timeout 10 $CLI $DEV isbad $blk ;;
	3) timeout 10 $CLI $DEV write place $off fill:2048:0x5a - ;;
	4) timeout 10 flash_erase -q $DEV $blk 1 ;;
	5) timeout 10 $CLI $DEV readoob $off 64 ;;
	esac >/dev/null 2>&1
	rc=$?
	[ $rc -eq 124 ] || [ $rc -eq 143 ] && hung=$((hung + 1))
	i=$((i + 1))
done
check "fuzz: 300 operations, none hung" test $hung -eq 0
check "fuzz: the server is still alive" kill -0 $SRVPID
n=$(grep -c 'result=EINVAL' $LOG)
info "fuzz: $n replies refused with EINVAL, $(grep -c 'result=ENOENT' $LOG) with ENOENT"
check "fuzz: malformed replies were refused" test "$n" -gt 20
kill $SRVPID
wait $SRVPID 2>/dev/null
check "kts-fuzz removed" wait_gone kts-fuzz
check "rmmod muse" rmmod muse
e2e_exit
