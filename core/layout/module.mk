# SPDX-License-Identifier: GPL-2.0-or-later
# core/layout/: OOB and page layouts. Keep sorted, one per line.
SRCS_core += \
	core/layout/ooblayout.c \
	core/layout/pagelayout.c \
	core/layout/pagelayout_spec.c \
	core/layout/preset.c \
	core/layout/presets.c \
	core/layout/presets/amlogic.c \
	core/layout/presets/brcmnand.c \
	core/layout/presets/gpmi.c \
	core/layout/presets/hisi.c \
	core/layout/presets/mtk.c \
	core/layout/presets/omap.c \
	core/layout/presets/pmecc.c \
	core/layout/presets/qcom.c \
	core/layout/presets/sunxi.c
