# SPDX-License-Identifier: GPL-2.0-or-later
#
# muse-mount - top-level GNU Makefile. Each directory lists its own files in
# a module.mk fragment; this file holds the flags and the targets.
#
#   make            build $(O)/muse-mount
#   make check      install missing dependencies, then run every test
#   make check-asan the same tests under AddressSanitizer + UBSan
#   make check-deps the layer and cycle check of the sources (tests/deps/)
#   make e2e        the kernel end-to-end tests in QEMU
#   make demo       serve a real NAND dump in QEMU and mount its JFFS2
#   make bench      benchmarks (figures, not pass/fail)
#   make fuzz       the libFuzzer harnesses; make fuzz-run FUZZ_S=N runs them
#   make soak       the crash and resource campaign (SOAK_TRIALS, SOAK_S;
#                   docs/security.md); a short run is part of make check
#   make install    DESTDIR, prefix, bindir, mandir, libexecdir, bashcompdir,
#                   zshcompdir

O ?= build
V ?= 0
prefix ?= /usr/local
bindir ?= $(prefix)/bin
mandir ?= $(prefix)/share/man
libexecdir ?= $(prefix)/lib
bashcompdir ?= $(shell pkg-config --variable=completionsdir bash-completion 2>/dev/null || echo $(prefix)/share/bash-completion/completions)
zshcompdir ?= $(prefix)/share/zsh/vendor-completions

CC ?= cc
PKG_CONFIG ?= pkg-config
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0)

MM_CFLAGS := -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -Wall -Wextra \
	-Wshadow -Wformat=2 -Wstrict-prototypes -Wno-format-nonliteral \
	-O2 -g -MMD -MP -DMM_VERSION='"$(VERSION)"' \
	-DMM_EXTRACT_DIR='"$(libexecdir)/muse-mount"'
MM_LDLIBS :=

ifeq ($(V),0)
Q := @
msg = @printf '  %-7s %s\n' $(1) $(2);
else
Q :=
msg =
endif

# Optional and required libraries, found with pkg-config.
pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null)
pc_have = $(shell $(PKG_CONFIG) --exists $(1) 2>/dev/null && echo 1)

ifeq ($(call pc_have,zlib),1)
MM_CFLAGS += -DHAVE_ZLIB $(call pc_cflags,zlib)
MM_LDLIBS += $(call pc_libs,zlib)
endif
ifeq ($(call pc_have,libarchive),1)
MM_CFLAGS += -DHAVE_LIBARCHIVE $(call pc_cflags,libarchive)
MM_LDLIBS += $(call pc_libs,libarchive)
endif
ifeq ($(call pc_have,libewf),1)
MM_CFLAGS += -DHAVE_LIBEWF $(call pc_cflags,libewf)
MM_LDLIBS += $(call pc_libs,libewf)
endif
ifeq ($(call pc_have,fuse3),1)
MM_CFLAGS += -DHAVE_FUSE3 $(call pc_cflags,fuse3)
MM_LDLIBS += $(call pc_libs,fuse3)
endif
# The server's sandbox (cli/sandbox.c, docs/security.md): required.
MM_CFLAGS += $(call pc_cflags,libseccomp)
MM_LDLIBS += $(or $(call pc_libs,libseccomp),-lseccomp)
MM_LDLIBS += -lpthread -lm
CHECK_CFLAGS := $(call pc_cflags,check)
CHECK_LIBS := $(call pc_libs,check)

SRCS_cli :=
SRCS_core :=
SRCS_formats :=
SRCS_unit :=
SRCS_tools :=

# The fragments define targets (tools, bench, ...); plain 'make' is 'all'.
.DEFAULT_GOAL := all

include cli/module.mk
include core/module.mk
include formats/module.mk
include tests/module.mk
-include tests/e2e/module.mk

LIB_SRCS := $(SRCS_core) $(SRCS_formats) $(filter-out cli/main.c,$(SRCS_cli))
LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o)
MAIN_OBJ := $(O)/cli/main.o
UNIT_OBJS := $(SRCS_unit:%.c=$(O)/%.o)

# The fuzz harnesses (their objects are LIB_SRCS built again with clang).
include tests/fuzz/module.mk

# after LIB_OBJS: its rules list the library objects as prerequisites
-include bench/module.mk

.PHONY: all deps check check-unit check-cli check-asan check-usage \
	check-completions check-deps print-srcs install uninstall clean bench e2e demo fixtures soak \
	dkms-install dkms-uninstall

all: $(O)/muse-mount

$(O)/%.o: %.c
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(MM_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/muse-mount: $(LIB_OBJS) $(MAIN_OBJ)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(MM_LDLIBS) $(LDLIBS)

# The list of unit suites is generated from the *_suite(void) definitions, so
# a new test file cannot be forgotten.
$(O)/tests/unit/suites.h: $(SRCS_unit)
	@mkdir -p $(dir $@)
	$(Q)grep -ho '^Suite \*[a-z0-9_]*_suite(void)' $(SRCS_unit) | \
		sed 's/^Suite \*\(.*\)(void)/MM_SUITE(\1)/' | sort > $@.tmp
	$(Q)mv $@.tmp $@

$(O)/tests/unit/main.o: $(O)/tests/unit/suites.h
$(O)/tests/unit/%.o: tests/unit/%.c
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(MM_CFLAGS) $(CHECK_CFLAGS) -I$(O)/tests/unit $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/check_unit: $(UNIT_OBJS) $(LIB_OBJS)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(MM_LDLIBS) $(LDLIBS)

# Debian packages the build and the tests need (make check installs them).
DEB_BUILD := gcc make pkg-config zlib1g-dev libarchive-dev libfuse3-dev \
	fuse3 check libewf-dev libseccomp-dev
DEB_TEST := mtd-utils xz-utils gzip bzip2 zstd libarchive-tools python3 \
	qemu-system-x86 busybox-static cpio kmod time binwalk pahole dkms \
	u-boot-tools device-tree-compiler ewf-tools
# make fuzz: clang with libFuzzer and the sanitizer runtimes.
DEB_FUZZ := clang libclang-rt-14-dev
DEB_ALL := $(DEB_BUILD) $(DEB_TEST) $(DEB_FUZZ)

deps:
	@missing=$$(for p in $(DEB_ALL); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		cmd="apt-get install -y --no-install-recommends $$(echo $$missing)"; \
		if [ "$$(id -u)" != 0 ]; then \
			echo "muse-mount: missing packages; as root run: apt-get update && $$cmd" >&2; \
			exit 1; \
		fi; \
		echo "  DEPS    $$(echo $$missing)"; \
		apt-get update -qq >/dev/null && \
		DEBIAN_FRONTEND=noninteractive $$cmd -qq >/dev/null || { \
			echo "muse-mount: '$$cmd' failed" >&2; exit 1; }; \
	fi

check: deps
	$(Q)$(MAKE) --no-print-directory all $(O)/check_unit tools
	$(Q)O=$(O) tests/run.sh

check-asan: deps
	$(Q)$(MAKE) --no-print-directory O=$(O)/asan \
		CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -O1" \
		LDFLAGS="-fsanitize=address,undefined" all $(O)/asan/check_unit tools
	$(Q)O=$(O)/asan MM_ASAN=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		MM_SKIP_E2E=1 tests/run.sh

# kill -9 trials, ENOSPC/EIO, truncated dumps, parallel readers (figures
# printed at the end; tests/soak.sh lists the SOAK_* knobs)
soak: all tools
	$(Q)O=$(O) tests/soak.sh

install: all
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man8 \
		$(DESTDIR)$(bashcompdir) $(DESTDIR)$(zshcompdir)
	install -m 755 $(O)/muse-mount $(DESTDIR)$(bindir)/muse-mount
	install -m 644 docs/muse-mount.8 $(DESTDIR)$(mandir)/man8/muse-mount.8
	install -m 644 completions/muse-mount.bash $(DESTDIR)$(bashcompdir)/muse-mount
	install -m 644 completions/_muse-mount $(DESTDIR)$(zshcompdir)/_muse-mount
	install -d $(DESTDIR)$(libexecdir)/muse-mount/kmod
	install -m 755 extract/prepare.sh extract/guest-init.sh \
		$(DESTDIR)$(libexecdir)/muse-mount/
	install -m 644 $(KMOD_SRCS) $(DESTDIR)$(libexecdir)/muse-mount/kmod/

uninstall:
	rm -rf $(DESTDIR)$(libexecdir)/muse-mount
	rm -f $(DESTDIR)$(bindir)/muse-mount \
		$(DESTDIR)$(mandir)/man8/muse-mount.8 \
		$(DESTDIR)$(bashcompdir)/muse-mount \
		$(DESTDIR)$(zshcompdir)/_muse-mount

# The kernel module as a DKMS source tree, /usr/src/muse-$(DKMS_VERSION);
# without DESTDIR also `dkms install` for the running kernel (as root; this
# builds and installs muse.ko, it does not load it).
DKMS_VERSION ?= $(shell sed -n 1p debian/changelog 2>/dev/null | tr -d '()' | cut -d' ' -f2)
KMOD_SRCS := kmod/Kbuild kmod/Makefile $(filter-out %.mod.c,$(wildcard kmod/*.c)) $(wildcard kmod/*.h)
DKMS_DIR = $(DESTDIR)/usr/src/muse-$(DKMS_VERSION)

dkms-install:
	@test -n "$(DKMS_VERSION)" || { echo "muse-mount: DKMS_VERSION unknown" >&2; exit 1; }
	install -d $(DKMS_DIR)
	install -m 644 $(KMOD_SRCS) $(DKMS_DIR)/
	sed 's/#MODULE_VERSION#/$(DKMS_VERSION)/' kmod/dkms.conf >$(DKMS_DIR)/dkms.conf
	@if [ -z "$(DESTDIR)" ]; then \
		dkms status -m muse -v $(DKMS_VERSION) | grep -q . || \
			dkms add -m muse -v $(DKMS_VERSION) && \
		dkms install -m muse -v $(DKMS_VERSION); \
	fi

dkms-uninstall:
	-dkms remove -m muse -v $(DKMS_VERSION) --all
	rm -rf $(DKMS_DIR)

check-usage check-completions: all
	$(Q)tests/cli/completions.sh $(O)/muse-mount

# The dependency check (tests/deps/; make check runs it as tests/cli/deps.sh).
check-deps: all
	$(Q)python3 tests/deps/check-layers.py . $(O)

# The program's sources, for the dependency check.
print-srcs:
	@echo $(LIB_SRCS) cli/main.c

clean:
	rm -rf $(O)

-include $(shell find $(O) -name '*.d' 2>/dev/null)
