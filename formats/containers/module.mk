# SPDX-License-Identifier: GPL-2.0-or-later
# formats/containers/: containers stacked on a byte source (gzip, libarchive,
# E01, split spare files); every file here is built (a new container is
# its file and its line in registry.c).
SRCS_formats += $(sort $(wildcard formats/containers/*.c))
