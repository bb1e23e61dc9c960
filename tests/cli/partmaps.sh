#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# partmaps.sh - --mtdparts=auto and the partition maps info lists:
#   - the kernel-made jffs2-hamming fixture: its U-Boot environment's
#     mtdparts= (CRC-checked) gives the same partitions as the explicit
#     --mtdparts string;
#   - a device tree compiled by dtc (device-tree-compiler, independent of
#     us) with a fixed-partitions node, at a block start and appended to a
#     uImage made by mkimage (u-boot-tools);
#   - a Qualcomm MIBIB partition table (SMEM ptable v4, 28-byte entries);
#   - a RedBoot FIS directory (big endian);
#   - both in one dump, disagreeing: auto refuses naming both, auto:SOURCE
#     picks one; a map that does not fit the device is reported, not used;
#   - the i.MX DBBT (mm-gen --imx-bcb: FCB + DBBT as U-Boot's nandbcb lays
#     them out): listed with its place, check, copies and bad blocks, a note
#     when it disagrees with the OOB markers, never taken for partitions.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1
command -v dtc >/dev/null || { echo "skip: no dtc (device-tree-compiler)"; exit 77; }

# 1. the U-Boot environment of a kernel-made dump
fixture jffs2-hamming.oob.bin
"$bin" info -q --json --mtdparts=auto jffs2-hamming.oob.bin >auto.json
"$bin" info -q --json --mtdparts='1M(boot),-(rootfs)' jffs2-hamming.oob.bin >given.json
check "jffs2-hamming: the U-Boot env map, CRC checked" json auto.json \
	'[(m["source"], m["check"], m["mtd_id"], m["spec"]) for m in j["partition_maps"]] == [("uboot-env", "crc32 ok", "muse", "1M(boot),-(rootfs)")]'
check "jffs2-hamming: auto = the explicit --mtdparts" python3 -c '
import json, sys
a = json.load(open("auto.json"))["partitions"]
g = json.load(open("given.json"))["partitions"]
strip = lambda l: [(p["name"], p["offset"], p["size"]) for p in l]
sys.exit(0 if strip(a) == strip(g) == [("boot", 0, 1 << 20), ("rootfs", 1 << 20, 3 << 20)]
         and a[0]["source"].startswith("uboot-env at 0x") and g[0]["source"] == "--mtdparts" else 1)'

# 2. a device tree with fixed-partitions, compiled by dtc
cat >parts.dts <<'DTS'
/dts-v1/;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	nand@0 {
		compatible = "example,nand";
		partitions {
			compatible = "fixed-partitions";
			#address-cells = <1>;
			#size-cells = <1>;
			partition@0 { label = "spl"; reg = <0x0 0x40000>; read-only; };
			partition@40000 { label = "kernel"; reg = <0x40000 0x100000>; };
			partition@140000 { label = "ubi"; reg = <0x140000 0x2c0000>; };
		};
	};
};
DTS
dtc -q -I dts -O dtb -o parts.dtb parts.dts || exit 1
G="--format raw --page-size 2048 --pages-per-block 64"
# a 4 MiB data-only chip: pseudo-random blocks, the DTB at block 3
python3 - parts.dtb chip.bin <<'PY'
import random, sys
r = random.Random(4)
eb = 2048 * 64
chip = bytearray(r.randbytes(32 * eb))
dtb = open(sys.argv[1], 'rb').read()
chip[3 * eb:3 * eb + len(dtb)] = dtb
chip[3 * eb + len(dtb):4 * eb] = b'\xff' * (eb - len(dtb))
open(sys.argv[2], 'wb').write(chip)
PY
# shellcheck disable=SC2086
"$bin" info -q --json $G --mtdparts=auto chip.bin >fdt.json
check "fdt: the map and its partitions" json fdt.json \
	'j["partition_maps"][0]["source"] == "fdt" and j["partition_maps"][0]["offset"] == 3 * 131072 and [(p["name"], p["offset"], p["size"]) for p in j["partitions"]] == [("spl", 0, 0x40000), ("kernel", 0x40000, 0x100000), ("ubi", 0x140000, 0x2c0000)]'

# the same DTB appended to a kernel uImage (mkimage), at block 5
if command -v mkimage >/dev/null; then
	head -c 300000 /dev/zero | tr '\0' 'k' >zImage
	cat zImage parts.dtb >zImage-dtb
	mkimage -q -A arm -O linux -T kernel -C none -a 0x8000 -e 0x8000 \
		-n linux -d zImage-dtb uImage >/dev/null || exit 1
	python3 - uImage chip.bin chip2.bin <<'PY'
import sys
eb = 2048 * 64
chip = bytearray(open(sys.argv[2], 'rb').read())
chip[3 * eb:4 * eb] = b'\xff' * eb		# no DTB at block 3 this time
u = open(sys.argv[1], 'rb').read()
chip[5 * eb:5 * eb + len(u)] = u
end = 5 * eb + len(u)
chip[end:(end + eb - 1) // eb * eb] = b'\xff' * ((end + eb - 1) // eb * eb - end)
open(sys.argv[3], 'wb').write(chip)
PY
	# shellcheck disable=SC2086
	"$bin" info -q --json $G chip2.bin >uimage.json
	check "fdt appended to a uImage: found inside it" json uimage.json \
		'[(m["source"], m["offset"] > 5 * 131072, len(m["partitions"])) for m in j["partition_maps"]] == [("fdt", True, 3)]'
fi

# 3. a Qualcomm MIBIB table (v4) at block 1, page 1
python3 - chip.bin mibib.bin 0 <<'PY'
import struct, sys
eb = 2048 * 64
chip = bytearray(open(sys.argv[1], 'rb').read())
chip[3 * eb:4 * eb] = b'\xff' * eb
parts = [("0:SBL1", 0, 2), ("0:MIBIB", 2, 1), ("0:APPSBL", 3, 5), ("0:rootfs", 8, 0xffffffff)]
if sys.argv[3] == "1":
    parts[2] = ("0:APPSBL", 3, 6)		# disagrees with nothing, for 4.
t = struct.pack("<4I", 0x55ee73aa, 0xe35ebddb, 4, len(parts))
for n, o, l in parts:
    t += n.encode().ljust(16, b'\0') + struct.pack("<2I4B", o, l, 0, 0, 0, 0)
page = eb + 2048
chip[eb:2 * eb] = b'\xff' * eb
chip[page:page + len(t)] = t
open(sys.argv[2], 'wb').write(chip)
PY
# shellcheck disable=SC2086
"$bin" info -q --json $G --mtdparts=auto mibib.bin >mibib.json
check "mibib: offsets in eraseblocks, 0: prefixes dropped, the last grows" json mibib.json \
	'j["partition_maps"][0]["source"] == "mibib" and j["partition_maps"][0]["check"] == "magic ok" and [(p["name"], p["offset"] // 131072, p["size"] // 131072) for p in j["partitions"]] == [("SBL1", 0, 2), ("MIBIB", 2, 1), ("APPSBL", 3, 5), ("rootfs", 8, 24)]'

# a RedBoot FIS directory (big endian, as on MIPS boards) in the last block
python3 - chip.bin fis.bin <<'PY'
import struct, sys
eb = 2048 * 64
chip = bytearray(open(sys.argv[1], 'rb').read())
chip[3 * eb:4 * eb] = b'\xff' * eb
def ent(name, base, size):
    e = name.encode().ljust(16, b'\0') + struct.pack(">5I", base, 0x80000000, size, 0, size)
    return e.ljust(256, b'\0')
d = ent("RedBoot", 0xbf000000, 0x40000) + ent("linux", 0xbf040000, 0x200000) + \
    ent("FIS directory", 0xbf3e0000, 0x20000)
last = 31 * eb
chip[last:last + eb] = (d + b'\xff' * eb)[:eb]
open(sys.argv[2], 'wb').write(chip)
PY
# shellcheck disable=SC2086
"$bin" info -q --json $G --mtdparts=auto:redboot fis.bin >fis.json
check "redboot: the FIS directory, big endian, bases within the device" json fis.json \
	'j["partition_maps"][0]["source"] == "redboot" and [(p["name"], p["offset"], p["size"]) for p in j["partitions"]] == [("RedBoot", 0, 0x40000), ("linux", 0x40000, 0x200000), ("FIS directory", 0x3e0000, 0x20000)]'

# 4. two maps that disagree: refused, naming both; auto:SOURCE picks
python3 - mibib.bin parts.dtb both.bin <<'PY'
import sys
eb = 2048 * 64
chip = bytearray(open(sys.argv[1], 'rb').read())
dtb = open(sys.argv[2], 'rb').read()
chip[3 * eb:4 * eb] = dtb + b'\xff' * (eb - len(dtb))
open(sys.argv[3], 'wb').write(chip)
PY
# shellcheck disable=SC2086
expect_fail "two disagreeing maps" 1 \
	"muse-mount: --mtdparts=auto: the dump's partition maps disagree (fdt at 0x60000, mibib at 0x20800); choose one with --mtdparts=auto:SOURCE or give --mtdparts" \
	"$bin" info -q $G --mtdparts=auto both.bin
# shellcheck disable=SC2086
"$bin" info -q --json $G --mtdparts=auto:mibib both.bin >pick.json
check "auto:mibib picks the MIBIB" json pick.json \
	'j["partitions"][0]["name"] == "SBL1" and j["partitions"][0]["source"] == "mibib at 0x20800"'
# shellcheck disable=SC2086
expect_fail "auto:redboot: none of that source" 1 \
	"muse-mount: --mtdparts=auto:redboot: the dump holds no redboot partition map" \
	"$bin" info -q $G --mtdparts=auto:redboot both.bin
# a map larger than the device: listed with why, not used
sed 's/0x2c0000/0x800000/' parts.dts | dtc -q -I dts -O dtb -o big.dtb - || exit 1
python3 - chip.bin big.dtb big.bin <<'PY'
import sys
eb = 2048 * 64
chip = bytearray(open(sys.argv[1], 'rb').read())
dtb = open(sys.argv[2], 'rb').read()
chip[3 * eb:4 * eb] = dtb + b'\xff' * (eb - len(dtb))
open(sys.argv[3], 'wb').write(chip)
PY
# shellcheck disable=SC2086
"$bin" info -q --json $G big.bin >big.json
check "a map past the device: listed with its error" json big.json \
	'"error" in j["partition_maps"][0] and "partitions" not in j'

# 5. the i.MX DBBT: found from the FCB, agreeing with the OOB markers
GI="--format oob --page-size 2048 --oob-size 64 --pages-per-block 64"
"$gen" --page-size 2048 --oob-size 64 --pages-per-block 64 --blocks 64 \
	--bad 5,20 --imx-bcb -o bcb.bin || exit 1
# shellcheck disable=SC2086
"$bin" info -q --json $GI bcb.bin >bcb.json
check "dbbt: from the FCB, 3 copies (block 5 bad), the marked blocks" json bcb.json \
	'[(m["source"], m["offset"], m["check"], m["found_by"], m["copies"], m["copies_agreeing"], m["table_offset"], m["bad_blocks"], m["agrees_with_bad_block_map"], "note" in m, "spec" in m) for m in j["partition_maps"]] == [("dbbt", 4 * 131072, "fingerprint ok", "the FCB at 0xc: DBBT search area from page 256", 3, 3, 4 * 131072 + 4 * 2048, [5, 20], True, False, False)] and "partitions" not in j'
# shellcheck disable=SC2086
"$bin" info -q $GI bcb.bin >bcb.txt
check "dbbt: its info line" grep -qx '  dbbt at 0x80000 (fingerprint ok; the FCB at 0xc: DBBT search area from page 256; 3 copies, 3 agreeing): bad blocks 5, 20' bcb.txt
# shellcheck disable=SC2086
expect_fail "auto:dbbt: bad blocks, not partitions" 1 \
	"muse-mount: --mtdparts=auto:dbbt: the i.MX DBBT lists bad blocks, not partitions" \
	"$bin" info -q $GI --mtdparts=auto:dbbt bcb.bin
# shellcheck disable=SC2086
expect_fail "auto: a DBBT alone is no partition map" 1 \
	"muse-mount: --mtdparts=auto: no partition map found in the dump (U-Boot env mtdparts=, FDT fixed-partitions, Qualcomm MIBIB)" \
	"$bin" info -q $GI --mtdparts=auto bcb.bin

# a DBBT that disagrees with the markers: a note naming the blocks
"$gen" --page-size 2048 --oob-size 64 --pages-per-block 64 --blocks 64 \
	--bad 5,20 --imx-dbbt 9,5 -o bcb2.bin || exit 1
# shellcheck disable=SC2086
"$bin" info -q $GI bcb2.bin >bcb2.txt
check "dbbt: a note where it disagrees with the markers" grep -q \
	'^    note: the DBBT and the bad-block map disagree: listed only by the DBBT: 9; bad in the map, not in the DBBT: 20 (' bcb2.txt
# shellcheck disable=SC2086
"$bin" info -q --json $GI bcb2.bin >bcb2.json
check "dbbt: --json says they disagree" json bcb2.json \
	'j["partition_maps"][0]["bad_blocks"] == [5, 9] and j["partition_maps"][0]["agrees_with_bad_block_map"] is False and "listed only by the DBBT: 9;" in j["partition_maps"][0]["note"]'

# with a MIBIB beside it: the DBBT does not make auto refuse
python3 - bcb.bin bcbmibib.bin <<'PY'
import struct, sys
rec, ppb = 2048 + 64, 64
chip = bytearray(open(sys.argv[1], 'rb').read())
t = struct.pack("<4I", 0x55ee73aa, 0xe35ebddb, 4, 2)
for n, o, l in [("0:SBL", 0, 16), ("0:rootfs", 16, 0xffffffff)]:
    t += n.encode().ljust(16, b'\0') + struct.pack("<2I4B", o, l, 0, 0, 0, 0)
page = (12 * ppb + 1) * rec
chip[page:page + 2048] = t.ljust(2048, b'\0')
open(sys.argv[2], 'wb').write(chip)
PY
# shellcheck disable=SC2086
"$bin" info -q --json $GI --mtdparts=auto bcbmibib.bin >bcbmibib.json
check "dbbt + mibib: auto takes the MIBIB, both listed" json bcbmibib.json \
	'[m["source"] for m in j["partition_maps"]] == ["mibib", "dbbt"] and [p["name"] for p in j["partitions"]] == ["SBL", "rootfs"]'
exit $failed
