# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-cost: 21
# e2e-inputs: ubi-hamming
# e2e-kernels: 6.1
#
# (j) Multi-read fusion under the kernel: three reads of the UBI dump, each
# with double bit flips (uncorrectable for Hamming) in the EC header step of
# different blocks, and reads 0 and 1 with the same flips in a few more, are
# served as one MTD with --extra-read --ecc=hamming. nanddump of the MTD
# equals the kernel's own data-only dump, while read 0 served alone does
# not; UBI attaches and UBIFS mounts with the recorded checksums.
. /e2e/lib.sh
need_muse
modprobe ubi
modprobe ubifs
mkdir -p /mnt/u
fx=ubi-hamming
eb=$((64 * 2112))

# flip FILE OFFSET MASK: XOR one byte in place.
flip() {
	b=$(dd if="$1" bs=1 skip=$2 count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
	printf "\\$(printf %03o $((b ^ $3)))" |
		dd of="$1" bs=1 seek=$2 count=1 conv=notrunc 2>/dev/null
}

for i in 0 1 2; do cp /in/$fx.oob.bin /tmp/r$i.bin; done
for blk in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18; do
	r=$((blk % 3))
	flip /tmp/r$r.bin $((blk * eb + 4)) 1
	flip /tmp/r$r.bin $((blk * eb + 9)) 16
done
for blk in 30 31 32; do
	for r in 0 1; do
		flip /tmp/r$r.bin $((blk * eb + 5)) 2
		flip /tmp/r$r.bin $((blk * eb + 12)) 128
	done
done
check "the reads differ from the dump" sh -c "! cmp -s /tmp/r0.bin /in/$fx.oob.bin"

# Control: read 0 alone does not give the kernel's data.
if muse_start --name=one-read --ecc=hamming /tmp/r0.bin; then
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	nanddump --bb=dumpbad -q -f /tmp/one.bin $mtd 2>/dev/null
	check "read 0 alone does not read back as the kernel's data" \
		sh -c "! cmp -s /tmp/one.bin /in/$fx.data-dumpbad.bin"
	muse_stop
	rm -f /tmp/one.bin
else
	fail "muse-mount serves read 0 alone"
fi

if ! muse_start --name=fused --ecc=hamming --extra-read=/tmp/r1.bin \
	--extra-read=/tmp/r2.bin /tmp/r0.bin; then
	fail "muse-mount serves the three reads fused"
	e2e_exit
fi
pass "muse-mount serves the three reads fused"
mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
nanddump --bb=dumpbad -q -f /tmp/fused.bin $mtd 2>/dev/null
check "nanddump of the fused MTD equals the kernel's data-only dump" \
	cmp -s /tmp/fused.bin /in/$fx.data-dumpbad.bin
rm -f /tmp/fused.bin
if ubiattach -m "${mtd#/dev/mtd}" -d 0 >/tmp/attach.log 2>&1; then
	pass "ubiattach"
	check "1 bad PEB" [ "$(cat /sys/class/ubi/ubi0/bad_peb_count)" = 1 ]
	if mount -t ubifs -o ro ubi0:rootfs /mnt/u; then
		pass "mount -t ubifs"
		same_tree /mnt/u $fx "UBIFS content equals the recorded checksums and tree"
		check "umount" umount /mnt/u
	else
		fail "mount -t ubifs"
		dmesg | tail -n 20
	fi
	check "ubidetach" ubidetach -d 0
else
	fail "ubiattach"
	cat /tmp/attach.log
fi
check "server stops, MTD goes away" muse_stop
check "rmmod muse" rmmod muse
e2e_exit
