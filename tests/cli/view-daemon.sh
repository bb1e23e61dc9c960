#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# view-daemon.sh - the FUSE view behaves like other FUSE tools: it detaches
# by default (and has mounted when the command returns, even with relative
# paths), -f stays in the foreground and unmounts on SIGTERM/SIGINT with
# status 0, -d logs requests, fusermount3 -u ends the daemon, and -o
# passes options to libfuse while ro is always kept.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/view/lib.sh"

view_require_fuse
python3 "$MM_TOP/tests/view/dumptool.py" gen --page-size 2048 --oob-size 64 \
	--ppb 64 --blocks 8 --bad 2 "$W/d.bin" || exit 1
python3 "$MM_TOP/tests/view/dumptool.py" expect --page-size 2048 \
	--oob-size 64 "$W/d.bin" "$W/exp" || exit 1
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"

# The pids of muse-mount processes serving this test's dump.
all_pids() {
	for p in /proc/[0-9]*; do
		tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q "muse-mount .*d\.bin mnt" &&
			echo "${p#/proc/}"
	done
}

ppid_of() {	# pid
	awk '{ print $4 }' "/proc/$1/stat" 2>/dev/null
}

# The daemon: the muse-mount process whose parent is not one; its child
# (the sandboxed loop, cli/view.c) is not counted.
daemon_pids() {
	_all=$(all_pids)
	for _p in $_all; do
		echo "$_all" | grep -qx "$(ppid_of "$_p")" || echo "$_p"
	done
}

wait_gone() {	# pid
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	! kill -0 "$1" 2>/dev/null
}

# 1. Daemon mode with relative paths, unmounted with fusermount3 -u.
cd "$W" || exit 1
mkdir mnt
# shellcheck disable=SC2086
"$MM_BIN" $geom d.bin mnt >"$W/daemon.log" 2>&1
check "daemon mode returns 0" test $? -eq 0
check "mounted when the command returns" is_mounted "$W/mnt"
pid=$(daemon_pids)
check "one daemon process" test "$(echo "$pid" | wc -w)" -eq 1
if [ "${MM_ASAN:-0}" != 1 ]; then
	check "the daemon has one child (the sandboxed loop)" \
		test "$(all_pids | wc -w)" -eq 2
fi
check "the daemon is not a child of this shell" \
	test "$(awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null)" != $$
same "$W/mnt/data" "$W/exp/data" "data (daemon mode)"
check "type fuse.muse-mount, source muse-mount, ro" \
	grep -Eq "^muse-mount $W/mnt fuse\\.muse-mount ro," /proc/mounts
cd / || exit 1
view_umount "$W/mnt"
check "the daemon ends after fusermount3 -u" wait_gone "$pid"

# 2. Foreground, ended by SIGTERM: unmounts itself, status 0.
# shellcheck disable=SC2086
(cd "$W" && exec "$MM_BIN" -f $geom d.bin mnt) >"$W/fg.log" 2>&1 &
fg=$!
i=0
while ! is_mounted "$W/mnt" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check "-f: mounted" is_mounted "$W/mnt"
same "$W/mnt/oob" "$W/exp/oob" "oob (foreground)"
kill -TERM "$fg"
wait "$fg"
check "-f: SIGTERM ends with status 0" test $? -eq 0
check "-f: SIGTERM unmounts" eval "! is_mounted '$W/mnt'"

# 3. Daemon mode, ended by SIGTERM (mounted by a relative name).
(cd "$W" && exec "$MM_BIN" $geom d.bin mnt) || fail "second daemon mount"
pid=$(daemon_pids)
kill -TERM "$pid"
check "daemon: SIGTERM ends it" wait_gone "$pid"
check "daemon: SIGTERM unmounts" eval "! is_mounted '$W/mnt'"

# 4. -d logs requests in the foreground; fusermount3 -u ends it with 0.
# shellcheck disable=SC2086
"$MM_BIN" -d $geom "$W/d.bin" "$W/mnt" >"$W/debug.log" 2>&1 &
dbg=$!
i=0
while ! is_mounted "$W/mnt" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
cat "$W/mnt/badblocks" >/dev/null
fusermount3 -u "$W/mnt"
wait "$dbg"
check "-d: status 0 after fusermount3 -u" test $? -eq 0
check "-d: requests logged (unique: N, opcode: ...)" \
	grep -q 'unique: [0-9]*, opcode: ' "$W/debug.log"
check "-d: not mounted afterwards" eval "! is_mounted '$W/mnt'"

# 5. -o reaches libfuse (allow_other shows in /proc/mounts); -o rw cannot
#    undo ro.
# shellcheck disable=SC2086
view_mount "$W/mnt" $geom -o allow_other -o rw "$W/d.bin"
check "-o allow_other passed to the kernel" \
	grep -Eq "^muse-mount $W/mnt fuse\\.muse-mount ro,.*allow_other" /proc/mounts
refuse "write with -o rw" sh -c "echo x > '$W/mnt/raw'"
view_umount "$W/mnt"
view_done
