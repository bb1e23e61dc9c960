/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_int.h - what the MUSE server's files share: a worker's buffers, the
 * reply and log helpers (srv.c), and the opcode table (ops.c) that points
 * at the handlers (ops_io.c, ops_block.c, ops_ctl.c).
 *
 * Adding an opcode: a handler srv_do_<op>() in the ops_*.c file it fits
 * (declared below), one line in mm_muse_ops[] (ops.c) and a test in
 * tests/unit/check_srv.c.
 */
#ifndef MM_SRV_INT_H
#define MM_SRV_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "muse_proto.h"
#include "srv.h"

/* One worker's buffers. */
struct srv_worker {
	struct mm_srv *s;
	pthread_t tid;
	int epfd;		/* its epoll set, or -1 (poll()) */
	uint8_t *in;		/* s->bufsize: one request */
	uint8_t *out;		/* header + result + max_io data */
	uint8_t *data;		/* one page */
	uint8_t *oob;		/* its OOB */
	uint8_t *tmp;		/* scratch OOB */
};

/* What the -d log line shows of a request's arguments. */
enum mm_muse_log {
	MM_MUSE_LOG_SIZE,	/* insize */
	MM_MUSE_LOG_IO,		/* addr, len, flags */
	MM_MUSE_LOG_RANGE,	/* addr, len */
	MM_MUSE_LOG_ADDR,	/* addr */
};

/**
 * srv_handler - answer one request exactly once (srv_reply())
 * @w: the worker; @msg: the request (header and arguments), @n its length
 *
 * Called after INIT, with n >= header + arg_size and ih->len == n (INIT
 * itself is called before anything else and checks its own length).
 */
typedef void srv_handler(struct srv_worker *w, const uint8_t *msg,
			 ssize_t n);

/**
 * struct mm_muse_op - one opcode
 * @name: for the debug log ("MUSE_READ")
 * @arg_size: the fixed argument bytes after the header (a shorter request
 *	is answered EIO; WRITE's data is checked by its handler)
 * @handler: NULL: the request is ignored (FUSE_INTERRUPT)
 * @log: its debug log line
 */
struct mm_muse_op {
	const char *name;
	size_t arg_size;
	srv_handler *handler;
	enum mm_muse_log log;
};

/* ops.c: indexed by opcode - MUSE_INIT. */
extern const struct mm_muse_op mm_muse_ops[];

/**
 * mm_muse_op_find - the table entry of @opcode (FUSE_INTERRUPT too)
 * Return: the entry, or NULL for an unknown opcode.
 */
const struct mm_muse_op *mm_muse_op_find(uint32_t opcode);

/*
 * srv_blob_add_ecc - append muse.ko's ECC INIT keys to the blob (srv.c);
 * 0, or nonzero when they do not fit (the caller restores blob_len)
 */
int srv_blob_add_ecc(struct mm_srv *s);

/* srv_end - the first reason to end wins; every worker is woken (srv.c) */
void srv_end(struct mm_srv *s, int ret);

srv_handler srv_do_init;	/* ops_ctl.c */
srv_handler srv_do_sync;
srv_handler srv_do_read;	/* ops_io.c */
srv_handler srv_do_write;
srv_handler srv_do_erase;	/* ops_block.c */
srv_handler srv_do_isbad;
srv_handler srv_do_markbad;

/*
 * srv_reply - answer @unique. @err is a positive errno (0 = success); on
 * success @plen bytes of result are already at w->out + 16.
 */
void srv_reply(struct srv_worker *w, uint64_t unique, int err, size_t plen);

/*
 * srv_store_result - after a WRITE, ERASE or MARKBAD that reached the
 * overlay (called under the exclusive lock): @ret 0 or the -errno of the
 * store. The first failure (and a change of errno) is reported through
 * @o.warn as "cannot store the <what> at 0x<addr>: <strerror>; the kernel
 * gets -EIO"; later ones are counted, and the first success after them is
 * reported with the count.
 */
void srv_store_result(struct mm_srv *s, const char *what, uint64_t addr,
		      int ret);

/* srv_log - one line to the debug log (with -d only) */
void srv_log(struct mm_srv *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline bool is_nand(unsigned int type)
{
	return type == MTD_NANDFLASH || type == MTD_MLCNANDFLASH;
}

#endif /* MM_SRV_INT_H */
