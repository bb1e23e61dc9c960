// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ops_block.c - MUSE_ERASE, MUSE_ISBAD and MUSE_MARKBAD: eraseblocks in the
 * overlay, and the bad block state of the dump and the overlay.
 */
#include <errno.h>
#include <inttypes.h>

#include "srv_int.h"

static bool block_is_bad(struct mm_srv *s, uint64_t blk)
{
	if (s->d->bbt.state && mm_bbt_is_bad(&s->d->bbt, blk))
		return true;
	return s->ov && mm_overlay_is_bad(s->ov, blk);
}

void srv_do_erase(struct srv_worker *w, const uint8_t *msg, ssize_t n)
{
	struct mm_srv *s = w->s;
	const struct fuse_in_header *ih = (const void *)msg;
	const struct muse_erase_in *in = (const void *)(msg + sizeof(*ih));
	uint64_t blk, first, end;
	int ret = 0;

	(void)n;
	if (!(s->flags & MTD_WRITEABLE) || !s->ov) {
		srv_reply(w, ih->unique, EROFS, 0);
		return;
	}
	if (!in->len || in->addr % s->erasesize || in->len % s->erasesize ||
	    in->addr >= s->size || in->len > s->size - in->addr) {
		srv_reply(w, ih->unique, EINVAL, 0);
		return;
	}
	first = in->addr / s->erasesize;
	end = first + in->len / s->erasesize;
	pthread_rwlock_wrlock(&s->lock);
	/* Like the NAND core: erasing a bad block fails with -EIO. */
	for (blk = first; blk < end && is_nand(s->type); blk++) {
		if (block_is_bad(s, blk)) {
			srv_log(s, "   erase of bad block %" PRIu64, blk);
			ret = -EIO;
			break;
		}
	}
	if (s->o.record)
		mm_record_begin(s->o.record, MM_REC_ERASE, in->addr, in->len,
				0);
	for (blk = first; blk < end && !ret; blk++) {
		/* An injected failure leaves the block as it was. */
		if (s->o.faults && mm_faults_erase(s->o.faults, blk)) {
			srv_log(s, "   faults: erase of block %" PRIu64 " fails",
				blk);
			ret = -EIO;
			break;
		}
		ret = mm_overlay_erase_block(s->ov, blk, false);
		if (ret)
			srv_store_result(s, "erase", blk * s->erasesize, ret);
		if (!ret && s->o.record)
			ret = mm_record_block(s->o.record, blk);
	}
	if (!ret) {
		ret = mm_overlay_sync(s->ov);
		srv_store_result(s, "erase", in->addr, ret);
	} else {
		mm_overlay_sync(s->ov);	/* the blocks erased before */
	}
	if (s->o.record) {
		int r = mm_record_end(s->o.record, ret ? -EIO : 0);

		if (!ret)
			ret = r;
	}
	pthread_rwlock_unlock(&s->lock);
	if (s->o.faults)
		mm_faults_delay(s->o.faults, MM_FAULT_ERASE);
	srv_reply(w, ih->unique, ret ? EIO : 0, 0);
}

void srv_do_isbad(struct srv_worker *w, const uint8_t *msg, ssize_t n)
{
	struct mm_srv *s = w->s;
	const struct fuse_in_header *ih = (const void *)msg;
	const struct muse_isbad_in *in = (const void *)(msg + sizeof(*ih));
	struct muse_isbad_out *out = (void *)(w->out +
					      sizeof(struct fuse_out_header));

	(void)n;
	if (in->addr >= s->size) {
		srv_reply(w, ih->unique, EINVAL, 0);
		return;
	}
	pthread_rwlock_rdlock(&s->lock);
	out->result = block_is_bad(s, in->addr / s->erasesize);
	pthread_rwlock_unlock(&s->lock);
	out->padding = 0;
	srv_reply(w, ih->unique, 0, sizeof(*out));
}

void srv_do_markbad(struct srv_worker *w, const uint8_t *msg, ssize_t n)
{
	struct mm_srv *s = w->s;
	const struct fuse_in_header *ih = (const void *)msg;
	const struct muse_markbad_in *in = (const void *)(msg + sizeof(*ih));
	int ret;

	(void)n;
	if (!(s->flags & MTD_WRITEABLE) || !s->ov) {
		srv_reply(w, ih->unique, EROFS, 0);
		return;
	}
	if (in->addr >= s->size) {
		srv_reply(w, ih->unique, EINVAL, 0);
		return;
	}
	pthread_rwlock_wrlock(&s->lock);
	ret = mm_overlay_markbad(s->ov, in->addr / s->erasesize, true);
	srv_store_result(s, "bad block mark", in->addr, ret);
	if (s->o.record) {
		int r;

		mm_record_begin(s->o.record, MM_REC_MARKBAD, in->addr, 0, 0);
		r = mm_record_end(s->o.record, ret ? -EIO : 0);
		if (!ret)
			ret = r;
	}
	pthread_rwlock_unlock(&s->lock);
	srv_reply(w, ih->unique, ret ? EIO : 0, 0);
}
