# SPDX-License-Identifier: GPL-2.0-or-later
# bench/: benchmarks. They print figures; they do not pass or fail.
#
#   make bench          all benchmarks
#   make bench-info-rss peak RSS and time of 'info' on a 4 GiB sparse dump
#   make bench-ecc      ECC throughput (Hamming, BCH) next to memcpy, and the
#                       BCH miscorrection campaign (ECC_CAMPAIGN=N words)
#   make bench-layouts  vendor page layouts: decode MB/s clean and with t
#                       flips per step, next to the software BCH codec
#   make bench-detect   geometry detection time on a 4 GiB sparse dump
#   make bench-containers  gzip / xz dumps: open, reopen (index or cache
#                       reused), sequential and random page reads
#   make bench-serve    the MUSE server through the test peer: read and
#                       write rates, overlay sync rate, peak RSS on 4 GiB
#   make bench-guest    muse-mount against nandsim in one QEMU guest: MTD
#                       reads, nanddump, mounts, command to mounted (a table
#                       of ratios; JSON in $(O)/bench/guest-bench.json).
#                       Not part of 'make bench' (minutes under TCG).

.PHONY: bench-info-rss bench-ecc bench-layouts bench-detect bench-containers bench-serve \
	bench-guest

bench: bench-info-rss bench-ecc bench-layouts bench-detect bench-containers bench-serve

bench-info-rss: deps all
	$(Q)O=$(O) bench/info-rss.sh

ECC_CAMPAIGN ?= 200000

$(O)/bench/ecc-bench: bench/ecc-bench.c $(LIB_OBJS)
	$(call msg,CCLD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(MM_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(MM_LDLIBS) $(LDLIBS)

bench-ecc: $(O)/bench/ecc-bench
	$(Q)$(O)/bench/ecc-bench --campaign $(ECC_CAMPAIGN)

$(O)/bench/layout-bench: bench/layout-bench.c $(LIB_OBJS)
	$(call msg,CCLD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(MM_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(MM_LDLIBS) $(LDLIBS)

bench-layouts: $(O)/bench/layout-bench
	$(Q)$(O)/bench/layout-bench

$(O)/bench/detect-bench: bench/detect-bench.c $(O)/tests/gen/gen.o $(LIB_OBJS)
	$(call msg,CCLD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(MM_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/tests/gen/gen.o $(LIB_OBJS) $(MM_LDLIBS) $(LDLIBS)

bench-detect: $(O)/bench/detect-bench
	$(Q)$(O)/bench/detect-bench

$(O)/bench/container-bench: bench/container-bench.c $(LIB_OBJS)
	$(call msg,CCLD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(MM_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(MM_LDLIBS) $(LDLIBS)

bench-containers: $(O)/bench/container-bench
	$(Q)$(O)/bench/container-bench

bench-serve: all tools
	$(Q)O=$(O) bench/serve-bench.sh

bench-guest: all
	$(Q)O=$(O) bench/guest-bench.sh
