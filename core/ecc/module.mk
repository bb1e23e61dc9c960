# SPDX-License-Identifier: GPL-2.0-or-later
# core/ecc/: ECC engines (BCH, Hamming) and the page ECC codec; every file
# here is built (a new engine is its file and its line in engines.c).
SRCS_core += $(sort $(wildcard core/ecc/*.c))
