# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-cost: 45
# e2e-layouts: jffs2-bch8 ubi-bch4
# e2e-kernels: 6.12
#
# (l) vendor controller layouts: the kernel's own JFFS2 and UBI dumps
# (nandsim jffs2-bch8, ubi-bch4) laid out on the host in every preset by
# mm-gen --from with t bit flips in every ECC step (run.sh, "# e2e-layouts:",
# tests/gen/layout-fixtures.sh) are served by muse-mount --layout=PRESET:
# the MTD has the logical 2048-byte pages and the fixture's bad block, OOB
# reads return the logical OOB (JFFS2's clean-marker in the layout's free
# bytes), the kernel's JFFS2 mounts read-only and UBI attaches and UBIFS mounts
# read-only, every file with the recorded checksum, and the kernel counted
# the corrected bit flips. Layouts without ECC (hisi-balong) are read
# through without flips, and without free OOB bytes only the UBI fixture
# is laid out in them; controllers without an in-page factory marker
# (amlogic) get the bad block with --bad-blocks. Each file is served at its
# physical geometry (layouts.list: 2048+64, omap-bch16 2048+128, which its
# driver needs: layout-fixtures.sh); the logical pages are 2048 bytes in all.
. /e2e/lib.sh
need_muse
modprobe jffs2
modprobe ubi
modprobe ubifs
mkdir -p /mnt/j /mnt/u

attr() { mtd_attr "$@" 2>/dev/null; }

# serve_jffs2 FIXTURE PRESET MTD OOBSIZE: 2 MiB, block 9 bad, JFFS2 intact
serve_jffs2() {
	check "$1/$2: /proc/mtd: 2 MiB, 128 KiB blocks" \
		grep -q "^${3#/dev/}: 00200000 00020000 " /proc/mtd
	mtdinfo -M "$3" >/tmp/mtdinfo.txt 2>&1
	check "$1/$2: block 9 is bad (the layout's marker)" \
		grep -Eq '(^| )9: 00120000 +BAD' /tmp/mtdinfo.txt
	# OOB reads give the logical OOB: the clean-marker in the free bytes
	nanddump -q --oob -s 0 -l 2048 -f /tmp/p0.bin "$3"
	check "$1/$2: page 0's OOB ($4 bytes) holds JFFS2's clean-marker (85 19...) in the layout's free bytes" \
		sh -c "tail -c $4 /tmp/p0.bin | od -An -tx1 -v | tr '\\n' ' ' | grep -q ' 85 19 '"
	if mount -t jffs2 -o ro "mtd${3#/dev/mtd}" /mnt/j; then
		same_tree /mnt/j "$1" "$1/$2: JFFS2 reads every file intact"
		check "$1/$2: umount" umount /mnt/j
	else
		fail "$1/$2: mount -t jffs2"
		dmesg | tail -n 10
	fi
}

# serve_ubi FIXTURE PRESET MTD: 8 MiB, 3 volumes, 1 bad PEB, UBIFS intact
serve_ubi() {
	local got
	check "$1/$2: /proc/mtd: 8 MiB, 128 KiB blocks" \
		grep -q "^${3#/dev/}: 00800000 00020000 " /proc/mtd
	if ! ubiattach -m "${3#/dev/mtd}" -d 0 >/tmp/attach.log 2>&1; then
		fail "$1/$2: ubiattach"
		cat /tmp/attach.log
		dmesg | tail -n 10
		return
	fi
	pass "$1/$2: ubiattach"
	check "$1/$2: 3 volumes, 1 bad PEB" test \
		"$(cat /sys/class/ubi/ubi0/volumes_count) $(cat /sys/class/ubi/ubi0/bad_peb_count)" = "3 1"
	got=$(sha256sum </dev/ubi0_1 | cut -d' ' -f1)
	check "$1/$2: static volume content" grep -q "^$got " /in/static-blob.sha256
	if mount -t ubifs -o ro ubi0:rootfs /mnt/u; then
		same_tree /mnt/u "$1" "$1/$2: UBIFS reads every file intact"
		check "$1/$2: umount" umount /mnt/u
	else
		fail "$1/$2: mount -t ubifs"
		dmesg | tail -n 10
	fi
	check "$1/$2: ubidetach" ubidetach -d 0
}

check "layouts.list names the laid-out dumps" test -s /in/layouts.list
while read -r fx p arg f pages t avail marker bad ps os ppb <&3; do
	t0=$(date +%s)
	p=${f#"$fx".}	# the label: the preset, or PRESET-CODE for its other code
	p=${p%.bin}
	geom="--format=oob --page-size=$ps --oob-size=$os --pages-per-block=$ppb"
	# no factory marker in the page (Amlogic): the bad block is given
	bb=
	[ "$marker" = none ] && bb=--bad-blocks=$bad
	if ! muse_start --name="$fx-$p" $geom $bb --layout="$arg" "/in/$f"; then
		fail "$fx/$p: muse-mount --layout=$arg serves it"
		continue
	fi
	pass "$fx/$p: muse-mount --layout=$arg serves it"
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	check "$fx/$p: logical 2048-byte pages" test "$(mtd_attr $mtd writesize)" = 2048
	check "$fx/$p: the MTD's OOB is the chip's $os bytes, oobavail $avail" \
		test "$(attr $mtd oobsize) $(attr $mtd oobavail)" = "$os $avail"
	info "$fx/$p: $ps+$os; t $t; oobsize $(attr $mtd oobsize) oobavail $(attr $mtd oobavail) subpagesize $(attr $mtd subpagesize) ecc_strength $(attr $mtd ecc_strength) ecc_step_size $(attr $mtd ecc_step_size)"
	case $fx in
	jffs2-*) serve_jffs2 "$fx" "$p" "$mtd" "$os" ;;
	ubi-*) serve_ubi "$fx" "$p" "$mtd" ;;
	esac
	bits=$(attr $mtd corrected_bits)
	if [ "$t" != 0 ]; then
		check "$fx/$p: the kernel was told of corrected flips (corrected_bits $bits)" \
			test "${bits:-0}" -gt 0
	fi
	check "$fx/$p: server stops, MTD goes away" muse_stop
	check "$fx/$p: input is intact" sha256sum -c "/in/$f.sha256"
	info "$fx/$p: $(( $(date +%s) - t0 )) s"
done 3</in/layouts.list
check "rmmod muse" rmmod muse
e2e_exit
