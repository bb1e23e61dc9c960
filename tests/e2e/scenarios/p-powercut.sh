# SPDX-License-Identifier: GPL-2.0-or-later
# e2e-cost: 70
# e2e-inputs: ubi-hamming jffs2-bch8
# e2e-kernels: 6.1
#
# (p) Power cuts and faults with the kernel's own UBI, UBIFS and JFFS2.
#
# Power cuts: a workload (a few large files and 100+ small ones, appends,
# renames, deletes, an overwrite; every change made durable by fsync(2) of
# the file, and of its directory for a rename or a delete) runs once on UBIFS
# and once on JFFS2 through muse-mount --overlay --record; then for each cut
# point (spread over the log, every other one torn) 'muse-mount replay'
# writes the chip as the cut left it, which is served, attached and mounted:
# the mount must succeed and every file fsync'ed before the cut (and not
# changed since) must read back with its checksum. The cuts are 12 (UBIFS)
# and 6 (JFFS2), or N each with mm_powercut=N on the kernel command line
# (tests/e2e/powercut.sh, make powercut). A failure prints the replay
# command that reproduces it. Busybox 'sync FILE' is checked once to be
# fsync(2) and not sync(2) (no MUSE_SYNC in the log).
#
# Faults: one flip in every ECC step (--ecc=hamming) is corrected: nanddump
# sees corrected bitflips, UBI reports fixable bit-flips, UBIFS reads the
# fixture's tree intact; the same flips in four mapped PEBs only make UBI scrub
# them ("scrubbed PEB"); two flips per step in one page are uncorrectable
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
# syncs: how many MUSE_SYNC requests the log holds now
syncs() {
	muse-mount replay $geom $in $log --cut=$(records) -o /tmp/count.bin \
		--force 2>/dev/null | sed -n 's/.* records (\([0-9]*\) syncs).*/\1/p'
}
# at_records: /tmp/durable's log sizes become record indexes: the records
# whole within that size (the ones acknowledged when it was noted)
at_records() {
	muse-mount replay --list $log >/tmp/list
	awk 'NR == FNR { if ($1 !~ /^#/) end[++n] = $2; next }
		{ r = 0; while (r < n && end[r + 1] <= $2) r++; print $1, r, $3 }' \
		/tmp/list /tmp/durable >/tmp/durable.r && mv /tmp/durable.r /tmp/durable
}
# fsync PATH...: fsync(2) each PATH (relative to /mnt/u, a directory too):
# busybox 'sync FILE' opens FILE and calls fsync(2) on it (sync_probe checks
# that it is not sync(2))
fsync() {
	(cd /mnt/u && sync "$@")
}
# durable PATH...: each PATH (fsync'ed by the caller) is on flash from the
# current record on; the record is noted as the log's size (the server
# appends each record before it replies), which at_records maps to a record
# index with one 'replay --list' when the workload is done
durable() {
	local r f
	r=$(stat -c %s $log)
	for f; do
		echo "$f $r $(sha256sum </mnt/u/$f | cut -d' ' -f1)" >>/tmp/durable
	done
}
# changing PATH...: each PATH is being changed from the current record on
changing() {
	local r f
	r=$(stat -c %s $log)
	for f; do
		echo "$f $r -" >>/tmp/durable
	done
}
# put PATH SKIP BYTES [dd ARGS]: BYTES bytes of the dump from byte SKIP into
# PATH, fsync'ed (dd conv=fsync)
put() {
	local f=$1 skip=$2 n=$3
	shift 3
	dd if=$in of=/mnt/u/$f bs=4096 iflag=skip_bytes,count_bytes skip=$skip \
		count=$n conv=fsync "$@" 2>/dev/null
}

# sync_probe: on UBIFS, sync(2) ends in ubi_sync, a MUSE_SYNC in the log;
# busybox 'sync FILE' must add records (the fsync) but no MUSE_SYNC
sync_probe() {
	local r0 s0 r1 s1 s2
	echo probe >/mnt/u/probe
	r0=$(records)
	s0=$(syncs)
	fsync probe
	r1=$(records)
	s1=$(syncs)
	check "sync FILE is fsync(2): records $r0 -> $r1, MUSE_SYNCs $s0 -> $s1" \
		[ "${r1:-0}" -gt "${r0:-0}" -a -n "$s0" -a "$s0" = "$s1" ]
	sync
	s2=$(syncs)
	check "sync(2) adds a MUSE_SYNC ($s1 -> $s2)" [ "${s2:-0}" -gt "${s1:-0}" ]
	rm /mnt/u/probe
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
			at_records
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

# The workload, every change made durable by fsync(2) of the file (and of
# its directory for a rename or a delete): a large file; $nsmall small files
# in small/ (each fsync'ed, noted durable ten at a time); appends to the
# large file and to every tenth small file; a log-like large file grown by
# fsync'ed appends; renames (across directories, within one, and over an
# existing file: the atomic update); deletes; an overwrite; a second large
# file in a new directory; the first large file deleted.
workload() {
	local i n group
	[ "$fs" = ubifs ] && sync_probe
	put big1 409600 $((big * 4096))
	durable big1
	mkdir /mnt/u/small
	fsync small .
	i=1
	group=
	while [ $i -le $nsmall ]; do
		put small/s$i $((i * 7777)) $((i * 397 % 3000 + 17))
		group="$group small/s$i"
		if [ $((i % 10)) -eq 0 ] || [ $i -eq $nsmall ]; then
			durable $group
			group=
		fi
		i=$((i + 1))
	done
	changing big1
	put big1 1638400 $((big * 1024)) oflag=append conv=notrunc
	durable big1
	i=3
	while [ $i -le $nsmall ]; do
		changing small/s$i
		put small/s$i $((i * 5555)) $((i * 13 % 700 + 1)) oflag=append \
			conv=notrunc
		durable small/s$i
		i=$((i + 10))
	done
	i=1
	while [ $i -le 8 ]; do
		[ $i -gt 1 ] && changing log
		put log $((i * 65536)) $((big * 512)) oflag=append conv=notrunc
		[ $i -eq 1 ] && fsync .
		durable log
		i=$((i + 1))
	done
	changing small/s1 r1
	mv /mnt/u/small/s1 /mnt/u/r1
	fsync r1 small .
	durable r1
	changing small/s4 small/t4
	mv /mnt/u/small/s4 /mnt/u/small/t4
	fsync small/t4 small
	durable small/t4
	put small/s5.new 1900000 2222
	changing small/s5 small/s5.new
	mv /mnt/u/small/s5.new /mnt/u/small/s5
	fsync small
	durable small/s5
	n=
	i=2
	while [ $i -le $nsmall ]; do
		n="$n small/s$i"
		i=$((i + 9))
	done
	changing $n
	(cd /mnt/u && rm $n)
	fsync small
	changing small/s8
	put small/s8 2000000 1234
	durable small/s8
	mkdir -p /mnt/u/dir
	put dir/big2 819200 $((big * 4096 * 3 / 2))
	fsync dir .
	durable dir/big2
	changing big1
	rm /mnt/u/big1
	fsync .
}

# holds CUT: every durable file whose last change started after its record
# and at or before CUT reads back with its checksum
holds() {
	# the last line for each file with record <= cut decides
	awk -v c="$1" '$2 <= c { l[$1] = $3 }
		END { for (f in l) if (l[f] != "-") print l[f] "  " f }' \
		/tmp/durable >/tmp/expect
	wc -l </tmp/expect >/tmp/checked
	[ -s /tmp/expect ] || return 0
	(cd /mnt/u && sha256sum -c /tmp/expect) >/tmp/sumcheck 2>&1 && return 0
	grep -v ': OK$' /tmp/sumcheck | sed "s/^/INFO: cut $1: /"
	return 1
}

big=64
nsmall=120
campaign ubifs ubi-hamming $cuts
modprobe jffs2
big=16	# a 2 MiB JFFS2 that holds the fixture's tree already
nsmall=100
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

# --- flips in a few blocks: UBI scrubs them ---------------------------------
# One flip per ECC step in the first four PEBs that hold a LEB (a VID
# header, "UBI!", in their first two pages): every read of them is
# corrected with -EUCLEAN, so UBI scrubs them: it moves the data to a clean
# PEB and erases the old one ("scrubbed PEB N ..., data moved to PEB M").
sb= n=0 b=0
while [ $b -lt 64 ] && [ $n -lt 4 ]; do
	if dd if=$in bs=2112 skip=$((b * 64)) count=2 2>/dev/null |
	   od -An -tx1 -v | tr -d ' \n' | grep -q 55424921; then
		sb="$sb --faults=flips:count=1,step,block=$b"
		n=$((n + 1))
	fi
	b=$((b + 1))
done
info "scrub: flips in the PEBs of$sb"
if [ $n -eq 4 ] && muse_start --name=scrub --ecc=hamming --seed=2 --writable \
	$sb $geom $in; then
	mtd=$(echo $MUSE_MTDS | cut -d' ' -f1)
	dmesg -c >/dev/null
	if ubiattach -m "${mtd#/dev/mtd}" -d 0 >/tmp/attach.log 2>&1 &&
	   mount -t ubifs -o ro ubi0:rootfs /mnt/u; then
		same_tree /mnt/u ubi-hamming "scrub: UBIFS reads the tree intact"
		i=0
		while [ $i -lt 50 ] && ! dmesg | grep -q 'scrubbed PEB'; do
			sleep 0.2
			i=$((i + 1))
		done
		dmesg | grep 'scrubbed PEB' | head -n 4 | sed 's/^/INFO: /'
		check "scrub: UBI scrubbed the PEBs with fixable flips ($(dmesg | grep -c 'scrubbed PEB') moved)" \
			sh -c "dmesg | grep -q 'scrubbed PEB'"
		detach
	else
		fail "scrub: ubiattach + mount"
		sed 's/^/INFO: /' /tmp/attach.log
	fi
	muse_stop
else
	fail "scrub: muse-mount --faults serves the dump (flips in $n mapped PEBs)"
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
