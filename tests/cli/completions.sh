#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# completions.sh - every long option in --help is in both completion files
# and in the man page, and the completion files name no option --help lacks.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-${MM_BIN:-$top/build/muse-mount}}
cd "$top" || exit 1
opts=$("$bin" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
[ -n "$opts" ] || { echo "no options in --help"; exit 1; }
rc=0
for o in $opts; do
	for f in completions/muse-mount.bash completions/_muse-mount; do
		grep -q -- "$o\\b" "$f" || { echo "$f: missing $o"; rc=1; }
	done
	# In roff the dashes are written \-\-.
	r=$(echo "$o" | sed 's/-/\\\\-/g')
	grep -q -- "$r" docs/muse-mount.8 || { echo "docs/muse-mount.8: missing $o"; rc=1; }
done
for f in completions/muse-mount.bash completions/_muse-mount; do
	for o in $(grep -o -- '--[a-z][a-z0-9-]*' "$f" | sort -u); do
		echo "$opts" | grep -qx -- "$o" || { echo "$f: $o is not in --help"; rc=1; }
	done
done
# Every subcommand is completed.
for s in info convert replay; do
	for f in completions/muse-mount.bash completions/_muse-mount; do
		grep -q "$s" "$f" || { echo "$f: missing subcommand $s"; rc=1; }
	done
done
exit $rc
