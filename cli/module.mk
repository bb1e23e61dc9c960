# SPDX-License-Identifier: GPL-2.0-or-later
# cli/: the front end. Keep sorted.
SRCS_cli += \
	cli/convert.c \
	cli/extract.c \
	cli/extract_walk.c \
	cli/info.c \
	cli/main.c \
	cli/msg.c \
	cli/open.c \
	cli/opts.c \
	cli/replay.c \
	cli/report.c \
	cli/report_text.c \
	cli/sandbox.c \
	cli/serve.c \
	cli/usage.c \
	cli/view.c \
	cli/view_files.c
