// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ops_ctl.c - MUSE_INIT (the reply: versions, sizes and the blob built by
 * mm_srv_init()) and MUSE_SYNC.
 */
#include <errno.h>
#include <string.h>

#include "srv_int.h"

/*
 * muse.ko announces its ECC extension in the padding word of the INIT
 * request's header ("MU", bit 0); a v3 kernel sends 0 there. Then append
 * the ECC keys (when they fit) and report corrected bits in READ replies.
 */
#define MUSE_INIT_EXT_ECC	0x4d550001u

static void srv_ecc_ext(struct mm_srv *s, const struct fuse_in_header *ih)
{
	size_t len = s->blob_len;

	if (ih->padding != MUSE_INIT_EXT_ECC || srv_blob_add_ecc(s))
		s->blob_len = len;
	else
		s->ecc_ext = s->blob_len != len;
}

void srv_do_init(struct srv_worker *w, const uint8_t *msg, ssize_t n)
{
	struct mm_srv *s = w->s;
	const struct fuse_in_header *ih = (const void *)msg;
	const struct muse_init_in *in = (const void *)(msg + sizeof(*ih));
	struct muse_init_out *out = (void *)(w->out +
					     sizeof(struct fuse_out_header));

	if (n < (ssize_t)(sizeof(*ih) + sizeof(*in)) || ih->len != n) {
		srv_reply(w, ih->unique, EPROTO, 0);
		return;
	}
	srv_log(s, "   INIT: %u.%u", in->fuse_major, in->fuse_minor);
	if (in->fuse_major != FUSE_KERNEL_VERSION) {
		srv_reply(w, ih->unique, EPROTO, 0);
		return;
	}
	memset(out, 0, sizeof(*out));
	out->fuse_major = FUSE_KERNEL_VERSION;
	out->fuse_minor = MUSE_KERNEL_MINOR_VERSION;
	out->max_read = s->max_io;
	out->max_write = s->max_io;
	srv_ecc_ext(s, ih);
	memcpy((uint8_t *)(out + 1), s->blob, s->blob_len);
	s->inited = true;
	srv_reply(w, ih->unique, 0, sizeof(*out) + s->blob_len);
}

void srv_do_sync(struct srv_worker *w, const uint8_t *msg, ssize_t n)
{
	struct mm_srv *s = w->s;
	const struct fuse_in_header *ih = (const void *)msg;
	int ret = 0;

	(void)n;
	if (s->ov || s->o.record) {
		pthread_rwlock_wrlock(&s->lock);
		if (s->ov)
			ret = mm_overlay_sync(s->ov);
		if (s->o.record) {
			int r;

			mm_record_begin(s->o.record, MM_REC_SYNC, 0, 0, 0);
			r = mm_record_end(s->o.record, ret ? -EIO : 0);
			if (!ret)
				ret = r;
		}
		pthread_rwlock_unlock(&s->lock);
	}
	srv_reply(w, ih->unique, ret ? EIO : 0, 0);
}
