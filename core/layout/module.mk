# SPDX-License-Identifier: GPL-2.0-or-later
# core/layout/: OOB and page layouts. Keep sorted, one per line; the
# controller presets (presets/*.c) are built because they are there.
SRCS_core += \
	core/layout/ooblayout.c \
	core/layout/pagelayout.c \
	core/layout/pagelayout_spec.c \
	core/layout/preset.c \
	core/layout/presets.c \
	$(sort $(wildcard core/layout/presets/*.c))
