#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# serve-bench.sh - `make bench-serve`: the MUSE server's figures, measured
# with the kernel-side test peer over a SOCK_SEQPACKET socketpair (so the
# kernel's own costs are not included):
#  - sequential 128 KiB reads (UBI PEB reads arrive like this), random page
#    reads, OOB AUTO reads, on a 4 GiB sparse dump (2048+64, 32768 blocks);
#  - page writes with a file overlay (pwrite + fdatasync before each reply,
#    so this is the storage's sync rate) and with the memory overlay;
#  - the server's peak RSS after all that: it must not scale with the dump.
# Prints figures; does not pass or fail.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-build}
case $O in /*) ;; *) O=$top/$O ;; esac
MM_BIN=${MM_BIN:-$O/muse-mount}
PEER=$O/tests/peer/mm-peer
SECS=${SECS:-3}
export MM_BIN
[ -x "$MM_BIN" ] && [ -x "$PEER" ] || { echo "build muse-mount and the tools first (make all tools)"; exit 1; }
# On disk, not tmpfs: fdatasync must mean something.
W=$(mktemp -d "$O/serve-bench.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT

pages=$((4 << 20 >> 1))		# 4 GiB of 2048-byte pages
truncate -s $((pages * 2112)) "$W/big.bin"
geom="--format oob --page-size 2048 --oob-size 64 --pages-per-block 64 --no-bbm-scan"
echo "dump: 4 GiB sparse, 2048+64, 64 pages/block; $SECS s per figure; fs: $(df -T "$W" | awk 'NR == 2 {print $2}')"

# shellcheck disable=SC2086
"$PEER" --no-model --page-size 2048 --oob-size 64 --ppb 64 "$W/big.bin" -- \
	$geom --overlay "$W/ov" "$W/big.bin" <<S
init
rate $SECS 131072 inband
rate $SECS 2048 inband random
rate $SECS 38 auto random
rate $SECS 2048 inband write
rss
close
S
echo "overlay file: $(du -k "$W/ov" | cut -f1) KiB on disk, $(stat -c %s "$W/ov") bytes long"

# shellcheck disable=SC2086
"$PEER" --no-model --page-size 2048 --oob-size 64 --ppb 64 "$W/big.bin" -- \
	$geom --writable "$W/big.bin" <<S
init
rate $SECS 2048 inband write
rate $SECS 131072 inband write
rss
close
S
