#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run.sh - run every test suite and print one summary line for all of them:
#   N passed, N failed, N skipped
#
# Suites: the Check unit tests ($O/check_unit), the CLI tests (tests/cli/*.sh:
# exit 0 pass, 77 skip, else fail), and the QEMU end-to-end tests
# (tests/e2e/run.sh, PASS:/FAIL:/SKIP: lines) unless MM_SKIP_E2E=1.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
O=${O:-build}
case $O in
/*) obin=$O ;;
*) obin=$top/$O ;;
esac
export O MM_TOP="$top" MM_BIN="$obin/muse-mount"
log=$O/test-logs
rm -rf "$log"
mkdir -p "$log"

# The tests start python3 some hundreds of times; a version manager's shim
# (pyenv's is a bash script running `pyenv exec`) costs ~0.35 s a start
# against ~0.03 s: put the interpreter it resolves to first in PATH.
if py=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) &&
   [ -x "$py" ] && [ "$py" != "$(command -v python3)" ]; then
	mkdir -p "$O/test-bin"
	ln -sf "$py" "$O/test-bin/python3"
	PATH=$obin/test-bin:$PATH
	export PATH
fi
pass=0 fail=0 skip=0
failed_names=

count() {	# name status
	case $2 in
	pass) pass=$((pass + 1)) ;;
	skip) skip=$((skip + 1)); echo "SKIP: $1" ;;
	*) fail=$((fail + 1)); failed_names="$failed_names $1"; echo "FAIL: $1" ;;
	esac
}

# Unit tests: Check prints "NN%: Checks: C, Failures: F, Errors: E".
echo "== unit tests"
unit_t0=$(date +%s)
CK_VERBOSITY=${CK_VERBOSITY:-normal} "$O/check_unit" >"$log/unit.log" 2>&1
unit_rc=$?
sed -n '/^[0-9]*%: Checks/p;/:[EF]:/p' "$log/unit.log"
line=$(grep -E '^[0-9]+%: Checks: ' "$log/unit.log" | tail -n 1)
if [ -n "$line" ]; then
	c=$(echo "$line" | sed 's/.*Checks: \([0-9]*\).*/\1/')
	f=$(echo "$line" | sed 's/.*Failures: \([0-9]*\).*/\1/')
	e=$(echo "$line" | sed 's/.*Errors: \([0-9]*\).*/\1/')
	pass=$((pass + c - f - e))
	fail=$((fail + f + e))
	[ $((f + e)) -eq 0 ] || failed_names="$failed_names unit"
else
	count unit fail
fi
[ "$unit_rc" -eq 0 ] || [ -n "$line" ] || true
echo "unit: $(( $(date +%s) - unit_t0 )) s"

# CLI tests, MM_CLI_JOBS at a time (default 2, 1 on one CPU; each test
# has its own temporary directory), the long ones first so that none starts
# last; results are counted and shown in name order.
echo "== cli tests"
cli_t0=$(date +%s)
jobs=${MM_CLI_JOBS:-$( [ "$(nproc)" -ge 2 ] && echo 2 || echo 1 )}
long="extract containers-e01 replay deps layouts-ubi view-stress containers-kernel"
{
	for n in $long; do
		[ -x "tests/cli/$n.sh" ] && echo "tests/cli/$n.sh"
	done
	for t in tests/cli/*.sh; do
		case " $long " in *" $(basename "$t" .sh) "*) continue ;; esac
		[ -x "$t" ] && echo "$t"
	done
} | xargs -P "$jobs" -I{} sh -c '
	t=$1 log=$2
	b=$(basename "$t")
	t0=$(date +%s)
	"$t" >"$log/$b.log" 2>&1
	echo $? >"$log/$b.rc"
	echo "$(( $(date +%s) - t0 )) cli/${b%.sh}" >>"$log/cli-times"
' sh {} "$log"
for t in tests/cli/*.sh; do
	[ -x "$t" ] || continue
	name=cli/$(basename "$t" .sh)
	rc=$(cat "$log/$(basename "$t").rc" 2>/dev/null || echo 125)
	case $rc in
	0) count "$name" pass ;;
	77) count "$name" skip; tail -n 1 "$log/$(basename "$t").log" ;;
	*) count "$name" fail; tail -n 15 "$log/$(basename "$t").log" ;;
	esac
done

# the time they took, and the slowest five (make check's time budget)
echo "cli: $(( $(date +%s) - cli_t0 )) s; slowest: $(sort -rn "$log/cli-times" |
	head -n 5 | awk '{ printf "%s%s %s s", (NR > 1 ? ", " : ""), $2, $1 }')"

# End-to-end tests in QEMU.
if [ "${MM_SKIP_E2E:-0}" != 1 ] && [ -x tests/e2e/run.sh ]; then
	echo "== e2e tests"
	tests/e2e/run.sh 2>&1 | tee "$log/e2e.log"
	e2e_rc=$?
	p=$(grep -c 'PASS: ' "$log/e2e.log")
	f=$(grep -c 'FAIL: ' "$log/e2e.log")
	s=$(grep -c 'SKIP: ' "$log/e2e.log")
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + s))
	if [ "$f" -eq 0 ] && ! grep -q '^e2e: ok' "$log/e2e.log"; then
		# The harness failed outside any scenario (boot, kernel warning).
		count e2e-harness fail
	fi
	: "$e2e_rc"
fi

[ -z "$failed_names" ] || echo "failed:$failed_names (logs in $log)"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
