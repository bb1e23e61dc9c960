# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-inputs: jffs2-bch8 ubi-hamming
#
# (e) --overlay makes the MTD writable with the changes kept in a
# copy-on-write file: flash_erase, nandwrite and nandtest work; UBIFS
# writes survive a remount and a restart of the server on the same overlay;
# the input dump never changes.  --writable keeps changes in memory only.
. /e2e/lib.sh
need_muse

# --- raw MTD writes on a 2 MiB JFFS2 dump -----------------------------------
if muse_start --name=ovl --overlay=/tmp/ovl1 /in/jffs2-bch8.oob.bin; then
	pass "muse-mount --overlay serves the dump"
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	check "MTD is writable" [ "$(( $(mtd_attr $mtd flags) & 0x400 ))" -ne 0 ]
	check "flash_erase of block 2" flash_erase -q $mtd 0x40000 1
	nanddump -q -s 0x40000 -l 0x20000 -f /tmp/erased.bin $mtd
	head -c 131072 /dev/zero | tr '\0' '\377' >/tmp/ff.bin
	check "erased block reads 0xFF" cmp /tmp/erased.bin /tmp/ff.bin
	# 128 KiB of pattern data from the input itself (deterministic)
	dd if=/in/jffs2-bch8.oob.bin of=/tmp/pat.bin bs=4096 skip=3 count=32 2>/dev/null
	check "nandwrite -p into block 2" nandwrite -q -p -s 0x40000 $mtd /tmp/pat.bin
	nanddump -q -s 0x40000 -l 0x20000 -f /tmp/back.bin $mtd
	check "written block reads back" cmp /tmp/back.bin /tmp/pat.bin
	check "nandtest passes (1 pass, keep contents)" nandtest -p 1 -k $mtd
	nanddump -q -s 0x40000 -l 0x20000 -f /tmp/back.bin $mtd
	check "nandtest -k kept the contents" cmp /tmp/back.bin /tmp/pat.bin
	check "bad block 9 still bad" \
		sh -c "mtdinfo -M $mtd | grep -Eq '(^| )9: [0-9a-f]+ +BAD'"
	check "server stops" muse_stop
else
	fail "muse-mount --overlay serves the dump"
fi
check "jffs2-bch8 input is intact" sha256sum -c /in/jffs2-bch8.oob.bin.sha256

# --- UBIFS write, remount, restart on the same overlay --------------------
modprobe ubi
modprobe ubifs
mkdir -p /mnt/u
if muse_start --name=ovl-ubi --overlay=/tmp/ovl2 /in/ubi-hamming.oob.bin; then
	pass "muse-mount --overlay serves the UBI dump"
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	if ubiattach -m "${mtd#/dev/mtd}" -d 0 >/dev/null && mount -t ubifs ubi0:rootfs /mnt/u; then
		pass "ubiattach + mount -t ubifs read-write"
		same_tree /mnt/u ubi-hamming "content before writing"
		mkdir -p /mnt/u/new
		dd if=/in/ubi-hamming.oob.bin of=/mnt/u/new/big.bin bs=4096 count=100 2>/dev/null
		echo "hello from the overlay" >/mnt/u/new/hello.txt
		rm /mnt/u/data/big.bin
		sync
		tree_sums /mnt/u >/tmp/after.sha256
		check "the writes took effect" sh -c \
			"grep -q ' ./new/hello.txt\$' /tmp/after.sha256 && ! grep -q ' ./data/big.bin\$' /tmp/after.sha256"
		check "umount" umount /mnt/u
		check "remount" mount -t ubifs ubi0:rootfs /mnt/u
		tree_sums /mnt/u >/tmp/re.sha256
		check "written data survives a remount" cmp /tmp/after.sha256 /tmp/re.sha256
		umount /mnt/u
		check "ubidetach" ubidetach -d 0
	else
		fail "ubiattach + mount -t ubifs read-write"
		dmesg | tail -n 20
	fi
	check "server stops" muse_stop
	if muse_start --name=ovl-ubi --overlay=/tmp/ovl2 /in/ubi-hamming.oob.bin; then
		mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
		if ubiattach -m "${mtd#/dev/mtd}" -d 0 >/dev/null && mount -t ubifs -o ro ubi0:rootfs /mnt/u; then
			tree_sums /mnt/u >/tmp/re2.sha256
			check "written data survives a server restart on the same overlay" \
				cmp /tmp/after.sha256 /tmp/re2.sha256
			umount /mnt/u
			ubidetach -d 0
		else
			fail "re-attach after restart on the same overlay"
		fi
		muse_stop
	else
		fail "restart on the same overlay"
	fi
	# a fresh overlay shows the original content again
	if muse_start --name=ovl-ubi --overlay=/tmp/ovl3 /in/ubi-hamming.oob.bin; then
		mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
		if ubiattach -m "${mtd#/dev/mtd}" -d 0 >/dev/null && mount -t ubifs -o ro ubi0:rootfs /mnt/u; then
			same_tree /mnt/u ubi-hamming "a fresh overlay shows the original content"
			umount /mnt/u
			ubidetach -d 0
		else
			fail "attach with a fresh overlay"
		fi
		muse_stop
	fi
else
	fail "muse-mount --overlay serves the UBI dump"
fi
check "ubi-hamming input is intact" sha256sum -c /in/ubi-hamming.oob.bin.sha256

# --- --writable: changes kept in memory only --------------------------------
if muse_start --name=wr --writable /in/jffs2-bch8.oob.bin; then
	pass "muse-mount --writable serves the dump"
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	check "MTD is writable (--writable)" [ "$(( $(mtd_attr $mtd flags) & 0x400 ))" -ne 0 ]
	check "flash_erase of blocks 0-3 (--writable)" flash_erase -q $mtd 0 4
	nanddump -q -l 0x80000 -f /tmp/erased.bin $mtd
	head -c 524288 /dev/zero | tr '\0' '\377' >/tmp/ff.bin
	check "erased blocks read 0xFF (--writable)" cmp /tmp/erased.bin /tmp/ff.bin
	check "server stops (--writable)" muse_stop
	if muse_start --name=wr /in/jffs2-bch8.oob.bin; then
		mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
		nanddump -q --oob --bb=dumpbad -f /tmp/re.bin $mtd
		check "--writable changes are gone after a restart" cmp /tmp/re.bin /in/jffs2-bch8.oob.bin
		rm -f /tmp/re.bin
		muse_stop
	else
		fail "serve again after --writable"
	fi
else
	fail "muse-mount --writable serves the dump"
fi
check "jffs2-bch8 input is intact after --writable" sha256sum -c /in/jffs2-bch8.oob.bin.sha256
check "rmmod muse" rmmod muse
e2e_exit
