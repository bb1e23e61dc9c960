# SPDX-License-Identifier: GPL-2.0-or-later
# core/util/: plain data and helpers every layer may use (no I/O above a file descriptor). Keep sorted, one per line.
SRCS_core += \
	core/util/bbt.c \
	core/util/crc32.c \
	core/util/digest.c \
	core/util/geom.c \
	core/util/json.c \
	core/util/mtdparts.c \
	core/util/sha256.c
