# SPDX-License-Identifier: GPL-2.0-or-later
# core/probe/: the content scan driver, its registry and one file per
# content prober. Keep sorted, one per line.
SRCS_core += \
	core/probe/fdt.c \
	core/probe/jffs2.c \
	core/probe/mtdparts.c \
	core/probe/probers.c \
	core/probe/scan.c \
	core/probe/squashfs.c \
	core/probe/ubi.c \
	core/probe/ubifs.c \
	core/probe/uboot_env.c \
	core/probe/uimage.c
