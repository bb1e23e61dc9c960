// SPDX-License-Identifier: GPL-2.0
/*
 * muse.c - MTD in userspace (MUSE) for stock kernels
 *
 * A process opens /dev/muse, answers MUSE_INIT with the parameters of an
 * MTD and then serves MUSE_READ/WRITE/ERASE/ISBAD/MARKBAD/SYNC requests in
 * the FUSE wire format (see docs: muse-protocol.md, "v3").  The FUSE core
 * of a stock kernel does not export what MUSE needs, so the small
 * request/reply transport lives in this file: one misc character device,
 * one connection (and one master MTD) per open file.
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

#define pr_fmt(fmt) "MUSE: " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mtd/mtd.h>
#include <linux/mtd/partitions.h>
#include <linux/pid_namespace.h>
#include <linux/poll.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>
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
};

static struct workqueue_struct *muse_wq;

static const char * const muse_probe_cmdline[] = { "cmdlinepart", NULL };
static const char * const muse_probe_none[] = { NULL };

static inline struct muse_conn *mtd_to_conn(struct mtd_info *mtd)
{
	return container_of(mtd_get_master(mtd), struct muse_conn, mtd);
}

/* ------------------------------------------------------------------ */
/* Connection and request lifetime                                     */
/* ------------------------------------------------------------------ */

static void muse_conn_free_work(struct work_struct *work)
{
	struct muse_conn *conn = container_of(work, struct muse_conn,
					      free_work);
	int i;

	/* partitions are left here only if INIT failed after parsing them */
	for (i = 0; i < conn->nr_parts; i++)
		kfree(conn->parts[i].name);
	kfree(conn->parts);
	kfree(conn->name);
	put_pid_ns(conn->pid_ns);
	put_pid(conn->owner);
	put_user_ns(conn->user_ns);
	kfree(conn);
	/* module exit drains muse_wq, so returning from here is safe */
	module_put(THIS_MODULE);
}

static void muse_conn_release(struct kref *kref)
{
	struct muse_conn *conn = container_of(kref, struct muse_conn, kref);

	queue_work(muse_wq, &conn->free_work);
}

static void muse_conn_put(struct muse_conn *conn)
{
	kref_put(&conn->kref, muse_conn_release);
}

static struct muse_req *muse_req_alloc(u32 opcode, size_t bufsize)
{
	struct muse_req *req;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return NULL;
	if (bufsize) {
		req->buf = kvmalloc(bufsize, GFP_KERNEL);
		if (!req->buf) {
			kfree(req);
			return NULL;
		}
	}
	refcount_set(&req->ref, 1);
	INIT_LIST_HEAD(&req->list);
	init_waitqueue_head(&req->waitq);
	req->state = MUSE_REQ_NEW;
	req->ih.opcode = opcode;
	req->ih.nodeid = opcode == MUSE_INIT ? 0 : MUSE_ROOT_ID;
	return req;
}

static void muse_req_put(struct muse_req *req)
{
	if (refcount_dec_and_test(&req->ref)) {
		kvfree(req->buf);
		kfree(req);
	}
}

/*
 * Finish a request (conn->lock held).  Returns true when the caller must
 * run the background completion (MUSE_INIT) after dropping the lock.
 */
static bool muse_req_finish_locked(struct muse_req *req, int error)
{
	list_del_init(&req->list);
	req->error = error;
	req->state = MUSE_REQ_DONE;
	if (req->background)
		return true;
	wake_up(&req->waitq);
	return false;
}

static void muse_abort_list(struct list_head *head, struct list_head *bg)
{
	struct muse_req *req, *tmp;

	list_for_each_entry_safe(req, tmp, head, list) {
		if (muse_req_finish_locked(req, -ECONNABORTED))
			list_add_tail(&req->list, bg);
	}
}

/* Fail everything outstanding; later server reads get ENODEV. */
static void muse_abort(struct muse_conn *conn)
{
	struct muse_req *req, *tmp;
	LIST_HEAD(bg);

	spin_lock(&conn->lock);
	conn->connected = false;
	muse_abort_list(&conn->pending, &bg);
	muse_abort_list(&conn->io, &bg);
	muse_abort_list(&conn->processing, &bg);
	spin_unlock(&conn->lock);
	wake_up_all(&conn->waitq);

	/* background requests are owned by the queue: drop them */
	list_for_each_entry_safe(req, tmp, &bg, list) {
		list_del_init(&req->list);
		muse_req_put(req);
	}
}

static void muse_set_creds(struct muse_conn *conn, struct muse_req *req)
{
	req->ih.uid = from_kuid_munged(conn->user_ns, current_fsuid());
	req->ih.gid = from_kgid_munged(conn->user_ns, current_fsgid());
	req->ih.pid = pid_nr_ns(task_pid(current), conn->pid_ns);
}

/* Queue a request (conn->lock held); the caller wakes the readers. */
static int muse_queue_locked(struct muse_conn *conn, struct muse_req *req)
{
	if (!conn->connected)
		return -ENOTCONN;
	conn->reqctr += MUSE_UNIQUE_STEP;
	req->ih.unique = conn->reqctr;
	req->ih.len = sizeof(req->ih) + req->in_size + req->in_data_size;
	req->error = 0;
	req->out_data_len = 0;
	req->state = MUSE_REQ_QUEUED;
	list_add_tail(&req->list, &conn->pending);
	return 0;
}

/*
 * Send a request and wait for its reply.  The wait is killable: a task
 * that gets a fatal signal leaves at once, the request is dropped from
 * whatever list it is on and a late reply gets ENOENT.
 */
static int muse_send(struct muse_conn *conn, struct muse_req *req)
{
	int err;

	/*
	 * A server that exits while it has its own MTD open may close the
	 * MTD before /dev/muse: the resulting MUSE_SYNC could only be
	 * answered by the exiting process itself, and SIGKILL no longer
	 * reaches a task in exit.  Do not wait for ourselves.
	 */
	if ((current->flags & PF_EXITING) && task_tgid(current) == conn->owner)
		return -ENOTCONN;

	muse_set_creds(conn, req);
	spin_lock(&conn->lock);
	err = muse_queue_locked(conn, req);
	spin_unlock(&conn->lock);
	if (err)
		return err;
	wake_up(&conn->waitq);

	wait_event_killable(req->waitq,
			    READ_ONCE(req->state) == MUSE_REQ_DONE);

	spin_lock(&conn->lock);
	if (req->state != MUSE_REQ_DONE) {
		list_del_init(&req->list);
		req->state = MUSE_REQ_DONE;
		req->error = -EINTR;
	}
	err = req->error;
	spin_unlock(&conn->lock);
	return err;
}

/* Error values a server may pass through soft_error / isbad result */
static int muse_sanitize_err(s32 err)
{
	if (err < 0 && err >= -MAX_ERRNO)
		return err;
	return -EIO;
}

/* ------------------------------------------------------------------ */
/* MTD operations                                                      */
/* ------------------------------------------------------------------ */

static int muse_mtd_io(struct mtd_info *mtd, loff_t from,
		       struct mtd_oob_ops *ops, bool write)
{
	struct muse_conn *conn = mtd_to_conn(mtd);
	struct muse_req *req;
	bool bitflips = false, eccerr = false;
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

	max_io = write ? conn->max_write : conn->max_read;
	if (max_io < mtd->writebufsize)
		return -ENOBUFS;
	chunk_max = min_t(size_t, max_io, MUSE_MAX_CHUNK);

	req = muse_req_alloc(write ? MUSE_WRITE : MUSE_READ,
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
			req->in.read.addr = addr + done;
			req->in.read.len = n;
			req->in.read.flags = flags;
			req->in.read.padding = 0;
			req->in_size = sizeof(req->in.read);
			req->out_size = sizeof(req->out.read);
			req->out_data = req->buf;
			req->out_data_max = n;
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

	if (ops->ooblen)
		ops->oobretlen = done;
	else
		ops->retlen = done;

	if (ret)
		return ret;
	if (eccerr)
		return -EBADMSG;
	if (bitflips)
		return -EUCLEAN;
	return 0;
}

static int muse_mtd_read_oob(struct mtd_info *mtd, loff_t from,
			     struct mtd_oob_ops *ops)
{
	return muse_mtd_io(mtd, from, ops, false);
}

static int muse_mtd_write_oob(struct mtd_info *mtd, loff_t to,
			      struct mtd_oob_ops *ops)
{
	return muse_mtd_io(mtd, to, ops, true);
}

static int muse_mtd_erase(struct mtd_info *mtd, struct erase_info *instr)
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
	ret = muse_send(conn, req);
	muse_req_put(req);
	return ret;
}

static int muse_mtd_block_isbad(struct mtd_info *mtd, loff_t ofs)
{
	struct muse_conn *conn = mtd_to_conn(mtd);
	struct muse_req *req;
	int ret;

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
	}
	muse_req_put(req);
	return ret;
}

static int muse_mtd_block_markbad(struct mtd_info *mtd, loff_t ofs)
{
	struct muse_conn *conn = mtd_to_conn(mtd);
	struct muse_req *req;
	int ret;

	req = muse_req_alloc(MUSE_MARKBAD, 0);
	if (!req)
		return -ENOMEM;
	req->in.markbad.addr = ofs;
	req->in_size = sizeof(req->in.markbad);
	ret = muse_send(conn, req);
	muse_req_put(req);
	return ret;
}

static void muse_mtd_sync(struct mtd_info *mtd)
{
	struct muse_conn *conn = mtd_to_conn(mtd);
	struct muse_req *req;

	req = muse_req_alloc(MUSE_SYNC, 0);
	if (!req)
		return;
	muse_send(conn, req);	/* result ignored */
	muse_req_put(req);
}

static int muse_mtd_get_device(struct mtd_info *mtd)
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
static void muse_try_unregister_locked(struct muse_conn *conn)
{
	if (conn->want_exit && conn->registered && !conn->users &&
	    !conn->unreg_queued) {
		conn->unreg_queued = true;
		queue_work(muse_wq, &conn->unreg_work);
	}
}

static void muse_mtd_put_device(struct mtd_info *mtd)
{
	struct muse_conn *conn = mtd_to_conn(mtd);

	spin_lock(&conn->lock);
	if (!WARN_ON(!conn->users))
		conn->users--;
	muse_try_unregister_locked(conn);
	spin_unlock(&conn->lock);
	muse_conn_put(conn);
}

/* ------------------------------------------------------------------ */
/* sysfs                                                               */
/* ------------------------------------------------------------------ */

static ssize_t muse_pid_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct mtd_info *mtd = container_of(dev, struct mtd_info, dev);

	return sysfs_emit(buf, "%d\n", mtd_to_conn(mtd)->server_pid);
}
static DEVICE_ATTR_RO(muse_pid);

static struct attribute *muse_attrs[] = {
	&dev_attr_muse_pid.attr,
	NULL,
};
ATTRIBUTE_GROUPS(muse);

/* ------------------------------------------------------------------ */
/* Registration and teardown                                           */
/* ------------------------------------------------------------------ */

static void muse_add_part_attrs(struct muse_conn *conn)
{
	struct mtd_info *master = &conn->mtd;
	struct mtd_info *child;

	mutex_lock(&master->master.partitions_lock);
	list_for_each_entry(child, &master->partitions, part.node) {
		if (!device_is_registered(&child->dev))
			continue;
		if (device_create_file(&child->dev, &dev_attr_muse_pid))
			pr_warn("%s: cannot create muse_pid attribute\n",
				child->name);
	}
	mutex_unlock(&master->master.partitions_lock);
}

/*
 * Count the bad blocks of an unpartitioned NAND master, as the NAND core's
 * bad block scan does for a real chip, so that sysfs bad_blocks and
 * ECCGETSTATS (nanddump's "Number of bad blocks") tell the truth. The MTD
 * core counts partitions itself when it adds them. Runs in the registration
 * worker: every ISBAD goes to the server, which is already serving.
 */
static void muse_count_bad_blocks(struct muse_conn *conn)
{
	struct mtd_info *mtd = &conn->mtd;
	unsigned int bad = 0;
	loff_t ofs;
	int ret;

	/* bad block ops are wired for NAND types only */
	if (!mtd->_block_isbad || conn->nr_parts)
		return;
	for (ofs = 0; ofs < mtd->size; ofs += mtd->erasesize) {
		ret = muse_mtd_block_isbad(mtd, ofs);
		if (ret < 0)
			return;	/* the server failed or left: count nothing */
		if (ret)
			bad++;
	}
	mtd->ecc_stats.badblocks = bad;
}

static void muse_reg_work(struct work_struct *work)
{
	struct muse_conn *conn = container_of(work, struct muse_conn,
					      reg_work);
	const char * const *types;
	int i, ret;

	muse_count_bad_blocks(conn);
	types = conn->cmdline_fallback ? muse_probe_cmdline : muse_probe_none;
	ret = mtd_device_parse_register(&conn->mtd, types, NULL, conn->parts,
					conn->nr_parts);

	/* the MTD core copied the partition names */
	for (i = 0; i < conn->nr_parts; i++)
		kfree(conn->parts[i].name);
	kfree(conn->parts);
	conn->parts = NULL;
	conn->nr_parts = 0;

	if (ret) {
		pr_warn("%s: registering the MTD failed (%d)\n", conn->name,
			ret);
		muse_abort(conn);
		muse_conn_put(conn);
		return;
	}

	muse_add_part_attrs(conn);

	/* the registration reference now belongs to the registered MTD */
	spin_lock(&conn->lock);
	conn->registered = true;
	muse_try_unregister_locked(conn);
	spin_unlock(&conn->lock);
}

static void muse_unreg_work(struct work_struct *work)
{
	struct muse_conn *conn = container_of(work, struct muse_conn,
					      unreg_work);
	int ret;

	ret = mtd_device_unregister(&conn->mtd);
	if (ret) {
		/* keep everything (and the module) rather than free in use */
		pr_err("%s: cannot unregister the MTD (%d), leaking it\n",
		       conn->name, ret);
		return;
	}
	muse_conn_put(conn);
}

/* ------------------------------------------------------------------ */
/* MUSE_INIT                                                           */
/* ------------------------------------------------------------------ */

/*
 * Next KEY=VALUE pair of a blob of NUL-terminated strings.  Returns 1 for
 * a pair, 0 at the end, -EINVAL for an unterminated blob or an empty key.
 * Modifies the blob in place.
 */
static int muse_kv_next(char **pp, char *end, char **keyp, char **valp)
{
	char *p = *pp;
	char *key, *val;

	while (p < end && !*p)
		p++;
	if (p >= end)
		return 0;
	if (end[-1]) {
		pr_err("info not properly terminated\n");
		return -EINVAL;
	}

	key = p;
	p += strlen(p) + 1;
	val = strchr(key, '=');
	if (val)
		*val++ = '\0';
	else
		val = key + strlen(key);
	key = strstrip(key);
	val = strstrip(val);
	if (!*key) {
		pr_err("zero length info key specified\n");
		return -EINVAL;
	}

	*pp = p;
	*keyp = key;
	*valp = val;
	return 1;
}

static int muse_parse_info(char *blob, size_t len, struct muse_params *p)
{
	char *pos = blob, *end = blob + len;
	char *key, *val;
	int ret;

	for (;;) {
		ret = muse_kv_next(&pos, end, &key, &val);
		if (ret <= 0)
			return ret;

		ret = 0;
		if (!strcmp(key, "NAME"))
			p->name = val;
		else if (!strcmp(key, "PARTSCMDLINE"))
			p->parts = val;
		else if (!strcmp(key, "TYPE"))
			ret = kstrtouint(val, 10, &p->type);
		else if (!strcmp(key, "FLAGS"))
			ret = kstrtou32(val, 10, &p->flags);
		else if (!strcmp(key, "SIZE"))
			ret = kstrtou64(val, 10, &p->size);
		else if (!strcmp(key, "WRITESIZE"))
			ret = kstrtou32(val, 10, &p->writesize);
		else if (!strcmp(key, "WRITEBUFSIZE"))
			ret = kstrtou32(val, 10, &p->writebufsize);
		else if (!strcmp(key, "ERASESIZE"))
			ret = kstrtou32(val, 10, &p->erasesize);
		else if (!strcmp(key, "OOBSIZE"))
			ret = kstrtou32(val, 10, &p->oobsize);
		else if (!strcmp(key, "OOBAVAIL"))
			ret = kstrtou32(val, 10, &p->oobavail);
		else if (!strcmp(key, "SUBPAGESHIFT"))
			ret = kstrtouint(val, 10, &p->subpage_sft);
		else
			pr_warn_ratelimited("Ignoring unknown MTD param \"%s\"\n",
					    key);
		if (ret)
			return ret;
	}
}

static bool muse_type_ok(unsigned int type)
{
	switch (type) {
	case MTD_RAM:
	case MTD_ROM:
	case MTD_NORFLASH:
	case MTD_NANDFLASH:
	case MTD_DATAFLASH:
	case MTD_MLCNANDFLASH:
		return true;
	default:
		return false;
	}
}

static bool muse_is_nand(unsigned int type)
{
	return type == MTD_NANDFLASH || type == MTD_MLCNANDFLASH;
}

static int muse_verify_params(const struct muse_params *p, u32 max_read,
			      u32 max_write)
{
	u64 tmp;

	if (!p->name)
		return -EINVAL;
	if (!p->size || !p->writesize || !p->erasesize)
		return -EINVAL;
	tmp = p->size;
	if (do_div(tmp, p->writesize))
		return -EINVAL;
	tmp = p->size;
	if (do_div(tmp, p->erasesize))
		return -EINVAL;
	if (p->oobavail > p->oobsize)
		return -EINVAL;
	if (p->oobsize >= p->writesize)
		return -EINVAL;
	if (p->flags & ~MUSE_FLAGS_ALLOWED)
		return -EINVAL;
	if (p->subpage_sft > MUSE_SUBPAGE_SFT_MAX)
		return -EINVAL;
	if (!muse_type_ok(p->type))
		return -EINVAL;
	if (max_read < p->writebufsize || max_write < p->writebufsize)
		return -EINVAL;
	return 0;
}

/*
 * PARTSCMDLINE, cmdlinepart grammar without the leading "<mtd-id>:":
 *   <size>[@<offset>][(<name>)][ro][lk] {,...}
 * <size> is a memparse() number (k/M/G... suffixes) or "-" for the rest.
 */
static int muse_parse_parts(const char *name, const char *s, u64 mtd_size,
			    struct mtd_partition **partsp, int *nrp)
{
	struct mtd_partition *parts;
	const char *p;
	u64 offset = 0;
	int max = 1, nr = 0, i, ret = -EINVAL;

	for (p = s; *p; p++)
		if (*p == ',')
			max++;
	parts = kcalloc(max, sizeof(*parts), GFP_KERNEL);
	if (!parts)
		return -ENOMEM;

	for (;;) {
		struct mtd_partition *part = &parts[nr];
		bool rest = false, has_ofs = false;
		char *end;

		if (*s == '-') {
			rest = true;
			part->size = MTDPART_SIZ_FULL;
			s++;
		} else {
			part->size = memparse(s, &end);
			if (end == s) {
				pr_err("%s: partition size missing\n", name);
				goto out_free;
			}
			if (part->size < PAGE_SIZE) {
				pr_err("%s: partition size too small (%llx)\n",
				       name, part->size);
				goto out_free;
			}
			s = end;
		}
		if (*s == '@') {
			s++;
			part->offset = memparse(s, &end);
			if (end == s) {
				pr_err("%s: partition offset missing\n", name);
				goto out_free;
			}
			has_ofs = true;
			s = end;
		}
		if (*s == '(') {
			p = strchr(s + 1, ')');
			if (!p) {
				pr_err("%s: no closing ) found in partition name\n",
				       name);
				goto out_free;
			}
			part->name = kstrndup(s + 1, p - s - 1, GFP_KERNEL);
			s = p + 1;
		} else {
			part->name = kasprintf(GFP_KERNEL, "Partition_%03d",
					       nr);
		}
		if (!part->name) {
			ret = -ENOMEM;
			goto out_free;
		}
		nr++;
		if (!strncmp(s, "ro", 2)) {
			part->mask_flags |= MTD_WRITEABLE;
			s += 2;
		}
		if (!strncmp(s, "lk", 2)) {
			part->mask_flags |= MTD_POWERUP_LOCK;
			s += 2;
		}

		/* resolve offset and size like the cmdlinepart parser */
		if (has_ofs)
			offset = part->offset;
		else
			part->offset = offset;
		if (offset >= mtd_size) {
			part->size = 0;
		} else {
			if (rest || part->size > mtd_size - offset) {
				if (!rest)
					pr_warn("%s: partitioning exceeds flash size, truncating\n",
						name);
				part->size = mtd_size - offset;
			}
			offset += part->size;
		}
		if (!part->size) {
			pr_warn("%s: skipping zero sized partition\n", name);
			kfree(part->name);
			part->name = NULL;
			memset(part, 0, sizeof(*part));
			nr--;
		}

		if (!*s)
			break;
		if (*s != ',') {
			pr_err("%s: bad character after partition (%c)\n",
			       name, *s);
			goto out_free;
		}
		if (rest) {
			pr_err("%s: no partitions allowed after a fill-up partition\n",
			       name);
			goto out_free;
		}
		s++;
		if (nr >= max)	/* cannot happen: one entry per comma */
			goto out_free;
	}

	if (!nr) {
		kfree(parts);
		parts = NULL;
	}
	*partsp = parts;
	*nrp = nr;
	return 0;

out_free:
	for (i = 0; i < max; i++)
		kfree(parts[i].name);
	kfree(parts);
	return ret;
}

/* Process the INIT reply (in the server's write()).  0 or -errno. */
static int muse_init_reply(struct muse_conn *conn, struct muse_req *req)
{
	struct muse_params p = { };
	struct mtd_info *mtd = &conn->mtd;
	const struct muse_init_out *out = &req->out.init;
	u32 max_read, max_write;
	int ret;

	if (req->error)
		return req->error;
	if (out->fuse_major != MUSE_KERNEL_VERSION ||
	    out->fuse_minor < MUSE_MIN_MINOR)
		return -EPROTO;

	ret = muse_parse_info(req->buf, req->out_data_len, &p);
	if (ret)
		return ret;
	if (!p.writebufsize)
		p.writebufsize = p.writesize;
	max_read = max_t(u32, out->max_read, MUSE_MIN_IO);
	max_write = max_t(u32, out->max_write, MUSE_MIN_IO);
	ret = muse_verify_params(&p, max_read, max_write);
	if (ret)
		return ret;

	conn->name = kstrdup(p.name, GFP_KERNEL);
	if (!conn->name)
		return -ENOMEM;

	if (p.parts && *p.parts) {
		ret = muse_parse_parts(conn->name, p.parts, p.size,
				       &conn->parts, &conn->nr_parts);
		if (ret == -ENOMEM)
			return ret;
		if (ret)
			pr_warn("%s: bad PARTSCMDLINE, registering unpartitioned\n",
				conn->name);
	} else {
		conn->cmdline_fallback = true;
	}

	mtd->name = conn->name;
	mtd->type = p.type;
	mtd->flags = p.flags | MTD_MUSE;
	mtd->size = p.size;
	mtd->writesize = p.writesize;
	mtd->writebufsize = p.writebufsize;
	mtd->erasesize = p.erasesize;
	mtd->oobsize = p.oobsize;
	mtd->oobavail = p.oobavail;
	mtd->subpage_sft = p.subpage_sft;
	mtd->owner = THIS_MODULE;
	mtd->dev.groups = muse_groups;
	mtd->_erase = muse_mtd_erase;
	mtd->_read_oob = muse_mtd_read_oob;
	mtd->_write_oob = muse_mtd_write_oob;
	mtd->_sync = muse_mtd_sync;
	mtd->_get_device = muse_mtd_get_device;
	mtd->_put_device = muse_mtd_put_device;
	if (muse_is_nand(p.type)) {
		mtd->_block_isbad = muse_mtd_block_isbad;
		mtd->_block_markbad = muse_mtd_block_markbad;
	}

	spin_lock(&conn->lock);
	if (!conn->connected) {
		spin_unlock(&conn->lock);
		return -ENOTCONN;
	}
	conn->max_read = max_read;
	conn->max_write = max_write;
	conn->server_pid = task_tgid_vnr(current);
	kref_get(&conn->kref);		/* for the registration */
	spin_unlock(&conn->lock);

	/* registration may issue I/O: never do it in the server's write() */
	queue_work(muse_wq, &conn->reg_work);
	return 0;
}

/* Completion of a background request (only MUSE_INIT); no lock held. */
static void muse_req_end_background(struct muse_conn *conn,
				    struct muse_req *req)
{
	if (muse_init_reply(conn, req))
		muse_abort(conn);
	muse_req_put(req);
}

/* ------------------------------------------------------------------ */
/* /dev/muse                                                           */
/* ------------------------------------------------------------------ */

static int muse_dev_open(struct inode *inode, struct file *file)
{
	struct muse_conn *conn;
	struct muse_req *req;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	conn = kzalloc(sizeof(*conn), GFP_KERNEL);
	if (!conn)
		return -ENOMEM;
	req = muse_req_alloc(MUSE_INIT, MUSE_INIT_INFO_MAX);
	if (!req) {
		kfree(conn);
		return -ENOMEM;
	}

	kref_init(&conn->kref);
	spin_lock_init(&conn->lock);
	init_waitqueue_head(&conn->waitq);
	INIT_LIST_HEAD(&conn->pending);
	INIT_LIST_HEAD(&conn->io);
	INIT_LIST_HEAD(&conn->processing);
	INIT_WORK(&conn->reg_work, muse_reg_work);
	INIT_WORK(&conn->unreg_work, muse_unreg_work);
	INIT_WORK(&conn->free_work, muse_conn_free_work);
	conn->connected = true;
	conn->user_ns = get_user_ns(file->f_cred->user_ns);
	conn->pid_ns = get_pid_ns(task_active_pid_ns(current));
	conn->owner = get_pid(task_tgid(current));
	__module_get(THIS_MODULE);	/* dropped by muse_conn_free_work() */

	req->background = true;
	req->in.init.fuse_major = MUSE_KERNEL_VERSION;
	req->in.init.fuse_minor = MUSE_KERNEL_MINOR;
	req->in_size = sizeof(req->in.init);
	req->out_size = sizeof(req->out.init);
	req->out_data = req->buf;
	req->out_data_max = MUSE_INIT_INFO_MAX;
	muse_set_creds(conn, req);
	spin_lock(&conn->lock);
	muse_queue_locked(conn, req);
	spin_unlock(&conn->lock);

	file->private_data = conn;
	return stream_open(inode, file);
}

static int muse_dev_release(struct inode *inode, struct file *file)
{
	struct muse_conn *conn = file->private_data;

	muse_abort(conn);
	spin_lock(&conn->lock);
	conn->want_exit = true;
	muse_try_unregister_locked(conn);
	spin_unlock(&conn->lock);
	muse_conn_put(conn);
	return 0;
}

static bool muse_read_ready(struct muse_conn *conn)
{
	return !READ_ONCE(conn->connected) || !list_empty_careful(&conn->pending);
}

static int muse_copy_request(struct muse_req *req, char __user *ubuf)
{
	if (copy_to_user(ubuf, &req->ih, sizeof(req->ih)))
		return -EFAULT;
	ubuf += sizeof(req->ih);
	if (req->in_size && copy_to_user(ubuf, &req->in, req->in_size))
		return -EFAULT;
	ubuf += req->in_size;
	if (req->in_data_size &&
	    copy_to_user(ubuf, req->in_data, req->in_data_size))
		return -EFAULT;
	return 0;
}

static ssize_t muse_dev_read(struct file *file, char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct muse_conn *conn = file->private_data;
	struct muse_req *req;
	size_t need, reqlen;
	bool bg;
	int err;

restart:
	need = max_t(size_t, MUSE_MIN_READ_BUFFER,
		     MUSE_READ_OVERHEAD + (size_t)READ_ONCE(conn->max_write));
	if (count < need)
		return -EINVAL;

	for (;;) {
		spin_lock(&conn->lock);
		if (!conn->connected || !list_empty(&conn->pending))
			break;
		spin_unlock(&conn->lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible_exclusive(conn->waitq,
							 muse_read_ready(conn));
		if (err)
			return err;
	}
	if (!conn->connected) {
		spin_unlock(&conn->lock);
		return -ENODEV;
	}

	req = list_first_entry(&conn->pending, struct muse_req, list);
	reqlen = req->ih.len;
	if (reqlen > count) {
		bg = muse_req_finish_locked(req, -EIO);
		spin_unlock(&conn->lock);
		if (bg)
			muse_req_end_background(conn, req);
		goto restart;
	}
	list_move_tail(&req->list, &conn->io);
	req->state = MUSE_REQ_READING;
	refcount_inc(&req->ref);
	spin_unlock(&conn->lock);

	err = muse_copy_request(req, ubuf);

	bg = false;
	spin_lock(&conn->lock);
	if (req->state == MUSE_REQ_READING) {
		if (err) {
			bg = muse_req_finish_locked(req, -EIO);
		} else {
			list_move_tail(&req->list, &conn->processing);
			req->state = MUSE_REQ_SENT;
		}
	}
	spin_unlock(&conn->lock);
	if (bg)
		muse_req_end_background(conn, req);
	muse_req_put(req);
	return err ? err : reqlen;
}

static struct muse_req *muse_find_locked(struct muse_conn *conn, u64 unique)
{
	struct muse_req *req;

	list_for_each_entry(req, &conn->processing, list)
		if (req->ih.unique == unique)
			return req;
	return NULL;
}

/* Copy and size-check a successful reply's payload. */
static int muse_copy_reply(struct muse_req *req, const char __user *ubuf,
			   size_t size)
{
	size_t tail;

	if (size < req->out_size || size - req->out_size > req->out_data_max)
		return -EINVAL;
	if (req->out_size && copy_from_user(&req->out, ubuf, req->out_size))
		return -EFAULT;
	tail = size - req->out_size;
	if (tail && copy_from_user(req->out_data, ubuf + req->out_size, tail))
		return -EFAULT;
	req->out_data_len = tail;
	return 0;
}

static ssize_t muse_dev_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct muse_conn *conn = file->private_data;
	struct muse_out_header oh;
	struct muse_req *req = NULL;
	bool bad, bg = false;
	int err, result;

	if (count < sizeof(oh))
		return -EINVAL;
	if (copy_from_user(&oh, ubuf, sizeof(oh)))
		return -EFAULT;
	/* unique 0 would be a notification: MUSE has none */
	if (!oh.unique)
		return -EINVAL;
	bad = oh.len != count || oh.error > 0 || oh.error < -MUSE_MAX_ERRNO;

	spin_lock(&conn->lock);
	if (conn->connected)
		req = muse_find_locked(conn, oh.unique);
	if (!req) {
		spin_unlock(&conn->lock);
		return bad ? -EINVAL : -ENOENT;
	}
	if (bad) {
		bg = muse_req_finish_locked(req, -EIO);
		spin_unlock(&conn->lock);
		if (bg)
			muse_req_end_background(conn, req);
		return -EINVAL;
	}
	list_move_tail(&req->list, &conn->io);
	req->state = MUSE_REQ_REPLYING;
	refcount_inc(&req->ref);
	spin_unlock(&conn->lock);

	if (oh.error) {
		/* error replies are exactly the header */
		err = count != sizeof(oh) ? -EINVAL : 0;
		result = err ? -EIO : oh.error;
	} else {
		err = muse_copy_reply(req, ubuf + sizeof(oh),
				      count - sizeof(oh));
		result = err ? -EIO : 0;
	}

	spin_lock(&conn->lock);
	if (req->state == MUSE_REQ_REPLYING)
		bg = muse_req_finish_locked(req, result);
	else if (!err)
		err = -ENOENT;	/* caller gone or connection aborted */
	spin_unlock(&conn->lock);
	if (bg)
		muse_req_end_background(conn, req);
	muse_req_put(req);
	return err ? err : count;
}

static __poll_t muse_dev_poll(struct file *file, poll_table *wait)
{
	struct muse_conn *conn = file->private_data;
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &conn->waitq, wait);
	spin_lock(&conn->lock);
	if (!conn->connected)
		mask = EPOLLERR;
	else if (!list_empty(&conn->pending))
		mask |= EPOLLIN | EPOLLRDNORM;
	spin_unlock(&conn->lock);
	return mask;
}

static const struct file_operations muse_dev_fops = {
	.owner		= THIS_MODULE,
	.open		= muse_dev_open,
	.release	= muse_dev_release,
	.read		= muse_dev_read,
	.write		= muse_dev_write,
	.poll		= muse_dev_poll,
	.llseek		= no_llseek,
};

static struct miscdevice muse_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "muse",
	.fops	= &muse_dev_fops,
};

static int __init muse_init(void)
{
	int ret;

	BUILD_BUG_ON(sizeof(struct muse_in_header) != 40);
	BUILD_BUG_ON(sizeof(struct muse_out_header) != 16);
	BUILD_BUG_ON(sizeof(struct muse_init_in) != 8);
	BUILD_BUG_ON(sizeof(struct muse_init_out) != 16);
	BUILD_BUG_ON(sizeof(struct muse_erase_in) != 16);
	BUILD_BUG_ON(sizeof(struct muse_read_in) != 24);
	BUILD_BUG_ON(sizeof(struct muse_read_out) != 16);
	BUILD_BUG_ON(sizeof(struct muse_write_in) != 24);
	BUILD_BUG_ON(sizeof(struct muse_write_out) != 16);
	BUILD_BUG_ON(sizeof(struct muse_markbad_in) != 8);
	BUILD_BUG_ON(sizeof(struct muse_isbad_in) != 8);
	BUILD_BUG_ON(sizeof(struct muse_isbad_out) != 8);
	BUILD_BUG_ON(MUSE_INIT_INFO_MAX > PAGE_SIZE);

	muse_wq = alloc_workqueue("muse", WQ_UNBOUND, 0);
	if (!muse_wq)
		return -ENOMEM;
	ret = misc_register(&muse_miscdev);
	if (ret) {
		destroy_workqueue(muse_wq);
		return ret;
	}
	return 0;
}

static void __exit muse_exit(void)
{
	misc_deregister(&muse_miscdev);
	destroy_workqueue(muse_wq);
}

module_init(muse_init);
module_exit(muse_exit);

MODULE_DESCRIPTION("MTD in userspace (MUSE) over /dev/muse");
MODULE_LICENSE("GPL");
