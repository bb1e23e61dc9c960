# SPDX-License-Identifier: GPL-2.0-or-later
# formats/: byte sources, containers and transforms in sub-folders; the
# readers (one per file, listed in registry.c) here. Keep sorted.
include formats/source/module.mk
include formats/containers/module.mk
include formats/transforms/module.mk
SRCS_formats += \
	formats/detect.c \
	formats/linear.c \
	formats/nanddump.c \
	formats/oob.c \
	formats/raw.c \
	formats/open.c \
	formats/registry.c \
	formats/sector.c
