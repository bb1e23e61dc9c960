#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""check-layers.py - the dependency check: layers that only look down.

Usage: check-layers.py [--graph] TOP BUILD

From what the compiler and the linker see - the objects' symbols (nm), the
include lists the compiler wrote (-MMD .d files) and each file's own
#include lines - builds the graph between source files (a .c and its .h are
one unit; a header without a .c is a unit of its own; edges start in .c
files) and checks it against the layer table TOP/tests/deps/layers.txt:

  - every source file of the program belongs to a layer;
  - no unit calls into, or includes, a unit of a higher layer (the .d lists
    count too: a header seen through another must be at or below);
  - no cycle between units, in a layer or across layers.

Prints one line per problem and exits 1, or prints a summary and exits 0.
"""
import fnmatch
import os
import re
import subprocess
import sys


def die(msg):
    print("check-layers: " + msg, file=sys.stderr)
    sys.exit(2)


def read_table(path):
    """Layers, lowest first: [(name, [patterns])]."""
    layers = []
    try:
        f = open(path)
    except OSError as e:
        die("%s: %s" % (path, e.strerror))
    with f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if ":" not in line:
                die("%s:%d: expected 'layer: patterns'" % (path, n))
            name, pats = line.split(":", 1)
            layers.append((name.strip(), pats.split()))
    if not layers:
        die("%s: no layers" % path)
    return layers


def layer_of(layers, path):
    """(index, name) of the most specific pattern matching path."""
    best = None
    for i, (name, pats) in enumerate(layers):
        for p in pats:
            if fnmatch.fnmatchcase(path, p):
                key = (len(p) - p.count("*"), i)
                if best is None or key > best[0]:
                    best = (key, i, name)
    return (best[1], best[2]) if best else (None, None)


def unit(path):
    return os.path.splitext(path)[0]


def norm(top, path):
    return os.path.relpath(os.path.normpath(os.path.join(top, path)), top)


def direct_includes(top, src):
    out = []
    base = os.path.dirname(src)
    with open(os.path.join(top, src), errors="replace") as f:
        for line in f:
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if m:
                out.append(norm(top, os.path.join(base, m.group(1))))
    return out


def dep_file_headers(top, dfile):
    """Project headers from a -MMD .d file (the compiler's list)."""
    try:
        text = open(dfile).read()
    except OSError:
        return None
    text = text.replace("\\\n", " ")
    first = text.split("\n", 1)[0]
    if ":" not in first:
        return []
    items = first.split(":", 1)[1].split()
    out = []
    for p in items:
        p = norm(top, p)
        if p.endswith(".h") and not p.startswith("../") and \
                os.path.exists(os.path.join(top, p)):
            out.append(p)
    return out


def nm_all(objs):
    """{object: [(symbol, type)]} for every object, from one nm run."""
    r = subprocess.run(["nm", "-P", "-A"] + list(objs),
                       capture_output=True, text=True)
    if r.returncode:
        die("nm: %s" % r.stderr.strip())
    out = {o: [] for o in objs}
    for line in r.stdout.splitlines():
        head, sep, rest = line.partition(": ")
        f = rest.split()
        if sep and head in out and len(f) >= 2:
            out[head].append((f[0], f[1]))
    return out


def find_cycles(nodes, edges):
    """Strongly connected components with more than one unit (Tarjan)."""
    index, low, stack, on = {}, {}, [], set()
    out, counter = [], [0]

    def visit(v):
        work = [(v, iter(sorted(edges.get(v, ()))))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        while work:
            node, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    break
                if w in on:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == node:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def cycle_path(comp, edges):
    """One concrete loop through a component, for the message."""
    start = comp[0]
    members = set(comp)
    prev = {start: None}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges.get(v, ())):
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return [start] + path[::-1][1:] + [start] if v != start \
                    else [start, start]
            if w in members and w not in prev:
                prev[w] = v
                queue.append(w)
    return comp


def main(argv):
    show = "--graph" in argv
    argv = [a for a in argv if a != "--graph"]
    if len(argv) != 3:
        die("usage: check-layers.py [--graph] TOP BUILD")
    top, build = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    layers = read_table(os.path.join(top, "tests/deps/layers.txt"))
    srcs = subprocess.run(["make", "-s", "--no-print-directory", "-C", top,
                           "print-srcs"], capture_output=True, text=True)
    if srcs.returncode:
        die("make print-srcs: " + srcs.stderr.strip())
    srcs = srcs.stdout.split()
    problems = []

    def lay(path):
        i, name = layer_of(layers, path)
        if i is None:
            problems.append("%s: not in the layer table (tests/deps/layers.txt)"
                            % path)
        return i, name

    # What each object defines and needs.
    defs, needs = {}, {}
    objs = {}
    for s in srcs:
        obj = os.path.join(build, os.path.splitext(s)[0] + ".o")
        if not os.path.exists(obj):
            die("%s: not built (run make first)" % os.path.relpath(obj, top))
        objs[s] = obj
    syms = nm_all(objs.values())
    for s in srcs:
        needs[s] = set()
        for sym, t in syms[objs[s]]:
            if t in "TDBRVWGS" and t != "U":
                defs.setdefault(sym, s)
            elif t == "U":
                needs[s].add(sym)

    edges, why = {}, {}

    def edge(a, b, how):
        ua, ub = unit(a), unit(b)
        if ua == ub:
            return
        edges.setdefault(ua, set()).add(ub)
        why.setdefault((ua, ub), how)

    nodes = set()
    for s in srcs:
        nodes.add(unit(s))
        for sym in sorted(needs[s]):
            d = defs.get(sym)
            if d:
                edge(s, d, "calls %s" % sym)
        for h in direct_includes(top, s):
            edge(s, h, "includes %s" % h)
        dfile = os.path.join(build, os.path.splitext(s)[0] + ".d")
        seen = dep_file_headers(top, dfile)
        if seen is None:
            die("%s: no include list (build with -MMD)"
                % os.path.relpath(dfile, top))
        for h in seen:
            # Headers including headers are not edges of their own: what a
            # .c file sees through them is checked here, against its layer.
            nodes.add(unit(h))
            ls, lh = lay(s), lay(h)
            if ls[0] is not None and lh[0] is not None and lh[0] > ls[0]:
                problems.append("%s (layer %s) sees %s (layer %s) in its includes"
                                % (s, ls[1], h, lh[1]))

    # Calls and includes only look down.
    for (ua, ub), how in sorted(why.items()):
        la = lay(ua + (".c" if ua + ".c" in srcs else ".h"))
        lb = lay(ub + (".c" if ub + ".c" in srcs else ".h"))
        if la[0] is None or lb[0] is None:
            continue
        if lb[0] > la[0]:
            problems.append("%s (layer %s) %s of %s (layer %s): a call up"
                            % (ua, la[1], how, ub, lb[1]))
    for comp in find_cycles(nodes, edges):
        loop = cycle_path(comp, edges)
        steps = ["%s -[%s]-> " % (a, why.get((a, b), "?"))
                 for a, b in zip(loop, loop[1:])]
        problems.append("cycle of %d units: %s%s" % (len(comp), "".join(steps),
                                                     loop[-1]))
    if show:
        for (ua, ub), how in sorted(why.items()):
            print("%s -> %s  (%s)" % (ua, ub, how))
    for p in sorted(set(problems)):
        print("check-layers: " + p)
    if problems:
        print("check-layers: %d problem(s)" % len(set(problems)))
        return 1
    print("check-layers: %d files, %d units, %d edges, %d layers: ok"
          % (len(srcs), len(nodes), len(why), len(layers)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
