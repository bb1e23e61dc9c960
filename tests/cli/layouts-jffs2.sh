#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# layouts-jffs2.sh - the kernel's JFFS2 (nandsim jffs2-bch8, 2 MiB) dump
# laid out in every controller preset, read back with --layout: see
# layouts-common.sh.
LAYOUT_FIXTURES=${LAYOUT_FIXTURES:-jffs2-bch8}
. "$(dirname "$0")/layouts-common.sh"
