#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make-fixtures.sh [NAME...] - regenerate tests/fixtures/nandsim/ (`make
# fixtures`), or only the named fixtures (jffs2-hamming ubi-hamming ubi-bch4
# jffs2-bch8 jffs2-nor).  FIXTURES_DEST writes elsewhere.
#
# The dumps are made by the real kernel (nandsim, JFFS2, UBI, UBIFS) and the
# real mtd-utils in the QEMU guest (fixtures-guest.sh), from the
# deterministic inputs of fixture-inputs.sh, then xz-compressed here.
# Not part of `make check`: the committed fixtures are the reference.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
E2E_DIR=${E2E_DIR:-$top/build/e2e}
dest=${FIXTURES_DEST:-$top/tests/fixtures/nandsim}
work=$E2E_DIR/fixtures
max=$((2 * 1024 * 1024))

all=(jffs2-hamming ubi-hamming ubi-bch4 jffs2-bch8 jffs2-nor)
if [ $# -gt 0 ]; then
	names=("$@")
else
	names=("${all[@]}")
fi
for n in "${names[@]}"; do
	case " ${all[*]} " in
	*" $n "*) ;;
	*) echo "make-fixtures: unknown fixture $n (known: ${all[*]})" >&2; exit 2 ;;
	esac
done

rm -rf "$work"
mkdir -p "$work" "$dest"
"$here/fixture-inputs.sh" "$work/inputs"
[ $# -eq 0 ] || printf '%s\n' "${names[@]}" >"$work/inputs/only"
E2E_MEM=${E2E_MEM:-768} E2E_QUIET=${E2E_QUIET:-1} \
	"$here/guest.sh" -t 600 -i "$work/inputs" -o "$work/out" -l "$E2E_DIR/logs/fixtures.log" \
	"$here/fixtures-guest.sh"

out=$work/out
# kinds NAME: the dump files of a fixture
kinds() {
	case $1 in
	jffs2-nor) echo nor ;;
	*) echo oob data-dumpbad data-skipbad ;;
	esac
}
dumpfile() {	# NAME KIND
	if [ "$2" = nor ]; then
		echo "$1.bin"
	else
		echo "$1.$2.bin"
	fi
}
for n in "${names[@]}"; do
	for k in $(kinds $n); do
		f=$(dumpfile $n $k)
		[ -s "$out/$f" ] || { echo "make-fixtures: $f missing" >&2; exit 1; }
	done
done

describe() {
	local n=$1
	case $n in
	jffs2-nor) cat <<'TXT'
MTD: the kernel's mtdram (modprobe mtdram total_size=2048 erase_size=64),
  type "ram" (MTD_RAM): 2 MiB, 32 eraseblocks of 64 KiB, write size 1, no
  OOB, no bad blocks.  JFFS2 lays it out as on NOR flash: clean-markers in
  band (12 bytes at the start of each erased block), no write buffer.
Layout: JFFS2 over the whole device (mkfs.jffs2 -e 64KiB -p 0x200000,
  written with flashcp), mounted once by the kernel and written to.
Serve as NOR: muse-mount --type=nor with 64 KiB eraseblocks.
TXT
		;;
	jffs2-hamming) cat <<'TXT'
Chip: nandsim id_bytes=0xec,0xf1,0x00,0x15 (Samsung SLC), overridesize=5:
  32 eraseblocks of 128 KiB = 4 MiB, 2048-byte pages + 64-byte OOB,
  64 pages per block, 512-byte subpages.  nandsim parts=8.
ECC: software Hamming (nandsim default), 3 bytes per 256-byte step at
  OOB 40-63 (nand_ooblayout_lp_hamming).
Factory-bad blocks: 20 (nandsim badblocks=20; OOB byte 0 of pages 0 and 1 = 00).
Layout:
  0x000000-0x0fffff  blocks 0-7 "boot": tests/e2e/fixture-inputs.sh boot.bin
                     (pseudo-bootloader blob at 0, U-Boot style environment
                     at 0xE0000: CRC32 LE + variables incl.
                     mtdparts=muse:1M(boot),-(rootfs))
  0x100000-0x3fffff  blocks 8-31 "rootfs": JFFS2 (NAND cleanmarkers in OOB
                     bytes 2-9), mounted once by the kernel and written to
Partitions to use: 1M(boot),-(rootfs)
TXT
		;;
	jffs2-bch8) cat <<'TXT'
Chip: nandsim id_bytes=0xec,0xf1,0x00,0x15 (Samsung SLC), overridesize=4:
  16 eraseblocks of 128 KiB = 2 MiB, 2048-byte pages + 64-byte OOB,
  64 pages per block.
ECC: software BCH, nandsim bch=8: 13 bytes per 512-byte step, 4 steps,
  ECC at OOB 12-63 (nand_ooblayout_lp, ECC at the end of OOB).
Factory-bad blocks: 9 (nandsim badblocks=9).
Layout: JFFS2 over the whole chip (NAND cleanmarkers in OOB bytes 2-9),
  mounted once by the kernel and written to.
TXT
		;;
	ubi-hamming|ubi-bch4)
		if [ $n = ubi-hamming ]; then
			echo "Chip: nandsim id_bytes=0xec,0xf1,0x00,0x15 (Samsung SLC), overridesize=6:"
		else
			echo "Chip: nandsim id_bytes=0xec,0xf1,0x00,0x15 (Samsung SLC), overridesize=6, bch=4:"
		fi
		cat <<'TXT'
  64 eraseblocks of 128 KiB = 8 MiB, 2048-byte pages + 64-byte OOB,
  64 pages per block, 512-byte subpages.
TXT
		if [ $n = ubi-hamming ]; then
			cat <<'TXT'
ECC: software Hamming (nandsim default), 3 bytes per 256-byte step at
  OOB 40-63 (nand_ooblayout_lp_hamming).
Factory-bad blocks: 41 (nandsim badblocks=41).
UBIFS compressor: lzo (mkfs.ubifs -x lzo).
TXT
		else
			cat <<'TXT'
ECC: software BCH, nandsim bch=4: 7 bytes per 512-byte step, 4 steps,
  ECC at OOB 36-63 (nand_ooblayout_lp).
Factory-bad blocks: 17 (nandsim badblocks=17).
UBIFS compressor: zlib (mkfs.ubifs -x zlib).
TXT
		fi
		cat <<'TXT'
UBI: VID header offset 512, data offset 2048, LEB 129024 bytes, image
  sequence number 1297437509 (ubinize/ubiformat -Q).
Volumes:
  0 "rootfs"  dynamic, 4 MiB, UBIFS of tests/e2e/fixture-inputs.sh tree,
              mounted once by the kernel and written to
  1 "blob"    static, 300000 bytes = static.bin (sha256 in
              static-blob.sha256)
  2 "data"    dynamic, 1 MiB, empty, created by the kernel (ubimkvol)
TXT
		;;
	esac
}

for n in "${names[@]}"; do
	for k in $(kinds $n); do
		f=$(dumpfile $n $k)
		xz -9e -T1 -c "$out/$f" >"$dest/$f.xz"
		s=$(stat -c %s "$dest/$f.xz")
		[ "$s" -lt $max ] || { echo "make-fixtures: $f.xz is $s bytes" >&2; exit 1; }
	done
	cp "$out/$n.sha256" "$dest/$n.sha256"
	cp "$out/$n.tree" "$dest/$n.tree"
	{
		if [ $n = jffs2-nor ]; then
			echo "# $n: a real kernel-made NOR-style JFFS2 image (see tests/fixtures/README)"
		else
			echo "# $n: a real kernel-made NAND dump (see tests/fixtures/README)"
		fi
		echo
		describe "$n"
		echo
		echo "Files:"
		if [ $n = jffs2-nor ]; then
			echo "  $n.bin.xz               mtd_debug read of the whole device"
		else
			echo "  $n.oob.bin.xz           nanddump --oob --bb=dumpbad (2112 bytes per page)"
			echo "  $n.data-dumpbad.bin.xz  nanddump --bb=dumpbad (data only, bad blocks kept)"
			echo "  $n.data-skipbad.bin.xz  nanddump (default skipbad: bad blocks left out)"
		fi
		echo "  $n.sha256               sha256sum of every regular file as mounted"
		echo "  $n.tree                 directories and symbolic links as mounted"
		echo
		echo "sha256 and size of the uncompressed dumps:"
		for k in $(kinds $n); do
			f=$(dumpfile $n $k)
			printf '  %s  %s  %s bytes\n' \
				"$(sha256sum <"$out/$f" | cut -d' ' -f1)" "$f" "$(stat -c %s "$out/$f")"
		done
		echo
		echo "Commands run in the guest (tests/e2e/fixtures-guest.sh), in order:"
		sed 's/^/  /' "$out/$n.cmds"
		echo
		echo "Kernel, tools and what they reported:"
		sed 's/^/  /' "$out/$n.info"
	} >"$dest/$n.txt"
done
(cd "$work/inputs" && sha256sum static.bin) >"$dest/static-blob.sha256"
(cd "$work/inputs" && sha256sum boot.bin) >"$dest/boot.sha256"
(cd "$work/inputs/tree" && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$dest/input-tree.sha256"
echo "make-fixtures: wrote $(ls "$dest" | wc -l) files to ${dest#$top/}"
ls -l "$dest" | awk 'NR > 1 { print "  " $5 "\t" $9 }'
