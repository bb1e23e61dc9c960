#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# deps.sh - the dependency check (tests/deps/check-layers.py): the tree as
# built passes; a copy of it with one back-call or one cycle put in fails,
# naming the call. Each broken copy rebuilds only the object it changed.
set -u
top=${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
O=${O:-build}
case $O in
/*) obj=$O ;;
*) obj=$top/$O ;;
esac
check=$top/tests/deps/check-layers.py
nfail=0
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }
ok() { echo "ok: $*"; }

command -v python3 >/dev/null && command -v nm >/dev/null ||
	{ echo "SKIP: python3 and nm are needed"; exit 77; }

if out=$(python3 "$check" "$top" "$obj" 2>&1); then
	ok "the tree: $out"
else
	fail "the tree does not pass the dependency check:"
	echo "$out"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mm-deps.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# The sources (not .git, not the builds) and this build's objects.
(cd "$top" && tar -cf - --exclude=./.git --exclude=./build \
	--exclude="./$O" --exclude=__pycache__ --exclude=./tests/fixtures \
	--exclude=./tests/fuzz/corpus --exclude=./tests/fuzz/regress .) |
	(cd "$tmp" && tar -xf -)
mkdir -p "$tmp/b"
(cd "$obj" && find . -name '*.[od]' | tar -cf - -T -) | (cd "$tmp/b" && tar -xf -)
# The copied .d files name the sources relative to the tree: same paths.

# broken NAME EXPECT FILE CODE [FILE CODE]...: append CODE (C, '\n' breaks
# lines) to each FILE of a fresh copy, rebuild those objects, and expect the
# check to fail with a line holding EXPECT.
broken() {
	name=$1 expect=$2
	shift 2
	rm -rf "$tmp/w" && mkdir "$tmp/w"
	(cd "$tmp" && tar -cf - --exclude=./b --exclude=./w .) |
		(cd "$tmp/w" && tar -xf -)
	# the objects as hard links (make check's time); the ones rebuilt are
	# removed first, so the compiler writes new files, not the shared ones
	cp -al "$tmp/b" "$tmp/w/b"
	objs=
	while [ $# -ge 2 ]; do
		printf '%b\n' "$2" >>"$tmp/w/$1"
		objs="$objs b/${1%.c}.o"
		rm -f "$tmp/w/b/${1%.c}.o" "$tmp/w/b/${1%.c}.d"
		shift 2
	done
	if ! make -s -C "$tmp/w" O=b $objs >"$tmp/make.log" 2>&1; then
		fail "$name: the broken copy does not build"
		cat "$tmp/make.log"
		return
	fi
	if python3 "$check" "$tmp/w" "$tmp/w/b" >"$tmp/out" 2>&1; then
		fail "$name: the check passed on a broken copy"
	elif ! grep -qF -- "$expect" "$tmp/out"; then
		fail "$name: the check failed, but without '$expect':"
		cat "$tmp/out"
	else
		ok "$name: $(grep -F -- "$expect" "$tmp/out" | head -n 1)"
	fi
}

# The back-calls the tree had (issue 11), one by one.
broken "a reader calls the opener" \
	"formats/raw (layer readers) calls mm_dump_open of core/open (layer opener): a call up" \
	formats/raw.c '#include "../core/open.h"\nvoid mm_deps_t(void);\nvoid mm_deps_t(void) { mm_dump_open(0, 0, 0); }'
broken "a container calls the page model" \
	"formats/containers/gzip (layer containers) calls mm_dump_read_page of core/dump (layer model): a call up" \
	formats/containers/gzip.c '#include "../../core/dump.h"\nvoid mm_deps_t(void);\nvoid mm_deps_t(void) { mm_dump_read_page(0, 0, 0, 0); }'
broken "a container calls the unwrapping above it" \
	"formats/containers/split (layer containers) calls mm_container_unwrap of formats/containers/unwrap (layer unwrap): a call up" \
	formats/containers/split.c 'void mm_deps_t(void);\nvoid mm_deps_t(void) { mm_container_unwrap(0, 0, 0, 0, 0); }'
broken "the detector calls the model" \
	"formats/detect (layer readers) calls mm_dump_close of core/dump (layer model)" \
	formats/detect.c '#include "../core/dump.h"\nvoid mm_deps_t(void);\nvoid mm_deps_t(void) { mm_dump_close(0); }'
broken "the model calls the ECC" \
	"core/dump (layer model) calls mm_ecc_free of core/ecc/ecc (layer ecc): a call up" \
	core/dump.c '#include "ecc/ecc.h"\nvoid mm_deps_t(void);\nvoid mm_deps_t(void) { mm_ecc_free(0); }'
broken "the on-flash BBT calls fusion" \
	"core/bbt_onflash (layer model) calls mm_fusion_active of core/fusion (layer fusion): a call up" \
	core/bbt_onflash.c '#include "fusion.h"\nvoid mm_deps_t(void);\nvoid mm_deps_t(void) { mm_fusion_active(0); }'
broken "a transform calls the model" \
	"formats/transforms/invert (layer transforms) calls mm_dump_close of core/dump (layer model)" \
	formats/transforms/invert.c '#include "../../core/dump.h"\nvoid mm_deps_t(void);\nvoid mm_deps_t(void) { mm_dump_close(0); }'
broken "the ECC calls the flash object" \
	"core/ecc/ecc (layer ecc) calls mm_flash_close of core/flash (layer opener): a call up" \
	core/ecc/ecc.c '#include "../flash.h"\nvoid mm_deps_t(void);\nvoid mm_deps_t(void) { mm_flash_close(0); }'
broken "the core calls the front end" \
	"core/flash (layer opener) calls mm_report_free of cli/report (layer cli): a call up" \
	core/flash.c '#include "../cli/report.h"\nvoid mm_deps_t(void);\nvoid mm_deps_t(void) { mm_report_free(0); }'
broken "a header seen from below" \
	"core/util/geom.c (layer util) sees core/flash.h (layer opener) in its includes" \
	core/util/geom.c '#include "../flash.h"'
# Two files of one layer that need each other.
broken "a cycle in one layer" \
	"cycle of 2 units: core/util/crc32 -[calls mm_sha256_init]-> core/util/sha256 -[calls mm_crc32_le]-> core/util/crc32" \
	core/util/crc32.c '#include "sha256.h"\nvoid mm_deps_a(void);\nvoid mm_deps_a(void) { mm_sha256_init(0); }' \
	core/util/sha256.c '#include "crc32.h"\nvoid mm_deps_b(void);\nvoid mm_deps_b(void) { (void)mm_crc32_le(0, 0, 0); }'

[ "$nfail" -eq 0 ] || exit 1