# SPDX-License-Identifier: GPL-2.0-or-later
#
# Helpers for e2e guest scripts: . /e2e/lib.sh

E2E_FAILED=0

# Checks inside one guest script print "ok: ..." / "not ok: ..."; the host
# side (run.sh) turns the whole script into one PASS:/FAIL: line.
pass() { echo "ok: $*"; }
fail() { echo "not ok: $*"; E2E_FAILED=1; }
info() { echo "INFO: $*"; }

# check NAME COMMAND...: run COMMAND, print PASS/FAIL for NAME.
check() {
	local name=$1
	shift
	if "$@"; then
		pass "$name"
	else
		fail "$name"
	fi
}

# nandsim_load [PARAM=VALUE]...: a 2048+64 SLC chip with 128 KiB blocks.
nandsim_load() {
	modprobe nandsim id_bytes=0xec,0xf1,0x00,0x15 "$@"
}

# mtd_by_name NAME: print /dev/mtdN of the MTD device named NAME.
mtd_by_name() {
	local dev
	dev=$(grep "\"$1\"\$" /proc/mtd | cut -d: -f1 | head -n1)
	[ -n "$dev" ] && echo "/dev/$dev"
}

# wait_for PATH [TENTHS]: wait until PATH exists (default 5 s).
wait_for() {
	local i=0 n=${2:-50}
	while [ ! -e "$1" ]; do
		[ $i -ge "$n" ] && return 1
		sleep 0.1
		i=$((i + 1))
	done
}

# e2e_exit: exit with status 1 if any check failed.
e2e_exit() {
	exit $E2E_FAILED
}

# ---------------------------------------------------------------------------
# MUSE helpers

MUSE_PID=
MUSE_LOG=/tmp/muse-mount.log

# need_muse: muse-mount and muse.ko must be there; load the module.
need_muse() {
	if [ ! -x /usr/bin/muse-mount ]; then
		fail "prerequisite: build/muse-mount does not exist"
		e2e_exit
	fi
	if ! modprobe muse; then
		fail "prerequisite: kmod/muse.ko missing or does not load"
		e2e_exit
	fi
	if ! wait_for /dev/muse 50; then
		fail "prerequisite: /dev/muse did not appear"
		e2e_exit
	fi
}

mtd_count() {
	grep -c '^mtd' /proc/mtd
}

# mtd_size DEV: size in bytes of /dev/mtdN (from sysfs)
mtd_size() {
	cat "/sys/class/mtd/${1#/dev/}/size"
}

mtd_attr() {
	cat "/sys/class/mtd/${1#/dev/}/$2"
}

# muse_start ARGS...: start `muse-mount ARGS` in the background and wait
# (30 s at most: the guest may share a loaded host) for its MTD device(s).  Sets MUSE_PID; MUSE_MTDS lists
# the new /dev/mtdN.
muse_start() {
	local before i=0
	local st
	before=$(cat /proc/mtd)
	echo "+ muse-mount $*" >$MUSE_LOG
	muse-mount "$@" >>$MUSE_LOG 2>&1 &
	MUSE_PID=$!
	while [ "$(cat /proc/mtd)" = "$before" ]; do
		if ! kill -0 $MUSE_PID 2>/dev/null; then
			wait $MUSE_PID
			st=$?
			if [ "$(cat /proc/mtd)" = "$before" ]; then
				echo "INFO: muse-mount exited (status $st) without an MTD:"
				sed 's/^/INFO:   /' $MUSE_LOG | tail -n 20
				MUSE_PID=
				return 1
			fi
			break	# it daemonized after registering
		fi
		i=$((i + 1))
		if [ $i -ge 300 ]; then
			echo "INFO: no MTD appeared within 30 s; muse-mount said:"
			sed 's/^/INFO:   /' $MUSE_LOG | tail -n 20
			return 1
		fi
		sleep 0.1
	done
	sleep 0.3	# partitions register one after the other
	MUSE_MTDS=$(echo "$before" >/tmp/mtd.before; cat /proc/mtd |
		grep -vxF -f /tmp/mtd.before | grep '^mtd' | cut -d: -f1 |
		sed 's|^|/dev/|')
	local m
	for m in $MUSE_MTDS; do
		wait_for "$m" 50 || return 1
	done
	# the server that made them (daemonized or not)
	m=$(echo $MUSE_MTDS | cut -d' ' -f1)
	if [ -r "/sys/class/mtd/${m#/dev/}/muse_pid" ]; then
		i=$(cat "/sys/class/mtd/${m#/dev/}/muse_pid")
		[ -n "$i" ] && [ "$i" != 0 ] && MUSE_PID=$i
	fi
	kill -0 "$MUSE_PID" 2>/dev/null || MUSE_PID=$(pidof muse-mount | cut -d' ' -f1)
	return 0
}

# mtd_gone: wait (30 s at most) until none of $MUSE_MTDS is in /proc/mtd
mtd_gone() {
	local i=0 d still
	while :; do
		still=
		for d in $MUSE_MTDS; do
			grep -q "^${d#/dev/}:" /proc/mtd && still=1
		done
		[ -z "$still" ] && return 0
		i=$((i + 1))
		[ $i -ge 300 ] && return 1
		sleep 0.1
	done
}

# muse_stop: end the server normally (SIGTERM) and wait for its MTDs to go.
muse_stop() {
	[ -n "$MUSE_PID" ] || return 0
	kill -TERM "$MUSE_PID" 2>/dev/null
	mtd_gone
	local rc=$?
	MUSE_PID=
	return $rc
}

# tree_sums DIR / tree_list DIR: as the fixtures' NAME.sha256 / NAME.tree
tree_sums() {
	(cd "$1" && find . -type f | sort | while read -r f; do sha256sum "$f"; done)
}

tree_list() {
	(cd "$1" && find . | sort | while read -r f; do
		if [ -L "$f" ]; then
			echo "l $f -> $(readlink "$f")"
		elif [ -d "$f" ]; then
			echo "d $f"
		fi
	done)
}

# same_tree DIR FIXTURE NAME: DIR's content equals /in/FIXTURE.sha256/.tree
same_tree() {
	tree_sums "$1" >/tmp/got.sha256 2>/tmp/got.err
	tree_list "$1" >/tmp/got.tree
	if cmp -s "/in/$2.sha256" /tmp/got.sha256 && cmp -s "/in/$2.tree" /tmp/got.tree; then
		pass "$3"
	else
		fail "$3"
		diff "/in/$2.sha256" /tmp/got.sha256 | head -n 20
		diff "/in/$2.tree" /tmp/got.tree | head -n 20
		head -n 5 /tmp/got.err
	fi
}
