#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# pypeer.py - an independent kernel-side MUSE peer, written only from
# docs/muse-protocol.md (v3), standard library only.  It plays /dev/muse over
# a SOCK_SEQPACKET socket pair (one message per send/recv), starts
# `$MM_BIN --muse-fd N ... DUMP`, sends MUSE_INIT, checks the reply byte by
# byte and then drives requests, checking every reply against the protocol
# rules and every data byte against the dump file itself (a nanddump --oob
# image: records of WRITESIZE data + OOBSIZE spare bytes).
#
# Prints "ok: ..." / "not ok: ..." per check; exit 0 only when all pass.

import argparse
import hashlib
import mmap
import os
import random
import socket
import struct
import subprocess
import sys
import time
import traceback

MUSE_INIT, MUSE_ERASE, MUSE_READ, MUSE_WRITE = 8192, 8193, 8194, 8195
MUSE_MARKBAD, MUSE_ISBAD, MUSE_SYNC = 8196, 8197, 8198
FUSE_INTERRUPT = 36
IO_INBAND, IO_OOB_AUTO, IO_OOB_PLACE, IO_RAW = 1, 2, 4, 8
EUCLEAN, EBADMSG, ENOSYS, EAGAIN = 117, 74, 38, 11
IN_HDR = struct.Struct('=IIQQIIII')     # fuse_in_header, 40 bytes
OUT_HDR = struct.Struct('=IiQ')         # fuse_out_header, 16 bytes
RECV_MAX = 4 << 20

npass = 0
nfail = 0
last_soft = None


def ok(msg):
    global npass
    npass += 1
    print('ok: ' + msg, flush=True)


def notok(msg):
    global nfail
    nfail += 1
    print('not ok: ' + msg, flush=True)


def check(cond, msg, detail=''):
    if cond:
        ok(msg)
    else:
        notok(msg + (' -- ' + detail if detail else ''))
    return cond


def hx(b, n=64):
    s = b[:n].hex(' ')
    return s + (' ...' if len(b) > n else '')


class Dump:
    """The input file: page records of ws data bytes + oobsize OOB bytes."""

    def __init__(self, path, ws, oobsize, ppb, oobfree):
        self.f = open(path, 'rb')
        self.m = mmap.mmap(self.f.fileno(), 0, access=mmap.ACCESS_READ)
        self.ws, self.oob, self.ppb = ws, oobsize, ppb
        self.rec = ws + oobsize
        if len(self.m) % self.rec:
            raise SystemExit('dump size is not a multiple of %d' % self.rec)
        self.pages = len(self.m) // self.rec
        self.size = self.pages * ws
        self.bs = ws * ppb
        self.blocks = self.size // self.bs
        self.free = oobfree     # list of OOB byte indexes, in AUTO order

    def inband(self, addr, n):
        out = bytearray()
        while n:
            pg, col = divmod(addr, self.ws)
            k = min(n, self.ws - col)
            o = pg * self.rec + col
            out += self.m[o:o + k]
            addr += k
            n -= k
        return bytes(out)

    def oob_area(self, pg):
        o = pg * self.rec + self.ws
        return self.m[o:o + self.oob]

    def oob_place(self, addr, n):
        pg, col = divmod(addr, self.ws)
        out = bytearray()
        while len(out) < n:
            out += self.oob_area(pg)[col:]
            pg += 1
            col = 0
        return bytes(out[:n])

    def oob_auto(self, addr, n):
        pg, col = divmod(addr, self.ws)
        out = bytearray()
        while len(out) < n:
            a = self.oob_area(pg)
            out += bytes(a[i] for i in self.free[col:])
            pg += 1
            col = 0
        return bytes(out[:n])

    def bad_by_marker(self):
        bad = []
        for b in range(self.blocks):
            p = b * self.ppb
            if self.oob_area(p)[0] != 0xff or self.oob_area(p + 1)[0] != 0xff:
                bad.append(b)
        return bad


class Peer:
    def __init__(self, sock):
        self.s = sock
        self.unique = random.randrange(2, 1 << 40) & ~1
        self.outstanding = {}   # unique -> description
        self.optional = {}      # interrupt uniques that may get a reply
        self.early = {}         # replies received while waiting for another

    def next_unique(self):
        self.unique += 2
        return self.unique

    def send_raw(self, buf):
        self.s.send(buf)

    def send(self, opcode, args=b'', nodeid=1, unique=None, desc=''):
        if unique is None:
            unique = self.next_unique()
        hdr = IN_HDR.pack(IN_HDR.size + len(args), opcode, unique, nodeid,
                          0, 0, os.getpid(), garbage())
        self.s.send(hdr + args)
        self.outstanding[unique] = desc or str(opcode)
        return unique

    def recv_one(self, timeout=10.0):
        self.s.settimeout(timeout)
        data, _anc, flags, _addr = self.s.recvmsg(RECV_MAX)
        if flags & socket.MSG_TRUNC:
            notok('reply larger than %d bytes (truncated)' % RECV_MAX)
        return data

    def wait(self, unique, timeout=10.0):
        """Receive until the reply for unique arrives; returns its bytes
        (None on timeout / EOF).  Every reply seen is checked for a known
        unique and a consistent header."""
        if unique in self.early:
            return self.early.pop(unique)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                notok('no reply to unique %d (%s) within %.0f s' %
                      (unique, self.outstanding.get(unique), timeout))
                return None
            try:
                data = self.recv_one(left)
            except socket.timeout:
                continue
            if not data:
                notok('server closed the connection while unique %d (%s) '
                      'was outstanding' % (unique,
                                            self.outstanding.get(unique)))
                return None
            if len(data) < 16:
                notok('reply of %d bytes, shorter than fuse_out_header: %s'
                      % (len(data), hx(data)))
                continue
            u = struct.unpack_from('=Q', data, 8)[0]
            if u in self.optional:
                self.check_interrupt_reply(data)
                continue
            if u not in self.outstanding:
                notok('reply with unknown or already answered unique %d: %s'
                      % (u, hx(data)))
                continue
            if u == unique:
                del self.outstanding[u]
                return data
            del self.outstanding[u]
            self.early[u] = data

    def check_interrupt_reply(self, data):
        ln, err, u = OUT_HDR.unpack_from(data)
        del self.optional[u]
        check(len(data) == 16 and ln == 16 and err in (-ENOSYS, -EAGAIN),
              'FUSE_INTERRUPT reply (unique %d) is a header-only -ENOSYS '
              'or -EAGAIN' % u, hx(data))

    def call(self, opcode, args=b'', desc=''):
        u = self.send(opcode, args, desc=desc)
        return u, self.wait(u)


def hdr_ok(data, unique, what):
    """Common FUSE core rules; returns (len, error) or None."""
    if data is None:
        return None
    if len(data) < 16:
        notok('%s: reply %d bytes < 16' % (what, len(data)))
        return None
    ln, err, u = OUT_HDR.unpack_from(data)
    bad = []
    if ln != len(data):
        bad.append('out.len %d != %d bytes written' % (ln, len(data)))
    if u != unique:
        bad.append('unique %d != %d' % (u, unique))
    if not (err == 0 or -511 <= err <= -1):
        bad.append('error %d outside 0 / -1..-511' % err)
    if err != 0 and len(data) != 16:
        bad.append('error reply with payload (%d bytes)' % len(data))
    if bad:
        notok('%s: %s; reply %s' % (what, '; '.join(bad), hx(data)))
        return None
    return ln, err


def expect_error(data, unique, what, errnos=None):
    h = hdr_ok(data, unique, what)
    if h is None:
        return None
    if h[1] == 0:
        notok('%s: expected a header-only error reply, got success (%d '
              'bytes: %s)' % (what, len(data), hx(data)))
        return None
    if errnos is not None and -h[1] not in errnos:
        notok('%s: error %d, expected one of %s' %
              (what, h[1], ', '.join('-%d' % e for e in errnos)))
        return h[1]
    ok('%s: header-only error %d' % (what, h[1]))
    return h[1]


def expect_empty_ok(data, unique, what):
    h = hdr_ok(data, unique, what)
    if h is None:
        return False
    return check(h[1] == 0 and len(data) == 16,
                 '%s: header-only reply, error 0' % what, hx(data))


def garbage():
    """Request padding is uninitialised kernel stack (doc section 3): the
    server must ignore it, so every request carries random padding."""
    return random.getrandbits(32)


def read_req(addr, n, flags):
    return struct.pack('=QQII', addr, n, flags, garbage())


def read_check(peer, addr, n, flags, expect, what, quiet=False):
    u, data = peer.call(MUSE_READ, read_req(addr, n, flags), what)
    return read_reply_check(data, u, n, expect, what, quiet)


def read_reply_check(data, u, n, expect, what, quiet=False):
    h = hdr_ok(data, u, what)
    if h is None:
        return None
    if h[1] != 0:
        notok('%s: error reply %d' % (what, h[1]))
        return None
    bad = []
    if len(data) != 32 + n:
        bad.append('reply %d bytes, expected 32+%d' % (len(data), n))
    if len(data) >= 32:
        rlen, soft, pad = struct.unpack_from('=QiI', data, 16)
        if rlen != n:
            bad.append('muse_read_out.len %d != %d' % (rlen, n))
        if soft not in (0, -EUCLEAN, -EBADMSG):
            bad.append('soft_error %d not 0/-117/-74' % soft)
        if pad:
            bad.append('muse_read_out.padding %#x (should be 0)' % pad)
    global last_soft
    last_soft = struct.unpack_from('=i', data, 24)[0] if len(data) >= 32 \
        else None
    payload = data[32:]
    if not bad and expect is not None and payload != expect:
        i = next(i for i in range(min(len(payload), len(expect)))
                 if payload[i] != expect[i])
        bad.append('data differs from the dump at byte %d: got %s, '
                   'expected %s' % (i, hx(payload[i:i + 16]),
                                    hx(expect[i:i + 16])))
    if bad:
        notok('%s: %s' % (what, '; '.join(bad)))
        return None
    if not quiet:
        ok(what)
    return payload


def write_check(peer, addr, buf, flags, what):
    args = struct.pack('=QQII', addr, len(buf), flags, garbage()) + buf
    u, data = peer.call(MUSE_WRITE, args, what)
    h = hdr_ok(data, u, what)
    if h is None:
        return False
    if h[1] != 0:
        notok('%s: error reply %d' % (what, h[1]))
        return False
    bad = []
    if len(data) != 32:
        bad.append('reply %d bytes, expected 32' % len(data))
    else:
        wlen, soft, pad = struct.unpack_from('=QiI', data, 16)
        if wlen != len(buf):
            bad.append('muse_write_out.len %d != %d' % (wlen, len(buf)))
        if soft != 0:
            bad.append('soft_error %d' % soft)
        if pad:
            bad.append('padding %#x' % pad)
    if bad:
        notok('%s: %s; reply %s' % (what, '; '.join(bad), hx(data)))
        return False
    ok(what)
    return True


def isbad_check(peer, addr, want, what):
    u, data = peer.call(MUSE_ISBAD, struct.pack('=Q', addr), what)
    h = hdr_ok(data, u, what)
    if h is None:
        return
    if h[1] != 0:
        notok('%s: error reply %d' % (what, h[1]))
        return
    if len(data) != 24:
        notok('%s: ISBAD reply %d bytes, expected 24: %s' %
              (what, len(data), hx(data)))
        return
    res, pad = struct.unpack_from('=II', data, 16)
    check(res == want and pad == 0, what,
          'result %d padding %d, expected result %d' % (res, pad, want))


# ---------------------------------------------------------------- INIT


def kv_parse(blob):
    """fuse_kv_parse_one semantics (doc 5.3): returns (list of pairs,
    error or None)."""
    pairs = []
    if blob.strip(b'\0') and blob[-1:] != b'\0':
        return pairs, 'info not properly terminated (last byte %#x)' % blob[-1]
    for ent in blob.split(b'\0'):
        if not ent:
            continue
        k, _sep, v = ent.partition(b'=')
        k, v = k.strip(), v.strip()
        if not k:
            return pairs, 'zero length info key in %r' % ent
        pairs.append((k.decode('latin-1'), v.decode('latin-1')))
    return pairs, None


def decimal(v):
    """kstrto* base 10 as the kernel parses; None if rejected.  Also says
    whether the value is in canonical form (plain digits)."""
    s = v[:-1] if v.endswith('\n') else v
    if s.startswith('+'):
        s = s[1:]
    if not s or not s.isdigit() or not s.isascii():
        return None
    return int(s)


def do_init(peer, a, dump):
    u = peer.next_unique()
    req = IN_HDR.pack(48, MUSE_INIT, u, 0, 0, 0, os.getpid(), 0) + \
        struct.pack('=II', 7, a.init_minor)
    peer.s.send(req)
    peer.outstanding[u] = 'MUSE_INIT'
    data = peer.wait(u, timeout=30.0)
    if data is None:
        return None
    what = 'INIT reply'
    h = hdr_ok(data, u, what)
    if h is None:
        return None
    if not check(h[1] == 0, 'INIT reply error 0', 'error %d' % h[1]):
        return None
    if not check(len(data) >= 32, 'INIT reply holds muse_init_out',
                 '%d bytes' % len(data)):
        return None
    L = len(data) - 32
    check(L <= 4096, 'INIT blob %d bytes <= 4096' % L)
    maj, mnr, mr, mw = struct.unpack_from('=IIII', data, 16)
    check(maj == 7, 'INIT fuse_major 7', 'got %d' % maj)
    check(mnr >= 34, 'INIT fuse_minor %d >= 34' % mnr)
    emr, emw = max(mr, 4096), max(mw, 4096)
    blob = data[32:]
    pairs, err = kv_parse(blob)
    check(err is None, 'INIT blob parses (NUL-separated, last byte NUL)',
          '%s; blob %r' % (err, blob))
    check(blob[-1:] == b'\0', 'INIT blob ends with NUL', repr(blob[-8:]))
    check(b'\t' not in blob and b'\n' not in blob,
          'INIT blob has no tabs/newlines', repr(blob))
    kv = {}
    for k, v in pairs:
        if k in kv:
            notok('INIT key %s given twice (last wins in the kernel)' % k)
        kv[k] = v
    known = ('NAME', 'TYPE', 'FLAGS', 'SIZE', 'WRITESIZE', 'WRITEBUFSIZE',
             'ERASESIZE', 'OOBSIZE', 'OOBAVAIL', 'SUBPAGESHIFT',
             'PARTSCMDLINE')
    unknown = [k for k in kv if k not in known]
    check(not unknown, 'INIT blob has only known keys', 'unknown: %s' %
          ', '.join(unknown))
    print('# INIT: {%d, %d, max_read %d, max_write %d} blob %r' %
          (maj, mnr, mr, mw, blob), flush=True)
    num = {}
    for k in known:
        if k in ('NAME', 'PARTSCMDLINE') or k not in kv:
            continue
        n = decimal(kv[k])
        if check(n is not None, 'INIT %s=%r is decimal' % (k, kv[k])):
            num[k] = n
            if kv[k] != str(n):
                notok('INIT %s=%r is accepted by the kernel but not in '
                      'canonical decimal form' % (k, kv[k]))
    check('NAME' in kv and kv['NAME'] != '', 'INIT NAME present (%r)' %
          kv.get('NAME'))
    want = {
        'TYPE': 4,
        'FLAGS': 1024 if a.writable else 0,
        'SIZE': dump.size,
        'WRITESIZE': dump.ws,
        'ERASESIZE': dump.bs,
        'OOBSIZE': dump.oob,
        'OOBAVAIL': a.oobavail,
    }
    for k, v in want.items():
        check(num.get(k) == v, 'INIT %s %d' % (k, v), 'got %r' % kv.get(k))
    if a.mtdparts is not None:
        check(kv.get('PARTSCMDLINE') == a.mtdparts, 'INIT PARTSCMDLINE %r'
              % a.mtdparts, 'got %r' % kv.get('PARTSCMDLINE'))
    else:
        check(kv.get('PARTSCMDLINE', '') == '',
              'INIT no PARTSCMDLINE without --mtdparts',
              'got %r' % kv.get('PARTSCMDLINE'))
    # What the kernel itself validates (doc 5.4).
    ws, es, sz = num.get('WRITESIZE', 0), num.get('ERASESIZE', 0), \
        num.get('SIZE', 0)
    wbs = num.get('WRITEBUFSIZE') or ws
    check(ws and es and sz and sz % ws == 0 and sz % es == 0,
          'INIT SIZE is a non-zero multiple of WRITESIZE and ERASESIZE')
    check(num.get('OOBAVAIL', 0) <= num.get('OOBSIZE', 0) < max(ws, 1),
          'INIT OOBAVAIL <= OOBSIZE < WRITESIZE')
    check(num.get('FLAGS', 0) & ~0x1c00 == 0, 'INIT FLAGS within 0x1C00')
    check(num.get('SUBPAGESHIFT', 0) <= 2, 'INIT SUBPAGESHIFT <= 2')
    check(num.get('TYPE') in (1, 2, 3, 4, 6, 8), 'INIT TYPE valid')
    check(emr >= wbs and emw >= wbs,
          'INIT max_read/max_write (%d/%d) >= writebufsize %d' %
          (mr, mw, wbs))
    check(mr <= 64 << 20 and mw <= 64 << 20,
          'INIT max_read/max_write sane (<= 64 MiB)')
    return emr, emw


# ---------------------------------------------------------------- tests


def dump_read(peer, addr, n, flags, expect, what, soft_bad):
    """A read of untouched dump data: byte-exact, and soft_error 0 (the
    nandsim dumps hold no bit-flips)."""
    got = read_check(peer, addr, n, flags, expect, what, quiet=True)
    if got is not None and last_soft != 0:
        soft_bad.append('%s: soft_error %d' % (what, last_soft))
    return got is not None


def test_reads(peer, a, dump, maxr, rnd):
    size, ws = dump.size, dump.ws
    soft_bad = []
    lim = min(65536, maxr)
    # In-band, ECC and raw, random offsets and lengths, plus edges.
    cases = [(0, ws), (size - ws, ws), (dump.bs - 100, 300),
             (a.bad * dump.bs, ws), (size - lim, lim)]
    for _ in range(24):
        addr = rnd.randrange(size)
        cases.append((addr, rnd.randint(1, min(lim, size - addr))))
    for flags, name in ((IO_INBAND, 'in-band'),
                        (IO_INBAND | IO_RAW, 'in-band raw')):
        good = 0
        for addr, n in cases:
            if dump_read(peer, addr, n, flags, dump.inband(addr, n),
                         '%s read %#x+%d' % (name, addr, n), soft_bad):
                good += 1
        check(good == len(cases), '%s reads (flags %d): %d/%d byte-exact '
              'at random offsets' % (name, flags, good, len(cases)))
    # OOB PLACE / RAW at random page + column, spanning pages.
    for flags, name in ((IO_OOB_PLACE, 'OOB place'),
                        (IO_OOB_PLACE | IO_RAW, 'OOB raw')):
        good = 0
        cases = [(0, 0, dump.oob), ((dump.pages - 1), 0, dump.oob),
                 (a.bad * dump.ppb, 0, 2 * dump.oob),
                 (0, 0, dump.ppb * dump.oob)]
        for _ in range(16):
            pg = rnd.randrange(dump.pages - 8)
            col = rnd.randrange(dump.oob)
            cases.append((pg, col, rnd.randint(1, 5 * dump.oob - col)))
        for pg, col, n in cases:
            addr = pg * ws + col
            if dump_read(peer, addr, n, flags, dump.oob_place(addr, n),
                         '%s read page %d col %d len %d' %
                         (name, pg, col, n), soft_bad):
                good += 1
        check(good == len(cases), '%s reads (flags %d): %d/%d byte-exact, '
              'several spanning pages' % (name, flags, good, len(cases)))
    # OOB AUTO: free bytes of consecutive pages, column = free-byte index.
    av = a.oobavail
    good = 0
    cases = [(0, 0, av), (0, 0, 4 * av), (8 * dump.ppb, 0, 8)]
    for _ in range(16):
        pg = rnd.randrange(dump.pages - 8)
        col = rnd.randrange(av)
        cases.append((pg, col, rnd.randint(1, 5 * av - col)))
    for pg, col, n in cases:
        addr = pg * ws + col
        if dump_read(peer, addr, n, IO_OOB_AUTO, dump.oob_auto(addr, n),
                     'OOB auto read page %d col %d len %d' % (pg, col, n),
                     soft_bad):
            good += 1
    check(good == len(cases), 'OOB auto reads (flags 2): %d/%d byte-exact '
          '(free bytes %d..%d, several spanning pages)' %
          (good, len(cases), dump.free[0], dump.free[-1]))
    check(not soft_bad, 'soft_error 0 on every read of the clean dump',
          '; '.join(soft_bad[:5]))


def test_isbad(peer, a, dump, rnd):
    marked = dump.bad_by_marker()
    check(marked == [a.bad], 'dump: bad-block markers only in block %d' %
          a.bad, 'marked: %s' % marked)
    bs = dump.bs
    isbad_check(peer, a.bad * bs, 1, 'ISBAD factory-bad block %d -> 1' %
                a.bad)
    off = rnd.randrange(1, bs)
    isbad_check(peer, a.bad * bs + off, 1, 'ISBAD unaligned %#x inside '
                'block %d -> 1' % (a.bad * bs + off, a.bad))
    good = (a.bad + 1) % dump.blocks
    isbad_check(peer, good * bs, 0, 'ISBAD good block %d -> 0' % good)
    wrong = []
    for b in range(dump.blocks):
        u, data = peer.call(MUSE_ISBAD, struct.pack('=Q', b * bs + 4096))
        h = hdr_ok(data, u, 'ISBAD block %d' % b)
        if h is None or h[1] != 0 or len(data) != 24:
            wrong.append(b)
            continue
        if struct.unpack_from('=I', data, 16)[0] != (1 if b == a.bad else 0):
            wrong.append(b)
    check(not wrong, 'ISBAD of all %d blocks matches the dump' %
          dump.blocks, 'wrong: %s' % wrong)


def test_errors(peer, a, dump):
    size, ws = dump.size, dump.ws
    u, d = peer.call(MUSE_READ, read_req(size, ws, IO_INBAND))
    expect_error(d, u, 'READ at SIZE (out of range)')
    u, d = peer.call(MUSE_READ, read_req(size - 1024, 2048, IO_INBAND))
    expect_error(d, u, 'READ crossing the end of the device')
    u, d = peer.call(MUSE_READ, read_req(1 << 62, 16, IO_INBAND))
    expect_error(d, u, 'READ at 2^62')
    u, d = peer.call(MUSE_READ, read_req((1 << 64) - 8, 16, IO_INBAND))
    expect_error(d, u, 'READ with addr+len wrapping 2^64')
    u, d = peer.call(MUSE_READ, read_req(size, 16, IO_OOB_PLACE))
    expect_error(d, u, 'OOB READ of the page after the last')
    u, d = peer.call(MUSE_READ, read_req(0, 0, IO_INBAND))
    expect_error(d, u, 'READ len 0')
    u, d = peer.call(MUSE_READ, read_req(0, 16, IO_INBAND | IO_OOB_PLACE))
    expect_error(d, u, 'READ with in-band and OOB flags together')
    u, d = peer.call(MUSE_ISBAD, struct.pack('=Q', size))
    expect_error(d, u, 'ISBAD at SIZE')
    u, d = peer.call(4242, b'\0' * 8)
    expect_error(d, u, 'unknown opcode 4242', (ENOSYS,))
    # Truncated: a READ whose header says 48 bytes (args cut to 8).
    u = peer.next_unique()
    peer.send_raw(IN_HDR.pack(48, MUSE_READ, u, 1, 0, 0, 0, 0) +
                  struct.pack('=Q', 0))
    peer.outstanding[u] = 'truncated READ'
    expect_error(peer.wait(u), u, 'truncated READ (48 of 64 bytes)')
    # Header len larger than the message actually sent.
    u = peer.next_unique()
    peer.send_raw(IN_HDR.pack(64, MUSE_ISBAD, u, 1, 0, 0, 0, 0) +
                  struct.pack('=Q', 0))
    peer.outstanding[u] = 'short ISBAD'
    expect_error(peer.wait(u), u, 'ISBAD with header len 64 > 48 bytes '
                 'received')
    # Still serving after all that?
    read_check(peer, 0, 512, IO_INBAND, dump.inband(0, 512),
               'still serving after the bad requests')


def test_interrupt(peer, dump):
    u = peer.send(MUSE_READ, read_req(4096, 2048, IO_INBAND),
                 desc='READ+INT')
    iu = u | 1
    peer.s.send(IN_HDR.pack(48, FUSE_INTERRUPT, iu, 0, 0, 0, 0, 0) +
                struct.pack('=Q', u))
    peer.optional[iu] = True
    read_reply_check(peer.wait(u), u, 2048, dump.inband(4096, 2048),
                     'READ answered normally despite a FUSE_INTERRUPT for it')
    # A bare interrupt for a request that was already answered.
    peer.s.send(IN_HDR.pack(48, FUSE_INTERRUPT, u + 5, 0, 0, 0, 0, 0) +
                struct.pack('=Q', u + 4))
    peer.optional[u + 5] = True
    u2, d = peer.call(MUSE_SYNC, b'', 'SYNC after INTERRUPT')
    expect_empty_ok(d, u2, 'SYNC after FUSE_INTERRUPT')


def test_concurrent(peer, dump, rnd, maxr):
    reqs = {}
    for i in range(8):
        addr = rnd.randrange(dump.size - 16384)
        n = rnd.randint(1, min(16384, maxr))
        flags = (IO_INBAND, IO_INBAND | IO_RAW)[i & 1]
        u = peer.send(MUSE_READ, read_req(addr, n, flags),
                      desc='conc %d' % i)
        reqs[u] = (addr, n)
    good = 0
    order = list(reqs)
    rnd.shuffle(order)
    for u in order:
        addr, n = reqs[u]
        if read_reply_check(peer.wait(u), u, n, dump.inband(addr, n),
                            'concurrent read %#x+%d' % (addr, n),
                            quiet=True) is not None:
            good += 1
    check(good == 8 and not peer.outstanding,
          '8 reads outstanding at once: %d/8 answered once each, matched '
          'by unique, byte-exact' % good)
    # A mixed batch: every opcode outstanding at the same time.
    bs, ws, bad = dump.bs, dump.ws, dump.bad_by_marker()[0]
    batch = [
        ('READ in-band', MUSE_READ, read_req(ws + 7, 3000, IO_INBAND)),
        ('READ OOB auto', MUSE_READ, read_req(2 * ws + 1, 60, IO_OOB_AUTO)),
        ('ISBAD bad', MUSE_ISBAD, struct.pack('=Q', bad * bs)),
        ('SYNC', MUSE_SYNC, b''),
        ('READ raw', MUSE_READ, read_req(bs - 5, 10, IO_INBAND | IO_RAW)),
        ('unknown opcode', 9999, b''),
        ('ISBAD good', MUSE_ISBAD, struct.pack('=Q', 0)),
        ('READ OOB place', MUSE_READ, read_req(3 * ws + 60, 70,
                                               IO_OOB_PLACE)),
        ('READ out of range', MUSE_READ, read_req(dump.size, 1, IO_INBAND)),
    ]
    us = [peer.send(op, args, desc=name) for name, op, args in batch]
    got = {u: peer.wait(u) for u in reversed(us)}
    res = []
    for (name, op, args), u in zip(batch, us):
        d = got[u]
        h = hdr_ok(d, u, 'mixed batch: ' + name)
        if h is None:
            res.append(False)
            continue
        if op == MUSE_READ and name != 'READ out of range':
            addr, n, fl = struct.unpack_from('=QQI', args)
            exp = {IO_INBAND: dump.inband, IO_INBAND | IO_RAW: dump.inband,
                   IO_OOB_AUTO: dump.oob_auto,
                   IO_OOB_PLACE: dump.oob_place}[fl](addr, n)
            res.append(read_reply_check(d, u, n, exp, 'mixed batch: ' +
                                        name, quiet=True) is not None)
        elif op == MUSE_ISBAD:
            res.append(h[1] == 0 and len(d) == 24 and
                       struct.unpack_from('=I', d, 16)[0] ==
                       (1 if name == 'ISBAD bad' else 0))
        elif op == MUSE_SYNC:
            res.append(h[1] == 0 and len(d) == 16)
        elif op == 9999:
            res.append(h[1] == -ENOSYS)
        else:
            res.append(h[1] < 0)
    check(all(res) and not peer.outstanding, 'mixed batch of %d requests '
          '(READ in 3 modes, ISBAD, SYNC, errors) outstanding at once, each '
          'answered correctly' %
          len(batch), 'results %s' % res)


def test_readonly(peer, dump):
    u, d = peer.call(MUSE_WRITE, struct.pack('=QQII', 0, 2048, IO_INBAND, 0)
                     + b'\0' * 2048)
    expect_error(d, u, 'read-only: WRITE refused')
    u, d = peer.call(MUSE_WRITE, struct.pack('=QQII', 0, 8, IO_OOB_PLACE, 0)
                     + b'\0' * 8)
    expect_error(d, u, 'read-only: OOB WRITE refused')
    u, d = peer.call(MUSE_ERASE, struct.pack('=QQ', 0, dump.bs))
    expect_error(d, u, 'read-only: ERASE refused')
    u, d = peer.call(MUSE_MARKBAD, struct.pack('=Q', 0))
    expect_error(d, u, 'read-only: MARKBAD refused')
    read_check(peer, 0, 2048, IO_INBAND | IO_RAW, dump.inband(0, 2048),
               'read-only: page 0 unchanged after the refused requests')
    read_check(peer, 0, 64, IO_OOB_PLACE | IO_RAW, dump.oob_place(0, 64),
               'read-only: OOB of page 0 unchanged')
    isbad_check(peer, 0, 0, 'read-only: block 0 still good')


def test_writable(peer, a, dump, rnd, maxw):
    bs, ws, ob = dump.bs, dump.ws, dump.oob
    blocks = [b for b in range(1, dump.blocks) if b != a.bad]
    b1, b2, b3 = blocks[2], blocks[5], blocks[8]
    base = b1 * bs
    # Erase -> all 0xFF, data and OOB.
    u, d = peer.call(MUSE_ERASE, struct.pack('=QQ', base, bs))
    expect_empty_ok(d, u, 'ERASE block %d' % b1)
    ff = b'\xff' * 32768
    good = all(read_check(peer, base + o, 32768, IO_INBAND | IO_RAW, ff,
                          'erased data %#x' % (base + o), quiet=True)
               is not None for o in range(0, bs, 32768))
    check(good, 'erased block %d reads 0xFF (raw)' % b1)
    read_check(peer, base, dump.ppb * ob, IO_OOB_PLACE | IO_RAW,
               b'\xff' * (dump.ppb * ob), 'erased block %d: OOB of all '
               '%d pages 0xFF' % (b1, dump.ppb))
    read_check(peer, base + 5 * ws, ws, IO_INBAND, b'\xff' * ws,
               'erased page read with ECC: 0xFF, soft_error 0')
    # Neighbours untouched.
    for nb in (b1 - 1, b1 + 1):
        if nb != a.bad:
            read_check(peer, nb * bs, ws, IO_INBAND | IO_RAW,
                       dump.inband(nb * bs, ws),
                       'block %d untouched by the erase of %d' % (nb, b1))
    # Program an erased page (with ECC), read back both ways.
    pat = bytes(rnd.getrandbits(8) for _ in range(ws))
    pa = base + 3 * ws
    write_check(peer, pa, pat, IO_INBAND, 'WRITE page over erased page')
    read_check(peer, pa, ws, IO_INBAND, pat, 'written page reads back '
               '(with ECC)')
    read_check(peer, pa, ws, IO_INBAND | IO_RAW, pat, 'written page reads '
               'back (raw)')
    read_check(peer, pa + ws, ws, IO_INBAND | IO_RAW, b'\xff' * ws,
               'next page still erased')
    o = read_check(peer, pa, ob, IO_OOB_PLACE | IO_RAW, None,
                   'OOB after an ECC write (read raw)')
    if o is not None:
        check(o[0:2] == b'\xff\xff' and
              all(o[i] == 0xff for i in dump.free),
              'ECC write leaves the marker and free OOB bytes 0xFF',
              hx(o))
    # AND semantics: a second raw program only clears bits.
    pat2 = bytes(rnd.getrandbits(8) for _ in range(ws))
    write_check(peer, pa, pat2, IO_INBAND | IO_RAW, 'raw WRITE over a '
                'programmed page')
    read_check(peer, pa, ws, IO_INBAND | IO_RAW,
               bytes(x & y for x, y in zip(pat, pat2)),
               'reprogrammed page = old AND new (only clears bits)')
    # AND against the dump's own data in a programmed block (raw).
    pd = b2 * bs + 7 * ws
    old = dump.inband(pd, 2 * ws)
    pat3 = bytes(rnd.getrandbits(8) for _ in range(2 * ws))
    write_check(peer, pd, pat3, IO_INBAND | IO_RAW, 'raw WRITE of 2 pages '
                'over dump data (block %d)' % b2)
    read_check(peer, pd, 2 * ws, IO_INBAND | IO_RAW,
               bytes(x & y for x, y in zip(old, pat3)),
               'two pages = dump AND written data')
    # OOB place write then AUTO write on erased pages.
    po = base + 10 * ws
    oobpat = bytes(rnd.getrandbits(8) for _ in range(ob - 2))
    write_check(peer, po + 2, oobpat, IO_OOB_PLACE, 'OOB place WRITE col 2')
    read_check(peer, po, ob, IO_OOB_PLACE | IO_RAW, b'\xff\xff' + oobpat,
               'OOB place write reads back (raw)')
    po = base + 11 * ws
    oobpat = bytes(rnd.getrandbits(8) for _ in range(2 * ob))
    write_check(peer, po, oobpat, IO_OOB_PLACE | IO_RAW, 'OOB raw WRITE of '
                '2 pages (flags 12)')
    read_check(peer, po, 2 * ob, IO_OOB_PLACE | IO_RAW, oobpat,
               'OOB raw write reads back (raw)')
    read_check(peer, po, 2 * ws, IO_INBAND | IO_RAW, b'\xff' * (2 * ws),
               'OOB raw write left the page data erased')
    av = a.oobavail
    pa2 = base + 20 * ws
    autopat = bytes(rnd.getrandbits(8) for _ in range(2 * av))
    write_check(peer, pa2, autopat, IO_OOB_AUTO, 'OOB auto WRITE of 2 pages')
    read_check(peer, pa2, 2 * av, IO_OOB_AUTO, autopat,
               'OOB auto write reads back (auto)')
    o = read_check(peer, pa2, 2 * ob, IO_OOB_PLACE | IO_RAW, None,
                   'OOB after an auto write (raw)')
    if o is not None:
        exp = bytearray(b'\xff' * (2 * ob))
        for i, fb in enumerate(dump.free * 2):
            exp[(i // av) * ob + fb] = autopat[i]
        check(all(o[i] == exp[i] for i in range(2 * ob)
                  if i % ob < 2 or i % ob in dump.free),
              'auto write lands in free bytes %d..%d of consecutive pages'
              % (dump.free[0], dump.free[-1]), hx(o, 128))
    # ECC emulation: bit-flips programmed raw under a page written with ECC.
    if a.ecc:
        test_bitflips(peer, a, dump, base + 30 * ws, rnd)
    # A whole-block write in 64 KiB chunks, then erase again.
    big = bytes(rnd.getrandbits(8) for _ in range(min(65536, maxw)))
    base3 = b3 * bs
    u, d = peer.call(MUSE_ERASE, struct.pack('=QQ', base3, bs))
    expect_empty_ok(d, u, 'ERASE block %d' % b3)
    write_check(peer, base3, big, IO_INBAND, 'WRITE %d bytes in one request'
                % len(big))
    read_check(peer, base3, len(big), IO_INBAND, big, '%d bytes read back'
               % len(big))
    u, d = peer.call(MUSE_ERASE, struct.pack('=QQ', base3, bs))
    expect_empty_ok(d, u, 'ERASE block %d again' % b3)
    read_check(peer, base3, len(big), IO_INBAND | IO_RAW,
               b'\xff' * len(big), 'block %d 0xFF again' % b3)
    # Erase of two blocks at once, and misaligned erases.
    u, d = peer.call(MUSE_ERASE, struct.pack('=QQ', base3, 2 * bs))
    expect_empty_ok(d, u, 'ERASE spanning 2 blocks')
    read_check(peer, base3 + bs, ws, IO_INBAND | IO_RAW, b'\xff' * ws,
               'second block of a 2-block erase is 0xFF')
    u, d = peer.call(MUSE_ERASE, struct.pack('=QQ', base + ws, bs))
    expect_error(d, u, 'ERASE at an unaligned address')
    u, d = peer.call(MUSE_ERASE, struct.pack('=QQ', base, bs - ws))
    expect_error(d, u, 'ERASE of a partial block')
    u, d = peer.call(MUSE_ERASE, struct.pack('=QQ', dump.size, bs))
    expect_error(d, u, 'ERASE past the end')
    u, d = peer.call(MUSE_WRITE, struct.pack('=QQII', dump.size - 1024,
                                             2048, IO_INBAND, 0) +
                     b'\0' * 2048)
    expect_error(d, u, 'WRITE crossing the end')
    u = peer.next_unique()
    peer.send_raw(IN_HDR.pack(64 + 100, MUSE_WRITE, u, 1, 0, 0, 0, 0) +
                  struct.pack('=QQII', base, 2048, IO_INBAND, 0) + b'\0' * 100)
    peer.outstanding[u] = 'short WRITE'
    expect_error(peer.wait(u), u, 'WRITE with 100 of 2048 data bytes')
    read_check(peer, base, ws, IO_INBAND | IO_RAW, b'\xff' * ws,
               'page untouched by the truncated WRITE')
    # MARKBAD -> ISBAD.
    mb = blocks[11]
    isbad_check(peer, mb * bs, 0, 'ISBAD block %d before MARKBAD -> 0' % mb)
    u, d = peer.call(MUSE_MARKBAD, struct.pack('=Q', mb * bs))
    expect_empty_ok(d, u, 'MARKBAD block %d' % mb)
    isbad_check(peer, mb * bs, 1, 'ISBAD block %d after MARKBAD -> 1' % mb)
    isbad_check(peer, mb * bs + 12345, 1, 'ISBAD unaligned in the marked '
                'block -> 1')
    isbad_check(peer, (mb + 1) * bs, 0 if mb + 1 != a.bad else 1,
                'MARKBAD did not spread to block %d' % (mb + 1))


def flip_bits(pat, first, count):
    """Clear one set bit in count bytes from first on (step 13)."""
    out = bytearray(pat)
    i, done = first, 0
    while done < count:
        if out[i]:
            out[i] &= out[i] - 1
            done += 1
        i += 13
    return bytes(out)


def test_bitflips(peer, a, dump, pa, rnd):
    ws = dump.ws
    for n, soft, what in ((1, -EUCLEAN, 'correctable'),
                          (a.ecc_t + 1, -EBADMSG, 'uncorrectable')):
        pat = bytes(rnd.getrandbits(8) for _ in range(ws))
        if not write_check(peer, pa, pat, IO_INBAND,
                           'WRITE page for a %s bit-flip test' % what):
            return
        flipped = flip_bits(pat, 5, n)
        write_check(peer, pa, flipped, IO_INBAND | IO_RAW,
                    'raw WRITE clearing %d bit(s) in the first ECC step' % n)
        read_check(peer, pa, ws, IO_INBAND | IO_RAW, flipped,
                   'raw read shows the %d flipped bit(s)' % n)
        got = read_check(peer, pa, ws, IO_INBAND,
                         pat if soft == -EUCLEAN else None,
                         'ECC read after %d flip(s)%s' % (
                             n, ': corrected data' if soft == -EUCLEAN
                             else ''))
        if got is not None:
            check(last_soft == soft, 'ECC read after %d flip(s): '
                  'soft_error %d (%s)' % (n, soft, what),
                  'got %d' % last_soft)
        pa += ws


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dump', required=True)
    ap.add_argument('--bad', type=int, required=True,
                    help='the factory-bad block')
    ap.add_argument('--oobfree', required=True,
                    help='free OOB byte range, e.g. 2-39')
    ap.add_argument('--oobavail', type=int, required=True,
                    help='the OOBAVAIL the server must announce')
    ap.add_argument('--ecc', help='pass --ecc=ECC to the server and test '
                    'its ECC emulation (with --writable)')
    ap.add_argument('--ecc-t', type=int, default=1,
                    help='bits the ECC corrects per step (1 = Hamming)')
    ap.add_argument('--writesize', type=int, default=2048)
    ap.add_argument('--oobsize', type=int, default=64)
    ap.add_argument('--ppb', type=int, default=64)
    ap.add_argument('--writable', action='store_true')
    ap.add_argument('--mtdparts')
    ap.add_argument('--init-minor', type=int, default=33)
    ap.add_argument('--seed', type=int, default=None)
    ap.add_argument('--log', default=None, help='server stderr/stdout file')
    a = ap.parse_args()

    seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    print('# seed %d' % seed, flush=True)
    rnd = random.Random(seed)
    random.seed(seed)
    lo, hi = map(int, a.oobfree.split('-'))
    dump = Dump(a.dump, a.writesize, a.oobsize, a.ppb, list(range(lo, hi + 1)))
    with open(a.dump, 'rb') as f:
        sha0 = hashlib.sha256(f.read()).hexdigest()

    mm = os.environ.get('MM_BIN', 'build/muse-mount')
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    cmd = [mm, '--muse-fd', str(theirs.fileno())]
    if a.writable:
        cmd.append('--writable')
    if a.mtdparts is not None:
        cmd.append('--mtdparts=' + a.mtdparts)
    if a.ecc:
        cmd.append('--ecc=' + a.ecc)
    cmd.append(a.dump)
    log = open(a.log or os.devnull, 'wb')
    print('# ' + ' '.join(cmd), flush=True)
    srv = subprocess.Popen(cmd, pass_fds=(theirs.fileno(),),
                           stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    theirs.close()
    peer = Peer(ours)
    try:
        r = do_init(peer, a, dump)
        if r is not None:
            maxr, maxw = r
            test_reads(peer, a, dump, maxr, rnd)
            test_isbad(peer, a, dump, rnd)
            test_errors(peer, a, dump)
            test_interrupt(peer, dump)
            test_concurrent(peer, dump, rnd, maxr)
            if a.writable:
                test_writable(peer, a, dump, rnd, maxw)
            else:
                test_readonly(peer, dump)
            u, d = peer.call(MUSE_SYNC, b'', 'SYNC')
            expect_empty_ok(d, u, 'SYNC (40-byte request)')
            # Anything unsolicited left in the socket?
            ours.setblocking(False)
            time.sleep(0.2)
            try:
                extra = ours.recv(RECV_MAX)
                u = struct.unpack_from('=Q', extra, 8)[0] \
                    if len(extra) >= 16 else None
                if u in peer.optional:
                    peer.check_interrupt_reply(extra)
                else:
                    notok('unsolicited message from the server: %s' %
                          hx(extra))
            except BlockingIOError:
                pass
            check(not peer.outstanding, 'no request left unanswered',
                  str(peer.outstanding))
    except (OSError, struct.error) as e:
        notok('peer: %s: %s' % (type(e).__name__, e))
        traceback.print_exc(file=sys.stdout)
    finally:
        ours.close()
        try:
            rc = srv.wait(timeout=5)
            check(rc == 0, 'server exits with status 0 after the peer closes',
                  'status %d' % rc)
        except subprocess.TimeoutExpired:
            notok('server still running 5 s after the peer closed')
            srv.kill()
            srv.wait()
        log.close()
    with open(a.dump, 'rb') as f:
        sha1 = hashlib.sha256(f.read()).hexdigest()
    check(sha0 == sha1, 'input sha256 unchanged (%s)' % sha1[:16])
    print('# %d passed, %d failed' % (npass, nfail), flush=True)
    sys.exit(0 if nfail == 0 else 1)


if __name__ == '__main__':
    main()
