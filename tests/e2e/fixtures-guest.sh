# SPDX-License-Identifier: GPL-2.0-or-later
#
# Guest half of make-fixtures.sh: makes the nandsim fixture dumps with the
# real kernel (nandsim, JFFS2, UBI, UBIFS) and the real mtd-utils tools.
# Inputs: /in/inputs/{tree,boot.bin,static.bin} from fixture-inputs.sh.
# Outputs per fixture NAME in /out: NAME.oob.bin (nanddump --oob
# --bb=dumpbad), NAME.data-dumpbad.bin, NAME.data-skipbad.bin, NAME.sha256
# (content as mounted), NAME.tree (directories and link targets),
# NAME.cmds (every command run, in order) and NAME.info (what the kernel and
# the tools reported).

. /e2e/lib.sh

IN=/in/inputs
SEQ=1297437509		# "MUSE": UBI image sequence number for ubinize/ubiformat
mkdir -p /mnt/fs

# run CMD...: log the command to the fixture's .cmds file, then run it.
run() {
	echo "$*" >>"$CMDS"
	"$@"
}

# add_files DIR TAG: what the guest writes into the mounted file system
add_files() {
	mkdir -p "$1/added"
	echo "written by the $2 fixture run inside the guest" >"$1/added/$2.txt"
	head -c 50000 "$IN/static.bin" >"$1/added/blob-50000.bin"
	rm "$1/data/page-4096.bin"
	echo "rewritten in the guest" >"$1/etc/hostname"
}

# dump NAME MTD: the three nanddump variants, plus mtd facts
dump() {
	run nanddump -q --oob --bb=dumpbad -f "/out/$1.oob.bin" "$2"
	run nanddump -q --bb=dumpbad -f "/out/$1.data-dumpbad.bin" "$2"
	run nanddump -q -f "/out/$1.data-skipbad.bin" "$2"
	{
		echo "## mtdinfo -M $2"
		mtdinfo -M "$2"
	} >>"$INFO" 2>&1
}

start() {
	NAME=$1
	CMDS=/out/$NAME.cmds
	INFO=/out/$NAME.info
	: >"$CMDS"
	{
		echo "## kernel"
		cat /proc/version
		echo "## tools"
		nanddump --version 2>&1 | head -n1
		mkfs.jffs2 --version 2>&1 | head -n1
		mkfs.ubifs --version 2>&1 | head -n1
		ubinize --version 2>&1 | head -n1
		ubiformat --version 2>&1 | head -n1
	} >"$INFO"
}

finish() {
	{
		echo "## /proc/mtd"
		cat /proc/mtd
		echo "## kernel log (MTD/UBI/JFFS2/nandsim lines)"
		dmesg | grep -iE 'nand|mtd|ubi|jffs2|bad' | sed 's/^\[[ 0-9.]*\] //'
	} >>"$INFO"
	dmesg -c >/dev/null
}

# ---------------------------------------------------------------------------
jffs2_hamming() {
	start jffs2-hamming
	# nandsim's parts=8: mtd0 = blocks 0-7 ("boot"), mtd1 = the rest.  Debian's
	# kernel has no whole-chip device next to partitions, so the whole-chip
	# dumps are the two partition dumps put together.
	run modprobe nandsim id_bytes=0xec,0xf1,0x00,0x15 overridesize=5 badblocks=20 parts=8
	run flash_erase -q /dev/mtd0 0 8
	run nandwrite -q -p /dev/mtd0 $IN/boot.bin
	run flash_erase -q -j /dev/mtd1 0 24
	run mkfs.jffs2 -r $IN/tree -o /tmp/rootfs.jffs2 -e 128KiB -s 2048 -n -U -l
	run nandwrite -q -p /dev/mtd1 /tmp/rootfs.jffs2
	run modprobe jffs2
	run mount -t jffs2 mtd1 /mnt/fs
	cmp_tree /mnt/fs jffs2-hamming-first-mount
	add_files /mnt/fs jffs2-hamming
	echo "(write files: see add_files in tests/e2e/fixtures-guest.sh)" >>"$CMDS"
	sync
	tree_sums /mnt/fs >/out/jffs2-hamming.sha256
	tree_list /mnt/fs >/out/jffs2-hamming.tree
	sleep 2
	run umount /mnt/fs
	run mount -t jffs2 -o ro mtd1 /mnt/fs
	check_sums /mnt/fs jffs2-hamming
	run umount /mnt/fs
	dump jffs2-hamming.p0 /dev/mtd0
	dump jffs2-hamming.p1 /dev/mtd1
	for k in oob data-dumpbad data-skipbad; do
		cat /out/jffs2-hamming.p0.$k.bin /out/jffs2-hamming.p1.$k.bin >/out/jffs2-hamming.$k.bin
		rm /out/jffs2-hamming.p0.$k.bin /out/jffs2-hamming.p1.$k.bin
	done
	echo "cat <mtd0 dump> <mtd1 dump> > <whole-chip dump>   (for each of the three)" >>"$CMDS"
	finish
	run rmmod jffs2
	run rmmod nandsim
}

jffs2_bch8() {
	start jffs2-bch8
	run modprobe nandsim id_bytes=0xec,0xf1,0x00,0x15 overridesize=4 bch=8 badblocks=9
	run flash_erase -q -j /dev/mtd0 0 16
	run mkfs.jffs2 -r $IN/tree -o /tmp/rootfs.jffs2 -e 128KiB -s 2048 -n -U -l
	run nandwrite -q -p /dev/mtd0 /tmp/rootfs.jffs2
	run modprobe jffs2
	run mount -t jffs2 mtd0 /mnt/fs
	cmp_tree /mnt/fs jffs2-bch8-first-mount
	add_files /mnt/fs jffs2-bch8
	echo "(write files: see add_files in tests/e2e/fixtures-guest.sh)" >>"$CMDS"
	sync
	tree_sums /mnt/fs >/out/jffs2-bch8.sha256
	tree_list /mnt/fs >/out/jffs2-bch8.tree
	sleep 2
	run umount /mnt/fs
	run mount -t jffs2 -o ro mtd0 /mnt/fs
	check_sums /mnt/fs jffs2-bch8
	run umount /mnt/fs
	dump jffs2-bch8 /dev/mtd0
	finish
	run rmmod jffs2
	run rmmod nandsim
}

# NOR-style JFFS2 (clean-markers in band, no OOB) on mtdram, the kernel's
# RAM-backed MTD: 2 MiB, 64 KiB eraseblocks.
jffs2_nor() {
	start jffs2-nor
	run modprobe mtdram total_size=2048 erase_size=64
	run mkfs.jffs2 -r $IN/tree -o /tmp/rootfs.jffs2 -e 64KiB -p 0x200000 -U -l
	run flashcp /tmp/rootfs.jffs2 /dev/mtd0
	run modprobe jffs2
	run mount -t jffs2 mtd0 /mnt/fs
	cmp_tree /mnt/fs jffs2-nor-first-mount
	add_files /mnt/fs jffs2-nor
	echo "(write files: see add_files in tests/e2e/fixtures-guest.sh)" >>"$CMDS"
	sync
	tree_sums /mnt/fs >/out/jffs2-nor.sha256
	tree_list /mnt/fs >/out/jffs2-nor.tree
	sleep 2
	run umount /mnt/fs
	run mount -t jffs2 -o ro mtd0 /mnt/fs
	check_sums /mnt/fs jffs2-nor
	run umount /mnt/fs
	run mtd_debug read /dev/mtd0 0 0x200000 /out/jffs2-nor.bin
	{
		echo "## mtdinfo /dev/mtd0"
		mtdinfo /dev/mtd0
	} >>"$INFO" 2>&1
	finish
	run rmmod jffs2
	run rmmod mtdram
}

# ubi NAME BADBLOCK COMPR [nandsim params]
ubi_fixture() {
	local name=$1 bad=$2 compr=$3
	shift 3
	start "$name"
	run modprobe nandsim id_bytes=0xec,0xf1,0x00,0x15 overridesize=6 badblocks="$bad" "$@"
	run mkfs.ubifs -r $IN/tree -m 2048 -e 129024 -c 64 -x "$compr" -o /tmp/rootfs.ubifs
	cat >/tmp/ubinize.cfg <<-CFG
	[rootfs]
	mode=ubi
	image=/tmp/rootfs.ubifs
	vol_id=0
	vol_type=dynamic
	vol_size=4MiB
	vol_name=rootfs
	[blob]
	mode=ubi
	image=$IN/static.bin
	vol_id=1
	vol_type=static
	vol_name=blob
	vol_size=384KiB
	CFG
	{ echo "cat /tmp/ubinize.cfg:"; sed 's/^/    /' /tmp/ubinize.cfg; } >>"$CMDS"
	run ubinize -o /tmp/ubi.img -m 2048 -p 128KiB -s 512 -Q $SEQ /tmp/ubinize.cfg
	run ubiformat -q -y -f /tmp/ubi.img -Q $SEQ /dev/mtd0
	run modprobe ubi
	run ubiattach -m 0
	run ubimkvol /dev/ubi0 -N data -s 1MiB
	run modprobe ubifs
	run mount -t ubifs ubi0:rootfs /mnt/fs
	cmp_tree /mnt/fs "$name-first-mount"
	add_files /mnt/fs "$name"
	echo "(write files: see add_files in tests/e2e/fixtures-guest.sh)" >>"$CMDS"
	sync
	tree_sums /mnt/fs >"/out/$name.sha256"
	tree_list /mnt/fs >"/out/$name.tree"
	run umount /mnt/fs
	check "$name: static volume intact" cmp /dev/ubi0_1 $IN/static.bin
	{ echo "## ubinfo -a"; ubinfo -a; } >>"$INFO" 2>&1
	run ubidetach -m 0
	run ubiattach -m 0
	run mount -t ubifs -o ro ubi0:rootfs /mnt/fs
	check_sums /mnt/fs "$name"
	run umount /mnt/fs
	run ubidetach -m 0
	dump "$name" /dev/mtd0
	finish
	run rmmod ubifs
	run rmmod ubi
	run rmmod nandsim
}

# cmp_tree DIR NAME: DIR holds exactly the input tree
cmp_tree() {
	tree_sums "$IN/tree" >/tmp/want.sha256
	tree_list "$IN/tree" >/tmp/want.tree
	tree_sums "$1" >/tmp/got.sha256
	tree_list "$1" >/tmp/got.tree
	if cmp -s /tmp/want.sha256 /tmp/got.sha256 && cmp -s /tmp/want.tree /tmp/got.tree; then
		pass "$2: content equals the input tree"
	else
		fail "$2: content differs from the input tree"
		diff /tmp/want.sha256 /tmp/got.sha256
		diff /tmp/want.tree /tmp/got.tree
	fi
}

# check_sums DIR NAME: DIR (remounted) matches /out/NAME.sha256 and .tree
check_sums() {
	tree_sums "$1" >/tmp/got.sha256
	tree_list "$1" >/tmp/got.tree
	if cmp -s "/out/$2.sha256" /tmp/got.sha256 && cmp -s "/out/$2.tree" /tmp/got.tree; then
		pass "$2: remounted content equals the recorded checksums"
	else
		fail "$2: remounted content differs"
		diff "/out/$2.sha256" /tmp/got.sha256
	fi
}

# fixture LABEL FUNCTION [ARGS]
fixture() {
	local label=$1 fn=$2
	shift 2
	( set -e; "$fn" "$@" )
	if [ $? -eq 0 ] && ! grep -q '^mtd' /proc/mtd; then
		pass "fixture $label made"
	else
		fail "fixture $label: a command failed (last: $(tail -n1 /out/*.cmds 2>/dev/null | tail -n1))"
		umount /mnt/fs 2>/dev/null
		ubidetach -m 0 2>/dev/null
		for m in ubifs ubi jffs2 nandsim mtdram; do
			rmmod $m 2>/dev/null
		done
	fi
}

dmesg -c >/dev/null
# only the fixtures named in /in/inputs/only (all when it is absent)
want() {
	[ ! -f $IN/only ] || grep -qx "$1" $IN/only
}
want jffs2-hamming && fixture jffs2-hamming jffs2_hamming
want ubi-hamming && fixture ubi-hamming ubi_fixture ubi-hamming 41 lzo
want ubi-bch4 && fixture ubi-bch4 ubi_fixture ubi-bch4 17 zlib bch=4
want jffs2-bch8 && fixture jffs2-bch8 jffs2_bch8
want jffs2-nor && fixture jffs2-nor jffs2_nor
e2e_exit
