// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * e01.c - Expert Witness Format (EnCase .E01, split into .E02, .E03 ...)
 * evidence files, read through libewf.
 *
 * The first segment is recognised by its EVF signature; libewf_glob()
 * finds the others by the EWF naming scheme (.E01 ... .E99, .EAA ...) next
 * to it. Reads go to libewf_handle_read_random(): libewf keeps
 * the chunk table of every segment, so a read decompresses only the chunks
 * it touches (32 KiB each by default) and the media is never unpacked to
 * disk. A chunk whose checksum (Adler-32) or deflate stream is damaged is
 * a read error, never zeros.
 *
 * The MD5 and SHA-1 the acquisition stored, and the case fields of the
 * header (case number, examiner, evidence number, acquisition date), are
 * the layer's props for the provenance in 'info'; 'info --verify' reads
 * the whole media and compares its hashes with the stored ones.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"

/* EVF signature: "EVF" 09 0D 0A FF 00 */
static bool sniff_e01(const uint8_t *b, size_t len, const struct mm_src *src)
{
	(void)src;
	return len >= 8 && !memcmp(b, "EVF\x09\x0d\x0a\xff\x00", 8);
}

#ifdef HAVE_LIBEWF

#include <pthread.h>
#include <libewf.h>

#include "../../core/util/digest.h"

#define E01_VERIFY_STEP	(1u << 20)

struct e01 {
	libewf_handle_t *h;
	pthread_mutex_t lock;
	int nseg;
	uint32_t bps;			/* bytes per sector */
	char first[256], last[256];	/* segment file names, for reports */
	const char *compression;	/* "deflate fast", ... */
	bool has_md5, has_sha1;
	uint8_t md5[MM_MD5_LEN], sha1[MM_SHA1_LEN];
	struct mm_src_prop fields[6];
	int nfields;
};

/*
 * libewf's reason for @err on one line, and @err freed: the first line of
 * the backtrace is the innermost cause ("libfoo_bar: unable to ...").
 */
static void e01_errmsg(libewf_error_t **err, char *buf, size_t len)
{
	char *p;

	buf[0] = 0;
	if (*err) {
		libewf_error_backtrace_sprint(*err, buf, len);
		libewf_error_free(err);
	}
	p = strpbrk(buf, "\r\n");
	if (p)
		*p = 0;
	/* libcerror prefixes the function that failed: keep what follows */
	p = strstr(buf, ": ");
	if (p && !strncmp(buf, "lib", 3) && !memchr(buf, ' ', p - buf))
		memmove(buf, p + 2, strlen(p + 2) + 1);
	p = buf + strlen(buf);
	while (p > buf && (p[-1] == ' ' || p[-1] == '.'))
		*--p = 0;
	if (!buf[0])
		snprintf(buf, len, "libewf gave no reason");
}

/*
 * Does [@off, @off + @len) touch a chunk whose checksum failed? libewf
 * lists such chunks once read (and serves their bytes as stored, from its
 * cache on later reads), so every read is checked against the list. Lock
 * held.
 */
static bool e01_damaged(struct e01 *e, uint64_t off, uint64_t len,
			uint64_t *bad)
{
	libewf_error_t *err = NULL;
	uint64_t first, count;
	uint32_t n = 0, i;

	if (libewf_handle_get_number_of_checksum_errors(e->h, &n, &err) != 1) {
		libewf_error_free(&err);
		return false;
	}
	for (i = 0; i < n; i++) {
		if (libewf_handle_get_checksum_error(e->h, i, &first, &count,
						     &err) != 1) {
			libewf_error_free(&err);
			continue;
		}
		first *= e->bps;
		count *= e->bps;
		if (first < off + len && off < first + count) {
			*bad = first > off ? first : off;
			return true;
		}
	}
	return false;
}

static ssize_t e01_pread(const struct mm_src *src, void *buf, size_t len,
			 uint64_t off)
{
	struct e01 *e = src->priv;
	libewf_error_t *err = NULL;
	size_t done = 0;
	ssize_t n = 0;
	uint64_t bad;

	if (off >= src->size)
		return 0;
	if (len > src->size - off)
		len = src->size - off;
	pthread_mutex_lock(&e->lock);
	while (done < len) {
		n = libewf_handle_read_random(e->h, (uint8_t *)buf + done,
					      len - done,
					      (off64_t)(off + done), &err);
		if (n <= 0)
			break;
		done += n;
	}
	if (n >= 0 && done && e01_damaged(e, off, done, &bad))
		n = -1;
	pthread_mutex_unlock(&e->lock);
	if (err)
		libewf_error_free(&err);
	if (n < 0)
		return -EIO;
	return done;
}

static void e01_free(struct e01 *e)
{
	libewf_error_t *err = NULL;

	if (e->h) {
		libewf_handle_close(e->h, &err);
		if (err)
			libewf_error_free(&err);
		libewf_handle_free(&e->h, &err);
		if (err)
			libewf_error_free(&err);
	}
	pthread_mutex_destroy(&e->lock);
	free(e);
}

static void e01_close(struct mm_src *src)
{
	if (src->priv)
		e01_free(src->priv);
	src->priv = NULL;
}

static bool e01_layer_name(const struct mm_src *s, char *buf, size_t len);
static int e01_props(const struct mm_src *s, struct mm_src_prop *p, int max);
static int e01_verify(const struct mm_src *s, char *msg, size_t len);

static const struct mm_src_ops e01_ops = {
	.name = e01_layer_name,
	.pread = e01_pread,
	.close = e01_close,
	.kind = "container",
	.props = e01_props,
	.verify = e01_verify,
};

static bool e01_layer_name(const struct mm_src *s, char *buf, size_t len)
{
	const struct e01 *e = s->priv;

	if (s->ops != &e01_ops)
		return false;
	if (e->nseg > 1)
		snprintf(buf, len, "e01, %d segments (%s ... %s), %s", e->nseg,
			 e->first, e->last, e->compression);
	else
		snprintf(buf, len, "e01, 1 segment, %s", e->compression);
	return true;
}

static void prop(struct mm_src_prop *p, const char *key, const char *val)
{
	snprintf(p->key, sizeof(p->key), "%s", key);
	snprintf(p->val, sizeof(p->val), "%s", val);
}

static int e01_props(const struct mm_src *s, struct mm_src_prop *p, int max)
{
	const struct e01 *e = s->priv;
	char hex[2 * MM_SHA1_LEN + 1];
	int n = 0, i;

	if (s->ops != &e01_ops)
		return 0;
	if (e->has_md5 && n < max) {
		mm_digest_hex(e->md5, MM_MD5_LEN, hex);
		prop(&p[n++], "md5", hex);
	}
	if (e->has_sha1 && n < max) {
		mm_digest_hex(e->sha1, MM_SHA1_LEN, hex);
		prop(&p[n++], "sha1", hex);
	}
	if (n < max) {
		snprintf(hex, sizeof(hex), "%d", e->nseg);
		prop(&p[n++], "segments", hex);
	}
	for (i = 0; i < e->nfields && n < max; i++)
		p[n++] = e->fields[i];
	return n;
}

static int e01_verify(const struct mm_src *s, char *msg, size_t len)
{
	const struct e01 *e = s->priv;
	uint8_t *buf, md[MM_SHA1_LEN];
	char want[2 * MM_SHA1_LEN + 1], got[2 * MM_SHA1_LEN + 1];
	struct mm_digest m5, s1;
	uint64_t off;
	ssize_t n;
	size_t o = 0;
	int ok = 1;

	if (!e->has_md5 && !e->has_sha1) {
		snprintf(msg, len, "the E01 stores no MD5 or SHA-1");
		return -ENOENT;
	}
	buf = malloc(E01_VERIFY_STEP);
	if (!buf) {
		snprintf(msg, len, "out of memory");
		return -ENOMEM;
	}
	mm_md5_init(&m5);
	mm_sha1_init(&s1);
	for (off = 0; off < s->size; off += n) {
		n = e01_pread(s, buf, E01_VERIFY_STEP, off);
		if (n <= 0) {
			struct e01 *me = s->priv;
			uint64_t bad = off;
			bool sum;

			pthread_mutex_lock(&me->lock);
			sum = e01_damaged(me, off, E01_VERIFY_STEP, &bad);
			pthread_mutex_unlock(&me->lock);
			if (sum)
				snprintf(msg, len, "chunk checksum mismatch at 0x%" PRIx64 " of the media: the segment files are damaged",
					 bad);
			else
				snprintf(msg, len, "read failed: %s (at 0x%" PRIx64 " of the media)",
					 strerror(n < 0 ? (int)-n : EIO), off);
			free(buf);
			return n < 0 ? (int)n : -EIO;
		}
		if (e->has_md5)
			mm_digest_update(&m5, buf, n);
		if (e->has_sha1)
			mm_digest_update(&s1, buf, n);
	}
	free(buf);
	msg[0] = 0;
	if (e->has_md5) {
		mm_digest_final(&m5, md);
		mm_digest_hex(md, MM_MD5_LEN, got);
		mm_digest_hex(e->md5, MM_MD5_LEN, want);
		if (strcmp(got, want)) {
			ok = 0;
			o += snprintf(msg + o, len - o, "md5 mismatch: stored %s, read %s",
				      want, got);
		} else {
			o += snprintf(msg + o, len - o, "md5 %s matches", got);
		}
	}
	if (e->has_sha1 && o < len) {
		mm_digest_final(&s1, md);
		mm_digest_hex(md, MM_SHA1_LEN, got);
		mm_digest_hex(e->sha1, MM_SHA1_LEN, want);
		if (strcmp(got, want)) {
			ok = 0;
			snprintf(msg + o, len - o, "%ssha1 mismatch: stored %s, read %s",
				 o ? ", " : "", want, got);
		} else {
			snprintf(msg + o, len - o, "%ssha1 %s matches",
				 o ? ", " : "", got);
		}
	}
	return ok;
}

static void e01_field(struct e01 *e, const char *id, const char *key)
{
	libewf_error_t *err = NULL;
	uint8_t val[256];
	int r;

	if (e->nfields >= (int)(sizeof(e->fields) / sizeof(e->fields[0])))
		return;
	r = libewf_handle_get_utf8_header_value(e->h, (const uint8_t *)id,
						strlen(id), val, sizeof(val),
						&err);
	if (err)
		libewf_error_free(&err);
	if (r == 1 && val[0])
		prop(&e->fields[e->nfields++], key, (const char *)val);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int e01_open(struct mm_input *d, struct e01 *e, const char *path)
{
	libewf_error_t *err = NULL;
	char **names = NULL, *one[1] = { (char *)path }, why[512];
	int n = 0, ret = -EINVAL;
	bool globbed = true;
	int8_t level = 0;
	uint8_t flags = 0;

	if (libewf_glob(path, strlen(path), LIBEWF_FORMAT_UNKNOWN, &names, &n,
			&err) != 1 || n < 1) {
		/* not named .E01 (renamed evidence): that file alone */
		if (err)
			libewf_error_free(&err);
		if (names)
			libewf_glob_free(names, n, NULL);
		names = one;
		n = 1;
		globbed = false;
	}
	if (libewf_handle_initialize(&e->h, &err) != 1) {
		e01_errmsg(&err, why, sizeof(why));
		mm_set_error(d, "e01: %s", why);
		ret = -ENOMEM;
		goto out_glob;
	}
	if (libewf_handle_open(e->h, names, n, LIBEWF_OPEN_READ, &err) != 1) {
		e01_errmsg(&err, why, sizeof(why));
		if (n > 1)
			mm_set_error(d, "e01: cannot open the segment files (%d found, %s ... %s): %s",
				     n, base_name(names[0]),
				     base_name(names[n - 1]), why);
		else
			mm_set_error(d, "e01: cannot open the segment file: %s",
				     why);
		libewf_handle_free(&e->h, NULL);
		e->h = NULL;
		goto out_glob;
	}
	e->nseg = n;
	snprintf(e->first, sizeof(e->first), "%s", base_name(names[0]));
	snprintf(e->last, sizeof(e->last), "%s", base_name(names[n - 1]));
	e->compression = "uncompressed";
	if (libewf_handle_get_compression_values(e->h, &level, &flags,
						 &err) == 1) {
		if (level == LIBEWF_COMPRESSION_FAST)
			e->compression = "compressed (deflate fast)";
		else if (level == LIBEWF_COMPRESSION_BEST)
			e->compression = "compressed (deflate best)";
		else if (level != LIBEWF_COMPRESSION_NONE)
			e->compression = "compressed (deflate)";
		else if (flags & LIBEWF_COMPRESS_FLAG_USE_EMPTY_BLOCK_COMPRESSION)
			e->compression = "compressed (empty blocks only)";
	}
	if (err)
		libewf_error_free(&err);
	libewf_handle_set_read_zero_chunk_on_error(e->h, 0, NULL);
	if (libewf_handle_get_bytes_per_sector(e->h, &e->bps, &err) != 1 ||
	    !e->bps)
		e->bps = 512;
	if (err)
		libewf_error_free(&err);
	e->has_md5 = libewf_handle_get_md5_hash(e->h, e->md5, sizeof(e->md5),
						&err) == 1;
	if (err)
		libewf_error_free(&err);
	e->has_sha1 = libewf_handle_get_sha1_hash(e->h, e->sha1,
						  sizeof(e->sha1), &err) == 1;
	if (err)
		libewf_error_free(&err);
	e01_field(e, "case_number", "case_number");
	e01_field(e, "evidence_number", "evidence_number");
	e01_field(e, "examiner_name", "examiner");
	e01_field(e, "description", "description");
	e01_field(e, "acquiry_date", "acquisition_date");
	e01_field(e, "acquiry_software_version", "acquisition_software");
	ret = 0;
out_glob:
	if (globbed)
		libewf_glob_free(names, n, NULL);
	return ret;
}

/*
 * libewf opens the segments it was given even when the set lacks some (a
 * missing .E02 stops libewf_glob() at .E01), and reads past them as zeros:
 * a set that does not end in a "done" section is refused.
 */
static int e01_complete(struct mm_input *d, struct e01 *e, uint64_t size)
{
	libewf_error_t *err = NULL;
	char next[256];
	size_t l;
	int r;

	r = libewf_handle_segment_files_corrupted(e->h, &err);
	if (err)
		libewf_error_free(&err);
	if (r != 1)
		return 0;
	/* the name after the last segment found, for .E01 to .E98 */
	snprintf(next, sizeof(next), "%s", e->last);
	l = strlen(next);
	if (l > 2 && next[l - 2] >= '0' && next[l - 2] <= '9' &&
	    next[l - 1] >= '0' && next[l - 1] <= '9' &&
	    strcmp(next + l - 2, "99")) {
		int v = (next[l - 2] - '0') * 10 + next[l - 1] - '0' + 1;

		next[l - 2] = '0' + v / 10;
		next[l - 1] = '0' + v % 10;
		if (e->nseg > 1)
			mm_set_error(d, "e01: segment %s is missing (the %d segments found, %s ... %s, end before the media's %" PRIu64 " bytes)",
				     next, e->nseg, e->first, e->last, size);
		else
			mm_set_error(d, "e01: segment %s is missing (the only segment found, %s, ends before the media's %" PRIu64 " bytes, or is truncated)",
				     next, e->first, size);
	} else {
		mm_set_error(d, "e01: a segment after %s is missing (the %d segment%s found end before the media's %" PRIu64 " bytes)",
			     e->last, e->nseg, e->nseg > 1 ? "s" : "", size);
	}
	return -ENOENT;
}

static int stack_e01(struct mm_input *d, struct mm_src *src,
		     const struct mm_container *c, char *key, size_t keylen,
		     const char *member)
{
	libewf_error_t *err = NULL;
	size64_t size = 0;
	struct e01 *e;
	char why[512];
	int ret;

	(void)member;
	if (src->ops) {
		/* libewf opens the segments by name: not inside another layer */
		mm_set_error(d, "e01: an E01 inside another container cannot be read; unpack it first");
		return -EINVAL;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	pthread_mutex_init(&e->lock, NULL);
	ret = e01_open(d, e, src->path);
	if (ret)
		goto out_free;
	if (libewf_handle_get_media_size(e->h, &size, &err) != 1 || !size) {
		e01_errmsg(&err, why, sizeof(why));
		mm_set_error(d, "e01: no media size: %s", size ? why : "the media is empty");
		ret = -EINVAL;
		goto out_free;
	}
	ret = e01_complete(d, e, size);
	if (ret)
		goto out_free;
	ret = mm_src_stack(src, &e01_ops, e, size);
	if (ret)
		goto out_free;
	return mm_container_key_append(d, key, keylen, "|%s", c->name);

out_free:
	e01_free(e);
	return ret;
}

#else /* !HAVE_LIBEWF */

static int stack_e01(struct mm_input *d, struct mm_src *src,
		     const struct mm_container *c, char *key, size_t keylen,
		     const char *member)
{
	(void)src;
	(void)c;
	(void)key;
	(void)keylen;
	(void)member;
	mm_set_error(d, "e01: an Expert Witness (E01) file, but this build has no libewf (install libewf-dev and rebuild)");
	return -ENOTSUP;
}

#endif /* HAVE_LIBEWF */

const struct mm_container mm_cont_e01 = {
	.name = "e01",
	.sniff = sniff_e01,
	.stack = stack_e01,
};
