#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# containers-e01.sh - the kernel-made fixtures (the NAND ones as nanddump
# --oob dumps, the NOR one as its data) acquired as
# Expert Witness (E01) evidence files with ewfacquirestream (ewf-tools),
# made here, never committed:
#   compressed (deflate fast, one segment, MD5 + SHA-1 and case fields),
#   compressed empty blocks split into 1 MiB segments,
#   uncompressed split into 1 MiB segments (at least 3; 2 for the 2 MiB NOR);
# each must read exactly like the plain file: 'info --json' equal except
# the file's own fields (file, sha256, layers, provenance), 'convert
# --to=raw' byte-identical, 'info --verify' matching the stored hashes, the
# provenance giving the stored MD5 (and SHA-1) of the media. A flipped byte
# in a segment is a read error or a hash mismatch (never a crash), a
# missing segment a one-line error naming it.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1
export MM_CACHE_DIR="$tmp/cache"
mkdir -p "$MM_CACHE_DIR"

have_fixtures ubi-hamming || { echo "skip: no nandsim fixtures or no xz"; exit 77; }
for t in ewfacquirestream python3 md5sum sha1sum; do
	command -v $t >/dev/null || { echo "skip: $t is not installed"; exit 77; }
done

# acquire IN TARGET OPTIONS...: TARGET.E01 (and .E02 ...) from IN.
acquire() {
	_in=$1 _t=$2
	shift 2
	ewfacquirestream -q "$@" -t "$_t" <"$_in" >"$_t.log" 2>&1 ||
		{ cat "$_t.log"; return 1; }
}

fixture jffs2-hamming.oob.bin
acquire jffs2-hamming.oob.bin probe -c deflate:fast || {
	not_ok "ewfacquirestream fails"
	exit 1
}
"$bin" info probe.E01 >probe.out 2>probe.err
if grep -q "no libewf" probe.err; then
	check "without libewf: one line naming the library" \
		test "$(wc -l <probe.err)" = 1
	echo "skip: this build has no libewf"
	[ $failed = 0 ] && exit 77
	exit 1
fi
rm -f probe.*

# same_json PLAIN E01: the two reports agree but for the file's own fields.
same_json() {
	python3 - "$1" "$2" <<'PYEOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("file", "sha256", "layers", "provenance"):
    a.pop(k, None)
    b.pop(k, None)
if a != b:
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            print("  differs: %s: %r != %r" % (k, a.get(k), b.get(k)))
    sys.exit(1)
PYEOF
}

# flip FILE: one byte in the middle of FILE inverted (inside a chunk).
flip() {
	python3 - "$1" <<'PYEOF'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
d[len(d) // 2] ^= 0x10
open(sys.argv[1], 'wb').write(d)
PYEOF
}

# every kernel-made fixture: the NAND ones as page + OOB, the NOR one
# (mtdram, data only) with the options info-nandsim.sh gives it
for spec in jffs2-hamming:oob ubi-hamming:oob jffs2-bch8:oob ubi-bch4:oob \
	    jffs2-nor:nor; do
	name=${spec%%:*}
	if [ "${spec#*:}" = nor ]; then
		in=$name.bin
		opts="--format=raw --page-size=512 --pages-per-block=128"
		minseg=2
	else
		in=$name.oob.bin
		opts=
		minseg=3
	fi
	echo "# $name"
	fixture "$in"
	md5=$(md5sum "$in" | cut -d' ' -f1)
	sha1=$(sha1sum "$in" | cut -d' ' -f1)
	# shellcheck disable=SC2086
	"$bin" info --json $opts "$in" >plain.json || not_ok "$name: info on the plain file"
	# shellcheck disable=SC2086
	"$bin" convert -q $opts "$in" -o plain.raw --to=raw ||
		not_ok "$name: convert of the plain file"

	acquire "$in" "$name-fast" -c deflate:fast -d sha1 -C CASE-16 \
		-e "A. Examiner" -E "EV-$name" -D "$name nanddump" ||
		not_ok "$name: ewfacquirestream -c fast"
	acquire "$in" "$name-eb" -c deflate:empty-block -S 1MiB ||
		not_ok "$name: ewfacquirestream -c empty-block -S 1MiB"
	acquire "$in" "$name-none" -c none -S 1MiB ||
		not_ok "$name: ewfacquirestream -c none -S 1MiB"
	nseg=$(ls "$name-none".E* | wc -l)
	check "$name: uncompressed set split into $nseg >= $minseg segments" \
		test "$nseg" -ge "$minseg"

	insha=$(sha "$in")
	for v in fast eb none; do
		e=$name-$v.E01
		rm -f e.json out.raw
		# shellcheck disable=SC2086
		"$bin" info --json $opts "$e" >e.json 2>e.err
		if [ $? = 0 ] && same_json plain.json e.json; then
			ok "$name: $v: info --json equals the plain file's"
		else
			not_ok "$name: $v: info --json differs ($(head -n 1 e.err))"
		fi
		check "$name: $v: provenance: the file, then the e01 layer with the stored MD5 and the SHA-256 of its media (the plain file's)" \
			json e.json "[p['layer'] for p in j['provenance']] == ['file', 'container'] and j['provenance'][1]['name'].startswith('e01, ') and j['provenance'][1]['md5'] == '$md5' and j['provenance'][0]['sha256'] == '$(sha "$e")' and j['provenance'][1]['segments'] == '$(ls "$name-$v".E* | wc -l)' and j['provenance'][1]['sha256'] == '$insha'"
		# shellcheck disable=SC2086
		"$bin" convert -q $opts "$e" -o out.raw --to=raw
		if [ $? = 0 ] && cmp -s out.raw plain.raw; then
			ok "$name: $v: convert --to=raw is byte-identical"
		else
			not_ok "$name: $v: convert --to=raw differs"
		fi
		# shellcheck disable=SC2086
		"$bin" info --verify $opts "$e" >v.out 2>v.err
		rc=$?
		check "$name: $v: info --verify exits 0, matches" \
			sh -c "test $rc = 0 && grep -q '^verify:       match: md5 $md5 matches' v.out && test ! -s v.err"
	done
	# shellcheck disable=SC2086
	"$bin" info --json --verify $opts "$name-fast.E01" >fast.json
	check "$name: fast: the stored SHA-1, case number, examiner, evidence number" \
		json fast.json "j['provenance'][1]['sha1'] == '$sha1' and j['provenance'][1]['case_number'] == 'CASE-16' and j['provenance'][1]['examiner'] == 'A. Examiner' and j['provenance'][1]['evidence_number'] == 'EV-$name' and j['provenance'][1]['name'] == 'e01, 1 segment, compressed (deflate fast)'"
	check "$name: fast: --verify checks MD5 and SHA-1 (JSON)" \
		json fast.json "j['verify']['ok'] and j['verify']['checks'][0]['result'] == 'match' and 'sha1 $sha1 matches' in j['verify']['checks'][0]['detail']"
	rm -f "$name"-*.E* plain.raw out.raw
done

echo "# damaged and incomplete segment sets"
in=ubi-hamming.oob.bin
acquire "$in" u -c none -S 1MiB
acquire "$in" c -c deflate:empty-block -S 1MiB
acquire "$in" f -c deflate:fast
for set in u c f; do
	rm -rf bad
	mkdir bad
	cp $set.E* bad/
	seg=bad/$set.E02
	[ -f "$seg" ] || seg=bad/$set.E01
	flip "$seg"
	"$bin" info --verify bad/$set.E01 >bad.out 2>bad.err
	rc=$?
	if { [ $rc = 2 ] || [ $rc = 3 ]; } && [ "$(wc -l <bad.err)" -ge 1 ] &&
	   grep -Eq 'mismatch|read failed|Input/output error' bad.err; then
		ok "$set: one flipped byte in $(basename "$seg"): status $rc, '$(head -n 1 bad.err)'"
	else
		not_ok "$set: one flipped byte in $(basename "$seg"): status $rc, '$(head -n 1 bad.err)'"
	fi
done
# a chunk the geometry detection does not read: --verify names it
rm -rf bad
mkdir bad
cp u.E* bad/
flip bad/u.E05
"$bin" info --verify bad/u.E01 >bad.out 2>bad.err
rc=$?
check "u: a flipped byte in u.E05: status 2, the damaged chunk named first" \
	sh -c "test $rc = 2 && head -n 1 bad.err | grep -q '^muse-mount: bad/u.E01: --verify: chunk checksum mismatch at 0x[0-9a-f]* of the media: the segment files are damaged\$'"
rm -rf bad
mkdir bad
cp u.E01 u.E03 bad/
expect_fail "a missing middle segment" 2 \
	"muse-mount: bad/u.E01: e01: segment u.E02 is missing (the only segment found, u.E01, ends before the media's 8650752 bytes, or is truncated)" \
	"$bin" info bad/u.E01
rm -rf bad
mkdir bad
cp u.E01 u.E02 u.E03 bad/
expect_fail "missing last segments" 2 \
	"muse-mount: bad/u.E01: e01: segment u.E04 is missing (the 3 segments found, u.E01 ... u.E03, end before the media's 8650752 bytes)" \
	"$bin" convert -q bad/u.E01 -o x.raw --to=raw
check "no output is left behind" test ! -e x.raw

# an E01 not named like one is that file alone; a truncated one refused
cp f.E01 evidence.bin
"$bin" info --verify evidence.bin >v.out 2>v.err
rc=$?
check "an E01 named evidence.bin opens alone and verifies" \
	sh -c "test $rc = 0 && grep -q '^layers:       e01, 1 segment, compressed (deflate fast)\$' v.out && grep -q '^verify:       match: ' v.out"
head -c 100 f.E01 >short.E01
expect_fail "an E01 cut after 100 bytes" 2 \
	"muse-mount: short.E01: e01: cannot open the segment file: unable to read compressed string" \
	"$bin" info short.E01

echo "# --verify on a plain file, and outside info"
expect_fail "info --verify with nothing stored" 2 \
	"muse-mount: $in: --verify: no layer stores a hash to check" \
	"$bin" info --verify "$in"
"$bin" convert --verify "$in" -o x.raw >/dev/null 2>err
check "convert --verify is a usage error (1)" test $? = 1

exit $failed
