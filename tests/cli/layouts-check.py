# SPDX-License-Identifier: GPL-2.0-or-later
#
# layouts-check.py - the checks of layouts-common.sh for one fixture in one
# preset, in one python run (the commands ran in the shell and left their
# output files and exit statuses):
#
#   python3 layouts-check.py FIXTURE PRESET PAGES RCFILE [FILE]
#
# (FILE, default FIXTURE.PRESET.bin: a preset's other code is
# FIXTURE.PRESET-CODE.bin, e.g. ubi-bch4.qcom-nandc-rs.bin)
#
# FIXTURE.PRESET.bin{.json,.raw,.oob,.auto.json,.auto.raw,.bare.json} and
# FIXTURE.PRESET.beyond.bin{.json,.bare.json,.raw,.err} in the current
# directory; RCFILE has one "NAME STATUS" line per command, and "t T" (the
# layout's strength; 0: no ECC, so only the read-through checks), "bad B"
# (the fixture's bad block) and "page", "spare", "ppb" (the file's physical
# geometry, which info must find with no option). Prints ok: / FAIL: per
# check; exit status 1 when one failed.
import json
import sys

fx, p, pages_arg, rcfile = sys.argv[1:5]
pages = [int(x) for x in pages_arg.split(',') if x != '-']
# the file (a preset's other code has a name of its own: FIXTURE.PRESET-CODE)
f = sys.argv[5] if len(sys.argv) > 5 else '%s.%s.bin' % (fx, p)
b = f[:-len('.bin')] + '.beyond.bin'
rc = dict(line.split() for line in open(rcfile))
t = int(rc['t'])
bad_blk = int(rc['bad'])
geom = (int(rc['page']), int(rc['spare']), int(rc['ppb']))
# the sources are 2048+64 (nandsim); the logical page is 2048 bytes and the
# logical OOB the chip's spare (every preset's, mm_pl_init(.., oob_size))
P, R_SRC = 2048, 2112
R = P + geom[1]
failed = False


def report(ok, what, why=None):
    global failed
    print(('ok: ' if ok else 'FAIL: ') + '%s/%s: %s' % (fx, p, what))
    if not ok:
        failed = True
        if why:
            print('  ' + why)


def load_json(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError) as e:
        return {'error': str(e)}


def ecc(j, key):
    return j.get('ecc', {}).get(key)


def read(path):
    try:
        return open(path, 'rb').read()
    except OSError:
        return b''


orig = read(fx + '.data-dumpbad.bin')
src = read(fx + '.oob.bin')
n = len(orig) // P

j = load_json(f + '.json')
report(rc['info'] == '0', 'info --layout exits 0 with t (%d) flips per step' % t,
       'status ' + rc['info'])
report(ecc(j, 'layout') == p, 'info --json names the layout in ecc.layout',
       'ecc.layout %r' % ecc(j, 'layout'))
if t:
    report((ecc(j, 'corrected_bits') or 0) > 0 and ecc(j, 'uncorrectable_steps') == 0,
           'corrected bits counted, no step uncorrectable',
           'corrected_bits %r uncorrectable_steps %r' %
           (ecc(j, 'corrected_bits'), ecc(j, 'uncorrectable_steps')))
report(j.get('bad_blocks') == [bad_blk], 'bad block %d, and only it' % bad_blk,
       'bad_blocks %r' % j.get('bad_blocks'))
report(rc['raw'] == '0', 'convert --to=raw exits 0', 'status ' + rc['raw'])
report(read(f + '.raw') == orig,
       "--to=raw equals the kernel's nanddump --bb=dumpbad")
report(rc['oob'] == '0', 'convert --to=oob exits 0', 'status ' + rc['oob'])

# --to=oob: 2048 + the spare a page, the kernel's data, and page 0 of every
# block with a clean-marker in the source has the marker's first two bytes
# (85 19) in its logical OOB, wherever the layout's free bytes are
o = read(f + '.oob')
bad = lost = []
if len(o) == n * R:
    bad = [q for q in range(n) if o[q * R:q * R + P] != orig[q * P:(q + 1) * P]]
    cm = [q for q in range(0, n, 64)
          if src[q * R_SRC + P + 2:q * R_SRC + P + 4] == b'\x85\x19']
    lost = [q for q in cm if b'\x85\x19' not in o[q * R + P:(q + 1) * R]]
report(len(o) == n * R and not bad and not lost,
       "--to=oob: the kernel's data, clean-markers in the logical OOB",
       '%d bytes; data differs in pages %s; clean-marker lost in pages %s' %
       (len(o), bad[:8], lost[:8]))

if not t:	# no ECC: nothing to detect by, nothing beyond it
    sys.exit(1 if failed else 0)

j = load_json(f + '.auto.json')
report(rc['auto'] == '0', 'info without a layout option exits 0',
       'status ' + rc['auto'])
report(ecc(j, 'layout') == p, 'info without a layout option detects ' + p,
       'ecc.layout %r' % ecc(j, 'layout'))
report(rc['auto_raw'] == '0', 'convert --layout=auto exits 0',
       'status ' + rc['auto_raw'])
report(read(f + '.auto.raw') == orig,
       "convert --layout=auto equals the kernel's nanddump --bb=dumpbad")

j = load_json(f + '.bare.json')
report(rc['bare'] == '0', 'info with no option exits 0', 'status ' + rc['bare'])
got = (j.get('page_size'), j.get('oob_size'), j.get('pages_per_block'))
report(got == geom, 'info with no option finds %d+%d, %d pages per block' % geom,
       'found %r: %s' % (got, j.get('geometry_source')))
report(ecc(j, 'layout') == p, 'info with no option detects ' + p,
       'ecc.layout %r: %s' % (ecc(j, 'layout'), ecc(j, 'decided_by')))
report(j.get('bad_blocks') == [bad_blk] and ecc(j, 'uncorrectable_steps') == 0,
       'info with no option: bad block %d, and only it; no step uncorrectable' % bad_blk,
       'bad_blocks %r uncorrectable_steps %r' %
       (j.get('bad_blocks'), ecc(j, 'uncorrectable_steps')))

j = load_json(b + '.json')
report(rc['b_info'] == '4', 't + 1 flips in pages %s: info exits 4' % pages_arg,
       'status ' + rc['b_info'])
report((ecc(j, 'uncorrectable_steps') or 0) >= 1,
       't + 1 flips: uncorrectable steps counted')
j = load_json(b + '.bare.json')
report(rc['b_bare'] == '4', 't + 1 flips, no option: info exits 4',
       'status ' + rc['b_bare'])
got = (j.get('page_size'), j.get('oob_size'), j.get('pages_per_block'))
report(got == geom and ecc(j, 'layout') == p and
       (ecc(j, 'uncorrectable_steps') or 0) >= 1,
       't + 1 flips, no option: still %d+%d, %d pages per block, ' % geom + p +
       ', steps uncorrectable',
       'found %r, ecc.layout %r, uncorrectable_steps %r' %
       (got, ecc(j, 'layout'), ecc(j, 'uncorrectable_steps')))

# never the original bytes of those pages without failing: convert fails
# (status 4: uncorrectable, written as read) or not, but whatever it wrote
# has those pages changed and every other page as it was
a = read(b + '.raw')
if rc['b_raw'] != '0':
    err = read(b + '.err').decode(errors='replace').split('\n')[0]
    report(True, 't + 1 flips: convert fails (status %s: %s)' % (rc['b_raw'], err))
if a or rc['b_raw'] == '0':
    wrong = [q for q in range(n)
             if (a[q * P:(q + 1) * P] == orig[q * P:(q + 1) * P]) == (q in pages)]
    report(len(a) == len(orig) and not wrong,
           't + 1 flips: convert returns pages %s not as the original, the others as it'
           % pages_arg, '%d bytes; wrong pages %s' % (len(a), wrong[:8]))
sys.exit(1 if failed else 0)
