# SPDX-License-Identifier: GPL-2.0-or-later
# formats/: byte sources, containers and transforms in sub-folders; the
# readers (one per file, listed in registry.c) here; every file here is
# built.
include formats/source/module.mk
include formats/containers/module.mk
include formats/transforms/module.mk
SRCS_formats += $(sort $(wildcard formats/*.c))
