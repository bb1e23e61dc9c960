#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# kernel.sh - fetch one of Debian 12's current kernels, its modules and
# matching headers into $E2E_DIR (default build/e2e) for the QEMU
# end-to-end tests.  E2E_KERNEL picks the series: 6.1 (the default,
# linux-image-amd64) or another one Debian 12 ships as
# linux-image-<series>-amd64 (6.12, from bookworm-security/-backports).
#
# Idempotent. Never installs into the host's /boot and never loads a module
# on the host: the .debs are unpacked with dpkg-deb -x.
#
# Writes:
#   $E2E_DIR/series    the E2E_KERNEL it was made for, e.g. 6.1
#   $E2E_DIR/kver      kernel release, e.g. 6.1.0-56-amd64
#   $E2E_DIR/kdir      absolute path usable as KDIR for out-of-tree modules
#   $E2E_DIR/root/     unpacked kernel + headers (boot/vmlinuz-*, lib/modules)

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
E2E_DIR=${E2E_DIR:-$top/build/e2e}
mkdir -p "$E2E_DIR"
E2E_DIR=$(cd "$E2E_DIR" && pwd)

log() { echo "kernel.sh: $*" >&2; }

series=${E2E_KERNEL:-6.1}
case $series in
6.1) meta=linux-image-amd64 ;;
*) meta=linux-image-$series-amd64 ;;
esac

apt_updated=false
apt_update() {
	$apt_updated && return 0
	log "apt-get update"
	apt-get update -qq >/dev/null
	apt_updated=true
}

# Host tools: package -> a file it provides.
need_tools() {
	local missing=() p f
	while read -r p f; do
		[ -e "$f" ] || missing+=("$p")
	done <<'LIST'
qemu-system-x86 /usr/bin/qemu-system-x86_64
busybox-static /bin/busybox
mtd-utils /usr/sbin/nanddump
cpio /usr/bin/cpio
kmod /usr/sbin/depmod
xz-utils /usr/bin/xz
gcc-12 /usr/bin/gcc-12
make /usr/bin/make
pahole /usr/bin/pahole
LIST
	# busybox-static vs busybox: we need the static one (copied into the guest)
	if [ -e /bin/busybox ] && ! file_is_static /bin/busybox; then
		missing+=(busybox-static)
	fi
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		log "missing host packages (need root to install): ${missing[*]}"
		exit 1
	fi
	apt_update
	log "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

file_is_static() {
	# ldd exits non-zero ("not a dynamic executable") for static binaries
	! ldd "$1" >/dev/null 2>&1
}

resolve_abi() {
	local dep
	# 6.1.0-57 or 6.12.118+deb12
	local pat='s/^ *Depends: linux-image-\([0-9.]*[-+][0-9a-z]*\)-amd64$/\1/p'
	dep=$(apt-cache depends "$meta" 2>/dev/null | sed -n "$pat" | head -n1)
	if [ -z "$dep" ]; then
		apt_update
		dep=$(apt-cache depends "$meta" 2>/dev/null | sed -n "$pat" | head -n1)
	fi
	[ -n "$dep" ] || { log "cannot resolve $meta's ABI"; exit 1; }
	echo "$dep"
}

# Fast path: a complete tree whose ABI was checked less than 12 hours ago.
if [ -f "$E2E_DIR/kver" ] && [ -f "$E2E_DIR/kdir" ] &&
   [ "$(cat "$E2E_DIR/series" 2>/dev/null || echo 6.1)" = "$series" ] &&
   [ -n "$(find "$E2E_DIR/kver" -mmin -720 2>/dev/null)" ] &&
   [ -f "$E2E_DIR/root/boot/vmlinuz-$(cat "$E2E_DIR/kver")" ] &&
   command -v qemu-system-x86_64 >/dev/null; then
	exit 0
fi

need_tools

# A previous complete run for the same ABI is kept unless the mirror moved on.
abi=$(resolve_abi)
kver=$abi-amd64
if [ -f "$E2E_DIR/kver" ] && [ "$(cat "$E2E_DIR/kver")" = "$kver" ] &&
   [ -f "$E2E_DIR/kdir" ] && [ -f "$E2E_DIR/root/boot/vmlinuz-$kver" ] &&
   [ -f "$E2E_DIR/root/lib/modules/$kver/modules.dep" ]; then
	touch "$E2E_DIR/kver"
	exit 0
fi

rm -f "$E2E_DIR/kver" "$E2E_DIR/kdir"
debs=$E2E_DIR/debs
root=$E2E_DIR/root
rm -rf "$root"
mkdir -p "$debs" "$root"

# the headers name their kbuild package (linux-kbuild-6.1, -6.12.118+deb12)
kbuild=$(apt-cache depends "linux-headers-$kver" 2>/dev/null |
	 sed -n 's/^ *Depends: \(linux-kbuild-[^ ]*\)$/\1/p' | head -n1)
if [ -z "$kbuild" ]; then
	apt_update
	kbuild=$(apt-cache depends "linux-headers-$kver" 2>/dev/null |
		 sed -n 's/^ *Depends: \(linux-kbuild-[^ ]*\)$/\1/p' | head -n1)
fi
[ -n "$kbuild" ] || { log "cannot resolve linux-headers-$kver's kbuild package"; exit 1; }
pkgs=(linux-image-$kver linux-headers-$kver linux-headers-$abi-common $kbuild)
log "downloading ${pkgs[*]}"
if ! (cd "$debs" && apt-get download -qq "${pkgs[@]}" >/dev/null 2>&1); then
	apt_update
	(cd "$debs" && apt-get download -qq "${pkgs[@]}" >/dev/null)
fi

log "unpacking into $root"
for p in "${pkgs[@]}"; do
	# pick the newest .deb of that package name
	f=$(ls -1 "$debs/${p}_"*.deb | sort -V | tail -n1)
	dpkg-deb -x "$f" "$root"
done

log "depmod"
depmod -b "$root" "$kver"

# The headers point at /usr/src/... and /usr/lib/linux-kbuild-* by
# absolute path (in the top Makefile and as symlinks): rewrite them into
# the unpacked tree.
kdir=$root/usr/src/linux-headers-$kver
sed -i "s|/usr/src/linux-headers-$abi-common|$root/usr/src/linux-headers-$abi-common|g" \
	"$kdir/Makefile"
find "$root/usr/src" "$root"/usr/lib/linux-kbuild-* -type l -lname '/*' 2>/dev/null |
while read -r l; do
	t=$(readlink "$l")
	case $t in
	/usr/src/*|/usr/lib/linux-kbuild-*)
		ln -sfn "$root$t" "$l" ;;
	esac
done

echo "$series" >"$E2E_DIR/series"
echo "$kdir" >"$E2E_DIR/kdir"
echo "$kver" >"$E2E_DIR/kver"
log "kernel $kver ready (KDIR=$kdir)"
