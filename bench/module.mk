# SPDX-License-Identifier: GPL-2.0-or-later
# bench/: benchmarks. They print figures; they do not pass or fail.
#
#   make bench          all benchmarks
#   make bench-info-rss peak RSS and time of 'info' on a 4 GiB sparse dump

.PHONY: bench-info-rss

bench: bench-info-rss

bench-info-rss: deps all
	$(Q)O=$(O) bench/info-rss.sh
