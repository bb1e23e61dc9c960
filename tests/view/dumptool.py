#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""dumptool.py - make test dumps and the files the FUSE view must show.

  dumptool.py gen --page-size N --oob-size N --ppb N --blocks N
	[--bad 3,7] [--seed N] [--data-only] OUT
      A deterministic NAND dump: pseudo-random pages (some erased), page +
      OOB records (or data only). Bad blocks carry the factory marker (00 at
      OOB byte 0, or byte 5 for 512-byte pages) in their first two pages;
      good blocks have FF there.

  dumptool.py expect --page-size N --oob-size N DUMP OUTDIR
      From a page + OOB (or data-only with --oob-size 0) dump in physical
      order, write OUTDIR/data (page data only) and OUTDIR/oob (OOB only).

Both stream the dump; nothing is held whole in memory.
"""
import argparse
import os
import random
import sys


def parse_list(s):
    out = set()
    for part in filter(None, s.split(',')):
        if '-' in part:
            a, b = part.split('-')
            out.update(range(int(a, 0), int(b, 0) + 1))
        else:
            out.add(int(part, 0))
    return out


def gen(a):
    rnd = random.Random(a.seed)
    bad = parse_list(a.bad)
    marker = 5 if a.page_size == 512 else 0
    with open(a.out, 'wb') as f:
        for blk in range(a.blocks):
            for pg in range(a.ppb):
                if rnd.random() < 0.1:
                    data = b'\xff' * a.page_size
                    oob = bytearray(b'\xff' * a.oob_size)
                else:
                    data = rnd.randbytes(a.page_size)
                    oob = bytearray(rnd.randbytes(a.oob_size))
                if a.oob_size and pg < 2:
                    oob[marker] = 0 if blk in bad else 0xff
                f.write(data)
                if not a.data_only:
                    f.write(oob)


def expect(a):
    rec = a.page_size + a.oob_size
    os.makedirs(a.outdir, exist_ok=True)
    with open(a.dump, 'rb') as f, \
            open(os.path.join(a.outdir, 'data'), 'wb') as d, \
            open(os.path.join(a.outdir, 'oob'), 'wb') as o:
        while True:
            r = f.read(rec * 256)
            if not r:
                break
            if len(r) % rec:
                sys.exit('dumptool: dump is not a multiple of the record size')
            for i in range(0, len(r), rec):
                d.write(r[i:i + a.page_size])
                o.write(r[i + a.page_size:i + rec])


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest='cmd', required=True)
    g = sub.add_parser('gen')
    e = sub.add_parser('expect')
    for q in (g, e):
        q.add_argument('--page-size', type=int, required=True)
        q.add_argument('--oob-size', type=int, required=True)
    g.add_argument('--ppb', type=int, required=True)
    g.add_argument('--blocks', type=int, required=True)
    g.add_argument('--bad', default='')
    g.add_argument('--seed', type=int, default=1)
    g.add_argument('--data-only', action='store_true')
    g.add_argument('out')
    e.add_argument('dump')
    e.add_argument('outdir')
    a = p.parse_args()
    gen(a) if a.cmd == 'gen' else expect(a)


if __name__ == '__main__':
    main()
