# SPDX-License-Identifier: GPL-2.0-or-later
# formats/containers/: containers stacked on a byte source (gzip, libarchive, split spare files). Keep sorted, one per line.
SRCS_formats += \
	formats/containers/archive.c \
	formats/containers/container.c \
	formats/containers/e01.c \
	formats/containers/gzip.c \
	formats/containers/registry.c \
	formats/containers/split.c \
	formats/containers/unwrap.c
