#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# containers-kernel.sh - the kernel's 2048+64 nanddump --oob dumps, packed
# and rearranged the ways real dumps arrive, must each convert with
# 'convert --to=raw' to exactly the kernel's own data-only dump
# (NAME.data-dumpbad.bin):
#   gzip, xz (the fixture file itself), zip and tar (bsdtar / tar);
#   split into a data file and a spare file (--oob-file);
#   rewritten sector-interleaved, [512 data][16 spare] x 4 (--format=sector);
#   byte-swapped as read from an x16 chip (dd conv=swab; --swap16);
#   three reads, each with different double bit flips in some ECC steps
#   (and two of them with the same flips in others, which a bitwise
#   majority cannot repair), fused with --extra-read and the dump's ECC.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1
export MM_CACHE_DIR="$tmp/cache"
mkdir -p "$MM_CACHE_DIR"

have_fixtures ubi-hamming || { echo "skip: no nandsim fixtures or no xz"; exit 77; }
for t in gzip tar bsdtar python3 dd; do
	command -v $t >/dev/null || { echo "skip: $t is not installed"; exit 77; }
done

G="--page-size=2048 --oob-size=64 --pages-per-block=64"

# raw NAME TEST-NAME INPUT OPTIONS...: convert --to=raw equals the kernel's.
raw() {
	_name=$1 _what=$2 _in=$3
	shift 3
	rm -f out.raw
	"$bin" convert -q $G "$@" "$_in" -o out.raw --to=raw
	_rc=$?
	if [ $_rc = 0 ] && cmp -s out.raw "$_name.data-dumpbad.bin"; then
		ok "$_name: $_what converts to the kernel's data-only dump"
	else
		not_ok "$_name: $_what (status $_rc) does not convert to the kernel's data-only dump"
	fi
}

# flips IN SEED OUT STEP BITS: copy IN with BITS flipped bits (one more
# than the ECC corrects: 2 for Hamming) in one STEP-byte ECC step of some
# programmed pages; seeds 0, 1 and 2 damage different steps.
flips() {
	python3 - "$@" <<'PYEOF'
import random, sys
src, seed, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
STEP, BITS = int(sys.argv[4]), int(sys.argv[5])
W, S = 2048, 64
rec = W + S
d = bytearray(open(src, 'rb').read())
pages = len(d) // rec
prog = [p for p in range(pages) if d[p * rec:p * rec + W] != b'\xff' * W]
rnd = random.Random(1234)
targets = rnd.sample(prog, min(90, len(prog)))
for i, p in enumerate(targets):
    step = rnd.randrange(W // STEP)
    if i % 3 != seed:
        continue
    base = p * rec + step * STEP
    for b in random.Random(seed * 7919 + p).sample(range(STEP * 8), BITS):
        d[base + b // 8] ^= 1 << (b % 8)
# Pages where reads 0 and 1 share the same flips: a bitwise majority keeps
# them, only the per-step choice of read 2 repairs them.
rest = [p for p in prog if p not in set(targets)]
for p in rnd.sample(rest, min(20, len(rest))):
    step = rnd.randrange(W // STEP)
    if seed == 2:
        continue
    base = p * rec + step * STEP
    for b in random.Random(p).sample(range(STEP * 8), BITS):
        d[base + b // 8] ^= 1 << (b % 8)
open(out, 'wb').write(d)
PYEOF
}

for name in jffs2-hamming ubi-hamming jffs2-bch8 ubi-bch4; do
	echo "# $name"
	fixture "$name.oob.bin"
	fixture "$name.data-dumpbad.bin"
	in=$name.oob.bin

	gzip -c "$in" >"$name.gz"
	raw "$name" "gzip" "$name.gz"
	raw "$name" "xz" "$fixtures/$name.oob.bin.xz"
	bsdtar --format zip -cf "$name.zip" "$in"
	raw "$name" "zip" "$name.zip"
	tar cf "$name.tar" "$in"
	raw "$name" "tar" "$name.tar"
	rm -f "$name.gz" "$name.zip" "$name.tar"

	python3 - "$in" "$name.data" "$name.spare" <<'PYEOF'
import sys
d = open(sys.argv[1], 'rb').read()
with open(sys.argv[2], 'wb') as a, open(sys.argv[3], 'wb') as b:
    for o in range(0, len(d), 2112):
        a.write(d[o:o + 2048])
        b.write(d[o + 2048:o + 2112])
PYEOF
	raw "$name" "split data + spare (--oob-file)" "$name.data" \
		--oob-file="$name.spare"
	G= raw "$name" "split data + spare, geometry from the files" \
		"$name.data" --oob-file="$name.spare"
	rm -f "$name.data" "$name.spare"

	python3 - "$in" "$name.sector" <<'PYEOF'
import sys
d = open(sys.argv[1], 'rb').read()
with open(sys.argv[2], 'wb') as f:
    for o in range(0, len(d), 2112):
        data, spare = d[o:o + 2048], d[o + 2048:o + 2112]
        for s in range(4):
            f.write(data[s * 512:(s + 1) * 512] + spare[s * 16:(s + 1) * 16])
PYEOF
	check "$name: the sector-interleaved copy differs from the input" \
		sh -c "! cmp -s '$in' '$name.sector'"
	raw "$name" "sector-interleaved 512+16" "$name.sector" \
		--format=sector --sector-size=512
	G= raw "$name" "sector-interleaved, geometry detected" "$name.sector" \
		--format=sector
	rm -f "$name.sector"

	dd if="$in" of="$name.x16" conv=swab status=none
	raw "$name" "byte-swapped x16 (--swap16)" "$name.x16" --swap16
	rm -f "$name.x16"

	case $name in
	*-hamming) ecc=hamming step=256 bits=2 ;;
	*-bch8) ecc=bch8 step=512 bits=9 ;;
	*) ecc=bch4 step=512 bits=5 ;;
	esac
	for i in 0 1 2; do flips "$in" $i "$name.r$i" $step $bits; done
	rm -f out.raw
	"$bin" convert -q $G "$name.r0" -o out.raw --to=raw
	check "$name: a single damaged read does not convert to the kernel's dump" \
		sh -c "! cmp -s out.raw '$name.data-dumpbad.bin'"
	rm -f out.raw
	"$bin" convert -q $G "$name.r0" --extra-read="$name.r1" \
		--extra-read="$name.r2" -o out.raw --to=raw
	check "$name: a bitwise majority alone (no --ecc) does not repair them" \
		sh -c "! cmp -s out.raw '$name.data-dumpbad.bin'"
	raw "$name" "three damaged reads fused (--extra-read --ecc=$ecc)" \
		"$name.r0" --extra-read="$name.r1" --extra-read="$name.r2" \
		--ecc=$ecc
	rm -f "$name".r? "$in" "$name.data-dumpbad.bin"
done
finish
