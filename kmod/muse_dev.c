// SPDX-License-Identifier: GPL-2.0
/*
 * muse_dev.c - MUSE: the /dev/muse character device and the module
 */

#define pr_fmt(fmt) "MUSE: " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/pid_namespace.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/user_namespace.h>

#include "muse.h"
#include "muse_compat.h"

struct workqueue_struct *muse_wq;

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
	mutex_init(&conn->ra_lock);
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
	/* announce the ECC keys extension (a v3 kernel sends 0 here) */
	req->ih.padding = MUSE_INIT_EXT_ECC;
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

/* Copy one request into the reader's buffers (one or more iovecs). */
static int muse_copy_request(struct muse_req *req, struct iov_iter *to)
{
	if (copy_to_iter(&req->ih, sizeof(req->ih), to) != sizeof(req->ih))
		return -EFAULT;
	if (req->in_size &&
	    copy_to_iter(&req->in, req->in_size, to) != req->in_size)
		return -EFAULT;
	if (req->in_data_size &&
	    copy_to_iter(req->in_data, req->in_data_size, to) !=
	    req->in_data_size)
		return -EFAULT;
	return 0;
}

/*
 * read()/readv(): one request per call, whatever the number of iovecs; the
 * buffer rule (§1) applies to their total size.
 */
static ssize_t muse_dev_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct file *file = iocb->ki_filp;
	struct muse_conn *conn = file->private_data;
	size_t count = iov_iter_count(to);
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
		if ((file->f_flags & O_NONBLOCK) ||
		    (iocb->ki_flags & IOCB_NOWAIT))
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

	err = muse_copy_request(req, to);

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
static int muse_copy_reply(struct muse_req *req, struct iov_iter *from,
			   size_t size)
{
	size_t tail;

	if (size < req->out_size || size - req->out_size > req->out_data_max)
		return -EINVAL;
	if (req->out_size &&
	    copy_from_iter(&req->out, req->out_size, from) != req->out_size)
		return -EFAULT;
	tail = size - req->out_size;
	if (tail && copy_from_iter(req->out_data, tail, from) != tail)
		return -EFAULT;
	req->out_data_len = tail;
	return 0;
}

/*
 * write()/writev(): one reply per call; header and payload may be split
 * over any number of iovecs (as libfuse sends them), the size rules of §1
 * apply to their total.
 */
static ssize_t muse_dev_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct muse_conn *conn = iocb->ki_filp->private_data;
	size_t count = iov_iter_count(from);
	struct muse_out_header oh;
	struct muse_req *req = NULL;
	bool bad, bg = false;
	int err, result;

	if (count < sizeof(oh))
		return -EINVAL;
	if (copy_from_iter(&oh, sizeof(oh), from) != sizeof(oh))
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
		err = muse_copy_reply(req, from, count - sizeof(oh));
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
	.read_iter	= muse_dev_read_iter,
	.write_iter	= muse_dev_write_iter,
	.poll		= muse_dev_poll,
	.llseek		= MUSE_NO_LLSEEK,
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
