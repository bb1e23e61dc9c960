// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * archive.c - xz, bzip2 and zstd streams and zip / tar / 7z members through
 * libarchive, decoded once into a cache file that later opens reuse.
 *
 * None of these has random access a reader could use cheaply, so the bytes
 * are written to $MM_CACHE_DIR (else $TMPDIR, else /tmp) as
 * muse-mount-<sha256 of input identity and member>.dump, made under a
 * temporary name and renamed when complete: a cache file that exists is
 * whole. The input is only ever read.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "../../core/util/crc32.h"
#include "../../core/util/sha256.h"
#include "container.h"

/* A plain file as a stacked source (the cache file). */
struct fd_src {
	int fd;
	uint64_t size;
	char what[160];
	char path[4096];
};

static ssize_t fd_pread(const struct mm_src *src, void *buf, size_t len,
			uint64_t off)
{
	const struct fd_src *f = src->priv;

	return mm_fd_pread(f->fd, f->size, buf, len, off);
}

static void fd_close(struct mm_src *src)
{
	struct fd_src *f = src->priv;

	if (f) {
		close(f->fd);
		free(f);
	}
	src->priv = NULL;
}

static bool archive_layer_name(const struct mm_src *s, char *buf, size_t len);

static const struct mm_src_ops fd_ops = {
	.name = archive_layer_name,
	.pread = fd_pread,
	.close = fd_close,
	.kind = "container",
};

/* The same for a member of an archive (zip, tar, 7z). */
static const struct mm_src_ops fd_member_ops = {
	.name = archive_layer_name,
	.pread = fd_pread,
	.close = fd_close,
	.kind = "member",
};

static bool archive_layer_name(const struct mm_src *s, char *buf, size_t len)
{
	const struct fd_src *f = s->priv;

	if (s->ops != &fd_ops && s->ops != &fd_member_ops)
		return false;
	snprintf(buf, len, "%s, cached in %s", f->what, f->path);
	return true;
}

/* Stack the finished cache file @path on @src; @what names the layer. */
static int stack_cache(struct mm_input *d, struct mm_src *src, const char *path,
		       const char *what)
{
	struct fd_src *f;
	struct stat st;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto out_close;
	}
	if (!st.st_size) {
		mm_set_error(d, "the decoded dump is empty");
		ret = -EINVAL;
		goto out_close;
	}
	f = malloc(sizeof(*f));
	if (!f) {
		ret = -ENOMEM;
		goto out_close;
	}
	f->fd = fd;
	f->size = st.st_size;
	snprintf(f->what, sizeof(f->what), "%s", what);
	snprintf(f->path, sizeof(f->path), "%s", path);
	ret = mm_src_stack(src, strstr(what, "member '") ? &fd_member_ops :
			   &fd_ops, f, f->size);
	if (ret) {
		free(f);
		goto out_close;
	}
	return 0;

out_close:
	close(fd);
	return ret;
}

#ifdef HAVE_LIBARCHIVE

#include <archive.h>
#include <archive_entry.h>

#define AR_BUF		(256u * 1024)
#define AR_MIN_FREE	(64ull << 20)
#define AR_MAX_NAMES	8

struct ar_in {
	struct mm_input *d;
	const struct mm_src *src;
	uint64_t pos;
	uint64_t next_report;
	int err;
	uint8_t buf[AR_BUF];
};

static la_ssize_t ar_read(struct archive *a, void *data, const void **buf)
{
	struct ar_in *in = data;
	ssize_t n;

	(void)a;
	n = mm_src_pread(in->src, in->buf, AR_BUF, in->pos);
	if (n < 0) {
		in->err = n;
		archive_set_error(a, -n, "read failed at 0x%" PRIx64, in->pos);
		return -1;
	}
	in->pos += n;
	*buf = in->buf;
	if (in->d->opts.progress && in->pos >= in->next_report) {
		in->d->opts.progress(in->d->opts.progress_arg, "decoding",
				     in->pos, in->src->size);
		in->next_report = in->pos + (4u << 20);
	}
	return n;
}

static la_int64_t ar_seek(struct archive *a, void *data, la_int64_t off,
			  int whence)
{
	struct ar_in *in = data;
	int64_t base;

	(void)a;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = in->pos;
		break;
	case SEEK_END:
		base = in->src->size;
		break;
	default:
		return ARCHIVE_FATAL;
	}
	if (base + off < 0)
		return ARCHIVE_FATAL;
	in->pos = base + off;
	return in->pos;
}

static la_int64_t ar_skip(struct archive *a, void *data, la_int64_t req)
{
	struct ar_in *in = data;
	uint64_t left = in->pos < in->src->size ? in->src->size - in->pos : 0;

	(void)a;
	if (req < 0)
		return 0;
	if ((uint64_t)req > left)
		req = left;
	in->pos += req;
	return req;
}

static const char *ar_format_name(int format)
{
	switch (format & ARCHIVE_FORMAT_BASE_MASK) {
	case ARCHIVE_FORMAT_TAR:
		return "tar";
	case ARCHIVE_FORMAT_ZIP:
		return "zip";
	case ARCHIVE_FORMAT_7ZIP:
		return "7z";
	default:
		return "archive";
	}
}

/* Names that say "not a dump": notes, checksums, pictures beside it. */
static bool text_name(const char *name)
{
	static const char *const ext[] = {
		".txt", ".md", ".sha256", ".sha1", ".md5", ".json", ".xml",
		".log", ".sh", ".py", ".csv", ".ini", ".cfg", ".conf", ".html",
		".pdf", ".jpg", ".jpeg", ".png", ".tree", ".sig", ".asc",
	};
	size_t i, l = strlen(name), el;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		el = strlen(ext[i]);
		if (l > el && !strcasecmp(name + l - el, ext[i]))
			return true;
	}
	return false;
}

/*
 * A member that could be a dump: a regular file, >= 4 KiB, size % 8 == 0,
 * not named like notes or checksums.
 */
static bool plausible(struct archive_entry *e)
{
	const char *name = archive_entry_pathname(e);
	int64_t size;

	if (archive_entry_filetype(e) != AE_IFREG)
		return false;
	if (name && text_name(name))
		return false;
	if (!archive_entry_size_is_set(e))
		return true;
	size = archive_entry_size(e);
	return size >= 4096 && !(size % 8);
}

static bool member_matches(const char *name, const char *want)
{
	if (!strcmp(name, want))
		return true;
	if (!strncmp(name, "./", 2) && !strcmp(name + 2, want))
		return true;
	return false;
}

static bool room_for(const char *dir, uint64_t bytes)
{
	struct statvfs sv;

	if (statvfs(dir, &sv))
		return true;	/* cannot tell; the write will say */
	return (uint64_t)sv.f_bavail * sv.f_frsize >= bytes + AR_MIN_FREE;
}

/* Copy the current entry's data to @fd with the limits applied. */
static int extract(struct mm_input *d, struct archive *a, struct ar_in *in,
		   int fd, const char *what, const char *dir, int64_t declared)
{
	uint64_t produced = 0, next_check = 256ull << 20;
	const void *blk;
	size_t len;
	la_int64_t off;
	int r, ret;

	for (;;) {
		r = archive_read_data_block(a, &blk, &len, &off);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			mm_set_error(d, "%s: %s", what, archive_error_string(a) ?
				     archive_error_string(a) : "decoding failed");
			return in->err ? in->err : -EINVAL;
		}
		if ((uint64_t)off + len > produced)
			produced = off + len;
		ret = mm_container_check_size(d, what, produced, in->src->size);
		if (ret)
			return ret;
		if (produced >= next_check) {
			if (!room_for(dir, 0)) {
				mm_set_error(d, "%s: less than %llu MiB left in %s for the cache file (set MM_CACHE_DIR)",
					     what, AR_MIN_FREE >> 20, dir);
				return -ENOSPC;
			}
			next_check = produced + (256ull << 20);
		}
		while (len) {
			ssize_t n = pwrite(fd, blk, len, off);

			if (n < 0) {
				if (errno == EINTR)
					continue;
				ret = -errno;
				mm_set_error(d, "%s: cannot write the cache file in %s: %s",
					     what, dir, strerror(errno));
				return ret;
			}
			blk = (const char *)blk + n;
			len -= n;
			off += n;
		}
	}
	/* A sparse member may end in a hole: give the file its full length. */
	if (declared > 0 && (uint64_t)declared > produced)
		produced = declared;
	if (ftruncate(fd, produced)) {
		mm_set_error(d, "%s: cannot size the cache file: %s", what,
			     strerror(errno));
		return -errno;
	}
	return 0;
}

static void list_add(char *list, size_t len, const char *name, int *count)
{
	size_t l = strlen(list);

	if (*count < AR_MAX_NAMES)
		snprintf(list + l, len - l, "%s'%s'", l ? ", " : "", name);
	else if (*count == AR_MAX_NAMES)
		snprintf(list + l, len - l, ", ...");
	(*count)++;
}

/*
 * Read the archive once: extract the wanted member (or the only plausible
 * one, which needs the whole listing) to @fd.
 */
static int decode(struct mm_input *d, struct mm_src *src,
		  enum mm_container_kind kind, const char *member, int fd,
		  const char *dir, char *chosen, size_t chosen_len)
{
	char names[256] = "", others[256] = "", what[160];
	struct archive_entry *e;
	struct archive *a;
	struct ar_in *in;
	int r, ret = 0, n_names = 0, n_plausible = 0, n_others = 0;
	bool done = false, retry = false;
	char only[256] = "";

	in = calloc(1, sizeof(*in));
	a = archive_read_new();
	if (!in || !a) {
		ret = -ENOMEM;
		goto out_free;
	}
	in->d = d;
	in->src = src;
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_7zip(a);
	/* A bare compressed stream is one unnamed entry. */
	if (kind == MM_CONT_XZ || kind == MM_CONT_BZIP2 || kind == MM_CONT_ZSTD)
		archive_read_support_format_raw(a);
	archive_read_set_callback_data(a, in);
	archive_read_set_read_callback(a, ar_read);
	archive_read_set_seek_callback(a, ar_seek);
	archive_read_set_skip_callback(a, ar_skip);
	if (archive_read_open1(a) != ARCHIVE_OK) {
		mm_set_error(d, "%s: %s", mm_container_kind_name(kind),
			     archive_error_string(a) ? archive_error_string(a) :
			     "cannot open");
		ret = in->err ? in->err : -EINVAL;
		goto out_free;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
	       r == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(e);

		if (archive_format(a) == ARCHIVE_FORMAT_RAW) {
			snprintf(what, sizeof(what), "%s stream",
				 mm_container_kind_name(kind));
			ret = extract(d, a, in, fd, what, dir, -1);
			done = true;
			/*
			 * The stream ended (bytes consumed, not read ahead)
			 * long before the file: a dump that starts with a
			 * compressed blob, not a compressed file.
			 */
			if (!ret && !src->ops &&
			    src->size - (uint64_t)archive_filter_bytes(a, -1) >
			    MM_NOT_CONTAINER_TAIL)
				ret = -ENOMSG;

			break;
		}
		if (!name)
			name = "";
		if (archive_entry_filetype(e) == AE_IFREG) {
			if (!n_names)
				snprintf(only, sizeof(only), "%s", name);
			list_add(names, sizeof(names), name, &n_names);
		}
		if (member) {
			if (!member_matches(name, member))
				continue;
			if (archive_entry_filetype(e) != AE_IFREG) {
				mm_set_error(d, "member '%s' is not a regular file",
					     member);
				ret = -EINVAL;
				goto out_close;
			}
		} else if (!plausible(e)) {
			continue;
		} else if (n_plausible++) {
			list_add(others, sizeof(others), name, &n_others);
			continue;
		}
		snprintf(what, sizeof(what), "member '%s'", name);
		snprintf(chosen, chosen_len, "%s %s",
			 ar_format_name(archive_format(a)), name);
		if (archive_entry_size_is_set(e)) {
			ret = mm_container_check_size(d, what,
						      archive_entry_size(e),
						      src->size);
			if (ret)
				goto out_close;
			if (!room_for(dir, archive_entry_size(e))) {
				mm_set_error(d, "%s: no room for its %" PRId64 " bytes in %s (set MM_CACHE_DIR)",
					     what, (int64_t)archive_entry_size(e), dir);
				ret = -ENOSPC;
				goto out_close;
			}
		}
		ret = extract(d, a, in, fd, what, dir,
			      archive_entry_size_is_set(e) ?
			      archive_entry_size(e) : -1);
		if (ret)
			goto out_close;
		done = true;
		if (member)
			break;
		list_add(others, sizeof(others), name, &n_others);
	}
	if (!done && r != ARCHIVE_EOF && r < ARCHIVE_WARN) {
		mm_set_error(d, "%s: %s", mm_container_kind_name(kind),
			     archive_error_string(a) ? archive_error_string(a) :
			     "corrupt archive");
		ret = in->err ? in->err : -EINVAL;
		goto out_close;
	}
	if (ret)
		goto out_close;
	if (n_plausible > 1) {
		mm_set_error(d, "%s archive holds several dumps: %s (choose one with --member)",
			     mm_container_kind_name(kind), others);
		ret = -EINVAL;
	} else if (!done && member) {
		mm_set_error(d, "no member '%s' in the %s archive (regular files: %s)",
			     member, mm_container_kind_name(kind),
			     n_names ? names : "none");
		ret = -ENOENT;
	} else if (!done && n_names == 1 && strlen(only) < sizeof(only) - 1) {
		/* The archive's only file (a compressed dump, say): take it. */
		retry = true;
	} else if (!done) {
		mm_set_error(d, "no member of the %s archive looks like a dump (regular files: %s; choose one with --member)",
			     mm_container_kind_name(kind),
			     n_names ? names : "none");
		ret = -EINVAL;
	}
out_close:
	archive_read_close(a);
out_free:
	if (a)
		archive_read_free(a);
	if (d->opts.progress && in)
		d->opts.progress(d->opts.progress_arg, "decoding", src->size,
				 src->size);
	free(in);
	if (ret == -ENOMEM && !d->err[0])
		mm_set_error(d, "out of memory");
	if (retry)
		return decode(d, src, kind, only, fd, dir, chosen, chosen_len);
	return ret;
}

/*
 * The cache name by content: a hash of the input file's bytes in place of
 * its identity, so that a copy of a dump finds the cache its original made.
 * Return: 0, or -errno when there is no plain file below @src.
 */
static int content_path(const struct mm_src *src, const char *key,
			const char *dir, char *path, size_t len)
{
	const char *rest = strchr(key, '|');
	uint8_t md[MM_SHA256_LEN];
	char hex[MM_SHA256_HEX];
	struct mm_sha256 h;
	int ret;

	while (src->lower)
		src = src->lower;
	if (src->ops || src->fd < 0 || !rest || strncmp(key, "file:", 5))
		return -EINVAL;
	ret = mm_sha256_fd(src->fd, md, NULL, NULL);
	if (ret)
		return ret;
	mm_sha256_hex(md, hex);
	mm_sha256_init(&h);
	mm_sha256_update(&h, "content:", 8);
	mm_sha256_update(&h, hex, strlen(hex));
	mm_sha256_update(&h, rest, strlen(rest));
	mm_sha256_final(&h, md);
	mm_sha256_hex(md, hex);
	snprintf(path, len, "%s/muse-mount-%s.dump", dir, hex);
	return 0;
}

int mm_archive_stack(struct mm_input *d, struct mm_src *src,
		     enum mm_container_kind kind, char *key, size_t keylen,
		     const char *member)
{
	const char *dir = mm_cache_dir();
	char cpath[4096];
	bool by_content;
	uint8_t md[MM_SHA256_LEN];
	char hex[MM_SHA256_HEX], path[4096], tmp[4096], what[160];
	char chosen[140] = "";
	struct mm_sha256 h;
	size_t l;
	int fd, ret;

	l = strlen(key);
	if ((size_t)snprintf(key + l, keylen - l, "|%s|member=%s",
			     mm_container_kind_name(kind),
			     member ? member : "") >= keylen - l) {
		mm_set_error(d, "containers nested too deeply");
		return -EINVAL;
	}
	mm_sha256_init(&h);
	mm_sha256_update(&h, key, strlen(key));
	mm_sha256_final(&h, md);
	mm_sha256_hex(md, hex);
	snprintf(path, sizeof(path), "%s/muse-mount-%s.dump", dir, hex);
	if (member)
		snprintf(what, sizeof(what), "%s member '%s'",
			 mm_container_kind_name(kind), member);
	else if (kind == MM_CONT_ZIP || kind == MM_CONT_7Z ||
		 kind == MM_CONT_TAR)
		snprintf(what, sizeof(what), "%s, its only dump member",
			 mm_container_kind_name(kind));
	else
		snprintf(what, sizeof(what), "%s", mm_container_kind_name(kind));
	/* Decoded before from the same input: reuse it. */
	ret = stack_cache(d, src, path, what);
	if (ret != -ENOENT) {
		if (ret && !d->err[0])
			mm_set_error(d, "cannot open the cache file %s: %s",
				     path, strerror(-ret));
		return ret;
	}
	/* From a copy of it: reuse that, and name it after this input too. */
	by_content = !content_path(src, key, dir, cpath, sizeof(cpath));
	if (by_content) {
		ret = stack_cache(d, src, cpath, what);
		if (!ret) {
			if (link(cpath, path) && errno != EEXIST)
				d->err[0] = 0;	/* only a shortcut */
			return 0;
		}
		if (ret != -ENOENT) {
			if (!d->err[0])
				mm_set_error(d, "cannot open the cache file %s: %s",
					     cpath, strerror(-ret));
			return ret;
		}
	}

	snprintf(tmp, sizeof(tmp), "%s/muse-mount-%s.XXXXXX", dir, hex);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		mm_set_error(d, "cannot create a cache file in %s: %s (set MM_CACHE_DIR)",
			     dir, strerror(errno));
		return ret;
	}
	ret = decode(d, src, kind, member, fd, dir, chosen, sizeof(chosen));
	if (!ret && close(fd)) {
		ret = -errno;
		mm_set_error(d, "cannot write the cache file in %s: %s", dir,
			     strerror(errno));
	} else if (ret) {
		close(fd);
	}
	if (!ret && rename(tmp, by_content ? cpath : path)) {
		ret = -errno;
		mm_set_error(d, "cannot rename the cache file in %s: %s", dir,
			     strerror(errno));
	}
	if (ret) {
		unlink(tmp);
		if (ret == -ENOMSG)
			d->err[0] = 0;
		return ret;
	}
	if (by_content) {
		/* Found by identity next time, without hashing. */
		if (link(cpath, path) && errno != EEXIST)
			snprintf(path, sizeof(path), "%s", cpath);
	}
	if (chosen[0]) {
		/* chosen: "<archive format> <member name>" */
		const char *sp = strchr(chosen, ' ');
		size_t fl = sp - chosen;

		if (strlen(mm_container_kind_name(kind)) == fl &&
		    !strncmp(chosen, mm_container_kind_name(kind), fl))
			snprintf(what, sizeof(what), "%.*s member '%s'",
				 (int)fl, chosen, sp + 1);
		else
			snprintf(what, sizeof(what), "%s, %.*s member '%s'",
				 mm_container_kind_name(kind), (int)fl, chosen,
				 sp + 1);
	}
	ret = stack_cache(d, src, path, what);
	if (ret && !d->err[0])
		mm_set_error(d, "cannot open the cache file %s: %s", path,
			     strerror(-ret));
	return ret;
}

#else /* !HAVE_LIBARCHIVE */

int mm_archive_stack(struct mm_input *d, struct mm_src *src,
		     enum mm_container_kind kind, char *key, size_t keylen,
		     const char *member)
{
	(void)src;
	(void)key;
	(void)keylen;
	(void)member;
	(void)stack_cache;
	mm_set_error(d, "%s: this build has no libarchive",
		     mm_container_kind_name(kind));
	return -ENOTSUP;
}

#endif /* HAVE_LIBARCHIVE */

/* ---- recognising them ------------------------------------------------ */

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

static bool sniff_xz(const uint8_t *b, size_t len, const struct mm_src *src)
{
	(void)src;
	/* FD '7zXZ' 00 (xz-file-format 2.2.1). */
	return len >= 6 && !memcmp(b, "\xfd" "7zXZ\0", 6);
}

static bool sniff_bzip2(const uint8_t *b, size_t len, const struct mm_src *src)
{
	(void)src;
	/* "BZh1".."BZh9", then a block (pi) or end (sqrt pi) magic. */
	return len >= 10 && !memcmp(b, "BZh", 3) && b[3] >= '1' &&
	       b[3] <= '9' &&
	       (!memcmp(b + 4, "\x31\x41\x59\x26\x53\x59", 6) ||
		!memcmp(b + 4, "\x17\x72\x45\x38\x50\x90", 6));
}

static bool sniff_zstd(const uint8_t *b, size_t len, const struct mm_src *src)
{
	(void)src;
	/* Frame magic 0xFD2FB528, little endian (RFC 8878). */
	return len >= 4 && !memcmp(b, "\x28\xb5\x2f\xfd", 4);
}

static bool sniff_zip(const uint8_t *b, size_t len, const struct mm_src *src)
{
	/* A local file header, or the end record of an empty archive; and
	 * the end record, which a dump merely starting like one lacks. */
	return len >= 4 && (!memcmp(b, "PK\3\4", 4) || !memcmp(b, "PK\5\6", 4)) &&
	       zip_has_end(src);
}

static bool sniff_7z(const uint8_t *b, size_t len, const struct mm_src *src)
{
	(void)src;
	return len >= 6 && !memcmp(b, "7z\xbc\xaf\x27\x1c", 6) &&
	       sevenzip_header_ok(b, len);
}

static bool sniff_tar(const uint8_t *b, size_t len, const struct mm_src *src)
{
	(void)src;
	return len >= 512 && tar_header_ok(b);
}

static int archive_entry_stack(struct mm_input *d, struct mm_src *src,
			       const struct mm_container *c, char *key,
			       size_t keylen, const char *member)
{
	return mm_archive_stack(d, src, c->kind, key, keylen, member);
}

#define MM_ARCHIVE_CONTAINER(id, k, is_archive)				\
	const struct mm_container mm_cont_##id = {			\
		.name = #id, .kind = k, .archive = is_archive,		\
		.sniff = sniff_##id, .stack = archive_entry_stack,	\
	}

MM_ARCHIVE_CONTAINER(xz, MM_CONT_XZ, false);
MM_ARCHIVE_CONTAINER(bzip2, MM_CONT_BZIP2, false);
MM_ARCHIVE_CONTAINER(zstd, MM_CONT_ZSTD, false);
MM_ARCHIVE_CONTAINER(zip, MM_CONT_ZIP, true);
MM_ARCHIVE_CONTAINER(7z, MM_CONT_7Z, true);
MM_ARCHIVE_CONTAINER(tar, MM_CONT_TAR, true);
