#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# view-sandbox.sh - the FUSE view's sandbox (cli/view.c loop_sandboxed(),
# cli/sandbox.c, docs/security.md): the request loop runs in a child that,
# started as root, is nobody (or --user) with no groups or capabilities,
# NoNewPrivs and the seccomp filter; its parent stays to unmount. Every
# file still reads right; a forbidden call (MM_SANDBOX_SELFTEST) ends the
# loop with one line and status 3, and a child killed outright leaves no
# dead mount; --no-sandbox is one process; an ordinary user's view is
# filtered too and unmounts through fusermount3.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/view/lib.sh"

view_require_fuse
[ "${MM_ASAN:-0}" = 1 ] && skip "sanitizer builds run without the sandbox (LeakSanitizer ptraces the process)"
[ "$(id -u)" = 0 ] || skip "needs root (the sandbox drops root)"

tool=$MM_TOP/tests/view/dumptool.py
python3 "$tool" gen --page-size 2048 --oob-size 64 --ppb 64 --blocks 8 \
	--bad 2 "$W/d.bin" || exit 1
python3 "$tool" expect --page-size 2048 --oob-size 64 "$W/d.bin" \
	"$W/exp" || exit 1
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"
nobody=$(id -u nobody 2>/dev/null || echo 65534)
nogroup=$(id -g nobody 2>/dev/null || echo 65534)
m=$W/mnt
mkdir -p "$m"

# The view's processes: the parent (started by us, or the daemon) and the
# loop, its only muse-mount child.
child_of() {	# pid
	for _p in /proc/[0-9]*; do
		[ "$(awk '{ print $4 }' "$_p/stat" 2>/dev/null)" = "$1" ] &&
			echo "${_p#/proc/}"
	done
}

# field PID KEY: /proc/PID/status's KEY, tabs as spaces
field() {
	sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status" 2>/dev/null |
		tr '\t' ' ' | sed 's/[[:space:]]*$//'
}

is() {	# NAME PID KEY VALUE
	_got=$(field "$2" "$3")
	if [ "$_got" = "$4" ]; then
		pass "$1: $3 $_got"
	else
		fail "$1: $3 is '$_got', not '$4'"
	fi
}

wait_mounted() {	# (up to 60 s: make check runs guests beside it)
	_i=0
	while ! is_mounted "$1" && [ $_i -lt 600 ]; do sleep 0.1; _i=$((_i + 1)); done
	is_mounted "$1"
}

wait_unmounted() {
	_i=0
	while is_mounted "$1" && [ $_i -lt 600 ]; do sleep 0.1; _i=$((_i + 1)); done
	! is_mounted "$1"
}

# fg NAME ARGS...: start the view with -f in the background ($fg its pid,
# $kid the loop's pid once mounted)
fg() {
	_n=$1
	shift
	# shellcheck disable=SC2086
	"$MM_BIN" -f $geom "$@" "$W/d.bin" "$m" >"$W/$_n.out" 2>"$W/$_n.err" &
	fg=$!
	check "$_n: mounted" wait_mounted "$m" ||
		sed "s/^/  $_n: /" "$W/$_n.err" "$W/$_n.out"
	kid=$(child_of "$fg")
}

# The ordinary user (section 6): filtered too (no user to change to); SIGTERM to the
#    parent unmounts through fusermount3, the daemon mode included. Where
#    /dev/fuse is root's only (0600, as on some build machines), in a
#    mount namespace of its own with a 0666 node bound over it.
user_case() {
	u=$W/user
	mkdir -p "$u/mnt"
	cp "$W/d.bin" "$u/d.bin"
	chmod 711 "$W"
	chown -R "$nobody:$nogroup" "$u"
	# shellcheck disable=SC2086
	setpriv --reuid="$nobody" --regid="$nogroup" --clear-groups \
		"$MM_BIN" $geom "$u/d.bin" "$u/mnt" >"$W/user.out" 2>&1
	check "user: daemon mode returns 0" test $? -eq 0 ||
		cat "$W/user.out"
	check "user: mounted" wait_mounted "$u/mnt"
	p=""
	for q in /proc/[0-9]*; do
		tr '\0' ' ' <"$q/cmdline" 2>/dev/null | grep -q "muse-mount .*$u/d.bin" || continue
		k=$(child_of "${q#/proc/}")
		[ -n "$k" ] && p=${q#/proc/} && kid=$k
	done
	if [ -n "$p" ]; then
		is "user parent" "$p" Uid "$nobody $nobody $nobody $nobody"
		is "user parent" "$p" Seccomp 0
		is "user loop" "$kid" NoNewPrivs 1
		is "user loop" "$kid" Seccomp 2
		# (root may not read another user's FUSE mount: no allow_other)
		if setpriv --reuid="$nobody" --regid="$nogroup" --clear-groups \
		   cmp "$u/mnt/data" "$W/exp/data" >"$W/cmp.log" 2>&1; then
			pass "user: data identical to $W/exp/data"
		else
			fail "user: data differs: $(head -c 300 "$W/cmp.log")"
		fi
		kill -TERM "$p"
		check "user: SIGTERM unmounts (fusermount3 -u from the parent)" \
			wait_unmounted "$u/mnt"
		check "user: the loop ended too" wait_gone "$kid"
	else
		fail "user: no parent with a loop child found"
	fi
	chmod 700 "$W"
}

wait_gone() {
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
	! kill -0 "$1" 2>/dev/null
}

# Re-run in a mount namespace of its own (below): the ordinary-user case only.
if [ "${MM_VIEW_SANDBOX_NS:-0}" = 1 ]; then
	mkdir -p "$W/dev"
	if mount -t tmpfs none "$W/dev" &&
	   mknod -m 666 "$W/dev/fuse" c 10 229 &&
	   mount --bind "$W/dev/fuse" /dev/fuse; then
		user_case
	else
		fail "user: binding a 0666 /dev/fuse"
	fi
	view_done
fi

# 1. As root, default user: the loop is nobody, filtered; the parent root.
fg default
check "default: one child runs the loop" test "$(echo "$kid" | wc -w)" -eq 1
is "default loop" "$kid" Uid "$nobody $nobody $nobody $nobody"
is "default loop" "$kid" Gid "$nogroup $nogroup $nogroup $nogroup"
is "default loop" "$kid" Groups ""
is "default loop" "$kid" CapEff 0000000000000000
is "default loop" "$kid" NoNewPrivs 1
is "default loop" "$kid" Seccomp 2
is "default parent" "$fg" Uid "0 0 0 0"
is "default parent" "$fg" Seccomp 0
same "$m/data" "$W/exp/data" "data (sandboxed)"
same "$m/oob" "$W/exp/oob" "oob (sandboxed)"
same "$m/raw" "$W/d.bin" "raw (sandboxed)"
check "info.json made in the sandbox" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$m/info.json"
check "badblocks read in the sandbox" grep -q . "$m/badblocks"
kill -TERM "$fg"
wait "$fg"
check "default: SIGTERM to the parent ends with status 0" test $? -eq 0
check "default: unmounted" wait_unmounted "$m"
check "default: the loop ended too" eval "! kill -0 $kid 2>/dev/null"

# 2. --user; fusermount3 -u ends both with status 0.
fg user --user=1234:4321
is "--user loop" "$kid" Uid "1234 1234 1234 1234"
is "--user loop" "$kid" Gid "4321 4321 4321 4321"
same "$m/data" "$W/exp/data" "data (--user)"
fusermount3 -u "$m"
wait "$fg"
check "--user: fusermount3 -u ends with status 0" test $? -eq 0

# 3. A forbidden call in the loop: one line, status 3, nothing mounted.
for call in execve open; do
	case $call in open) nr=openat ;; *) nr=$call ;; esac
	MM_SANDBOX_SELFTEST=$call "$MM_BIN" -f $geom "$W/d.bin" "$m" \
		>"$W/out" 2>"$W/err" &
	p=$!
	wait "$p"
	st=$?
	if [ "$st" = 3 ] && [ "$(wc -l <"$W/err")" = 1 ] &&
	   grep -Eq "^muse-mount: sandbox: system call [0-9]+ \\($nr\\) refused" "$W/err"; then
		pass "$call refused: $(cat "$W/err")"
	else
		fail "$call: status $st: $(cat "$W/err")"
	fi
	check "$call: the parent unmounted" wait_unmounted "$m"
done
[ -e /tmp/mm-sandbox-selftest ] && fail "the refused open created its file"
# daemon mode: the line still reaches the stderr the view was started with
MM_SANDBOX_SELFTEST=execve "$MM_BIN" $geom "$W/d.bin" "$m" >"$W/out" 2>"$W/err"
check "daemon mode: mounted, then the refused call" test $? -eq 0
check "daemon mode: the parent unmounted" wait_unmounted "$m"
check "daemon mode: the refused call's line on the original stderr: $(cat "$W/err")" \
	grep -q "^muse-mount: sandbox: system call [0-9]* (execve) refused" "$W/err"
# a read-only open fails with EACCES instead (glibc's malloc copes)
MM_SANDBOX_SELFTEST=read "$MM_BIN" -f $geom "$W/d.bin" "$m" >"$W/out" 2>"$W/err" &
wait $!
check "read-only open: EACCES, not a trap: $(cat "$W/err")" \
	grep -q "^muse-mount: sandbox: selftest: a read-only open failed with EACCES\$" "$W/err"
check "read-only open: the parent unmounted" wait_unmounted "$m"
# a pipe fails with EPERM (libfuse's splice pipes: it reads and writes
# /dev/fuse without them)
MM_SANDBOX_SELFTEST=pipe "$MM_BIN" -f $geom "$W/d.bin" "$m" >"$W/out" 2>"$W/err" &
wait $!
check "pipe2: EPERM, not a trap: $(cat "$W/err")" \
	grep -q "^muse-mount: sandbox: selftest: pipe2 failed with EPERM\$" "$W/err"
check "pipe2: the parent unmounted" wait_unmounted "$m"

# 4. The loop killed outright: the parent unmounts, says so, status 3.
fg killed
kill -KILL "$kid"
wait "$fg"
st=$?
check "killed loop: status 3" test "$st" -eq 3
check "killed loop: unmounted, no dead mount" wait_unmounted "$m"
check "killed loop: one line names the signal" \
	grep -q "^muse-mount: $m: the sandboxed daemon was killed by signal 9" "$W/killed.err"

# 5. --no-sandbox: one process, root, no filter.
fg nosandbox --no-sandbox
check "--no-sandbox: no child" test -z "$kid"
is "--no-sandbox" "$fg" Uid "0 0 0 0"
is "--no-sandbox" "$fg" Seccomp 0
same "$m/data" "$W/exp/data" "data (--no-sandbox)"
kill -TERM "$fg"
wait "$fg"
check "--no-sandbox: unmounted" wait_unmounted "$m"

# 6. The ordinary user (user_case above).
if ! command -v setpriv >/dev/null || [ ! -u "$(command -v fusermount3)" ]; then
	echo "note: no setpriv or no setuid fusermount3: the ordinary-user case is not run"
elif setpriv --reuid="$nobody" --regid="$nogroup" --clear-groups sh -c ': <>/dev/fuse' 2>/dev/null; then
	user_case
elif command -v unshare >/dev/null; then
	echo "note: /dev/fuse is $(stat -c %a /dev/fuse): the ordinary-user case runs in a mount namespace of its own"
	MM_VIEW_SANDBOX_NS=1 unshare -m --propagation private sh "$0" ||
		fail "user: the run in a mount namespace"
fi

view_done
