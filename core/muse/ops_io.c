// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ops_io.c - MUSE_READ and MUSE_WRITE: in-band data (ECC corrected or
 * encoded when asked) and OOB (AUTO or PLACE), through the overlay; flash
 * programming only clears bits.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "srv_int.h"

/* The dump's page (data and/or OOB), under the reader's lock. */
static int dump_page(struct mm_srv *s, uint64_t page, uint8_t *data,
		     uint8_t *oob)
{
	int ret;

	pthread_mutex_lock(&s->dump_lock);
	ret = mm_dump_read_page(s->d, page, data,
				s->d->geom.oob_size ? oob : NULL);
	pthread_mutex_unlock(&s->dump_lock);
	return ret < 0 ? -EIO : 0;
}

/*
 * The raw page from the overlay (MM_OVL_PROGRAMMED, or MM_OVL_ERASED:
 * filled with 0xFF), else from the dump (MM_OVL_MISS); or -errno.
 */
static int srv_page_from(struct mm_srv *s, uint64_t page, uint8_t *data,
			 uint8_t *oob)
{
	const struct mm_geom *g = &s->d->geom;
	int ret;

	if (s->ov) {
		ret = mm_overlay_read_page(s->ov, page, data, oob);
		if (ret < 0)
			return ret;
		if (ret == MM_OVL_PROGRAMMED)
			return ret;
		if (ret == MM_OVL_ERASED) {
			if (data)
				memset(data, 0xff, g->page_size);
			if (oob && g->oob_size)
				memset(oob, 0xff, g->oob_size);
			return ret;
		}
	}
	ret = dump_page(s, page, data, oob);
	return ret ? ret : MM_OVL_MISS;
}

/* The raw page (data and/or OOB): overlay, else erased, else the dump. */
static int srv_get_page(struct mm_srv *s, uint64_t page, uint8_t *data,
			uint8_t *oob)
{
	int ret = srv_page_from(s, page, data, oob);

	return ret < 0 ? ret : 0;
}

static uint64_t prof_now(const struct mm_srv *s)
{
	struct timespec t;

	if (!s->o.profile)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void prof_add(const struct mm_srv *s, uint64_t *ctr, uint64_t t0)
{
	if (s->o.profile)
		__atomic_fetch_add(ctr, prof_now(s) - t0, __ATOMIC_RELAXED);
}

static void stat_inc(uint64_t *ctr, uint64_t n)
{
	__atomic_fetch_add(ctr, n, __ATOMIC_RELAXED);
}

/* --faults: damage the raw page as a chip would, before any ECC. */
static void read_faults(struct mm_srv *s, uint64_t page, uint8_t *data,
			uint8_t *oob)
{
	unsigned int n;

	if (!s->o.faults)
		return;
	n = mm_faults_read(s->o.faults, page, data, oob);
	if (n)
		srv_log(s, "   faults: %u bits changed in page %" PRIu64, n,
			page);
}

/* Combine an ECC verdict into the reply's soft error. */
static int soft_merge(int soft, int r)
{
	if (r == -EBADMSG || soft == -EBADMSG)
		return -EBADMSG;
	if (r > 0 || soft == -EUCLEAN)
		return -EUCLEAN;
	return 0;
}

static void read_faults(struct mm_srv *s, uint64_t page, uint8_t *data,
			uint8_t *oob);

/*
 * The corrected page into @data (page_size bytes) and w->oob: the codec's verdict (0, the
 * bits corrected, -EBADMSG) or a hard -errno. A page of the dump is decoded
 * once (vcache.h): a clean one is then read without its OOB and without
 * the codec, a corrected one comes from the cache. Pages of the overlay
 * (written since) are decoded every time.
 */
static int read_corrected(struct srv_worker *w, uint64_t page, uint8_t *data)
{
	struct mm_srv *s = w->s;
	uint64_t t0 = prof_now(s);
	int from, ret;

	if (s->vc_on && (!s->ov || mm_overlay_read_page(s->ov, page, NULL,
						 NULL) == MM_OVL_MISS)) {
		if (mm_vcache_is_clean(&s->vc, page)) {
			ret = dump_page(s, page, data, NULL);
			prof_add(s, &s->stats.ns_page, t0);
			stat_inc(&s->stats.cache_hits, 1);
			return ret;
		}
		if (mm_vcache_get(&s->vc, page, data, w->oob, &ret)) {
			stat_inc(&s->stats.cache_hits, 1);
			return ret;
		}
	}
	from = srv_page_from(s, page, data, w->oob);
	prof_add(s, &s->stats.ns_page, t0);
	if (from < 0)
		return from;
	read_faults(s, page, data, w->oob);
	t0 = prof_now(s);
	ret = s->o.ecc_correct(s->o.ecc_arg, page, data, w->oob);
	prof_add(s, &s->stats.ns_ecc, t0);
	stat_inc(&s->stats.decoded, 1);
	if (s->vc_on && from == MM_OVL_MISS) {
		if (!ret && s->vc.clean)
			mm_vcache_set_clean(&s->vc, page);
		else if (ret >= 0 || ret == -EBADMSG)
			mm_vcache_put(&s->vc, page, data, w->oob, ret);
	}
	return ret;
}

static bool flags_valid(uint32_t f)
{
	return f == MUSE_IO_INBAND || f == (MUSE_IO_INBAND | MUSE_IO_RAW) ||
	       f == MUSE_IO_OOB_AUTO || f == MUSE_IO_OOB_PLACE ||
	       f == (MUSE_IO_OOB_PLACE | MUSE_IO_RAW);
}

/*
 * Check an I/O request's range. For OOB, @page/@col/@per are the first
 * page, the column in it and the OOB bytes used per page.
 */
static int check_io(struct mm_srv *s, uint64_t addr, uint64_t len,
		    uint32_t flags, uint64_t *page, uint32_t *col,
		    uint32_t *per)
{
	uint64_t npages;

	if (!flags_valid(flags) || !len || len > s->max_io)
		return -EINVAL;
	if (flags & MUSE_IO_INBAND) {
		if (addr >= s->size || len > s->size - addr)
			return -EINVAL;
		return 0;
	}
	*per = flags & MUSE_IO_OOB_AUTO ? s->oobavail : s->oobsize;
	if (!*per)
		return -EINVAL;
	*page = addr / s->writesize;
	*col = addr % s->writesize;
	if (*col >= *per)
		return -EINVAL;
	npages = (*col + len + *per - 1) / *per;
	if (*page >= mm_geom_page_count(&s->d->geom) ||
	    npages > mm_geom_page_count(&s->d->geom) - *page)
		return -EINVAL;
	return 0;
}

/*
 * muse_read_out's padding word for muse.ko's ECC extension: corrected bits
 * (low 16 bits) and the most in one page, for the most in one ECC step
 * (high 16); v3 kernels do not read it.
 */
static uint32_t ecc_padding(uint32_t bits, uint32_t most)
{
	return (bits > 0xffff ? 0xffff : bits) |
	       (most > 0xffff ? 0xffff : most) << 16;
}

void srv_do_read(struct srv_worker *w, const uint8_t *msg, ssize_t n)
{
	struct mm_srv *s = w->s;
	const struct fuse_in_header *ih = (const void *)msg;
	const struct muse_read_in *in = (const void *)(msg + sizeof(*ih));
	struct muse_read_out *out = (void *)(w->out +
					     sizeof(struct fuse_out_header));
	const struct mm_geom *g = &s->d->geom;
	uint8_t *dst = (uint8_t *)(out + 1), *buf;
	uint64_t pos = in->addr, left = in->len, page = 0, t0;
	uint32_t col = 0, per = 0, off, k, bits = 0, most = 0;
	bool ecc;
	int ret, soft = 0;

	(void)n;
	stat_inc(&s->stats.reads, 1);
	stat_inc(&s->stats.read_bytes, in->len);
	stat_inc(&s->stats.read_size[in->len <= 2048 ? 0 : in->len <= 4096 ? 1 :
				     in->len < 131072 ? 2 :
				     in->len == 131072 ? 3 : 4], 1);
	ret = check_io(s, in->addr, in->len, in->flags, &page, &col, &per);
	if (ret) {
		srv_reply(w, ih->unique, -ret, 0);
		return;
	}
	ecc = in->flags == MUSE_IO_INBAND && s->o.ecc_correct;
	pthread_rwlock_rdlock(&s->lock);
	if (in->flags & MUSE_IO_INBAND) {
		while (left) {
			page = pos / g->page_size;
			off = pos % g->page_size;
			k = g->page_size - off < left ? g->page_size - off :
							left;
			/* whole pages go straight into the reply */
			buf = !off && k == g->page_size ? dst : w->data;
			if (ecc) {
				ret = read_corrected(w, page, buf);
				if (ret < 0 && ret != -EBADMSG)
					break;
				soft = soft_merge(soft, ret);
				if (ret > 0) {	/* for the padding word */
					bits += ret;
					most = (uint32_t)ret > most ? (uint32_t)ret : most;
				}
				ret = 0;
			} else {
				ret = srv_get_page(s, page, buf, NULL);
				if (ret)
					break;
				read_faults(s, page, buf, NULL);
			}
			if (buf != dst)
				memcpy(dst, buf + off, k);
			dst += k;
			pos += k;
			left -= k;
		}
	} else {
		for (; left; page++, col = 0) {
			k = per - col < left ? per - col : left;
			if (s->o.ecc_lay_out && !(in->flags & MUSE_IO_RAW)) {
				/* a page layout: the logical OOB, decoded */
				ret = read_corrected(w, page, w->data);
				if (ret < 0 && ret != -EBADMSG)
					break;
				soft = soft_merge(soft, ret);
				ret = 0;
			} else {
				ret = srv_get_page(s, page, NULL, w->oob);
				if (!ret)
					read_faults(s, page, NULL, w->oob);
			}
			if (ret)
				break;
			if (in->flags & MUSE_IO_OOB_AUTO)
				mm_ooblayout_get_free(&s->layout, w->oob, col,
						      k, dst);
			else
				memcpy(dst, w->oob + col, k);
			dst += k;
			left -= k;
		}
	}
	pthread_rwlock_unlock(&s->lock);
	if (s->o.faults)
		mm_faults_delay(s->o.faults, MM_FAULT_READ);
	if (ret) {
		srv_reply(w, ih->unique, -ret, 0);
		return;
	}
	out->len = in->len;
	out->soft_error = (uint32_t)soft;
	out->padding = s->ecc_ext ? ecc_padding(bits, most) : 0;
	t0 = prof_now(s);
	srv_reply(w, ih->unique, 0, sizeof(*out) + in->len);
	prof_add(s, &s->stats.ns_reply, t0);
}

/*
 * Program one page: new = old AND written; store when it changed. An
 * injected program failure (--faults) leaves the page as it was; what is
 * stored goes to the --record log too.
 */
static int program_page(struct srv_worker *w, uint64_t page)
{
	struct mm_srv *s = w->s;
	int ret;

	if (s->o.faults && mm_faults_program(s->o.faults, page)) {
		srv_log(s, "   faults: program of page %" PRIu64 " fails",
			page);
		return -EIO;
	}
	ret = mm_overlay_write_page(s->ov, page, w->data, w->oob, false);
	if (ret)
		srv_store_result(s, "page", page * s->writesize, ret);
	if (!ret && s->o.record)
		ret = mm_record_page(s->o.record, page, w->data, w->oob);
	return ret;
}

/*
 * Flash programming only clears bits: dst &= src. Return: whether any byte
 * changed (a write of all 0xFF, or of what is there, costs no overlay slot).
 */
static bool program_bits(uint8_t *dst, const uint8_t *src, size_t n)
{
	bool changed = false;
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t v = dst[i] & src[i];

		changed |= v != dst[i];
		dst[i] = v;
	}
	return changed;
}

/*
 * A write through a controller's page layout: each page is decoded to its
 * logical page and OOB, the written bytes are programmed into those (new =
 * old AND written), and a page that changed is laid out and encoded again
 * as the controller would program it.
 */
static int write_logical(struct srv_worker *w, const struct muse_write_in *in,
			 const uint8_t *src)
{
	struct mm_srv *s = w->s;
	const struct mm_geom *g = &s->d->geom;
	uint64_t pos = in->addr, left = in->len, page;
	uint32_t col = 0, per = 0, off, k;
	bool inband = in->flags & MUSE_IO_INBAND, changed;
	int ret;

	if (!inband) {
		ret = check_io(s, in->addr, in->len, in->flags, &page, &col,
			       &per);
		if (ret)
			return ret;
	} else {
		page = pos / g->page_size;
	}
	while (left) {
		if (inband) {
			page = pos / g->page_size;
			off = pos % g->page_size;
			k = g->page_size - off < left ? g->page_size - off :
							left;
		} else {
			off = col;
			k = per - col < left ? per - col : left;
		}
		ret = srv_get_page(s, page, w->data, w->oob);
		if (ret)
			return ret;
		ret = s->o.ecc_correct(s->o.ecc_arg, page, w->data, w->oob);
		if (ret < 0 && ret != -EBADMSG)
			return ret;
		if (inband) {
			changed = program_bits(w->data + off, src, k);
		} else {
			memset(w->tmp, 0xff, g->oob_size);
			if (in->flags & MUSE_IO_OOB_AUTO)
				mm_ooblayout_put_free(&s->layout, w->tmp, off,
						      k, src);
			else
				memcpy(w->tmp + off, src, k);
			changed = program_bits(w->oob, w->tmp, g->oob_size);
		}
		if (changed) {
			ret = s->o.ecc_lay_out(s->o.ecc_arg, page, w->data,
					       w->oob);
			if (!ret)
				ret = program_page(w, page);
			if (ret)
				return ret;
		}
		src += k;
		left -= k;
		if (inband) {
			pos += k;
		} else {
			page++;
			col = 0;
		}
	}
	return 0;
}

void srv_do_write(struct srv_worker *w, const uint8_t *msg, ssize_t n)
{
	struct mm_srv *s = w->s;
	const struct fuse_in_header *ih = (const void *)msg;
	const struct muse_write_in *in = (const void *)(msg + sizeof(*ih));
	struct muse_write_out *out = (void *)(w->out +
					      sizeof(struct fuse_out_header));
	const struct mm_geom *g = &s->d->geom;
	const uint8_t *src = (const uint8_t *)(in + 1);
	uint64_t pos = in->addr, left = in->len, page = 0;
	uint32_t col = 0, per = 0, off, k;
	bool changed, ecc;
	int ret;

	if ((uint64_t)n - sizeof(*ih) - sizeof(*in) != in->len) {
		srv_reply(w, ih->unique, EIO, 0);	/* truncated */
		return;
	}
	if (!(s->flags & MTD_WRITEABLE) || !s->ov) {
		srv_reply(w, ih->unique, EROFS, 0);
		return;
	}
	ret = check_io(s, in->addr, in->len, in->flags, &page, &col, &per);
	if (ret) {
		srv_reply(w, ih->unique, -ret, 0);
		return;
	}
	ecc = in->flags == MUSE_IO_INBAND && s->o.ecc_encode && g->oob_size;
	pthread_rwlock_wrlock(&s->lock);
	if (s->o.record)
		mm_record_begin(s->o.record, MM_REC_WRITE, in->addr, in->len,
				in->flags);
	if (s->o.ecc_lay_out && !(in->flags & MUSE_IO_RAW)) {
		ret = write_logical(w, in, src);
	} else if (in->flags & MUSE_IO_INBAND) {
		while (left) {
			page = pos / g->page_size;
			off = pos % g->page_size;
			k = g->page_size - off < left ? g->page_size - off :
							left;
			ret = srv_get_page(s, page, w->data, w->oob);
			if (ret)
				break;
			changed = program_bits(w->data + off, src, k);
			if (ecc) {
				memset(w->tmp, 0xff, g->oob_size);
				ret = s->o.ecc_encode(s->o.ecc_arg, page,
						      w->data, w->tmp);
				if (ret)
					break;
				changed |= program_bits(w->oob, w->tmp,
							g->oob_size);
			}
			if (changed) {
				ret = program_page(w, page);
				if (ret)
					break;
			}
			src += k;
			pos += k;
			left -= k;
		}
	} else {
		for (; left; page++, col = 0) {
			k = per - col < left ? per - col : left;
			ret = srv_get_page(s, page, w->data, w->oob);
			if (ret)
				break;
			memset(w->tmp, 0xff, g->oob_size);
			if (in->flags & MUSE_IO_OOB_AUTO)
				mm_ooblayout_put_free(&s->layout, w->tmp, col,
						      k, src);
			else
				memcpy(w->tmp + col, src, k);
			changed = program_bits(w->oob, w->tmp, g->oob_size);
			if (changed) {
				ret = program_page(w, page);
				if (ret)
					break;
			}
			src += k;
			left -= k;
		}
	}
	/* Durable before the reply: what is acknowledged survives a crash. */
	if (!ret) {
		ret = mm_overlay_sync(s->ov);
		srv_store_result(s, "write", in->addr, ret);
	} else {
		mm_overlay_sync(s->ov);	/* the pages programmed before */
	}
	if (s->o.record) {
		int r = mm_record_end(s->o.record, ret == -EINVAL ? -EINVAL :
					 ret ? -EIO : 0);

		if (!ret)
			ret = r;
	}
	pthread_rwlock_unlock(&s->lock);
	if (s->o.faults)
		mm_faults_delay(s->o.faults, MM_FAULT_WRITE);
	if (ret) {
		srv_reply(w, ih->unique, ret == -EINVAL ? EINVAL : EIO, 0);
		return;
	}
	out->len = in->len;
	out->soft_error = 0;
	out->padding = 0;
	srv_reply(w, ih->unique, 0, sizeof(*out));
}
