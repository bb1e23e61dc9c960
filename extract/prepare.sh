#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# prepare.sh - make (once) and cache the guest that `muse-mount extract`
# boots: a kernel, the modules it needs, muse.ko built for it, and an
# initramfs with busybox, kmod, the UBI tools and muse-mount itself.
# Run by muse-mount (cli/extract.c); works as an ordinary user.
#
# usage: prepare.sh --cache DIR --muse-mount BIN --init FILE
#                   [--kernel VMLINUZ --modules DIR] [--muse-ko FILE]
#                   [--kmod-src DIR] [--kdir DIR] [--verbose]
#
#   --kernel/--modules  use this kernel image and its modules (DIR is
#                       lib/modules/<release> or a root holding it);
#                       default: Debian's current linux-image-amd64,
#                       fetched with apt-get download into DIR/kernel/
#   --muse-ko FILE      muse.ko already built for that kernel; default:
#                       built from --kmod-src against --kdir (default: the
#                       headers fetched with the kernel, or DIR/build)
#
# Prints the guest directory (vmlinuz, initramfs.cpio, versions.txt) as
# its last line on standard output; progress on standard error.  Exits
# non-zero with one "muse-mount: ..." line on any failure.

set -euo pipefail
export LC_ALL=C

die() { echo "muse-mount: extract --prepare: $*" >&2; exit 1; }
say() { echo "muse-mount: $*" >&2; }

cache= mm= init= kernel= modules= muse_ko= kmod_src= kdir= verbose=false
while [ $# -gt 0 ]; do
	case $1 in
	--cache) cache=$2; shift ;;
	--muse-mount) mm=$2; shift ;;
	--init) init=$2; shift ;;
	--kernel) kernel=$2; shift ;;
	--modules) modules=$2; shift ;;
	--muse-ko) muse_ko=$2; shift ;;
	--kmod-src) kmod_src=$2; shift ;;
	--kdir) kdir=$2; shift ;;
	--verbose) verbose=true ;;
	*) die "unknown argument '$1'" ;;
	esac
	shift
done
[ -n "$cache" ] && [ -n "$mm" ] && [ -n "$init" ] || die "missing --cache, --muse-mount or --init"
if [ -n "$kernel" ] && [ -z "$modules" ]; then
	die "--kernel needs --modules (the kernel's lib/modules/<release>)"
fi
if [ -z "$kernel" ] && [ -n "$modules" ]; then
	die "--modules needs --kernel"
fi
mkdir -p "$cache" || die "$cache: cannot create the cache"
cache=$(cd "$cache" && pwd)

for t in cpio depmod sha256sum; do
	command -v "$t" >/dev/null || die "$t not found (Debian: apt-get install cpio kmod coreutils)"
done
busybox=$(command -v busybox || true)
[ -n "$busybox" ] || die "busybox not found (Debian: apt-get install busybox-static)"
if ldd "$busybox" >/dev/null 2>&1; then
	die "$busybox is not static (Debian: apt-get install busybox-static)"
fi
ubiattach=$(PATH=$PATH:/usr/sbin:/sbin command -v ubiattach || true)
[ -n "$ubiattach" ] || die "ubiattach not found (Debian: apt-get install mtd-utils)"
kmodbin=$(PATH=$PATH:/usr/sbin:/sbin command -v kmod || true)
[ -n "$kmodbin" ] || die "kmod not found (Debian: apt-get install kmod)"

# ---------------------------------------------------------------------------
# The kernel: given, or Debian's current one fetched into $cache/kernel.
fetch_kernel() {
	local kc=$cache/kernel pat dep abi kbuild pkgs p f
	command -v apt-get >/dev/null || die "no --kernel given and no apt-get to fetch Debian's kernel"
	pat='s/^ *Depends: linux-image-\([0-9.]*[-+][0-9a-z]*\)-amd64$/\1/p'
	dep=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n "$pat" | head -n1)
	[ -n "$dep" ] || die "cannot resolve linux-image-amd64 with apt-cache (no Debian package lists? give --kernel and --modules)"
	abi=$dep
	if [ -f "$kc/kver" ] && [ "$(cat "$kc/kver")" = "$abi-amd64" ]; then
		return 0
	fi
	kbuild=$(apt-cache depends "linux-headers-$abi-amd64" 2>/dev/null |
		 sed -n 's/^ *Depends: \(linux-kbuild-[^ ]*\)$/\1/p' | head -n1)
	[ -n "$kbuild" ] || die "cannot resolve linux-headers-$abi-amd64's kbuild package"
	pkgs=(linux-image-$abi-amd64 linux-headers-$abi-amd64 linux-headers-$abi-common $kbuild)
	rm -rf "$kc"
	mkdir -p "$kc/debs" "$kc/root"
	say "extract: downloading ${pkgs[*]}"
	(cd "$kc/debs" && apt-get download -qq "${pkgs[@]}" >/dev/null) ||
		die "apt-get download ${pkgs[*]} failed"
	for p in "${pkgs[@]}"; do
		f=$(ls -1 "$kc/debs/${p}_"*.deb | sort -V | tail -n1)
		say "extract: downloaded $(basename "$f") ($(du -k "$f" | cut -f1) KiB)"
		dpkg-deb -x "$f" "$kc/root" || die "$f: dpkg-deb -x failed"
	done
	depmod -b "$kc/root" "$abi-amd64" || die "depmod failed"
	local hd=$kc/root/usr/src/linux-headers-$abi-amd64
	sed -i "s|/usr/src/linux-headers-$abi-common|$kc/root/usr/src/linux-headers-$abi-common|g" "$hd/Makefile"
	find "$kc/root/usr/src" "$kc/root"/usr/lib/linux-kbuild-* -type l -lname '/*' 2>/dev/null |
	while read -r l; do
		t=$(readlink "$l")
		case $t in
		/usr/src/*|/usr/lib/linux-kbuild-*) ln -sfn "$kc/root$t" "$l" ;;
		esac
	done
	echo "$hd" >"$kc/kdir"
	echo "$abi-amd64" >"$kc/kver"
	rm -rf "$kc/debs"
}

if [ -z "$kernel" ]; then
	fetch_kernel
	kver=$(cat "$cache/kernel/kver")
	kernel=$cache/kernel/root/boot/vmlinuz-$kver
	moddir=$cache/kernel/root/lib/modules/$kver
	[ -n "$kdir" ] || kdir=$(cat "$cache/kernel/kdir")
else
	[ -r "$kernel" ] || die "$kernel: cannot read the kernel image"
	if [ -f "$modules/modules.dep" ]; then
		moddir=$(cd "$modules" && pwd)
	else
		moddir=$(ls -d "$modules"/lib/modules/*/ 2>/dev/null | head -n1)
		[ -n "$moddir" ] && [ -f "$moddir/modules.dep" ] ||
			die "$modules: no modules.dep (give the kernel's lib/modules/<release>, after depmod)"
		moddir=$(cd "$moddir" && pwd)
	fi
	kver=$(basename "$moddir")
	[ -n "$kdir" ] || [ ! -d "$moddir/build" ] || kdir=$moddir/build
fi

guest=$cache/guest-$kver
mkdir -p "$guest"

# ---------------------------------------------------------------------------
# muse.ko for that kernel: given, cached, or built now.
if [ -n "$muse_ko" ]; then
	[ -r "$muse_ko" ] || die "$muse_ko: cannot read"
else
	ksum=$(cat "$kmod_src"/*.[ch] "$kmod_src"/Kbuild 2>/dev/null | sha256sum | cut -c1-16)
	muse_ko=$guest/muse-$ksum.ko
	if [ ! -f "$muse_ko" ]; then
		[ -n "$kmod_src" ] && [ -f "$kmod_src/muse_dev.c" ] ||
			die "no muse.ko source ('$kmod_src'): run make install, or give --muse-ko"
		[ -n "$kdir" ] && [ -f "$kdir/Makefile" ] ||
			die "no kernel headers to build muse.ko for $kver (give --muse-ko, or the headers' directory)"
		command -v make >/dev/null && command -v gcc >/dev/null ||
			die "building muse.ko needs make and gcc"
		say "extract: building muse.ko for $kver"
		kb=$guest/kmod-build
		rm -rf "$kb"
		mkdir -p "$kb"
		cp "$kmod_src"/*.[ch] "$kmod_src"/Kbuild "$kmod_src"/Makefile "$kb/"
		make -C "$kb" KDIR="$kdir" >"$kb/build.log" 2>&1 ||
			die "building muse.ko for $kver failed (see $kb/build.log)"
		cp "$kb/muse.ko" "$muse_ko"
		rm -rf "$kb"
	fi
fi

# ---------------------------------------------------------------------------
# The initramfs: a base part (busybox, kmod, the UBI tools, the modules and
# muse.ko) and a part with muse-mount and /init, each remade only when one
# of its inputs changed, concatenated.
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
sums() { sha256sum "$@" | cut -d' ' -f1 | sha256sum | cut -c1-32; }
bstamp=$(echo "$kver $(sums "$kernel" "$muse_ko" "$self" "$busybox" "$ubiattach" "$kmodbin")")
astamp=$(echo "$bstamp $(sums "$mm" "$init")")
if [ -f "$guest/initramfs.cpio" ] && [ "$(cat "$guest/stamp" 2>/dev/null)" = "$astamp" ]; then
	echo "$guest"
	exit 0
fi

copy_with_libs() {	# ROOT BIN DEST-NAME
	local lib g
	rm -f "$1/usr/bin/$3" "$1/usr/sbin/$3"
	mkdir -p "$1/usr/bin"
	cp -L "$2" "$1/usr/bin/$3"
	ldd "$2" 2>/dev/null | awk '/=> \//{print $3} /^\t\//{print $1}' |
	while read -r lib; do
		g=/usr${lib#/usr}
		[ -e "$1$g" ] && continue
		mkdir -p "$1$(dirname "$g")"
		cp -L "$lib" "$1$g"
	done
}

st=
trap 'rm -rf "$st"' EXIT
if [ ! -f "$guest/base.cpio" ] || [ "$(cat "$guest/base.stamp" 2>/dev/null)" != "$bstamp" ]; then
say "extract: building the guest's base initramfs for $kver"
st=$(mktemp -d "$guest/st.XXXXXX")
mkdir -p "$st"/usr/{bin,sbin,lib,lib64} "$st"/{dev,proc,sys,tmp,run,x,etc,root}
ln -s usr/bin "$st/bin"
ln -s usr/sbin "$st/sbin"
ln -s usr/lib "$st/lib"
ln -s usr/lib64 "$st/lib64"
cp "$busybox" "$st/usr/bin/busybox"
for l in $("$busybox" --list-full); do
	[ -e "$st/$l" ] || [ -L "$st/$l" ] || ln -s /usr/bin/busybox "$st/$l"
done
copy_with_libs "$st" "$kmodbin" kmod
for l in modprobe insmod rmmod lsmod depmod modinfo; do
	rm -f "$st/usr/sbin/$l" "$st/usr/bin/$l"
	ln -s /usr/bin/kmod "$st/usr/sbin/$l"
done
ubidir=$(dirname "$ubiattach")
for t in ubiattach ubidetach ubiblock ubinfo; do
	[ -x "$ubidir/$t" ] || die "$ubidir/$t not found (Debian: apt-get install mtd-utils)"
	copy_with_libs "$st" "$ubidir/$t" "$t"
done
# The modules: these and what modules.dep says they need.
mods=(virtio_pci virtio_blk qemu_fw_cfg mtd ubi ubifs jffs2 squashfs fuse crc16 zstd)
mods_opt=(deflate lzo lzo_rle lz4 xz_dec)
declare -A path_of=() deps_of=() builtin=() want=()
while IFS=: read -r m d; do
	n=${m##*/}; n=${n%%.ko*}; n=${n//-/_}
	path_of[$n]=$m
	deps_of[$n]=$d
done <"$moddir/modules.dep"
if [ -f "$moddir/modules.builtin" ]; then
	while read -r m; do
		n=${m##*/}; n=${n%%.ko*}; builtin[${n//-/_}]=1
	done <"$moddir/modules.builtin"
fi
add_mod() {
	local n=${1//-/_} d
	[ -n "${want[$n]:-}" ] && return 0
	[ -z "${path_of[$n]:-}" ] && [ -n "${builtin[$n]:-}" ] && return 0
	[ -n "${path_of[$n]:-}" ] || die "kernel $kver has no module $n"
	want[$n]=1
	for d in ${deps_of[$n]}; do
		d=${d##*/}; d=${d%%.ko*}
		add_mod "$d"
	done
}
for m in "${mods[@]}"; do
	add_mod "$m"
done
for m in "${mods_opt[@]}"; do
	[ -z "${path_of[$m]:-}" ] || add_mod "$m"
done
gm=$st/usr/lib/modules/$kver
mkdir -p "$gm/extra"
for n in "${!want[@]}"; do
	p=${path_of[$n]}
	mkdir -p "$gm/$(dirname "$p")"
	case $p in	# busybox and kmod may lack the decompressors: unpack here
	*.xz) xz -dc "$moddir/$p" >"$gm/${p%.xz}" ;;
	*.zst) zstd -qdc "$moddir/$p" >"$gm/${p%.zst}" ;;
	*) cp "$moddir/$p" "$gm/$p" ;;
	esac
done
cp "$muse_ko" "$gm/extra/muse.ko"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ ! -f "$moddir/$f" ] || cp "$moddir/$f" "$gm/"
done
depmod -b "$st" "$kver" || die "depmod for the guest failed"

(cd "$st" && find . -mindepth 1 | cpio -o -H newc --quiet) >"$guest/base.cpio.tmp"
mv "$guest/base.cpio.tmp" "$guest/base.cpio"
cp "$kernel" "$guest/vmlinuz"
echo "$bstamp" >"$guest/base.stamp"
rm -rf "$st"
fi

# The part that changes with muse-mount.
st=$(mktemp -d "$guest/st.XXXXXX")
mkdir -p "$st/etc"
copy_with_libs "$st" "$mm" muse-mount
install -m 755 "$init" "$st/init"
{
	echo "kernel $kver $(sha256sum <"$kernel" | cut -d' ' -f1)"
	echo "muse.ko $(sha256sum <"$muse_ko" | cut -d' ' -f1)"
	echo "muse-mount $("$mm" --version 2>/dev/null | head -n1) $(sha256sum <"$mm" | cut -d' ' -f1)"
	echo "busybox $("$busybox" 2>&1 | head -n1)"
	echo "mtd-utils $("$ubiattach" --version 2>&1 | head -n1)"
} >"$st/etc/mm-versions"
cp "$st/etc/mm-versions" "$guest/versions.txt"
{
	cat "$guest/base.cpio"
	(cd "$st" && find . -mindepth 1 | cpio -o -H newc --quiet)
} >"$guest/initramfs.cpio.tmp"
mv "$guest/initramfs.cpio.tmp" "$guest/initramfs.cpio"
rm -f "$guest/initramfs.gz" "$guest/base.cpio.gz"	# (older caches)
echo "$astamp" >"$guest/stamp"
say "extract: guest ready in $guest ($(du -k "$guest/initramfs.cpio" | cut -f1) KiB initramfs)"
echo "$guest"
