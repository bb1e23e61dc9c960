#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# serve-pypeer.sh - an independent cross-check of `muse-mount --muse-fd N`:
# tests/cli/pypeer.py, a kernel-side MUSE peer written only from
# docs/muse-protocol.md (Python standard library, no shared code with the
# server or tests/peer), serves each real nandsim dump (tests/fixtures/nandsim,
# nanddump --oob, 2048+64) read-only with partitions and writable with ECC
# emulation, checks the INIT reply byte by byte, every reply's framing and
# every data byte against the dump file itself.  Geometry, factory-bad block
# and free OOB bytes come from the fixture's .txt.
#
# Environment: MM_BIN (server, default build/muse-mount), PYPEER_SEED (fixed
# random seed), PYPEER_ARGS (extra pypeer.py options, e.g. to make it fail).
# Exit 0 all passed, 1 a check failed, 77 fixtures, xz or python3 missing.
set -u
MM_TOP=${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
O=${O:-build}
case $O in /*) ;; *) O=$MM_TOP/$O ;; esac
MM_BIN=${MM_BIN:-$O/muse-mount}
export MM_BIN
fx=$MM_TOP/tests/fixtures/nandsim
peer=$MM_TOP/tests/cli/pypeer.py

skip() { echo "SKIP: $*"; exit 77; }
command -v python3 >/dev/null || skip "python3 missing"
command -v xz >/dev/null || skip "xz missing"
[ -x "$MM_BIN" ] || skip "$MM_BIN not built"
[ -f "$fx/jffs2-hamming.oob.bin.xz" ] || skip "no nandsim fixtures"

W=$(mktemp -d "${TMPDIR:-/tmp}/mm-pypeer.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT
nfail=0
seed=${PYPEER_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}

# run NAME PYPEER-ARGS...
run() {
	name=$1
	shift
	# shellcheck disable=SC2086
	if python3 "$peer" --seed "$seed" --log "$W/server.log" "$@" \
		${PYPEER_ARGS:-} >"$W/peer.log" 2>&1; then
		echo "ok: $name ($(tail -n 1 "$W/peer.log" | sed 's/^# //'))"
	else
		echo "not ok: $name (seed $seed)"
		grep -v '^ok: ' "$W/peer.log"
		echo "--- server output:"
		tail -n 20 "$W/server.log"
		nfail=$((nfail + 1))
	fi
}

for f in jffs2-hamming ubi-hamming jffs2-bch8 ubi-bch4; do
	txt=$fx/$f.txt
	if [ ! -f "$fx/$f.oob.bin.xz" ] || [ ! -f "$txt" ]; then
		case $f in *hamming) skip "fixture $f missing" ;; esac
		continue
	fi
	xz -dc "$fx/$f.oob.bin.xz" >"$W/$f.oob.bin" || exit 1
	bad=$(sed -n 's/^Factory-bad blocks: \([0-9]*\).*/\1/p' "$txt")
	eccstart=$(tr '\n' ' ' <"$txt" |
		sed -n 's/.*ECC: [^.]*OOB \([0-9]*\)-63.*/\1/p')
	case $(sed -n 's/^ECC: //p' "$txt") in
	*Hamming*) ecc=hamming t=1 ;;
	*bch=*)
		t=$(sed -n 's/^ECC:.*bch=\([0-9]*\).*/\1/p' "$txt")
		ecc=bch$t
		;;
	*) ecc="" t="" ;;
	esac
	if [ -z "$bad" ] || [ -z "$eccstart" ] || [ -z "$ecc" ]; then
		echo "not ok: $f: cannot read bad block / ECC layout from $txt"
		nfail=$((nfail + 1))
		continue
	fi
	# nand_ooblayout_lp(_hamming): marker 0-1, free 2..ECC start - 1.
	free=2-$((eccstart - 1))
	avail=$((eccstart - 2))
	common="--dump $W/$f.oob.bin --bad $bad --oobfree $free --oobavail $avail"
	# Without --ecc the server assumes the Hamming layout (free 2-39); the
	# BCH dumps need their scheme named to get their free bytes.
	case $ecc in
	hamming) layout= ;;
	*) layout="--ecc $ecc --ecc-t $t" ;;
	esac
	# shellcheck disable=SC2086
	run "$f read-only, --mtdparts, OOBAVAIL $avail, bad block $bad" \
		$common $layout --mtdparts '1M(boot),-(rootfs)'
	# shellcheck disable=SC2086
	run "$f --writable --ecc=$ecc" $common --writable --ecc "$ecc" \
		--ecc-t "$t"
	# shellcheck disable=SC2086
	run "$f --writable${layout:+ --ecc=$ecc}, MUSE_INIT minor 34" \
		$common $layout --writable --init-minor 34
	rm -f "$W/$f.oob.bin"
done

[ "$nfail" -eq 0 ] || { echo "$nfail failed"; exit 1; }
exit 0
