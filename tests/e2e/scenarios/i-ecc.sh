# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-inputs: jffs2-bch8
#
# (i) ECC: bit flips put into a copy of the kernel's BCH-8 dump (data bytes
# of two programmed pages, an ECC byte, an erased page) are corrected by
# muse-mount --ecc=bch8: nanddump of the MTD gives the kernel's data back
# (OOB reads are not ECC-corrected, as in the kernel) and the kernel's JFFS2
# reads every file intact.  Without --ecc the
# flips are served as they are.
. /e2e/lib.sh
need_muse

P=2112		# 2048 data + 64 OOB per page in the dump
# flipbit OFFSET MASK: XOR one byte of /tmp/flip.bin
flipbit() {
	local v
	v=$(od -An -tu1 -j "$1" -N 1 /tmp/flip.bin | tr -d ' ')
	v=$(( v ^ $2 ))
	printf "\\$(printf '%03o' $v)" | dd of=/tmp/flip.bin bs=1 seek="$1" conv=notrunc 2>/dev/null
}
# nonff OFFSET COUNT: the bytes of the input at OFFSET that are not 0xFF
nonff() {
	dd if=/in/jffs2-bch8.oob.bin bs=1 skip="$1" count="$2" 2>/dev/null |
		od -An -tx1 -v | tr -s ' \n' '\n\n' | grep -v '^ff$' | grep -c .
}
# programmed PAGE: the page's ECC bytes (OOB 12-63) are not all 0xFF
programmed() {
	[ "$(nonff $(( $1 * P + 2048 + 12 )) 52)" -gt 0 ]
}
# erased PAGE: data and OOB all 0xFF
erased() {
	[ "$(nonff $(( $1 * P )) $P)" -eq 0 ]
}

cp /in/jffs2-bch8.oob.bin /tmp/flip.bin
check "block 0 page 0 is programmed" programmed 0
check "block 0 page 1 is programmed" programmed 1
check "block 1 page 10 is programmed" programmed 74
check "block 3 page 5 is erased" erased 197
flipbit 100 0x01				# page 0, step 0: 1 bit
flipbit $(( 1 * P + 1030 )) 0x10		# page 1, step 2: 3 bits
flipbit $(( 1 * P + 1031 )) 0x02
flipbit $(( 1 * P + 1100 )) 0x80
flipbit $(( 74 * P + 2048 + 20 )) 0x80	# page 74: an ECC byte
flipbit $(( 197 * P + 0 )) 0x03		# page 197 (erased): 2 zero bits
check "the copy differs from the kernel's dump" sh -c '! cmp -s /tmp/flip.bin /in/jffs2-bch8.oob.bin'

if muse_start --name=ecc --ecc=bch8 /tmp/flip.bin; then
	pass "muse-mount --ecc=bch8 serves the damaged copy"
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	nanddump -q --oob --bb=dumpbad -f /tmp/re.bin $mtd
	# the original with only the ECC-byte flip, to tell the two apart
	cp /in/jffs2-bch8.oob.bin /tmp/ecconly.bin
	( cp /tmp/flip.bin /tmp/flip.save
	  cp /tmp/ecconly.bin /tmp/flip.bin
	  flipbit $(( 74 * P + 2048 + 20 )) 0x80
	  cp /tmp/flip.bin /tmp/ecconly.bin
	  cp /tmp/flip.save /tmp/flip.bin )
	# Like the kernel's NAND core, ECC applies to in-band data only: an
	# OOB read returns the spare area as stored, flipped ECC byte included.
	check "nanddump --oob: data flips corrected, erased page 0xFF, OOB as stored" \
		cmp /tmp/re.bin /tmp/ecconly.bin
	nanddump -q --bb=dumpbad -f /tmp/re.bin $mtd
	check "data-only read equals the kernel's" cmp /tmp/re.bin /in/jffs2-bch8.data-dumpbad.bin
	rm -f /tmp/re.bin
	# the ECC INIT keys (muse.ko extension): BCH-8 per 512 bytes
	check "sysfs ecc_strength 8" test "$(mtd_attr $mtd ecc_strength)" = 8
	check "sysfs ecc_step_size 512" test "$(mtd_attr $mtd ecc_step_size)" = 512
	info "sysfs: bitflip_threshold $(mtd_attr $mtd bitflip_threshold) corrected_bits $(mtd_attr $mtd corrected_bits) ecc_failures $(mtd_attr $mtd ecc_failures)"
	nanddump -l 0x20000 -f /dev/null $mtd >/tmp/nd.txt 2>&1
	grep ECC /tmp/nd.txt | sed 's/^/INFO: nanddump: /'
	check "nanddump sees the 3 bits corrected in page 1" \
		grep -q 'ECC: 3 corrected bitflip(s) at offset 0x00000800' /tmp/nd.txt
	check "sysfs corrected_bits counts bits (>= 2 x 4 so far)" \
		test "$(mtd_attr $mtd corrected_bits)" -ge 8
	modprobe jffs2
	mkdir -p /mnt/j
	if mount -t jffs2 -o ro "mtd${mtd#/dev/mtd}" /mnt/j; then
		same_tree /mnt/j jffs2-bch8 "JFFS2 reads every file intact"
		umount /mnt/j
	else
		fail "mount -t jffs2"
	fi
	check "server stops" muse_stop
else
	fail "muse-mount --ecc=bch8 serves the damaged copy"
fi

if muse_start --name=noecc --ecc=none /tmp/flip.bin; then
	pass "muse-mount --ecc=none serves the damaged copy"
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	nanddump -q --oob --bb=dumpbad -f /tmp/re.bin $mtd
	check "without ECC the flips are served as they are" cmp /tmp/re.bin /tmp/flip.bin
	rm -f /tmp/re.bin
	check "server stops (no ECC)" muse_stop
else
	fail "muse-mount --ecc=none serves the damaged copy"
fi
check "input is intact" sha256sum -c /in/jffs2-bch8.oob.bin.sha256
check "rmmod muse" rmmod muse
e2e_exit
