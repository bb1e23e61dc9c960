# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-cost: 22
# e2e-inputs: ubi-hamming ubi-bch4
# e2e-kernels: 6.12
#
# (h) Data-only dumps (no OOB), as plain `nanddump` makes them: the skipbad
# dump (bad block left out) and the dumpbad dump, with the bad block given
# on the command line, serve as an MTD on which UBI attaches and UBIFS
# mounts with the recorded checksums; reading it back gives the kernel's
# own data-only dumps.
. /e2e/lib.sh
need_muse
modprobe ubi
modprobe ubifs
mkdir -p /mnt/u

# serve_ubi NAME FILE BADBLOCK OPTIONS...
serve_ubi() {
	local fx=$1 file=$2 bad=$3 mtd got
	shift 3
	if ! muse_start --name=$fx-data "$@" /in/$file; then
		fail "$file: muse-mount serves it"
		return
	fi
	pass "$file: muse-mount serves it"
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	check "$file: 8 MiB MTD" [ "$(mtd_size $mtd)" = 8388608 ]
	mtdinfo -M $mtd >/tmp/mi.txt 2>&1
	check "$file: block $bad is bad" grep -Eq "(^| )$bad: [0-9a-f]+ +BAD" /tmp/mi.txt
	nanddump -q --bb=dumpbad -f /tmp/re.bin $mtd
	check "$file: nanddump --bb=dumpbad equals the kernel's" cmp /tmp/re.bin /in/$fx.data-dumpbad.bin
	nanddump -q -f /tmp/re.bin $mtd
	check "$file: nanddump (skipbad) equals the kernel's" cmp /tmp/re.bin /in/$fx.data-skipbad.bin
	rm -f /tmp/re.bin
	if ubiattach -m "${mtd#/dev/mtd}" -d 0 >/tmp/attach.log 2>&1; then
		pass "$file: ubiattach"
		got=$(sha256sum </dev/ubi0_1 | cut -d' ' -f1)
		check "$file: static volume content" grep -q "^$got " /in/static-blob.sha256
		if mount -t ubifs -o ro ubi0:rootfs /mnt/u; then
			pass "$file: mount -t ubifs"
			same_tree /mnt/u $fx "$file: UBIFS content equals the recorded checksums and tree"
			umount /mnt/u
		else
			fail "$file: mount -t ubifs"
			dmesg | tail -n 20
		fi
		ubidetach -d 0
	else
		fail "$file: ubiattach"
		cat /tmp/attach.log
		dmesg | tail -n 20
	fi
	check "$file: server stops" muse_stop
	check "$file: input is intact" sha256sum -c /in/$file.sha256
}

serve_ubi ubi-hamming ubi-hamming.data-skipbad.bin 41 \
	--bb=skipbad --bad-blocks=41 --page-size=2048 --oob-size=0 --pages-per-block=64 --block-count=64 --type=nand
serve_ubi ubi-bch4 ubi-bch4.data-dumpbad.bin 17 \
	--bb=dumpbad --bad-blocks=17 --page-size=2048 --oob-size=0 --pages-per-block=64 --type=nand
check "rmmod muse" rmmod muse
e2e_exit
