# SPDX-License-Identifier: GPL-2.0-or-later
# formats/: one reader per file, listed in registry.c. Keep sorted.
SRCS_formats += \
	formats/archive.c \
	formats/container.c \
	formats/gzip.c \
	formats/linear.c \
	formats/nanddump.c \
	formats/oob.c \
	formats/raw.c \
	formats/registry.c \
	formats/sector.c \
	formats/split.c
