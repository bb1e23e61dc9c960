# SPDX-License-Identifier: GPL-2.0-or-later
#
# info-common.sh - helpers sourced by the info-*, convert-* and errors-*
# CLI tests (not a test itself: not executable).
#
#   MM_UPDATE_EXPECTED=1 tests/cli/info-golden.sh   rewrite tests/expected/*
set -u
top=${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
O=${O:-build}
case $O in /*) ;; *) O=$top/$O ;; esac
bin=${MM_BIN:-$O/muse-mount}
gen=$O/tests/gen/mm-gen
fixtures=$top/tests/fixtures/nandsim
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mm-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failed=0

ok() { echo "ok: $*"; }
not_ok() { echo "FAIL: $*"; failed=1; }

# check DESCRIPTION COMMAND...: run COMMAND, ok when it succeeds.
check() {
	_d=$1
	shift
	if "$@"; then ok "$_d"; else not_ok "$_d"; fi
}

# golden NAME FILE: FILE equals tests/expected/NAME.
golden() {
	_exp=$top/tests/expected/$1
	[ "${MM_UPDATE_EXPECTED:-0}" = 1 ] && cp "$2" "$_exp"
	if [ ! -f "$_exp" ]; then
		not_ok "$1: tests/expected/$1 is missing"
	elif cmp -s "$_exp" "$2"; then
		ok "$1 matches tests/expected/$1"
	else
		not_ok "$1 differs from tests/expected/$1:"
		diff -u "$_exp" "$2" | head -n 40
	fi
}

# expect_fail NAME STATUS FIRST-LINE COMMAND...: COMMAND exits with STATUS
# and the first line of its standard error is exactly FIRST-LINE.
expect_fail() {
	_n=$1 _st=$2 _line=$3
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	_rc=$?
	_first=$(head -n 1 "$tmp/err")
	if [ "$_rc" = "$_st" ] && [ "$_first" = "$_line" ]; then
		ok "$_n: status $_rc, '$_first'"
	else
		not_ok "$_n: expected status $_st and '$_line', got status $_rc and '$_first'"
	fi
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

# json FILE PYTHON-EXPR: evaluate EXPR with j = the parsed JSON; ok if true.
json() {
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
r = eval(sys.argv[2])
if not r:
    print("  false: " + sys.argv[2])
sys.exit(0 if r else 1)' "$1" "$2"
}

# fixture NAME: decompress tests/fixtures/nandsim/NAME.xz into $tmp/NAME.
fixture() {
	[ -f "$tmp/$1" ] || xz -dc "$fixtures/$1.xz" >"$tmp/$1"
}

have_fixtures() {
	[ -f "$fixtures/$1.oob.bin.xz" ] && command -v xz >/dev/null
}

# mkdump OOBFILE DATAFILE: the synthetic dump of the golden tests, 2048+64
# bytes a page, 8 pages a block, 14 blocks, as page+OOB records and as its
# data bytes alone:
#   0 U-Boot environment (8 KiB, with mtdparts)   1 redundant copy of it
#   2-5 JFFS2 nodes and clean-markers (5: clean-marker only)
#   6 factory-bad (00 at OOB byte 0 of pages 0 and 1)
#   7-9 SquashFS superblock, 33768 bytes used    10 erased
#   11 pseudo-random data
#   12 U-Boot legacy image "Linux-6.1" (5000 bytes)   13 device tree
mkdump() {
	python3 - "$1" "$2" <<'PYEOF'
import struct, sys, zlib

PS, OS, PPB, NB = 2048, 64, 8, 14
EB = PS * PPB
data = bytearray(b'\xff' * (EB * NB))
oob = bytearray(b'\xff' * (OS * PPB * NB))

def kcrc(seed, b):  # the kernel's crc32_le: no final inversion
    return (zlib.crc32(b, seed ^ 0xffffffff) ^ 0xffffffff) & 0xffffffff

def env(blk, size, redundant):
    pairs = (b"bootcmd=nand read ${loadaddr} kernel; bootm\0"
             b"bootargs=console=ttyS0 mtdparts=gen:16k(env),16k(env2),"
             b"64k(jffs2),-(rest) root=31:2\0"
             b"mtdparts=mtdparts=gen:16k(env),16k(env2),64k(jffs2),-(rest)\0"
             b"ver=1\0\0")
    h = 5 if redundant else 4
    body = pairs + b"\0" * (size - h - len(pairs))
    hdr = struct.pack("<I", zlib.crc32(body))
    if redundant:
        hdr += b"\x05"
    data[blk * EB:blk * EB + size] = hdr + body

env(0, 0x2000, False)
env(1, 0x2000, True)

cm = bytes([0x85, 0x19, 0x03, 0x20, 8, 0, 0, 0])
for blk in range(2, 6):
    o = (blk * PPB) * OS
    oob[o + 2:o + 10] = cm
    if blk == 5:
        continue
    off = blk * EB
    for n in range(6):
        typ = 0xE001 if n % 2 == 0 else 0xE002
        h = struct.pack("<HHI", 0x1985, typ, 512)
        h += struct.pack("<I", kcrc(0, h))
        body = bytes(((n * 31 + i * 7) & 0xff) for i in range(500))
        data[off:off + 512] = h + body
        off += 512

o = (6 * PPB) * OS
oob[o] = 0
oob[o + OS] = 0
data[6 * EB:6 * EB + PS] = b"\0" * PS

used = 2 * EB + 1000
sb = bytearray(96)
sb[0:4] = b"hsqs"
struct.pack_into("<IIIIHHHHHH", sb, 4, 5, 0x5f000000, 131072, 1, 1, 17, 0,
                 1, 4, 0)
struct.pack_into("<QQ", sb, 32, 0, used)
payload = bytes(sb) + bytes(((i * 13) & 0xff) for i in range(used - 96))
data[7 * EB:7 * EB + used] = payload

x = 12345
blk11 = bytearray(EB)
for i in range(EB):
    x = (x * 1103515245 + 12345) & 0x7fffffff
    blk11[i] = (x >> 16) & 0xff
data[11 * EB:12 * EB] = blk11
oob[11 * PPB * OS + 20] = 0x42

body = bytes(((i * 5) ^ (i >> 8)) & 0xff for i in range(5000))
hdr = bytearray(64)
struct.pack_into(">IIIIIII", hdr, 0, 0x27051956, 0, 0x5f000000, len(body),
                 0x80008000, 0x80008000, zlib.crc32(body))
hdr[28:32] = bytes([5, 2, 2, 0])  # linux, arm, kernel, not compressed
hdr[32:41] = b"Linux-6.1"
struct.pack_into(">I", hdr, 4, zlib.crc32(bytes(hdr)))
data[12 * EB:12 * EB + 64 + len(body)] = bytes(hdr) + body

fdt = bytearray(3000)
struct.pack_into(">10I", fdt, 0, 0xd00dfeed, 3000, 56, 2900, 40, 17, 16, 0,
                 100, 2800)
data[13 * EB:13 * EB + 3000] = fdt

with open(sys.argv[1], "wb") as f:
    for p in range(NB * PPB):
        f.write(data[p * PS:(p + 1) * PS])
        f.write(oob[p * OS:(p + 1) * OS])
with open(sys.argv[2], "wb") as f:
    f.write(data)
PYEOF
}

# The geometry of mkdump's dump, given explicitly.
GEOM="--format=oob --page-size=2048 --oob-size=64 --pages-per-block=8"

finish() {
	[ "$failed" = 0 ] && echo "all checks passed"
	exit "$failed"
}
