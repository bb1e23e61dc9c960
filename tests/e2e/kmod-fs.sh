#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Guest scenario for kmod/muse.ko: real MTD users on a MUSE NAND served by
# the independent test server: JFFS2 (cleanmarkers in OOB, auto mode) and
# UBI + UBIFS (sub-pages, background work), write, unmount, remount, read.
# Input: /in/kmod-testsrv (make -C kmod testsrv; guest.sh -i build/kmod-testsrv)

. /e2e/lib.sh
. /e2e/kmod-lib.sh

modprobe muse || fail "modprobe muse"
mkdir -p /mnt/fs /tmp/src
dd if=/dev/urandom of=/tmp/src/a.bin bs=1024 count=300 2>/dev/null
seq 1 20000 >/tmp/src/b.txt

# --- JFFS2 on NAND ------------------------------------------------------------
$SRV -n kts-jffs2 -s 8388608 -w 2048 -e 131072 -o 64 -a 38 -S 2 --bad 5 \
	--log $LOG >/tmp/srv.out 2>&1 &
SRVPID=$!
wait_mtd kts-jffs2 || fail "kts-jffs2 appears"
DEV=$(mtd_by_name kts-jffs2)
NUM=${DEV#/dev/mtd}
check "flash_erase -j (JFFS2 cleanmarkers in OOB)" flash_erase -q -j $DEV 0 0
check "cleanmarkers written in auto OOB mode" grep -q 'WRITE .* flags=2 ' $LOG
check "mount jffs2" mount -t jffs2 mtd$NUM /mnt/fs
check "copy files" cp /tmp/src/a.bin /tmp/src/b.txt /mnt/fs/
check "umount jffs2" umount /mnt/fs
check "mount jffs2 again" mount -t jffs2 mtd$NUM /mnt/fs
check "JFFS2 file a survives remount" cmp /tmp/src/a.bin /mnt/fs/a.bin
check "JFFS2 file b survives remount" cmp /tmp/src/b.txt /mnt/fs/b.txt
check "delete and rewrite" sh -c 'rm /mnt/fs/a.bin && cp /tmp/src/b.txt /mnt/fs/c.txt && sync'
check "umount jffs2 (2)" umount /mnt/fs
kill $SRVPID
wait $SRVPID 2>/dev/null
check "kts-jffs2 removed" wait_gone kts-jffs2

# --- UBI + UBIFS -------------------------------------------------------------
modprobe ubi || fail "modprobe ubi"
modprobe ubifs || fail "modprobe ubifs"
$SRV -n kts-ubi -s 16777216 -w 2048 -e 131072 -o 64 -a 38 -S 2 --bad 7 \
	--log $LOG >/tmp/srv.out 2>&1 &
SRVPID=$!
wait_mtd kts-ubi || fail "kts-ubi appears"
DEV=$(mtd_by_name kts-ubi)
NUM=${DEV#/dev/mtd}
check "ubiformat" ubiformat -q -y $DEV
check "ubiattach" ubiattach -m $NUM -d 7
check "ubi7 appears" wait_for /dev/ubi7 30
check "ubimkvol" ubimkvol /dev/ubi7 -N data -m
check "mount ubifs" mount -t ubifs ubi7:data /mnt/fs
check "copy files to UBIFS" cp /tmp/src/a.bin /tmp/src/b.txt /mnt/fs/
check "umount ubifs" umount /mnt/fs
check "ubidetach" ubidetach -d 7
check "ubiattach again" ubiattach -m $NUM -d 7
wait_for /dev/ubi7_0 30
check "mount ubifs again" mount -t ubifs ubi7:data /mnt/fs
check "UBIFS file a survives" cmp /tmp/src/a.bin /mnt/fs/a.bin
check "UBIFS file b survives" cmp /tmp/src/b.txt /mnt/fs/b.txt
check "UBI used sub-page writes (512 bytes)" grep -q 'WRITE .* len=512 flags=1 ' $LOG

# the server dies under a mounted UBIFS: errors, no hang, clean teardown
kill -9 $SRVPID
wait $SRVPID 2>/dev/null
sleep 1
echo 3 >/proc/sys/vm/drop_caches
timeout 20 cat /mnt/fs/a.bin >/dev/null 2>/tmp/cat.err
rc=$?
check "read after kill -9 fails, does not hang (status $rc)" \
	test $rc -ne 0 -a $rc -ne 124 -a $rc -ne 143
info "read error: $(head -n1 /tmp/cat.err)"
timeout 20 sh -c 'echo x >/mnt/fs/new.txt && sync' 2>/dev/null
rc=$?
check "write after kill -9 does not hang (status $rc)" test $rc -ne 124 -a $rc -ne 143
check "MTD still listed while UBI holds it" grep -q '"kts-ubi"' /proc/mtd
check "umount after kill -9" timeout 20 umount /mnt/fs
check "ubidetach after kill -9" timeout 20 ubidetach -d 7
check "kts-ubi removed" wait_gone kts-ubi
check "rmmod muse" rmmod muse
e2e_exit
