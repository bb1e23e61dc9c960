// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gzip.c - gzip-compressed dumps read at random through a seek index.
 *
 * One pass at open inflates everything (checking each member's CRC-32 and
 * length), and every MM_GZIP_SPAN bytes of output (doubled whenever
 * more than GZ_MAX_WINDOWS points would be kept), at a deflate block
 * boundary, records an access point: the compressed offset, the number of
 * bits of the previous byte that belong to the next block, and the last
 * 32 KiB of output (the dictionary the next block may refer to). This is
 * the method of zlib's examples/zran.c. Concatenated members (pigz, cat
 * a.gz b.gz) are each a point of their own with no dictionary.
 *
 * Reads are served from a cursor (an inflate state and the chunk it last
 * produced) so that sequential reads never seek; a read behind the cursor
 * or far ahead of it restarts at the nearest access point.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"

#ifdef HAVE_ZLIB

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include <zlib.h>

#include "../../core/util/sha256.h"

#define GZ_WINSIZE	32768u
#define GZ_INBUF	65536u
#define GZ_CHUNK	65536u
/* At most this many 32 KiB windows (32 MiB); past it the span doubles. */
#define GZ_MAX_WINDOWS	1024u

/*
 * struct gz_point - where inflate can restart
 * @out: output offset
 * @in: compressed offset of the first whole byte
 * @bits: bits of the byte at @in - 1 still to feed (0..7)
 * @window: the GZ_WINSIZE bytes before @out, or NULL at a member start
 */
struct gz_point {
	uint64_t out;
	uint64_t in;
	int bits;
	uint8_t *window;
};

struct gz {
	struct gz_point *pts;
	size_t npts, cap;
	pthread_mutex_t lock;
	z_stream zs;
	bool live;		/* zs is positioned at cur_out */
	uint64_t cur_out;	/* output offset of the next byte inflate makes */
	uint64_t in_pos;	/* compressed offset of the next input read */
	uint8_t inbuf[GZ_INBUF];
	uint8_t chunk[GZ_CHUNK];
	uint64_t chunk_off;
	size_t chunk_len;
	char index_path[4096];	/* the index file, "" for none */
	bool index_reused;
};

static void gz_free(struct gz *g)
{
	size_t i;

	for (i = 0; i < g->npts; i++)
		free(g->pts[i].window);
	free(g->pts);
	inflateEnd(&g->zs);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

static int gz_add_point(struct gz *g, uint64_t out, uint64_t in, int bits,
			const uint8_t *win, size_t left)
{
	struct gz_point *p;

	if (g->npts == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;

		p = realloc(g->pts, cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		g->pts = p;
		g->cap = cap;
	}
	p = &g->pts[g->npts];
	p->out = out;
	p->in = in;
	p->bits = bits;
	p->window = NULL;
	if (win) {
		/* @win is circular; the oldest byte is at GZ_WINSIZE - left. */
		p->window = malloc(GZ_WINSIZE);
		if (!p->window)
			return -ENOMEM;
		if (left)
			memcpy(p->window, win + GZ_WINSIZE - left, left);
		memcpy(p->window + left, win, GZ_WINSIZE - left);
	}
	g->npts++;
	return 0;
}

/* GZ_MAX_WINDOWS; MM_GZIP_MAX_WINDOWS (>= 2) lowers it for the tests. */
static size_t gz_max_windows(void)
{
	const char *e = getenv("MM_GZIP_MAX_WINDOWS");
	long v = e ? strtol(e, NULL, 10) : 0;

	return v >= 2 && v < (long)GZ_MAX_WINDOWS ? (size_t)v : GZ_MAX_WINDOWS;
}

/*
 * Keep the index small: drop every other point that carries a window (a
 * member start costs nothing and is always kept). Return: windows left.
 */
static size_t gz_thin(struct gz *g)
{
	size_t i, o = 0, nwin = 0;
	bool drop = false;

	for (i = 0; i < g->npts; i++) {
		struct gz_point *p = &g->pts[i];

		if (p->window) {
			drop = !drop;
			if (!drop) {
				free(p->window);
				continue;
			}
			nwin++;
		}
		g->pts[o++] = *p;
	}
	g->npts = o;
	return nwin;
}

/* gzip member header magic; anything else after a member is refused. */
static bool gz_member_follows(const struct mm_src *src, uint64_t off)
{
	uint8_t m[3];

	return mm_src_peek(src, off, 3, m) == 0 && m[0] == 0x1f &&
	       m[1] == 0x8b && m[2] == 8;
}

static bool gz_only_zeros(const struct mm_src *src, uint64_t off)
{
	uint8_t buf[4096];
	ssize_t n, i;

	while ((n = mm_src_pread(src, buf, sizeof(buf), off)) > 0) {
		for (i = 0; i < n; i++)
			if (buf[i])
				return false;
		off += n;
	}
	return n == 0;
}

/* The indexing pass: inflate everything once, keep access points. */
static int gz_build_index(struct mm_input *d, struct gz *g,
			  const struct mm_src *lower, uint64_t *size)
{
	uint8_t *win = NULL;
	uint64_t tin = 0, tout = 0, last = 0, next_report = 0;
	uint64_t span = MM_GZIP_SPAN;
	size_t nwin = 0, max_windows = gz_max_windows();
	z_stream *zs = &g->zs;
	ssize_t n;
	int ret, zret;

	win = malloc(GZ_WINSIZE);
	if (!win)
		return -ENOMEM;
	ret = gz_add_point(g, 0, 0, 0, NULL, 0);
	if (ret)
		goto out_free;
	zs->avail_in = 0;
	zs->avail_out = 0;
	for (;;) {
		if (!zs->avail_in) {
			n = mm_src_pread(lower, g->inbuf, GZ_INBUF, tin);
			if (n < 0) {
				mm_set_error(d, "gzip: read failed: %s (at 0x%" PRIx64 ")",
					     strerror(-n), tin);
				ret = n;
				goto out_free;
			}
			if (n == 0) {
				mm_set_error(d, "gzip: stream is truncated (ends at 0x%" PRIx64 ")",
					     tin);
				ret = -EINVAL;
				goto out_free;
			}
			zs->next_in = g->inbuf;
			zs->avail_in = n;
		}
		if (!zs->avail_out) {
			zs->next_out = win;
			zs->avail_out = GZ_WINSIZE;
		}
		tin += zs->avail_in;
		tout += zs->avail_out;
		zret = inflate(zs, Z_BLOCK);
		tin -= zs->avail_in;
		tout -= zs->avail_out;
		if (zret == Z_NEED_DICT || zret == Z_DATA_ERROR ||
		    zret == Z_MEM_ERROR) {
			mm_set_error(d, "gzip: corrupt stream: %s (near 0x%" PRIx64 " compressed, 0x%" PRIx64 " decoded)",
				     zs->msg ? zs->msg : "error", tin, tout);
			ret = zret == Z_MEM_ERROR ? -ENOMEM : -EINVAL;
			goto out_free;
		}
		ret = mm_container_check_size(d, "gzip stream", tout,
					      lower->size);
		if (ret)
			goto out_free;
		if (d->opts.progress && tin >= next_report) {
			d->opts.progress(d->opts.progress_arg, "indexing",
					 tin, lower->size);
			next_report = tin + (4u << 20);
		}
		if (zret == Z_STREAM_END) {
			/* Another member may follow (pigz, concatenation). */
			if (!zs->avail_in) {
				n = mm_src_pread(lower, g->inbuf, GZ_INBUF, tin);
				if (n < 0) {
					ret = n;
					goto out_free;
				}
				zs->next_in = g->inbuf;
				zs->avail_in = n;
			}
			if (!zs->avail_in || gz_only_zeros(lower, tin))
				break;
			if (!gz_member_follows(lower, tin)) {
				/*
				 * Much more data after the stream: a dump that
				 * merely starts with a gzip blob (a boot image,
				 * say), not a gzip file.
				 */
				if (lower->size - tin > MM_NOT_CONTAINER_TAIL &&
				    !lower->ops) {
					ret = -ENOMSG;
					goto out_free;
				}
				mm_set_error(d, "gzip: trailing garbage after the stream (at 0x%" PRIx64 ")",
					     tin);
				ret = -EINVAL;
				goto out_free;
			}
			inflateReset2(zs, 31);
			ret = gz_add_point(g, tout, tin, 0, NULL, 0);
			if (ret)
				goto out_free;
			last = tout;
			continue;
		}
		if ((zs->data_type & 128) && !(zs->data_type & 64) &&
		    tout - last >= span) {
			ret = gz_add_point(g, tout, tin, zs->data_type & 7, win,
					   zs->avail_out);
			if (ret)
				goto out_free;
			last = tout;
			if (++nwin > max_windows) {
				span *= 2;
				nwin = gz_thin(g);
			}
		}
	}
	if (d->opts.progress)
		d->opts.progress(d->opts.progress_arg, "indexing", lower->size,
				 lower->size);
	*size = tout;
	ret = 0;
out_free:
	free(win);
	return ret;
}

/* Restart inflate at access point @p. Called with the lock held. */
static int gz_seek_point(const struct mm_src *lower, struct gz *g,
			 const struct gz_point *p)
{
	uint8_t b;
	int ret;

	ret = inflateReset2(&g->zs, p->window ? -15 : 31);
	if (ret != Z_OK)
		return -EIO;
	g->zs.avail_in = 0;
	g->in_pos = p->in;
	if (p->bits) {
		ret = mm_src_peek(lower, p->in - 1, 1, &b);
		if (ret)
			return -EIO;
		inflatePrime(&g->zs, p->bits, b >> (8 - p->bits));
	}
	if (p->window &&
	    inflateSetDictionary(&g->zs, p->window, GZ_WINSIZE) != Z_OK)
		return -EIO;
	g->cur_out = p->out;
	g->live = true;
	g->chunk_len = 0;
	return 0;
}

static const struct gz_point *gz_find(const struct gz *g, uint64_t off)
{
	size_t lo = 0, hi = g->npts;

	/* The last point with out <= off (point 0 is at 0). */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (g->pts[mid].out <= off)
			lo = mid;
		else
			hi = mid;
	}
	/* Several points may share an offset (empty members): take the last. */
	return &g->pts[lo];
}

/* Inflate the next chunk at cur_out into g->chunk. Lock held. */
static int gz_next_chunk(const struct mm_src *src, struct gz *g)
{
	const struct mm_src *lower = src->lower;
	z_stream *zs = &g->zs;
	ssize_t n;
	int zret, ret;

	g->chunk_off = g->cur_out;
	g->chunk_len = 0;
	zs->next_out = g->chunk;
	zs->avail_out = GZ_CHUNK;
	while (zs->avail_out) {
		if (!zs->avail_in) {
			n = mm_src_pread(lower, g->inbuf, GZ_INBUF, g->in_pos);
			if (n <= 0)
				return n < 0 ? n : -EIO;
			zs->next_in = g->inbuf;
			zs->avail_in = n;
			g->in_pos += n;
		}
		zret = inflate(zs, Z_NO_FLUSH);
		if (zret == Z_STREAM_END) {
			const struct gz_point *p;
			uint64_t out = g->cur_out + (GZ_CHUNK - zs->avail_out);

			if (out >= src->size)
				break;
			/* The next member is an access point of its own. */
			p = gz_find(g, out);
			if (p->out != out || p->window)
				return -EIO;
			/* Keeps next_out, so the chunk goes on filling. */
			ret = gz_seek_point(lower, g, p);
			if (ret)
				return ret;
			continue;
		}
		if (zret != Z_OK && zret != Z_BUF_ERROR) {
			g->live = false;
			return -EIO;
		}
	}
	g->chunk_len = GZ_CHUNK - zs->avail_out;
	g->cur_out = g->chunk_off + g->chunk_len;
	return g->chunk_len ? 0 : -EIO;
}

static ssize_t gz_pread(const struct mm_src *src, void *buf, size_t len,
			uint64_t off)
{
	struct gz *g = src->priv;
	size_t done = 0, n;
	int ret = 0;

	if (off >= src->size)
		return 0;
	if (len > src->size - off)
		len = src->size - off;
	pthread_mutex_lock(&g->lock);
	while (done < len) {
		uint64_t pos = off + done;

		if (g->chunk_len && pos >= g->chunk_off &&
		    pos < g->chunk_off + g->chunk_len) {
			n = g->chunk_off + g->chunk_len - pos;
			if (n > len - done)
				n = len - done;
			memcpy((uint8_t *)buf + done,
			       g->chunk + (pos - g->chunk_off), n);
			done += n;
			continue;
		}
		if (!g->live || pos < g->cur_out ||
		    gz_find(g, pos)->out > g->cur_out) {
			ret = gz_seek_point(src->lower, g, gz_find(g, pos));
			if (ret)
				break;
		}
		ret = gz_next_chunk(src, g);
		if (ret) {
			g->live = false;
			break;
		}
	}
	pthread_mutex_unlock(&g->lock);
	return ret ? ret : (ssize_t)done;
}

static void gz_close(struct mm_src *src)
{
	if (src->priv)
		gz_free(src->priv);
	src->priv = NULL;
}

static bool gzip_layer_name(const struct mm_src *s, char *buf, size_t len);

static const struct mm_src_ops gz_ops = {
	.name = gzip_layer_name,
	.pread = gz_pread,
	.close = gz_close,
	.kind = "container",
};

static bool gzip_layer_name(const struct mm_src *s, char *buf, size_t len)
{
	const struct gz *g = s->priv;

	if (s->ops != &gz_ops)
		return false;
	if (g->index_path[0])
		snprintf(buf, len, "gzip, %zu access points, index %s %s",
			 g->npts, g->index_reused ? "reused from" : "kept in",
			 g->index_path);
	else
		snprintf(buf, len, "gzip, %zu access points", g->npts);
	return true;
}

/*
 * The index file: "MMGZIX01", then little-endian u64 decoded size,
 * compressed size, point count; per point u64 out, u64 in, u32 bits,
 * u32 has_window, and the 32 KiB window when it has one.
 */
#define GZI_MAGIC	"MMGZIX01"
#define GZI_MAX_POINTS	(1u << 20)

static bool gzi_read(FILE *f, void *buf, size_t len)
{
	return fread(buf, 1, len, f) == len;
}

static int gzi_load(struct gz *g, const char *path, const struct mm_src *lower,
		    uint64_t *size)
{
	uint8_t *win = NULL;
	uint64_t h[3], prev_out = 0, prev_in = 0, i;
	char magic[8];
	FILE *f;
	int ret = -EINVAL;

	f = fopen(path, "rbe");
	if (!f)
		return -ENOENT;
	win = malloc(GZ_WINSIZE);
	if (!win || !gzi_read(f, magic, 8) || memcmp(magic, GZI_MAGIC, 8) ||
	    !gzi_read(f, h, sizeof(h)) || h[1] != lower->size || !h[0] ||
	    !h[2] || h[2] > GZI_MAX_POINTS)
		goto out_close;
	for (i = 0; i < h[2]; i++) {
		uint64_t pt[2];
		uint32_t bw[2];

		if (!gzi_read(f, pt, sizeof(pt)) || !gzi_read(f, bw, sizeof(bw)))
			goto out_close;
		if (pt[0] < prev_out || pt[1] < prev_in || pt[0] > h[0] ||
		    pt[1] > lower->size || bw[0] > 7 || (bw[0] && !pt[1]) ||
		    bw[1] > 1 || (!i && (pt[0] || pt[1] || bw[1])))
			goto out_close;
		if (bw[1] && !gzi_read(f, win, GZ_WINSIZE))
			goto out_close;
		if (gz_add_point(g, pt[0], pt[1], bw[0], bw[1] ? win : NULL, 0))
			goto out_close;
		prev_out = pt[0];
		prev_in = pt[1];
	}
	*size = h[0];
	ret = 0;
out_close:
	if (ret) {
		for (i = 0; i < g->npts; i++)
			free(g->pts[i].window);
		g->npts = 0;
	}
	free(win);
	fclose(f);
	return ret;
}

/* Best effort: a missing index file only costs the next open a pass. */
static bool gzi_save(const struct gz *g, const char *path, uint64_t size,
		     uint64_t lower_size)
{
	char tmp[4200];
	uint64_t h[3] = { size, lower_size, g->npts };
	bool ok;
	size_t i;
	FILE *f;
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return false;
	f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(tmp);
		return false;
	}
	ok = fwrite(GZI_MAGIC, 1, 8, f) == 8 &&
	     fwrite(h, sizeof(h), 1, f) == 1;
	for (i = 0; ok && i < g->npts; i++) {
		const struct gz_point *p = &g->pts[i];
		uint64_t pt[2] = { p->out, p->in };
		uint32_t bw[2] = { (uint32_t)p->bits, p->window ? 1 : 0 };

		ok = fwrite(pt, sizeof(pt), 1, f) == 1 &&
		     fwrite(bw, sizeof(bw), 1, f) == 1 &&
		     (!p->window || fwrite(p->window, GZ_WINSIZE, 1, f) == 1);
	}
	if (fclose(f))
		ok = false;
	if (!ok || rename(tmp, path)) {
		unlink(tmp);
		return false;
	}
	return true;
}

static void gzi_path(const char *key, char *path, size_t len)
{
	uint8_t md[MM_SHA256_LEN];
	char hex[MM_SHA256_HEX];
	struct mm_sha256 h;

	mm_sha256_init(&h);
	mm_sha256_update(&h, key, strlen(key));
	mm_sha256_update(&h, "|gzip-index", 11);
	mm_sha256_final(&h, md);
	mm_sha256_hex(md, hex);
	snprintf(path, len, "%s/muse-mount-%s.gzi", mm_cache_dir(), hex);
}

int mm_gzip_stack_cached(struct mm_input *d, struct mm_src *src,
			 const char *key)
{
	struct gz *g;
	uint64_t size = 0;
	int ret;

	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	pthread_mutex_init(&g->lock, NULL);
	if (inflateInit2(&g->zs, 31) != Z_OK) {
		pthread_mutex_destroy(&g->lock);
		free(g);
		return -ENOMEM;
	}
	if (key)
		gzi_path(key, g->index_path, sizeof(g->index_path));
	if (key && gzi_load(g, g->index_path, src, &size) == 0) {
		g->index_reused = true;
	} else {
		ret = gz_build_index(d, g, src, &size);
		if (ret)
			goto out_free;
		if (!size) {
			mm_set_error(d, "gzip: the stream is empty");
			ret = -EINVAL;
			goto out_free;
		}
		/* Small streams index in a blink: keep no file for them. */
		if (!key || size < MM_GZIP_INDEX_MIN ||
		    !gzi_save(g, g->index_path, size, src->size))
			g->index_path[0] = 0;
	}
	ret = mm_src_stack(src, &gz_ops, g, size);
	if (ret)
		goto out_free;
	return 0;

out_free:
	if (ret == -ENOMEM && !d->err[0])
		mm_set_error(d, "gzip: out of memory for the seek index");
	gz_free(g);
	return ret;
}

int mm_gzip_stack(struct mm_input *d, struct mm_src *src)
{
	return mm_gzip_stack_cached(d, src, NULL);
}

#else /* !HAVE_ZLIB */

int mm_gzip_stack_cached(struct mm_input *d, struct mm_src *src,
			 const char *key)
{
	(void)key;
	return mm_gzip_stack(d, src);
}

int mm_gzip_stack(struct mm_input *d, struct mm_src *src)
{
	(void)src;
	mm_set_error(d, "gzip: this build has no zlib");
	return -ENOTSUP;
}

#endif /* HAVE_ZLIB */

/* RFC 1952: ID1 ID2, CM = 8 (deflate), reserved FLG bits 0. */
static bool sniff_gzip(const uint8_t *b, size_t len, const struct mm_src *src)
{
	(void)src;
	return len >= 4 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8 &&
	       !(b[3] & 0xe0);
}

static int gzip_entry_stack(struct mm_input *d, struct mm_src *src,
			    const struct mm_container *c, char *key,
			    size_t keylen, const char *member)
{
	int ret;

	(void)member;
	ret = mm_gzip_stack_cached(d, src, key);
	if (!ret)
		ret = mm_container_key_append(d, key, keylen, "|%s", c->name);
	return ret;
}

const struct mm_container mm_cont_gzip = {
	.name = "gzip",
	.kind = MM_CONT_GZIP,
	.sniff = sniff_gzip,
	.stack = gzip_entry_stack,
};
