// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ops.c - the MUSE opcode table: for each opcode its name in the debug
 * log, the fixed size of its arguments, its handler and its log line. The
 * dispatcher (srv_handle() in srv.c) answers an opcode without an entry
 * with ENOSYS and a request shorter than its arguments with EIO.
 */
#include "srv_int.h"

/* Name, fixed argument size, handler, debug log form of opcode @op. */
#define MM_MUSE_OP(op, args, fn, log) \
	[op - MUSE_INIT] = { #op, args, fn, MM_MUSE_LOG_##log }

/* One line per opcode. */
const struct mm_muse_op mm_muse_ops[] = {
	MM_MUSE_OP(MUSE_INIT,	 sizeof(struct muse_init_in),	 srv_do_init,	 SIZE),
	MM_MUSE_OP(MUSE_ERASE,	 sizeof(struct muse_erase_in),	 srv_do_erase,	 RANGE),
	MM_MUSE_OP(MUSE_READ,	 sizeof(struct muse_read_in),	 srv_do_read,	 IO),
	MM_MUSE_OP(MUSE_WRITE,	 sizeof(struct muse_write_in),	 srv_do_write,	 IO),
	MM_MUSE_OP(MUSE_MARKBAD, sizeof(struct muse_markbad_in), srv_do_markbad, ADDR),
	MM_MUSE_OP(MUSE_ISBAD,	 sizeof(struct muse_isbad_in),	 srv_do_isbad,	 ADDR),
	MM_MUSE_OP(MUSE_SYNC,	 0,				 srv_do_sync,	 SIZE),
};

/* FUSE_INTERRUPT is allowed (protocol §1) and ignored: every request is
 * answered anyway. */
static const struct mm_muse_op srv_interrupt = {
	"FUSE_INTERRUPT", sizeof(struct fuse_interrupt_in), NULL,
	MM_MUSE_LOG_SIZE,
};

const struct mm_muse_op *mm_muse_op_find(uint32_t opcode)
{
	size_t n = sizeof(mm_muse_ops) / sizeof(mm_muse_ops[0]);

	if (opcode == FUSE_INTERRUPT)
		return &srv_interrupt;
	if (opcode < MUSE_INIT || opcode - MUSE_INIT >= n ||
	    !mm_muse_ops[opcode - MUSE_INIT].name)
		return NULL;
	return &mm_muse_ops[opcode - MUSE_INIT];
}
