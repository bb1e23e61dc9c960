#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# /init of the throwaway guest that `muse-mount extract` boots (built into
# its initramfs by prepare.sh).  The dump is /dev/vda (read-only), the
# output disk /dev/vdb; the serve options come from QEMU's fw_cfg
# (opt/muse-mount/args, one per line).  Serves the dump with muse.ko and
# muse-mount, mounts every file system it holds read-only under /x/<name>,
# then `muse-mount extract --guest-walk` writes the files, their metadata
# and the kernel log as one tar onto /dev/vdb.  The host follows the
# MM-* lines on the serial console.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
echo /sbin/modprobe >/proc/sys/kernel/modprobe
echo "MM-STAGE booted $(cut -d' ' -f1 /proc/uptime)"

fin() {	# STATUS [MESSAGE]: report and power off
	[ -z "$2" ] || echo "MM-ERROR $2"
	echo "MM-DONE rc=$1"
	sync
	poweroff -f
}

modprobe -a virtio_pci virtio_blk qemu_fw_cfg 2>/tmp/modprobe.err ||
	fin 3 "guest: cannot load virtio/fw_cfg modules: $(head -n1 /tmp/modprobe.err)"
i=0
while { [ ! -b /dev/vdb ] || [ ! -d /sys/firmware/qemu_fw_cfg/by_name/opt/muse-mount ]; } &&
      [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
cfg=/sys/firmware/qemu_fw_cfg/by_name/opt/muse-mount
[ -b /dev/vda ] && [ -b /dev/vdb ] || fin 3 "guest: no dump or output disk"
[ -r $cfg/args/raw ] || fin 3 "guest: no arguments from the host (fw_cfg)"

set --
while IFS= read -r l; do
	set -- "$@" "$l"
done <$cfg/args/raw
mode=walk
[ ! -r $cfg/mode/raw ] || mode=$(cat $cfg/mode/raw)

# muse.ko's read-ahead: JFFS2 and UBIFS read a node or a page at a time,
# each a round trip to the server; a 128 KiB window makes most of them a
# copy (only windows the server returned clean are kept; the MTD is
# read-only here)
modprobe -a mtd ubi ubifs jffs2 squashfs 2>/tmp/modprobe.err &&
	modprobe muse readahead_kb=128 2>>/tmp/modprobe.err ||
	fin 3 "guest: cannot load the MTD modules: $(head -n1 /tmp/modprobe.err)"
modprobe -a zstd crc16 deflate lzo lz4 2>/dev/null

# A dump whose size is no multiple of 512 reaches the guest padded with
# zeros to the next sector (a container's trailer must stay last): the
# exact bytes then go to RAM first.
dump=/dev/vda
size=$(cat $cfg/size/raw 2>/dev/null)
if [ -n "$size" ] && [ "$size" != "$(blockdev --getsize64 /dev/vda)" ]; then
	head -c "$size" /dev/vda >/tmp/dump || fin 3 "guest: cannot copy the dump to memory"
	dump=/tmp/dump
fi

echo "MM-STAGE serve"
: >/tmp/ecc.log
muse-mount --no-progress --ecc-log=/tmp/ecc.log "$@" $dump >/tmp/serve.out 2>/tmp/serve.err &
srv=$!
i=0
while ! grep -q '^/dev/mtd' /tmp/serve.out; do
	if ! kill -0 $srv 2>/dev/null; then
		fin 2 "$(grep -v '^$' /tmp/serve.err | tail -n1 | sed "s|$dump: ||")"
	fi
	i=$((i + 1))
	[ $i -lt 300 ] || fin 3 "guest: no MTD appeared within 30 s"
	sleep 0.1
done
sleep 0.5	# partitions register one after the other
cp /proc/mtd /tmp/mtd.txt

# mounts.tsv: NAME<TAB>MTD<TAB>TYPE<TAB>STATUS<TAB>MESSAGE, one per file
# system (or partition without one).
mounts=/tmp/mounts.tsv
: >$mounts
mkdir -p /x

unique() {	# NAME: a directory name under /x not taken yet
	n=$(printf '%s' "$1" | tr -c 'A-Za-z0-9._+-' '_')
	case $n in ''|.|..|manifest.json|kernel.log|console.log) n=_$n ;; esac
	c=$n
	k=2
	while [ -e "/x/$c" ]; do
		c=$n~$k
		k=$((k + 1))
	done
	echo "$c"
}

magic() {	# DEV OFFSET LEN: hex bytes
	dd if="$1" bs=1 skip="$2" count="$3" 2>/dev/null | od -An -tx1 | tr -d ' \n'
}

klines() {	# the kernel log's length, in lines
	dmesg | wc -l
}

why() {	# FROM FILE: why a mount failed: the first error the kernel logged
	# since line FROM, else the last line of FILE (the tool's message)
	_k=$(dmesg | tail -n +$(($1 + 1)) | sed 's/^\[[ 0-9.]*\] //' |
		grep -m1 -E '^(UBIFS error|ubi[0-9]+ error|jffs2: )')
	if [ -n "$_k" ]; then
		echo "$_k ($(grep -v '^$' "$2" | tail -n1))"
	else
		grep -v '^$' "$2" | tail -n1
	fi
}

try_ubi() {	# MTDNUM NAME
	k0=$(klines)
	ubiattach -m "$1" >/tmp/ubiattach.out 2>&1 || {
		echo "$2	mtd$1	ubi	failed	$(why "$k0" /tmp/ubiattach.out)" >>$mounts
		return 0
	}
	ubi=$(sed -n 's/.*UBI device number \([0-9]*\).*/\1/p' /tmp/ubiattach.out | head -n1)
	for v in /sys/class/ubi/ubi${ubi}_*; do
		[ -e "$v/name" ] || continue
		vn=$(cat "$v/name")
		vid=${v##*_}
		vt=$(cat "$v/type")
		d=$(unique "$vn")
		mkdir -p "/x/$d"
		k0=$(klines)
		if [ "$(magic /dev/ubi${ubi}_$vid 0 4)" = 31181006 ]; then
			if mount -t ubifs -o ro,chk_data_crc "/dev/ubi${ubi}_$vid" "/x/$d" 2>/tmp/m.err; then
				echo "$d	mtd$1	ubifs	mounted	ubi${ubi}_$vid $vt volume" >>$mounts
			else
				echo "$d	mtd$1	ubifs	failed	$(why "$k0" /tmp/m.err)" >>$mounts
				rmdir "/x/$d"
			fi
		elif [ "$(magic /dev/ubi${ubi}_$vid 0 4)" = 68737173 ]; then
			ubiblock --create "/dev/ubi${ubi}_$vid" >/dev/null 2>&1
			if mount -t squashfs -o ro "/dev/ubiblock${ubi}_$vid" "/x/$d" 2>/tmp/m.err; then
				echo "$d	mtd$1	squashfs	mounted	ubi${ubi}_$vid $vt volume (ubiblock)" >>$mounts
			else
				echo "$d	mtd$1	squashfs	failed	$(why "$k0" /tmp/m.err)" >>$mounts
				rmdir "/x/$d"
			fi
		else
			# no file system: the volume's bytes as one file
			if cat "/dev/ubi${ubi}_$vid" >"/x/$d/$d.img" 2>/tmp/m.err; then
				echo "$d	mtd$1	volume	copied	ubi${ubi}_$vid $vt volume, no file system: $d.img" >>$mounts
			else
				echo "$d	mtd$1	volume	failed	$(tail -n1 /tmp/m.err)" >>$mounts
			fi
		fi
	done
}

is_jffs2() {	# MTDNUM: a JFFS2 node magic at the start of one of the first blocks
	es=$(cat /sys/class/mtd/mtd$1/erasesize)
	nb=$(($(cat /sys/class/mtd/mtd$1/size) / es))
	b=0
	while [ $b -lt $nb ] && [ $b -lt 64 ]; do
		case $(magic /dev/mtd$1 $((b * es)) 2) in
		8519|1985) return 0 ;;
		esac
		b=$((b + 1))
	done
	return 1
}

is_ubi() {	# MTDNUM: "UBI#" at the start of one of the first blocks
	es=$(cat /sys/class/mtd/mtd$1/erasesize)
	nb=$(($(cat /sys/class/mtd/mtd$1/size) / es))
	b=0
	while [ $b -lt $nb ] && [ $b -lt 64 ]; do
		[ "$(magic /dev/mtd$1 $((b * es)) 4)" = 55424923 ] && return 0
		b=$((b + 1))
	done
	return 1
}

echo "MM-STAGE mount"
# From here on the host counts the kernel's UBI, UBIFS and JFFS2 problems
# (cli/extract.c, kernel_problems()).
echo "muse-mount extract: mounting" >/dev/kmsg
for dev in $(sed -n 's|^/dev/mtd\([0-9]*\):.*|\1|p' /tmp/serve.out); do
	name=$(cat /sys/class/mtd/mtd$dev/name)
	if is_ubi "$dev"; then
		try_ubi "$dev" "$name"
	elif is_jffs2 "$dev"; then
		d=$(unique "$name")
		mkdir -p "/x/$d"
		k0=$(klines)
		if mount -t jffs2 -o ro "mtd$dev" "/x/$d" 2>/tmp/m.err; then
			echo "$d	mtd$dev	jffs2	mounted	" >>$mounts
		else
			echo "$d	mtd$dev	jffs2	failed	$(why "$k0" /tmp/m.err)" >>$mounts
			rmdir "/x/$d"
		fi
	else
		echo "$name	mtd$dev	none	skipped	no JFFS2 or UBI found" >>$mounts
	fi
done
while IFS='	' read -r n m t s msg; do
	echo "MM-MOUNT $n $m $t $s $msg"
done <$mounts

if [ "$mode" = shell ]; then
	echo "MM-STAGE shell"
	echo "muse-mount extract: the file systems are mounted read-only under /x; exit the shell to end the guest"
	setsid cttyhack sh -l
	fin 0
fi

echo "MM-STAGE copy"
muse-mount extract --guest-walk --ecc-log=/tmp/ecc.log -o /dev/vdb \
	--meta=/tmp/mounts.tsv --meta=/tmp/mtd.txt --meta=/tmp/serve.out \
	--meta=/tmp/serve.err --meta=/etc/mm-versions /x
rc=$?
fin $rc
