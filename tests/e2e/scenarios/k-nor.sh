# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-inputs: jffs2-nor
#
# (k) A NOR-style JFFS2 image (made by the kernel on mtdram: clean-markers
# in band, no OOB) served with --type=nor: the MTD has the NOR geometry,
# reads back byte for byte, JFFS2 mounts with the recorded checksums, and
# with --overlay JFFS2 writes (NOR path: no write buffer) survive a remount.
. /e2e/lib.sh
need_muse
modprobe jffs2
mkdir -p /mnt/j
GEOM="--type=nor --page-size=2048 --oob-size=0 --pages-per-block=32"

if muse_start --name=nor $GEOM /in/jffs2-nor.bin; then
	pass "muse-mount --type=nor serves the image"
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	check "/proc/mtd: 2 MiB, 64 KiB blocks" grep -q "^${mtd#/dev/}: 00200000 00010000 \"nor\"" /proc/mtd
	check "type nor" [ "$(mtd_attr $mtd type)" = nor ]
	check "writesize 1" [ "$(mtd_attr $mtd writesize)" = 1 ]
	check "oobsize 0" [ "$(mtd_attr $mtd oobsize)" = 0 ]
	dd if=$mtd of=/tmp/re.bin bs=65536 2>/dev/null
	check "reads back byte for byte" cmp /tmp/re.bin /in/jffs2-nor.bin
	rm -f /tmp/re.bin
	if mount -t jffs2 -o ro "mtd${mtd#/dev/mtd}" /mnt/j; then
		pass "mount -t jffs2"
		same_tree /mnt/j jffs2-nor "JFFS2 content equals the recorded checksums and tree"
		umount /mnt/j
	else
		fail "mount -t jffs2"
		dmesg | tail -n 20
	fi
	check "server stops" muse_stop
else
	fail "muse-mount --type=nor serves the image"
fi

if muse_start --name=nor-ovl $GEOM --overlay=/tmp/nor.ovl /in/jffs2-nor.bin; then
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	if mount -t jffs2 "mtd${mtd#/dev/mtd}" /mnt/j; then
		pass "mount -t jffs2 read-write on --overlay"
		echo "written on NOR through MUSE" >/mnt/j/nor.txt
		dd if=/in/jffs2-nor.bin of=/mnt/j/chunk.bin bs=4096 count=40 2>/dev/null
		rm /mnt/j/data/big.bin
		sync
		tree_sums /mnt/j >/tmp/after.sha256
		check "the writes took effect" grep -q ' ./nor.txt$' /tmp/after.sha256
		umount /mnt/j
		sleep 1
		if mount -t jffs2 -o ro "mtd${mtd#/dev/mtd}" /mnt/j; then
			tree_sums /mnt/j >/tmp/re.sha256
			check "written data survives a remount" cmp /tmp/after.sha256 /tmp/re.sha256
			umount /mnt/j
		else
			fail "remount"
		fi
	else
		fail "mount -t jffs2 read-write on --overlay"
		dmesg | tail -n 20
	fi
	check "server stops (overlay)" muse_stop
else
	fail "muse-mount --type=nor --overlay serves the image"
fi
check "input is intact" sha256sum -c /in/jffs2-nor.bin.sha256
check "rmmod muse" rmmod muse
e2e_exit
