// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mm-failio.so - an LD_PRELOAD shim that makes the disk under one file fail:
 * while the file $MM_FAILIO_FLAG exists, pwrite(), write() and fsync() /
 * fdatasync() on a descriptor whose path is $MM_FAILIO_PATH fail with EIO
 * (or ENOSPC when the flag file says "ENOSPC"), as the kernel reports a
 * disk that stopped writing; when it says "fsync", only fsync() and
 * fdatasync() fail (EIO), as after a failed write-back of data the write
 * had taken. Reads are left alone. Used by
 * tests/cli/soak-short.sh and tests/soak.sh on the overlay of a server.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static int failing(int fd, int is_sync)
{
	const char *flag = getenv("MM_FAILIO_FLAG");
	const char *path = getenv("MM_FAILIO_PATH");
	char link[64], target[4096], what[16] = "";
	ssize_t n;
	int e = EIO, f;

	if (!flag || !path || access(flag, F_OK))
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	if (strcmp(target, path))
		return 0;
	f = open(flag, O_RDONLY | O_CLOEXEC);
	if (f >= 0) {
		n = read(f, what, sizeof(what) - 1);
		close(f);
		if (n > 0 && !strncmp(what, "ENOSPC", 6))
			e = ENOSPC;
		if (n > 0 && !strncmp(what, "fsync", 5) && !is_sync)
			e = 0;
	}
	return e;
}

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	int e = failing(fd, 0);

	if (e) {
		errno = e;
		return -1;
	}
	return NEXT(pwrite)(fd, buf, len, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off64_t off)
{
	int e = failing(fd, 0);

	if (e) {
		errno = e;
		return -1;
	}
	return NEXT(pwrite64)(fd, buf, len, off);
}

ssize_t write(int fd, const void *buf, size_t len)
{
	int e = failing(fd, 0);

	if (e) {
		errno = e;
		return -1;
	}
	return NEXT(write)(fd, buf, len);
}

int fsync(int fd)
{
	int e = failing(fd, 1);

	if (e) {
		errno = e;
		return -1;
	}
	return NEXT(fsync)(fd);
}

int fdatasync(int fd)
{
	int e = failing(fd, 1);

	if (e) {
		errno = e;
		return -1;
	}
	return NEXT(fdatasync)(fd);
}
