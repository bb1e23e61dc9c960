#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# provenance.sh - info's provenance hashes every layer: the bytes each
# stacked layer serves (a gzip stream, a tar member, an xz stream, a
# transform's output) and the file of each --extra-read, in --json and in
# the text report; each digest is checked against sha256sum of the same
# bytes made by other tools (gzip, tar, xz, python), not by muse-mount;
# --no-hash leaves them out and changes nothing else.
. "$(dirname "$0")/info-common.sh"
cd "$tmp" || exit 1
G="--format oob --page-size 2048 --oob-size 64 --pages-per-block 64"
"$gen" --page-size 2048 --oob-size 64 --pages-per-block 64 --blocks 16 \
	--bad 3 -o chip.bin || exit 1
want_chip=$(sha chip.bin)

# 1. gzip: the file, then the decoded stream
gzip -k -n chip.bin
# shellcheck disable=SC2086
"$bin" info -q --json $G chip.bin.gz >gz.json
check "gzip: the file's and the stream's SHA-256" json gz.json \
	"[(p['layer'], p.get('sha256')) for p in j['provenance']] == [('file', '$(sha chip.bin.gz)'), ('container', '$want_chip')]"
# shellcheck disable=SC2086
"$bin" info -q $G chip.bin.gz >gz.txt
check "gzip: the stream's SHA-256 under its layers: line" \
	grep -qx "                sha256: $want_chip" gz.txt

# 2. a tar member inside xz (one layer: the member, as libarchive reads it)
if command -v xz >/dev/null; then
	tar cf chip.tar chip.bin
	xz -k chip.tar
	# shellcheck disable=SC2086
	if "$bin" info -q --json $G chip.tar.xz >xz.json 2>xz.err; then
		check "xz + tar: the file, then the member's bytes" json xz.json \
			"[(p['layer'], p['sha256']) for p in j['provenance']] == [('file', '$(sha chip.tar.xz)'), ('member', '$want_chip')]"
	elif grep -q "no libarchive" xz.err; then
		echo "skip: xz + tar: this build has no libarchive"
	else
		not_ok "xz + tar: info failed: $(head -n 1 xz.err)"
	fi
fi

# 3. a transform: the swapped bytes, as python swaps them
python3 - chip.bin chip.swapped <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[0::2], b[1::2] = b[1::2], b[0::2]
open(sys.argv[2], 'wb').write(b)
PY
# shellcheck disable=SC2086
"$bin" info -q --json $G --swap16 chip.swapped >sw.json
check "swap16: the transform's output is the chip again" json sw.json \
	"j['provenance'][0]['sha256'] == '$(sha chip.swapped)' and j['provenance'][-1]['layer'] == 'transform' and j['provenance'][-1]['sha256'] == '$want_chip'"

# 4. --extra-read: each read's file with its SHA-256
python3 - chip.bin read2.bin <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[5000] ^= 0x10				# one flipped bit: another read
open(sys.argv[2], 'wb').write(b)
PY
# shellcheck disable=SC2086
"$bin" info -q --json $G --extra-read=read2.bin chip.bin >fu.json
check "extra-read: the fusion lists each read with its file's SHA-256" json fu.json \
	"[p for p in j['provenance'] if p['layer'] == 'fusion'][0]['reads'] == [{'file': 'chip.bin', 'sha256': '$want_chip'}, {'file': 'read2.bin', 'sha256': '$(sha read2.bin)'}]"
# shellcheck disable=SC2086
"$bin" info -q $G --extra-read=read2.bin chip.bin >fu.txt
check "extra-read: the read's SHA-256 under its read line" \
	grep -qx "                sha256: $(sha read2.bin)" fu.txt

# 4. --no-hash: no digest anywhere (null in JSON), everything else the same
# shellcheck disable=SC2086
"$bin" info -q --json --no-hash $G chip.bin.gz >nh.json
check "--no-hash: sha256 null, the file's and the layer's too" json nh.json \
	"j['sha256'] is None and j['provenance'][0]['sha256'] is None and 'sha256' not in j['provenance'][1]"
check "--no-hash: every other field as without it" python3 -c '
import json, sys
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if k != "sha256"}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
a, b = (strip(json.load(open(f))) for f in sys.argv[1:])
sys.exit(a != b)' gz.json nh.json
# shellcheck disable=SC2086
"$bin" info -q --no-hash $G chip.bin.gz >nh.txt
check "--no-hash: the text report says so" grep -qx "sha256:       not computed (--no-hash)" nh.txt
check "--no-hash: no layer digest in the text" sh -c "! grep -q '^ *sha256: [0-9a-f]' nh.txt"
# shellcheck disable=SC2086
"$bin" convert --no-hash $G chip.bin -o x.bin >nh.err 2>&1
rc=$?
check "--no-hash is info's only (exit 1, the reason first)" \
	sh -c "[ $rc = 1 ] && head -n 1 nh.err | grep -qx 'muse-mount: --no-hash applies to info only'"
exit $failed
