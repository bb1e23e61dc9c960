# SPDX-License-Identifier: GPL-2.0-or-later
#
# lib.sh - helpers for the FUSE view tests (tests/cli/view-*.sh), sourced:
#   . "$MM_TOP/tests/view/lib.sh"
#
# Every test gets a private work directory $W (removed at exit, after any
# mount left in it has been unmounted). view_require_fuse skips (exit 77)
# only when this machine cannot do FUSE at all.

set -u
MM_TOP=${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
O=${O:-build}
case $O in /*) ;; *) O=$MM_TOP/$O ;; esac
MM_BIN=${MM_BIN:-$O/muse-mount}
W=$(mktemp -d "${TMPDIR:-/tmp}/mm-view.XXXXXX") || exit 1
W=$(cd "$W" && pwd -P)
VIEW_FAILS=0

view_cleanup() {
	for m in $(awk -v w="$W/" 'index($2, w) == 1 { print $2 }' /proc/mounts); do
		fusermount3 -u -z "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
	done
	rm -rf "$W"
}
trap view_cleanup EXIT
trap 'exit 130' INT TERM

skip() {
	echo "SKIP: $*"
	exit 77
}

fail() {
	echo "FAIL: $*"
	VIEW_FAILS=$((VIEW_FAILS + 1))
}

pass() {
	echo "ok: $*"
}

# check NAME COMMAND...: pass when COMMAND succeeds.
check() {
	_what=$1
	shift
	if "$@"; then pass "$_what"; else fail "$_what"; fi
}

view_done() {
	if [ "$VIEW_FAILS" -ne 0 ]; then
		echo "$VIEW_FAILS check(s) failed"
		exit 1
	fi
	echo "all checks passed"
	exit 0
}

view_require_fuse() {
	[ -x "$MM_BIN" ] || { echo "FAIL: $MM_BIN not built"; exit 1; }
	[ -c /dev/fuse ] || skip "no /dev/fuse on this machine"
	command -v fusermount3 >/dev/null || skip "fusermount3 not installed (fuse3)"
	if ! { : <>/dev/fuse; } 2>/dev/null; then
		skip "/dev/fuse cannot be opened by $(id -un)"
	fi
	if "$MM_BIN" "$W" "$W" 2>&1 | grep -q 'no FUSE support'; then
		skip "muse-mount was built without libfuse3"
	fi
}

# is_mounted DIR: DIR is a mount point in /proc/mounts.
is_mounted() {
	awk -v m="$1" '$2 == m { f = 1 } END { exit !f }' /proc/mounts
}

# view_mount MNT ARGS...: mount with the default daemon mode; the command
# returns once the file system is mounted.
view_mount() {
	_mnt=$1
	shift
	mkdir -p "$_mnt"
	if ! "$MM_BIN" "$@" "$_mnt" >"$W/mount.log" 2>&1; then
		cat "$W/mount.log"
		fail "muse-mount $* $_mnt"
		return 1
	fi
	if ! is_mounted "$_mnt"; then
		fail "$_mnt is not in /proc/mounts after muse-mount returned"
		return 1
	fi
	return 0
}

# view_umount MNT: fusermount3 -u, then nothing may stay mounted.
view_umount() {
	fusermount3 -u "$1" || fail "fusermount3 -u $1"
	_i=0
	while is_mounted "$1" && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	check "nothing mounted at $1 after fusermount3 -u" eval "! is_mounted '$1'"
}

# same FILE EXPECTED [what]: byte-identical.
same() {
	if cmp "$1" "$2" >"$W/cmp.log" 2>&1; then
		pass "${3:-$1} identical to $2"
	else
		fail "${3:-$1} differs from $2: $(head -c 300 "$W/cmp.log")"
	fi
}

# refuse WHAT COMMAND...: COMMAND must fail with a read-only or permission
# error.
refuse() {
	_what=$1
	shift
	_re='Read-only file system|Permission denied|Operation not permitted'
	if "$@" >"$W/refuse.log" 2>&1; then
		fail "$_what was allowed"
	elif grep -Eq "$_re" "$W/refuse.log"; then
		pass "$_what refused: $(grep -Em1 "$_re" "$W/refuse.log")"
	else
		fail "$_what failed, but not as read-only: $(head -n 1 "$W/refuse.log")"
	fi
}

# refuse_writes MNT FILE: the usual ways to change a file system all fail.
refuse_writes() {
	_m=$1 _f=$2
	refuse "write to $_f" sh -c "echo x > '$_m/$_f'"
	refuse "append to $_f" sh -c "echo x >> '$_m/$_f'"
	refuse "truncate $_f" truncate -s 0 "$_m/$_f"
	refuse "chmod $_f" chmod 600 "$_m/$_f"
	refuse "rm $_f" rm -f "$_m/$_f"
	refuse "create a file" touch "$_m/new-file"
	refuse "mkdir" mkdir "$_m/new-dir"
	refuse "write with dd conv=notrunc" dd if=/dev/zero of="$_m/$_f" bs=1 count=1 conv=notrunc status=none
	refuse "python open r+" python3 -c "open('$_m/$_f', 'r+b').write(b'x')"
}

# sha FILE: its sha256.
sha() {
	sha256sum "$1" | cut -d' ' -f1
}
