# SPDX-License-Identifier: GPL-2.0-or-later
# bench/: benchmarks. They print figures; they do not pass or fail.
#
#   make bench          all benchmarks
#   make bench-info-rss peak RSS and time of 'info' on a 4 GiB sparse dump
#   make bench-ecc      ECC throughput (Hamming, BCH) next to memcpy and to the
#                       kernel's own lib/bch.c and Hamming built in the same
#                       binary, and the BCH miscorrection campaign
#                       (ECC_CAMPAIGN=N words)
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
#   make bench-extract  extract of a 64 MiB JFFS2 dump in QEMU without KVM

.PHONY: bench-info-rss bench-ecc bench-layouts bench-detect bench-containers bench-serve \
	bench-guest bench-extract

bench: bench-info-rss bench-ecc bench-layouts bench-detect bench-containers bench-serve \
	bench-extract

bench-info-rss: deps all
	$(Q)O=$(O) bench/info-rss.sh

ECC_CAMPAIGN ?= 200000

# The kernel's own lib/bch.c and software Hamming, built into ecc-bench for
# the comparison figures: from a kernel tree (KSRC=DIR) or the installed
# Debian source tarball (package linux-source; bench-ecc installs it when
# run as root). Only the three files are taken out, into $(O)/bench/ksrc;
# the kernel's code is never kept in this tree. Without either, ecc-bench
# prints our figures only.
KSRC ?=
KSRC_TAR ?= $(lastword $(sort $(wildcard /usr/src/linux-source-*.tar.xz)))
KEXT := $(O)/bench/ksrc
KFILES := lib/bch.c include/linux/bch.h drivers/mtd/nand/ecc-sw-hamming.c

ifneq ($(KSRC)$(KSRC_TAR),)
ECC_BENCH_KOBJ := $(O)/bench/kernel-ecc.o
ECC_BENCH_KFLAGS := -DMM_BENCH_KERNEL
endif

$(KEXT)/.stamp:
	$(call msg,KSRC,$(or $(KSRC),$(KSRC_TAR)))
	@rm -rf $(KEXT) && mkdir -p $(KEXT)/x $(KEXT)/include/linux
	$(Q)if [ -n "$(KSRC)" ]; then \
		for f in $(KFILES); do mkdir -p $(KEXT)/x/$$(dirname $$f) && \
			cp $(KSRC)/$$f $(KEXT)/x/$$f || exit 1; done; \
	else \
		tar -xJf $(KSRC_TAR) -C $(KEXT)/x --strip-components=1 \
			--wildcards $(addprefix '*/,$(addsuffix ',$(KFILES))); \
	fi
	$(Q)cp $(KEXT)/x/lib/bch.c $(KEXT)/bch.c
	$(Q)cp $(KEXT)/x/include/linux/bch.h $(KEXT)/include/linux/bch.h
	$(Q)awk '/^int nand_ecc_sw_hamming_/ { skip = 1 } !skip { print } \
		skip && /^}/ { skip = 0 } \
		/^EXPORT_SYMBOL\(ecc_sw_hamming_correct\)/ { exit }' \
		$(KEXT)/x/drivers/mtd/nand/ecc-sw-hamming.c > $(KEXT)/ecc-sw-hamming-steps.c
	@touch $@

$(O)/bench/kernel-ecc.o: bench/kernel/kernel-ecc.c bench/kernel/kernel-ecc.h bench/kernel/kshim.h $(KEXT)/.stamp
	$(call msg,CC,$@)
	$(Q)$(CC) -std=gnu11 -O2 -g -I$(KEXT) -Ibench/kernel/include \
		-I$(KEXT)/include -Ibench/kernel $(CFLAGS) -c -o $@ $<

$(O)/bench/ecc-bench: bench/ecc-bench.c $(LIB_OBJS) $(ECC_BENCH_KOBJ)
	$(call msg,CCLD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(MM_CFLAGS) $(ECC_BENCH_KFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(ECC_BENCH_KOBJ) $(LIB_OBJS) $(MM_LDLIBS) $(LDLIBS)

bench-ecc:
	@if [ -z "$(KSRC)$(KSRC_TAR)" ]; then \
		if [ "$$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1 && \
		   DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends linux-source >/dev/null 2>&1; then \
			echo "  DEPS    linux-source"; \
		else \
			echo "bench-ecc: no kernel source (apt-get install linux-source, or KSRC=DIR): the kernel's figures are left out" >&2; \
		fi; \
	fi
	$(Q)$(MAKE) --no-print-directory $(O)/bench/ecc-bench
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

bench-extract: all
	$(Q)O=$(O) bench/extract-bench.sh
