#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# guest.sh - run a shell script inside a QEMU guest that boots Debian 12's
# own kernel (fetched by kernel.sh), with the real MTD/UBI/JFFS2/FUSE stack,
# busybox, kmod and mtd-utils.
#
# usage: tests/e2e/guest.sh [-i FILE]... [-o OUTDIR] [-t SECONDS] [-l LOG] SCRIPT
#
#   -i FILE    make FILE available in the guest as /in/<basename> (repeatable;
#              directories are copied recursively).  Passed in as a tar on a
#              read-only virtio disk (/dev/vda).
#   -o OUTDIR  whatever SCRIPT leaves in /out is copied to OUTDIR (via a tar on
#              a second, blank virtio disk, /dev/vdb).
#   -t SECONDS time limit for the whole guest run (default 300).
#   -l LOG     keep the serial console log here (default
#              $E2E_DIR/logs/<script>.log).
#   -P         only prepare (fetch the kernel, build the cached base
#              initramfs) and exit; no SCRIPT.
#
# The guest runs SCRIPT with /bin/sh, inputs under /in, outputs to /out,
# helpers in /e2e/lib.sh (and /e2e/kmod-lib.sh).  If build/muse-mount and
# kmod/muse.ko exist they are installed as /usr/bin/muse-mount and as module
# "muse".
#
# Exit status: SCRIPT's status; 124 on time-out; 125 on a harness failure
# (no boot marker, no result marker); 126 if the guest kernel logged an Oops,
# BUG, WARNING or general protection fault (even if SCRIPT succeeded).
#
# Environment: E2E_DIR (default build/e2e), E2E_KERNEL (kernel series, see
# kernel.sh), E2E_MUSE_KO (the muse.ko to install, default kmod/muse.ko),
# E2E_MEM (MiB, default 512),
# E2E_OUT_MB (output disk size, default 512), E2E_APPEND (more kernel
# parameters), E2E_QUIET=1 (do not echo the
# console, only the lines the script printed).

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
E2E_DIR=${E2E_DIR:-$top/build/e2e}
E2E_MEM=${E2E_MEM:-512}
E2E_OUT_MB=${E2E_OUT_MB:-512}

die() { echo "guest.sh: $*" >&2; exit 125; }

inputs=()
outdir=
limit=300
log=
prepare_only=false
while getopts 'i:o:t:l:Ph' opt; do
	case $opt in
	P) prepare_only=true ;;
	i) inputs+=("$OPTARG") ;;
	o) outdir=$OPTARG ;;
	t) limit=$OPTARG ;;
	l) log=$OPTARG ;;
	*) sed -n 's/^# \{0,1\}//; 4,20p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
$prepare_only || [ $# -eq 1 ] || die "usage: guest.sh [-i FILE]... [-o OUTDIR] [-t SECONDS] SCRIPT"
script=${1:-}
$prepare_only || [ -f "$script" ] || die "$script: no such script"
for f in "${inputs[@]+"${inputs[@]}"}"; do
	[ -e "$f" ] || die "$f: no such input"
done

"$here/kernel.sh"
E2E_DIR=$(cd "$E2E_DIR" && pwd)
kver=$(cat "$E2E_DIR/kver")
root=$E2E_DIR/root
moddir=$root/lib/modules/$kver

# Modules the guest gets (with their dependencies from modules.dep).
guest_modules=(
	virtio_pci virtio_blk
	mtd mtd_blkdevs mtdblock mtdblock_ro nandcore nand nandsim bch
	ubi ubifs jffs2 fuse loop block2mtd mtdram crc16 zstd
	mtdswap
)
# Taken when the kernel has them as modules: built in on 6.1, modules on
# 6.12 (UBIFS cannot initialise its zlib compressor without deflate).
guest_modules_opt=(deflate)

# Host binaries the guest gets, with their shared libraries.
guest_bins=(
	/usr/bin/kmod
	$(dpkg -L mtd-utils 2>/dev/null | grep '/s\?bin/' || true)
)

copy_libs() {
	local dest=$1 bin=$2 lib
	ldd "$bin" 2>/dev/null | awk '/=> \//{print $3} /^\t\//{print $1}' |
	while read -r lib; do
		g=/usr${lib#/usr}
		[ -e "$dest$g" ] && continue
		mkdir -p "$dest$(dirname "$g")"
		cp -L "$lib" "$dest$g"
	done || true
}

copy_with_libs() {
	local g=/usr${2#/usr}
	mkdir -p "$1$(dirname "$g")"
	cp -L "$2" "$1$g"
	copy_libs "$1" "$2"
}

# ---------------------------------------------------------------------------
# Base initramfs: kernel modules, busybox, kmod, mtd-utils.  Cached.
base=$E2E_DIR/base-$kver.cpio
stamp=$( (cat "$here/guest.sh" /bin/busybox; dpkg-query -W mtd-utils kmod busybox-static 2>/dev/null) | sha256sum | cut -c1-16)
if [ ! -f "$base" ] || [ "$(cat "$base.stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "guest.sh: building base initramfs" >&2
	st=$(mktemp -d "$E2E_DIR/base.XXXXXX")
	trap 'rm -rf "$st"' EXIT
	mkdir -p "$st"/usr/{bin,sbin,lib,lib64} "$st"/{dev,proc,sys,tmp,run,in,out,mnt,e2e,etc,root}
	ln -s usr/bin "$st/bin"
	ln -s usr/sbin "$st/sbin"
	ln -s usr/lib "$st/lib"
	ln -s usr/lib64 "$st/lib64"
	mknod "$st/dev/console" c 5 1
	mknod "$st/dev/null" c 1 3
	cp /bin/busybox "$st/usr/bin/busybox"
	for l in $(/bin/busybox --list-full); do
		[ -e "$st/$l" ] || [ -L "$st/$l" ] || ln -s /usr/bin/busybox "$st/$l"
	done
	for b in "${guest_bins[@]}"; do
		rm -f "$st/usr${b#/usr}"
		copy_with_libs "$st" "$b"
	done
	for l in modprobe insmod rmmod lsmod depmod modinfo; do
		rm -f "$st/usr/sbin/$l" "$st/usr/bin/$l"
		ln -s /usr/bin/kmod "$st/usr/sbin/$l"
	done
	# module closure from modules.dep
	declare -A want=()
	declare -A path_of=()
	declare -A deps_of=()
	while IFS=: read -r m d; do
		n=${m##*/}; n=${n%%.ko*}; n=${n//-/_}	# .ko or .ko.xz (6.12)
		path_of[$n]=$m
		deps_of[$n]=$d
	done <"$moddir/modules.dep"
	declare -A builtin=()
	while read -r m; do
		n=${m##*/}; n=${n%%.ko*}; builtin[${n//-/_}]=1
	done <"$moddir/modules.builtin"
	add_mod() {
		local n=${1//-/_} d
		[ -n "${want[$n]:-}" ] && return 0
		# built into this kernel (virtio_pci on 6.12)
		[ -z "${path_of[$n]:-}" ] && [ -n "${builtin[$n]:-}" ] && return 0
		[ -n "${path_of[$n]:-}" ] || die "module $n not in $kver"
		want[$n]=1
		for d in ${deps_of[$n]}; do
			d=${d##*/}; d=${d%%.ko*}
			add_mod "$d"
		done
	}
	for m in "${guest_modules[@]}"; do
		add_mod "$m"
	done
	for m in "${guest_modules_opt[@]}"; do
		[ -z "${path_of[$m]:-}" ] || add_mod "$m"
	done
	gm=$st/usr/lib/modules/$kver
	mkdir -p "$gm"
	for n in "${!want[@]}"; do
		mkdir -p "$gm/$(dirname "${path_of[$n]}")"
		cp "$moddir/${path_of[$n]}" "$gm/${path_of[$n]}"
	done
	cp "$moddir"/modules.{order,builtin,builtin.modinfo} "$gm/"
	depmod -b "$st" "$kver"
	(cd "$st" && find . -mindepth 1 | cpio -o -H newc --quiet) >"$base.tmp"
	mv "$base.tmp" "$base"
	echo "$stamp" >"$base.stamp"
	rm -f "$base.gz" "$base.gz.stamp"	# (older, compressed caches)
	rm -rf "$st"
	trap - EXIT
fi

$prepare_only && exit 0

# ---------------------------------------------------------------------------
# Per-run parts: /init, helpers, the script, muse.ko and muse-mount.
run=$(mktemp -d "${TMPDIR:-/tmp}/e2e-run.XXXXXX")
trap 'rm -rf "$run"' EXIT
ex=$run/extra
mkdir -p "$ex/e2e" "$ex/usr/lib/modules/$kver/extra"
install -m 755 "$here/guest-init.sh" "$ex/init"
install -m 644 "$here/guest-lib.sh" "$ex/e2e/lib.sh"
install -m 644 "$here/kmod-lib.sh" "$ex/e2e/kmod-lib.sh"	# for kmod-*.sh
install -m 755 "$script" "$ex/e2e/script"
echo "$kver" >"$ex/e2e/kver"
muse_ko=${E2E_MUSE_KO:-$top/kmod/muse.ko}
if [ -f "$muse_ko" ]; then
	cp "$muse_ko" "$ex/usr/lib/modules/$kver/extra/muse.ko"
fi
if [ -x "$top/build/muse-mount" ]; then
	mkdir -p "$ex/usr/bin"
	cp "$top/build/muse-mount" "$ex/usr/bin/muse-mount"
	# libraries go to their merged-/usr place (/lib is a symlink there)
	ldd "$top/build/muse-mount" 2>/dev/null |
	awk '/=> \//{print $3} /^\t\//{print $1}' | while read -r l; do
		g=/usr${l#/usr}
		mkdir -p "$ex$(dirname "$g")"
		cp -L "$l" "$ex$g"
	done
fi
initrd=$run/initrd.cpio
{
	cat "$base"
	(cd "$ex" && find . -mindepth 1 | cpio -o -H newc --quiet)
} >"$initrd"

# Input disk: a tar of the inputs (never empty, so /dev/vda always exists).
# (symbolic links inside input directories stay links)
tarargs=()
for f in "${inputs[@]+"${inputs[@]}"}"; do
	tarargs+=(-C "$(cd "$(dirname "$f")" && pwd)" "$(basename "$f")")
done
mkdir -p "$run/empty"
tar -cf "$run/in.tar" --owner=0 --group=0 -C "$run/empty" . "${tarargs[@]+"${tarargs[@]}"}"
truncate -s "${E2E_OUT_MB}M" "$run/out.img"

if [ -z "$log" ]; then
	mkdir -p "$E2E_DIR/logs"
	log=$E2E_DIR/logs/$(basename "$script" .sh).log
fi
mkdir -p "$(dirname "$log")"

qemu=(qemu-system-x86_64 -machine q35 -accel tcg -m "$E2E_MEM" -smp 1
	-display none -monitor none -serial stdio -no-reboot -nic none
	-kernel "$root/boot/vmlinuz-$kver" -initrd "$initrd"
	-append "console=ttyS0 panic=-1 quiet log_buf_len=4M ${E2E_APPEND:-}"
	-drive "file=$run/in.tar,format=raw,if=virtio,readonly=on"
	-drive "file=$run/out.img,format=raw,if=virtio")

set +e
if [ "${E2E_QUIET:-0}" = 1 ]; then
	timeout -k 5 "$limit" "${qemu[@]}" </dev/null 2>&1 | tr -d '\r' >"$log"
	qrc=${PIPESTATUS[0]}
	grep -a -E '(PASS|FAIL|SKIP|INFO|ok|not ok): ' "$log" | grep -av 'E2E-' || true
else
	timeout -k 5 "$limit" "${qemu[@]}" </dev/null 2>&1 | tr -d '\r' | tee "$log"
	qrc=${PIPESTATUS[0]}
fi
set -e

if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "guest.sh: $(basename "$script"): guest timed out after ${limit}s (log: $log)" >&2
	exit 124
fi
grep -aq 'E2E-BOOTED' "$log" ||
	die "$(basename "$script"): guest did not boot (qemu status $qrc, log: $log)"
res=$(grep -ao 'E2E-RESULT rc=[0-9]*' "$log" | tail -n1 | sed 's/.*rc=//')
[ -n "$res" ] ||
	die "$(basename "$script"): guest gave no result (qemu status $qrc, log: $log)"

if [ -n "$outdir" ]; then
	mkdir -p "$outdir"
	if grep -aq 'E2E-OUT-OK' "$log"; then
		tar -xf "$run/out.img" -C "$outdir"
	else
		echo "guest.sh: $(basename "$script"): guest wrote no output tar" >&2
		[ "$res" != 0 ] || res=125
	fi
fi

# Oops/BUG/GPF reach the console even with "quiet" (and even if the guest
# could not check its log any more): look there too.
if sed '/E2E-DMESG-BEGIN/,/E2E-DMESG-END/d' "$log" | grep -a '^\[ *[0-9]*\.[0-9]*\] ' |
	grep -aE '(^|[^A-Za-z_])(Oops|BUG)([^A-Za-z_]|$)|general protection' >"$run/kcon.txt"; then
	sed 's/^/E2E-KWARN: (console) /' "$run/kcon.txt" >>"$log"
fi
if grep -aq 'E2E-KWARN' "$log"; then
	echo "guest.sh: $(basename "$script"): guest kernel logged a warning:" >&2
	grep -a 'E2E-KWARN' "$log" | sed 's/^/  /' >&2
	exit 126
fi
exit "$res"
