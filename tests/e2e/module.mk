# SPDX-License-Identifier: GPL-2.0-or-later
#
# End-to-end tests in a QEMU guest running Debian 12's own kernel.
# Included by the top-level Makefile.  None of these is part of `make check`.
#
#   make e2e        build kmod/muse.ko + build/muse-mount, run every scenario
#   make fixtures   regenerate tests/fixtures/nandsim/ with nandsim in the guest
#   make demo       serve a bundled fixture with muse-mount, mount its JFFS2
#   make e2e-kernel only fetch the kernel/headers into build/e2e
#   make powercut   the long power-cut campaign (200 cut points, p-powercut)

.PHONY: e2e fixtures demo e2e-kernel powercut

e2e-kernel:
	tests/e2e/kernel.sh

e2e:
	tests/e2e/run.sh

fixtures:
	tests/e2e/make-fixtures.sh

demo:
	tests/e2e/demo.sh

powercut:
	tests/e2e/powercut.sh $(CUTS)
