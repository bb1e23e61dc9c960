#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# probe-add.sh - a new content prober is one file and one registry line
# (core/probe/prober.h; core/probe/ is built as a whole, so no build line):
# a copy of the tree gets a
# "dummy" prober that way and nothing else; it builds, passes the
# dependency check, the report's objects are not even rebuilt, and what the
# prober describes shows in 'info --json' and 'info'.
set -u
top=${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
O=${O:-build}
case $O in
/*) obj=$O ;;
*) obj=$top/$O ;;
esac
nfail=0
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }
ok() { echo "ok: $*"; }
check() {
	_d=$1
	shift
	if "$@"; then ok "$_d"; else fail "$_d"; fi
}

command -v python3 >/dev/null || { echo "SKIP: python3 is needed"; exit 77; }
[ -f "$obj/cli/report.o" ] || { echo "SKIP: $obj is not built"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mm-probe-add.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# The sources (not .git, not the builds), twice, and this build's objects.
(cd "$top" && tar -cf - --exclude=./.git --exclude=./build \
	--exclude="./$O" --exclude=__pycache__ .) | (cd "$tmp" && mkdir a w &&
	tar -xf - -C a && cd a && tar -cf - . | tar -xf - -C ../w)
mkdir -p "$tmp/w/b"
(cd "$obj" && find . -name '*.[od]' -o -name muse-mount | tar -cf - -T -) |
	(cd "$tmp/w/b" && tar -xf -)
w=$tmp/w

# 1. The new file.
cat >"$w/core/probe/dummy.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dummy.c - a test prober: a block that starts with "MMDUMMY\0", then a
 * count le32 @8 and a label @16 (NUL-terminated, at most 15 bytes).
 */
#include <string.h>

#include "bytes.h"
#include "prober.h"

extern const struct mm_prober mm_prober_dummy;

struct dummy_item {
	char label[16];
	uint32_t count;
};

static int dummy_claim(struct mm_probe *pr, void *priv)
{
	struct dummy_item *it;
	struct mm_content *c;
	int ret;

	(void)priv;
	if (pr->head_len < 32 || memcmp(pr->head, "MMDUMMY", 8))
		return 0;
	ret = mm_probe_claim(pr, &mm_prober_dummy, false, &c);
	if (ret)
		return ret;
	it = c->priv;
	it->count = mm_le32(pr->head + 8);
	memcpy(it->label, pr->head + 16, sizeof(it->label) - 1);
	return 1;
}

static void dummy_describe(const struct mm_content *c, struct mm_writer *w)
{
	const struct dummy_item *it = c->priv;
	uint32_t i;

	mm_writer_str(w, "label", it->label);
	mm_writer_u64(w, "count", it->count);
	mm_writer_bool(w, "even", !(it->count % 2));
	mm_writer_array_begin(w, "parts");
	for (i = 0; i < it->count && i < 4; i++) {
		mm_writer_object_begin(w, NULL);
		mm_writer_u64(w, "index", i);
		mm_writer_object_end(w);
	}
	mm_writer_array_end(w);
	mm_writer_array_begin(w, "words");
	mm_writer_str(w, NULL, "a");
	mm_writer_str(w, NULL, "b");
	mm_writer_array_end(w);
}

const struct mm_prober mm_prober_dummy = {
	.name		= "dummy",
	.item_size	= sizeof(struct dummy_item),
	.claim		= dummy_claim,
	.describe	= dummy_describe,
};
EOF
# 2. One registry line (first, before ubi); nothing else.
sed -i 's/^\tP(ubi)\t\t\\$/\tP(dummy)\t\\\n&/' "$w/core/probe/probers.c"

check "the copy differs from the tree in the new file and the registry only" test \
	"$(cd "$tmp" && diff -rq a w -x b | sort | tr '\n' ' ')" = \
	"Files a/core/probe/probers.c and w/core/probe/probers.c differ Only in w/core/probe: dummy.c "
check "the registry line is in" grep -q '^	P(dummy)	\\$' "$w/core/probe/probers.c"

# Build it on top of the copied objects: only what changed is compiled
# (with the flags they were built with: make check-asan sets MM_ASAN).
set --
[ "${MM_ASAN:-0}" = 1 ] && set -- \
	CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -O1" \
	LDFLAGS="-fsanitize=address,undefined"
touch -r "$w/b/cli/report.o" "$tmp/report.stamp"
if make -s -C "$w" O=b "$@" b/muse-mount >"$tmp/make.log" 2>&1; then
	ok "the tree with the new prober builds"
else
	fail "the tree with the new prober does not build:"
	cat "$tmp/make.log"
	exit 1
fi
check "cli/report.o was not rebuilt (nothing it includes changed)" \
	test ! "$w/b/cli/report.o" -nt "$tmp/report.stamp"
check "the new prober is linked in" \
	sh -c "nm '$w/b/muse-mount' | grep -q ' mm_prober_dummy\$'"
if command -v nm >/dev/null &&
	out=$(python3 "$top/tests/deps/check-layers.py" "$w" "$w/b" 2>&1); then
	ok "the dependency check passes: $out"
else
	fail "the dependency check fails on the new prober:"
	echo "$out"
fi

# A dump: 4 blocks of 8 pages of 2048 bytes; block 2 is the dummy's.
python3 - "$tmp/d.bin" <<'EOF'
import struct, sys
EB = 2048 * 8
d = bytearray(b"\xff" * (4 * EB))
d[2 * EB:2 * EB + 32] = (b"MMDUMMY\0" + struct.pack("<I", 3) + b"\0" * 4 +
                         b"hello\0".ljust(16, b"\0"))
open(sys.argv[1], "wb").write(d)
EOF
G="--format=raw --page-size=2048 --pages-per-block=8"
"$w/b/muse-mount" info --json $G "$tmp/d.bin" >"$tmp/j.out" 2>"$tmp/j.err"
check "info --json exits 0" test $? = 0
check "info --json: the dummy's item with its fields" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
c = [c for c in j["content"] if c["type"] == "dummy"]
want = {"type": "dummy", "first_block": 2, "last_block": 2, "blocks": 1,
        "offset": 32768, "label": "hello", "count": 3, "even": False,
        "parts": [{"index": 0}, {"index": 1}, {"index": 2}],
        "words": ["a", "b"]}
sys.exit(0 if c == [want] else print(c) or 1)' "$tmp/j.out"
"$w/b/muse-mount" info $G "$tmp/d.bin" >"$tmp/t.out" 2>"$tmp/t.err"
check "info exits 0" test $? = 0
check "info: the dummy's line, from its fields" test \
	"$(grep -A 4 '^  block 2 ' "$tmp/t.out")" = \
	'  block 2            dummy     label "hello", count 3, even no, parts:
                                index 0
                                index 1
                                index 2
                                words: "a" "b"'

[ "$nfail" -eq 0 ] || exit 1
echo "all checks passed"
