// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kmod-testsrv - a small, independent MUSE server for testing kmod/muse.ko
 * in the e2e guest.  Serves a RAM-backed flash (data + OOB) and can
 * misbehave on purpose (--fault) to check that the module survives it.
 *
 * Written from docs/muse-protocol.md only; shares no code with core/muse/srv.c.
 *
 * Build (static, so the guest needs no libraries):
 *   make -C kmod testsrv      -> build/kmod-testsrv
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <unistd.h>
#include <mtd/mtd-user.h>

#define MUSE_INIT	8192
#define MUSE_ERASE	8193
#define MUSE_READ	8194
#define MUSE_WRITE	8195
#define MUSE_MARKBAD	8196
#define MUSE_ISBAD	8197
#define MUSE_SYNC	8198
#define FUSE_INTERRUPT	36

#define IO_INBAND	1
#define IO_OOB_AUTO	2
#define IO_OOB_PLACE	4
#define IO_RAW		8

struct in_header {
	uint32_t len, opcode;
	uint64_t unique, nodeid;
	uint32_t uid, gid, pid, padding;
};

struct out_header {
	uint32_t len;
	int32_t error;
	uint64_t unique;
};

struct init_in { uint32_t major, minor; };
struct init_out { uint32_t major, minor, max_read, max_write; };
struct erase_in { uint64_t addr, len; };
struct rw_in { uint64_t addr, len; uint32_t flags, padding; };
struct rw_out { uint64_t len; uint32_t soft_error, padding; };
struct addr_in { uint64_t addr; };
struct isbad_out { uint32_t result, padding; };

_Static_assert(sizeof(struct in_header) == 40, "in_header");
_Static_assert(sizeof(struct out_header) == 16, "out_header");
_Static_assert(sizeof(struct rw_in) == 24, "rw_in");
_Static_assert(sizeof(struct rw_out) == 16, "rw_out");

enum fault_action {
	F_NONE, F_BADLEN, F_SHORTDATA, F_OVERSIZE, F_BADERRNO, F_POSERR,
	F_ERRPAYLOAD, F_UNKNOWN, F_LENMISMATCH, F_NOREPLY, F_DIE, F_ERR,
	F_SOFT, F_ISBAD, F_SHORTHDR, F_LATE,
};

struct fault {
	uint32_t opcode;	/* 0 = any I/O opcode */
	unsigned long nth;	/* 0 = every time */
	unsigned long seen;
	enum fault_action action;
	long arg;
};

#define MAX_FAULTS 16
#define MAX_BAD 64

static struct {
	const char *name, *parts, *blob, *log, *ready;
	unsigned int type, flags, subpage;
	bool has_subpage, has_wbs;
	uint64_t size;
	uint32_t ws, wbs, es, oobsize, oobavail;
	uint32_t max_read, max_write, major, minor;
	int init_error;
	long init_payload;	/* -1 = full */
	long blob_pad;		/* pad the blob to this many bytes */
	int fuzz;		/* percentage of requests answered randomly */
	const char *self_open;	/* on SIGUSR1: open this MTD as fd 0, exit */
	int workers;		/* processes serving the one fd */
	bool exit_after_init, as_nobody, selftest, hang_init;
	bool iov;		/* readv/writev with several iovecs */
	struct fault faults[MAX_FAULTS];
	int nfaults;
	long bad[MAX_BAD];
	int nbad;
	long soft_block[8];
	int soft_errno[8];
	unsigned int soft_pad[8];	/* ECC extension: bits | max << 16 */
	const char *oobfree, *oobecc;
	unsigned int ecc_strength, ecc_step, ecc_threshold;
	int nsoft;
} opt = {
	.name = "kts", .type = 4, .flags = 1024, .size = 4 << 20,
	.ws = 2048, .es = 128 << 10, .oobsize = 64, .oobavail = 38,
	.max_read = 1 << 20, .max_write = 1 << 20, .major = 7, .minor = 34,
	.init_payload = -1,
};

static int dev = -1;
static FILE *logf;
static uint8_t *data, *oob;
static bool *badblk;
static uint64_t npages, nblocks;
static uint8_t *rbuf;
static size_t rbuf_size;
static int selftest_failed;
static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

static void logmsg(const char *fmt, ...)
{
	va_list ap;

	if (!logf)
		return;
	va_start(ap, fmt);
	vfprintf(logf, fmt, ap);
	va_end(ap);
	fputc('\n', logf);
	fflush(logf);
}

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("kmod-testsrv: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static const char *opname(uint32_t op)
{
	switch (op) {
	case MUSE_INIT: return "INIT";
	case MUSE_ERASE: return "ERASE";
	case MUSE_READ: return "READ";
	case MUSE_WRITE: return "WRITE";
	case MUSE_MARKBAD: return "MARKBAD";
	case MUSE_ISBAD: return "ISBAD";
	case MUSE_SYNC: return "SYNC";
	case FUSE_INTERRUPT: return "INTERRUPT";
	default: return "UNKNOWN";
	}
}

static uint32_t opcode_of(const char *s)
{
	static const uint32_t ops[] = { MUSE_ERASE, MUSE_READ, MUSE_WRITE,
		MUSE_MARKBAD, MUSE_ISBAD, MUSE_SYNC };
	size_t i;

	if (!strcasecmp(s, "any"))
		return 0;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcasecmp(s, opname(ops[i])))
			return ops[i];
	die("unknown opcode name '%s'", s);
	return 0;
}

/* --fault OP:NTH:ACTION[=ARG] */
static void parse_fault(const char *spec)
{
	static const struct { const char *name; enum fault_action a; } acts[] = {
		{ "badlen", F_BADLEN }, { "shortdata", F_SHORTDATA },
		{ "oversize", F_OVERSIZE }, { "baderrno", F_BADERRNO },
		{ "poserr", F_POSERR }, { "errpayload", F_ERRPAYLOAD },
		{ "unknown", F_UNKNOWN }, { "lenmismatch", F_LENMISMATCH },
		{ "noreply", F_NOREPLY }, { "die", F_DIE }, { "err", F_ERR },
		{ "soft", F_SOFT }, { "isbad", F_ISBAD },
		{ "shorthdr", F_SHORTHDR }, { "late", F_LATE },
	};
	char *s = strdup(spec), *op, *nth, *act, *arg;
	struct fault *f;
	size_t i;

	if (opt.nfaults >= MAX_FAULTS)
		die("too many faults");
	f = &opt.faults[opt.nfaults++];
	op = strtok(s, ":");
	nth = strtok(NULL, ":");
	act = strtok(NULL, ":");
	if (!op || !nth || !act)
		die("bad fault '%s' (OP:NTH:ACTION)", spec);
	f->opcode = opcode_of(op);
	f->nth = strcmp(nth, "*") ? strtoul(nth, NULL, 0) : 0;
	arg = strchr(act, '=');
	if (arg) {
		*arg++ = '\0';
		f->arg = strtol(arg, NULL, 0);
	}
	for (i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (!strcmp(act, acts[i].name))
			f->action = acts[i].a;
	if (f->action == F_NONE)
		die("unknown fault action '%s'", act);
	free(s);
}

/* count the request for every fault that watches its opcode; first hit wins */
static struct fault *match_fault(uint32_t opcode)
{
	struct fault *hit = NULL;
	int i;

	for (i = 0; i < opt.nfaults; i++) {
		struct fault *f = &opt.faults[i];

		if (f->opcode && f->opcode != opcode)
			continue;
		f->seen++;
		if (!hit && (!f->nth || f->seen == f->nth))
			hit = f;
	}
	return hit;
}

static const char *errname(int e)
{
	switch (e) {
	case 0: return "OK";
	case EINVAL: return "EINVAL";
	case ENOENT: return "ENOENT";
	case ENODEV: return "ENODEV";
	case EAGAIN: return "EAGAIN";
	case EPERM: return "EPERM";
	case EFAULT: return "EFAULT";
	default: return strerror(e);
	}
}

/*
 * With --iov (or KTS_IOV=1 in the environment) every reply goes out with
 * one writev() of several iovecs, as libfuse sends them: the 16-byte
 * header, the fixed result, and the rest in two uneven parts (plus an
 * empty iovec); requests come in with one readv() into several iovecs.
 */
static ssize_t dev_write(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t third = len > 32 ? (len - 32) / 3 : 0;
	size_t cut[4] = { 16, 32, 32 + third, len };
	struct iovec iov[5];
	size_t i, at = 0;
	int n = 0;

	if (!opt.iov)
		return write(dev, buf, len);
	iov[n++] = (struct iovec){ (void *)p, 0 };	/* an empty one too */
	for (i = 0; i < 4 && at < len; i++) {
		size_t end = cut[i] < len ? cut[i] : len;

		if (end <= at)
			continue;
		iov[n++] = (struct iovec){ (void *)(p + at), end - at };
		at = end;
	}
	return writev(dev, iov, n);
}

static ssize_t dev_read(void *buf, size_t size)
{
	struct iovec iov[4];
	uint8_t *p = buf;

	if (!opt.iov || size < 256)
		return read(dev, buf, size);
	iov[0] = (struct iovec){ p, 40 };		/* fuse_in_header */
	iov[1] = (struct iovec){ p + 40, 24 };		/* the fixed arguments */
	iov[2] = (struct iovec){ p + 64, 0 };
	iov[3] = (struct iovec){ p + 64, size - 64 };	/* data */
	return readv(dev, iov, 4);
}

/* write one reply; log the outcome; return 0 or errno */
static int send_raw(const void *buf, size_t len, uint64_t unique)
{
	ssize_t n = dev_write(buf, len);
	int e = n < 0 ? errno : 0;

	/* a writev() of 0 bytes never reaches the driver: no reply sent */
	if (n >= 0 && ((size_t)n != len || !len))
		e = EIO;
	logmsg("REPLY unique=%" PRIu64 " bytes=%zu result=%s", unique, len,
	       errname(e));
	return e;
}

static int send_reply(uint64_t unique, int error, const void *p1, size_t l1,
		      const void *p2, size_t l2)
{
	size_t len = sizeof(struct out_header) + l1 + l2;
	uint8_t *buf = malloc(len);
	struct out_header *oh = (struct out_header *)buf;
	int e;

	if (!buf)
		die("out of memory");
	oh->len = len;
	oh->error = error;
	oh->unique = unique;
	if (l1)
		memcpy(buf + sizeof(*oh), p1, l1);
	if (l2)
		memcpy(buf + sizeof(*oh) + l1, p2, l2);
	e = send_raw(buf, len, unique);
	free(buf);
	return e;
}

static int send_error(uint64_t unique, int err)
{
	return send_reply(unique, -err, NULL, 0, NULL, 0);
}

/* ---------------------------------------------------------------- */
/* INIT                                                             */
/* ---------------------------------------------------------------- */

static size_t unescape(const char *s, char *out)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			switch (*s) {
			case '0': out[n++] = '\0'; break;
			case 't': out[n++] = '\t'; break;
			case 'n': out[n++] = '\n'; break;
			default: out[n++] = *s; break;
			}
		} else {
			out[n++] = *s;
		}
	}
	return n;
}

static size_t make_blob(char *blob, size_t max)
{
	size_t n = 0;

	if (opt.blob)
		return unescape(opt.blob, blob);
#define ADD(...) (n += snprintf(blob + n, max - n, __VA_ARGS__) + 1)
	ADD("NAME=%s", opt.name);
	ADD("TYPE=%u", opt.type);
	ADD("FLAGS=%u", opt.flags);
	ADD("SIZE=%" PRIu64, opt.size);
	ADD("WRITESIZE=%u", opt.ws);
	if (opt.has_wbs)
		ADD("WRITEBUFSIZE=%u", opt.wbs);
	ADD("ERASESIZE=%u", opt.es);
	ADD("OOBSIZE=%u", opt.oobsize);
	ADD("OOBAVAIL=%u", opt.oobavail);
	if (opt.has_subpage)
		ADD("SUBPAGESHIFT=%u", opt.subpage);
	if (opt.parts)
		ADD("PARTSCMDLINE=%s", opt.parts);
	if (opt.ecc_strength) {
		ADD("ECCSTRENGTH=%u", opt.ecc_strength);
		ADD("ECCSTEPSIZE=%u", opt.ecc_step);
		if (opt.ecc_threshold)
			ADD("BITFLIPTHRESHOLD=%u", opt.ecc_threshold);
	}
	if (opt.oobfree)
		ADD("OOBFREE=%s", opt.oobfree);
	if (opt.oobecc)
		ADD("OOBECC=%s", opt.oobecc);
#undef ADD
	return n;
}

static void do_init(const struct in_header *ih)
{
	const struct init_in *in = (const void *)(ih + 1);
	static char blob[16384];
	struct init_out out = {
		.major = opt.major, .minor = opt.minor,
		.max_read = opt.max_read, .max_write = opt.max_write,
	};
	uint8_t buf[sizeof(struct out_header) + sizeof(out) + sizeof(blob)];
	struct out_header *oh = (struct out_header *)buf;
	size_t bloblen, payload;

	logmsg("INIT len=%u unique=%" PRIu64 " nodeid=%" PRIu64
	       " major=%u minor=%u", ih->len, ih->unique, ih->nodeid,
	       in->major, in->minor);
	if (opt.init_error) {
		send_error(ih->unique, opt.init_error);
		return;
	}
	bloblen = make_blob(blob, sizeof(blob));
	if (opt.blob_pad > (long)bloblen + 5 &&
	    opt.blob_pad < (long)sizeof(blob)) {
		size_t k = opt.blob_pad - bloblen - 5;

		memcpy(blob + bloblen, "PAD=", 4);
		memset(blob + bloblen + 4, 'a', k);
		blob[bloblen + 4 + k] = '\0';
		bloblen += 5 + k;
	}
	memcpy(buf + sizeof(*oh), &out, sizeof(out));
	memcpy(buf + sizeof(*oh) + sizeof(out), blob, bloblen);
	payload = sizeof(out) + bloblen;
	if (opt.init_payload >= 0)
		payload = opt.init_payload;
	oh->len = sizeof(*oh) + payload;
	oh->error = 0;
	oh->unique = ih->unique;
	send_raw(buf, oh->len, ih->unique);
}

/* ---------------------------------------------------------------- */
/* flash model                                                      */
/* ---------------------------------------------------------------- */

static uint32_t auto_start(void)
{
	return opt.oobsize - opt.oobavail >= 2 ? 2 : 0;
}

/* byte index in oob[] of OOB stream position i starting at addr */
static int64_t oob_index(uint64_t addr, uint64_t i, uint32_t flags)
{
	bool autom = flags & IO_OOB_AUTO;
	uint32_t per = autom ? opt.oobavail : opt.oobsize;
	uint64_t page = addr / opt.ws, col = addr % opt.ws;

	if (!per)
		return -1;
	page += (col + i) / per;
	col = (col + i) % per;
	if (page >= npages)
		return -1;
	return page * opt.oobsize + (autom ? auto_start() : 0) + col;
}

static int flash_rw(uint64_t addr, uint64_t len, uint32_t flags, uint8_t *buf,
		    bool write)
{
	uint64_t i;

	if (flags & IO_INBAND) {
		if (addr > opt.size || len > opt.size - addr)
			return EINVAL;
		if (write)
			memcpy(data + addr, buf, len);
		else
			memcpy(buf, data + addr, len);
		return 0;
	}
	for (i = 0; i < len; i++) {
		int64_t k = oob_index(addr, i, flags);

		if (k < 0)
			return EINVAL;
		if (write)
			oob[k] = buf[i];
		else
			buf[i] = oob[k];
	}
	return 0;
}

static int fault_reply_rw(const struct in_header *ih, struct fault *f,
			  struct rw_out *out, uint8_t *payload, size_t n)
{
	uint8_t big[16 + 32];

	switch (f->action) {
	case F_BADLEN:
		out->len = n + 1;
		break;
	case F_SHORTDATA:
		return send_reply(ih->unique, 0, out, sizeof(*out), payload,
				  n / 2);
	case F_OVERSIZE:
		if (ih->opcode == MUSE_READ) {
			uint8_t *p = calloc(1, n + 1);
			int e;

			memcpy(p, payload, n);
			e = send_reply(ih->unique, 0, out, sizeof(*out), p,
				       n + 1);
			free(p);
			return e;
		}
		memset(big, 0, sizeof(big));
		memcpy(big, out, sizeof(*out));
		return send_reply(ih->unique, 0, big, sizeof(*out) + 1,
				  NULL, 0);
	case F_SOFT:
		out->soft_error = (uint32_t)(int32_t)-f->arg;
		break;
	default:
		return -1;
	}
	return send_reply(ih->unique, 0, out, sizeof(*out),
			  ih->opcode == MUSE_READ ? payload : NULL,
			  ih->opcode == MUSE_READ ? n : 0);
}

/* generic faults valid for every opcode; -1 if not handled */
static int fault_generic(const struct in_header *ih, struct fault *f)
{
	struct out_header oh;
	uint8_t junk[32] = { 0 };

	switch (f->action) {
	case F_BADERRNO:
		return send_reply(ih->unique, -600, NULL, 0, NULL, 0);
	case F_POSERR:
		return send_reply(ih->unique, 5, NULL, 0, NULL, 0);
	case F_ERRPAYLOAD:
		return send_reply(ih->unique, -5, junk, 16, NULL, 0);
	case F_ERR:
		return send_error(ih->unique, (int)f->arg);
	case F_LENMISMATCH:
		oh.len = sizeof(oh) + 8;
		oh.error = 0;
		oh.unique = ih->unique;
		return send_raw(&oh, sizeof(oh), ih->unique);
	case F_SHORTHDR:
		oh.len = 8;
		oh.error = 0;
		oh.unique = ih->unique;
		return send_raw(&oh, 8, ih->unique);
	default:
		return -1;
	}
}

/* expected reply payload size of an opcode (READ: fixed part only) */
static size_t reply_fixed(uint32_t op)
{
	switch (op) {
	case MUSE_READ:
	case MUSE_WRITE:
		return sizeof(struct rw_out);
	case MUSE_ISBAD:
		return sizeof(struct isbad_out);
	default:
		return 0;
	}
}

/*
 * --fuzz: send a random, mostly malformed reply first.  Returns true if
 * the kernel accepted it (the request is answered), false if the normal
 * reply must still be sent.
 */
static bool fuzz_reply(const struct in_header *ih)
{
	const struct rw_in *rw = (const void *)(ih + 1);
	size_t fixed = reply_fixed(ih->opcode), n = 0, len;
	bool keep_len = false;
	uint8_t buf[sizeof(struct out_header) + 64 + 4096];
	struct out_header *oh = (struct out_header *)buf;
	int i, e;

	if (ih->opcode == MUSE_READ && rw->len <= 4096)
		n = rw->len;
	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = rand();
	len = sizeof(*oh) + fixed + n;
	oh->unique = ih->unique;
	oh->error = 0;
	switch (rand() % 9) {
	case 0:		/* random size, random header length */
		len = rand() % (sizeof(*oh) + fixed + n + 17);
		oh->len = rand() % 2 ? len : (uint32_t)rand();
		keep_len = true;
		break;
	case 1:		/* random error, maybe with payload */
		oh->error = rand() % 2000 - 1000;
		len = rand() % 2 ? sizeof(*oh) : len;
		break;
	case 2:		/* random payload length */
		len = sizeof(*oh) + rand() % (fixed + n + 17);
		break;
	case 3:		/* header len lies */
		oh->len = len + rand() % 9 - 4;
		if (oh->len == len)
			oh->len++;
		keep_len = true;
		break;
	case 4:		/* valid size, random result fields */
		break;
	case 5:		/* valid, random soft_error, right len */
		if (ih->opcode == MUSE_READ || ih->opcode == MUSE_WRITE) {
			struct rw_out *o = (void *)(oh + 1);

			o->len = rw->len;
		}
		break;
	case 6:		/* somebody else's unique */
		oh->unique = ih->unique + 2 * (rand() % 5 + 1);
		break;
	case 7:		/* odd unique */
		oh->unique |= 1;
		break;
	default:	/* a proper error */
		oh->error = -(rand() % 511 + 1);
		len = sizeof(*oh);
		break;
	}
	if (rand() % 4 == 0 && ih->opcode == MUSE_READ && n) {
		/* large READ: valid size with n data bytes */
		len = sizeof(*oh) + fixed + n;
	}
	if (!keep_len)
		oh->len = len;
	e = send_raw(buf, len, oh->unique);
	return !e && oh->unique == ih->unique;
}

static void do_io(const struct in_header *ih, size_t got)
{
	const uint8_t *args = (const uint8_t *)(ih + 1);
	struct fault *f = match_fault(ih->opcode);
	uint64_t unique = ih->unique;

	if (opt.fuzz && rand() % 100 < opt.fuzz) {
		if (fuzz_reply(ih))
			return;
	}

	if (f && f->action == F_DIE) {
		logmsg("FAULT die on %s unique=%" PRIu64, opname(ih->opcode),
		       unique);
		_exit(0);
	}
	if (f && f->action == F_NOREPLY) {
		logmsg("FAULT noreply on %s unique=%" PRIu64,
		       opname(ih->opcode), unique);
		return;
	}
	if (f && f->action == F_LATE) {
		logmsg("FAULT late %lds on %s unique=%" PRIu64, f->arg,
		       opname(ih->opcode), unique);
		sleep(f->arg);
		f = NULL;
	}
	if (f && f->action == F_UNKNOWN) {
		/* a reply nobody asked for: must get ENOENT */
		int e = send_error(unique + 1000, 5);

		logmsg("UNKNOWN-UNIQUE result=%s", errname(e));
		f = NULL;
	}
	if (f && fault_generic(ih, f) >= 0)
		return;

	switch (ih->opcode) {
	case MUSE_READ:
	case MUSE_WRITE: {
		const struct rw_in *in = (const void *)args;
		bool write = ih->opcode == MUSE_WRITE;
		struct rw_out out = { .len = in->len };
		uint8_t *buf;
		int e, c;

		logmsg("%s unique=%" PRIu64 " addr=%" PRIu64 " len=%" PRIu64
		       " flags=%u by=%d", opname(ih->opcode), unique, in->addr,
		       in->len, in->flags, (int)getpid());
		if (write && got != sizeof(*ih) + sizeof(*in) + in->len) {
			send_error(unique, EIO);
			return;
		}
		buf = write ? (uint8_t *)(in + 1) : malloc(in->len ? in->len : 1);
		if (!buf)
			die("out of memory");
		e = flash_rw(in->addr, in->len, in->flags, buf, write);
		if (e) {
			send_error(unique, e);
		} else {
			for (c = 0; !write && (in->flags & IO_INBAND) &&
				    c < opt.nsoft; c++) {
				uint64_t b = opt.soft_block[c];

				if (in->addr / opt.es <= b &&
				    (in->addr + in->len - 1) / opt.es >= b)
				{
					out.soft_error =
						(uint32_t)-opt.soft_errno[c];
					out.padding = opt.soft_pad[c];
				}
			}
			if (!f || fault_reply_rw(ih, f, &out, buf, in->len) < 0)
				send_reply(unique, 0, &out, sizeof(out),
					   write ? NULL : buf,
					   write ? 0 : in->len);
		}
		if (!write)
			free(buf);
		return;
	}
	case MUSE_ERASE: {
		const struct erase_in *in = (const void *)args;
		uint64_t b;

		logmsg("ERASE unique=%" PRIu64 " addr=%" PRIu64 " len=%" PRIu64,
		       unique, in->addr, in->len);
		if (in->addr % opt.es || in->len % opt.es ||
		    in->addr > opt.size || in->len > opt.size - in->addr) {
			send_error(unique, EINVAL);
			return;
		}
		for (b = in->addr / opt.es; b < (in->addr + in->len) / opt.es;
		     b++) {
			if (badblk[b]) {
				send_error(unique, EIO);
				return;
			}
		}
		memset(data + in->addr, 0xff, in->len);
		if (opt.oobsize)
			memset(oob + in->addr / opt.ws * opt.oobsize, 0xff,
			       in->len / opt.ws * opt.oobsize);
		send_reply(unique, 0, NULL, 0, NULL, 0);
		return;
	}
	case MUSE_ISBAD: {
		const struct addr_in *in = (const void *)args;
		struct isbad_out out = { 0 };
		uint64_t b = in->addr / opt.es;

		logmsg("ISBAD unique=%" PRIu64 " addr=%" PRIu64, unique,
		       in->addr);
		if (b >= nblocks) {
			send_error(unique, EINVAL);
			return;
		}
		out.result = badblk[b] ? 1 : 0;
		if (f && f->action == F_ISBAD)
			out.result = (uint32_t)f->arg;
		if (f && f->action == F_OVERSIZE) {
			uint8_t big[16] = { 0 };

			memcpy(big, &out, sizeof(out));
			send_reply(unique, 0, big, sizeof(big), NULL, 0);
			return;
		}
		send_reply(unique, 0, &out, sizeof(out), NULL, 0);
		return;
	}
	case MUSE_MARKBAD: {
		const struct addr_in *in = (const void *)args;
		uint64_t b = in->addr / opt.es;

		logmsg("MARKBAD unique=%" PRIu64 " addr=%" PRIu64, unique,
		       in->addr);
		if (b >= nblocks) {
			send_error(unique, EINVAL);
			return;
		}
		badblk[b] = true;
		if (opt.oobsize)
			oob[b * (opt.es / opt.ws) * opt.oobsize] = 0;
		send_reply(unique, 0, NULL, 0, NULL, 0);
		return;
	}
	case MUSE_SYNC:
		logmsg("SYNC unique=%" PRIu64, unique);
		if (f && f->action == F_OVERSIZE) {
			uint8_t junk[8] = { 0 };

			send_reply(unique, 0, junk, sizeof(junk), NULL, 0);
			return;
		}
		send_reply(unique, 0, NULL, 0, NULL, 0);
		return;
	case FUSE_INTERRUPT:
		logmsg("INTERRUPT unique=%" PRIu64, unique);
		return;
	default:
		logmsg("UNEXPECTED opcode=%u unique=%" PRIu64, ih->opcode,
		       unique);
		send_error(unique, ENOSYS);
		return;
	}
}

/* ---------------------------------------------------------------- */
/* transport self-test (before and around INIT)                      */
/* ---------------------------------------------------------------- */

static void st_check(const char *name, bool ok)
{
	printf("%s: kmod transport: %s\n", ok ? "ok" : "not ok", name);
	fflush(stdout);
	if (!ok)
		selftest_failed = 1;
}

static void selftest_pre(void)
{
	uint8_t small[100];
	struct out_header oh;
	struct pollfd pfd = { .fd = dev, .events = POLLIN };
	ssize_t n;
	int fl = fcntl(dev, F_GETFL);

	fcntl(dev, F_SETFL, fl | O_NONBLOCK);
	n = dev_read(small, sizeof(small));
	st_check("read with 100-byte buffer gives EINVAL",
		 n < 0 && errno == EINVAL);
	st_check("poll reports the queued INIT",
		 poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLIN));
	n = dev_read(rbuf, 8192);
	if (n == 48) {
		struct in_header *ih = (struct in_header *)rbuf;
		struct init_in *in = (struct init_in *)(ih + 1);

		st_check("INIT header (len 48, opcode 8192, nodeid 0, even unique)",
			 ih->len == 48 && ih->opcode == MUSE_INIT &&
			 ih->nodeid == 0 && ih->unique && !(ih->unique & 1));
		st_check("INIT offers 7.34", in->major == 7 && in->minor == 34);
	} else {
		st_check("first read returns the 48-byte INIT", false);
		exit(1);
	}
	errno = 0;
	n = dev_read(rbuf + 8192, 8192);
	st_check("non-blocking read with nothing queued gives EAGAIN",
		 n < 0 && errno == EAGAIN);
	pfd.revents = 0;
	st_check("poll without requests does not report POLLIN",
		 poll(&pfd, 1, 100) == 0 || !(pfd.revents & POLLIN));

	n = dev_write(&oh, 10);
	st_check("reply shorter than 16 bytes gives EINVAL",
		 n < 0 && errno == EINVAL);
	oh.len = 16;
	oh.error = 0;
	oh.unique = 0;
	n = dev_write(&oh, 16);
	st_check("reply with unique 0 gives EINVAL", n < 0 && errno == EINVAL);
	oh.unique = ((struct in_header *)rbuf)->unique + 200;
	n = dev_write(&oh, 16);
	st_check("reply to an unknown unique gives ENOENT",
		 n < 0 && errno == ENOENT);
	oh.unique = ((struct in_header *)rbuf)->unique | 1;
	n = dev_write(&oh, 16);
	st_check("reply to an odd unique gives ENOENT",
		 n < 0 && errno == ENOENT);
	fcntl(dev, F_SETFL, fl);
	do_init((struct in_header *)rbuf);
}

static void do_io(const struct in_header *ih, size_t got);

static void selftest_post(void)
{
	size_t need = (opt.max_write > 4096 ? opt.max_write : 4096) + 80;
	int fl = fcntl(dev, F_GETFL);
	ssize_t n = dev_read(rbuf, 8192);

	if (need < 8192)
		need = 8192;
	st_check("after INIT with max_write 1 MiB an 8192-byte read gives EINVAL",
		 n < 0 && errno == EINVAL);
	fcntl(dev, F_SETFL, fl | O_NONBLOCK);
	n = dev_read(rbuf, need - 1);
	st_check("read buffer of 80 + max_write - 1 bytes gives EINVAL",
		 n < 0 && errno == EINVAL);
	n = dev_read(rbuf, need);
	st_check("read buffer of exactly 80 + max_write bytes is accepted",
		 n > 0 || errno == EAGAIN);
	fcntl(dev, F_SETFL, fl);
	if (n > 0)
		do_io((struct in_header *)rbuf, n);
}

/* ---------------------------------------------------------------- */
/* client: MTD ioctls the mtd-utils do not expose                    */
/* ---------------------------------------------------------------- */

static size_t parse_hex(const char *s, uint8_t **out)
{
	size_t n = 0, len;
	unsigned int v;

	/* "-" = none, "fill:N:BYTE", or hex digits */
	if (!strcmp(s, "-")) {
		*out = NULL;
		return 0;
	}
	if (!strncmp(s, "fill:", 5)) {
		unsigned long cnt = strtoul(s + 5, NULL, 0);
		const char *b = strchr(s + 5, ':');

		*out = malloc(cnt + 1);
		memset(*out, b ? (int)strtoul(b + 1, NULL, 0) : 0, cnt);
		return cnt;
	}
	len = strlen(s) / 2;
	*out = malloc(len + 1);
	for (n = 0; n < len; n++) {
		if (sscanf(s + 2 * n, "%2x", &v) != 1)
			die("bad hex '%s'", s);
		(*out)[n] = v;
	}
	return len;
}

static void print_hex(const char *tag, const uint8_t *p, size_t n)
{
	size_t i;

	printf(" %s=", tag);
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
	if (!n)
		printf("-");
}

static int mode_of(const char *s)
{
	if (!strcmp(s, "place"))
		return MTD_OPS_PLACE_OOB;
	if (!strcmp(s, "auto"))
		return MTD_OPS_AUTO_OOB;
	if (!strcmp(s, "raw"))
		return MTD_OPS_RAW;
	die("mode must be place, auto or raw");
	return 0;
}

/*
 * --client DEV CMD ARGS, prints "rc=R errno=E ..." on one line:
 *   isbad OFF | markbad OFF
 *   read MODE START LEN OOBLEN          (MEMREAD; prints data/oob hex)
 *   write MODE START DATA OOB           (MEMWRITE; DATA/OOB hex, "-", fill:N:B)
 *   readoob START LEN [raw]             (MEMREADOOB64, place or raw file mode)
 *   opensync                            (open O_RDWR and close: MUSE_SYNC)
 * write, markbad and opensync open the device read-write, the rest read-only.
 */
static int client(int argc, char **argv)
{
	const char *devp = argv[0], *cmd = argv[1];
	/* read-only where possible: closing a writable fd sends MUSE_SYNC */
	bool rw = !strcmp(cmd, "write") || !strcmp(cmd, "markbad") ||
		  !strcmp(cmd, "opensync");
	int fd = open(devp, rw ? O_RDWR : O_RDONLY), rc, e;
	loff_t off;

	if (fd < 0) {
		printf("rc=-1 errno=%s (open)\n", errname(errno));
		return 1;
	}
	if (!strcmp(cmd, "isbad") || !strcmp(cmd, "markbad")) {
		off = strtoll(argv[2], NULL, 0);
		rc = ioctl(fd, cmd[0] == 'i' ? MEMGETBADBLOCK : MEMSETBADBLOCK,
			   &off);
		e = rc < 0 ? errno : 0;
		printf("rc=%d errno=%s\n", rc, errname(e));
	} else if (!strcmp(cmd, "read") && argc >= 6) {
		struct mtd_read_req r = { 0 };
		uint8_t *d, *o;

		r.mode = mode_of(argv[2]);
		r.start = strtoull(argv[3], NULL, 0);
		r.len = strtoull(argv[4], NULL, 0);
		r.ooblen = strtoull(argv[5], NULL, 0);
		d = calloc(1, r.len + 1);
		o = calloc(1, r.ooblen + 1);
		r.usr_data = r.len ? (uintptr_t)d : 0;
		r.usr_oob = r.ooblen ? (uintptr_t)o : 0;
		rc = ioctl(fd, MEMREAD, &r);
		e = rc < 0 ? errno : 0;
		printf("rc=%d errno=%s len=%llu ooblen=%llu", rc, errname(e),
		       (unsigned long long)r.len, (unsigned long long)r.ooblen);
		print_hex("data", d, r.len > 32 ? 32 : r.len);
		print_hex("oob", o, r.ooblen);
		printf("\n");
	} else if (!strcmp(cmd, "write") && argc >= 6) {
		struct mtd_write_req w = { 0 };
		uint8_t *d, *o;

		w.mode = mode_of(argv[2]);
		w.start = strtoull(argv[3], NULL, 0);
		w.len = parse_hex(argv[4], &d);
		w.ooblen = parse_hex(argv[5], &o);
		w.usr_data = (uintptr_t)d;
		w.usr_oob = (uintptr_t)o;
		rc = ioctl(fd, MEMWRITE, &w);
		e = rc < 0 ? errno : 0;
		printf("rc=%d errno=%s\n", rc, errname(e));
	} else if (!strcmp(cmd, "readoob") && argc >= 4) {
		struct mtd_oob_buf64 b = { 0 };
		uint8_t *o;

		if (argc >= 5 && !strcmp(argv[4], "raw") &&
		    ioctl(fd, MTDFILEMODE, MTD_FILE_MODE_RAW))
			die("MTDFILEMODE: %s", strerror(errno));
		b.start = strtoull(argv[2], NULL, 0);
		b.length = strtoul(argv[3], NULL, 0);
		o = calloc(1, b.length + 1);
		b.usr_ptr = (uintptr_t)o;
		rc = ioctl(fd, MEMREADOOB64, &b);
		e = rc < 0 ? errno : 0;
		printf("rc=%d errno=%s len=%u", rc, errname(e), b.length);
		print_hex("oob", o, rc < 0 ? 0 : b.length);
		printf("\n");
	} else if (!strcmp(cmd, "eccstats")) {
		struct mtd_ecc_stats st = { 0 };

		rc = ioctl(fd, ECCGETSTATS, &st);
		e = rc < 0 ? errno : 0;
		printf("rc=%d errno=%s corrected=%u failed=%u badblocks=%u\n",
		       rc, errname(e), st.corrected, st.failed, st.badblocks);
	} else if (!strcmp(cmd, "ecclayout")) {
		struct nand_ecclayout_user l = { 0 };
		int i;

		rc = ioctl(fd, ECCGETLAYOUT, &l);
		e = rc < 0 ? errno : 0;
		printf("rc=%d errno=%s eccbytes=%u", rc, errname(e), l.eccbytes);
		if (l.eccbytes)
			printf(" eccpos=%u-%u", l.eccpos[0],
			       l.eccpos[l.eccbytes - 1]);
		printf(" oobavail=%u free=", l.oobavail);
		for (i = 0; i < MTD_MAX_OOBFREE_ENTRIES && l.oobfree[i].length; i++)
			printf("%s%u:%u", i ? "," : "", l.oobfree[i].offset,
			       l.oobfree[i].length);
		printf("\n");
	} else if (!strcmp(cmd, "opensync")) {
		rc = 0;
		e = 0;
		printf("rc=0 errno=OK\n");
	} else {
		die("bad client command");
		return 2;
	}
	close(fd);
	return e ? 1 : 0;
}

/* ---------------------------------------------------------------- */

static void usage(void)
{
	fputs(
"usage: kmod-testsrv [options]\n"
"  -n NAME -T TYPE -F FLAGS -s SIZE -w WRITESIZE -W WRITEBUFSIZE\n"
"  -e ERASESIZE -o OOBSIZE -a OOBAVAIL -S SUBPAGESHIFT -p PARTSCMDLINE\n"
"  --max-read N --max-write N --major N --minor N\n"
"  --blob STR          raw INIT blob (\\0 \\t \\n escapes)\n"
"  --init-error ERRNO  answer INIT with a header-only error\n"
"  --init-payload N    send only N payload bytes in the INIT reply\n"
"  --blob-pad N        add a PAD= entry so that the blob is N bytes\n"
"  --exit-after-init   exit (closing /dev/muse) right after the INIT reply\n"
"  --bad BLOCK         initial bad block (repeatable)\n"
"  --soft-read BLOCK:ERRNO[:BITS[:MAX]]  in-band reads touching BLOCK get\n"
"                      soft_error (and BITS corrected, MAX in one step)\n"
"  --ecc STRENGTH:STEP[:THRESHOLD]  --oobfree OFF:LEN,..  --oobecc OFF:LEN,..\n"
"                      the ECC INIT keys (extension, kmod/README.md)\n"
"  --fault OP:NTH:ACTION[=ARG]  OP read|write|erase|isbad|markbad|sync|any,\n"
"      NTH 1-based or '*'; ACTION badlen shortdata oversize baderrno poserr\n"
"      errpayload unknown lenmismatch shorthdr noreply die err=E soft=E isbad=N\n"
"      late=SECONDS\n"
"  --hang-init         read INIT and never answer it\n"
"  --fuzz SEED:PCT     answer PCT percent of the requests with a random reply first\n"
"  --workers N         N processes serve the one fd (read-only use only)\n"
"  --self-open MTD     on SIGUSR1 open MTD read-write as fd 0 and exit\n"
"                      (its close, and MUSE_SYNC, come before /dev/muse's)\n"
"  --iov               readv()/writev() with several iovecs (also KTS_IOV=1)\n"
"  --log FILE  --ready FILE  --as-nobody  --selftest\n"
"       kmod-testsrv --client DEV CMD ARGS  (see client() in the source)\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "max-read", 1, NULL, 1 }, { "max-write", 1, NULL, 2 },
		{ "major", 1, NULL, 3 }, { "minor", 1, NULL, 4 },
		{ "blob", 1, NULL, 5 }, { "init-error", 1, NULL, 6 },
		{ "init-payload", 1, NULL, 7 }, { "exit-after-init", 0, NULL, 8 },
		{ "bad", 1, NULL, 9 }, { "soft-read", 1, NULL, 10 },
		{ "fault", 1, NULL, 11 }, { "log", 1, NULL, 12 },
		{ "ready", 1, NULL, 13 }, { "as-nobody", 0, NULL, 14 },
		{ "selftest", 0, NULL, 15 }, { "blob-pad", 1, NULL, 16 },
		{ "hang-init", 0, NULL, 17 }, { "fuzz", 1, NULL, 18 },
		{ "workers", 1, NULL, 19 }, { "self-open", 1, NULL, 20 },
		{ "iov", 0, NULL, 21 }, { "ecc", 1, NULL, 22 },
		{ "oobfree", 1, NULL, 23 }, { "oobecc", 1, NULL, 24 },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t i;
	int c;

	if (argc >= 4 && !strcmp(argv[1], "--client"))
		return client(argc - 2, argv + 2);

	while ((c = getopt_long(argc, argv, "n:T:F:s:w:W:e:o:a:S:p:h", lo,
				NULL)) != -1) {
		switch (c) {
		case 'n': opt.name = optarg; break;
		case 'T': opt.type = strtoul(optarg, NULL, 0); break;
		case 'F': opt.flags = strtoul(optarg, NULL, 0); break;
		case 's': opt.size = strtoull(optarg, NULL, 0); break;
		case 'w': opt.ws = strtoul(optarg, NULL, 0); break;
		case 'W': opt.wbs = strtoul(optarg, NULL, 0); opt.has_wbs = true; break;
		case 'e': opt.es = strtoul(optarg, NULL, 0); break;
		case 'o': opt.oobsize = strtoul(optarg, NULL, 0); break;
		case 'a': opt.oobavail = strtoul(optarg, NULL, 0); break;
		case 'S': opt.subpage = strtoul(optarg, NULL, 0); opt.has_subpage = true; break;
		case 'p': opt.parts = optarg; break;
		case 1: opt.max_read = strtoul(optarg, NULL, 0); break;
		case 2: opt.max_write = strtoul(optarg, NULL, 0); break;
		case 3: opt.major = strtoul(optarg, NULL, 0); break;
		case 4: opt.minor = strtoul(optarg, NULL, 0); break;
		case 5: opt.blob = optarg; break;
		case 6: opt.init_error = atoi(optarg); break;
		case 7: opt.init_payload = atol(optarg); break;
		case 8: opt.exit_after_init = true; break;
		case 9:
			if (opt.nbad < MAX_BAD)
				opt.bad[opt.nbad++] = atol(optarg);
			break;
		case 10:
		{
			unsigned int bits = 0, most = 0;

			if (opt.nsoft >= 8 ||
			    sscanf(optarg, "%ld:%d:%u:%u", &opt.soft_block[opt.nsoft],
				   &opt.soft_errno[opt.nsoft], &bits, &most) < 2)
				usage();
			opt.soft_pad[opt.nsoft] = bits | most << 16;
			opt.nsoft++;
		}
			break;
		case 11: parse_fault(optarg); break;
		case 12: opt.log = optarg; break;
		case 13: opt.ready = optarg; break;
		case 14: opt.as_nobody = true; break;
		case 15: opt.selftest = true; break;
		case 16: opt.blob_pad = atol(optarg); break;
		case 17: opt.hang_init = true; break;
		case 18: {
			unsigned int seed;

			if (sscanf(optarg, "%u:%d", &seed, &opt.fuzz) != 2)
				usage();
			srand(seed);
			break;
		}
		case 19: opt.workers = atoi(optarg); break;
		case 20: opt.self_open = optarg; break;
		case 21: opt.iov = true; break;
		case 22:
			if (sscanf(optarg, "%u:%u:%u", &opt.ecc_strength,
				   &opt.ecc_step, &opt.ecc_threshold) < 2)
				usage();
			break;
		case 23: opt.oobfree = optarg; break;
		case 24: opt.oobecc = optarg; break;
		default: usage();
		}
	}

	if (getenv("KTS_IOV") && *getenv("KTS_IOV") == '1')
		opt.iov = true;
	if (opt.log) {
		logf = fopen(opt.log, "a");
		if (!logf)
			die("%s: %s", opt.log, strerror(errno));
	}
	signal(SIGPIPE, SIG_IGN);
	if (opt.self_open) {
		struct sigaction sa = { .sa_handler = on_usr1 };

		sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART */
	}

	/* model sized from the options (sane values only; --blob may lie) */
	if (opt.ws && opt.es && opt.size && opt.size <= (256ULL << 20)) {
		npages = opt.size / opt.ws;
		nblocks = opt.size / opt.es;
		data = malloc(opt.size);
		oob = malloc(npages * opt.oobsize + 1);
		badblk = calloc(nblocks + 1, sizeof(*badblk));
		if (!data || !oob || !badblk)
			die("out of memory");
		memset(data, 0xff, opt.size);
		memset(oob, 0xff, npages * opt.oobsize + 1);
		for (c = 0; c < opt.nbad; c++) {
			if ((uint64_t)opt.bad[c] >= nblocks)
				continue;
			badblk[opt.bad[c]] = true;
			if (opt.oobsize)
				oob[opt.bad[c] * (opt.es / opt.ws) *
				    opt.oobsize] = 0;
		}
		/* recognisable content: every 512 bytes carry their offset */
		for (i = 0; i + 8 <= opt.size; i += 512)
			memcpy(data + i, &i, 8);
	}

	rbuf_size = (opt.max_write > 4096 ? opt.max_write : 4096) + 80;
	if (rbuf_size < 8192)
		rbuf_size = 8192;
	rbuf_size += 4096;
	rbuf = malloc(rbuf_size + 16384);
	if (!rbuf)
		die("out of memory");

	if (opt.as_nobody && (setgid(65534) || setuid(65534)))
		die("cannot drop privileges: %s", strerror(errno));
	dev = open("/dev/muse", O_RDWR);
	if (dev < 0) {
		printf("kmod-testsrv: open /dev/muse: %s\n", errname(errno));
		return errno == EPERM ? 13 : 1;
	}

	if (opt.iov)
		logmsg("IOV readv/writev with several iovecs");
	if (opt.selftest) {
		selftest_pre();
		selftest_post();
	}

	for (;;) {
		ssize_t n = dev_read(rbuf, rbuf_size);
		struct in_header *ih = (struct in_header *)rbuf;

		if (n < 0) {
			int e = errno;

			if (e == EINTR && got_usr1 && opt.self_open) {
				int fd = open(opt.self_open, O_RDWR);

				if (fd < 0 || dup2(fd, 0) < 0)
					die("%s: %s", opt.self_open,
					    strerror(errno));
				logmsg("SELF-OPEN %s, exiting", opt.self_open);
				exit(0);
			}
			if (e == EINTR)
				continue;
			printf("kmod-testsrv: read: %s\n", errname(e));
			logmsg("READ-ERROR %s", errname(e));
			return e == ENODEV ? 3 : 1;
		}
		if ((size_t)n < sizeof(*ih) || ih->len != (size_t)n) {
			printf("kmod-testsrv: bad request size %zd\n", n);
			return 1;
		}
		if (ih->opcode == MUSE_INIT) {
			if (opt.hang_init) {
				logmsg("HANG-INIT");
				for (;;)
					pause();
			}
			do_init(ih);
			if (opt.ready) {
				FILE *r = fopen(opt.ready, "w");

				if (r)
					fclose(r);
			}
			if (opt.exit_after_init)
				return 0;
			for (c = 1; c < opt.workers; c++) {
				pid_t p = fork();

				if (p < 0)
					die("fork: %s", strerror(errno));
				if (!p) {
					prctl(PR_SET_PDEATHSIG, SIGKILL);
					if (getppid() == 1)
						_exit(0);
					break;
				}
			}
			continue;
		}
		do_io(ih, n);
		if (opt.selftest && selftest_failed)
			printf("kmod-testsrv: self-test failed\n");
	}
}
