# SPDX-License-Identifier: GPL-2.0-or-later
# core/: the page model, the flash object and the opener; sub-folders below.
include core/util/module.mk
include core/ecc/module.mk
include core/layout/module.mk
include core/probe/module.mk
include core/muse/module.mk
SRCS_core += \
	core/badblocks.c \
	core/bbt_onflash.c \
	core/dbbt.c \
	core/dump.c \
	core/flash.c \
	core/fusion.c \
	core/open.c \
	core/overlay.c \
	core/partmap.c
