# SPDX-License-Identifier: GPL-2.0-or-later
#
# (a) muse.ko, built against Debian's headers, loads into Debian's kernel,
# gives /dev/muse, survives a connection that closes before INIT, and
# unloads -- with no warning in the kernel log (checked by the harness).
. /e2e/lib.sh

if [ ! -f "/lib/modules/$(uname -r)/extra/muse.ko" ]; then
	fail "prerequisite: kmod/muse.ko does not exist"
	e2e_exit
fi
check "modprobe muse" modprobe muse
check "/dev/muse appears" wait_for /dev/muse 50
check "/dev/muse is a character device" [ -c /dev/muse ]
check "module listed" grep -q '^muse ' /proc/modules
# open and close without ever answering INIT
check "open/close before INIT" sh -c 'exec 3<>/dev/muse; exec 3>&-'
# a reader that is killed while waiting for the INIT request
( timeout 2 cat /dev/muse >/dev/null 2>&1 )
check "killed reader" true
check "no MTD left behind" [ "$(mtd_count)" = 0 ]
check "rmmod muse" rmmod muse
check "module gone" sh -c '! grep -q "^muse " /proc/modules'
check "modprobe muse again" modprobe muse
check "rmmod muse again" rmmod muse
e2e_exit
