# SPDX-License-Identifier: GPL-2.0-or-later
#
# serve-lib.sh - shared by the tests/cli/serve-*.sh tests (sourced, not run):
# a private work directory, the kernel-side test peer, dump generation and
# the evidence check (the input's sha256 before and after).
set -u
MM_TOP=${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
O=${O:-build}
case $O in /*) ;; *) O=$MM_TOP/$O ;; esac
MM_BIN=${MM_BIN:-$O/muse-mount}
PEER=$O/tests/peer/mm-peer
export MM_BIN
W=$(mktemp -d "${TMPDIR:-/tmp}/mm-serve.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT
nfail=0

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }
pass() { echo "ok: $*"; }
finish() { [ "$nfail" -eq 0 ] || { echo "$nfail failed"; exit 1; }; exit 0; }

[ -x "$MM_BIN" ] || skip "$MM_BIN not built"
[ -x "$PEER" ] || skip "$PEER not built (make tools)"
command -v python3 >/dev/null || skip "python3 missing"

# gen_nand FILE PAGE OOB PPB BLOCKS SEED [BAD...]: page + OOB records,
# random data, OOB bytes 0-1 0xFF; block 5 (if present) erased; each BAD
# block gets a factory marker (0x00 at OOB byte 0 of its first page).
gen_nand() {
	python3 - "$@" <<'PY'
import random, sys
path, ps, oob, ppb, nb, seed = sys.argv[1], *map(int, sys.argv[2:7])
bad = set(int(b) for b in sys.argv[7:])
r = random.Random(seed)
with open(path, 'wb') as f:
    for b in range(nb):
        for p in range(ppb):
            if b == 5:
                f.write(b'\xff' * (ps + oob))
                continue
            d = r.randbytes(ps)
            o = bytearray(r.randbytes(oob))
            if oob:
                o[0] = 0x00 if (b in bad and p == 0) else 0xff
                if oob > 1:
                    o[1] = 0xff
            f.write(d + bytes(o))
PY
}

# peer_run NAME PEER-ARGS... -- SERVER-ARGS... (script on stdin)
peer_run() {
	name=$1
	shift
	if "$PEER" "$@" >"$W/peer.log" 2>&1; then
		pass "$name ($(tail -n 1 "$W/peer.log"))"
	else
		fail "$name"
		tail -n 20 "$W/peer.log"
	fi
}

# peer_fails NAME REGEX PEER-ARGS...: the peer must report a violation
# matching REGEX (shows that a wrong answer would be caught)
peer_fails() {
	name=$1 re=$2
	shift 2
	if "$PEER" "$@" >"$W/peer.log" 2>&1; then
		fail "$name: the peer accepted it"
	elif grep -Eq -e "$re" "$W/peer.log"; then
		pass "$name: $(grep -E -e "$re" "$W/peer.log" | head -n 1)"
	else
		fail "$name: $(tail -n 1 "$W/peer.log")"
	fi
}

# evidence FILE: remember / compare the sha256 of FILE
evidence_save() { sha256sum "$1" >"$W/evidence.sha256"; }
evidence_check() {
	if sha256sum -c --quiet "$W/evidence.sha256"; then
		pass "input unchanged (sha256)"
	else
		fail "the input dump was modified"
	fi
}
