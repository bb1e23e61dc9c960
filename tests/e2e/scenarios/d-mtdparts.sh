# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-inputs: jffs2-hamming
#
# (d) --mtdparts '1M(boot),-(rootfs)' gives two MTDs with those names and
# sizes; "boot" reads back as the bootloader area, JFFS2 mounts from
# "rootfs" with the recorded checksums. --mtdparts=auto (the map of the
# dump's own U-Boot environment) gives the same MTDs, and JFFS2 mounts.
. /e2e/lib.sh
need_muse

if ! muse_start --mtdparts='1M(boot),-(rootfs)' /in/jffs2-hamming.oob.bin; then
	fail "muse-mount --mtdparts serves the dump"
	e2e_exit
fi
pass "muse-mount --mtdparts serves the dump"
cat /proc/mtd
grep '"boot"\|"rootfs"' /proc/mtd | cut -d' ' -f2- >/tmp/given.mtd
boot=$(mtd_by_name boot)
rootfs=$(mtd_by_name rootfs)
check "two MTD devices" [ "$(echo $MUSE_MTDS | wc -w)" -eq 2 ]
check "\"boot\" is 1 MiB" grep -q '^mtd[0-9]*: 00100000 00020000 "boot"$' /proc/mtd
check "\"rootfs\" is 3 MiB" grep -q '^mtd[0-9]*: 00300000 00020000 "rootfs"$' /proc/mtd
if [ -n "$boot" ]; then
	nanddump -q -f /tmp/boot.bin "$boot"
	got=$(sha256sum </tmp/boot.bin | cut -d' ' -f1)
	check "\"boot\" holds the bootloader area" grep -q "^$got " /in/boot.sha256
	check "U-Boot environment carries the mtdparts string" \
		grep -q 'mtdparts=muse:1M(boot),-(rootfs)' /tmp/boot.bin
fi
if [ -n "$rootfs" ]; then
	check "\"rootfs\" has the bad block (block 12 of the partition)" \
		[ "$(mtd_attr $rootfs bad_blocks)" = 1 ]
	modprobe jffs2
	mkdir -p /mnt/j
	if mount -t jffs2 -o ro "mtd${rootfs#/dev/mtd}" /mnt/j; then
		pass "mount -t jffs2 from rootfs"
		same_tree /mnt/j jffs2-hamming "JFFS2 content equals the recorded checksums and tree"
		check "umount" umount /mnt/j
	else
		fail "mount -t jffs2 from rootfs"
		dmesg | tail -n 20
	fi
	check "mount by name (mtd:rootfs)" mount -t jffs2 -o ro mtd:rootfs /mnt/j
	umount /mnt/j 2>/dev/null
fi
check "server stops, both MTDs go away" muse_stop

# the same partitions from the map in the dump
if muse_start --mtdparts=auto /in/jffs2-hamming.oob.bin; then
	pass "muse-mount --mtdparts=auto serves the dump"
	grep '"boot"\|"rootfs"' /proc/mtd | cut -d' ' -f2- >/tmp/auto.mtd
	info "auto: $(tr '\n' ';' </tmp/auto.mtd)"
	check "--mtdparts=auto: the same MTDs as the explicit string" \
		cmp -s /tmp/given.mtd /tmp/auto.mtd
	check "mount -t jffs2 mtd:rootfs (auto)" mount -t jffs2 -o ro mtd:rootfs /mnt/j
	umount /mnt/j 2>/dev/null
	check "server stops (auto)" muse_stop
else
	fail "muse-mount --mtdparts=auto serves the dump"
fi
check "rmmod muse" rmmod muse
e2e_exit
