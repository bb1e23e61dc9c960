# SPDX-License-Identifier: GPL-2.0-or-later
# bench/: benchmarks. They print figures; they do not pass or fail.
#
#   make bench          all benchmarks
#   make bench-info-rss peak RSS and time of 'info' on a 4 GiB sparse dump
#   make bench-ecc      ECC throughput (Hamming, BCH) next to memcpy, and the
#                       BCH miscorrection campaign (ECC_CAMPAIGN=N words)

.PHONY: bench-info-rss bench-ecc

bench: bench-info-rss bench-ecc

bench-info-rss: deps all
	$(Q)O=$(O) bench/info-rss.sh

ECC_CAMPAIGN ?= 200000

$(O)/bench/ecc-bench: bench/ecc-bench.c $(LIB_OBJS)
	$(call msg,CCLD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(MM_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(MM_LDLIBS) $(LDLIBS)

bench-ecc: $(O)/bench/ecc-bench
	$(Q)$(O)/bench/ecc-bench --campaign $(ECC_CAMPAIGN)
