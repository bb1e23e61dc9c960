# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-inputs: ubi-hamming jffs2-bch8
# e2e-kernels: 6.1
#
# (p) Power cuts and faults with the kernel's own UBI, UBIFS and JFFS2.
#
# Power cuts: a workload (large and small files, an append, a rename, a
# delete, each followed by sync) runs once on UBIFS and once on JFFS2
# through muse-mount --overlay --record; then for each cut point (spread
# over the log, every other one torn) 'muse-mount replay' writes the chip as
# the cut left it, which is served, attached and mounted: the mount must
# succeed and every file made durable before the cut (and not changed
# since) must read back with its checksum. The cuts are 12 (UBIFS) and 6
# (JFFS2), or N each with mm_powercut=N on the kernel command line
# (tests/e2e/powercut.sh, make powercut). A failure prints the replay
# command that reproduces it.
#
# Faults: one flip in every ECC step (--ecc=hamming) is corrected: nanddump
# sees corrected bitflips, UBI reports fixable bit-flips, UBIFS reads the
# fixture's tree intact; two flips per step in one page are uncorrectable
# (nanddump, ecc_failures); erase failures (erase-fail:p=1) after a volume is
# truncated make UBI mark the erased blocks bad, and the overlay keeps the
# marks across a server restart.
. /e2e/lib.sh
need_muse
modprobe ubi
modprobe ubifs
mkdir -p /mnt/u
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"
in=/in/ubi-hamming.oob.bin
cuts=$(sed -n 's/.*mm_powercut=\([0-9]*\).*/\1/p' /proc/cmdline)
jcuts=${cuts:-6}
cuts=${cuts:-12}

attach() {	# FS MTD: the file system mounted on /mnt/u
	if [ "$1" = jffs2 ]; then
		mount -t jffs2 "mtd${2#/dev/mtd}" /mnt/u >/tmp/attach.log 2>&1
		return
	fi
	ubiattach -m "${2#/dev/mtd}" -d 0 >/tmp/attach.log 2>&1 &&
		mount -t ubifs ubi0:rootfs /mnt/u 2>>/tmp/attach.log
}
detach() {
	umount /mnt/u 2>/dev/null
	[ -e /sys/class/ubi/ubi0 ] && ubidetach -d 0 >/dev/null 2>&1
	return 0
}
# records: how many records the log holds now (all acknowledged requests)
records() {
	muse-mount replay $geom $in $log --cut=0 -o /tmp/count.bin \
		--force 2>/dev/null | sed -n 's/.* of \([0-9]*\) records.*/\1/p'
}
# durable PATH: PATH (in /mnt/u) is on flash from the current record on
durable() {
	sync
	echo "$1 $(records) $(sha256sum </mnt/u/$1 | cut -d' ' -f1)" >>/tmp/durable
}
# changing PATH: PATH is being changed from the current record on
changing() {
	echo "$1 $(records) -" >>/tmp/durable
}

# campaign FS FIXTURE CUTS: record the workload on FIXTURE's FS (ubifs or
# jffs2), then replay CUTS cut points and check each
campaign() {
	local fs=$1 fx=$2 n=$3 t0 k cut torn cmd tried=0 mounts=0 files=0 bad=0
	in=/in/$fx.oob.bin
	log=/tmp/$fs.log
	t0=$(date +%s)
	rm -f /tmp/durable $log
	total=0
	if muse_start --name=pc --overlay=/tmp/$fs.ov --record=$log $geom $in; then
		mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
		if attach $fs $mtd; then
			pass "$fs: ubiattach/mount through --record"
			workload
			detach
			total=$(records)
			check "$fs: $total requests recorded in $(( $(date +%s) - t0 )) s" \
				[ "${total:-0}" -gt 20 ]
		else
			fail "$fs: mount through --record"
			sed 's/^/INFO: /' /tmp/attach.log
		fi
		check "$fs: server stops" muse_stop
	else
		fail "$fs: muse-mount --record serves the dump"
	fi
	k=0
	while [ "${total:-0}" -gt 0 ] && [ $k -lt "$n" ]; do
		k=$((k + 1))
		cut=$(( k * total / n ))
		torn=
		[ $((k % 2)) -eq 1 ] && [ $cut -lt "$total" ] && torn="--torn --seed=$k"
		cmd="muse-mount replay $geom $fx.oob.bin $fs.log --cut=$cut $torn -o cut.bin"
		tried=$((tried + 1))
		if ! muse-mount replay $geom -q $in $log --cut=$cut $torn \
			-o /tmp/cut.bin --force; then
			fail "$fs: cut $cut: replay"
			bad=$((bad + 1))
			continue
		fi
		if ! muse_start --name=cut --writable $geom /tmp/cut.bin; then
			fail "$fs: cut $cut: serve ($cmd)"
			bad=$((bad + 1))
			continue
		fi
		mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
		if attach $fs $mtd; then
			mounts=$((mounts + 1))
			if holds $cut; then
				files=$((files + $(cat /tmp/checked)))
			else
				fail "$fs: cut $cut: durable files lost ($cmd)"
				bad=$((bad + 1))
			fi
		else
			fail "$fs: cut $cut: mount fails ($cmd)"
			sed 's/^/INFO: /' /tmp/attach.log | tail -n 5
			bad=$((bad + 1))
		fi
		detach
		muse_stop
	done
	info "$fs power cuts: tried $tried, mounted $mounts, files checked $files, failures $bad, $(( $(date +%s) - t0 )) s"
	check "$fs: $tried cut points, every one mounts with its durable files" \
		[ "$tried" -eq "$n" -a "$bad" -eq 0 -a "$mounts" -eq "$tried" ]
	check "$fx input is intact after recording" sha256sum -c /in/$fx.oob.bin.sha256
}

# The workload: large and small files, an append, a rename, a delete.
workload() {
	dd if=$in of=/mnt/u/big1 bs=4096 skip=100 count=$big 2>/dev/null
	durable big1
	i=1
	while [ $i -le 12 ]; do
		dd if=$in of=/mnt/u/s$i bs=1 skip=$((i * 7777)) \
			count=$((i * 300 + 17)) 2>/dev/null
		i=$((i + 1))
	done
	sync
	i=1
	while [ $i -le 12 ]; do
		durable s$i
		i=$((i + 1))
	done
	changing big1
	dd if=$in bs=4096 skip=400 count=$((big / 4)) 2>/dev/null >>/mnt/u/big1
	durable big1
	changing s1
	changing r1
	mv /mnt/u/s1 /mnt/u/r1
	durable r1
	changing s2
	rm /mnt/u/s2
	sync
	mkdir -p /mnt/u/dir
	dd if=$in of=/mnt/u/dir/big2 bs=4096 skip=200 count=$((big * 3 / 2)) 2>/dev/null
	durable dir/big2
}

# holds CUT: every durable file whose last change started after its record
# and at or before CUT reads back with its checksum
holds() {
	local f sum line ok=0 checked=0
	for f in $(cut -d' ' -f1 /tmp/durable | sort -u); do
		# the last line for f with record <= cut decides
		line=$(awk -v f="$f" -v c="$1" '$1 == f && $2 <= c { l = $0 } END { print l }' /tmp/durable)
		[ -n "$line" ] || continue
		sum=${line##* }
		[ "$sum" = - ] && continue	# being changed at the cut
		checked=$((checked + 1))
		if [ "$(sha256sum </mnt/u/$f 2>/dev/null | cut -d' ' -f1)" != "$sum" ]; then
			echo "INFO: cut $1: $f differs or is missing"
			ok=1
		fi
	done
	echo "$checked" >/tmp/checked
	return $ok
}

big=64
campaign ubifs ubi-hamming $cuts
modprobe jffs2
big=16	# a 2 MiB JFFS2 that holds the fixture's tree already
campaign jffs2 jffs2-bch8 $jcuts
in=/in/ubi-hamming.oob.bin

# --- flips within the ECC ----------------------------------------------------
if muse_start --name=flips --ecc=hamming --faults=flips:count=1,step --seed=1 \
	--writable $geom $in; then
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	nanddump -l 0x40000 -f /dev/null $mtd >/tmp/nd.txt 2>&1
	check "flips: nanddump sees corrected bitflips" \
		grep -q 'corrected bitflip' /tmp/nd.txt
	check "flips: sysfs corrected_bits counts them" \
		test "$(mtd_attr $mtd corrected_bits)" -gt 0
	dmesg -c >/dev/null
	if ubiattach -m "${mtd#/dev/mtd}" -d 0 >/tmp/attach.log 2>&1 &&
	   mount -t ubifs -o ro ubi0:rootfs /mnt/u; then
		same_tree /mnt/u ubi-hamming "flips: UBIFS reads the tree intact"
		check "flips: UBI saw fixable bit-flips (-EUCLEAN)" \
			sh -c "dmesg | grep -q 'fixable bit-flip'"
		detach
	else
		fail "flips: ubiattach + mount"
		sed 's/^/INFO: /' /tmp/attach.log
	fi
	muse_stop
else
	fail "flips: muse-mount --faults serves the dump"
fi

# --- flips beyond the ECC: -EBADMSG reaches the reader ----------------------
if muse_start --name=flips2 --ecc=hamming --faults=flips:count=2,step,page=64 \
	$geom $in; then
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	nanddump -s 0x20000 -l 0x1000 -f /dev/null $mtd >/tmp/nd.txt 2>&1
	check "beyond the ECC: nanddump sees uncorrectable bitflips in page 64" \
		grep -q 'uncorrectable bitflip.*0x00020000' /tmp/nd.txt
	check "beyond the ECC: sysfs ecc_failures counts them" \
		test "$(mtd_attr $mtd ecc_failures)" -gt 0
	check "beyond the ECC: page 65 is clean" \
		sh -c "! grep -q 'bitflip.*0x00020800' /tmp/nd.txt"
	grep ECC /tmp/nd.txt | head -n 3 | sed 's/^/INFO: nanddump: /'
	muse_stop
else
	fail "beyond the ECC: muse-mount --faults serves the dump"
fi

# --- erase failures: UBI marks the blocks bad --------------------------------
if muse_start --name=efail --overlay=/tmp/ef.ov --faults=erase-fail:p=1 \
	$geom $in; then
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	if ubiattach -m "${mtd#/dev/mtd}" -d 0 >/tmp/attach.log 2>&1; then
		bad0=$(cat /sys/class/ubi/ubi0/bad_peb_count)
		dd if=$in of=/tmp/vol.bin bs=4096 count=64 2>/dev/null
		ubiupdatevol /dev/ubi0_2 /tmp/vol.bin
		ubiupdatevol -t /dev/ubi0_2
		i=0
		while [ $i -lt 50 ] &&
		      [ "$(cat /sys/class/ubi/ubi0/bad_peb_count)" -le "$bad0" ]; do
			sleep 0.2
			i=$((i + 1))
		done
		bad1=$(cat /sys/class/ubi/ubi0/bad_peb_count)
		check "erase failures: UBI marked blocks bad ($bad0 -> $bad1 bad PEBs)" \
			[ "$bad1" -gt "$bad0" ]
		ubidetach -d 0
	else
		fail "erase failures: ubiattach"
		sed 's/^/INFO: /' /tmp/attach.log
	fi
	muse_stop
	if muse_start --name=efail --overlay=/tmp/ef.ov $geom $in; then
		mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
		if ubiattach -m "${mtd#/dev/mtd}" -d 0 >/tmp/attach.log 2>&1; then
			check "erase failures: the overlay kept the marks ($(cat /sys/class/ubi/ubi0/bad_peb_count) bad PEBs after a restart)" \
				[ "$(cat /sys/class/ubi/ubi0/bad_peb_count)" = "${bad1:-x}" ]
			ubidetach -d 0
		else
			fail "erase failures: ubiattach after a restart"
		fi
		muse_stop
	fi
else
	fail "erase failures: muse-mount --faults serves the dump"
fi
check "ubi-hamming input is intact" sha256sum -c /in/ubi-hamming.oob.bin.sha256
check "rmmod muse" rmmod muse
e2e_exit
