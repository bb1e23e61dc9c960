#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Guest scenario for kmod/muse.ko: transport basics, INIT, the resulting MTD
# (/proc/mtd, sysfs, mtdinfo), read/write/erase through mtd-utils, rmmod.
# Input: /in/kmod-testsrv (make -C kmod testsrv; guest.sh -i build/kmod-testsrv)

. /e2e/lib.sh
. /e2e/kmod-lib.sh

check "modprobe muse" modprobe muse
check "/dev/muse appears" wait_for /dev/muse

# --- transport self-test + a 4 MiB NAND, 2048+64, 38 free OOB bytes -------
$SRV --selftest -n kts-basic -s 4194304 -w 2048 -e 131072 -o 64 -a 38 \
	-S 2 --log $LOG >/tmp/srv.out 2>&1 &
SRVPID=$!
check "MTD kts-basic appears in /proc/mtd" wait_mtd kts-basic
cat /tmp/srv.out
grep -q '^not ok' /tmp/srv.out && fail "transport self-test"
check "transport self-test ran" grep -q '^ok: kmod transport: INIT offers 7.34' /tmp/srv.out
if [ "${KTS_IOV:-}" = 1 ]; then
	check "the server talks readv/writev with several iovecs" grep -q '^IOV ' $LOG
fi
DEV=$(mtd_by_name kts-basic)
info "device $DEV"
check "/proc/mtd size and erasesize" grep -q '00400000 00020000 "kts-basic"' /proc/mtd
check "sysfs type nand" test "$(mtd_attr $DEV type)" = nand
check "sysfs flags = FLAGS|MTD_MUSE (0x8400)" test "$(mtd_attr $DEV flags)" = 0x8400
check "sysfs writesize 2048" test "$(mtd_attr $DEV writesize)" = 2048
check "sysfs oobsize 64" test "$(mtd_attr $DEV oobsize)" = 64
check "sysfs oobavail 38" test "$(mtd_attr $DEV oobavail)" = 38
check "sysfs subpagesize 512" test "$(mtd_attr $DEV subpagesize)" = 512
check "sysfs muse_pid is the server" test "$(mtd_attr $DEV muse_pid)" = "$SRVPID"
mtdinfo "$DEV" >/tmp/mtdinfo.txt 2>&1
cat /tmp/mtdinfo.txt
check "mtdinfo eraseblocks" grep -q 'Amount of eraseblocks: *32 (4194304 bytes' /tmp/mtdinfo.txt
check "mtdinfo min I/O 2048" grep -q 'Minimum input/output unit size: *2048 bytes' /tmp/mtdinfo.txt
check "mtdinfo OOB 64" grep -q 'OOB size: *64 bytes' /tmp/mtdinfo.txt
check "INIT request logged with nodeid 0" grep -q 'INIT len=48 .* nodeid=0 major=7 minor=34' $LOG

# --- reads: pattern from the server (offset stamped every 512 bytes) ------
check "read at 0x20000 through mtdchar" dd if=$DEV of=/tmp/r.bin bs=4096 skip=32 count=1
check "data comes from the server" test "$(od -An -tx8 -N8 /tmp/r.bin | tr -d ' ')" = 0000000000020000
check "READ flags 1 (in-band)" grep -q 'READ .* addr=131072 len=4096 flags=1 ' $LOG

# --- erase, write, read back ----------------------------------------------
check "flash_erase block 1" flash_erase "$DEV" 0x20000 1
check "ERASE logged" grep -q 'ERASE .* addr=131072 len=131072' $LOG
dd if=/dev/urandom of=/tmp/w.bin bs=2048 count=64 2>/dev/null
check "nandwrite -p a block" nandwrite -p -s 0x20000 "$DEV" /tmp/w.bin
check "nanddump the block" nanddump -q -s 0x20000 -l 0x20000 -f /tmp/d.bin "$DEV"
check "written data reads back" cmp /tmp/w.bin /tmp/d.bin
check "WRITE flags 1" grep -q 'WRITE .* addr=131072 len=2048 flags=1 ' $LOG

# one big read: chunked by max_read (1 MiB), not by page
dd if=$DEV of=/tmp/all.bin bs=2097152 count=2 2>/dev/null
check "whole device readable (4 MiB)" test "$(stat -c %s /tmp/all.bin)" = 4194304
check "read split into 1 MiB chunks, not pages" grep -q 'READ .* len=1048576 flags=1 ' $LOG

# --- erase whole chip and check 0xff --------------------------------------
check "flash_erase whole chip" flash_erase -q "$DEV" 0 0
head -c 131072 /dev/zero | tr '\000' '\377' >/tmp/ff.bin
dd if=$DEV of=/tmp/e.bin bs=131072 count=1 2>/dev/null
check "erased block reads 0xff" cmp /tmp/ff.bin /tmp/e.bin

# --- the server goes away: MTD removed, rmmod works ------------------------
kill $SRVPID
wait $SRVPID 2>/dev/null
check "MTD removed after the server exits" wait_gone kts-basic
check "rmmod muse" rmmod muse
check "/dev/muse gone after rmmod" test ! -e /dev/muse
check "modprobe muse again" modprobe muse
check "rmmod again" rmmod muse
e2e_exit
