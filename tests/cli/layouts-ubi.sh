#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# layouts-ubi.sh - the kernel's UBI (nandsim ubi-bch4, 8 MiB) dump
# laid out in every controller preset, read back with --layout: see
# layouts-common.sh.
LAYOUT_FIXTURES=${LAYOUT_FIXTURES:-ubi-bch4}
. "$(dirname "$0")/layouts-common.sh"
