# SPDX-License-Identifier: GPL-2.0-or-later
#
# Helpers shared by the kmod/muse.ko guest scenarios (tests/e2e/kmod-*.sh),
# sourced after lib.sh (guest.sh installs this file as /e2e/kmod-lib.sh):
#   . /e2e/lib.sh
#   . /e2e/kmod-lib.sh
# The test server is /in/kmod-testsrv (run.sh passes build/kmod-testsrv in).
# Not a scenario itself: run.sh skips it.

SRV=/in/kmod-testsrv
CLI="$SRV --client"
LOG=/tmp/srv.log

# wait_until TENTHS COMMAND...: poll COMMAND every 0.1 s until it succeeds;
# status 1 if it still fails after TENTHS tries
wait_until() {
	local i=0 n=$1
	shift
	until "$@"; do
		[ $i -ge "$n" ] && return 1
		sleep 0.1
		i=$((i + 1))
	done
}

# not_listed PATTERN: no line of /proc/mtd matches PATTERN
not_listed() { ! grep -q "$1" /proc/mtd; }

# not_running PID: process PID is gone
not_running() { ! kill -0 "$1" 2>/dev/null; }

# wait_mtd NAME [TENTHS]: wait (default 10 s) until NAME is in /proc/mtd
wait_mtd() { wait_until "${2:-100}" grep -q "\"$1\"\$" /proc/mtd; }

# wait_gone NAME [TENTHS]: wait (default 10 s) until NAME left /proc/mtd
wait_gone() { wait_until "${2:-100}" not_listed "\"$1\"\$"; }

# wait_gone_re REGEX [TENTHS]: wait until no MTD name matches REGEX (shows
# /proc/mtd when some still does)
wait_gone_re() {
	wait_until "${2:-100}" not_listed "$1" || { cat /proc/mtd; return 1; }
}

# wait_exit PID [TENTHS]: wait (default 5 s) until process PID is gone
wait_exit() { wait_until "${2:-50}" not_running "$1"; }

# start NAME ARGS...: run a server for MTD NAME (log emptied first), wait for
# MTD NAME (or for $WAIT_FOR, which is then cleared); sets SRVPID and DEV
start() {
	local name=$1
	shift
	: >$LOG
	$SRV -n "$name" --log $LOG "$@" >/tmp/srv.out 2>&1 &
	SRVPID=$!
	wait_mtd "${WAIT_FOR:-$name}" 100 || { fail "server $name starts"; cat /tmp/srv.out; }
	DEV=$(mtd_by_name "${WAIT_FOR:-$name}")
	WAIT_FOR=
}

# stop: end the server started by start (SIGTERM) and reap it
stop() {
	kill $SRVPID 2>/dev/null
	wait $SRVPID 2>/dev/null
}

# expect NAME PATTERN COMMAND...: COMMAND's output must match PATTERN
expect() {
	local name=$1 pat=$2 out
	shift 2
	out=$("$@" 2>&1)
	if echo "$out" | grep -q -- "$pat"; then
		pass "$name"
	else
		fail "$name"
		echo "  got: $out"
	fi
}

# logged PATTERN: the server's request log has a line matching PATTERN
logged() { grep -q -- "$1" $LOG; }

# le64 N: the 8 bytes the test server stamps at offset N, as hex
le64() {
	printf '%016x' "$1" | sed 's/\(..\)/\1 /g' |
		awk '{for (i = NF; i > 0; i--) printf "%s", $i}'
}
