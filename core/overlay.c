// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * overlay.c - copy-on-write overlay: a header, a block table with two
 * copies of each entry, and fixed-size page slots that are never overwritten
 * while they hold the newest record of a page. Format and crash-safety
 * argument: docs/overlay.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/crc32.h"
#include "overlay.h"
#include "util/sha256.h"

#define OVL_MAGIC		"MMOVRLY1"
#define OVL_VERSION		1
#define OVL_HDR_SIZE		4096u
#define OVL_SLOT_MAGIC		0x47504d4du	/* "MMPG" */
#define OVL_BLK_MAGIC		0x4b424d4du	/* "MMBK" */
#define OVL_BLK_BAD		(1u << 0)
#define OVL_IDENT_SPAN		(1u << 20)
#define OVL_SEQ_MAX		(1ull << 62)	/* sequence numbers stay below */

/* On-disk header, at offset 0, padded with zeros to OVL_HDR_SIZE. */
struct ovl_hdr {
	char magic[8];
	uint32_t version;
	uint32_t hdr_size;
	uint32_t page_size;
	uint32_t oob_size;
	uint32_t pages_per_block;
	uint32_t slot_size;
	uint64_t block_count;
	uint64_t block_off;	/* block table: 2 entries per block */
	uint64_t slot_off;	/* first page slot */
	uint64_t dump_size;
	uint8_t sample[MM_OVL_IDENT_LEN];
	char format[32];
	uint64_t created;	/* seconds since the epoch, informational */
	uint32_t endian;	/* 0x01020304 as written by the host */
	uint32_t crc;		/* crc32 of the bytes before this field */
};

/* Block table entry; two per block, the valid one with the higher @ver wins. */
struct ovl_blk {
	uint32_t magic;
	uint32_t crc;		/* over the bytes after this field */
	uint64_t ver;
	uint64_t erase_seq;	/* 0: never erased */
	uint32_t flags;
	uint32_t blk;		/* low 32 bits of the block index */
};

/* Page slot header, followed by page_size + oob_size bytes. */
struct ovl_slot {
	uint32_t magic;
	uint32_t crc;		/* over the rest of the slot */
	uint64_t seq;
	uint64_t page;
	uint64_t reserved;
};

_Static_assert(sizeof(struct ovl_hdr) <= OVL_HDR_SIZE, "ovl_hdr");
_Static_assert(sizeof(struct ovl_blk) == 32, "ovl_blk");
_Static_assert(sizeof(struct ovl_slot) == 32, "ovl_slot");

/* u64 -> u64 open-addressing hash map (linear probing). */
#define MAP_EMPTY	UINT64_MAX

struct ovl_map {
	uint64_t *keys;
	uint64_t *vals;
	size_t cap;		/* power of two */
	size_t n;
};

/* In-memory state of a block that has an entry in the table. */
struct ovl_bstate {
	uint64_t ver;		/* @ver of the newest valid copy */
	uint64_t erase_seq;
	uint32_t flags;
	uint8_t next_copy;	/* the copy to overwrite next (the older) */
};

struct mm_overlay {
	int fd;
	bool persistent;
	struct mm_geom g;
	uint32_t slot_size;
	uint64_t block_off;
	uint64_t slot_off;
	uint64_t seq;		/* next sequence number */
	uint64_t nslots;	/* slots in the file */
	struct ovl_map pages;	/* page -> slot */
	struct ovl_map blocks;	/* block -> index in @bstate */
	struct ovl_bstate *bstate;
	size_t nbstate, capbstate;
	uint64_t *free_slots;	/* reusable slots */
	size_t nfree, capfree;
	uint64_t *pending;	/* superseded, reusable after the next sync */
	size_t npending, cappending;
	bool sync_failed;	/* pending slots stay pending until reopened */
	uint8_t *buf;		/* one slot */
};

static uint64_t map_hash(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	return k;
}

static int map_grow(struct ovl_map *m)
{
	struct ovl_map nm;
	size_t i, j;

	nm.cap = m->cap ? 2 * m->cap : 64;
	nm.n = m->n;
	nm.keys = malloc(nm.cap * sizeof(*nm.keys));
	nm.vals = malloc(nm.cap * sizeof(*nm.vals));
	if (!nm.keys || !nm.vals) {
		free(nm.keys);
		free(nm.vals);
		return -ENOMEM;
	}
	memset(nm.keys, 0xff, nm.cap * sizeof(*nm.keys));
	for (i = 0; i < m->cap; i++) {
		if (m->keys[i] == MAP_EMPTY)
			continue;
		j = map_hash(m->keys[i]) & (nm.cap - 1);
		while (nm.keys[j] != MAP_EMPTY)
			j = (j + 1) & (nm.cap - 1);
		nm.keys[j] = m->keys[i];
		nm.vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	*m = nm;
	return 0;
}

static uint64_t *map_find(const struct ovl_map *m, uint64_t k)
{
	size_t j;

	if (!m->cap)
		return NULL;
	for (j = map_hash(k) & (m->cap - 1); m->keys[j] != MAP_EMPTY;
	     j = (j + 1) & (m->cap - 1))
		if (m->keys[j] == k)
			return &m->vals[j];
	return NULL;
}

static int map_put(struct ovl_map *m, uint64_t k, uint64_t v)
{
	uint64_t *p = map_find(m, k);
	size_t j;

	if (p) {
		*p = v;
		return 0;
	}
	if ((m->n + 1) * 4 > m->cap * 3 && map_grow(m))
		return -ENOMEM;
	j = map_hash(k) & (m->cap - 1);
	while (m->keys[j] != MAP_EMPTY)
		j = (j + 1) & (m->cap - 1);
	m->keys[j] = k;
	m->vals[j] = v;
	m->n++;
	return 0;
}

/* Delete by shifting the following entries of the probe run back. */
static void map_del(struct ovl_map *m, uint64_t k)
{
	uint64_t *p = map_find(m, k);
	size_t i, j, home;

	if (!p)
		return;
	i = p - m->vals;
	m->keys[i] = MAP_EMPTY;
	m->n--;
	for (j = (i + 1) & (m->cap - 1); m->keys[j] != MAP_EMPTY;
	     j = (j + 1) & (m->cap - 1)) {
		home = map_hash(m->keys[j]) & (m->cap - 1);
		/* Move j to i when i lies cyclically in [home, j). */
		if ((j > i && (home <= i || home > j)) ||
		    (j < i && (home <= i && home > j))) {
			m->keys[i] = m->keys[j];
			m->vals[i] = m->vals[j];
			m->keys[j] = MAP_EMPTY;
			i = j;
		}
	}
}

static void map_free(struct ovl_map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static int push_slot(uint64_t **v, size_t *n, size_t *cap, uint64_t slot)
{
	uint64_t *nv;

	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 64;

		nv = realloc(*v, c * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		*v = nv;
		*cap = c;
	}
	(*v)[(*n)++] = slot;
	return 0;
}

static int push_free(struct mm_overlay *ov, uint64_t slot)
{
	return push_slot(&ov->free_slots, &ov->nfree, &ov->capfree, slot);
}

/*
 * A slot whose record was superseded (newer record of the page, or an
 * erase) may only be overwritten once the superseding change is on stable
 * storage; until the next sync it waits here. Memory overlays need no wait.
 */
static int release_slot(struct mm_overlay *ov, uint64_t slot)
{
	if (!ov->persistent)
		return push_free(ov, slot);
	return push_slot(&ov->pending, &ov->npending, &ov->cappending, slot);
}

static int flush_pending(struct mm_overlay *ov)
{
	int ret = 0;

	/*
	 * After a failed fsync() the kernel may have dropped dirty pages of
	 * records written since the last good one, and a later fsync() may
	 * succeed all the same: a slot they superseded may still hold the
	 * page's only durable record. Never reuse one until reopened.
	 */
	if (ov->sync_failed)
		return 0;
	while (ov->npending && !ret) {
		ret = push_free(ov, ov->pending[ov->npending - 1]);
		if (!ret)
			ov->npending--;
	}
	return ret;
}

static int pwrite_all(int fd, const void *buf, size_t len, uint64_t off)
{
	const uint8_t *p = buf;
	ssize_t r;

	while (len) {
		r = pwrite(fd, p, len, off);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += r;
		len -= r;
		off += r;
	}
	return 0;
}

/* Return: bytes read (short only at EOF) or -errno. */
static ssize_t pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	uint8_t *p = buf;
	size_t done = 0;
	ssize_t r;

	while (done < len) {
		r = pread(fd, p + done, len - done, off + done);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!r)
			break;
		done += r;
	}
	return done;
}

static int ovl_sync(struct mm_overlay *ov, bool sync)
{
	if (!ov->persistent || !sync)
		return 0;
	if (fdatasync(ov->fd)) {
		ov->sync_failed = true;
		return -errno;
	}
	return flush_pending(ov);
}

int mm_overlay_ident_fd(int fd, struct mm_overlay_ident *id)
{
	struct mm_sha256 h;
	struct stat st;
	uint64_t size, first, last;
	uint8_t *buf;
	ssize_t r;
	int ret = 0;

	if (fstat(fd, &st))
		return -errno;
	size = st.st_size;
	if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(fd, 0, SEEK_END);

		if (end < 0)
			return -errno;
		size = end;
	}
	buf = malloc(OVL_IDENT_SPAN);
	if (!buf)
		return -ENOMEM;
	mm_sha256_init(&h);
	mm_sha256_update(&h, &size, sizeof(size));
	first = size < OVL_IDENT_SPAN ? size : OVL_IDENT_SPAN;
	r = pread_all(fd, buf, first, 0);
	if (r < 0 || (uint64_t)r != first) {
		ret = r < 0 ? (int)r : -EIO;
		goto out;
	}
	mm_sha256_update(&h, buf, first);
	last = first;
	r = pread_all(fd, buf, last, size - last);
	if (r < 0 || (uint64_t)r != last) {
		ret = r < 0 ? (int)r : -EIO;
		goto out;
	}
	mm_sha256_update(&h, buf, last);
	mm_sha256_final(&h, id->sample);
	id->dump_size = size;
out:
	free(buf);
	return ret;
}

static void hdr_fill(struct ovl_hdr *h, const struct mm_overlay *ov,
		     const struct mm_overlay_ident *id)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, OVL_MAGIC, sizeof(h->magic));
	h->version = OVL_VERSION;
	h->hdr_size = OVL_HDR_SIZE;
	h->page_size = ov->g.page_size;
	h->oob_size = ov->g.oob_size;
	h->pages_per_block = ov->g.pages_per_block;
	h->slot_size = ov->slot_size;
	h->block_count = ov->g.block_count;
	h->block_off = ov->block_off;
	h->slot_off = ov->slot_off;
	h->dump_size = id->dump_size;
	memcpy(h->sample, id->sample, sizeof(h->sample));
	snprintf(h->format, sizeof(h->format), "%s", id->format);
	h->created = time(NULL);
	h->endian = 0x01020304;
	h->crc = mm_crc32(h, offsetof(struct ovl_hdr, crc));
}

static int write_header(int fd, const struct ovl_hdr *h)
{
	uint8_t page[OVL_HDR_SIZE];

	memset(page, 0, sizeof(page));
	memcpy(page, h, sizeof(*h));
	return pwrite_all(fd, page, sizeof(page), 0);
}

static int fsync_dir_of(const char *path)
{
	char *dir = strdup(path), *slash;
	int fd, ret = 0;

	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd))
		ret = -errno;
	if (fd >= 0)
		close(fd);
	free(dir);
	return ret;
}

/* Create @path atomically: header in a temporary file, fsync, rename. */
static int create_file(struct mm_overlay *ov, const char *path,
		       const struct mm_overlay_ident *id, char *msg,
		       size_t len)
{
	struct ovl_hdr h;
	char *tmp;
	int fd, ret;

	if (asprintf(&tmp, "%s.new.%ld", path, (long)getpid()) < 0)
		return -ENOMEM;
	fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = -errno;
		snprintf(msg, len, "cannot create '%s': %s", tmp,
			 strerror(-ret));
		goto out_free;
	}
	hdr_fill(&h, ov, id);
	ret = write_header(fd, &h);
	if (!ret && fsync(fd))
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		snprintf(msg, len, "cannot create: %s", strerror(-ret));
		close(fd);
		unlink(tmp);
		goto out_free;
	}
	ret = fsync_dir_of(path);
	if (ret) {
		snprintf(msg, len, "cannot sync its directory: %s",
			 strerror(-ret));
		close(fd);
		goto out_free;
	}
	ov->fd = fd;
out_free:
	free(tmp);
	return ret;
}

static int check_header(struct mm_overlay *ov, const struct mm_overlay_ident *id,
			char *msg, size_t len)
{
	struct ovl_hdr h;
	ssize_t r;

	r = pread_all(ov->fd, &h, sizeof(h), 0);
	if (r < 0) {
		snprintf(msg, len, "cannot read the overlay: %s",
			 strerror((int)-r));
		return (int)r;
	}
	if ((size_t)r < sizeof(h) || memcmp(h.magic, OVL_MAGIC, 8) ||
	    h.crc != mm_crc32(&h, offsetof(struct ovl_hdr, crc))) {
		snprintf(msg, len, "not a muse-mount overlay file (bad header)");
		return -EINVAL;
	}
	if (h.version != OVL_VERSION || h.endian != 0x01020304 ||
	    h.hdr_size != OVL_HDR_SIZE) {
		snprintf(msg, len, "overlay version %u is not supported",
			 h.version);
		return -EINVAL;
	}
	if (h.page_size != ov->g.page_size || h.oob_size != ov->g.oob_size ||
	    h.pages_per_block != ov->g.pages_per_block ||
	    h.block_count != ov->g.block_count ||
	    h.slot_size != ov->slot_size || h.block_off != ov->block_off ||
	    h.slot_off != ov->slot_off) {
		snprintf(msg, len, "overlay is for another geometry (%u+%u bytes, %u pages/block, %" PRIu64 " blocks)",
			 h.page_size, h.oob_size, h.pages_per_block,
			 h.block_count);
		return -EINVAL;
	}
	if (h.dump_size != id->dump_size ||
	    memcmp(h.sample, id->sample, sizeof(h.sample)) ||
	    strncmp(h.format, id->format, sizeof(h.format))) {
		if (h.dump_size == id->dump_size &&
		    !strncmp(h.format, id->format, sizeof(h.format)))
			snprintf(msg, len, "overlay belongs to another dump (same size, different content)");
		else
			snprintf(msg, len, "overlay belongs to another dump (made for %" PRIu64 " bytes read as '%.31s', this is %" PRIu64 " bytes read as '%.31s')",
				 h.dump_size, h.format, id->dump_size,
				 id->format);
		return -EINVAL;
	}
	return 0;
}

static int bstate_get(struct mm_overlay *ov, uint64_t blk,
		      struct ovl_bstate **out)
{
	uint64_t *v = map_find(&ov->blocks, blk);
	struct ovl_bstate *n;
	int ret;

	if (v) {
		*out = &ov->bstate[*v];
		return 0;
	}
	if (ov->nbstate == ov->capbstate) {
		size_t cap = ov->capbstate ? 2 * ov->capbstate : 16;

		n = realloc(ov->bstate, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		ov->bstate = n;
		ov->capbstate = cap;
	}
	ret = map_put(&ov->blocks, blk, ov->nbstate);
	if (ret)
		return ret;
	n = &ov->bstate[ov->nbstate++];
	memset(n, 0, sizeof(*n));
	*out = n;
	return 0;
}

static const struct ovl_bstate *bstate_find(const struct mm_overlay *ov,
					    uint64_t blk)
{
	uint64_t *v = map_find(&ov->blocks, blk);

	return v ? &ov->bstate[*v] : NULL;
}

/*
 * An entry is written with erase_seq <= ver (an erase sets both, a bad mark
 * keeps the older erase), and no sequence number comes near OVL_SEQ_MAX
 * (one per change): an entry or slot that breaks either is corrupt,
 * whatever its CRC says (an erase "later" than every write would undo the
 * writes made after reopening; a number near the top would wrap).
 */
static bool blk_entry_valid(const struct ovl_blk *e, uint64_t blk)
{
	return e->magic == OVL_BLK_MAGIC && e->blk == (uint32_t)blk &&
	       e->erase_seq <= e->ver && e->ver < OVL_SEQ_MAX &&
	       e->crc == mm_crc32((const uint8_t *)e + 8, sizeof(*e) - 8);
}

/* Replay the block table (read in chunks; absent parts read as zeros). */
static int load_blocks(struct mm_overlay *ov, uint64_t fsize)
{
	const size_t per = 4096 / (2 * sizeof(struct ovl_blk));
	struct ovl_blk e[2 * 4096 / (2 * sizeof(struct ovl_blk))];
	uint64_t blk, i, nb;
	ssize_t r;
	int ret;

	for (blk = 0; blk < ov->g.block_count; blk += per) {
		uint64_t off = ov->block_off + blk * 2 * sizeof(struct ovl_blk);

		if (off >= fsize)
			break;
		nb = ov->g.block_count - blk < per ? ov->g.block_count - blk :
						     per;
		memset(e, 0, sizeof(e));
		r = pread_all(ov->fd, e, nb * 2 * sizeof(struct ovl_blk), off);
		if (r < 0)
			return (int)r;
		for (i = 0; i < nb; i++) {
			const struct ovl_blk *a = &e[2 * i], *b = &e[2 * i + 1];
			bool va = blk_entry_valid(a, blk + i);
			bool vb = blk_entry_valid(b, blk + i);
			const struct ovl_blk *w;
			struct ovl_bstate *st;

			if (!va && !vb)
				continue;
			w = va && (!vb || a->ver >= b->ver) ? a : b;
			ret = bstate_get(ov, blk + i, &st);
			if (ret)
				return ret;
			st->ver = w->ver;
			st->erase_seq = w->erase_seq;
			st->flags = w->flags;
			st->next_copy = w == a ? 1 : 0;
			if (w->ver >= ov->seq)
				ov->seq = w->ver + 1;
		}
	}
	return 0;
}

/* Replay the page slots: newest valid record per page, unless erased. */
static int load_slots(struct mm_overlay *ov, uint64_t fsize)
{
	struct ovl_slot *sh = (struct ovl_slot *)ov->buf;
	uint64_t i, *cur;
	ssize_t r;
	int ret;

	ov->nslots = fsize > ov->slot_off ?
		     (fsize - ov->slot_off) / ov->slot_size : 0;
	for (i = 0; i < ov->nslots; i++) {
		const struct ovl_bstate *st;
		struct ovl_slot old;
		bool valid;

		r = pread_all(ov->fd, ov->buf, ov->slot_size,
			      ov->slot_off + i * ov->slot_size);
		if (r < 0)
			return (int)r;
		valid = (size_t)r == ov->slot_size &&
			sh->magic == OVL_SLOT_MAGIC &&
			sh->page < mm_geom_page_count(&ov->g) &&
			sh->seq < OVL_SEQ_MAX &&
			sh->crc == mm_crc32(ov->buf + 8, ov->slot_size - 8);
		if (valid && sh->seq >= ov->seq)
			ov->seq = sh->seq + 1;
		if (valid) {
			st = bstate_find(ov, sh->page / ov->g.pages_per_block);
			if (st && st->erase_seq > sh->seq)
				valid = false;
		}
		if (!valid) {
			ret = push_free(ov, i);
			if (ret)
				return ret;
			continue;
		}
		cur = map_find(&ov->pages, sh->page);
		if (cur) {
			r = pread_all(ov->fd, &old, sizeof(old),
				      ov->slot_off + *cur * ov->slot_size);
			if (r < 0)
				return (int)r;
			if (old.seq > sh->seq) {
				ret = push_free(ov, i);
				if (ret)
					return ret;
				continue;
			}
			ret = push_free(ov, *cur);
			if (ret)
				return ret;
			*cur = i;
			continue;
		}
		ret = map_put(&ov->pages, sh->page, i);
		if (ret)
			return ret;
	}
	return 0;
}

int mm_overlay_open(struct mm_overlay **out, const char *path,
		    const struct mm_geom *g, const struct mm_overlay_ident *id,
		    char *msg, size_t len)
{
	struct mm_overlay *ov;
	struct ovl_hdr h;
	struct stat st;
	int ret;

	*out = NULL;
	if (!g->page_size || !g->pages_per_block || !g->block_count) {
		snprintf(msg, len, "overlay needs a complete geometry");
		return -EINVAL;
	}
	ov = calloc(1, sizeof(*ov));
	if (!ov)
		return -ENOMEM;
	ov->fd = -1;
	ov->g = *g;
	ov->seq = 1;
	ov->slot_size = sizeof(struct ovl_slot) + g->page_size + g->oob_size;
	ov->block_off = OVL_HDR_SIZE;
	ov->slot_off = ov->block_off +
		       ((g->block_count * 2 * sizeof(struct ovl_blk) + 4095) &
			~(uint64_t)4095);
	ov->buf = malloc(ov->slot_size);
	if (!ov->buf) {
		ret = -ENOMEM;
		goto out_free;
	}
	if (!path) {
		ov->fd = memfd_create("muse-mount-overlay", MFD_CLOEXEC);
		if (ov->fd < 0) {
			ret = -errno;
			snprintf(msg, len, "cannot create the memory overlay: %s",
				 strerror(-ret));
			goto out_free;
		}
		hdr_fill(&h, ov, id);
		ret = write_header(ov->fd, &h);
		if (ret) {
			snprintf(msg, len, "cannot write the memory overlay: %s",
				 strerror(-ret));
			goto out_free;
		}
		*out = ov;
		return 0;
	}
	ov->persistent = true;
	ov->fd = open(path, O_RDWR | O_CLOEXEC);
	if (ov->fd < 0 && errno != ENOENT) {
		ret = -errno;
		snprintf(msg, len, "cannot open: %s", strerror(-ret));
		goto out_free;
	}
	if (ov->fd < 0) {
		ret = create_file(ov, path, id, msg, len);
		if (ret)
			goto out_free;
	}
	if (flock(ov->fd, LOCK_EX | LOCK_NB)) {
		ret = errno == EWOULDBLOCK ? -EBUSY : -errno;
		snprintf(msg, len, "in use by another muse-mount (locked)");
		goto out_free;
	}
	if (fstat(ov->fd, &st)) {
		ret = -errno;
		goto out_free;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(msg, len, "not a regular file");
		ret = -EINVAL;
		goto out_free;
	}
	if (st.st_size == 0) {
		/* An empty file (e.g. from mktemp) becomes a new overlay. */
		hdr_fill(&h, ov, id);
		ret = write_header(ov->fd, &h);
		if (!ret && fsync(ov->fd))
			ret = -errno;
		if (ret) {
			snprintf(msg, len, "cannot write: %s", strerror(-ret));
			goto out_free;
		}
		st.st_size = OVL_HDR_SIZE;
	}
	ret = check_header(ov, id, msg, len);
	if (ret)
		goto out_free;
	ret = load_blocks(ov, st.st_size);
	if (!ret)
		ret = load_slots(ov, st.st_size);
	if (ret) {
		snprintf(msg, len, "cannot read: %s", strerror(-ret));
		goto out_free;
	}
	*out = ov;
	return 0;

out_free:
	mm_overlay_close(ov);
	return ret;
}

int mm_overlay_read_page(struct mm_overlay *ov, uint64_t page, void *data,
			 void *oob)
{
	const struct ovl_bstate *st;
	uint64_t *slot = map_find(&ov->pages, page);
	uint64_t off;
	ssize_t r;

	if (page >= mm_geom_page_count(&ov->g))
		return -EINVAL;
	if (!slot) {
		st = bstate_find(ov, page / ov->g.pages_per_block);
		return st && st->erase_seq ? MM_OVL_ERASED : MM_OVL_MISS;
	}
	off = ov->slot_off + *slot * ov->slot_size + sizeof(struct ovl_slot);
	if (data) {
		r = pread_all(ov->fd, data, ov->g.page_size, off);
		if (r < 0)
			return (int)r;
		if ((size_t)r != ov->g.page_size)
			return -EIO;
	}
	if (oob && ov->g.oob_size) {
		r = pread_all(ov->fd, oob, ov->g.oob_size,
			      off + ov->g.page_size);
		if (r < 0)
			return (int)r;
		if ((size_t)r != ov->g.oob_size)
			return -EIO;
	}
	return MM_OVL_PROGRAMMED;
}

int mm_overlay_write_page(struct mm_overlay *ov, uint64_t page,
			  const void *data, const void *oob, bool sync)
{
	struct ovl_slot *sh = (struct ovl_slot *)ov->buf;
	uint64_t slot, *old;
	bool fresh = false;
	int ret;

	if (page >= mm_geom_page_count(&ov->g))
		return -EINVAL;
	/* Never overwrite the live record: take a free slot or a new one. */
	if (ov->nfree) {
		slot = ov->free_slots[--ov->nfree];
	} else {
		slot = ov->nslots;
		fresh = true;
	}
	memset(sh, 0, sizeof(*sh));
	sh->magic = OVL_SLOT_MAGIC;
	sh->seq = ov->seq;
	sh->page = page;
	memcpy(ov->buf + sizeof(*sh), data, ov->g.page_size);
	if (ov->g.oob_size)
		memcpy(ov->buf + sizeof(*sh) + ov->g.page_size, oob,
		       ov->g.oob_size);
	sh->crc = mm_crc32(ov->buf + 8, ov->slot_size - 8);
	ret = pwrite_all(ov->fd, ov->buf, ov->slot_size,
			 ov->slot_off + slot * ov->slot_size);
	if (!ret)
		ret = ovl_sync(ov, sync);
	if (ret)
		goto out_undo;
	ov->seq++;
	if (fresh)
		ov->nslots++;
	old = map_find(&ov->pages, page);
	if (old) {
		ret = release_slot(ov, *old);
		*old = slot;
		if (!ret && sync)
			ret = flush_pending(ov);
		return ret;
	}
	return map_put(&ov->pages, page, slot);

out_undo:
	if (!fresh)
		ov->free_slots[ov->nfree++] = slot;
	return ret;
}

static int write_block_entry(struct mm_overlay *ov, uint64_t blk,
			     struct ovl_bstate *st, uint64_t erase_seq,
			     uint32_t flags, bool sync)
{
	struct ovl_blk e;
	uint64_t off;
	int ret;

	memset(&e, 0, sizeof(e));
	e.magic = OVL_BLK_MAGIC;
	e.ver = ov->seq;
	e.erase_seq = erase_seq;
	e.flags = flags;
	e.blk = (uint32_t)blk;
	e.crc = mm_crc32((uint8_t *)&e + 8, sizeof(e) - 8);
	/* Overwrite the older copy; the newer one survives a torn write. */
	off = ov->block_off + (blk * 2 + st->next_copy) * sizeof(e);
	ret = pwrite_all(ov->fd, &e, sizeof(e), off);
	if (!ret)
		ret = ovl_sync(ov, sync);
	if (ret)
		return ret;
	ov->seq++;
	st->ver = e.ver;
	st->erase_seq = erase_seq;
	st->flags = flags;
	st->next_copy ^= 1;
	return 0;
}

int mm_overlay_erase_block(struct mm_overlay *ov, uint64_t blk, bool sync)
{
	struct ovl_bstate *st;
	uint64_t p, first, *slot;
	int ret;

	if (blk >= ov->g.block_count)
		return -EINVAL;
	ret = bstate_get(ov, blk, &st);
	if (ret)
		return ret;
	ret = write_block_entry(ov, blk, st, ov->seq, st->flags, sync);
	if (ret)
		return ret;
	/* The block's page records are dead; their slots are released. */
	first = blk * ov->g.pages_per_block;
	for (p = first; p < first + ov->g.pages_per_block; p++) {
		slot = map_find(&ov->pages, p);
		if (!slot)
			continue;
		ret = release_slot(ov, *slot);
		map_del(&ov->pages, p);
		if (ret)
			return ret;
	}
	return sync ? flush_pending(ov) : 0;
}

int mm_overlay_markbad(struct mm_overlay *ov, uint64_t blk, bool sync)
{
	struct ovl_bstate *st;
	int ret;

	if (blk >= ov->g.block_count)
		return -EINVAL;
	ret = bstate_get(ov, blk, &st);
	if (ret)
		return ret;
	if (st->flags & OVL_BLK_BAD)
		return 0;
	return write_block_entry(ov, blk, st, st->erase_seq,
				 st->flags | OVL_BLK_BAD, sync);
}

bool mm_overlay_is_bad(struct mm_overlay *ov, uint64_t blk)
{
	const struct ovl_bstate *st = bstate_find(ov, blk);

	return st && (st->flags & OVL_BLK_BAD);
}

bool mm_overlay_is_erased(struct mm_overlay *ov, uint64_t blk)
{
	const struct ovl_bstate *st = bstate_find(ov, blk);

	return st && st->erase_seq;
}

int mm_overlay_sync(struct mm_overlay *ov)
{
	if (!ov->persistent)
		return 0;
	if (fsync(ov->fd)) {
		ov->sync_failed = true;
		return -errno;
	}
	return flush_pending(ov);
}

bool mm_overlay_persistent(const struct mm_overlay *ov)
{
	return ov->persistent;
}

void mm_overlay_get_stats(const struct mm_overlay *ov,
			  struct mm_overlay_stats *st)
{
	struct stat sb;

	st->pages = ov->pages.n;
	st->blocks = ov->blocks.n;
	st->slots = ov->nslots;
	st->file_bytes = fstat(ov->fd, &sb) ? 0 : (uint64_t)sb.st_size;
}

void mm_overlay_close(struct mm_overlay *ov)
{
	if (!ov)
		return;
	if (ov->fd >= 0) {
		if (ov->persistent)
			fsync(ov->fd);
		close(ov->fd);
	}
	map_free(&ov->pages);
	map_free(&ov->blocks);
	free(ov->bstate);
	free(ov->free_slots);
	free(ov->pending);
	free(ov->buf);
	free(ov);
}
