// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mkblob - write SIZE deterministic pseudo-random bytes for SEED to stdout.
 *
 * usage: mkblob SEED SIZE
 *
 * Used by tests/e2e/fixture-inputs.sh so that the file trees and blobs the
 * nandsim fixtures are made from are the same on every machine.  The
 * generator is xorshift64* (Vigna), seeded through splitmix64; its output is
 * defined by this file alone, not by any libc.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

int main(int argc, char **argv)
{
	unsigned char buf[8192];
	unsigned long long size;
	uint64_t s;
	char *end;
	size_t i, n;

	if (argc != 3) {
		fprintf(stderr, "usage: mkblob SEED SIZE\n");
		return 2;
	}
	errno = 0;
	s = splitmix64(strtoull(argv[1], &end, 0));
	if (errno || *end) {
		fprintf(stderr, "mkblob: %s: bad seed\n", argv[1]);
		return 2;
	}
	size = strtoull(argv[2], &end, 0);
	if (errno || *end) {
		fprintf(stderr, "mkblob: %s: bad size\n", argv[2]);
		return 2;
	}
	if (!s)
		s = 1;
	while (size) {
		n = size < sizeof(buf) ? size : sizeof(buf);
		for (i = 0; i < n; i++) {
			s ^= s >> 12;
			s ^= s << 25;
			s ^= s >> 27;
			buf[i] = (s * 0x2545f4914f6cdd1dULL) >> 56;
		}
		if (fwrite(buf, 1, n, stdout) != n) {
			perror("mkblob");
			return 1;
		}
		size -= n;
	}
	return fflush(stdout) ? 1 : 0;
}
