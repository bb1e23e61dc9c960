#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# serve-init.sh - the MUSE_INIT reply and the options that shape it: the
# default NAME (file name without directory and extension), --name, --type,
# --subpage, --max-io, FLAGS for read-only and writable NAND/NOR/RAM, the
# PARTSCMDLINE blob, and the refusals that happen before anything is sent
# (a bad --mtdparts, a writable ROM, an unknown type) with exit status 1.
# Also: no /dev/muse gives the hint to build and load the module.
. "${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cli/serve-lib.sh"

gen_nand "$W/fw-v1.2.oob.bin" 2048 64 64 16 1 7
evidence_save "$W/fw-v1.2.oob.bin"
d=$W/fw-v1.2.oob.bin
geom="--page-size 2048 --oob-size 64 --pages-per-block 64"

# shellcheck disable=SC2086
peer_run "default NAME, SUBPAGESHIFT, max_read" --page-size 2048 \
	--oob-size 64 --ppb 64 "$d" -- $geom --subpage 512 --max-io 64KiB "$d" <<'S'
init 34
expect NAME fw-v1.2.oob
expect TYPE 4
expect FLAGS 0
expect SIZE 2097152
expect SUBPAGESHIFT 2
expect PARTSCMDLINE -
read 0 65536 inband
read 0 65537 inband !EINVAL
isbad 0xe0000 1
close
S

# shellcheck disable=SC2086
peer_run "partitions, --name, mlc-nand, writable" --page-size 2048 \
	--oob-size 64 --ppb 64 "$d" -- $geom --name "my nand" --type mlc-nand \
	--writable --subpage 1 --mtdparts '256k(boot)ro,1M@0x80000(rootfs),-(data)' "$d" <<'S'
init
expect NAME my nand
expect TYPE 8
expect FLAGS 1024
expect SUBPAGESHIFT 1
expect PARTSCMDLINE 256k(boot)ro,1M@0x80000(rootfs),-(data)
close
S

# shellcheck disable=SC2086
peer_fails "a wrong INIT value is caught" "INIT TYPE='1', expected '2'" \
	--page-size 2048 --oob-size 64 --ppb 64 "$d" -- $geom --type ram \
	--writable "$d" <<'S'
init
expect TYPE 2
S

# shellcheck disable=SC2086
peer_run "--type ram, writable (FLAGS 7168, no OOB keys)" --page-size 2048 \
	--oob-size 64 --ppb 64 "$d" -- $geom --type ram --writable "$d" <<'S'
init
expect TYPE 1
expect FLAGS 7168
expect WRITESIZE 1
expect OOBSIZE -
expect OOBAVAIL -
close
S

# shellcheck disable=SC2086
peer_run "--type rom (read-only)" --page-size 2048 --oob-size 64 --ppb 64 \
	"$d" -- $geom --type rom "$d" <<'S'
init
expect TYPE 2
expect FLAGS 0
write 0 1 inband 0 !EROFS
close
S

expect() {
	want=$1 re=$2
	shift 2
	"$MM_BIN" "$@" </dev/null >"$W/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "muse-mount $*: status $rc, expected $want ($(head -n 2 "$W/out"))"
	elif ! grep -Eq -e "$re" "$W/out"; then
		fail "muse-mount $*: '$(head -n 2 "$W/out")' does not match '$re'"
	else
		pass "refused: $(head -n 1 "$W/out")"
	fi
}

# shellcheck disable=SC2086
{
expect 1 "invalid --mtdparts '1M\(boot': .*at character 3" $geom \
	--mtdparts '1M(boot' --muse-fd 0 "$d"
expect 1 "invalid --mtdparts '100k': .*not aligned" $geom \
	--mtdparts 100k --muse-fd 0 "$d"
expect 1 "invalid --mtdparts '3M': .*past the end" $geom \
	--mtdparts 3M --muse-fd 0 "$d"
expect 1 "overlaps" $geom --mtdparts '1M,512k@0x40000' --muse-fd 0 "$d"
expect 1 "contains ':'" $geom --name 'a:b' --mtdparts 1M --muse-fd 0 "$d"
expect 1 "a ROM cannot be writable" $geom --type rom --writable \
	--muse-fd 0 "$d"
expect 1 "invalid --type 'flash'" $geom --type flash --muse-fd 0 "$d"
gen_nand "$W/small.bin" 512 16 32 64 1
expect 1 "do not fit in 4096 bytes" --page-size 512 --oob-size 16 \
	--pages-per-block 32 --muse-fd 0 --mtdparts \
	"$(python3 -c "print(','.join(['16k(' + 'x' * 60 + ')'] * 64))")" \
	"$W/small.bin"
expect 3 "not loaded \(build and load it: make -C kmod && insmod kmod/muse.ko\)" \
	$geom --muse-dev "$W/no-such-muse" "$d"
expect 1 "--muse-fd 77" $geom --muse-fd 77 "$d"
}

# Opening the device without the rights: the hint says it needs root.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	mkdir "$W/pub" && chmod 755 "$W" "$W/pub"
	cp "$d" "$W/pub/d.bin" && chmod 644 "$W/pub/d.bin"
	: >"$W/pub/muse" && chmod 600 "$W/pub/muse"
	# shellcheck disable=SC2086
	setpriv --reuid=65534 --regid=65534 --clear-groups "$MM_BIN" $geom \
		--muse-dev "$W/pub/muse" "$W/pub/d.bin" >"$W/out" 2>&1
	rc=$?
	if [ $rc -eq 3 ] && grep -q "needs CAP_SYS_ADMIN (run as root)" "$W/out"; then
		pass "refused: $(head -n 1 "$W/out")"
	else
		fail "unprivileged open: status $rc: $(head -n 1 "$W/out")"
	fi
fi

evidence_check
finish
