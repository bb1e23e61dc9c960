#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# layout-overlay.sh - writes through a controller layout land in the
# overlay as the controller would have programmed them: the kernel-side
# test peer erases a block of an i.MX GPMI chip served with --layout and
# --overlay, programs a page and its free OOB bytes (AUTO); then
#   - convert --overlay --to=oob (no layout) writes the physical chip as the
#     kernel left it: that dump decodes with --layout, the written page
#     clean and equal to what was written;
#   - convert --overlay --layout --to=raw gives the same logical data;
#   - the dump itself never changes.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cli/serve-lib.sh"
gen=$O/tests/gen/mm-gen
[ -x "$gen" ] || skip "$gen not built (make tools)"

G="--page-size 2048 --oob-size 64 --pages-per-block 64"
# shellcheck disable=SC2086
"$gen" $G --blocks 8 --content jffs2 --vendor-layout imx-gpmi --flips 2 \
	-o "$W/chip.bin" || exit 1
evidence_save "$W/chip.bin"

# shellcheck disable=SC2086
peer_run "served through imx-gpmi: erase, program a page and its AUTO OOB" \
	--page-size 2048 --oob-size 64 --ppb 64 "$W/chip.bin" -- $G --layout=imx-gpmi \
	--overlay="$W/ov.bin" "$W/chip.bin" <<'S'
init
expect OOBAVAIL 2
erase 0x20000 0x20000
write 0x20000 2048 inband inc
write 0x20000 2 auto 0x85
read 0x20000 2048 inband ?
close
S

# shellcheck disable=SC2086
"$MM_BIN" convert -q $G --overlay="$W/ov.bin" --to=oob "$W/chip.bin" \
	-o "$W/dev.bin" && pass "convert --overlay --to=oob: the physical chip" ||
	fail "convert --overlay --to=oob"
# shellcheck disable=SC2086
"$MM_BIN" info -q $G --layout=imx-gpmi --json "$W/dev.bin" >"$W/info.json"
st=$?
python3 - "$W/info.json" "$st" <<'PY' && pass "the exported chip decodes: block 1 clean, no step uncorrectable" || fail "the exported chip does not decode as written"
import json, sys
j = json.load(open(sys.argv[1]))
e = j["ecc"]
b1 = [b for b in e["blocks"] if b["block"] == 1][0]
ok = sys.argv[2] == "0" and e["uncorrectable_steps"] == 0 and \
     b1.get("corrected_steps", 0) == 0 and b1["steps"] - b1["erased_steps"] == 4
if not ok:
    print(sys.argv[2], e["uncorrectable_steps"], b1)
sys.exit(0 if ok else 1)
PY
# shellcheck disable=SC2086
"$MM_BIN" convert -q $G --layout=imx-gpmi --to=oob "$W/dev.bin" -o "$W/dev.log"
# shellcheck disable=SC2086
"$MM_BIN" convert -q $G --layout=imx-gpmi --overlay="$W/ov.bin" --to=raw \
	"$W/chip.bin" -o "$W/direct.raw"
python3 - "$W/dev.log" "$W/direct.raw" <<'PY' && pass "page 64: the bytes written, its free OOB bytes 85 85; the same through --overlay --layout" || fail "page 64 is not what was written"
import sys
rec = open(sys.argv[1], 'rb').read()
raw = open(sys.argv[2], 'rb').read()
page = rec[64 * 2112:65 * 2112]
want = bytes(i & 0xff for i in range(2048))
ok = page[:2048] == want and raw[64 * 2048:65 * 2048] == want
# the logical OOB: the driver's free bytes (AUTO) after the BCH area
ok = ok and page[2048 + 62:2048 + 64] == b'\x85\x85'
sys.exit(0 if ok else 1)
PY
evidence_check "$W/chip.bin"
finish
