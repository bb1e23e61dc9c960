# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-cost: 22
# e2e-inputs: jffs2-hamming ubi-bch4
#
# (c) Reading the MUSE MTD back with nanddump gives the input dump byte for
# byte (data + OOB, and the data-only dumpbad / skipbad variants), and the
# factory-bad block is reported bad by the kernel (mtdinfo, nanddump).
. /e2e/lib.sh
need_muse

# fixture, bad block, blocks
for spec in jffs2-hamming:20:32 ubi-bch4:17:64; do
	fx=${spec%%:*}
	bad=${spec#*:}; bad=${bad%%:*}
	nblk=${spec##*:}
	if ! muse_start --name=$fx /in/$fx.oob.bin; then
		fail "$fx: muse-mount serves the dump"
		continue
	fi
	pass "$fx: muse-mount serves the dump"
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	check "$fx: size" [ "$(mtd_size $mtd)" = $((nblk * 131072)) ]
	nanddump -q --oob --bb=dumpbad -f /tmp/re.oob.bin $mtd
	check "$fx: nanddump --oob --bb=dumpbad equals the input" cmp /tmp/re.oob.bin /in/$fx.oob.bin
	rm -f /tmp/re.oob.bin
	nanddump -q --bb=dumpbad -f /tmp/re.bin $mtd
	check "$fx: nanddump --bb=dumpbad equals the kernel's" cmp /tmp/re.bin /in/$fx.data-dumpbad.bin
	rm -f /tmp/re.bin
	nanddump -f /tmp/re.bin $mtd >/tmp/nd.log 2>&1
	check "$fx: nanddump (skipbad) equals the kernel's" cmp /tmp/re.bin /in/$fx.data-skipbad.bin
	rm -f /tmp/re.bin
	mtdinfo -M $mtd >/tmp/mi.txt 2>&1
	check "$fx: mtdinfo marks block $bad BAD" grep -Eq "(^| )$bad: [0-9a-f]+ +BAD" /tmp/mi.txt
	check "$fx: only one bad block" [ "$(grep -o BAD /tmp/mi.txt | wc -l)" = 1 ]
	check "$fx: sysfs bad_blocks of the whole MTD is 1" [ "$(mtd_attr $mtd bad_blocks)" = 1 ]
	check "$fx: nanddump counts one bad block" grep -q "Number of bad blocks: 1" /tmp/nd.log
	check "$fx: server stops, MTD goes away" muse_stop
done
check "rmmod muse" rmmod muse
e2e_exit
