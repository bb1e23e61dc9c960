#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run.sh - `make e2e`: for every kernel in E2E_KERNELS (default "6.1 6.12",
# Debian 12's two kernel series), fetch the kernel and its headers
# (kernel.sh), build muse-mount and muse.ko (W=1, against those headers),
# then run every scenario in its own QEMU guest booting that kernel.
#
# Prints one "PASS: e2e/KERNEL/NAME" or "FAIL: e2e/KERNEL/NAME (why)" line
# per scenario and kernel (the guest's own check lines, "ok:"/"not ok:",
# are shown for failures), one "e2e: KERNEL: ..." summary per kernel, then
# "N passed, N failed" and, when nothing failed, "e2e: ok".
# Exit status 0 only if every scenario passed.  Prints "SKIP: e2e: qemu
# cannot run" (and "e2e: ok (skipped)") and exits 0 only when QEMU itself
# cannot run here.
#
# usage: tests/e2e/run.sh [-v] [SCENARIO...]   (names like b-jffs2; -v shows
#        every guest check line)
#
# Kernel 6.1 uses $E2E_DIR (build/e2e) as before; any other series S uses
# $E2E_DIR/linux-S (kernel tree, base initramfs, logs); the decompressed
# fixtures are shared.  E2E_KERNELS=6.12 runs one kernel only.
#
# How: muse-mount and the test tools are built once; then every kernel's
# setup (kernel.sh, muse.ko W=1, DKMS, base initramfs, the scenarios'
# inputs) runs side by side (this script with E2E_PHASE=setup), each
# writing its guests as job files; the guests of all kernels then share
# one pool, the longest first; last, each kernel's results are reported
# (E2E_PHASE=report) in scenario order.

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 1
export E2E_DIR=${E2E_DIR:-$top/build/e2e}
O=${O:-build}
verbose=0
if [ "${1:-}" = -v ]; then
	verbose=1
	shift
fi

# One run at a time: runs share build/e2e (logs, dumps, kmod build), and
# QEMU without KVM needs the CPUs anyway.
mkdir -p "$E2E_DIR"
if [ -z "${E2E_KERNEL:-}" ]; then
	exec 9>"$E2E_DIR/run.lock"
	if ! flock -n 9; then
		echo "INFO: e2e: waiting for another e2e run to finish"
		flock 9
	fi
fi

start=$(date +%s)

# The outer run: build, every kernel's setup side by side, one pool of
# guests, then each kernel's report and the sums.
if [ -z "${E2E_KERNEL:-}" ]; then
	args=()
	[ $verbose = 1 ] && args+=(-v)
	tp=0 tf=0 skipped=0
	kernels=${E2E_KERNELS:-6.1 6.12}
	kdirs=()
	for k in $kernels; do
		d=$E2E_DIR
		[ "$k" = 6.1 ] || d=$E2E_DIR/linux-$k
		mkdir -p "$d"
		kdirs+=("$d")
	done

	# Build once for every kernel.  A failed build is a failure, and the
	# scenarios then fail too.
	mkdir -p "$E2E_DIR/logs"
	if make -j2 --no-print-directory O="$O" all tools >"$E2E_DIR/logs/build.log" 2>&1; then
		echo "INFO: e2e: built $O/muse-mount and the test tools"
	else
		echo "FAIL: e2e/build (make all tools failed, see $E2E_DIR/logs/build.log)"
		tail -n 20 "$E2E_DIR/logs/build.log" | sed 's/^/  /'
		tf=$((tf + 1))
	fi
	if [ "$O" != build ] && [ -x "$O/muse-mount" ]; then
		# guest.sh takes build/muse-mount
		mkdir -p build && cp "$O/muse-mount" build/muse-mount
	fi
	# the kmod engineer's independent test server for tests/e2e/kmod-*.sh
	if [ -f kmod/Makefile ] && grep -q '^testsrv:' kmod/Makefile &&
	   ! make -C kmod testsrv >"$E2E_DIR/logs/testsrv.log" 2>&1; then
		echo "FAIL: e2e/kmod-testsrv (make -C kmod testsrv failed, see $E2E_DIR/logs/testsrv.log)"
		tf=$((tf + 1))
	fi

	# Each kernel's setup, side by side (kernel.sh one at a time: apt).
	i=0
	for k in $kernels; do
		d=${kdirs[$i]}
		i=$((i + 1))
		E2E_PHASE=setup E2E_KERNEL=$k E2E_DIR=$d E2E_DUMPS=$E2E_DIR/dumps \
			E2E_KLOCK=$E2E_DIR/kernel.lock \
			"$0" "${args[@]+"${args[@]}"}" "$@" >"$d/setup.out" 2>&1 &
	done
	wait

	# One pool for the guests of every kernel: E2E_JOBS at a time
	# (default: 2, or 1 on a single CPU), the longest first (a
	# "# e2e-cost: SECONDS" line in a scenario, else 20: a long one
	# started last would leave the other CPU idle).
	jobs_max=${E2E_JOBS:-$(( $(nproc) >= 2 ? 2 : 1 ))}
	pool=()
	while read -r _ f; do
		pool+=("$f")
	done < <(for d in "${kdirs[@]}"; do
		cat "$d/jobs/list" 2>/dev/null
	done | sort -s -k1,1nr)
	[ ${#pool[@]} -gt 0 ] &&
		echo "INFO: e2e: ${#pool[@]} guests for kernels $(echo $kernels), $jobs_max at a time"
	for f in "${pool[@]+"${pool[@]}"}"; do
		while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
			wait -n
		done
		bash "$f" &
	done
	wait

	i=0
	for k in $kernels; do
		d=${kdirs[$i]}
		i=$((i + 1))
		E2E_PHASE=report E2E_KERNEL=$k E2E_DIR=$d \
			"$0" "${args[@]+"${args[@]}"}" "$@" | tee "$d/run.out"
		grep -q '^e2e: [^ ]*: skipped$' "$d/run.out" && skipped=1
		tp=$((tp + $(grep -c '^PASS: ' "$d/run.out")))
		tf=$((tf + $(grep -c '^FAIL: ' "$d/run.out")))
	done
	echo "e2e: $(( $(date +%s) - start )) s"
	echo "$tp passed, $tf failed"
	if [ $tf -eq 0 ]; then
		[ $skipped = 1 ] && echo "e2e: ok (skipped)" || echo "e2e: ok"
		exit 0
	fi
	exit 1
fi
kernel=$E2E_KERNEL
phase=${E2E_PHASE:-setup}
jobdir=$E2E_DIR/jobs	# list (COST FILE), names, prefail (NAME<TAB>WHY), *.job
passed=0
failed=0
report() {	# PASS|FAIL name [why]
	if [ "$1" = PASS ]; then
		passed=$((passed + 1))
		echo "PASS: e2e/$kernel/$2${3:+ ($3)}"
	else
		failed=$((failed + 1))
		echo "FAIL: e2e/$kernel/$2${3:+ ($3)}"
	fi
}

finish() {
	[ "$phase" = setup ] && exit 0	# its lines are reported with the rest
	echo "e2e: $kernel: $(cat "$E2E_DIR/kver" 2>/dev/null): $passed passed, $failed failed, guests $gsecs s"
	[ $failed -eq 0 ]
	exit
}

# The report: the setup's lines (its failures count), then one line per
# scenario in scenario order.
if [ "$phase" = report ]; then
	gsecs=0
	cat "$E2E_DIR/setup.out" 2>/dev/null
	grep -q '^e2e: [^ ]*: skipped$' "$E2E_DIR/setup.out" 2>/dev/null && exit 0
	failed=$(grep -c '^FAIL: ' "$E2E_DIR/setup.out" 2>/dev/null)
	failed=${failed:-0}
	declare -A prefail=()
	while IFS=$'\t' read -r name why; do
		prefail[$name]=$why
	done <"$jobdir/prefail"
	while read -r name; do
		log=$E2E_DIR/logs/$name.log
		out=$E2E_DIR/logs/$name.out
		if [ -n "${prefail[$name]:-}" ]; then
			report FAIL "$name" "${prefail[$name]}"
			continue
		fi
		read -r rc secs <"$E2E_DIR/logs/$name.rc" || { rc=125; secs=0; }
		gsecs=$((gsecs + secs))
		nok=$(grep -c '^not ok: ' "$out")
		ok=$(grep -c '^ok: ' "$out")
		case $rc in
		0) why= ;;
		124) why="guest timed out" ;;
		125) why="guest harness failure" ;;
		126) why="guest kernel logged a warning" ;;
		*) why="$nok of $((ok + nok)) checks failed" ;;
		esac
		if [ "$rc" -eq 0 ] && [ "$nok" -eq 0 ] && [ "$ok" -gt 0 ]; then
			report PASS "$name" "$ok checks, $secs s"
			[ $verbose = 1 ] && sed 's/^/  /' "$out"
		else
			[ "$rc" -eq 0 ] && why="no checks ran"
			report FAIL "$name" "$why; log: ${log#$top/}"
			sed 's/^/  /' "$out"
			grep -a 'E2E-KWARN' "$log" | head -n 10 | sed 's/^/  /'
		fi
	done <"$jobdir/names"
	finish
fi
rm -rf "$jobdir"
mkdir -p "$jobdir"
: >"$jobdir/list"
: >"$jobdir/names"
: >"$jobdir/prefail"

# QEMU must be able to run at all (kernel.sh installs it if missing; one
# kernel.sh at a time when setups run side by side: apt).
fetch_kernel() {
	if [ -n "${E2E_KLOCK:-}" ]; then
		flock "$E2E_KLOCK" "$here/kernel.sh"
	else
		"$here/kernel.sh"
	fi
}
if ! fetch_kernel >"$E2E_DIR.kernel.log" 2>&1; then
	mkdir -p "$E2E_DIR"
	if ! command -v qemu-system-x86_64 >/dev/null; then
		echo "SKIP: e2e: qemu cannot run (not installed, kernel.sh failed)"
		sed 's/^/  /' "$E2E_DIR.kernel.log"
		echo "e2e: $kernel: skipped"
		exit 0
	fi
	report FAIL kernel "kernel.sh failed"
	sed 's/^/  /' "$E2E_DIR.kernel.log"
	finish
fi
rm -f "$E2E_DIR.kernel.log"
if ! qemu-system-x86_64 -machine q35 -accel tcg -display none -monitor none \
	-serial none -nic none -no-reboot -S -daemonize -pidfile "$E2E_DIR/qemu-probe.pid" \
	>"$E2E_DIR/qemu-probe.log" 2>&1; then
	echo "SKIP: e2e: qemu cannot run"
	sed 's/^/  /' "$E2E_DIR/qemu-probe.log"
	echo "e2e: $kernel: skipped"
	exit 0
fi
kill "$(cat "$E2E_DIR/qemu-probe.pid")" 2>/dev/null
rm -f "$E2E_DIR/qemu-probe.pid" "$E2E_DIR/qemu-probe.log"

# muse-mount and the test tools were built by the outer run.
mkdir -p "$E2E_DIR/logs"
# Kbuild reads O (its output directory) from the environment and from
# MAKEFLAGS: `make O=build soak` must not hand ours to the kernel's make.
kbuild() {
	env -u O -u MAKEFLAGS -u MAKEOVERRIDES -u MFLAGS -u MAKELEVEL "$@"
}
if [ -f kmod/Makefile ]; then
	# muse.ko for this kernel, built (W=1) in a copy of kmod/
	kb=$E2E_DIR/kmod-build
	rm -rf "$kb" && mkdir -p "$kb" && cp kmod/Kbuild kmod/Makefile kmod/*.[ch] "$kb/"
	export E2E_MUSE_KO=$kb/muse.ko
	if kbuild make -C "$kb" KDIR="$(cat "$E2E_DIR/kdir")" W=1 >"$E2E_DIR/logs/kmod.log" 2>&1; then
		echo "INFO: e2e: built muse.ko (W=1) against $(cat "$E2E_DIR/kver")"
		if grep -q 'warning:' "$E2E_DIR/logs/kmod.log"; then
			report FAIL kmod-w1 "muse.ko has W=1 warnings, see $E2E_DIR/logs/kmod.log"
			grep 'warning:' "$E2E_DIR/logs/kmod.log" | head -n 20 | sed 's/^/  /'
		fi
	else
		report FAIL kmod "kmod build failed, see $E2E_DIR/logs/kmod.log"
		grep -E 'error|warning' "$E2E_DIR/logs/kmod.log" | head -n 20 | sed 's/^/  /'
		rm -f "$kb/muse.ko"
	fi
else
	report FAIL kmod "kmod/Makefile missing"
fi

# muse.ko as DKMS builds it from the muse-mount-dkms source tree (make
# dkms-install), with private DKMS trees under $E2E_DIR/dkms: the host's
# /var/lib/dkms and /lib/modules are not touched.  kmod-basic-dkms runs
# with it.
dkms_ko=
dk=$E2E_DIR/dkms
rm -rf "$dk" && mkdir -p "$dk/tree"
dkv=$(sed -n 1p debian/changelog 2>/dev/null | tr -d '()' | cut -d' ' -f2)
if ! command -v dkms >/dev/null; then
	report FAIL dkms "dkms not installed (make deps)"
elif make --no-print-directory dkms-install DESTDIR="$dk/stage" >"$E2E_DIR/logs/dkms.log" 2>&1 &&
   dkms --dkmstree "$dk/tree" --sourcetree "$dk/stage/usr/src" add -m muse -v "$dkv" \
	>>"$E2E_DIR/logs/dkms.log" 2>&1 &&
   kbuild dkms --dkmstree "$dk/tree" --sourcetree "$dk/stage/usr/src" build -m muse -v "$dkv" \
	-k "$(cat "$E2E_DIR/kver")" --kernelsourcedir "$(cat "$E2E_DIR/kdir")" \
	>>"$E2E_DIR/logs/dkms.log" 2>&1; then
	dkms_ko=$(find "$dk/tree/muse/$dkv" -name 'muse.ko*' | head -n1)
	case $dkms_ko in	# compressed like the kernel's own modules (6.12)
	*.xz) xz -dc "$dkms_ko" >"$dk/muse.ko" && dkms_ko=$dk/muse.ko ;;
	*.zst) zstd -qdc "$dkms_ko" >"$dk/muse.ko" && dkms_ko=$dk/muse.ko ;;
	esac
	echo "INFO: e2e: dkms built muse/$dkv against $(cat "$E2E_DIR/kver")"
else
	report FAIL dkms "dkms build failed, see $E2E_DIR/logs/dkms.log"
	tail -n 20 "$E2E_DIR/logs/dkms.log" | sed 's/^/  /'
fi

# kmod-basic-dkms: kmod-basic.sh with the DKMS-built module, which the
# guest checks it got (sha256 of the installed muse.ko)
dkms_variant() {
	local src=$here/kmod-basic.sh dst=$E2E_DIR/iov/kmod-basic-dkms.sh h
	mkdir -p "$E2E_DIR/iov"
	h=$(sha256sum <"${dkms_ko:-/dev/null}" | cut -d' ' -f1)
	{
		sed -n '1,/^\. \/e2e\/kmod-lib.sh/p' "$src"
		echo "check \"the installed muse.ko is the DKMS build\" test \"\$(sha256sum </lib/modules/\$(uname -r)/extra/muse.ko | cut -d' ' -f1)\" = $h"
		sed '1,/^\. \/e2e\/kmod-lib.sh/d' "$src"
	} >"$dst"
	echo "$dst"
}

# Decompressed fixtures (cached), with sha256 files for the guest.
fx=$top/tests/fixtures/nandsim
dumps=${E2E_DUMPS:-$E2E_DIR/dumps}
mkdir -p "$dumps"
prepare_fixture() {	# NAME -> files under $dumps/NAME/
	local n=$1 d=$dumps/$1 f h
	mkdir -p "$d"
	for f in "$fx/$n".*bin.xz; do
		[ -f "$f" ] || return 1
		f=$(basename "$f" .xz)
		if [ ! -f "$d/$f" ] || [ "$fx/$f.xz" -nt "$d/$f" ]; then
			xz -dc "$fx/$f.xz" >"$d/$f.$$" && mv "$d/$f.$$" "$d/$f" || return 1
		fi
		h=$(sha256sum <"$d/$f" | cut -d' ' -f1)
		# the provenance file records the sha256 of each uncompressed dump
		if ! grep -q "^  $h  $f " "$fx/$n.txt"; then
			echo "e2e: $f does not match the sha256 in $n.txt" >&2
			rm -f "$d/$f"
			return 1
		fi
		echo "$h  /in/$f" >"$d/$f.sha256"
	done
	cp "$fx/$n.sha256" "$fx/$n.tree" "$d/"
}

# Vendor layouts of fixtures ("# e2e-layouts: FIXTURE..."), made on the
# host at test time by mm-gen --from (tests/gen/layout-fixtures.sh: every
# preset, t flips per step) into $dumps/layouts/, each with a sha256 file;
# layouts.list names them (FIXTURE PRESET ARG FILE PAGES T OOBAVAIL MARKER
# BAD PAGE SPARE PPB, see layout-fixtures.sh) for the guest.
# Sets layout_inputs (guest.sh -i arguments).
prepare_layouts() {	# FIXTURE...
	local d=$dumps/layouts f n p arg pages h
	layout_inputs=()
	for n in "$@"; do	# not $fx: prepare_fixture reads it (fixture dir)
		prepare_fixture "$n" || return 1
		layout_inputs+=(-i "$dumps/$n/$n.sha256" -i "$dumps/$n/$n.tree")
	done
	mkdir -p "$d"
	"$top/tests/gen/layout-fixtures.sh" "$O/tests/gen/mm-gen" "$dumps" "$d" "$@" \
		>"$E2E_DIR/logs/layouts.log" 2>&1 || { sed 's/^/  /' "$E2E_DIR/logs/layouts.log" >&2; return 1; }
	layout_inputs+=(-i "$d/layouts.list")
	while read -r n p arg f pages; do
		h=$(sha256sum <"$d/$f" | cut -d' ' -f1)
		echo "$h  /in/$f" >"$d/$f.sha256"
		layout_inputs+=(-i "$d/$f" -i "$d/$f.sha256")
	done <"$d/layouts.list"
}

# kmod-NAME-iov: kmod-NAME.sh with the test server in its readv()/writev()
# mode (KTS_IOV=1), as a libfuse-style server talks to /dev/muse.
iov_variant() {	# kmod-NAME -> path of the generated kmod-NAME-iov.sh
	local src=$here/$1.sh dst=$E2E_DIR/iov/$1-iov.sh
	mkdir -p "$E2E_DIR/iov"
	if [ -f "$src" ]; then
		{ sed -n 1p "$src"; echo 'KTS_IOV=1; export KTS_IOV'; sed 1d "$src"; } >"$dst"
	fi
	echo "$dst"
}

scenarios=()
if [ $# -gt 0 ]; then
	for s in "$@"; do
		s=${s%.sh}
		case $s in
		kmod-*-iov) scenarios+=("$(iov_variant "${s%-iov}")") ;;
		kmod-basic-dkms) scenarios+=("$(dkms_variant)") ;;
		kmod-*) scenarios+=("$here/$s.sh") ;;
		*) scenarios+=("$here/scenarios/$s.sh") ;;
		esac
	done
else
	# the kernel module's own scenarios (tests/e2e/kmod-*.sh) first, each
	# with the single-buffer test server and, on the kernels in
	# E2E_IOV_KERNELS (default 6.12), the ones in E2E_IOV_SCENARIOS with
	# the readv/writev server too (default: those that move data and
	# errors - reads, writes, OOB, erases, concurrency; INIT, ECC stats and
	# the file systems take the same code path, make check's time budget)
	iov=false
	for k in ${E2E_IOV_KERNELS-6.12}; do
		[ "$k" = "$kernel" ] && iov=true
	done
	iov_set=" ${E2E_IOV_SCENARIOS-kmod-basic kmod-nand kmod-stress kmod-faults} "
	for s in "$here"/kmod-*.sh; do
		[ "$s" = "$here/kmod-lib.sh" ] && continue	# helpers, sourced
		scenarios+=("$s")
		case $iov_set in
		*" $(basename "$s" .sh) "*)
			$iov && scenarios+=("$(iov_variant "$(basename "$s" .sh)")") ;;
		esac
	done
	scenarios+=("$(dkms_variant)")
	# a "# e2e-kernels: 6.1 ..." line keeps a long scenario to those
	# kernels in the default run (make check's time budget)
	for s in "$here"/scenarios/*.sh; do
		[ -f "$s" ] || continue
		only=$(sed -n 's/^# e2e-kernels: //p' "$s")
		if [ -n "$only" ] && ! echo " $only " | grep -q " $kernel "; then
			echo "INFO: e2e: $(basename "$s" .sh) runs on $only only"
			continue
		fi
		scenarios+=("$s")
	done
fi

# job NAME SCRIPT GUEST.SH-ARGS...: write one guest as a job file for the
# outer run's pool; it leaves its status and seconds in logs/NAME.rc
job() {
	local name=$1 s=$2 f=$jobdir/$1.job ko=${E2E_MUSE_KO:-}
	shift 2
	[ "$name" = kmod-basic-dkms ] && ko=$dkms_ko
	{
		printf 'export E2E_KERNEL=%q E2E_DIR=%q E2E_MUSE_KO=%q E2E_QUIET=1\n' \
			"$kernel" "$E2E_DIR" "$ko"
		printf 't0=$(date +%%s)\n'
		printf '%q ' "$here/guest.sh" -t "${E2E_TIMEOUT:-400}" \
			-l "$E2E_DIR/logs/$name.log" "$@" "$s"
		printf '>%q 2>&1\n' "$E2E_DIR/logs/$name.out"
		printf 'echo "$? $(( $(date +%%s) - t0 ))" >%q\n' "$E2E_DIR/logs/$name.rc"
	} >"$f"
	echo "$(cost "$s") $f" >>"$jobdir/list"
}
cost() {	# SCRIPT -> its e2e-cost (a generated variant: its source's)
	local c
	c=$(sed -n 's/^# e2e-cost: *\([0-9]*\).*/\1/p' "$1" 2>/dev/null | head -n 1)
	echo "${c:-20}"
}
prefail() {	# NAME WHY
	printf '%s\t%s\n' "$1" "$2" >>"$jobdir/prefail"
}

"$here/guest.sh" -P >"$E2E_DIR/logs/prepare.log" 2>&1 ||
	{ report FAIL harness "guest.sh -P failed"; sed 's/^/  /' "$E2E_DIR/logs/prepare.log"; finish; }
for s in "${scenarios[@]}"; do
	name=$(basename "$s" .sh)
	echo "$name" >>"$jobdir/names"
	rm -f "$E2E_DIR/logs/$name.rc" "$E2E_DIR/logs/$name.out"
	if [ ! -f "$s" ]; then
		prefail "$name" "no such scenario"
		continue
	fi
	inputs=()
	for f in $(sed -n 's/^# e2e-inputs: //p' "$s"); do
		if ! prepare_fixture "$f"; then
			prefail "$name" "fixture $f missing or corrupt"
			continue 2
		fi
		for g in "$dumps/$f"/*; do
			inputs+=(-i "$g")
		done
	done
	layouts=$(sed -n 's/^# e2e-layouts: //p' "$s")
	if [ -n "$layouts" ]; then
		# shellcheck disable=SC2086
		if ! prepare_layouts $layouts; then
			prefail "$name" "layouts of $layouts could not be made (mm-gen --from)"
			continue
		fi
		inputs+=("${layout_inputs[@]}")
	fi
	inputs+=(-i "$fx/static-blob.sha256" -i "$fx/boot.sha256")
	case $name in
	kmod-*)
		if [ ! -x build/kmod-testsrv ]; then
			prefail "$name" "build/kmod-testsrv missing"
			continue
		fi
		inputs+=(-i "$top/build/kmod-testsrv") ;;
	esac
	job "$name" "$s" "${inputs[@]}"
done
finish
