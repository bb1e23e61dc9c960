# SPDX-License-Identifier: GPL-2.0-or-later
# core/ecc/: ECC engines (BCH, Hamming) and the page ECC codec. Keep sorted, one per line.
SRCS_core += \
	core/ecc/bch.c \
	core/ecc/ecc.c \
	core/ecc/ecc_scan.c \
	core/ecc/engine_bch.c \
	core/ecc/engine_hamming.c \
	core/ecc/engines.c \
	core/ecc/hamming.c
