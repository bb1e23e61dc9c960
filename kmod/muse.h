/* SPDX-License-Identifier: GPL-2.0 */
/*
 * muse.h - MTD in userspace (MUSE) for stock kernels: shared definitions
 *
 * Overview: wire structures of the protocol (docs: muse-protocol.md, "v3"),
 * the request and connection objects, and the functions the parts of the
 * module call in each other:
 *
 *   muse_dev.c   /dev/muse (open, read, write, poll, release), module init
 *   muse_req.c   connection and request lifetime, queueing, muse_send()
 *   muse_mtd.c   the MTD operations (requests built from MTD calls)
 *   muse_init.c  MUSE_INIT: key/value blob, PARTSCMDLINE, registration
 *
 * Lifetime: a connection is reference counted (kref).  References are held
 * by the open file, by the registered MTD (from INIT until it has been
 * unregistered) and by every MTD user (_get_device/_put_device).  The last
 * put hands the final free to the module's workqueue, which module exit
 * drains, so no module text runs after the module can go away.
 *
 * Requests are reference counted too.  Data of MUSE_READ/MUSE_WRITE goes
 * through a bounce buffer owned by the request, so a killed MTD user can
 * leave at any time without its buffer being touched afterwards.
 */
#ifndef MUSE_H
#define MUSE_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/mtd/mtd.h>
#include <linux/mtd/partitions.h>
#include <linux/refcount.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

/* Opcodes (between CUSE_INIT 4096 and CUSE_INIT_BSWAP_RESERVED) */
#define MUSE_INIT		8192
#define MUSE_ERASE		8193
#define MUSE_READ		8194
#define MUSE_WRITE		8195
#define MUSE_MARKBAD		8196
#define MUSE_ISBAD		8197
#define MUSE_SYNC		8198

#define MUSE_KERNEL_VERSION	7
#define MUSE_KERNEL_MINOR	34	/* sent in MUSE_INIT */
#define MUSE_MIN_MINOR		33	/* accepted in the reply (v2/v3 servers) */
#define MUSE_ROOT_ID		1
#define MUSE_UNIQUE_STEP	2

#define MUSE_INIT_INFO_MAX	4096
#define MUSE_MIN_READ_BUFFER	8192
/* FUSE core rule: fuse_in_header (40) + fuse_write_in (40) + max_write */
#define MUSE_READ_OVERHEAD	80
#define MUSE_MIN_IO		4096
/* largest data chunk per request: keeps header lengths in u32, kvmalloc sane */
#define MUSE_MAX_CHUNK		SZ_1G
#define MUSE_MAX_ERRNO		511	/* header errors: -1 .. -511 */

#define MUSE_IO_INBAND		1
#define MUSE_IO_OOB_AUTO	2
#define MUSE_IO_OOB_PLACE	4
#define MUSE_IO_RAW		8

#ifndef MTD_MUSE
#define MTD_MUSE		0x8000
#endif

/* extension: ECC keys and read bit flip counts (README.md, "ECC keys") */
#define MUSE_INIT_EXT_ECC	0x4d550001	/* INIT header padding: "MU", bit 0 */
#define MUSE_MAX_OOB_REGIONS	16
#define MUSE_ECC_BITS(pad)	((pad) & 0xffff)	/* corrected bits */
#define MUSE_ECC_MAX(pad)	((pad) >> 16)		/* most in one step */

#define MUSE_FLAGS_ALLOWED	(MTD_WRITEABLE | MTD_BIT_WRITEABLE | MTD_NO_ERASE)
#define MUSE_SUBPAGE_SFT_MAX	2

/* Wire structures; host endian, naturally aligned, padded to 8 bytes */
struct muse_in_header {
	u32 len;
	u32 opcode;
	u64 unique;
	u64 nodeid;
	u32 uid;
	u32 gid;
	u32 pid;
	u32 padding;
};

struct muse_out_header {
	u32 len;
	s32 error;
	u64 unique;
};

struct muse_init_in {
	u32 fuse_major;
	u32 fuse_minor;
};

struct muse_init_out {
	u32 fuse_major;
	u32 fuse_minor;
	u32 max_read;
	u32 max_write;
};

struct muse_erase_in {
	u64 addr;
	u64 len;
};

struct muse_read_in {
	u64 addr;
	u64 len;
	u32 flags;
	u32 padding;
};

struct muse_read_out {
	u64 len;
	u32 soft_error;
	u32 padding;
};

struct muse_write_in {
	u64 addr;
	u64 len;
	u32 flags;
	u32 padding;
};

struct muse_write_out {
	u64 len;
	u32 soft_error;
	u32 padding;
};

struct muse_markbad_in {
	u64 addr;
};

struct muse_isbad_in {
	u64 addr;
};

struct muse_isbad_out {
	u32 result;
	u32 padding;
};

enum muse_req_state {
	MUSE_REQ_NEW,		/* not queued */
	MUSE_REQ_QUEUED,	/* on conn->pending */
	MUSE_REQ_READING,	/* on conn->io, being copied to the server */
	MUSE_REQ_SENT,		/* on conn->processing, waiting for a reply */
	MUSE_REQ_REPLYING,	/* on conn->io, reply being copied in */
	MUSE_REQ_DONE,		/* finished; error and reply valid */
};

struct muse_req {
	refcount_t ref;
	struct list_head list;		/* protected by conn->lock */
	enum muse_req_state state;	/* protected by conn->lock */
	wait_queue_head_t waitq;
	bool background;		/* MUSE_INIT: nobody waits for it */

	/* request: header, fixed arguments, optional data */
	struct muse_in_header ih;
	union {
		struct muse_init_in init;
		struct muse_erase_in erase;
		struct muse_read_in read;
		struct muse_write_in write;
		struct muse_markbad_in markbad;
		struct muse_isbad_in isbad;
	} in;
	size_t in_size;
	const void *in_data;
	size_t in_data_size;

	/* reply: fixed result, optional variable tail */
	int error;
	size_t out_size;
	union {
		struct muse_init_out init;
		struct muse_read_out read;
		struct muse_write_out write;
		struct muse_isbad_out isbad;
	} out;
	void *out_data;
	size_t out_data_max;
	size_t out_data_len;

	void *buf;			/* bounce buffer or INIT blob */
	size_t buf_size;
	struct muse_conn *buf_conn;	/* buf goes back to its spare slot */
};

struct muse_conn {
	struct kref kref;
	spinlock_t lock;		/* request lists, state flags, users */
	wait_queue_head_t waitq;	/* server readers and pollers */
	struct list_head pending;
	struct list_head io;
	struct list_head processing;
	u64 reqctr;
	bool connected;
	bool want_exit;			/* server closed the device */
	bool registered;		/* MTD registered, unregister pending */
	bool unreg_queued;
	unsigned int users;		/* _get_device minus _put_device */
	u32 max_read;			/* effective values, 0 before INIT */
	u32 max_write;

	struct user_namespace *user_ns;
	struct pid_namespace *pid_ns;
	struct pid *owner;		/* thread group that opened /dev/muse */
	pid_t server_pid;

	char *name;
	struct mtd_partition *parts;
	int nr_parts;
	bool cmdline_fallback;		/* no PARTSCMDLINE: try cmdlinepart */

	/* ECC keys: OOB layout regions (ooblayout ops) */
	struct mtd_oob_region oobfree[MUSE_MAX_OOB_REGIONS];
	struct mtd_oob_region oobecc[MUSE_MAX_OOB_REGIONS];
	int nr_oobfree;
	int nr_oobecc;

	/*
	 * Read-ahead (module parameter readahead_kb, 0 = off): one window
	 * of in-band bytes that the server returned clean (no bit flip, no
	 * error), kept for the small reads that follow (JFFS2 reads a node
	 * or a page at a time).  It starts at two pages and doubles while
	 * the reads go forward, up to ra_size, never across a multiple of
	 * ra_size.  ra_lock is held across the window's request; every
	 * change (write, erase, markbad) empties the window before it is
	 * sent and again after its reply.
	 */
	struct mutex ra_lock;
	u8 *ra_buf;			/* ra_size bytes, or NULL: off */
	size_t ra_buf_size;		/* >= ra_size */
	u32 ra_size;
	u64 ra_addr;			/* window start */
	u32 ra_len;			/* bytes valid, 0 = empty */
	u32 ra_next;			/* the next window's size */
	u64 ra_bad_addr;		/* a window that was not clean: */
	u32 ra_bad_len;			/* its reads go to the server */

	/*
	 * One spare I/O buffer (conn->lock): the last READ/WRITE bounce
	 * buffer, kept for the next request instead of freeing it and
	 * allocating (and, with init_on_alloc, clearing) another.
	 */
	void *spare;
	size_t spare_size;

	/*
	 * ISBAD answers (module parameter isbad_cache): as the NAND core's
	 * in-memory BBT, a block's 0/1 answer is kept until a MARKBAD or an
	 * ERASE of it; bb_gen (conn->lock) keeps an answer that crossed one
	 * of those from being kept.
	 */
	unsigned long *bb_known;
	unsigned long *bb_bad;
	u64 bb_blocks;
	u64 bb_gen;

	struct mtd_info mtd;
	struct work_struct reg_work;
	struct work_struct unreg_work;
	struct work_struct free_work;
};

/* Parameters of the INIT key/value blob */
struct muse_params {
	const char *name;
	const char *parts;
	unsigned int type;
	u32 flags;
	u64 size;
	u32 writesize;
	u32 writebufsize;
	u32 erasesize;
	u32 oobsize;
	u32 oobavail;
	unsigned int subpage_sft;
	u32 ecc_strength;		/* ECC keys (extension), 0 = none */
	u32 ecc_step_size;
	u32 bitflip_threshold;
	const char *oobfree;
	const char *oobecc;
};

extern struct workqueue_struct *muse_wq;

static inline struct muse_conn *mtd_to_conn(struct mtd_info *mtd)
{
	return container_of(mtd_get_master(mtd), struct muse_conn, mtd);
}

/* muse_req.c */
void muse_conn_free_work(struct work_struct *work);
void muse_conn_put(struct muse_conn *conn);
struct muse_req *muse_req_alloc(u32 opcode, size_t bufsize);
struct muse_req *muse_req_alloc_io(struct muse_conn *conn, u32 opcode,
				   size_t bufsize);
void muse_req_put(struct muse_req *req);
bool muse_req_finish_locked(struct muse_req *req, int error);
void muse_abort(struct muse_conn *conn);
void muse_set_creds(struct muse_conn *conn, struct muse_req *req);
int muse_queue_locked(struct muse_conn *conn, struct muse_req *req);
int muse_send(struct muse_conn *conn, struct muse_req *req);
int muse_sanitize_err(s32 err);

/* muse_mtd.c */
void muse_ra_setup(struct muse_conn *conn);
void muse_ra_drop(struct muse_conn *conn);
void muse_bb_setup(struct muse_conn *conn);
int muse_mtd_read_oob(struct mtd_info *mtd, loff_t from,
		      struct mtd_oob_ops *ops);
int muse_mtd_write_oob(struct mtd_info *mtd, loff_t to,
		       struct mtd_oob_ops *ops);
int muse_mtd_erase(struct mtd_info *mtd, struct erase_info *instr);
int muse_mtd_block_isbad(struct mtd_info *mtd, loff_t ofs);
int muse_mtd_block_markbad(struct mtd_info *mtd, loff_t ofs);
void muse_mtd_sync(struct mtd_info *mtd);
int muse_mtd_get_device(struct mtd_info *mtd);
void muse_mtd_put_device(struct mtd_info *mtd);
void muse_try_unregister_locked(struct muse_conn *conn);

/* muse_init.c */
void muse_reg_work(struct work_struct *work);
void muse_unreg_work(struct work_struct *work);
int muse_init_reply(struct muse_conn *conn, struct muse_req *req);
void muse_req_end_background(struct muse_conn *conn, struct muse_req *req);

#endif /* MUSE_H */
