# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-inputs: jffs2-bch8 ubi-hamming
#
# (f) The server dies (kill -9): an idle MTD disappears; with JFFS2 or UBIFS mounted,
# I/O fails with errors instead of hanging, umount works, the MTD goes away
# once UBI lets go, and muse.ko can be removed.
. /e2e/lib.sh
need_muse

if muse_start --name=idle /in/jffs2-bch8.oob.bin; then
	pass "serve (idle case)"
	kill -9 "$MUSE_PID"
	check "idle MTD disappears after kill -9" mtd_gone
else
	fail "serve (idle case)"
fi

modprobe jffs2
mkdir -p /mnt/j
if muse_start --name=busy-jffs2 /in/jffs2-bch8.oob.bin; then
	pass "serve (JFFS2 mounted)"
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	if mount -t jffs2 -o ro "mtd${mtd#/dev/mtd}" /mnt/j; then
		pass "JFFS2 mounted"
		kill -9 "$MUSE_PID"
		sleep 1
		echo 3 >/proc/sys/vm/drop_caches
		timeout 20 cat /mnt/j/data/big.bin >/dev/null 2>/tmp/cat.err
		rc=$?
		check "JFFS2 read after kill fails (status $rc), does not hang" \
			test $rc -ne 0 -a $rc -ne 124 -a $rc -ne 143
		info "read error: $(head -n1 /tmp/cat.err)"
		check "umount works (JFFS2)" timeout 20 umount /mnt/j
		check "MTD goes away after umount (JFFS2)" mtd_gone
	else
		fail "JFFS2 mounted"
		kill -9 "$MUSE_PID"
	fi
else
	fail "serve (JFFS2 mounted)"
fi

modprobe ubi
modprobe ubifs
mkdir -p /mnt/u
if muse_start --name=busy /in/ubi-hamming.oob.bin; then
	pass "serve (busy case)"
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	if ubiattach -m "${mtd#/dev/mtd}" -d 0 >/dev/null && mount -t ubifs -o ro ubi0:rootfs /mnt/u; then
		pass "UBIFS mounted"
		kill -9 "$MUSE_PID"
		sleep 1
		echo 3 >/proc/sys/vm/drop_caches
		# reading must fail (I/O error), within a time limit, not hang
		timeout 20 cat /mnt/u/data/big.bin >/dev/null 2>/tmp/cat.err
		rc=$?
		check "read after kill fails (status $rc), does not hang" \
			test $rc -ne 0 -a $rc -ne 124 -a $rc -ne 143
		info "read error: $(head -n1 /tmp/cat.err)"
		check "MTD still listed while UBI holds it" grep -q "^${mtd#/dev/}:" /proc/mtd
		check "umount works" timeout 20 umount /mnt/u
		check "ubidetach works" timeout 20 ubidetach -d 0
		check "MTD goes away" mtd_gone
	else
		fail "UBIFS mounted"
		dmesg | tail -n 20
		kill -9 "$MUSE_PID"
	fi
else
	fail "serve (busy case)"
fi
check "rmmod muse" rmmod muse
check "no muse-mount left" [ -z "$(pidof muse-mount)" ]
e2e_exit
