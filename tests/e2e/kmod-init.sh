#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Guest scenario for kmod/muse.ko: MUSE_INIT accept/reject cases (protocol
# §5.2-§5.4), the key/value blob parser, CAP_SYS_ADMIN.
# Input: /in/kmod-testsrv (make -C kmod testsrv; guest.sh -i build/kmod-testsrv)

. /e2e/lib.sh
. /e2e/kmod-lib.sh

# reject NAME ARGS...: the server's read after INIT must get ENODEV (exit 3)
# and no MTD called NAME may appear.
reject() {
	local name=$1 rc
	shift
	timeout 20 $SRV --log /tmp/init.log "$@" >/tmp/rej.out 2>&1
	rc=$?
	if [ $rc -eq 3 ] && grep -q ENODEV /tmp/rej.out &&
	   ! grep -q "\"$name\"\$" /proc/mtd; then
		pass "INIT rejected: $name"
	else
		fail "INIT rejected: $name (rc=$rc)"
		cat /tmp/rej.out
	fi
}

# accept NAME ARGS...: MTD NAME appears, and goes when the server exits.
# Leaves the device in $ACC_DEV and the server's pid in $ACC_PID while the
# hook "$ACC_HOOK" (if set) runs.
accept() {
	local name=$1
	shift
	$SRV --log /tmp/init.log "$@" >/tmp/acc.out 2>&1 &
	ACC_PID=$!
	if wait_mtd "$name" 100; then
		pass "INIT accepted: $name"
		ACC_DEV=$(mtd_by_name "$name")
		[ -n "$ACC_HOOK" ] && $ACC_HOOK
	else
		fail "INIT accepted: $name"
		cat /tmp/acc.out
	fi
	kill $ACC_PID 2>/dev/null
	wait $ACC_PID 2>/dev/null
	wait_gone "$name" 100 || fail "MTD $name removed after the server exits"
	ACC_HOOK=
}

GEOM='TYPE=4\0FLAGS=1024\0SIZE=4194304\0WRITESIZE=2048\0ERASESIZE=131072\0'

modprobe muse || fail "modprobe muse"
wait_for /dev/muse || fail "/dev/muse appears"

# --- privileges -------------------------------------------------------------
# let DAC pass so that the module's own CAP_SYS_ADMIN check is what refuses
chmod 666 /dev/muse
$SRV --as-nobody >/tmp/nobody.out 2>&1
rc=$?
chmod 600 /dev/muse
check "open without CAP_SYS_ADMIN gives EPERM" test $rc -eq 13
[ $rc -eq 13 ] || cat /tmp/nobody.out

# --- version ------------------------------------------------------------------
accept minor34 -n minor34 --minor 34
accept minor33 -n minor33 --minor 33
reject minor32 -n minor32 --minor 32
reject major8 -n major8 --major 8
reject major6 -n major6 --major 6
reject init-error -n init-error --init-error 5
reject init-short-payload -n init-short-payload --init-payload 8
check "short INIT payload: write gets EINVAL" grep -q 'bytes=24 result=EINVAL' /tmp/init.log

# --- required keys and validation order (§5.4) --------------------------------
reject no-name --blob "$GEOM"
reject no-type --blob 'NAME=no-type\0FLAGS=1024\0SIZE=4194304\0WRITESIZE=2048\0ERASESIZE=131072\0'
reject type7 -n type7 -T 7
reject type5 -n type5 -T 5
reject type0 -n type0 -T 0
reject size0 -n size0 -s 0
reject no-writesize --blob 'NAME=no-writesize\0TYPE=4\0SIZE=4194304\0ERASESIZE=131072\0'
reject no-erasesize --blob 'NAME=no-erasesize\0TYPE=4\0SIZE=4194304\0WRITESIZE=2048\0'
reject size-not-block-multiple -n size-not-block-multiple -s 4196352
reject size-not-page-multiple -n size-not-page-multiple -T 3 -w 4096 -e 6144 -o 0 -a 0 -s 6144
reject oobavail-gt-oobsize -n oobavail-gt-oobsize -o 16 -a 20
reject oobsize-eq-writesize -n oobsize-eq-writesize -w 64 -e 4096 -s 65536 -o 64 -a 0
reject flags-muse -n flags-muse -F 32768
reject flags-powerup-lock -n flags-powerup-lock -F 9216
reject subpage3 -n subpage3 -S 3
accept subpage2 -n subpage2 -S 2
reject wbs-gt-max-write -n wbs-gt-max-write -W 8192 --max-write 4096 --max-read 8192
reject wbs-gt-max-read -n wbs-gt-max-read -W 8192 --max-write 8192 --max-read 4096
reject wbs-gt-4096-with-zero -n wbs-gt-4096-with-zero -W 8192 --max-write 0 --max-read 0
accept wbs-4096-with-zero -n wbs-4096-with-zero -W 4096 --max-write 0 --max-read 0

# smallest thing the kernel accepts: a read-only ROM
rom_hook() {
	check "ROM: flags are MTD_MUSE only" test "$(cat /sys/class/mtd/$(basename $ACC_DEV)/flags)" = 0x8000
	check "ROM: type rom" test "$(cat /sys/class/mtd/$(basename $ACC_DEV)/type)" = rom
	check "ROM: reads work" dd if=$ACC_DEV of=/dev/null bs=4096 count=1
	echo x >/tmp/x
	! dd if=/tmp/x of=$ACC_DEV bs=1 count=1 2>/dev/null
	check "ROM: writes refused" test $? -eq 0
}
ACC_HOOK=rom_hook
accept x-rom --max-read 0 --max-write 0 -s 4096 -w 1 -e 4096 -o 0 -a 0 \
	--blob 'NAME=x-rom\0TYPE=2\0SIZE=4096\0WRITESIZE=1\0ERASESIZE=4096\0'

# --- numbers: decimal only ---------------------------------------------------
reject hex-size --blob 'NAME=hex-size\0TYPE=4\0SIZE=0x400000\0WRITESIZE=2048\0ERASESIZE=131072\0'
reject neg-size --blob 'NAME=neg-size\0TYPE=4\0SIZE=-4194304\0WRITESIZE=2048\0ERASESIZE=131072\0'
reject suffix-size --blob 'NAME=suffix-size\0TYPE=4\0SIZE=4M\0WRITESIZE=2048\0ERASESIZE=131072\0'
reject empty-size --blob 'NAME=empty-size\0TYPE=4\0SIZE=\0WRITESIZE=2048\0ERASESIZE=131072\0'
reject overflow-writesize --blob 'NAME=overflow-ws\0TYPE=4\0SIZE=4194304\0WRITESIZE=4294969344\0ERASESIZE=131072\0'
accept plus-size --blob 'NAME=plus-size\0TYPE=4\0SIZE=+4194304\0WRITESIZE=2048\0ERASESIZE=131072\0'
accept newline-size --blob 'NAME=newline-size\0TYPE=4\0SIZE=4194304\n\0WRITESIZE=2048\0ERASESIZE=131072\0'

# --- blob syntax (§5.3) ------------------------------------------------------
dmesg -c >/dev/null
reject unterminated --blob 'NAME=unterminated\0TYPE=4\0SIZE=4194304\0WRITESIZE=2048\0ERASESIZE=131072'
check "dmesg: info not properly terminated" sh -c 'dmesg | grep -q "MUSE: info not properly terminated"'
reject empty-key --blob '=x\0NAME=empty-key\0TYPE=4\0SIZE=4194304\0WRITESIZE=2048\0ERASESIZE=131072\0'
check "dmesg: zero length info key" sh -c 'dmesg | grep -q "MUSE: zero length info key specified"'
reject tab-separated --blob 'NAME=tab-separated\tTYPE=4\tSIZE=4194304\tWRITESIZE=2048\tERASESIZE=131072\0'
accept unknown-key --blob "NAME=unknown-key\\0FOO=bar\\0$GEOM"
check "dmesg: unknown key warned about" sh -c 'dmesg | grep -q "MUSE: Ignoring unknown MTD param \"FOO\""'
accept dup-b --blob "NAME=dup-a\\0$GEOM\\0NAME=dup-b\\0"
check "repeated key: last one wins" sh -c '! grep -q "\"dup-a\"" /proc/mtd'
accept spacey --blob " NAME = spacey \\0 TYPE = 4 \\0FLAGS=1024\\0SIZE=4194304\\0WRITESIZE=2048\\0ERASESIZE=131072\\0"
accept nuls --blob "\\0\\0NAME=nuls\\0\\0\\0$GEOM\\0\\0\\0\\0"
accept "" --blob "NAME=\\0$GEOM"

# --- blob size: 4096 bytes at most ---------------------------------------------
accept pad4096 -n pad4096 --blob-pad 4096
reject pad4097 -n pad4097 --blob-pad 4097
check "oversized INIT blob: write gets EINVAL" grep -q 'bytes=4129 result=EINVAL' /tmp/init.log

check "no MUSE MTD left over" sh -c '! grep -q "kts\|minor\|pad" /proc/mtd'
check "rmmod muse" rmmod muse
e2e_exit
