# SPDX-License-Identifier: GPL-2.0-or-later
# core/probe/: the content scan driver, its registry and one file per
# content prober; every file here is built (a new prober is its file and
# its line in probers.c).
SRCS_core += $(sort $(wildcard core/probe/*.c))
