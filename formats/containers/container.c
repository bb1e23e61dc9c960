// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * container.c - recognise containers by magic and stack their decoders;
 * the size limits and the cache directory shared by the decoders.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../core/util/crc32.h"
#include "container.h"

static const char *const kind_names[] = {
	[MM_CONT_NONE] = "none",
	[MM_CONT_GZIP] = "gzip",
	[MM_CONT_XZ] = "xz",
	[MM_CONT_BZIP2] = "bzip2",
	[MM_CONT_ZSTD] = "zstd",
	[MM_CONT_ZIP] = "zip",
	[MM_CONT_7Z] = "7z",
	[MM_CONT_TAR] = "tar",
};

const char *mm_container_kind_name(enum mm_container_kind k)
{
	if ((size_t)k >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "?";
	return kind_names[k];
}

/* POSIX ustar: the header checksum is the byte sum with the field as spaces. */
static bool tar_header_ok(const uint8_t *h)
{
	unsigned long sum = 0, want = 0;
	int i;

	if (memcmp(h + 257, "ustar", 5))
		return false;
	for (i = 0; i < 512; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	for (i = 148; i < 156 && (h[i] == ' ' || h[i] == 0); i++)
		;
	for (; i < 156 && h[i] >= '0' && h[i] <= '7'; i++)
		want = want * 8 + (h[i] - '0');
	return sum == want;
}

enum mm_container_kind mm_container_sniff(const uint8_t *b, size_t len)
{
	/* gzip (RFC 1952): ID1 ID2, CM = 8 (deflate), reserved FLG bits 0. */
	if (len >= 4 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8 &&
	    !(b[3] & 0xe0))
		return MM_CONT_GZIP;
	/* xz: FD '7zXZ' 00 (xz-file-format 2.2.1). */
	if (len >= 6 && !memcmp(b, "\xfd" "7zXZ\0", 6))
		return MM_CONT_XZ;
	/* bzip2: "BZh1".."BZh9", then a block (pi) or end (sqrt pi) magic. */
	if (len >= 10 && !memcmp(b, "BZh", 3) && b[3] >= '1' && b[3] <= '9' &&
	    (!memcmp(b + 4, "\x31\x41\x59\x26\x53\x59", 6) ||
	     !memcmp(b + 4, "\x17\x72\x45\x38\x50\x90", 6)))
		return MM_CONT_BZIP2;
	/* zstd frame magic 0xFD2FB528, little endian (RFC 8878). */
	if (len >= 4 && !memcmp(b, "\x28\xb5\x2f\xfd", 4))
		return MM_CONT_ZSTD;
	/* zip: local file header, or the end record of an empty archive. */
	if (len >= 4 && (!memcmp(b, "PK\3\4", 4) || !memcmp(b, "PK\5\6", 4)))
		return MM_CONT_ZIP;
	/* 7z signature header. */
	if (len >= 6 && !memcmp(b, "7z\xbc\xaf\x27\x1c", 6))
		return MM_CONT_7Z;
	if (len >= 512 && tar_header_ok(b))
		return MM_CONT_TAR;
	return MM_CONT_NONE;
}

uint64_t mm_container_max_expanded(void)
{
	const char *s = getenv("MM_MAX_EXPANDED");
	uint64_t v;

	if (s && *s && mm_parse_size(s, &v) == 0 && v)
		return v;
	return MM_MAX_EXPANDED_DEFAULT;
}

int mm_container_check_size(struct mm_input *d, const char *what,
			    uint64_t produced, uint64_t input)
{
	uint64_t max = mm_container_max_expanded();

	if (produced > max) {
		mm_set_error(d, "%s: refusing to decode more than %" PRIu64 " bytes (set MM_MAX_EXPANDED to raise the limit)",
			     what, max);
		return -EFBIG;
	}
	if (produced > (1ull << 30) && input &&
	    produced / input > MM_MAX_RATIO) {
		mm_set_error(d, "%s: expands more than %llu times (%" PRIu64 " bytes from %" PRIu64 "); refusing a likely decompression bomb",
			     what, MM_MAX_RATIO, produced, input);
		return -EFBIG;
	}
	return 0;
}

const char *mm_cache_dir(void)
{
	const char *s = getenv("MM_CACHE_DIR");

	if (s && *s)
		return s;
	s = getenv("TMPDIR");
	if (s && *s)
		return s;
	return "/tmp";
}

static int key_append(struct mm_input *d, char *key, size_t keylen,
		      const char *fmt, const char *arg)
{
	size_t l = strlen(key);
	int n = snprintf(key + l, keylen - l, fmt, arg);

	if (n < 0 || (size_t)n >= keylen - l) {
		mm_set_error(d, "containers nested too deeply");
		return -EINVAL;
	}
	return 0;
}

/*
 * A zip ends with its end of central directory record ("PK\5\6", then at
 * most a 64 KiB comment); a dump that merely starts with a zip local header
 * (a firmware archive at offset 0) has none.
 */
static bool zip_has_end(const struct mm_src *src)
{
	size_t want = 65535 + 22, i;
	uint64_t off;
	uint8_t *buf;
	ssize_t n;
	bool found = false;

	if (src->size < 22)
		return false;
	if (want > src->size)
		want = src->size;
	off = src->size - want;
	buf = malloc(want);
	if (!buf)
		return true;	/* let libarchive decide */
	n = mm_src_pread(src, buf, want, off);
	for (i = 0; n >= 22 && i + 22 <= (size_t)n; i++) {
		if (!memcmp(buf + i, "PK\5\6", 4)) {
			found = true;
			break;
		}
	}
	free(buf);
	return found;
}

/* The 7z signature header carries the CRC-32 of its last 20 bytes. */
static bool sevenzip_header_ok(const uint8_t *b, size_t len)
{
	uint32_t crc, want;

	if (len < 32)
		return false;
	want = b[8] | b[9] << 8 | b[10] << 16 | (uint32_t)b[11] << 24;
	crc = mm_crc32(b + 12, 20);
	return crc == want;
}

int mm_container_unwrap(struct mm_input *d, struct mm_src *src, char *key,
			size_t keylen, const char *member)
{
	enum mm_container_kind kind;
	bool archive_seen = false;
	uint8_t buf[512];
	ssize_t n;
	int depth, ret;

	for (depth = 0; depth <= MM_CONTAINER_DEPTH; depth++) {
		n = mm_src_pread(src, buf, sizeof(buf), 0);
		if (n < 0) {
			mm_set_error(d, "read failed: %s (at 0x0)", strerror(-n));
			return n;
		}
		kind = mm_container_sniff(buf, n);
		if ((kind == MM_CONT_ZIP && !zip_has_end(src)) ||
		    (kind == MM_CONT_7Z && !sevenzip_header_ok(buf, n)))
			kind = MM_CONT_NONE;	/* only starts like one */
		if (kind == MM_CONT_NONE)
			break;
		if (depth == MM_CONTAINER_DEPTH) {
			mm_set_error(d, "more than %d nested containers (%s inside)",
				     MM_CONTAINER_DEPTH,
				     mm_container_kind_name(kind));
			return -EINVAL;
		}
		if (kind == MM_CONT_GZIP) {
			ret = mm_gzip_stack_cached(d, src, key);
			if (!ret)
				ret = key_append(d, key, keylen, "|%s", "gzip");
		} else {
			const char *m = NULL;

			if (kind == MM_CONT_ZIP || kind == MM_CONT_7Z ||
			    kind == MM_CONT_TAR) {
				m = archive_seen ? NULL : member;
				archive_seen = true;
			}
			ret = mm_archive_stack(d, src, kind, key, keylen, m);
		}
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
