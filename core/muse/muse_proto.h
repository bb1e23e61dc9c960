/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * muse_proto.h - the MUSE v3 wire protocol (FUSE transport + MUSE opcodes).
 *
 * Struct and field names are the kernel's (include/uapi/linux/fuse.h of the
 * v3 "Userspace backed MTD" series), so grepping the patch finds them. All
 * integers are host-endian; sizes are pinned below. The normative prose is
 * docs/muse-protocol.md (shared docs), sections 1-9.
 */
#ifndef MM_MUSE_PROTO_H
#define MM_MUSE_PROTO_H

#include <stdint.h>

#define FUSE_KERNEL_VERSION		7
#define MUSE_KERNEL_MINOR_VERSION	34	/* v3 kernels require >= 34 */
#define FUSE_ROOT_ID			1

/* Opcodes (enum fuse_opcode). */
#define FUSE_INTERRUPT		36
#define MUSE_INIT		8192
#define MUSE_ERASE		8193
#define MUSE_READ		8194
#define MUSE_WRITE		8195
#define MUSE_MARKBAD		8196
#define MUSE_ISBAD		8197
#define MUSE_SYNC		8198

/* muse_read_in.flags / muse_write_in.flags (v3). */
#define MUSE_IO_INBAND		(1 << 0)
#define MUSE_IO_OOB_AUTO	(1 << 1)
#define MUSE_IO_OOB_PLACE	(1 << 2)
#define MUSE_IO_RAW		(1 << 3)

#define MUSE_INIT_INFO_MAX	4096

/* MTD types and flags (include/uapi/mtd/mtd-abi.h). */
#define MTD_RAM			1
#define MTD_ROM			2
#define MTD_NORFLASH		3
#define MTD_NANDFLASH		4
#define MTD_DATAFLASH		6
#define MTD_MLCNANDFLASH	8
#define MTD_WRITEABLE		0x400
#define MTD_BIT_WRITEABLE	0x800
#define MTD_NO_ERASE		0x1000
#define MTD_CAP_ROM		0
#define MTD_CAP_RAM		(MTD_WRITEABLE | MTD_BIT_WRITEABLE | MTD_NO_ERASE)
#define MTD_CAP_NORFLASH	(MTD_WRITEABLE | MTD_BIT_WRITEABLE)
#define MTD_CAP_NANDFLASH	MTD_WRITEABLE
#define MTD_MUSE		0x8000	/* set by the kernel, never by us */

struct fuse_in_header {
	uint32_t len;
	uint32_t opcode;
	uint64_t unique;
	uint64_t nodeid;
	uint32_t uid;
	uint32_t gid;
	uint32_t pid;
	uint32_t padding;
};

struct fuse_out_header {
	uint32_t len;
	int32_t error;
	uint64_t unique;
};

struct fuse_interrupt_in {
	uint64_t unique;
};

struct muse_init_in {
	uint32_t fuse_major;
	uint32_t fuse_minor;
};

struct muse_init_out {
	uint32_t fuse_major;
	uint32_t fuse_minor;
	uint32_t max_read;
	uint32_t max_write;
};

struct muse_erase_in {
	uint64_t addr;
	uint64_t len;
};

struct muse_read_in {
	uint64_t addr;
	uint64_t len;
	uint32_t flags;
	uint32_t padding;
};

struct muse_read_out {
	uint64_t len;
	uint32_t soft_error;	/* a negative errno as two's complement */
	uint32_t padding;
};

struct muse_write_in {
	uint64_t addr;
	uint64_t len;
	uint32_t flags;
	uint32_t padding;
};

struct muse_write_out {
	uint64_t len;
	uint32_t soft_error;
	uint32_t padding;
};

struct muse_markbad_in {
	uint64_t addr;
};

struct muse_isbad_in {
	uint64_t addr;
};

struct muse_isbad_out {
	uint32_t result;
	uint32_t padding;
};

_Static_assert(sizeof(struct fuse_in_header) == 40, "fuse_in_header");
_Static_assert(sizeof(struct fuse_out_header) == 16, "fuse_out_header");
_Static_assert(sizeof(struct fuse_interrupt_in) == 8, "fuse_interrupt_in");
_Static_assert(sizeof(struct muse_init_in) == 8, "muse_init_in");
_Static_assert(sizeof(struct muse_init_out) == 16, "muse_init_out");
_Static_assert(sizeof(struct muse_erase_in) == 16, "muse_erase_in");
_Static_assert(sizeof(struct muse_read_in) == 24, "muse_read_in");
_Static_assert(sizeof(struct muse_read_out) == 16, "muse_read_out");
_Static_assert(sizeof(struct muse_write_in) == 24, "muse_write_in");
_Static_assert(sizeof(struct muse_write_out) == 16, "muse_write_out");
_Static_assert(sizeof(struct muse_markbad_in) == 8, "muse_markbad_in");
_Static_assert(sizeof(struct muse_isbad_in) == 8, "muse_isbad_in");
_Static_assert(sizeof(struct muse_isbad_out) == 8, "muse_isbad_out");

/* Smallest read() buffer the FUSE core accepts once max_write is known. */
#define MUSE_MIN_READ_BUF	8192
#define MUSE_BUF_OVERHEAD	80	/* 40 + 40 in the FUSE core's rule */

#endif /* MM_MUSE_PROTO_H */
