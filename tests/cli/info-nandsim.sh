#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# info-nandsim.sh - 'info --json' with no geometry options on the kernel's
# own nandsim dumps (tests/fixtures/nandsim): geometry 2048/64/64, block
# count, the factory-bad block, and JFFS2 / UBI with its volume names.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1

have_fixtures ubi-hamming || { echo "skip: no nandsim fixtures or no xz"; exit 77; }

# name blocks bad-block kind
while read -r name blocks badblk kind; do
	echo "# $name.oob.bin"
	fixture "$name.oob.bin"
	before=$(sha "$name.oob.bin")
	"$bin" info --json "$name.oob.bin" >"$name.json" 2>"$name.err"
	check "$name: exits 0" test $? = 0
	check "$name: detected 2048+64, 64 pages a block, $blocks blocks" json "$name.json" \
		"(j['page_size'], j['oob_size'], j['pages_per_block'], j['block_count']) == (2048, 64, 64, $blocks)"
	check "$name: read as page+OOB records" json "$name.json" "j['format'] in ('oob', 'nanddump')"
	check "$name: geometry was detected, not given" json "$name.json" "j['geometry_source'].startswith('detected')"
	check "$name: factory-bad block $badblk from its OOB marker" json "$name.json" \
		"j['bad_blocks'] == [$badblk] and j['bad_block_sources'][0]['source'] == 'oob-marker'"
	check "$name: every good block counted as erased or programmed" json "$name.json" \
		"j['erased_blocks'] + j['programmed_blocks'] == $blocks - 1"
	case $kind in
	jffs2)
		check "$name: no UBI, so the sub-page is the page" json "$name.json" \
			"j['subpage_size'] == 2048"
		check "$name: JFFS2 found with nodes and clean-markers" json "$name.json" \
			"any(c['type'] == 'jffs2' and c['nodes'] > 0 and c['cleanmarkers'] > 0 for c in j['content'])"
		;;
	ubi)
		check "$name: UBI spans the chip, the bad block inside" json "$name.json" \
			"[(c['first_block'], c['last_block']) for c in j['content'] if c['type'] == 'ubi'] == [(0, $blocks - 1)]"
		check "$name: UBI volumes rootfs (dynamic), blob (static), data (dynamic)" json "$name.json" \
			"[(v['id'], v['name'], v['type']) for c in j['content'] if c['type'] == 'ubi' for v in c['volumes']] == [(0, 'rootfs', 'dynamic'), (1, 'blob', 'static'), (2, 'data', 'dynamic')]"
		check "$name: the blob volume holds 300000 bytes in 3 LEBs" json "$name.json" \
			"[v['lebs_seen'] for c in j['content'] if c['type'] == 'ubi' for v in c['volumes'] if v['name'] == 'blob'] == [3]"
		check "$name: sub-page 512 from the UBI VID header offset" json "$name.json" \
			"j['subpage_size'] == 512"
		check "$name: UBIFS superblock in volume rootfs" json "$name.json" \
			"[(c['ubi_volume'], c['min_io_size']) for c in j['content'] if c['type'] == 'ubifs'] == [('rootfs', 2048)]"
		;;
	esac
	check "$name: sha256 in the JSON is the file's" json "$name.json" "j['sha256'] == '$before'"
	check "$name: the input's sha256 is unchanged" test "$(sha "$name.oob.bin")" = "$before"
done <<'LIST'
jffs2-hamming 32 20 jffs2
jffs2-bch8 16 9 jffs2
ubi-hamming 64 41 ubi
ubi-bch4 64 17 ubi
LIST

echo "# jffs2-hamming: the boot area's U-Boot environment"
check "environment with mtdparts and bootcmd" json jffs2-hamming.json \
	"any(c['type'] == 'uboot-env' and 'mtdparts' in c['keys'] and 'bootcmd' in c['keys'] for c in j['content'])"
check "mtdparts=muse:1M(boot),-(rootfs) found" json jffs2-hamming.json \
	"[c['value'] for c in j['content'] if c['type'] == 'mtdparts'] == ['muse:1M(boot),-(rootfs)']"
check "JFFS2 in blocks 8-31" json jffs2-hamming.json \
	"[(c['first_block'], c['last_block']) for c in j['content'] if c['type'] == 'jffs2'] == [(8, 31)]"

echo "# the kernel's data-only dump, geometry from its content"
fixture ubi-hamming.data-dumpbad.bin
"$bin" info --json --oob-size=0 --format=raw ubi-hamming.data-dumpbad.bin >data.json 2>data.err
check "data-only: exits 0" test $? = 0
check "data-only: oob_size 0, 64 blocks of 128 KiB" json data.json \
	"(j['oob_size'], j['block_count'], j['eb_size']) == (0, 64, 131072)"
check "data-only: UBI volumes still found" json data.json \
	"[v['name'] for c in j['content'] if c['type'] == 'ubi' for v in c['volumes']] == ['rootfs', 'blob', 'data']"

echo "# NOR-style JFFS2 written by the kernel on mtdram: in-band clean-markers"
fixture jffs2-nor.bin
"$bin" info --json --format=raw --page-size=512 --pages-per-block=128 jffs2-nor.bin >nor.json 2>nor.err
check "nor: exits 0" test $? = 0
check "nor: JFFS2 over all 32 blocks of 64 KiB" json nor.json \
	"[(c['first_block'], c['last_block']) for c in j['content'] if c['type'] == 'jffs2'] == [(0, 31)] and j['eb_size'] == 65536"
check "nor: every block's in-band clean-marker counted" json nor.json \
	"[c['cleanmarkers'] for c in j['content'] if c['type'] == 'jffs2'] == [32]"
finish
