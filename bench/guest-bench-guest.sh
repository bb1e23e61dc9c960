# SPDX-License-Identifier: GPL-2.0-or-later
#
# guest-bench-guest.sh - the guest half of `make bench-guest`
# (bench/guest-bench.sh): in one boot, the same images on nandsim and on
# muse-mount, measured interleaved, BENCH_REPEAT times each.  Every
# measurement is one line "R METRIC IMPL SECONDS" in /out/raw.txt; the host
# takes the medians and prints the table.
#
# Inputs: none (the images are made here with mkfs.jffs2 / mkfs.ubifs /
# ubinize on nandsim, as tests/fixtures/README describes).  Kernel command
# line: mm_repeat=N (repeats, default 3), mm_tree=MiB (file data, default 48),
# mm_ra=KiB (muse.ko's read-ahead window, readahead_ecc on; default 128,
# 0 = off).
. /e2e/lib.sh
# BENCH_MM: another build of muse-mount to measure
[ -x /in/muse-mount ] && cp /in/muse-mount /usr/bin/muse-mount
need_muse

R=3
TREE=48
RA=128
for a in $(cat /proc/cmdline); do
	case $a in
	mm_repeat=*) R=${a#mm_repeat=} ;;
	mm_tree=*) TREE=${a#mm_tree=} ;;
	mm_ra=*) RA=${a#mm_ra=} ;;
	esac
done
# the read-ahead window for the MTDs served below (kmod/README.md)
echo "$RA" >/sys/module/muse/parameters/readahead_kb
echo 1 >/sys/module/muse/parameters/readahead_ecc
info "muse.ko readahead_kb=$(cat /sys/module/muse/parameters/readahead_kb) readahead_ecc=$(cat /sys/module/muse/parameters/readahead_ecc)"
# the server prints its counters and phase times at exit (cli/serve.c)
export MM_PROFILE=1
RAW=/out/raw.txt
: >$RAW
CHIP="id_bytes=0xec,0xda,0x00,0x15"	# Samsung 256 MiB SLC, 2048+64, 128 KiB
modprobe jffs2
modprobe ubi
modprobe ubifs
mkdir -p /mnt/n /mnt/m /tmp/tree

# Wall time with /proc/uptime (10 ms): t0=$(now); ...; el $t0
now() { cut -d' ' -f1 /proc/uptime; }
el() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
rec() { echo "R $1 $2 $3" >>$RAW; echo "INFO: $1 $2 $3 s"; }

# timed METRIC IMPL CMD...: run CMD, record its wall time.
timed() {
	local m=$1 i=$2 t0 rc
	shift 2
	t0=$(now)
	"$@"
	rc=$?
	rec "$m" "$i" "$(el "$t0")"
	[ $rc -eq 0 ] || fail "$m $i: $* (status $rc)"
}

# ---- the file tree: small text files, some large incompressible ones ----
info "making a tree of ~$TREE MiB"
i=0
while [ $i -lt 400 ]; do
	mkdir -p /tmp/tree/d$((i % 20))
	seq $((i * 100)) $((i * 100 + 500)) >/tmp/tree/d$((i % 20))/f$i.txt
	i=$((i + 1))
done
i=0
while [ $i -lt $((TREE / 2)) ]; do
	dd if=/dev/urandom of=/tmp/tree/big$i.bin bs=1M count=2 2>/dev/null
	i=$((i + 1))
done
readall() { find "$1" -type f -exec cat {} + >/dev/null; }

# ---- JFFS2 image, nandsim (BCH-8) dump of it ----
mkfs.jffs2 -e 128KiB -n -r /tmp/tree -o /tmp/j.img || fail "mkfs.jffs2"
info "jffs2 image: $(wc -c </tmp/j.img) bytes"
nandsim_n() { modprobe nandsim $CHIP "$@" && wait_for /dev/mtd0; }
nandsim_n bch=8 || { fail "nandsim loads"; e2e_exit; }
nandwrite -q -p /dev/mtd0 /tmp/j.img || fail "nandwrite jffs2"
nanddump -q --oob --bb=dumpbad -f /tmp/j.oob /dev/mtd0 || fail "nanddump jffs2"
info "jffs2 dump: $(wc -c </tmp/j.oob) bytes"

# muse MTDs: ECC on and off, beside nandsim's mtd0
# mstart NAME ARGS...: serve as MTD NAME; sets MTD and MUSE_PID
mstart() {
	local n=$1
	shift
	MUSE_LOG=/out/$n.log
	muse_start --name="$n" "$@" || { fail "muse-mount $*"; e2e_exit; }
	MTD=$(echo $MUSE_MTDS | cut -d' ' -f1)
}
mstart mm-ecc --ecc=bch8 /tmp/j.oob
MECC=$MTD PECC=$MUSE_PID
mstart mm-raw /tmp/j.oob
MRAW=$MTD PRAW=$MUSE_PID
info "nandsim /dev/mtd0, muse-mount ECC $MECC, raw $MRAW"

# dd of DEV: COUNT blocks of BS
ddr() { dd if="$1" of=/dev/null bs="$2" count="$3" 2>/dev/null; }

r=0
while [ $r -lt $R ]; do
	timed dd128k-ecc nandsim ddr /dev/mtd0 128k 512
	timed dd128k-ecc muse ddr "$MECC" 128k 512
	timed dd2k-ecc nandsim ddr /dev/mtd0 2k 8192
	timed dd2k-ecc muse ddr "$MECC" 2k 8192
	timed nanddump nandsim nanddump -q -f /dev/null /dev/mtd0
	timed nanddump muse nanddump -q -f /dev/null "$MECC"
	timed jffs2-mount nandsim mount -t jffs2 -o ro mtd0 /mnt/n
	timed jffs2-mount muse mount -t jffs2 -o ro "mtd${MECC#/dev/mtd}" /mnt/m
	echo 3 >/proc/sys/vm/drop_caches
	timed jffs2-readall nandsim readall /mnt/n
	timed jffs2-readall muse readall /mnt/m
	umount /mnt/n; umount /mnt/m
	r=$((r + 1))
done
kill $PECC; MUSE_MTDS=$MECC mtd_gone
rmmod nandsim

# ECC off: nandsim has no such mode; its cheapest is the default 1-bit
# Hamming, against muse-mount serving the stored bytes.
nandsim_n || { fail "nandsim loads"; e2e_exit; }
nandwrite -q -p /dev/mtd0 /tmp/j.img || fail "nandwrite jffs2"
r=0
while [ $r -lt $R ]; do
	timed dd128k-raw nandsim ddr /dev/mtd0 128k 512
	timed dd128k-raw muse ddr "$MRAW" 128k 512
	timed dd2k-raw nandsim ddr /dev/mtd0 2k 8192
	timed dd2k-raw muse ddr "$MRAW" 2k 8192
	r=$((r + 1))
done
kill $PRAW; MUSE_MTDS=$MRAW mtd_gone
rmmod nandsim

# ---- command to mounted, JFFS2: the recipe against muse-mount ----
wait_mtd0() { wait_for /dev/mtd0; }
rec_n_jffs2() {
	modprobe nandsim $CHIP bch=8 && wait_mtd0 &&
		nandwrite -q -o /dev/mtd0 /tmp/j.oob &&
		mount -t jffs2 -o ro mtd0 /mnt/n
}
# muse-mount in the background; the command is done when its MTD is there
mm_mount() {
	local fs=$1 dump=$2 d= i=0
	muse-mount --name=mm-cmd --ecc=bch8 "$dump" >>/tmp/mm-cmd.log 2>&1 &
	while [ -z "$d" ]; do
		d=$(mtd_by_name mm-cmd)
		[ -n "$d" ] && [ -e "$d" ] && break
		d=
		i=$((i + 1))
		[ $i -lt 3000 ] || return 1
		sleep 0.01
	done
	case $fs in
	jffs2) mount -t jffs2 -o ro "mtd${d#/dev/mtd}" /mnt/m ;;
	ubifs) ubiattach -m "${d#/dev/mtd}" -d 1 >/dev/null &&
		mount -t ubifs -o ro ubi1:fs /mnt/m ;;
	esac
}
mm_umount() {
	umount /mnt/m
	[ "$1" = ubifs ] && ubidetach -d 1
	local p
	p=$(cat /sys/class/mtd/"$(mtd_by_name mm-cmd | sed 's|/dev/||')"/muse_pid)
	MUSE_MTDS=$(mtd_by_name mm-cmd)
	kill "$p"
	mtd_gone
}
r=0
while [ $r -lt $R ]; do
	sync; echo 3 >/proc/sys/vm/drop_caches
	timed cmd-jffs2 nandsim rec_n_jffs2
	umount /mnt/n; rmmod nandsim
	sync; echo 3 >/proc/sys/vm/drop_caches
	timed cmd-jffs2 muse mm_mount jffs2 /tmp/j.oob
	mm_umount jffs2
	r=$((r + 1))
done
rm -f /tmp/j.oob /tmp/j.img

# ---- UBI / UBIFS: image, dump, ubiattach, command to mounted ----
# LEB 129024 = 128 KiB - 2048: with sub-pages of 512 (ubinize -s 512,
# nandsim's SLC chip has them) the VID header is at 512 and the data at
# 2048; -e 126976 (data at 4096) made every UBIFS mount fail with "LEB
# size mismatch", on nandsim and muse-mount alike
mkfs.ubifs -q -m 2048 -e 129024 -c 1900 -r /tmp/tree -o /tmp/fs.ubifs ||
	fail "mkfs.ubifs"
cat >/tmp/ubi.ini <<X
[fs]
mode=ubi
image=/tmp/fs.ubifs
vol_id=0
vol_size=200MiB
vol_type=dynamic
vol_name=fs
X
ubinize -o /tmp/u.img -m 2048 -p 128KiB -s 512 /tmp/ubi.ini || fail "ubinize"
rm -f /tmp/fs.ubifs
nandsim_n bch=8 || { fail "nandsim loads"; e2e_exit; }
ubiformat -q -y -f /tmp/u.img /dev/mtd0 || fail "ubiformat"
nanddump -q --oob --bb=dumpbad -f /tmp/u.oob /dev/mtd0 || fail "nanddump ubi"
mstart mm-ubi --ecc=bch8 /tmp/u.oob
MU=$MTD PU=$MUSE_PID
r=0
while [ $r -lt $R ]; do
	timed ubiattach nandsim ubiattach -m 0 -d 0 >/dev/null
	timed ubiattach muse ubiattach -m "${MU#/dev/mtd}" -d 1 >/dev/null
	timed ubifs-mount nandsim mount -t ubifs -o ro ubi0:fs /mnt/n
	timed ubifs-mount muse mount -t ubifs -o ro ubi1:fs /mnt/m
	echo 3 >/proc/sys/vm/drop_caches
	timed ubifs-readall nandsim readall /mnt/n
	timed ubifs-readall muse readall /mnt/m
	umount /mnt/n; umount /mnt/m
	ubidetach -d 0; ubidetach -d 1
	r=$((r + 1))
done
kill $PU; MUSE_MTDS=$MU mtd_gone
rmmod nandsim

rec_n_ubi() {
	modprobe nandsim $CHIP bch=8 && wait_mtd0 &&
		nandwrite -q -o /dev/mtd0 /tmp/u.oob &&
		ubiattach -m 0 -d 0 >/dev/null &&
		mount -t ubifs -o ro ubi0:fs /mnt/n
}
r=0
while [ $r -lt $R ]; do
	sync; echo 3 >/proc/sys/vm/drop_caches
	timed cmd-ubifs nandsim rec_n_ubi
	umount /mnt/n; ubidetach -d 0; rmmod nandsim
	sync; echo 3 >/proc/sys/vm/drop_caches
	timed cmd-ubifs muse mm_mount ubifs /tmp/u.oob
	mm_umount ubifs
	r=$((r + 1))
done
cp /tmp/mm-cmd.log /out/ 2>/dev/null
grep -q . $RAW && pass "measured"
e2e_exit
