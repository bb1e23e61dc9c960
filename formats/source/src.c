// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * src.c - read-only byte sources: plain files through pread().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/fs.h>

#include "src.h"

int mm_src_open_file(struct mm_src *src, const char *path)
{
	struct stat st;
	uint64_t size;
	int fd, ret;

	memset(src, 0, sizeof(*src));
	src->fd = -1;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto out_close;
	}
	if (S_ISDIR(st.st_mode)) {
		ret = -EISDIR;
		goto out_close;
	}
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &size)) {
			ret = -errno;
			goto out_close;
		}
	} else if (S_ISREG(st.st_mode)) {
		size = st.st_size;
	} else {
		/* FIFOs, sockets, character devices: no random access. */
		ret = -ESPIPE;
		goto out_close;
	}
	src->path = path;
	src->size = size;
	src->fd = fd;
	return 0;

out_close:
	close(fd);
	return ret;
}

ssize_t mm_src_pread(const struct mm_src *src, void *buf, size_t len,
		     uint64_t off)
{
	if (src->ops)
		return src->ops->pread(src, buf, len, off);
	return mm_fd_pread(src->fd, src->size, buf, len, off);
}

ssize_t mm_fd_pread(int fd, uint64_t size, void *buf, size_t len,
		    uint64_t off)
{
	size_t done = 0;
	ssize_t n;

	if (off >= size)
		return 0;
	if (len > size - off)
		len = size - off;
	while (done < len) {
		n = pread(fd, (char *)buf + done, len - done, off + done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		done += n;
	}
	return done;
}

int mm_src_peek(const struct mm_src *src, uint64_t off, size_t len, void *buf)
{
	ssize_t n = mm_src_pread(src, buf, len, off);

	if (n < 0)
		return n;
	return (size_t)n == len ? 0 : -ENODATA;
}

int mm_src_peek2(const struct mm_src *src, uint64_t off, void *buf1,
		 size_t len1, void *buf2, size_t len2)
{
	struct iovec iov[2] = {
		{ .iov_base = buf1, .iov_len = len1 },
		{ .iov_base = buf2, .iov_len = len2 },
	};
	ssize_t n;
	int ret;

	if (src->ops || off + len1 + len2 > src->size)
		goto slow;
	n = preadv(src->fd, iov, 2, off);
	if (n == (ssize_t)(len1 + len2))
		return 0;
	if (n < 0 && errno != EINTR)
		return -errno;
slow:
	/* Stacked sources, short reads and the end of the file. */
	ret = mm_src_peek(src, off, len1, buf1);
	if (ret)
		return ret;
	return mm_src_peek(src, off + len1, len2, buf2);
}

void mm_src_close(struct mm_src *src)
{
	struct mm_src *lower = src->lower;

	if (src->ops && src->ops->close)
		src->ops->close(src);
	if (src->fd >= 0)
		close(src->fd);
	src->fd = -1;
	src->ops = NULL;
	src->lower = NULL;
	if (lower) {
		mm_src_close(lower);
		free(lower);
	}
}

int mm_src_stack(struct mm_src *top, const struct mm_src_ops *ops, void *priv,
		 uint64_t size)
{
	struct mm_src *lower = malloc(sizeof(*lower)), *s;

	if (!lower)
		return -ENOMEM;
	*lower = *top;
	memset(top, 0, sizeof(*top));
	top->path = lower->path;
	top->size = size;
	top->fd = -1;
	/* A duplicate of the file's descriptor, for fstat() by the callers. */
	for (s = lower; s; s = s->lower) {
		if (s->fd >= 0) {
			top->fd = fcntl(s->fd, F_DUPFD_CLOEXEC, 3);
			break;
		}
	}
	top->ops = ops;
	top->priv = priv;
	top->lower = lower;
	return 0;
}

int mm_src_layers(const struct mm_src *top, char names[][MM_LAYER_NAME_MAX],
		  int max)
{
	const struct mm_src *s;
	int n = 0, i;

	for (s = top; s && s->ops; s = s->lower)
		n++;
	if (n > max)
		n = max;
	i = n;
	for (s = top; s && s->ops && i > 0; s = s->lower) {
		char *buf = names[--i];

		if (!s->ops->name || !s->ops->name(s, buf, MM_LAYER_NAME_MAX))
			snprintf(buf, MM_LAYER_NAME_MAX, "?");
	}
	return n;
}
