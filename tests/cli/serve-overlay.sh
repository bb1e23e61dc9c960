#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# serve-overlay.sh - the persistent copy-on-write overlay (--overlay FILE):
# writes, erases and MARKBAD acknowledged to the peer survive SIGKILL of the
# server right after the reply, and a clean restart; the state resumes with
# the same overlay. An overlay made for another dump, another reading of
# it (--invert) or another geometry, the dump itself, a file that is not an
# overlay and an overlay in use are refused.
# The input never changes.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cli/serve-lib.sh"

gen_nand "$W/nand.bin" 2048 64 64 8 3 3
evidence_save "$W/nand.bin"
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"

# shellcheck disable=SC2086
peer_run "overlay survives kill -9 and restarts" --page-size 2048 \
	--oob-size 64 --ppb 64 "$W/nand.bin" -- $geom --overlay "$W/ov" \
	"$W/nand.bin" <<'S'
init
expect FLAGS 1024
write 0 2048 inband 0x5a
write 0x800 4096 inband rand:1
write 0x1000 40 place 0x11
write 0x2003 100 auto rand:2
erase 0x20000 0x20000
write 0x20000 2048 inband 0x0f
markbad 0xa0000
# acknowledged: the server dies without any chance to clean up
kill
restart
init
read 0 0x4000 inband
read 0x1000 64 place
read 0x2000 200 auto
read 0x20000 0x20000 inband
read 0x20000 64 place
read 0x21000 64 place
isbad 0xa0000 1
isbad 0x60000 1
isbad 0x80000 0
# more changes on top, including re-programming the same pages
write 0 2048 inband 0x3c
erase 0x20000 0x20000
write 0x20800 16 inband 0x00
# concurrent writes, each acknowledged only once durable
wburst 32 8
kill
restart
init
read 0 0x1000 inband
read 0x20000 0x1000 inband
read 0x20000 64 place
random 200 5
close
restart
init
read 0 0x1000 inband
read 0x20000 0x1000 inband
isbad 0xa0000 1
random 100 6
close
S
[ -s "$W/ov" ] && pass "overlay file written" || fail "no overlay file"

# expect STATUS REGEX ARGS...: muse-mount refuses before serving
expect() {
	want=$1 re=$2
	shift 2
	"$MM_BIN" "$@" </dev/null >"$W/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "muse-mount $*: status $rc, expected $want ($(head -n 2 "$W/out"))"
	elif ! grep -Eq -e "$re" "$W/out"; then
		fail "muse-mount $*: '$(head -n 2 "$W/out")' does not match '$re'"
	else
		pass "refused: $(head -n 1 "$W/out")"
	fi
}

# Another dump of the same size and geometry.
gen_nand "$W/other.bin" 2048 64 64 8 4 3
# shellcheck disable=SC2086
{
expect 1 "overlay belongs to another dump" $geom --overlay "$W/ov" \
	--muse-fd 0 "$W/other.bin"
expect 1 "overlay belongs to another dump .*read as 'oob:i'" $geom --invert \
	--overlay "$W/ov" --muse-fd 0 "$W/nand.bin"
expect 1 "another geometry" --page-size 2048 --oob-size 64 \
	--pages-per-block 32 --overlay "$W/ov" --muse-fd 0 "$W/nand.bin"
expect 1 "cannot be the dump itself" $geom --overlay "$W/nand.bin" \
	--muse-fd 0 "$W/nand.bin"
head -c 5000 /dev/urandom >"$W/junk"
expect 1 "not a muse-mount overlay" $geom --overlay "$W/junk" --muse-fd 0 \
	"$W/nand.bin"
}
# A second server on the same overlay: the lock holder is this process.
python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "rb+")
fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(30)' "$W/ov" "$W/locked" &
lockpid=$!
i=0
while [ ! -e "$W/locked" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
# shellcheck disable=SC2086
expect 1 "in use by another muse-mount" $geom --overlay "$W/ov" --muse-fd 0 \
	"$W/nand.bin"
kill "$lockpid"
wait "$lockpid" 2>/dev/null

# The refused attempts did not touch the overlay: it still resumes.
# shellcheck disable=SC2086
peer_run "overlay still valid after refusals" --page-size 2048 \
	--oob-size 64 --ppb 64 "$W/nand.bin" -- $geom --overlay "$W/ov" \
	"$W/nand.bin" <<'S'
init
isbad 0xa0000 1
isbad 0x80000 0
close
S

evidence_check
finish
