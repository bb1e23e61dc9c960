#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# containers-generated.sh - a generated dump packed by the real tools
# (gzip, xz, bzip2, zstd, tar, bsdtar zip/7z, nested tar.xz) gives itself
# back with 'convert --to=oob'; archive members; the cache file is reused
# for the same input and renewed for a changed one; 'info' names the
# layers; and the refusals, with their exact messages.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1
export MM_CACHE_DIR="$tmp/cache"
mkdir -p "$MM_CACHE_DIR"

[ -x "$gen" ] || { echo "skip: $gen not built (make tools)"; exit 77; }
for t in gzip xz bzip2 zstd tar bsdtar python3; do
	command -v $t >/dev/null || { echo "skip: $t is not installed"; exit 77; }
done

G="--page-size=2048 --oob-size=64 --pages-per-block=8"
"$gen" --page-size 2048 --oob-size 64 --pages-per-block 8 --blocks 12 \
	--bad 2,9 --layout oob --content ubi --seed 5 -o a.bin
"$gen" --page-size 2048 --oob-size 64 --pages-per-block 8 --blocks 12 \
	--bad 3 --layout oob --content jffs2 --seed 6 -o b.bin
# Cache files, not names (a cache file has a second name, a hard link).
ncache() { find "$MM_CACHE_DIR" -type f -exec stat -c %i {} + | sort -u | wc -l; }

# back NAME FILE OPTIONS...: convert --to=oob gives a.bin back.
back() {
	_what=$1 _in=$2
	shift 2
	rm -f out.bin
	if "$bin" convert -q $G "$@" "$_in" -o out.bin --to=oob &&
	   cmp -s out.bin a.bin; then
		ok "$_what gives the dump back"
	else
		not_ok "$_what does not give the dump back"
	fi
}

gzip -c a.bin >a.gz
back "gzip" a.gz
xz -c a.bin >a.xz
back "xz" a.xz
bzip2 -c a.bin >a.bz2
back "bzip2" a.bz2
zstd -q -c a.bin >a.zst
back "zstd" a.zst
cp a.xz a-named.img
back "xz named .img (detected by magic)" a-named.img
tar cf a.tar a.bin
back "tar" a.tar
tar cJf a.tar.xz a.bin
back "tar in xz" a.tar.xz
echo "dumped with a programmer" >README.txt
head -c 8192 b.bin >notes.txt		# big enough, but named as notes
sha256sum a.bin >a.bin.sha256
bsdtar --format zip -cf a.zip README.txt notes.txt a.bin a.bin.sha256
back "zip with notes and a checksum beside the dump" a.zip
bsdtar --format 7zip -cf a.7z a.bin
back "7z" a.7z
bsdtar --format zip -cf two.zip a.bin b.bin
back "zip --member" two.zip --member=a.bin
gzip -c a.bin | gzip -c >a.gz.gz
back "gzip in gzip" a.gz.gz
# A zip holding only a gzip'd dump too small to look like one by itself.
"$gen" --page-size 2048 --oob-size 64 --pages-per-block 2 --blocks 1 \
	--layout oob --content erased -o tiny.bin
gzip -c tiny.bin >tiny.gz
bsdtar --format zip -cf tiny.zip tiny.gz
rm -f out.bin
"$bin" convert -q --page-size=2048 --oob-size=64 --pages-per-block=2 \
	tiny.zip -o out.bin --to=oob
check "a zip holding only a gzip'd dump ($(wc -c <tiny.gz) bytes) gives it back" \
	cmp -s out.bin tiny.bin
# Dumps that merely start with a compressed blob (a boot image at 0).
head -c 30000 b.bin >blob
for c in gzip bzip2; do
	$c -c blob >blob.$c
	python3 -c "
import sys
b = open('blob.$c', 'rb').read()
d = bytearray(open('a.bin', 'rb').read())
d[:len(b)] = b
open('starts.$c', 'wb').write(d)
"
	rm -f out.bin
	"$bin" convert -q $G "starts.$c" -o out.bin --to=oob
	check "a dump starting with a $c blob is read as it is" \
		cmp -s out.bin "starts.$c"
done
# A sparse tar member ending in a hole (the last blocks all zero).
python3 -c "
f = open('sparse.bin', 'wb')
f.write(open('a.bin', 'rb').read()[:2112 * 8 * 4])
f.truncate(2112 * 8 * 12)
"
tar --sparse -cf sparse.tar sparse.bin
rm -f out.bin
"$bin" convert -q $G sparse.tar -o out.bin --to=oob
check "a sparse tar member ending in a hole keeps its length" cmp -s out.bin sparse.bin

# The cache: one file per input, reused, renewed when the input changes.
rm -rf "$MM_CACHE_DIR"/*
"$bin" info -q $G a.xz >/dev/null
n1=$(ncache)
ls -i "$MM_CACHE_DIR" >ls1
"$bin" info -q $G a.xz >/dev/null
ls -i "$MM_CACHE_DIR" >ls2
check "the cache file is made once ($n1)" test "$n1" = 1
check "the same input reuses it (same inode)" cmp -s ls1 ls2
cp a.xz copy.xz
"$bin" info -q $G copy.xz >/dev/null
check "a copy of the input reuses it (by content)" test "$(ncache)" = 1
touch a.xz
"$bin" info -q $G a.xz >/dev/null
check "a touched input (same content) reuses it" test "$(ncache)" = 1
xz -c b.bin >a.xz
"$bin" info -q $G a.xz >/dev/null
check "a changed input gets a new cache file" test "$(ncache)" = 2
xz -c a.bin >a.xz

# info names the layers.
"$bin" info $G a.tar.xz >info.txt 2>&1
check "info names the xz and tar layers" \
	grep -q "^layers: *xz, tar member 'a.bin', cached in $MM_CACHE_DIR/" info.txt
"$bin" info --json $G a.gz >info.json 2>&1
check "info --json lists the gzip layer" json info.json \
	'j["layers"][0].startswith("gzip")'

# Refusals.
expect_fail "several dumps in a zip" 2 \
	"muse-mount: two.zip: zip archive holds several dumps: 'a.bin', 'b.bin' (choose one with --member)" \
	"$bin" info $G two.zip
expect_fail "a member that is not there" 2 \
	"muse-mount: two.zip: no member 'c.bin' in the zip archive (regular files: 'a.bin', 'b.bin')" \
	"$bin" info $G two.zip --member=c.bin
expect_fail "--member on a plain dump" 2 \
	"muse-mount: a.bin: --member 'x' given, but the file is not an archive" \
	"$bin" info $G a.bin --member=x
rm -rf "$MM_CACHE_DIR"/*
MM_MAX_EXPANDED=64KiB expect_fail "an xz stream over MM_MAX_EXPANDED" 2 \
	"muse-mount: a.xz: xz stream: refusing to decode more than 65536 bytes (set MM_MAX_EXPANDED to raise the limit)" \
	"$bin" info $G a.xz
check "nothing is left in the cache after a refusal" test "$(ncache)" = 0
MM_MAX_EXPANDED=64KiB expect_fail "a zip member declared over MM_MAX_EXPANDED" 2 \
	"muse-mount: a.zip: member 'a.bin': refusing to decode more than 65536 bytes (set MM_MAX_EXPANDED to raise the limit)" \
	"$bin" info $G a.zip
head -c 20000 a.gz >t.gz
expect_fail "a truncated gzip" 2 \
	"muse-mount: t.gz: gzip: stream is truncated (ends at 0x4e20)" \
	"$bin" info $G t.gz
head -c 10001 a.bin >odd.bin
expect_fail "--swap16 on an odd length" 2 \
	"muse-mount: odd.bin: --swap16: odd length 10001 cannot hold 16-bit words" \
	"$bin" info $G --swap16 odd.bin
expect_fail "--sector-size without --format=sector" 2 \
	"muse-mount: a.bin: --sector-size applies to --format=sector only" \
	"$bin" info $G --sector-size=512 a.bin
python3 -c "
d = open('a.bin', 'rb').read()
open('a.data', 'wb').write(b''.join(d[o:o + 2048] for o in range(0, len(d), 2112)))
open('a.spare', 'wb').write(b''.join(d[o + 2048:o + 2112] for o in range(0, len(d) - 2112, 2112)))
"
expect_fail "a spare file one page short" 2 \
	"muse-mount: a.data: --oob-file: OOB file size 6080 does not divide into the 96 pages of the data file" \
	"$bin" info $G --oob-file=a.spare a.data
finish
