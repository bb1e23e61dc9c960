# SPDX-License-Identifier: GPL-2.0-or-later
#
# Helpers for e2e guest scripts: . /e2e/lib.sh

E2E_FAILED=0

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; E2E_FAILED=1; }
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
