#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""extract-corrupt.py - a 16 MiB NAND dump (2048+64, 64 pages a block)
whose file systems were corrupted on purpose, for tests/cli/extract.sh:

  blocks  0-31   jffs2-hamming (nanddump --oob): its rootfs (blocks 8-31)
                 with garbage nodes: one node's header CRC broken, one data
                 node's payload changed (its data CRC fails), one node
                 overwritten by 256 random bytes (no magic any more)
  blocks 32-95   ubi-bch4 (nanddump --oob): the CRC of every UBIFS index
                 node of its volumes broken (the UBIFS index)
  blocks 96-127  erased

Served with the ECC off (the OOB's ECC bytes no longer match the changed
data; the kernel must meet the garbage itself, not an ECC error), and
--mtdparts=1M(boot),3M(jffs2),8M(ubi),-(spare).

usage: extract-corrupt.py JFFS2-OOB-DUMP UBI-OOB-DUMP OUT
Prints what it changed, one line each.
"""
import random
import struct
import sys

P, O = 2048, 64
R = P + O
PPB = 64


def data_off(pg_base, off):
    """File offset of byte OFF of the MTD's data, the dump starting at page
    PG_BASE."""
    pg, col = divmod(off, P)
    return (pg_base + pg) * R + col


def main():
    jffs2 = bytearray(open(sys.argv[1], "rb").read())
    ubi = bytearray(open(sys.argv[2], "rb").read())
    assert len(jffs2) == 32 * PPB * R and len(ubi) == 64 * PPB * R
    out = jffs2 + ubi + b"\xff" * (32 * PPB * R)
    rnd = random.Random(20261207)

    # JFFS2 inode nodes in the rootfs partition (from 1 MiB): magic 0x1985,
    # node type 0xe002, 4-byte aligned, little endian
    data = bytearray()
    for pg in range(8 * PPB, 32 * PPB):
        data += jffs2[pg * R:pg * R + P]
    base = 8 * PPB * P
    nodes = []
    for o in range(0, len(data) - 68, 4):
        if data[o:o + 4] == b"\x85\x19\x02\xe0":
            totlen = struct.unpack_from("<I", data, o + 4)[0]
            ino = struct.unpack_from("<I", data, o + 12)[0]
            dsize = struct.unpack_from("<I", data, o + 60)[0]
            if totlen > 68 + 64 and dsize and o + totlen <= len(data):
                nodes.append((o, totlen, ino))
    inos = sorted({n[2] for n in nodes})
    assert len(inos) >= 3, "too few JFFS2 files with data"
    pick = []
    for ino in inos[len(inos) // 4:]:
        n = [x for x in nodes if x[2] == ino]
        pick.append(n[len(n) // 2])
        if len(pick) == 3:
            break
    o, _, ino = pick[0]
    out[data_off(0, base + o + 8)] ^= 0xff        # hdr_crc
    print("jffs2: header CRC of the node at 0x%x (inode %d)" % (base + o, ino))
    o, _, ino = pick[1]
    out[data_off(0, base + o + 68 + 16)] ^= 0x5a   # compressed data
    print("jffs2: data of the node at 0x%x (inode %d)" % (base + o, ino))
    o, _, ino = pick[2]
    for i in range(256):
        out[data_off(0, base + o + i)] = rnd.randrange(256)
    print("jffs2: 256 random bytes over the node at 0x%x (inode %d)" % (base + o, ino))

    # UBIFS index nodes (magic 0x06101831, type 9) in the UBI part: break
    # the header CRC of each (the header is inside one page: 8-aligned)
    n = 0
    for pg in range(32 * PPB, 96 * PPB):
        b = pg * R
        for col in range(0, P - 24, 8):
            o = b + col
            if out[o:o + 4] == b"\x31\x18\x10\x06" and out[o + 20] == 9:
                out[o + 4] ^= 0xff
                n += 1
    assert n, "no UBIFS index node found"
    print("ubifs: the CRC of %d index nodes" % n)
    open(sys.argv[3], "wb").write(out)


if __name__ == "__main__":
    main()
