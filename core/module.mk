# SPDX-License-Identifier: GPL-2.0-or-later
# core/: the normalized dump model. Keep sorted, one per line.
SRCS_core += \
	core/bbt.c \
	core/bbt_onflash.c \
	core/bch.c \
	core/crc32.c \
	core/detect.c \
	core/dump.c \
	core/ecc.c \
	core/ecc_scan.c \
	core/fusion.c \
	core/geom.c \
	core/hamming.c \
	core/json.c \
	core/mtdparts.c \
	core/ooblayout.c \
	core/overlay.c \
	core/scan.c \
	core/sha256.c \
	core/src.c \
	core/srv.c \
	core/transform.c
