#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# extract-kernel.sh - the guest kernel for the `muse-mount extract` test and
# benchmark: Debian's 6.1 as kernel.sh fetches it, and muse.ko built for it
# (in $E2E_DIR/extract-kmod, again when kmod/ changed).  Prints the
# --kernel, --modules and --muse-ko options, one per line.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
export E2E_DIR=${E2E_DIR:-$top/build/e2e}
E2E_KERNEL=6.1 "$top/tests/e2e/kernel.sh" >&2
kver=$(cat "$E2E_DIR/kver")
kb=$E2E_DIR/extract-kmod
if [ ! -f "$kb/muse.ko" ] || [ -n "$(find "$top/kmod" -newer "$kb/muse.ko" -name '*.[ch]')" ]; then
	rm -rf "$kb"
	mkdir -p "$kb"
	cp "$top"/kmod/*.[ch] "$top/kmod/Kbuild" "$top/kmod/Makefile" "$kb/"
	env -u O -u MAKEFLAGS -u MAKEOVERRIDES -u MFLAGS -u MAKELEVEL \
		make -C "$kb" KDIR="$(cat "$E2E_DIR/kdir")" >"$kb/build.log" 2>&1 ||
		{ echo "extract-kernel.sh: muse.ko does not build for $kver (see $kb/build.log)" >&2; exit 1; }
fi
echo "--kernel=$E2E_DIR/root/boot/vmlinuz-$kver"
echo "--modules=$E2E_DIR/root/lib/modules/$kver"
echo "--muse-ko=$kb/muse.ko"
