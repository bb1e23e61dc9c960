# SPDX-License-Identifier: GPL-2.0-or-later
# formats/transforms/: byte transforms (bit reversal, x16 swap, invert,
# sector interleave); every file here is built.
SRCS_formats += $(sort $(wildcard formats/transforms/*.c))
