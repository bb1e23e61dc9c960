#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# seeds.py - the first inputs of each harness, before minimisation: small
# dumps from mm-gen (every layout, content and controller layout, the
# containers around one of them), cuts of the kernel-made fixtures, MUSE
# request streams, overlay files and record logs the harnesses wrote
# themselves, and spec strings from the docs. The committed corpora in
# tests/fuzz/corpus/ are these, merged (make fuzz-merge) and fuzzed.
#
#   tests/fuzz/seeds.py BUILD_DIR OUT_DIR     writes OUT_DIR/<harness>/*
import glob
import gzip
import bz2
import io
import lzma
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build, out = sys.argv[1], sys.argv[2]
gen = os.path.join(build, 'tests/gen/mm-gen')
tmp = tempfile.mkdtemp(prefix='mm-seeds.')
n = {}

# fuzz_open's header (see fuzz_open.c)
FMT = {'detect': 0, 'nanddump': 1, 'oob': 2, 'raw': 3, 'sector': 4}
PAGE = {0: 0, 256: 1, 512: 2, 1024: 3, 2048: 4, 4096: 5}
OOBSZ = {None: 0, 0: 1, 8: 2, 16: 3, 32: 4, 64: 5, 128: 6, 224: 7}
PPB = {0: 0, 2: 1, 4: 2, 8: 3, 16: 4, 32: 5, 64: 6, 128: 7}
ECC = {None: 0, 'none': 1, 'auto': 2, 'hamming': 3, 'bch4': 4, 'bch8': 5,
       'bch16': 6}
PRESETS = ['amlogic', 'brcmnand', 'hisi-balong', 'imx-gpmi', 'mtk-nfi',
           'omap-bch16', 'omap-bch8', 'pmecc', 'qcom-nandc', 'sunxi']


def hdr(fmt='detect', page=0, oob=None, ppb=0, ecc=None, layout=None,
        parts=0, extra=0, name=0, xform=0, verify=False, oobl=0):
    lay = 0 if layout is None else 1 if layout == 'auto' else \
        2 + PRESETS.index(layout)
    return bytes([FMT[fmt], PAGE[page] | OOBSZ[oob] << 4,
                  PPB[ppb] | (0x80 if verify else 0),
                  ECC[ecc] | oobl << 4, lay,
                  parts | extra << 3 | name << 5, xform, 0])


def put(harness, data, tag):
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    n[harness] = n.get(harness, 0) + 1
    with open(os.path.join(d, '%s-%03d' % (tag, n[harness])), 'wb') as f:
        f.write(data)


def mmgen(*args):
    path = os.path.join(tmp, 'g.bin')
    subprocess.run([gen] + [str(a) for a in args] + ['-o', path], check=True)
    with open(path, 'rb') as f:
        return f.read()


def small(layout='oob', content='jffs2', ps=512, oob=16, ppb=8, blocks=4,
          extra=()):
    return mmgen('--page-size', ps, '--oob-size', oob, '--pages-per-block',
                 ppb, '--blocks', blocks, '--bad', 1, '--layout', layout,
                 '--content', content, *extra)


# --- fuzz_open: dumps ---
for layout in ('oob', 'raw', 'padbad', 'skipbad'):
    for content in ('jffs2', 'ubi', 'pattern'):
        put('open', hdr() + small(layout, content), 'gen')
put('open', hdr('oob', 512, 16, 8, ecc='hamming') + small(), 'gen')
put('open', hdr('oob', 2048, 64, 8) +
    small(content='ubi', ps=2048, oob=64, ppb=8, blocks=4), 'gen')
put('open', hdr(xform=2) + small(extra=('--swap16',)), 'gen')
put('open', hdr(extra=1) + small(content='ubi'), 'gen')
put('open', hdr(extra=2, ecc='hamming') + small(), 'gen')
put('open', hdr(parts=3, verify=True) + small(), 'gen')
put('open', hdr('sector', 2048, 64, 4) +
    small(ps=2048, oob=64, ppb=4, blocks=2), 'gen')
put('open', hdr() + mmgen('--page-size', 2048, '--oob-size', 64,
                          '--pages-per-block', 8, '--blocks', 8,
                          '--imx-bcb', '--bad', 5), 'gen')
for p in PRESETS:
    oob = 128 if p in ('omap-bch16', 'amlogic', 'sunxi') else 64
    try:
        d = mmgen('--page-size', 2048, '--oob-size', oob,
                  '--pages-per-block', 4, '--blocks', 2,
                  '--content', 'ubi', '--vendor-layout', p, '--flips', 2)
    except subprocess.CalledProcessError:
        continue
    put('open', hdr('oob', 2048, oob, 4, layout=p) + d, 'layout')
    if p in ('pmecc', 'sunxi'):	# auto tries every preset: slow
        put('open', hdr(layout='auto') + d, 'layout')

# containers around one small dump
base = small()
put('open', hdr(name=3) + gzip.compress(base, 9), 'cont')
put('open', hdr() + lzma.compress(base), 'cont')
put('open', hdr() + bz2.compress(base), 'cont')
b = io.BytesIO()
with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('dump.bin', base)
put('open', hdr() + b.getvalue(), 'cont')
b = io.BytesIO()
with tarfile.open(fileobj=b, mode='w') as t:
    ti = tarfile.TarInfo('dump.bin')
    ti.size = len(base)
    t.addfile(ti, io.BytesIO(base))
put('open', hdr(name=4) + b.getvalue(), 'cont')
plain = os.path.join(tmp, 'plain.bin')
with open(plain, 'wb') as f:
    f.write(base)
for tool, ext in ((['zstd', '-q', '-19', '-f'], '.zst'),
                  (['7z', 'a', '-bso0', '-bsp0'], '.7z')):
    if shutil.which(tool[0]):
        dst = plain + ext
        args = tool + ([dst, plain] if tool[0] == '7z' else
                       [plain, '-o', dst])
        if subprocess.run(args, capture_output=True).returncode == 0:
            with open(dst, 'rb') as f:
                put('open', hdr() + f.read(), 'cont')
if shutil.which('ewfacquirestream'):
    t = os.path.join(tmp, 'ev')
    with open(plain, 'rb') as f:
        r = subprocess.run(['ewfacquirestream', '-q', '-t', t, '-C', 'c',
                            '-D', 'd', '-E', 'e', '-e', 'x', '-N', 'n'],
                           stdin=f, capture_output=True)
    if r.returncode == 0 and os.path.exists(t + '.E01'):
        with open(t + '.E01', 'rb') as f:
            put('open', hdr(name=2, verify=True) + f.read(), 'cont')

# cuts of the kernel-made fixtures: 2048+64 pages, 64 a block
fix = os.path.join(top, 'tests/fixtures/nandsim')
REC = 2112


def cut(name, pages):
    with lzma.open(os.path.join(fix, name)) as f:
        data = f.read()
    return b''.join(data[p * REC:(p + 1) * REC] for p in pages)


# the U-Boot environment (mtdparts=) at 0xE0000: page 448
put('open', hdr('oob', 2048, 64, 8, parts=1) +
    cut('jffs2-hamming.oob.bin.xz', range(448, 456)), 'fix')
# JFFS2 rootfs from block 8, clean-markers in the OOB
put('open', hdr('oob', 2048, 64, 16, ecc='hamming') +
    cut('jffs2-hamming.oob.bin.xz', range(512, 528)), 'fix')
put('open', hdr() + cut('jffs2-bch8.oob.bin.xz', range(512, 520)), 'fix')
# UBI: the first pages of PEBs 8 and 9
put('open', hdr('oob', 2048, 64, 4, ecc='bch4') +
    cut('ubi-bch4.oob.bin.xz', list(range(512, 516)) +
        list(range(576, 580))), 'fix')
put('open', hdr(ecc='auto') + cut('ubi-hamming.oob.bin.xz',
                                  list(range(512, 516)) +
                                  list(range(576, 580))), 'fix')

# --- fuzz_spec: strings from the docs and the unit tests ---
SPECS = {
    0: ['1M(boot),-(rootfs)', '16k(x)ro,32k@64k(y),-(z)', '-(all)',
        '0x4000(a)lk,2k(b)', '1M@1M(r)'],
    1: ['3,20,0x14,30-33', '0', '1-2,5'],
    2: ['128KiB', '0x1000', '4MiB', '1GiB', '17'],
    3: ['lp-hamming', 'lp', 'sp', 'omap-bch8'],
    4: ['data=512;oob=16;bch=13/4;fields=D512,O9,E7'],
    5: ['hamming', 'bch8', 'bch8/1024@0x4443', 'hamming512-sm', 'bch'],
    6: [p for p in PRESETS] + ['pmecc:t=4,step=512', 'sunxi:t=16,scramble',
                               'mtk-nfi:soc=mt7622,t=4'],
    7: ['flips:rate=1e-7', 'flips:count=9,step,page=4096',
        'disturb:rate=1e-10', 'erase-fail:block=4', 'wear:rate=1e-9',
        'grow-bad:block=3,erases=5', 'program-fail:p=0.01',
        'latency:erase=3000'],
    8: ['dist3', 'offset:4'],
}
for which, lst in SPECS.items():
    for i, s in enumerate(lst):
        put('spec', bytes([which, i]) + s.encode() + b'\0', 'spec')
# the layout specs the presets print (mm-gen --print-layout)
for p in ('pmecc', 'sunxi', 'imx-gpmi', 'omap-bch8'):
    r = subprocess.run([gen, '--page-size', '2048', '--oob-size', '128',
                        '--pages-per-block', '64', '--vendor-layout', p,
                        '--print-layout'], capture_output=True, text=True)
    if r.returncode == 0 and r.stdout.strip():
        put('spec', bytes([4, 1]) + r.stdout.strip().encode() + b'\0',
            'spec')
        put('spec', bytes([6, 3]) + r.stdout.strip().encode() + b'\0',
            'spec')


# --- fuzz_srv: request streams (see fuzz_srv.c) ---
def req(kind, addr16=0, ln=0, flags=0, data=None):
    b = bytes([kind]) + struct.pack('<HHB', addr16, ln, flags)
    if data is not None:
        b += struct.pack('<H', len(data)) + data
    return b


INIT, ERASE, READ, WRITE, MARKBAD, ISBAD, SYNC, INTR = range(8)
streams = [
    (0x10, 0, [req(READ, 0, 512, 1), req(READ, 32, 528, 3),
               req(ISBAD, 128), req(READ, 0, 16, 2)]),
    (0x13, 1, [req(WRITE, 0, 512, 1, b'\0' * 512), req(READ, 0, 512, 1),
               req(ERASE, 0, 2048), req(MARKBAD, 256), req(SYNC),
               req(ISBAD, 256)]),
    (0x1f, 2, [req(WRITE, 128, 512, 1, b'\x55' * 512),
               req(WRITE, 160, 16, 4, b'\0' * 16), req(ERASE, 128, 2048),
               req(READ, 128, 2048, 9), req(SYNC), req(INTR, 3)]),
    (0x12, 0, [req(READ, 0, 4096, 1), req(READ, 0, 64, 8)]),
    (0x00, 3, [req(INIT), req(INIT, 0, 0, 0), req(READ, 0, 512, 1),
               bytes([0x80]) + struct.pack('<H', 20) + b'\x01' * 20]),
]
for flags, b1, msgs in streams:
    put('srv', bytes([flags, b1]) + b''.join(msgs), 'srv')

# --- fuzz_view: partitions and reads (see fuzz_view.c) ---
for flags, parts, reads in (
        (0, b'4k(boot)ro,-(rootfs)',
         [(1, 0, 4096), (4, 100, 1000), (5, 0, 50)]),
        (2, b'', [(0x01, 0, 1 << 16), (0x06, 0, 100)]),
        (1, b'2k(a),2k(a),-(..)', [(6, 10, 4000)]),
        (5, b'', [(0xff, 0, 10)])):
    b = bytes([flags]) + parts + b'\0'
    for ref, off, ln in reads:
        if ref == 0xff:
            b += b'/parts/../data\0'
        else:
            b += bytes([ref])
        b += struct.pack('<QI', off, ln)
    put('view', b, 'view')
for p in (b'/data', b'/badblocks', b'/oob', b'/raw', b'/ecc'):
    put('view', b'\x02\0' + p + b'\0' + struct.pack('<QI', 1, 700), 'view')

# --- fuzz_overlay: files the harnesses wrote themselves ---
env = dict(os.environ, MM_FUZZ_KEEP='1', TMPDIR=tmp)


def kept(binary, inp, name):
    r = subprocess.run([os.path.join(build, 'tests/fuzz', binary), inp],
                       env=env, capture_output=True, text=True)
    for line in r.stderr.splitlines():
        if line.startswith('fuzz: files in '):
            p = os.path.join(line[len('fuzz: files in '):], name)
            if os.path.exists(p):
                with open(p, 'rb') as f:
                    return f.read()
    return None


for h in (0, 2):
    inp = os.path.join(tmp, 'in')
    with open(inp, 'wb') as f:
        f.write(bytes([h]))
    ovl = kept('replay-overlay', inp, 'fuzz.ovl')
    if ovl:
        put('overlay', bytes([h]) + ovl, 'ovl')
        put('overlay', bytes([h | 4]) + ovl, 'ovl')	# CRCs fixed
inp = os.path.join(tmp, 'in')
with open(inp, 'wb') as f:
    f.write(bytes([0x19, 1]) + b''.join(streams[1][2]) +
            b''.join(streams[2][2]))
log = kept('replay-srv', inp, 'srv.log')
if log:
    put('overlay', b'\x01' + log, 'log')
    put('overlay', b'\x05' + log, 'log')

shutil.rmtree(tmp, ignore_errors=True)
for h, c in sorted(n.items()):
    print('%s: %d seeds' % (h, c))
