// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * record.c - the --record log (format: docs/record.md): writing under the
 * server's exclusive lock, and reading for replay.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/crc32.h"
#include "record.h"

#define MAX_PAYLOAD	(256u << 20)

struct mm_record {
	int fd;
	struct mm_geom g;
	uint64_t end;		/* file offset of the next record */
	uint64_t seq;
	uint8_t *buf;		/* the record being built */
	size_t len, cap;
};

struct mm_rec_reader {
	int fd;
	uint64_t size;
	uint64_t off;		/* next record */
	uint64_t seq;
	uint8_t *buf;
	size_t cap;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static int pread_full(int fd, void *buf, size_t n, uint64_t off)
{
	uint8_t *p = buf;
	ssize_t r;

	while (n) {
		r = pread(fd, p, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (!r)
			return -ENODATA;
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

static int pwrite_full(int fd, const void *buf, size_t n, uint64_t off)
{
	const uint8_t *p = buf;
	ssize_t r;

	while (n) {
		r = pwrite(fd, p, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

static void hdr_encode(uint8_t *h, const struct mm_geom *g,
		       const struct mm_overlay_ident *id)
{
	memset(h, 0, MM_REC_HDR_SIZE);
	memcpy(h, MM_REC_MAGIC, 8);
	put32(h + 8, MM_REC_VERSION);
	put32(h + 12, MM_REC_HDR_SIZE);
	put32(h + 16, g->page_size);
	put32(h + 20, g->oob_size);
	put32(h + 24, g->pages_per_block);
	put64(h + 28, g->block_count);
	put64(h + 40, id->dump_size);
	memcpy(h + 48, id->sample, MM_OVL_IDENT_LEN);
	memcpy(h + 80, id->format, 31);
	put32(h + 124, mm_crc32(h, 124));
}

static int hdr_decode(const uint8_t *h, struct mm_rec_hdr *hdr, char *msg,
		      size_t len)
{
	if (memcmp(h, MM_REC_MAGIC, 8)) {
		snprintf(msg, len, "not a muse-mount record log (no %s magic)",
			 MM_REC_MAGIC);
		return -EINVAL;
	}
	if (get32(h + 124) != mm_crc32(h, 124)) {
		snprintf(msg, len, "record log header checksum mismatch");
		return -EINVAL;
	}
	memset(hdr, 0, sizeof(*hdr));
	hdr->version = get32(h + 8);
	if (hdr->version != MM_REC_VERSION ||
	    get32(h + 12) != MM_REC_HDR_SIZE) {
		snprintf(msg, len, "record log version %u (this muse-mount reads %u)",
			 hdr->version, MM_REC_VERSION);
		return -EINVAL;
	}
	hdr->geom.page_size = get32(h + 16);
	hdr->geom.oob_size = get32(h + 20);
	hdr->geom.pages_per_block = get32(h + 24);
	hdr->geom.block_count = get64(h + 28);
	hdr->id.dump_size = get64(h + 40);
	memcpy(hdr->id.sample, h + 48, MM_OVL_IDENT_LEN);
	memcpy(hdr->id.format, h + 80, 31);
	if (!hdr->geom.page_size || !hdr->geom.pages_per_block ||
	    !hdr->geom.block_count) {
		snprintf(msg, len, "record log header has no geometry");
		return -EINVAL;
	}
	return 0;
}

/* --- reading --- */

int mm_rec_open_read(struct mm_rec_reader **rdp, const char *path,
		     struct mm_rec_hdr *hdr, char *msg, size_t len)
{
	struct mm_rec_reader *rd;
	uint8_t h[MM_REC_HDR_SIZE];
	struct stat st;
	int ret;

	rd = calloc(1, sizeof(*rd));
	if (!rd)
		return -ENOMEM;
	rd->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (rd->fd < 0) {
		ret = -errno;
		snprintf(msg, len, "%s", strerror(errno));
		goto out_free;
	}
	if (fstat(rd->fd, &st)) {
		ret = -errno;
		snprintf(msg, len, "%s", strerror(errno));
		goto out_close;
	}
	rd->size = (uint64_t)st.st_size;
	ret = pread_full(rd->fd, h, sizeof(h), 0);
	if (ret == -ENODATA) {
		snprintf(msg, len, "not a muse-mount record log (shorter than its header)");
		ret = -EINVAL;
	} else if (ret) {
		snprintf(msg, len, "%s", strerror(-ret));
	}
	if (ret)
		goto out_close;
	ret = hdr_decode(h, hdr, msg, len);
	if (ret)
		goto out_close;
	rd->off = MM_REC_HDR_SIZE;
	*rdp = rd;
	return 0;
out_close:
	close(rd->fd);
out_free:
	free(rd);
	return ret;
}

int mm_rec_next(struct mm_rec_reader *rd, struct mm_rec *rec)
{
	uint8_t h[MM_REC_REC_SIZE];
	uint32_t plen, crc;
	int ret;

	if (rd->size - rd->off < MM_REC_REC_SIZE)
		return 0;
	ret = pread_full(rd->fd, h, sizeof(h), rd->off);
	if (ret)
		return ret == -ENODATA ? 0 : ret;
	plen = get32(h + 40);
	if (get32(h) != MM_REC_REC_MAGIC || get64(h + 8) != rd->seq ||
	    plen > MAX_PAYLOAD || plen > rd->size - rd->off - sizeof(h))
		return 0;
	if (plen > rd->cap) {
		uint8_t *n = realloc(rd->buf, plen);

		if (!n)
			return -ENOMEM;
		rd->buf = n;
		rd->cap = plen;
	}
	ret = pread_full(rd->fd, rd->buf, plen, rd->off + sizeof(h));
	if (ret)
		return ret == -ENODATA ? 0 : ret;
	crc = mm_crc32_le(0xffffffffu, h, 44);
	crc = ~mm_crc32_le(crc, rd->buf, plen);
	if (crc != get32(h + 44))
		return 0;
	rec->op = get32(h + 4);
	rec->seq = rd->seq;
	rec->addr = get64(h + 16);
	rec->len = get64(h + 24);
	rec->flags = get32(h + 32);
	rec->result = (int32_t)get32(h + 36);
	rec->payload_len = plen;
	rec->payload = rd->buf;
	rd->off += sizeof(h) + plen;
	rd->seq++;
	return 1;
}

uint64_t mm_rec_offset(const struct mm_rec_reader *rd)
{
	return rd->off;
}

uint64_t mm_rec_torn(const struct mm_rec_reader *rd)
{
	return rd->size - rd->off;
}

void mm_rec_rewind(struct mm_rec_reader *rd)
{
	rd->off = MM_REC_HDR_SIZE;
	rd->seq = 0;
}

void mm_rec_close_read(struct mm_rec_reader *rd)
{
	if (!rd)
		return;
	close(rd->fd);
	free(rd->buf);
	free(rd);
}

const char *mm_rec_opname(uint32_t op)
{
	switch (op) {
	case MM_REC_WRITE:
		return "WRITE";
	case MM_REC_ERASE:
		return "ERASE";
	case MM_REC_MARKBAD:
		return "MARKBAD";
	case MM_REC_SYNC:
		return "SYNC";
	}
	return "?";
}

/* --- writing --- */

/* An existing log: same geometry and dump; find its end (cut a torn tail). */
static int reopen(struct mm_record *r, const char *path,
		  const struct mm_geom *g, const struct mm_overlay_ident *id,
		  char *msg, size_t len)
{
	struct mm_rec_reader *rd;
	struct mm_rec_hdr hdr;
	struct mm_rec rec;
	int ret;

	ret = mm_rec_open_read(&rd, path, &hdr, msg, len);
	if (ret)
		return ret;
	if (hdr.geom.page_size != g->page_size ||
	    hdr.geom.oob_size != g->oob_size ||
	    hdr.geom.pages_per_block != g->pages_per_block ||
	    hdr.geom.block_count != g->block_count) {
		snprintf(msg, len, "the record log is of another geometry (%u+%u bytes, %u pages per block, %llu blocks)",
			 hdr.geom.page_size, hdr.geom.oob_size,
			 hdr.geom.pages_per_block,
			 (unsigned long long)hdr.geom.block_count);
		ret = -EINVAL;
		goto out;
	}
	if (hdr.id.dump_size != id->dump_size ||
	    memcmp(hdr.id.sample, id->sample, MM_OVL_IDENT_LEN)) {
		snprintf(msg, len, "the record log was made over another dump");
		ret = -EINVAL;
		goto out;
	}
	while ((ret = mm_rec_next(rd, &rec)) > 0)
		;
	if (ret < 0) {
		snprintf(msg, len, "%s", strerror(-ret));
		goto out;
	}
	r->end = rd->off;
	r->seq = rd->seq;
	if (ftruncate(r->fd, (off_t)r->end) || fdatasync(r->fd)) {
		ret = -errno;
		snprintf(msg, len, "%s", strerror(errno));
	}
out:
	mm_rec_close_read(rd);
	return ret;
}

int mm_record_open(struct mm_record **rp, const char *path,
		   const struct mm_geom *g, const struct mm_overlay_ident *id,
		   char *msg, size_t len)
{
	uint8_t h[MM_REC_HDR_SIZE];
	struct mm_record *r;
	struct stat st;
	int ret;

	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->g = *g;
	r->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (r->fd < 0) {
		ret = -errno;
		snprintf(msg, len, "%s", strerror(errno));
		goto out_free;
	}
	if (fstat(r->fd, &st)) {
		ret = -errno;
		snprintf(msg, len, "%s", strerror(errno));
		goto out_close;
	}
	if (st.st_size) {
		ret = reopen(r, path, g, id, msg, len);
		if (ret)
			goto out_close;
	} else {
		hdr_encode(h, g, id);
		ret = pwrite_full(r->fd, h, sizeof(h), 0);
		if (!ret && fdatasync(r->fd))
			ret = -errno;
		if (ret) {
			snprintf(msg, len, "%s", strerror(-ret));
			goto out_close;
		}
		r->end = MM_REC_HDR_SIZE;
	}
	*rp = r;
	return 0;
out_close:
	close(r->fd);
out_free:
	free(r);
	return ret;
}

static int reserve(struct mm_record *r, size_t more)
{
	uint8_t *n;
	size_t cap;

	if (r->len + more <= r->cap)
		return 0;
	cap = r->cap ? r->cap : 65536;
	while (cap < r->len + more)
		cap *= 2;
	n = realloc(r->buf, cap);
	if (!n)
		return -ENOMEM;
	r->buf = n;
	r->cap = cap;
	return 0;
}

void mm_record_begin(struct mm_record *r, enum mm_rec_op op, uint64_t addr,
		     uint64_t len, uint32_t flags)
{
	if (reserve(r, MM_REC_REC_SIZE)) {
		r->len = 0;	/* mm_record_end() fails */
		return;
	}
	memset(r->buf, 0, MM_REC_REC_SIZE);
	put32(r->buf, MM_REC_REC_MAGIC);
	put32(r->buf + 4, op);
	put64(r->buf + 16, addr);
	put64(r->buf + 24, len);
	put32(r->buf + 32, flags);
	r->len = MM_REC_REC_SIZE;
}

int mm_record_page(struct mm_record *r, uint64_t page, const uint8_t *data,
		   const uint8_t *oob)
{
	size_t n = 8 + r->g.page_size + r->g.oob_size;

	if (!r->len || reserve(r, n))
		return -ENOMEM;
	put64(r->buf + r->len, page);
	memcpy(r->buf + r->len + 8, data, r->g.page_size);
	if (r->g.oob_size)
		memcpy(r->buf + r->len + 8 + r->g.page_size, oob,
		       r->g.oob_size);
	r->len += n;
	return 0;
}

int mm_record_block(struct mm_record *r, uint64_t blk)
{
	if (!r->len || reserve(r, 8))
		return -ENOMEM;
	put64(r->buf + r->len, blk);
	r->len += 8;
	return 0;
}

int mm_record_end(struct mm_record *r, int result)
{
	uint32_t crc;
	int ret;

	if (!r->len)
		return -ENOMEM;
	put64(r->buf + 8, r->seq);
	put32(r->buf + 36, (uint32_t)result);
	put32(r->buf + 40, (uint32_t)(r->len - MM_REC_REC_SIZE));
	crc = mm_crc32_le(0xffffffffu, r->buf, 44);
	crc = ~mm_crc32_le(crc, r->buf + MM_REC_REC_SIZE,
			   r->len - MM_REC_REC_SIZE);
	put32(r->buf + 44, crc);
	ret = pwrite_full(r->fd, r->buf, r->len, r->end);
	if (!ret && fdatasync(r->fd))
		ret = -errno;
	if (ret)
		return ret;
	r->end += r->len;
	r->seq++;
	r->len = 0;
	return 0;
}

uint64_t mm_record_count(const struct mm_record *r)
{
	return r->seq;
}

void mm_record_close(struct mm_record *r)
{
	if (!r)
		return;
	close(r->fd);
	free(r->buf);
	free(r);
}
