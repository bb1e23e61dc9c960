# SPDX-License-Identifier: GPL-2.0-or-later
# core/muse/: the MUSE server (v3 wire protocol). Keep sorted, one per line.
SRCS_core += \
	core/muse/faults.c \
	core/muse/loop.c \
	core/muse/ops.c \
	core/muse/ops_block.c \
	core/muse/ops_ctl.c \
	core/muse/ops_io.c \
	core/muse/pairing.c \
	core/muse/record.c \
	core/muse/replay.c \
	core/muse/srv.c \
	core/muse/vcache.c
