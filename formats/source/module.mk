# SPDX-License-Identifier: GPL-2.0-or-later
# formats/source/: byte sources: the read-only file at the bottom of every stack. Keep sorted, one per line.
SRCS_formats += \
	formats/source/input.c \
	formats/source/src.c
