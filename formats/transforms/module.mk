# SPDX-License-Identifier: GPL-2.0-or-later
# formats/transforms/: byte transforms (bit reversal, x16 swap, invert, sector interleave). Keep sorted, one per line.
SRCS_formats += \
	formats/transforms/bitrev.c \
	formats/transforms/invert.c \
	formats/transforms/registry.c \
	formats/transforms/sector.c \
	formats/transforms/stack.c \
	formats/transforms/swap16.c
