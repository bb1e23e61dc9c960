#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# demo.sh - `make demo`: build muse-mount and muse.ko, boot Debian's kernel in
# QEMU, serve a bundled real NAND dump (tests/fixtures/nandsim/jffs2-hamming)
# with muse-mount --mtdparts, mount its JFFS2 with the kernel's own driver,
# and print the tree and checksums.

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 1
export E2E_DIR=${E2E_DIR:-$top/build/e2e}

"$here/kernel.sh" || exit 1
echo "demo: building muse-mount and kmod/muse.ko"
make -j2 --no-print-directory all >/dev/null || { echo "demo: make all failed" >&2; exit 1; }
make -C kmod KDIR="$(cat "$E2E_DIR/kdir")" >/dev/null 2>&1 ||
	{ echo "demo: building kmod/muse.ko failed" >&2; exit 1; }

work=$E2E_DIR/demo
rm -rf "$work"
mkdir -p "$work/in"
xz -dc tests/fixtures/nandsim/jffs2-hamming.oob.bin.xz >"$work/in/jffs2-hamming.oob.bin"
cp tests/fixtures/nandsim/jffs2-hamming.sha256 "$work/in/"

echo "demo: booting the guest (about 10 s)"
E2E_QUIET=1 "$here/guest.sh" -t 240 -o "$work/out" -l "$E2E_DIR/logs/demo.log" \
	-i "$work/in/jffs2-hamming.oob.bin" -i "$work/in/jffs2-hamming.sha256" \
	"$here/demo-guest.sh" >/dev/null
rc=$?
cat "$work/out/demo.txt" 2>/dev/null
if [ $rc -ne 0 ]; then
	echo "demo: FAILED (status $rc; console log: $E2E_DIR/logs/demo.log)" >&2
	exit 1
fi
echo
echo "demo: done"
