#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# serve-sandbox.sh - the server's sandbox (cli/sandbox.c, docs/security.md):
# started as root, its request loop runs as nobody (or --user), with no
# supplementary groups or capabilities, NoNewPrivs and a seccomp filter
# (the peer's 'status' reads /proc/PID/status while it serves); a call the
# filter forbids (MM_SANDBOX_SELFTEST) is refused with one line and exit
# status 3; --no-sandbox keeps root. Every other serve-*.sh test serves
# sandboxed too when run as root.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cli/serve-lib.sh"

[ "$(id -u)" = 0 ] || skip "needs root (the sandbox drops root)"
[ "${MM_ASAN:-0}" = 1 ] && skip "sanitizer builds serve without the sandbox (LeakSanitizer ptraces the process)"

gen_nand "$W/nand.bin" 2048 64 64 8 1
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"
nobody=$(id -u nobody 2>/dev/null || echo 65534)
nogroup=$(id -g nobody 2>/dev/null || echo 65534)

script='init
read 0 4096 inband
read 0x20000 64 place
isbad 0 0
status
read 0 0x100000 raw
close'

# status_is NAME KEY VALUE: the peer's "server KEY:<tabs>VALUE" line
status_is() {
	grep -q "^server $2:" "$W/peer.log" || {
		fail "$1: no $2 line in /proc/PID/status"
		return
	}
	got=$(grep "^server $2:" "$W/peer.log" | head -n 1 |
	      sed "s/^server $2:[[:space:]]*//; s/[[:space:]]*\$//" | tr '\t' ' ')
	if [ "$got" = "$3" ]; then
		pass "$1: $2 $got"
	else
		fail "$1: $2 is '$got', not '$3'"
	fi
}

# serve NAME SERVER-ARGS...: the script above against the server
serve() {
	name=$1
	shift
	# shellcheck disable=SC2086
	peer_run "$name" --page-size 2048 --oob-size 64 --ppb 64 "$W/nand.bin" \
		-- $geom "$@" "$W/nand.bin" <<S
$script
S
}

serve "as root, default user"
status_is "default" Uid "$nobody $nobody $nobody $nobody"
status_is "default" Gid "$nogroup $nogroup $nogroup $nogroup"
status_is "default" Groups ""
status_is "default" CapEff 0000000000000000
status_is "default" NoNewPrivs 1
status_is "default" Seccomp 2

serve "--user=1234:4321" --user=1234:4321
status_is "--user" Uid "1234 1234 1234 1234"
status_is "--user" Gid "4321 4321 4321 4321"
status_is "--user" Seccomp 2

serve "--no-sandbox" --no-sandbox
status_is "--no-sandbox" Uid "0 0 0 0"
status_is "--no-sandbox" NoNewPrivs 0
status_is "--no-sandbox" Seccomp 0

# a forbidden call after entering the sandbox: one line, status 3
for call in execve open; do
	# shellcheck disable=SC2086
	MM_SANDBOX_SELFTEST=$call "$MM_BIN" --muse-fd 0 $geom "$W/nand.bin" \
		</dev/null >"$W/out" 2>"$W/err"
	st=$?
	case $call in open) nr=openat ;; *) nr=$call ;; esac
	if [ "$st" = 3 ] && [ "$(wc -l <"$W/err")" = 1 ] &&
	   grep -Eq "^muse-mount: sandbox: system call [0-9]+ \\($nr\\) refused" "$W/err"; then
		pass "$call refused: $(cat "$W/err")"
	else
		fail "$call: status $st: $(cat "$W/err")"
	fi
done
[ -e /tmp/mm-sandbox-selftest ] && fail "the refused open created its file"

# bad --user values: usage errors before anything is served
for u in no-such-user-mm 12:abc; do
	# shellcheck disable=SC2086
	"$MM_BIN" --muse-fd 0 --user="$u" $geom "$W/nand.bin" </dev/null \
		>"$W/out" 2>"$W/err"
	st=$?
	if [ "$st" = 1 ] && grep -q "^muse-mount: invalid --user '$u'" "$W/err"; then
		pass "--user=$u: $(head -n 1 "$W/err")"
	else
		fail "--user=$u: status $st: $(cat "$W/err")"
	fi
done

finish
