#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# /init of the e2e guest (see guest.sh): mounts the pseudo file systems,
# unpacks the inputs from /dev/vda into /in, runs /e2e/script, checks the
# kernel log, packs /out onto /dev/vdb and powers off.  The host reads the
# E2E-* marker lines on the serial console.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /dev/pts /dev/shm && mount -t devpts devpts /dev/pts
ln -sf /proc/self/fd /dev/fd 2>/dev/null
echo /sbin/modprobe >/proc/sys/kernel/modprobe

kver=$(cat /e2e/kver)
if [ -f "/lib/modules/$kver/extra/muse.ko" ]; then
	depmod -a "$kver"
fi

echo "E2E-BOOTED $(cut -d' ' -f1 /proc/uptime)s"

modprobe -a virtio_pci virtio_blk
i=0
while [ ! -b /dev/vdb ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
tar -xf /dev/vda -C /in || echo "E2E-ERROR: cannot unpack inputs"

cd /
sh /e2e/script
rc=$?
cd /

# Kernel log check: any of these fails the run even if the script passed.
dmesg >/tmp/dmesg.txt
if grep -E '(^|[^A-Za-z_])(Oops|BUG|WARNING)([^A-Za-z_]|$)|general protection' \
	/tmp/dmesg.txt >/tmp/kwarn.txt; then
	sed 's/^/E2E-KWARN: /' /tmp/kwarn.txt
	echo "E2E-DMESG-BEGIN"
	cat /tmp/dmesg.txt
	echo "E2E-DMESG-END"
fi
cp /tmp/dmesg.txt /out/.dmesg.txt 2>/dev/null

sync
if tar -cf /dev/vdb -C /out . 2>/dev/null; then
	sync
	echo "E2E-OUT-OK"
fi
echo "E2E-RESULT rc=$rc"
poweroff -f
