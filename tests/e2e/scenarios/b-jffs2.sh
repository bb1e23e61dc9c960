# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-inputs: jffs2-bch8
#
# (b) muse-mount serves a real JFFS2 NAND dump: the MTD appears in /proc/mtd
# with the dump's geometry, the kernel's JFFS2 mounts it and every file has
# the checksum recorded when the kernel wrote it. The server, started as
# root, serves as nobody under its seccomp filter (docs/security.md).
. /e2e/lib.sh
need_muse

check "input is intact before" sha256sum -c /in/jffs2-bch8.oob.bin.sha256
if ! muse_start --name=fix-jffs2 /in/jffs2-bch8.oob.bin; then
	fail "muse-mount serves jffs2-bch8.oob.bin"
	e2e_exit
fi
pass "muse-mount serves jffs2-bch8.oob.bin"
# started as root, the request loop runs as nobody under seccomp
check "server sandboxed: uid 65534, NoNewPrivs 1, Seccomp 2" sh -c "
	grep -Eq '^Uid:[[:space:]]+65534[[:space:]]+65534[[:space:]]+65534' /proc/$MUSE_PID/status &&
	grep -Eq '^NoNewPrivs:[[:space:]]+1' /proc/$MUSE_PID/status &&
	grep -Eq '^Seccomp:[[:space:]]+2' /proc/$MUSE_PID/status"
mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
check "one MTD device" [ "$(echo $MUSE_MTDS | wc -w)" -eq 1 ]
check "/proc/mtd: 2 MiB, 128 KiB blocks, name" \
	grep -q "^${mtd#/dev/}: 00200000 00020000 \"fix-jffs2\"" /proc/mtd
check "type nand" [ "$(mtd_attr $mtd type)" = nand ]
check "writesize 2048" [ "$(mtd_attr $mtd writesize)" = 2048 ]
check "oobsize 64" [ "$(mtd_attr $mtd oobsize)" = 64 ]
check "read-only by default" [ "$(( $(mtd_attr $mtd flags) & 0x400 ))" -eq 0 ]

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
check "input is intact after" sha256sum -c /in/jffs2-bch8.oob.bin.sha256
check "rmmod muse" rmmod muse
e2e_exit
