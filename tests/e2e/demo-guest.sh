# SPDX-License-Identifier: GPL-2.0-or-later
#
# Guest half of demo.sh: serve a real kernel-made NAND dump with muse-mount,
# mount its JFFS2 with the kernel's own driver, show the tree and checksums.
. /e2e/lib.sh
exec >/out/demo.txt 2>&1

say() { echo; echo "### $*"; }

say "Linux $(uname -r) in QEMU; the dump: /in/jffs2-hamming.oob.bin"
ls -l /in/jffs2-hamming.oob.bin
need_muse
say "modprobe muse; muse-mount --mtdparts='1M(boot),-(rootfs)' jffs2-hamming.oob.bin &"
if ! muse_start --mtdparts='1M(boot),-(rootfs)' /in/jffs2-hamming.oob.bin; then
	fail "muse-mount did not create the MTD devices"
	e2e_exit
fi
say "cat /proc/mtd"
cat /proc/mtd
rootfs=$(mtd_by_name rootfs)
say "mtdinfo $rootfs"
mtdinfo "$rootfs"
modprobe jffs2
mkdir -p /mnt/rootfs
say "mount -t jffs2 -o ro mtd:rootfs /mnt/rootfs"
if ! mount -t jffs2 -o ro "mtd${rootfs#/dev/mtd}" /mnt/rootfs; then
	fail "mount failed"
	dmesg | tail -n 20
	e2e_exit
fi
mount | grep /mnt/rootfs
say "ls -lR /mnt/rootfs"
ls -lR /mnt/rootfs
say "sha256sum (compared with tests/fixtures/nandsim/jffs2-hamming.sha256)"
(cd /mnt/rootfs && find . -type f | sort | while read -r f; do sha256sum "$f"; done) | tee /tmp/got.sha256
if cmp -s /tmp/got.sha256 /in/jffs2-hamming.sha256; then
	pass "every file matches what the kernel wrote into nandsim"
else
	fail "checksums differ"
	diff /in/jffs2-hamming.sha256 /tmp/got.sha256
fi
umount /mnt/rootfs
muse_stop
say "server stopped; /proc/mtd:"
cat /proc/mtd
e2e_exit
