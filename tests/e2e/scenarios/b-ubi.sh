# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-inputs: ubi-hamming ubi-bch4
#
# (b) muse-mount serves real UBI NAND dumps (software Hamming and BCH-4):
# ubiattach finds the kernel's volumes, UBIFS mounts with the recorded
# checksums, and the static volume reads back intact.
. /e2e/lib.sh
need_muse
modprobe ubi
modprobe ubifs
mkdir -p /mnt/u

for fx in ubi-hamming ubi-bch4; do
	if ! muse_start --name=$fx /in/$fx.oob.bin; then
		fail "$fx: muse-mount serves the dump"
		continue
	fi
	pass "$fx: muse-mount serves the dump"
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	check "$fx: /proc/mtd: 8 MiB, 128 KiB blocks" \
		grep -q "^${mtd#/dev/}: 00800000 00020000 \"$fx\"" /proc/mtd
	check "$fx: subpage 512" [ "$(mtd_attr $mtd subpagesize)" = 512 ]
	if ubiattach -m "${mtd#/dev/mtd}" -d 0 >/tmp/attach.log 2>&1; then
		pass "$fx: ubiattach"
		check "$fx: 3 volumes" [ "$(cat /sys/class/ubi/ubi0/volumes_count)" = 3 ]
		check "$fx: volume 0 is rootfs" [ "$(cat /sys/class/ubi/ubi0_0/name)" = rootfs ]
		check "$fx: volume 1 is blob (static)" \
			[ "$(cat /sys/class/ubi/ubi0_1/name) $(cat /sys/class/ubi/ubi0_1/type)" = "blob static" ]
		check "$fx: volume 2 is data" [ "$(cat /sys/class/ubi/ubi0_2/name)" = data ]
		check "$fx: 1 bad PEB" [ "$(cat /sys/class/ubi/ubi0/bad_peb_count)" = 1 ]
		got=$(sha256sum </dev/ubi0_1 | cut -d' ' -f1)
		check "$fx: static volume content" grep -q "^$got " /in/static-blob.sha256
		if mount -t ubifs -o ro ubi0:rootfs /mnt/u; then
			pass "$fx: mount -t ubifs"
			same_tree /mnt/u $fx "$fx: UBIFS content equals the recorded checksums and tree"
			check "$fx: umount" umount /mnt/u
		else
			fail "$fx: mount -t ubifs"
			dmesg | tail -n 20
		fi
		check "$fx: ubidetach" ubidetach -d 0
	else
		fail "$fx: ubiattach"
		cat /tmp/attach.log
		dmesg | tail -n 20
	fi
	check "$fx: server stops, MTD goes away" muse_stop
	check "$fx: input is intact" sha256sum -c /in/$fx.oob.bin.sha256
done
check "rmmod muse" rmmod muse
e2e_exit
