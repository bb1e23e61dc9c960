// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loop.c - the MUSE server's request loop: the workers read one request
 * each from /dev/muse, check it against the opcode table (ops.c) and hand
 * it to its handler; mm_srv_run() starts them and waits for the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "srv_int.h"

enum srv_recv {
	RECV_MSG,
	RECV_RETRY,
	RECV_END,
	RECV_STOP,
};

const char *mm_srv_opname(uint32_t opcode)
{
	const struct mm_muse_op *op = mm_muse_op_find(opcode);

	return op ? op->name : "UNKNOWN";
}

static enum srv_recv srv_recv(struct srv_worker *w, ssize_t *n)
{
	struct mm_srv *s = w->s;
	struct pollfd pfd[2] = {
		{ .fd = s->fd, .events = POLLIN },
		{ .fd = s->stop_fd, .events = POLLIN },
	};
	struct epoll_event ev[2];
	ssize_t r;
	int i, k;

	if (w->epfd >= 0) {
		/* one worker woken per request (EPOLLEXCLUSIVE) */
		k = epoll_wait(w->epfd, ev, 2, -1);
		if (k < 0)
			return errno == EINTR ? RECV_RETRY : RECV_END;
		pfd[0].revents = pfd[1].revents = 0;
		for (i = 0; i < k; i++)
			pfd[ev[i].data.u32].revents = (short)ev[i].events;
	} else if (poll(pfd, 2, -1) < 0) {
		return errno == EINTR ? RECV_RETRY : RECV_END;
	}
	if (pfd[1].revents & POLLIN)
		return RECV_STOP;
	if (!pfd[0].revents)
		return RECV_RETRY;
	if (s->is_socket)
		r = recv(s->fd, w->in, s->bufsize, MSG_DONTWAIT);
	else
		r = read(s->fd, w->in, s->bufsize);
	if (r > 0) {
		*n = r;
		return RECV_MSG;
	}
	if (r == 0) {
		srv_log(s, "connection closed by the peer");
		srv_end(s, 0);
		return RECV_END;
	}
	switch (errno) {
	case ENOENT:		/* interrupted before we got it: restart */
	case EINTR:
	case EAGAIN:
		return RECV_RETRY;
	case ENODEV:		/* the kernel ended the connection */
		srv_log(s, "connection ended by the kernel");
		pthread_mutex_lock(&s->end_lock);
		s->kernel_ended = true;
		pthread_mutex_unlock(&s->end_lock);
		srv_end(s, 0);
		return RECV_END;
	default:
		srv_end(s, -errno);
		return RECV_END;
	}
}

/* ---- dispatch ---- */

static void log_request(struct mm_srv *s, const struct mm_muse_op *op,
			const uint8_t *msg, ssize_t n)
{
	const struct fuse_in_header *ih = (const void *)msg;
	const uint64_t *a = (const uint64_t *)(msg + sizeof(*ih));
	const uint32_t *f = (const uint32_t *)(msg + sizeof(*ih) + 16);
	ssize_t need = sizeof(*ih) + (op ? op->arg_size : 0);
	const char *name = op ? op->name : "UNKNOWN";

	if (!s->o.debug)
		return;
	if (n < need) {
		srv_log(s, "unique: %" PRIu64 ", opcode: %s (%u), insize: %zd (short)",
			ih->unique, name, ih->opcode, n);
		return;
	}
	switch (op ? op->log : MM_MUSE_LOG_SIZE) {
	case MM_MUSE_LOG_IO:
		srv_log(s, "unique: %" PRIu64 ", opcode: %s (%u), addr 0x%" PRIx64 ", len %" PRIu64 ", flags %u",
			ih->unique, name, ih->opcode, a[0], a[1], f[0]);
		break;
	case MM_MUSE_LOG_RANGE:
		srv_log(s, "unique: %" PRIu64 ", opcode: %s (%u), addr 0x%" PRIx64 ", len %" PRIu64,
			ih->unique, name, ih->opcode, a[0], a[1]);
		break;
	case MM_MUSE_LOG_ADDR:
		srv_log(s, "unique: %" PRIu64 ", opcode: %s (%u), addr 0x%" PRIx64,
			ih->unique, name, ih->opcode, a[0]);
		break;
	case MM_MUSE_LOG_SIZE:
		srv_log(s, "unique: %" PRIu64 ", opcode: %s (%u), insize: %zd",
			ih->unique, name, ih->opcode, n);
		break;
	}
}

static void srv_handle(struct srv_worker *w, ssize_t n)
{
	struct mm_srv *s = w->s;
	const struct fuse_in_header *ih = (const void *)w->in;
	const uint8_t *msg = w->in;
	const struct mm_muse_op *op;
	size_t need;

	if (n < (ssize_t)sizeof(*ih)) {
		/* Not even a header: answer if the unique is there. */
		if (n >= 16) {
			srv_log(s, "unique: %" PRIu64 ", short request (%zd bytes)",
				ih->unique, n);
			srv_reply(w, ih->unique,
				  ih->opcode == MUSE_INIT ? EPROTO : EIO, 0);
		} else {
			srv_log(s, "dropped a %zd-byte message", n);
		}
		return;
	}
	__atomic_fetch_add(&s->nreq, 1, __ATOMIC_RELAXED);
	op = mm_muse_op_find(ih->opcode);
	log_request(s, op, msg, n);
	if (ih->opcode == FUSE_INTERRUPT) {
		/* Ignored (allowed, §1): every request is answered anyway. */
		return;
	}
	if (ih->opcode == MUSE_INIT && !s->inited) {
		op->handler(w, msg, n);	/* checks its own size (EPROTO) */
		return;
	}
	if (!s->inited || ih->opcode == MUSE_INIT) {
		srv_reply(w, ih->unique, EIO, 0);
		return;
	}
	if (!op || !op->handler) {
		srv_reply(w, ih->unique, ENOSYS, 0);
		return;
	}
	need = sizeof(*ih) + op->arg_size;
	if ((size_t)n < need || ih->len != (uint32_t)n) {
		srv_reply(w, ih->unique, EIO, 0);
		return;
	}
	op->handler(w, msg, n);
}

/* ---- workers ---- */

static void worker_free(struct srv_worker *w)
{
	if (w->s && w->epfd >= 0)	/* calloc'ed slots never set up: 0 */
		close(w->epfd);
	w->epfd = -1;
	free(w->in);
	free(w->out);
	free(w->data);
	free(w->oob);
	free(w->tmp);
}

/*
 * Each worker waits in its own epoll set: the connection with
 * EPOLLEXCLUSIVE, so that a request wakes one idle worker instead of all
 * of them (poll() wakes every waiter, and all but one then read EAGAIN:
 * three wasted wake-ups per request with four workers), and stop_fd
 * without it, so that the end wakes everyone. -1: use poll().
 */
static int worker_epoll(struct mm_srv *s)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLEXCLUSIVE };
	int fd = epoll_create1(EPOLL_CLOEXEC);

	if (fd < 0)
		return -1;
	ev.data.u32 = 0;
	if (epoll_ctl(fd, EPOLL_CTL_ADD, s->fd, &ev))
		goto fail;
	ev.events = EPOLLIN;
	ev.data.u32 = 1;
	if (epoll_ctl(fd, EPOLL_CTL_ADD, s->stop_fd, &ev))
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

static int worker_init(struct srv_worker *w, struct mm_srv *s)
{
	const struct mm_geom *g = &s->d->geom;
	size_t outsz = sizeof(struct fuse_out_header) +
		       sizeof(struct muse_read_out) + s->max_io;

	if (outsz < sizeof(struct fuse_out_header) +
		    sizeof(struct muse_init_out) + MUSE_INIT_INFO_MAX)
		outsz = sizeof(struct fuse_out_header) +
			sizeof(struct muse_init_out) + MUSE_INIT_INFO_MAX;
	memset(w, 0, sizeof(*w));
	w->s = s;
	w->epfd = worker_epoll(s);
	w->in = malloc(s->bufsize);
	w->out = calloc(1, outsz);
	w->data = malloc(g->page_size);
	w->oob = malloc(g->oob_size + 1);
	w->tmp = malloc(g->oob_size + 1);
	if (!w->in || !w->out || !w->data || !w->oob || !w->tmp) {
		worker_free(w);
		return -ENOMEM;
	}
	return 0;
}

static void *worker_main(void *arg)
{
	struct srv_worker *w = arg;
	ssize_t n = 0;

	for (;;) {
		switch (srv_recv(w, &n)) {
		case RECV_MSG:
			srv_handle(w, n);
			break;
		case RECV_RETRY:
			break;
		case RECV_END:
		case RECV_STOP:
			return NULL;
		}
	}
}

int mm_srv_attach(struct mm_srv *s, int fd)
{
	int type, fl;
	socklen_t tl = sizeof(type);

	s->fd = fd;
	s->is_socket = getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) == 0;
	if (s->is_socket) {
		/* A read reply is one datagram of up to 32 + max_io bytes;
		 * SO_SNDBUFFORCE (CAP_NET_ADMIN) goes past wmem_max. */
		int want = 2 * (s->max_io + 4096);

		if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &want,
			       sizeof(want)))
			setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &want,
				   sizeof(want));
	} else {
		fl = fcntl(fd, F_GETFL);
		if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
			return -errno;
	}
	s->attached = true;
	return 0;
}

int mm_srv_run(struct mm_srv *s, int fd)
{
	struct srv_worker *w;
	unsigned int nthreads, i, started = 0;
	sigset_t all, old;
	ssize_t n = 0;
	int ret = 0;

	if (!s->attached || s->fd != fd) {
		ret = mm_srv_attach(s, fd);
		if (ret)
			return ret;
	}
	nthreads = s->o.threads ? s->o.threads : MM_SRV_DEFAULT_THREADS;
	if (nthreads > MM_SRV_MAX_THREADS)
		nthreads = MM_SRV_MAX_THREADS;
	w = calloc(nthreads, sizeof(*w));
	if (!w)
		return -ENOMEM;
	for (i = 0; i < nthreads; i++) {
		ret = worker_init(&w[i], s);
		if (ret)
			goto out_free;
	}
	/* Single-threaded until INIT is answered (INIT must come first). */
	while (!s->inited) {
		enum srv_recv r = srv_recv(&w[0], &n);

		if (r == RECV_END || r == RECV_STOP)
			goto out_end;
		if (r == RECV_MSG)
			srv_handle(&w[0], n);
	}
	/* Workers leave signals to the caller's thread; SIGSYS (a call the
	 * caller's seccomp filter refuses) stays the faulting thread's. */
	sigfillset(&all);
	sigdelset(&all, SIGSYS);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 1; i < nthreads; i++) {
		if (pthread_create(&w[i].tid, NULL, worker_main, &w[i]))
			break;
		started++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	worker_main(&w[0]);
	for (i = 1; i <= started; i++)
		pthread_join(w[i].tid, NULL);
out_end:
	ret = s->ended ? s->end_ret : 0;
out_free:
	for (i = 0; i < nthreads; i++)
		worker_free(&w[i]);
	free(w);
	return ret;
}
