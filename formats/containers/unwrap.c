// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * unwrap.c - unwrap the input: while a registered container
 * (registry.c) recognises the source, stack its decoder; then, with
 * --oob-file, the split layout.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "container.h"

const struct mm_container *mm_container_sniff(const uint8_t *buf, size_t len,
					     const struct mm_src *src)
{
	const struct mm_container *const *c;

	for (c = mm_containers; *c; c++)
		if ((*c)->sniff(buf, len, src))
			return *c;
	return NULL;
}

int mm_container_unwrap(struct mm_input *d, struct mm_src *src, char *key,
			size_t keylen, const char *member)
{
	const struct mm_container *c;
	bool archive_seen = false;
	const char *m;
	uint8_t buf[512];
	ssize_t n;
	int depth, ret;

	for (depth = 0; depth <= MM_CONTAINER_DEPTH; depth++) {
		n = mm_src_pread(src, buf, sizeof(buf), 0);
		if (n < 0) {
			mm_set_error(d, "read failed: %s (at 0x0)", strerror(-n));
			return n;
		}
		c = mm_container_sniff(buf, n, src);
		if (!c)
			break;
		if (depth == MM_CONTAINER_DEPTH) {
			mm_set_error(d, "more than %d nested containers (%s inside)",
				     MM_CONTAINER_DEPTH, c->name);
			return -EINVAL;
		}
		m = NULL;
		if (c->archive) {
			m = archive_seen ? NULL : member;
			archive_seen = true;
		}
		ret = c->stack(d, src, c, key, keylen, m);
		if (ret == -ENOMSG) {
			/* Only starts with a compressed stream: a plain dump. */
			d->err[0] = 0;
			break;
		}
		if (ret)
			return ret;
	}
	if (member && !archive_seen) {
		mm_set_error(d, "--member '%s' given, but the file is not an archive",
			     member);
		return -EINVAL;
	}
	return 0;
}

/* The identity of a plain file: device, inode, size and mtime. */
static int file_key(struct mm_input *d, const struct mm_src *src, char *key,
		    size_t keylen)
{
	struct stat st;

	if (fstat(src->fd, &st)) {
		mm_set_error(d, "cannot stat: %s", strerror(errno));
		return -errno;
	}
	snprintf(key, keylen, "file:%ju:%ju:%jd:%jd.%09ld", (uintmax_t)st.st_dev,
		 (uintmax_t)st.st_ino, (intmax_t)st.st_size,
		 (intmax_t)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	return 0;
}

static int stack_oob_file(struct mm_input *d)
{
	char key[MM_CONTAINER_KEY_MAX];
	struct mm_src *oob;
	int ret;

	oob = calloc(1, sizeof(*oob));
	if (!oob)
		return -ENOMEM;
	ret = mm_src_open_file(oob, d->opts.oob_file);
	if (ret) {
		mm_set_error(d, "--oob-file '%s': cannot open: %s",
			     d->opts.oob_file, strerror(-ret));
		free(oob);
		return ret;
	}
	ret = file_key(d, oob, key, sizeof(key));
	if (!ret)
		ret = mm_container_unwrap(d, oob, key, sizeof(key), NULL);
	if (ret) {
		char msg[MM_ERRMSG_MAX];

		snprintf(msg, sizeof(msg), "%s", d->err);
		mm_set_error(d, "--oob-file '%s': %s", d->opts.oob_file, msg);
		goto out_close;
	}
	ret = mm_split_stack(d, oob);
	if (ret)
		goto out_close;
	return 0;

out_close:
	mm_src_close(oob);
	free(oob);
	return ret;
}

int mm_container_stack(struct mm_input *d)
{
	char key[MM_CONTAINER_KEY_MAX];
	int ret;

	if (d->opts.sector_size &&
	    (!d->opts.format || strcmp(d->opts.format, "sector"))) {
		mm_set_error(d, "--sector-size applies to --format=sector only");
		return -EINVAL;
	}
	ret = file_key(d, &d->src, key, sizeof(key));
	if (ret)
		return ret;
	ret = mm_container_unwrap(d, &d->src, key, sizeof(key),
				  d->opts.member);
	if (ret)
		return ret;
	if (d->opts.oob_file)
		return stack_oob_file(d);
	return 0;
}
