# SPDX-License-Identifier: GPL-2.0-or-later
# tests/fuzz/: libFuzzer harnesses (docs/security.md, "Fuzzing").
#
#   make fuzz                 build $(O)/fuzz/fuzz_<name> (clang, libFuzzer,
#                             ASan + UBSan; objects in $(O)/fuzz/obj)
#   make fuzz-run FUZZ_S=N    run each N seconds from a copy of its corpus,
#                             FUZZ_JOBS at a time; one line of figures each
#   make fuzz-merge           minimise tests/fuzz/corpus/ in place (-merge=1)
#
# make check replays tests/fuzz/corpus/ and tests/fuzz/regress/ through the
# same harnesses built with $(CC) and without libFuzzer
# ($(O)/tests/fuzz/replay-<name>, part of 'tools'; tests/cli/fuzz-replay.sh).
# Keep sorted.
FUZZ_HARNESSES := \
	open \
	overlay \
	spec \
	srv \
	view

FUZZ_CC ?= clang
FUZZ_S ?= 60
FUZZ_JOBS ?= 2
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
FUZZ_O := $(O)/fuzz
FUZZ_OBJS := $(LIB_SRCS:%.c=$(FUZZ_O)/obj/%.o)
FUZZ_BINS := $(FUZZ_HARNESSES:%=$(FUZZ_O)/fuzz_%)
FUZZ_REPLAY := $(FUZZ_HARNESSES:%=$(O)/tests/fuzz/replay-%)

.PHONY: fuzz fuzz-run fuzz-merge
fuzz: $(FUZZ_BINS)

# Objects of a pattern rule's prerequisites are intermediate: keep them.
.SECONDARY: $(FUZZ_OBJS)

$(FUZZ_O)/obj/%.o: %.c
	$(call msg,FUZZCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(MM_CFLAGS) -O1 -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<

$(FUZZ_O)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.c tests/fuzz/fuzz.h $(FUZZ_OBJS)
	$(call msg,FUZZLD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(MM_CFLAGS) -O1 -fsanitize=fuzzer $(FUZZ_SAN) -o $@ \
		$(filter %.c,$^) $(FUZZ_OBJS) $(MM_LDLIBS) $(LDLIBS)

fuzz-run: fuzz
	$(Q)O=$(O) FUZZ_S=$(FUZZ_S) FUZZ_JOBS=$(FUZZ_JOBS) tests/fuzz/run.sh run $(FUZZ_HARNESSES)

fuzz-merge: fuzz
	$(Q)O=$(O) tests/fuzz/run.sh merge $(FUZZ_HARNESSES)

tools: $(FUZZ_REPLAY)

$(O)/tests/fuzz/replay-%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.c tests/fuzz/fuzz.h $(LIB_OBJS)
	$(call msg,CCLD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(MM_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.c,$^) $(LIB_OBJS) $(MM_LDLIBS) $(LDLIBS)
