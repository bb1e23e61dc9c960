// SPDX-License-Identifier: GPL-2.0
/*
 * muse_req.c - MUSE connection and request lifetime, queueing, muse_send()
 */

#define pr_fmt(fmt) "MUSE: " fmt

#include <linux/cred.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>

#include "muse.h"

void muse_conn_free_work(struct work_struct *work)
{
	struct muse_conn *conn = container_of(work, struct muse_conn,
					      free_work);
	int i;

	/* partitions are left here only if INIT failed after parsing them */
	for (i = 0; i < conn->nr_parts; i++)
		kfree(conn->parts[i].name);
	kfree(conn->parts);
	kfree(conn->name);
	kvfree(conn->ra_buf);
	kvfree(conn->spare);
	kvfree(conn->bb_known);
	kvfree(conn->bb_bad);
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

void muse_conn_put(struct muse_conn *conn)
{
	kref_put(&conn->kref, muse_conn_release);
}

struct muse_req *muse_req_alloc(u32 opcode, size_t bufsize)
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

/* The largest bounce buffer kept as a connection's spare. */
#define MUSE_SPARE_MAX		SZ_4M

/*
 * A READ or WRITE request with a bounce buffer of at least @bufsize bytes:
 * the connection's spare when it is large enough (no allocation and, with
 * init_on_alloc, no clearing of it per request), else a new one.  The
 * request holds a reference on @conn until its buffer is given back.
 */
struct muse_req *muse_req_alloc_io(struct muse_conn *conn, u32 opcode,
				   size_t bufsize)
{
	struct muse_req *req;

	req = muse_req_alloc(opcode, 0);
	if (!req)
		return NULL;
	spin_lock(&conn->lock);
	if (conn->spare && conn->spare_size >= bufsize) {
		req->buf = conn->spare;
		req->buf_size = conn->spare_size;
		conn->spare = NULL;
		conn->spare_size = 0;
	}
	spin_unlock(&conn->lock);
	if (!req->buf) {
		req->buf = kvmalloc(bufsize, GFP_KERNEL);
		if (!req->buf) {
			kfree(req);
			return NULL;
		}
		req->buf_size = bufsize;
	}
	kref_get(&conn->kref);
	req->buf_conn = conn;
	return req;
}

/* Keep the larger of the spare and @req's buffer; free the other. */
static void muse_req_give_back(struct muse_req *req)
{
	struct muse_conn *conn = req->buf_conn;

	if (req->buf_size <= MUSE_SPARE_MAX) {
		spin_lock(&conn->lock);
		if (!conn->spare || conn->spare_size < req->buf_size) {
			swap(conn->spare, req->buf);
			swap(conn->spare_size, req->buf_size);
		}
		spin_unlock(&conn->lock);
	}
	kvfree(req->buf);
	muse_conn_put(conn);
}

void muse_req_put(struct muse_req *req)
{
	if (refcount_dec_and_test(&req->ref)) {
		if (req->buf_conn)
			muse_req_give_back(req);
		else
			kvfree(req->buf);
		kfree(req);
	}
}

/*
 * Finish a request (conn->lock held).  Returns true when the caller must
 * run the background completion (MUSE_INIT) after dropping the lock.
 */
bool muse_req_finish_locked(struct muse_req *req, int error)
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
void muse_abort(struct muse_conn *conn)
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

void muse_set_creds(struct muse_conn *conn, struct muse_req *req)
{
	req->ih.uid = from_kuid_munged(conn->user_ns, current_fsuid());
	req->ih.gid = from_kgid_munged(conn->user_ns, current_fsgid());
	req->ih.pid = pid_nr_ns(task_pid(current), conn->pid_ns);
}

/* Queue a request (conn->lock held); the caller wakes the readers. */
int muse_queue_locked(struct muse_conn *conn, struct muse_req *req)
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
int muse_send(struct muse_conn *conn, struct muse_req *req)
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
int muse_sanitize_err(s32 err)
{
	if (err < 0 && err >= -MAX_ERRNO)
		return err;
	return -EIO;
}
