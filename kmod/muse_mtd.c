// SPDX-License-Identifier: GPL-2.0
/*
 * muse_mtd.c - MUSE: the MTD operations, each one or more requests to the server
 */

#define pr_fmt(fmt) "MUSE: " fmt

#include <linux/bitmap.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "muse.h"

static unsigned int readahead_kb;
module_param(readahead_kb, uint, 0644);
MODULE_PARM_DESC(readahead_kb,
		 "in-band read-ahead window in KiB for MTDs registered after it is set (default 0: off)");

static bool readahead_ecc;
module_param(readahead_ecc, bool, 0644);
MODULE_PARM_DESC(readahead_ecc,
		 "read ahead also for servers that send the ECC keys (they then see reads nobody asked for)");

static bool isbad_cache = true;
module_param(isbad_cache, bool, 0644);
MODULE_PARM_DESC(isbad_cache,
		 "keep the server's ISBAD answers until a MARKBAD or ERASE of the block, as the NAND core's BBT does (default on; for MTDs registered after it is set)");

/*
 * The read-ahead window (see struct muse_conn): its size is readahead_kb
 * when the server's INIT is accepted, at most what one READ may carry,
 * whole pages; a window smaller than two pages is not worth it.  Not for
 * a server that sent the ECC keys unless readahead_ecc is set: it checks
 * ECC on every page it serves and may count or log each uncorrectable one
 * (muse-mount --ecc-log); a window would make it read pages nobody asked
 * for.  The kernel's own ECC counts stay exact either way (only clean
 * windows are kept).
 */
void muse_ra_setup(struct muse_conn *conn)
{
	struct mtd_info *mtd = &conn->mtd;
	u64 size = (u64)READ_ONCE(readahead_kb) * SZ_1K;
	u32 rem;

	if (mtd->ecc_strength && !READ_ONCE(readahead_ecc))
		return;

	size = min_t(u64, size, min_t(u32, conn->max_read, MUSE_MAX_CHUNK));
	size = min_t(u64, size, mtd->size);
	div_u64_rem(size, mtd->writesize, &rem);
	size -= rem;
	if (!size || size < 2 * (u64)mtd->writesize)
		return;
	conn->ra_buf = kvmalloc(size, GFP_KERNEL);
	if (!conn->ra_buf) {
		pr_warn("%s: no memory for a %llu-byte read-ahead window: off\n",
			conn->name, size);
		return;
	}
	conn->ra_size = size;
	conn->ra_buf_size = size;
	conn->ra_next = 2 * mtd->writesize;
}

/* Empty the window: around every change the server is asked to make. */
void muse_ra_drop(struct muse_conn *conn)
{
	if (!conn->ra_buf)
		return;
	mutex_lock(&conn->ra_lock);
	conn->ra_len = 0;
	conn->ra_bad_len = 0;
	mutex_unlock(&conn->ra_lock);
}

/* Make @req a READ of [@addr, @addr + @len) into its own buffer. */
static void muse_read_prep(struct muse_req *req, u64 addr, u32 len, u32 flags)
{
	req->in.read.addr = addr;
	req->in.read.len = len;
	req->in.read.flags = flags;
	req->in.read.padding = 0;
	req->in_size = sizeof(req->in.read);
	req->out_size = sizeof(req->out.read);
	req->out_data = req->buf;
	req->out_data_max = len;
}

/*
 * Read the window [start, start + len) with one READ (ra_lock held).
 * Only a clean reply is kept: soft_error 0 and no bit flips in the ECC
 * padding word, so that the reads served from it need no ECC accounting
 * of their own; anything else leaves the window empty and the caller
 * reads directly (and accounts what it gets).  The reply lands in a
 * buffer of ra_size bytes that then becomes the window: no copy.
 */
static int muse_ra_fill(struct muse_conn *conn, u64 start, u32 len)
{
	struct muse_req *req;
	int ret;

	req = muse_req_alloc_io(conn, MUSE_READ, conn->ra_size);
	if (!req)
		return -ENOMEM;
	muse_read_prep(req, start, len, MUSE_IO_INBAND);
	ret = muse_send(conn, req);
	if (!ret && (req->out.read.soft_error || req->out.read.padding ||
		     req->out.read.len != len || req->out_data_len != len))
		ret = -EAGAIN;
	if (!ret) {
		/*
		 * The reply is complete (state DONE, nothing writes into
		 * req->buf any more): swap it in as the window.
		 */
		u8 *win = req->buf;
		size_t size = req->buf_size;

		req->buf = conn->ra_buf;
		req->buf_size = conn->ra_buf_size;
		conn->ra_buf = win;
		conn->ra_buf_size = size;
		conn->ra_addr = start;
		conn->ra_len = len;
	}
	muse_req_put(req);
	return ret;
}

static u64 muse_round_up(u64 x, u32 to)
{
	u32 rem;

	div_u64_rem(x, to, &rem);
	return rem ? x + to - rem : x;
}

/*
 * A small in-band read through the window: 0 with ops->retlen set, or
 * -EAGAIN when it must be read directly (it crosses a multiple of
 * ra_size, or a window there was not clean: then so is the rest up to the
 * next multiple of ra_size, as a block with bit flips in every page would
 * otherwise cost a window attempt every two pages).  On a miss the new window
 * starts at the read's page: two pages when the reads jump about (UBI's
 * EC and VID headers, JFFS2's look at the start of each block), twice the
 * last one's size while they go forward from it, and at least the whole
 * read.
 */
static int muse_ra_read(struct muse_conn *conn, u64 from,
			struct mtd_oob_ops *ops)
{
	struct mtd_info *mtd = &conn->mtd;
	u32 ws = mtd->writesize, rem;
	u64 start, end, limit, want = from + ops->len;
	int ret = -EAGAIN;

	mutex_lock(&conn->ra_lock);
	if (conn->ra_len && from >= conn->ra_addr &&
	    want <= conn->ra_addr + conn->ra_len)
		goto hit;
	if (conn->ra_bad_len && from < conn->ra_bad_addr + conn->ra_bad_len &&
	    want > conn->ra_bad_addr)
		goto out;
	div_u64_rem(from, ws, &rem);
	start = from - rem;
	if (conn->ra_len && start >= conn->ra_addr &&
	    start <= conn->ra_addr + conn->ra_len)
		conn->ra_next = min(2 * conn->ra_next, conn->ra_size);
	else
		conn->ra_next = 2 * ws;
	div_u64_rem(start, conn->ra_size, &rem);
	limit = min_t(u64, start - rem + conn->ra_size, mtd->size);
	end = max(min_t(u64, start + conn->ra_next, limit),
		  muse_round_up(want, ws));
	if (end > limit)
		goto out;
	conn->ra_len = 0;
	if (muse_ra_fill(conn, start, end - start)) {
		/* the rest up to the multiple of ra_size is read directly */
		conn->ra_bad_addr = start;
		conn->ra_bad_len = limit - start;
		conn->ra_next = 2 * ws;
		goto out;
	}
hit:
	memcpy(ops->datbuf, conn->ra_buf + (from - conn->ra_addr), ops->len);
	ops->retlen = ops->len;
	ret = 0;
out:
	mutex_unlock(&conn->ra_lock);
	return ret;
}

/*
 * ECC keys (extension): count one READ chunk's bit flips in the master's
 * ecc_stats, as a NAND controller driver does.  @pad is muse_read_out's
 * padding word: corrected bits (low 16 bits) and the most bits corrected
 * in one ECC step (high 16); -EBADMSG counts as one failure (or that many
 * steps).  A server that leaves it 0 gets the v3 meaning: -EUCLEAN = one
 * corrected bit at the threshold.  Returns the chunk's max bit flips.
 */
static unsigned int muse_ecc_account(struct muse_conn *conn, s32 soft,
				     u32 pad)
{
	struct mtd_info *mtd = &conn->mtd;
	unsigned int bits = MUSE_ECC_BITS(pad), most = MUSE_ECC_MAX(pad);

	if (soft == -EBADMSG) {
		spin_lock(&conn->lock);
		mtd->ecc_stats.failed += bits ? bits : 1;
		spin_unlock(&conn->lock);
		return 0;
	}
	if (soft == -EUCLEAN && !pad) {
		bits = 1;
		most = mtd->bitflip_threshold;
	}
	if (!bits)
		return 0;
	if (!most)
		most = min_t(unsigned int, bits, mtd->ecc_strength);
	spin_lock(&conn->lock);
	mtd->ecc_stats.corrected += bits;
	spin_unlock(&conn->lock);
	return most;
}

static int muse_mtd_io(struct mtd_info *mtd, loff_t from,
		       struct mtd_oob_ops *ops, bool write)
{
	struct muse_conn *conn = mtd_to_conn(mtd);
	struct muse_req *req;
	bool bitflips = false, eccerr = false;
	unsigned int max_bitflips = 0;
	size_t total, done = 0, chunk_max, n;
	u32 max_io, flags;
	u64 addr;
	u8 *buf;
	int ret = 0;

	/* one variable buffer per request: no in-band + OOB together */
	if ((ops->len && ops->ooblen) || (ops->datbuf && ops->oobbuf))
		return -ENOTSUPP;

	if (ops->ooblen) {
		switch (ops->mode) {
		case MTD_OPS_PLACE_OOB:
			flags = MUSE_IO_OOB_PLACE;
			break;
		case MTD_OPS_AUTO_OOB:
			flags = MUSE_IO_OOB_AUTO;
			break;
		case MTD_OPS_RAW:
			flags = MUSE_IO_OOB_PLACE | MUSE_IO_RAW;
			break;
		default:
			return -ENOTSUPP;
		}
		buf = ops->oobbuf;
		total = ops->ooblen;
		addr = from + ops->ooboffs;
	} else {
		flags = MUSE_IO_INBAND;
		if (ops->mode == MTD_OPS_RAW)
			flags |= MUSE_IO_RAW;
		buf = ops->datbuf;
		total = ops->len;
		addr = from;
	}
	if (!total || !buf)
		return 0;

	if (!write && conn->ra_buf && flags == MUSE_IO_INBAND &&
	    total < conn->ra_size) {
		ret = muse_ra_read(conn, addr, ops);
		if (ret != -EAGAIN)
			return ret;
		ret = 0;
	}
	if (write)
		muse_ra_drop(conn);

	max_io = write ? conn->max_write : conn->max_read;
	if (max_io < mtd->writebufsize)
		return -ENOBUFS;
	chunk_max = min_t(size_t, max_io, MUSE_MAX_CHUNK);

	req = muse_req_alloc_io(conn, write ? MUSE_WRITE : MUSE_READ,
				min(total, chunk_max));
	if (!req)
		return -ENOMEM;

	while (done < total) {
		s32 soft;
		u64 rlen;

		n = min(total - done, chunk_max);
		if (write) {
			req->in.write.addr = addr + done;
			req->in.write.len = n;
			req->in.write.flags = flags;
			req->in.write.padding = 0;
			req->in_size = sizeof(req->in.write);
			memcpy(req->buf, buf + done, n);
			req->in_data = req->buf;
			req->in_data_size = n;
			req->out_size = sizeof(req->out.write);
		} else {
			muse_read_prep(req, addr + done, n, flags);
		}

		ret = muse_send(conn, req);
		if (ret) {
			/*
			 * -EUCLEAN/-EBADMSG mean "data delivered" to MTD
			 * users; a header-only error delivers none.
			 */
			if (ret == -EUCLEAN || ret == -EBADMSG)
				ret = -EIO;
			break;
		}

		if (write) {
			soft = (s32)req->out.write.soft_error;
			rlen = req->out.write.len;
		} else {
			soft = (s32)req->out.read.soft_error;
			rlen = req->out.read.len;
		}
		if (soft == -EUCLEAN && !write) {
			bitflips = true;
		} else if (soft == -EBADMSG && !write) {
			eccerr = true;
		} else if (soft) {
			ret = muse_sanitize_err(soft);
			break;
		}
		if (rlen != n) {
			ret = -EIO;
			break;
		}
		if (!write && mtd->ecc_strength)
			max_bitflips = max(max_bitflips,
					   muse_ecc_account(conn, soft,
						req->out.read.padding));
		if (!write) {
			size_t got = req->out_data_len;

			memcpy(buf + done, req->buf, got);
			/* never hand out stale memory for a short tail */
			if (got < n)
				memset(buf + done + got, 0, n - got);
		}
		done += n;
	}
	muse_req_put(req);
	if (write)
		muse_ra_drop(conn);

	if (ops->ooblen)
		ops->oobretlen = done;
	else
		ops->retlen = done;

	if (ret)
		return ret;
	if (eccerr)
		return -EBADMSG;
	/* with ECC keys the MTD core applies bitflip_threshold itself */
	if (mtd->ecc_strength)
		return max_bitflips;
	if (bitflips)
		return -EUCLEAN;
	return 0;
}

int muse_mtd_read_oob(struct mtd_info *mtd, loff_t from,
			     struct mtd_oob_ops *ops)
{
	return muse_mtd_io(mtd, from, ops, false);
}

int muse_mtd_write_oob(struct mtd_info *mtd, loff_t to,
			      struct mtd_oob_ops *ops)
{
	return muse_mtd_io(mtd, to, ops, true);
}

/*
 * The ISBAD answers (see struct muse_conn): for a NAND MTD registered
 * while isbad_cache is set.  UBI asks for every PEB at attach and JFFS2
 * for every block at mount, each a round trip; registration has asked
 * them all already, to count the bad blocks.
 */
void muse_bb_setup(struct muse_conn *conn)
{
	struct mtd_info *mtd = &conn->mtd;
	u64 n = div_u64(mtd->size, mtd->erasesize);

	if (!READ_ONCE(isbad_cache) || !mtd->_block_isbad || !n ||
	    n > INT_MAX)
		return;
	conn->bb_known = kvcalloc(BITS_TO_LONGS(n), sizeof(long), GFP_KERNEL);
	conn->bb_bad = kvcalloc(BITS_TO_LONGS(n), sizeof(long), GFP_KERNEL);
	if (!conn->bb_known || !conn->bb_bad) {
		kvfree(conn->bb_known);
		kvfree(conn->bb_bad);
		conn->bb_known = conn->bb_bad = NULL;
		return;
	}
	conn->bb_blocks = n;
}

/*
 * Forget the answers for the blocks of [@ofs, @ofs + @len) before a
 * change is sent; returns the generation an answer must still see.
 */
static u64 muse_bb_forget(struct muse_conn *conn, u64 ofs, u64 len)
{
	struct mtd_info *mtd = &conn->mtd;
	u64 first, end, gen;

	if (!conn->bb_known)
		return 0;
	first = div_u64(ofs, mtd->erasesize);
	end = min(div_u64(ofs + len + mtd->erasesize - 1, mtd->erasesize),
		  conn->bb_blocks);
	spin_lock(&conn->lock);
	gen = ++conn->bb_gen;
	if (first < end)
		bitmap_clear(conn->bb_known, first, end - first);
	spin_unlock(&conn->lock);
	return gen;
}

/* Keep @bad (0/1) for @blk unless a change came in since @gen. */
static void muse_bb_keep(struct muse_conn *conn, u64 blk, u64 gen, bool bad)
{
	if (!conn->bb_known || blk >= conn->bb_blocks)
		return;
	spin_lock(&conn->lock);
	if (conn->bb_gen == gen) {
		if (bad)
			__set_bit(blk, conn->bb_bad);
		else
			__clear_bit(blk, conn->bb_bad);
		__set_bit(blk, conn->bb_known);
	}
	spin_unlock(&conn->lock);
}

int muse_mtd_erase(struct mtd_info *mtd, struct erase_info *instr)
{
	struct muse_conn *conn = mtd_to_conn(mtd);
	struct muse_req *req;
	int ret;

	req = muse_req_alloc(MUSE_ERASE, 0);
	if (!req)
		return -ENOMEM;
	req->in.erase.addr = instr->addr;
	req->in.erase.len = instr->len;
	req->in_size = sizeof(req->in.erase);
	muse_ra_drop(conn);
	muse_bb_forget(conn, instr->addr, instr->len);
	ret = muse_send(conn, req);
	muse_ra_drop(conn);
	muse_bb_forget(conn, instr->addr, instr->len);
	muse_req_put(req);
	return ret;
}

int muse_mtd_block_isbad(struct mtd_info *mtd, loff_t ofs)
{
	struct muse_conn *conn = mtd_to_conn(mtd);
	struct muse_req *req;
	u64 blk = div_u64(ofs, mtd->erasesize), gen = 0;
	int ret;

	if (conn->bb_known && blk < conn->bb_blocks) {
		spin_lock(&conn->lock);
		ret = test_bit(blk, conn->bb_known) ?
		      test_bit(blk, conn->bb_bad) : -1;
		gen = conn->bb_gen;
		spin_unlock(&conn->lock);
		if (ret >= 0)
			return ret;
	}
	req = muse_req_alloc(MUSE_ISBAD, 0);
	if (!req)
		return -ENOMEM;
	req->in.isbad.addr = ofs;
	req->in_size = sizeof(req->in.isbad);
	req->out_size = sizeof(req->out.isbad);
	ret = muse_send(conn, req);
	if (!ret) {
		ret = (int)req->out.isbad.result;
		if (ret < 0)
			ret = muse_sanitize_err(ret);
		else if (ret <= 1)
			muse_bb_keep(conn, blk, gen, ret);
	}
	muse_req_put(req);
	return ret;
}

int muse_mtd_block_markbad(struct mtd_info *mtd, loff_t ofs)
{
	struct muse_conn *conn = mtd_to_conn(mtd);
	struct muse_req *req;
	u64 gen;
	int ret;

	req = muse_req_alloc(MUSE_MARKBAD, 0);
	if (!req)
		return -ENOMEM;
	req->in.markbad.addr = ofs;
	req->in_size = sizeof(req->in.markbad);
	muse_ra_drop(conn);
	muse_bb_forget(conn, ofs, 1);
	ret = muse_send(conn, req);
	muse_ra_drop(conn);
	gen = muse_bb_forget(conn, ofs, 1);
	if (!ret)
		muse_bb_keep(conn, div_u64(ofs, mtd->erasesize), gen, true);
	muse_req_put(req);
	return ret;
}

void muse_mtd_sync(struct mtd_info *mtd)
{
	struct muse_conn *conn = mtd_to_conn(mtd);
	struct muse_req *req;

	req = muse_req_alloc(MUSE_SYNC, 0);
	if (!req)
		return;
	muse_send(conn, req);	/* result ignored */
	muse_req_put(req);
}

int muse_mtd_get_device(struct mtd_info *mtd)
{
	struct muse_conn *conn = mtd_to_conn(mtd);
	int ret = 0;

	spin_lock(&conn->lock);
	if (conn->want_exit || !conn->connected) {
		ret = -ENODEV;
	} else {
		conn->users++;
		kref_get(&conn->kref);
	}
	spin_unlock(&conn->lock);
	return ret;
}

/* Queue unregistration if the MTD is unused and orphaned (lock held). */
void muse_try_unregister_locked(struct muse_conn *conn)
{
	if (conn->want_exit && conn->registered && !conn->users &&
	    !conn->unreg_queued) {
		conn->unreg_queued = true;
		queue_work(muse_wq, &conn->unreg_work);
	}
}

void muse_mtd_put_device(struct mtd_info *mtd)
{
	struct muse_conn *conn = mtd_to_conn(mtd);

	spin_lock(&conn->lock);
	if (!WARN_ON(!conn->users))
		conn->users--;
	muse_try_unregister_locked(conn);
	spin_unlock(&conn->lock);
	muse_conn_put(conn);
}
