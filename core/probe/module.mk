# SPDX-License-Identifier: GPL-2.0-or-later
# core/probe/: content probers and the content scan. Keep sorted, one per line.
SRCS_core += \
	core/probe/scan.c
