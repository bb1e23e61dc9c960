#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# info-golden.sh - 'info' and 'info --json' on synthetic dumps with known
# content, compared with tests/expected/info-golden-*; the JSON fields are
# also checked one by one, and the input's sha256 must not change.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1

mkdump g.oob g.data
before=$(sha g.oob)

echo "# synthetic dump: text report"
"$bin" info $GEOM g.oob >text.out 2>text.err
check "info exits 0" test $? = 0
check "info prints nothing on stderr" test ! -s text.err
golden info-golden-text text.out

echo "# synthetic dump: --json"
"$bin" info --json $GEOM g.oob >json.out
check "info --json exits 0" test $? = 0
golden info-golden-json json.out
check "geometry 2048+64, 8 pages a block, 14 blocks" json json.out \
	'(j["page_size"], j["oob_size"], j["pages_per_block"], j["block_count"], j["eb_size"], j["size"]) == (2048, 64, 8, 14, 16384, 229376)'
check "geometry source is 'given'" json json.out 'j["geometry_source"] == "given"'
check "bad block 6 from the OOB marker" json json.out \
	'j["bad_blocks"] == [6] and j["bad_block_sources"] == [{"block": 6, "source": "oob-marker"}]'
check "1 erased and 12 programmed blocks" json json.out \
	'(j["erased_blocks"], j["programmed_blocks"]) == (1, 12)'
check "sha256 in the JSON is the file's" json json.out "j['sha256'] == '$before'"
check "U-Boot environments at blocks 0 and 1 (the second redundant)" json json.out \
	'[(c["first_block"], c["redundant"], c["env_size"]) for c in j["content"] if c["type"] == "uboot-env"] == [(0, False, 8192), (1, True, 8192)]'
check "environment keys in order" json json.out \
	'[c["keys"] for c in j["content"] if c["type"] == "uboot-env"][0] == ["bootcmd", "bootargs", "mtdparts", "ver"]'
check "the mtdparts string" json json.out \
	'[c["value"] for c in j["content"] if c["type"] == "mtdparts"] == ["gen:16k(env),16k(env2),64k(jffs2),-(rest)"]'
check "JFFS2 in blocks 2-5 with 4 clean-markers" json json.out \
	'[(c["first_block"], c["last_block"], c["cleanmarkers"], c["nodes"]) for c in j["content"] if c["type"] == "jffs2"] == [(2, 5, 4, 18)]'
check "SquashFS in blocks 7-9" json json.out \
	'[(c["first_block"], c["last_block"], c["bytes_used"], c["compression"]) for c in j["content"] if c["type"] == "squashfs"] == [(7, 9, 33768, "gzip")]'
check "U-Boot image Linux-6.1 in block 12, data CRC ok" json json.out \
	'[(c["first_block"], c["name"], c["data_size"], c["image_type"], c["data_crc_ok"]) for c in j["content"] if c["type"] == "uimage"] == [(12, "Linux-6.1", 5000, "kernel", True)]'
check "device tree in block 13" json json.out \
	'[(c["first_block"], c["totalsize"], c["version"]) for c in j["content"] if c["type"] == "fdt"] == [(13, 3000, 17)]'
check "unrecognised data in block 11" json json.out \
	'[(c["first_block"], c["last_block"]) for c in j["content"] if c["type"] == "data"] == [(11, 11)]'

echo "# bad blocks from two sources, runs printed as ranges"
"$bin" info $GEOM --bad-blocks=3,4,10 g.oob >bb.out
check "the bad block line" test "$(grep '^bad blocks:' bb.out)" = \
	"bad blocks:   4: 3-4 (user), 6 (oob-marker), 10 (user)"
"$bin" info --json $GEOM --bad-blocks=3,4,10 g.oob >bb.json
check "the JSON lists each bad block with its source" json bb.json \
	'[(b["block"], b["source"]) for b in j["bad_block_sources"]] == [(3, "user"), (4, "user"), (6, "oob-marker"), (10, "user")] and j["bad_blocks"] == [3, 4, 6, 10]'
check "bad blocks are neither erased nor programmed" json bb.json \
	'(j["erased_blocks"], j["programmed_blocks"]) == (0, 10)'
check "JFFS2 bridges its bad blocks 3-4" json bb.json \
	'[(c["first_block"], c["last_block"], c["blocks"]) for c in j["content"] if c["type"] == "jffs2"] == [(2, 5, 2)]'

echo "# the same data without OOB (--format=raw)"
"$bin" info --json --format=raw --page-size=2048 --pages-per-block=8 g.data >raw.out
check "raw: exits 0" test $? = 0
check "raw: oob_size 0, 14 blocks, no bad blocks" json raw.out \
	'(j["oob_size"], j["block_count"], j["bad_blocks"]) == (0, 14, [])'
check "raw: block 6 (zeros) is data, no clean-markers without OOB" json raw.out \
	'[c["type"] for c in j["content"]] == ["uboot-env", "mtdparts", "uboot-env", "jffs2", "data", "squashfs", "data", "uimage", "fdt"] and [c["cleanmarkers"] for c in j["content"] if c["type"] == "jffs2"] == [0]'

if [ -x "$gen" ]; then
	echo "# mm-gen: JFFS2 with a bad block"
	"$gen" --page-size 512 --oob-size 16 --pages-per-block 32 --blocks 16 \
		--bad 3 --content jffs2 -o gen.oob
	"$bin" info --format=oob --page-size=512 --oob-size=16 \
		--pages-per-block=32 gen.oob >gen.out
	check "mm-gen dump: exits 0" test $? = 0
	golden info-golden-mmgen gen.out
else
	echo "skip: $gen not built"
fi

check "the input's sha256 is unchanged" test "$(sha g.oob)" = "$before"
finish
