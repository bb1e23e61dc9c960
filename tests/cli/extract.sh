#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# extract.sh - `muse-mount extract` as an ordinary user (nobody), in QEMU
# with software emulation, against Debian's kernel that the e2e harness
# fetches (tests/e2e/kernel.sh) and muse.ko built for it:
#
#   1. jffs2-hamming with --mtdparts: rootfs/ holds every file of the
#      fixture (sha256 and the .tree: types, link targets), "boot" is
#      reported as holding no file system; every manifest entry agrees with
#      the tree on the host (type, size, mode, mtime, link, sha256); the
#      input's sha256 is unchanged; kernel.log is kept.
#   2. ubi-bch4 with --ecc=bch4 and 12 bit flips in one ECC step of a live
#      UBIFS data node: the three volumes are extracted (rootfs/ UBIFS, the
#      static volume as its bytes), exactly the file holding that node is
#      listed as damaged with the page the server found uncorrectable, every
#      other file has its recorded sha256, and the exit status is 4.
#   3. errors: no QEMU, a non-empty output directory, --tar (not done).
#   4. a dump whose file systems were corrupted on purpose (garbage JFFS2
#      nodes, every UBIFS index node's CRC broken; extract-corrupt.py):
#      exit status 2, the UBIFS volume failed with the kernel's error as
#      the reason, the JFFS2 mounted with the kernel's complaints listed
#      in the manifest and one line on stderr, the untouched files intact,
#      the dump unchanged, kernel.log kept.
#
# MM_EXTRACT_ALL=1 also extracts jffs2-bch8, jffs2-nor, the skipbad dump,
# an xz container and ubi-bch4 with --tar=- (one guest boot each).
# Skipped (77) with MM_SKIP_E2E=1, or when QEMU or root is missing.
set -u
top=${MM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${MM_BIN:-$top/build/muse-mount}
fx=$top/tests/fixtures/nandsim
E2E_DIR=${E2E_DIR:-$top/build/e2e}

[ "${MM_SKIP_E2E:-0}" != 1 ] || { echo "SKIP: extract: MM_SKIP_E2E=1"; exit 77; }
command -v qemu-system-x86_64 >/dev/null || { echo "SKIP: extract: no qemu-system-x86_64"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "SKIP: extract: needs root to run as nobody"; exit 77; }

fails=0
ok() { echo "ok: $*"; }
bad() { echo "not ok: $*"; fails=$((fails + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

mapfile -t kargs < <(E2E_DIR=$E2E_DIR "$top/tests/e2e/extract-kernel.sh") &&
	[ ${#kargs[@]} = 3 ] || { bad "the guest kernel and muse.ko (tests/e2e/extract-kernel.sh)"; exit 1; }

# nobody's own world: a cache that survives runs (the guest is made once
# per kernel and again only when muse-mount changes), a work dir.
cache=$top/build/extract-cache
w=$(mktemp -d /tmp/mm-extract-test.XXXXXX)
trap 'rm -rf "$w"' EXIT
mkdir -p "$cache"
chown 65534:65534 "$cache" "$w"
chmod 755 "$w"
asnobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		env -i PATH=/usr/bin:/bin:/usr/sbin:/sbin HOME="$w" \
		XDG_CACHE_HOME="$cache" TMPDIR="$w" MM_EXTRACT_ACCEL=tcg "$@"
}

for f in jffs2-hamming ubi-bch4; do
	xz -dc "$fx/$f.oob.bin.xz" >"$w/$f.oob.bin"
done
chmod 644 "$w"/*.bin

# tree_check DIR FIXTURE: the .sha256 and .tree of the fixture, from DIR
tree_check() {
	(cd "$1" && find . -type f ! -name '*.img' -print0 | sort -z | xargs -0 sha256sum) >"$w/got.sha256"
	(cd "$1" && find . \( -type d -printf 'd %p\n' \) -o \( -type l -printf 'l %p -> %l\n' \) | sort) >"$w/got.tree"
	cmp -s "$fx/$2.sha256" "$w/got.sha256" && cmp -s "$fx/$2.tree" "$w/got.tree" && return 0
	diff "$fx/$2.sha256" "$w/got.sha256" | head -n 5
	diff "$fx/$2.tree" "$w/got.tree" | head -n 5
	return 1
}

# manifest_check DIR: every entry equals the file on the host
manifest_check() {
	python3 - "$1" <<'PY'
import hashlib, json, os, stat, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
bad = 0
kinds = {"file": stat.S_ISREG, "directory": stat.S_ISDIR, "symlink": stat.S_ISLNK}
for e in m["entries"]:
    p = os.path.join(d, e["path"])
    if e["status"] != "extracted":
        print("not extracted:", e["path"], e.get("reason")); bad += 1; continue
    st = os.lstat(p)
    why = []
    if not kinds[e["type"]](st.st_mode): why.append("type")
    if "%04o" % stat.S_IMODE(st.st_mode) != e["mode"]: why.append("mode")
    if e["type"] != "directory" and int(e["mtime"].split(".")[0]) != int(st.st_mtime): why.append("mtime")
    if e["type"] == "symlink" and os.readlink(p) != e["link"]: why.append("link")
    if e["type"] == "file":
        h = hashlib.sha256(open(p, "rb").read()).hexdigest()
        if h != e["sha256"] or not e["verified"] or st.st_size != e["size"]: why.append("content")
    if why:
        print(e["path"], why); bad += 1
# directory mtimes: those libarchive set after filling them
for e in m["entries"]:
    if e["type"] == "directory":
        st = os.lstat(os.path.join(d, e["path"]))
        if int(e["mtime"].split(".")[0]) != int(st.st_mtime):
            print(e["path"], "directory mtime"); bad += 1
i = m["input"]
if not i["unchanged"] or i["sha256_before"] != i["sha256_after"]: print("input changed"); bad += 1
sys.exit(1 if bad else 0)
PY
}

# --- 2. UBI, damaged data node: made first, and its guest boots beside
# the JFFS2 one (two CPUs; make check's time budget)
python3 - "$w/ubi-bch4.oob.bin" "$w/ubi-bad.bin" >"$w/flip.txt" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
P, R = 2048, 2112
nodes = {}
for pg in range(len(d) // R):
    base = pg * R
    for off in range(0, P - 48, 8):
        o = base + off
        if d[o:o+4] == b"\x31\x18\x10\x06" and d[o+20] == 1:   # UBIFS data node
            inum = struct.unpack_from("<I", d, o + 24)[0]
            ln = struct.unpack_from("<I", d, o + 16)[0]
            nodes.setdefault(inum, []).append((pg, off, ln))
def fits(n):                        # 12 flips inside the node, one ECC step
    pg, off, ln = n
    a = off + 56
    return ln >= 400 and a // 512 == (a + 143) // 512 and a + 143 < P
inum = max(nodes, key=lambda k: len([n for n in nodes[k] if fits(n)]))
cands = [n for n in nodes[inum] if fits(n)]
pg, off, ln = cands[len(cands) // 2]
for b in range(12):                 # BCH-4 corrects 4
    d[pg * R + off + 56 + b * 13] ^= 1 << (b % 8)
open(sys.argv[2], "wb").write(d)
print(inum, hex(pg))
PY
page=$(cut -d' ' -f2 "$w/flip.txt")
chmod 644 "$w/ubi-bad.bin"
o=$w/ubi
# the cached guest first, so the two runs below do not both make it
asnobody "$bin" extract "${kargs[@]}" --prepare >"$w/prepare.out" 2>&1
check "extract --prepare makes (or finds) the cached guest" grep -q '^guest ready: ' "$w/prepare.out" ||
	tail -n 15 "$w/prepare.out"
asnobody "$bin" extract "${kargs[@]}" --ecc=bch4 "$w/ubi-bad.bin" -o "$o" --bodyfile="$w/ubi.body" >"$w/ubi.out" 2>&1 &
ubi_pid=$!

# --- 4. file systems corrupted on purpose (tests/cli/extract-corrupt.py:
# garbage JFFS2 nodes, a broken UBIFS index), the third guest beside them
python3 "$top/tests/cli/extract-corrupt.py" "$w/jffs2-hamming.oob.bin" \
	"$w/ubi-bch4.oob.bin" "$w/corrupt.bin" >"$w/corrupt.txt" ||
	bad "extract-corrupt.py"
chmod 644 "$w/corrupt.bin"
corrupt_sha=$(sha256sum <"$w/corrupt.bin" | cut -d' ' -f1)
asnobody "$bin" extract "${kargs[@]}" --mtdparts='1M(boot),3M(jffs2),8M(ubi),-(spare)' \
	"$w/corrupt.bin" -o "$w/corrupt" >"$w/corrupt.out" 2>&1 &
corrupt_pid=$!

# --- 1. JFFS2 with partitions
o=$w/jffs2
asnobody "$bin" extract "${kargs[@]}" --mtdparts='1M(boot),-(rootfs)' \
	"$w/jffs2-hamming.oob.bin" -o "$o" >"$w/jffs2.out" 2>&1
rc=$?
check "jffs2-hamming: extract as nobody exits 0 (got $rc)" test $rc = 0
[ $rc = 0 ] || tail -n 15 "$w/jffs2.out"
check "jffs2-hamming: no KVM: software emulation" grep -q 'booting the guest (tcg' "$w/jffs2.out"
check "jffs2-hamming: rootfs/ has every file, link and directory of the fixture" tree_check "$o/rootfs" jffs2-hamming
check "jffs2-hamming: manifest entries equal the tree on the host (type, mode, mtime, link, sha256)" manifest_check "$o"
check "jffs2-hamming: the boot partition holds no file system, and says so" \
	grep -q '"status": "skipped"' "$o/manifest.json"
check "jffs2-hamming: input sha256 recorded, equal to the dump's" \
	grep -q "\"sha256_before\": \"$(sha256sum <"$w/jffs2-hamming.oob.bin" | cut -d' ' -f1)\"" "$o/manifest.json"
check "jffs2-hamming: the guest's kernel log is kept" grep -q 'jffs2\|JFFS2\|muse' "$o/kernel.log"
check "jffs2-hamming: the kernel reported no file-system problems" \
	python3 -c "import json,sys; m=json.load(open(sys.argv[1])); sys.exit(1 if m['summary']['kernel_problems'] or m['guest']['kernel_problems'] else 0)" "$o/manifest.json"
check "jffs2-hamming: files owned by nobody on the host" test "$(stat -c %u "$o/rootfs/README.txt")" = 65534

# --- 2. (the UBI guest started above)
o=$w/ubi
wait $ubi_pid
rc=$?
check "ubi damaged: exit status 4 (damaged files) (got $rc)" test $rc = 4
[ $rc = 4 ] || tail -n 15 "$w/ubi.out"
python3 - "$o" "$fx/ubi-bch4.sha256" "$page" >"$w/ubi.check" 2>&1 <<'PY'
import hashlib, json, os, sys
d, sums, page = sys.argv[1], sys.argv[2], sys.argv[3]
m = json.load(open(os.path.join(d, "manifest.json")))
want = {l.split()[1][2:]: l.split()[0] for l in open(sums)}
fss = {f["name"]: f for f in m["filesystems"]}
assert fss["rootfs"]["type"] == "ubifs" and fss["rootfs"]["status"] == "mounted", fss
dam = [e for e in m["entries"] if e["damaged"]]
assert len(dam) == 1, [e["path"] for e in dam]
e = dam[0]
assert e["path"].startswith("rootfs/") and e["path"][7:] in want, e["path"]
assert page in e["pages"], (page, e["pages"])
assert e["unreadable"] and e["sha256"] != want[e["path"][7:]], e   # chk_data_crc
for p, h in want.items():
    if "rootfs/" + p == e["path"]:
        continue
    got = hashlib.sha256(open(os.path.join(d, "rootfs", p), "rb").read()).hexdigest()
    assert got == h, (p, got, h)
assert m["summary"]["damaged"] == 1
vols = [f for f in m["filesystems"] if f["type"] == "volume"]
assert vols and all(f["status"] == "copied" for f in vols), m["filesystems"]
print("damaged:", e["path"], e["pages"], e["unreadable"])
PY
rc=$?
cat "$w/ubi.check"
check "ubi damaged: exactly the file with the flipped node is damaged, with its page; every other file intact; volumes copied" test $rc = 0
check "ubi damaged: the static volume's bytes are extracted" \
	sh -c "ls '$o'/*/*.img >/dev/null 2>&1"
check "ubi damaged: the body file lists every entry" \
	test "$(wc -l <"$w/ubi.body")" = "$(python3 -c "import json;print(len(json.load(open('$o/manifest.json'))['entries']))")"
check "ubi damaged: body file format (MD5|name|inode|mode|uid|gid|size|atime|mtime|ctime|crtime)" \
	grep -q '^0|/rootfs/README.txt|0|r/r[-rwx]\{9\}|[0-9]*|[0-9]*|[0-9]*|[0-9]*|[0-9]*|[0-9]*|0$' "$w/ubi.body"

# --- 4. (the corrupted dump's guest started above)
o=$w/corrupt
wait $corrupt_pid
rc=$?
check "corrupted: exit status 2 (a file system failed to mount) (got $rc)" test $rc = 2
[ $rc = 2 ] || tail -n 15 "$w/corrupt.out"
python3 - "$o" "$fx/jffs2-hamming.sha256" >"$w/corrupt.check" 2>&1 <<'PY'
import hashlib, json, os, sys
d, sums = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(d, "manifest.json")))
fss = {f["name"]: f for f in m["filesystems"]}
assert fss["jffs2"]["type"] == "jffs2" and fss["jffs2"]["status"] == "mounted", fss
r = fss["rootfs"]
assert r["type"] == "ubifs" and r["status"] == "failed", r
assert r["detail"].startswith("UBIFS error") and "bad" in r["detail"], r["detail"]
assert fss["blob"]["status"] == "copied", fss
kp = m["guest"]["kernel_problems"]
assert m["summary"]["kernel_problems"] == len(kp) and m["summary"]["filesystems_failed"] == 1
assert any(l.startswith("jffs2: ") and ("CRC" in l or "Magic bitmask" in l) for l in kp), kp
assert any(l.startswith("UBIFS error") for l in kp), kp
i = m["input"]
assert i["unchanged"] and i["sha256_before"] == i["sha256_after"]
# the files the garbage did not touch (three nodes of three files) are intact
want = {l.split()[1][2:]: l.split()[0] for l in open(sums)}
same = sum(1 for p, h in want.items()
           if os.path.isfile(os.path.join(d, "jffs2", p)) and
           hashlib.sha256(open(os.path.join(d, "jffs2", p), "rb").read()).hexdigest() == h)
assert same >= len(want) - 3, (same, len(want))
print("rootfs:", r["detail"])
print("kernel problems: %d, the first: %s; jffs2 files intact: %d of %d" % (len(kp), kp[0], same, len(want)))
PY
rc=$?
cat "$w/corrupt.check"
check "corrupted: UBIFS failed with the kernel's error as the reason, JFFS2 mounted with the kernel's complaints listed, untouched files intact" test $rc = 0
check "corrupted: one line says the kernel reported problems" \
	grep -q "^muse-mount: $w/corrupt.bin: the guest kernel reported [0-9]* problem(s) with the file systems, the first: '" "$w/corrupt.out"
check "corrupted: the dump is untouched (sha256)" \
	test "$(sha256sum <"$w/corrupt.bin" | cut -d' ' -f1)" = "$corrupt_sha"
check "corrupted: the guest's kernel messages are kept" grep -q 'UBIFS error' "$o/kernel.log"

# --- 3. errors
out=$(asnobody env PATH=/nonexistent "$bin" extract "${kargs[@]}" "$w/ubi-bad.bin" -o "$w/noq" 2>&1)
rc=$?
check "no QEMU: one line, status 3" test "$rc" = 3 -a "$(echo "$out" | wc -l)" = 1
check "no QEMU: says so" grep -q 'qemu-system-x86_64 not found' <<<"$out"
out=$(asnobody "$bin" extract "$w/ubi-bad.bin" -o "$o" 2>&1)
check "a non-empty output directory is refused" grep -q 'exists and is not empty' <<<"$out"

# --- more fixtures (slow)
if [ "${MM_EXTRACT_ALL:-0}" = 1 ]; then
	xz -dc "$fx/jffs2-bch8.oob.bin.xz" >"$w/jffs2-bch8.oob.bin"
	xz -dc "$fx/jffs2-nor.bin.xz" >"$w/jffs2-nor.bin"
	xz -dc "$fx/ubi-hamming.data-skipbad.bin.xz" >"$w/ubi-hamming.skip.bin"
	cp "$fx/ubi-hamming.oob.bin.xz" "$w/ubi-hamming.oob.bin.xz"
	chmod 644 "$w"/*.bin "$w"/*.xz
	while read -r name dir args; do
		rm -rf "$w/x"
		# shellcheck disable=SC2086
		asnobody "$bin" extract "${kargs[@]}" $args -o "$w/x" >"$w/x.out" 2>&1 ||
			{ bad "$name: extract"; tail -n 5 "$w/x.out"; continue; }
		check "$name: every file, link and directory" tree_check "$w/x/$dir" "${name%%.*}"
		check "$name: manifest equals the tree" manifest_check "$w/x"
	done <<EOF
jffs2-bch8 jffs2-bch8 --ecc=bch8 $w/jffs2-bch8.oob.bin
jffs2-nor jffs2-nor --type=nor --page-size=2048 --oob-size=0 --pages-per-block=32 $w/jffs2-nor.bin
ubi-hamming.skipbad rootfs --bb=skipbad --oob-size=0 --type=nand $w/ubi-hamming.skip.bin
ubi-hamming.xz rootfs $w/ubi-hamming.oob.bin.xz
EOF
	# a broken UBIFS: every master node overwritten
	python3 - "$w/ubi-bch4.oob.bin" "$w/ubi-nomaster.bin" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
n = 0
for pg in range(len(d) // 2112):
    for off in range(0, 2048 - 24, 8):
        o = pg * 2112 + off
        if d[o:o+4] == b"\x31\x18\x10\x06" and d[o+20] == 7:
            d[o+24:o+200] = b"\x55" * 176
            n += 1
assert n >= 2, n
open(sys.argv[2], "wb").write(d)
PY
	chmod 644 "$w/ubi-nomaster.bin"
	asnobody "$bin" extract "${kargs[@]}" "$w/ubi-nomaster.bin" -o "$w/nm" >"$w/nm.out" 2>&1
	check "broken UBIFS index: status 2" test $? = 2
	check "broken UBIFS index: one line says the file system failed to mount" \
		grep -q 'file system(s) failed to mount' "$w/nm.out"
	check "broken UBIFS index: the manifest says rootfs failed" \
		python3 -c "import json,sys; m=json.load(open('$w/nm/manifest.json')); sys.exit(0 if [f for f in m['filesystems'] if f['name']=='rootfs' and f['status']=='failed'] else 1)"
	check "broken UBIFS index: the guest's kernel messages kept" grep -q 'UBIFS error' "$w/nm/kernel.log"
	rm -rf "$w/t" && mkdir -p "$w/t" && chown 65534 "$w/t"
	asnobody "$bin" extract "${kargs[@]}" --ecc=bch4 "$w/ubi-bch4.oob.bin" --tar=- 2>"$w/t.err" >"$w/t.tar"
	check "--tar=-: status 0" test $? = 0
	tar -xf "$w/t.tar" -C "$w/t"
	check "--tar=-: the tree, and manifest.json in it" tree_check "$w/t/rootfs" ubi-bch4
	check "--tar=-: console.log, kernel.log, manifest.json last" \
		test "$(tar -tf "$w/t.tar" | tail -n 3 | paste -sd' ')" = "console.log kernel.log manifest.json"
fi

[ $fails = 0 ] || { echo "extract: $fails failed"; exit 1; }
echo "extract: ok"
