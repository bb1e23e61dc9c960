# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-inputs: jffs2-bch8
# e2e-kernels: 6.1
#
# (i) Containers and transforms under the kernel: the JFFS2 dump, byte-swapped
# as an x16 chip stores it and gzip-compressed, is served with --swap16
# straight from the .gz (seek index, no unpacking); the kernel's JFFS2
# mounts it and every file has the checksum recorded when it was written.
. /e2e/lib.sh
need_muse

dd if=/in/jffs2-bch8.oob.bin of=/tmp/x16.bin conv=swab 2>/dev/null
gzip -c /tmp/x16.bin >/tmp/x16.bin.gz
rm -f /tmp/x16.bin
check "the input is gzip'd and byte-swapped" [ -s /tmp/x16.bin.gz ]
export MM_CACHE_DIR=/tmp
if ! muse_start --name=fix-gz16 --swap16 /tmp/x16.bin.gz; then
	fail "muse-mount serves x16.bin.gz --swap16"
	e2e_exit
fi
pass "muse-mount serves x16.bin.gz --swap16"
mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
check "/proc/mtd: 2 MiB, 128 KiB blocks, name" \
	grep -q "^${mtd#/dev/}: 00200000 00020000 \"fix-gz16\"" /proc/mtd
check "writesize 2048" [ "$(mtd_attr $mtd writesize)" = 2048 ]
check "oobsize 64" [ "$(mtd_attr $mtd oobsize)" = 64 ]

modprobe jffs2
mkdir -p /mnt/j
if mount -t jffs2 -o ro "mtd${mtd#/dev/mtd}" /mnt/j; then
	pass "mount -t jffs2"
	same_tree /mnt/j jffs2-bch8 "JFFS2 content equals the recorded checksums and tree"
	check "umount" umount /mnt/j
else
	fail "mount -t jffs2"
	dmesg | tail -n 20
fi
check "server stops, MTD goes away" muse_stop
check "rmmod muse" rmmod muse
e2e_exit
