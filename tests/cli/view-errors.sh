#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# view-errors.sh - 'muse-mount DUMP MOUNTPOINT' refuses clearly, with a
# non-zero status, before mounting or detaching: missing, non-directory and
# non-empty mountpoints, an unreadable dump, a bad --mtdparts and an option
# libfuse does not know. Nothing is left mounted.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/view/lib.sh"

[ -x "$MM_BIN" ] || { echo "FAIL: $MM_BIN not built"; exit 1; }
if "$MM_BIN" "$W" "$W" 2>&1 | grep -q 'no FUSE support'; then
	skip "muse-mount was built without libfuse3"
fi

python3 "$MM_TOP/tests/view/dumptool.py" gen --page-size 2048 --oob-size 64 \
	--ppb 64 --blocks 8 "$W/d.bin" || exit 1
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"

# expect STATUS MESSAGE-REGEX ARGS...: run muse-mount ARGS, check both.
expect() {
	want=$1 re=$2
	shift 2
	"$MM_BIN" "$@" >"$W/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "muse-mount $*: status $rc, expected $want ($(head -n 2 "$W/out"))"
	elif ! grep -Eq "$re" "$W/out"; then
		fail "muse-mount $*: message '$(head -n 2 "$W/out")' does not match '$re'"
	else
		pass "muse-mount $*: $rc, $(head -n 1 "$W/out")"
	fi
}

mkdir "$W/empty" "$W/full"
: >"$W/full/x"
: >"$W/afile"
# shellcheck disable=SC2086
{
expect 1 "^muse-mount: $W/nope: mountpoint does not exist\$" $geom "$W/d.bin" "$W/nope"
expect 1 "^muse-mount: $W/afile: mountpoint is not a directory\$" $geom "$W/d.bin" "$W/afile"
expect 1 "^muse-mount: $W/full: mountpoint is not empty\$" $geom "$W/d.bin" "$W/full"
expect 2 "^muse-mount: $W/missing.bin: " $geom "$W/missing.bin" "$W/empty"
expect 2 "^muse-mount: $W/empty: " $geom "$W/empty" "$W/empty"
expect 1 "^muse-mount: invalid --mtdparts '1M\\(a\\),zz': " $geom --mtdparts '1M(a),zz' "$W/d.bin" "$W/empty"
expect 1 "^muse-mount: invalid --mtdparts '2M\\(a\\)': " $geom --mtdparts '2M(a)' "$W/d.bin" "$W/empty"
expect 1 "unknown option" $geom -o no_such_fuse_option "$W/d.bin" "$W/empty"
}
check "nothing mounted under the work directory" \
	eval "! grep -q ' $W/' /proc/mounts"
check "mountpoint still empty" test -z "$(ls -A "$W/empty")"
view_done
