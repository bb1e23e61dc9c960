# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-inputs: jffs2-bch8 ubi-hamming
#
# (g) Without --writable/--overlay the MTD is read-only: writes are refused
# (EROFS from the MTD core; mtdchar refuses to open for writing, the block
# layer says EPERM), and the dump never changes. Several processes read the
# MTD at once, with checksums (a few seconds; make soak: mm_soak_s=S).
. /e2e/lib.sh
need_muse

if ! muse_start --name=ro /in/jffs2-bch8.oob.bin; then
	fail "muse-mount serves the dump"
	e2e_exit
fi
pass "muse-mount serves the dump"
mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
n=${mtd#/dev/mtd}
check "MTD_WRITEABLE not set" [ "$(( $(mtd_attr $mtd flags) & 0x400 ))" -eq 0 ]

# Parallel readers: four processes read random page ranges of the MTD at
# once, a fifth the whole device, each compared (sha256) with the kernel's
# own dump of the chip; for mm_soak_s=S seconds (make soak), else 3 s.
secs=$(sed -n 's/.*mm_soak_s=\([0-9]*\).*/\1/p' /proc/cmdline)
secs=${secs:-3}
ref=/in/jffs2-bch8.data-dumpbad.bin
pages=$(( $(stat -c %s $ref) / 2048 ))
want=$(sha256sum <$ref)
end=$(( $(date +%s) + secs ))
readers=
for p in 1 2 3 4 5; do
	(
		n=0 bad=0 r=$p
		while [ "$(date +%s)" -lt $end ]; do
			if [ $p -eq 5 ]; then
				[ "$(dd if=$mtd bs=128k 2>/dev/null | sha256sum)" = "$want" ] ||
					bad=$((bad + 1))
			else
				r=$(( (r * 1103515245 + 12345) % 2147483648 ))
				off=$(( r % pages )) cnt=$(( 1 + r / 7 % 64 ))
				[ "$(dd if=$mtd bs=2048 skip=$off count=$cnt 2>/dev/null | sha256sum)" = \
				  "$(dd if=$ref bs=2048 skip=$off count=$cnt 2>/dev/null | sha256sum)" ] ||
					bad=$((bad + 1))
			fi
			n=$((n + 1))
		done
		echo "$n $bad" >/tmp/readers.$p
	) &
	readers="$readers $!"
done
wait $readers	# not a bare wait: muse-mount runs in the background too
cat /tmp/readers.1 /tmp/readers.2 /tmp/readers.3 /tmp/readers.4 /tmp/readers.5 |
	awk '{ n += $1; b += $2 } END { print n, b }' >/tmp/readers
read rn rbad </tmp/readers
check "parallel readers of $mtd: $rn reads in ${secs} s by 5 processes, all equal to the kernel's dump" \
	[ "$rn" -gt 0 -a "$rbad" -eq 0 ]
info "parallel readers: $rn reads, $rbad mismatches"
check "mtdinfo: not writable" sh -c "mtdinfo $mtd | grep -q 'Device is writable: *false'"

# erase through mtdchar: refused (open for writing is EACCES, erase EROFS)
flash_erase $mtd 0 1 >/tmp/fe.log 2>&1
rc=$?
check "flash_erase refused" [ $rc -ne 0 ]
info "flash_erase: $(grep -i error /tmp/fe.log | head -n1)"

# write through the block device: EROFS
modprobe mtdblock
wait_for /dev/mtdblock$n 50
dd if=/dev/zero of=/dev/mtdblock$n bs=4096 count=1 conv=fsync >/tmp/dd.log 2>&1
rc=$?
check "write to /dev/mtdblock$n refused" [ $rc -ne 0 ]
info "dd: $(head -n1 /tmp/dd.log)"

# JFFS2 mounted read-write anyway: it buffers the write, and its flush to
# the MTD is refused by the MTD core with EROFS (-30).
modprobe jffs2
mkdir -p /mnt/j
dmesg -c >/dev/null
if mount -t jffs2 "mtd$n" /mnt/j 2>/tmp/mnt.log; then
	echo x >/mnt/j/x 2>/tmp/touch.log
	sync
	check "JFFS2's write to the MTD fails with EROFS (-30)" \
		sh -c "dmesg | grep -q 'Write failed with -30'"
	umount /mnt/j
else
	check "read-write mount refused with EROFS" grep -q 'Read-only file system' /tmp/mnt.log
fi
check "server stops" muse_stop
check "input is intact" sha256sum -c /in/jffs2-bch8.oob.bin.sha256

# UBI on a read-only MTD: attached read-only, UBIFS read-write mount EROFS
modprobe ubi
modprobe ubifs
mkdir -p /mnt/u
if muse_start --name=ro-ubi /in/ubi-hamming.oob.bin; then
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	if ubiattach -m "${mtd#/dev/mtd}" -d 0 >/dev/null 2>&1; then
		pass "ubiattach"
		mount -t ubifs ubi0:rootfs /mnt/u 2>/tmp/mnt.log
		rc=$?
		if [ $rc -eq 0 ]; then
			touch /mnt/u/x 2>/tmp/touch.log
			check "UBIFS write refused with EROFS" grep -q 'Read-only file system' /tmp/touch.log
			umount /mnt/u
		else
			check "UBIFS read-write mount refused with EROFS" \
				grep -q 'Read-only file system' /tmp/mnt.log
		fi
		ubiupdatevol /dev/ubi0_2 -t >/tmp/upd.log 2>&1
		check "ubiupdatevol refused" [ $? -ne 0 ]
		info "ubiupdatevol: $(grep -i error /tmp/upd.log | head -n1)"
		ubidetach -d 0
	else
		fail "ubiattach"
	fi
	check "server stops (UBI)" muse_stop
else
	fail "muse-mount serves the UBI dump"
fi
check "UBI input is intact" sha256sum -c /in/ubi-hamming.oob.bin.sha256
check "rmmod muse" rmmod muse
e2e_exit
