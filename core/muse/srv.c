// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * srv.c - the MUSE server (protocol: shared docs/muse-protocol.md, v3):
 * options and the INIT blob, the debug log and the sending side of the
 * transport, which the handlers (ops_*.c) use. The request loop that
 * dispatches to them through the opcode table is loop.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "srv_int.h"

void srv_log(struct mm_srv *s, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!s->o.debug || !s->o.log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	s->o.log(s->o.log_arg, line);
}

static void srv_warn(struct mm_srv *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void srv_warn(struct mm_srv *s, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (s->o.warn)
		s->o.warn(s->o.warn_arg, line);
	srv_log(s, "   %s", line);
}

void srv_store_result(struct mm_srv *s, const char *what, uint64_t addr,
		      int ret)
{
	if (!ret) {
		if (s->store_err && s->store_fails)
			srv_warn(s, "changes are stored again (%" PRIu64 " refused with -EIO before)",
				 s->store_fails);
		s->store_err = 0;
		s->store_fails = 0;
		return;
	}
	if (ret == -EINVAL)
		return;		/* the request, not the overlay */
	s->store_fails++;
	if (s->store_err == -ret)
		return;
	s->store_err = -ret;
	srv_warn(s, "cannot store the %s at 0x%" PRIx64 ": %s; the kernel gets -EIO",
		 what, addr, strerror(-ret));
}

unsigned int mm_srv_type_from_name(const char *name)
{
	static const struct {
		const char *name;
		unsigned int type;
	} types[] = {
		{ "nand", MTD_NANDFLASH }, { "mlc-nand", MTD_MLCNANDFLASH },
		{ "nor", MTD_NORFLASH }, { "rom", MTD_ROM }, { "ram", MTD_RAM },
		{ "dataflash", MTD_DATAFLASH },
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(name, types[i].name))
			return types[i].type;
	return 0;
}

void mm_srv_default_name(const char *path, char *buf, size_t len)
{
	static const char *const zext[] = {
		".xz", ".gz", ".bz2", ".zst", ".lz4", ".lzma", ".Z",
	};
	const char *base = strrchr(path, '/');
	char *dot;
	size_t i, n;

	base = base ? base + 1 : path;
	snprintf(buf, len, "%s", base);
	n = strlen(buf);
	for (i = 0; i < sizeof(zext) / sizeof(zext[0]); i++) {
		size_t e = strlen(zext[i]);

		if (n > e && !strcmp(buf + n - e, zext[i])) {
			buf[n - e] = '\0';
			break;
		}
	}
	dot = strrchr(buf, '.');
	if (dot && dot != buf)
		*dot = '\0';
	for (dot = buf; *dot; dot++)
		if (!((*dot >= 'a' && *dot <= 'z') ||
		      (*dot >= 'A' && *dot <= 'Z') ||
		      (*dot >= '0' && *dot <= '9') ||
		      *dot == '.' || *dot == '_' || *dot == '-'))
			*dot = '_';
	if (!buf[0])
		snprintf(buf, len, "muse");
}

static int blob_add(struct mm_srv *s, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Append "KEY=VALUE\0"; fails when the blob would pass 4096 bytes. */
static int blob_add(struct mm_srv *s, const char *key, const char *fmt, ...)
{
	char val[4200];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	n = snprintf(s->blob + s->blob_len, sizeof(s->blob) - s->blob_len,
		     "%s=%s", key, val);
	if (n < 0 || (size_t)n + 1 > sizeof(s->blob) - s->blob_len)
		return -E2BIG;
	s->blob_len += n + 1;	/* keep the NUL */
	return 0;
}

/* "OFF:LEN,..." of @n ranges; false when the kernel takes no more than 16 */
static bool ranges_str(char *buf, size_t len, const struct mm_oob_range *r,
		       unsigned int n)
{
	size_t at = 0;
	unsigned int i;

	if (!n || n > 16)
		return false;
	for (i = 0; i < n && at < len; i++)
		at += snprintf(buf + at, len - at, "%s%u:%u", i ? "," : "",
			       r[i].off, r[i].len);
	return at < len;
}

/*
 * The ECC INIT keys, a muse.ko extension (kmod/README.md): the ECC's
 * strength and step, the layout's free and ECC ranges.  Sent with --ecc
 * only, and only to a kernel that announces the extension (srv_do_init()
 * in ops_ctl.c).
 */
int srv_blob_add_ecc(struct mm_srv *s)
{
	char buf[16 * 12];
	unsigned int i, free = 0;
	int ret = 0;

	if (!s->o.ecc_correct || !s->o.ecc_strength || !s->oobsize ||
	    !s->o.ecc_step_size || s->writesize % s->o.ecc_step_size)
		return 0;
	ret |= blob_add(s, "ECCSTRENGTH", "%u", s->o.ecc_strength);
	ret |= blob_add(s, "ECCSTEPSIZE", "%u", s->o.ecc_step_size);
	for (i = 0; i < s->layout.nfree; i++)
		free += s->layout.free[i].len;
	/* muse.ko wants the free ranges to add up to OOBAVAIL */
	if (free == s->oobavail &&
	    ranges_str(buf, sizeof(buf), s->layout.free, s->layout.nfree))
		ret |= blob_add(s, "OOBFREE", "%s", buf);
	if (ranges_str(buf, sizeof(buf), s->layout.ecc, s->layout.necc))
		ret |= blob_add(s, "OOBECC", "%s", buf);
	return ret;
}

static int build_blob(struct mm_srv *s)
{
	bool nand = is_nand(s->type);
	int ret = 0;

	s->blob_len = 0;
	ret |= blob_add(s, "NAME", "%s", s->name);
	ret |= blob_add(s, "TYPE", "%u", s->type);
	ret |= blob_add(s, "FLAGS", "%" PRIu32, s->flags);
	ret |= blob_add(s, "SIZE", "%" PRIu64, s->size);
	ret |= blob_add(s, "WRITESIZE", "%" PRIu32, s->writesize);
	ret |= blob_add(s, "WRITEBUFSIZE", "%" PRIu32, s->writebufsize);
	ret |= blob_add(s, "ERASESIZE", "%" PRIu32, s->erasesize);
	if (nand) {
		ret |= blob_add(s, "OOBSIZE", "%" PRIu32, s->oobsize);
		ret |= blob_add(s, "OOBAVAIL", "%" PRIu32, s->oobavail);
		ret |= blob_add(s, "SUBPAGESHIFT", "%u", s->subpage_shift);
	}
	if (s->o.mtdparts)
		ret |= blob_add(s, "PARTSCMDLINE", "%s", s->o.mtdparts);
	return ret ? -E2BIG : 0;
}

static int check_name(const char *name, bool parts, char *msg, size_t len)
{
	size_t n = strlen(name), i;

	if (n >= 256) {
		snprintf(msg, len, "MTD name is longer than 255 characters");
		return -EINVAL;
	}
	if (n && (strchr(" \t\n\v\f\r", name[0]) ||
		  strchr(" \t\n\v\f\r", name[n - 1]))) {
		snprintf(msg, len, "MTD name '%s' starts or ends with white space (the kernel would trim it)",
			 name);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f) {
			snprintf(msg, len, "MTD name contains a control character");
			return -EINVAL;
		}
	}
	if (parts && strchr(name, ':')) {
		snprintf(msg, len, "MTD name '%s' contains ':', which breaks the partition list '<name>:<parts>'",
			 name);
		return -EINVAL;
	}
	return 0;
}

int mm_srv_init(struct mm_srv *s, struct mm_dump *d, struct mm_overlay *ov,
		const struct mm_srv_opts *o, char *msg, size_t len)
{
	const struct mm_geom *g = &d->geom;
	pthread_rwlockattr_t rwa;
	uint32_t sub;
	int ret;

	memset(s, 0, sizeof(*s));
	s->d = d;
	s->ov = ov;
	s->o = *o;
	s->o.layout = NULL;
	s->fd = -1;
	s->stop_fd = -1;
	s->type = o->type ? o->type : (g->oob_size ? MTD_NANDFLASH :
						    MTD_NORFLASH);
	switch (s->type) {
	case MTD_RAM:
	case MTD_ROM:
	case MTD_NORFLASH:
	case MTD_NANDFLASH:
	case MTD_DATAFLASH:
	case MTD_MLCNANDFLASH:
		break;
	default:
		snprintf(msg, len, "MTD type %u is not one the kernel accepts",
			 s->type);
		return -EINVAL;
	}
	if (o->name)
		snprintf(s->name, sizeof(s->name), "%s", o->name);
	else
		mm_srv_default_name(d->path, s->name, sizeof(s->name));
	ret = check_name(o->name ? o->name : s->name, o->mtdparts != NULL,
			 msg, len);
	if (ret)
		return ret;

	s->size = mm_geom_size(g);
	s->erasesize = mm_geom_eb_size(g);
	if (s->erasesize > UINT32_MAX) {
		snprintf(msg, len, "eraseblock of %" PRIu64 " bytes is too large for MTD",
			 (uint64_t)mm_geom_eb_size(g));
		return -EINVAL;
	}
	s->writebufsize = g->page_size;
	/* NOR, ROM and RAM are byte-writable: MTD writesize 1, no OOB. */
	s->writesize = is_nand(s->type) || s->type == MTD_DATAFLASH ?
		       g->page_size : 1;
	if (g->oob_size && o->layout) {
		s->layout = *o->layout;
		if (s->layout.oob_size != g->oob_size) {
			snprintf(msg, len, "OOB layout '%s' is for %u OOB bytes, the dump has %u",
				 s->layout.name, s->layout.oob_size,
				 g->oob_size);
			return -EINVAL;
		}
	} else if (g->oob_size) {
		ret = mm_ooblayout_default(&s->layout, g);
		if (ret) {
			snprintf(msg, len, "no OOB layout for %u+%u byte pages",
				 g->page_size, g->oob_size);
			return ret;
		}
	}
	if (is_nand(s->type)) {
		s->oobsize = g->oob_size;
		s->oobavail = g->oob_size ? s->layout.oobavail : 0;
		if (o->subpage_shift >= 0) {
			s->subpage_shift = o->subpage_shift;
		} else if (g->subpage_size && g->subpage_size < g->page_size) {
			sub = g->subpage_size;
			while (s->subpage_shift < 3 &&
			       (g->page_size >> s->subpage_shift) > sub)
				s->subpage_shift++;
		}
		if (s->subpage_shift > 2) {
			snprintf(msg, len, "sub-page shift %u is out of range (0-2)",
				 s->subpage_shift);
			return -EINVAL;
		}
	}
	if (o->writable) {
		if (!ov) {
			snprintf(msg, len, "a writable MTD needs an overlay");
			return -EINVAL;
		}
		switch (s->type) {
		case MTD_ROM:
			snprintf(msg, len, "a ROM cannot be writable");
			return -EINVAL;
		case MTD_RAM:
			s->flags = MTD_CAP_RAM;
			break;
		case MTD_NORFLASH:
			s->flags = MTD_CAP_NORFLASH;
			break;
		default:
			s->flags = MTD_CAP_NANDFLASH;
			break;
		}
	}
	s->max_io = o->max_io ? o->max_io : MM_SRV_DEFAULT_IO;
	if (s->max_io < 4096)
		s->max_io = 4096;	/* what the kernel makes of less */
	if (s->max_io < s->writebufsize) {
		snprintf(msg, len, "--max-io %" PRIu32 " is smaller than the write buffer (%" PRIu32 " bytes)",
			 s->max_io, s->writebufsize);
		return -EINVAL;
	}
	s->bufsize = MUSE_BUF_OVERHEAD + (size_t)s->max_io;
	if (s->bufsize < MUSE_MIN_READ_BUF)
		s->bufsize = MUSE_MIN_READ_BUF;
	if (o->mtdparts) {
		char why[200];

		ret = mm_parts_parse(o->mtdparts, s->size, s->erasesize,
				     &s->parts, &s->nparts, why, sizeof(why));
		if (ret == -ENOMEM)
			return ret;
		if (ret) {
			snprintf(msg, len, "invalid --mtdparts '%s': %s",
				 o->mtdparts, why);
			return ret;
		}
	}
	if (build_blob(s)) {
		snprintf(msg, len, "the MTD parameters do not fit in %d bytes (shorten --mtdparts or --name)",
			 MUSE_INIT_INFO_MAX);
		ret = -EINVAL;
		goto out_parts;
	}
	/* Writers first: a stream of reads must not starve a write. */
	pthread_rwlockattr_init(&rwa);
	pthread_rwlockattr_setkind_np(&rwa,
			PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	ret = pthread_rwlock_init(&s->lock, &rwa);
	pthread_rwlockattr_destroy(&rwa);
	if (ret) {
		ret = -ENOMEM;
		goto out_parts;
	}
	pthread_mutex_init(&s->dump_lock, NULL);
	pthread_mutex_init(&s->end_lock, NULL);
	s->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (s->stop_fd < 0) {
		ret = -errno;
		snprintf(msg, len, "eventfd: %s", strerror(-ret));
		goto out_locks;
	}
	/* each page decoded once: no codec, nothing to cache; faults are random */
	if (o->ecc_correct && !o->faults) {
		ret = mm_vcache_init(&s->vc, mm_geom_page_count(&d->geom),
				     d->geom.page_size, d->geom.oob_size,
				     !o->ecc_lay_out, MM_SRV_VCACHE_ENTRIES);
		if (ret) {
			snprintf(msg, len, "out of memory");
			close(s->stop_fd);
			s->stop_fd = -1;
			goto out_locks;
		}
		s->vc_on = true;
	}
	return 0;

out_locks:
	pthread_rwlock_destroy(&s->lock);
	pthread_mutex_destroy(&s->dump_lock);
	pthread_mutex_destroy(&s->end_lock);
out_parts:
	free(s->parts);
	s->parts = NULL;
	return ret;
}

void mm_srv_destroy(struct mm_srv *s)
{
	if (s->stop_fd >= 0) {
		close(s->stop_fd);
		pthread_rwlock_destroy(&s->lock);
		pthread_mutex_destroy(&s->dump_lock);
		pthread_mutex_destroy(&s->end_lock);
	}
	if (s->vc_on)
		mm_vcache_free(&s->vc);
	s->vc_on = false;
	s->stop_fd = -1;
	free(s->parts);
	s->parts = NULL;
}

void mm_srv_stop(struct mm_srv *s)
{
	uint64_t one = 1;
	ssize_t r;

	r = write(s->stop_fd, &one, sizeof(one));
	(void)r;
}

/* The first reason to end wins; every worker is woken through stop_fd. */
void srv_end(struct mm_srv *s, int ret)
{
	pthread_mutex_lock(&s->end_lock);
	if (!s->ended) {
		s->ended = true;
		s->end_ret = ret;
	}
	pthread_mutex_unlock(&s->end_lock);
	mm_srv_stop(s);
}

/* ---- transport ---- */

static void srv_send(struct srv_worker *w, void *buf, size_t len)
{
	struct mm_srv *s = w->s;
	struct pollfd pfd = { .fd = s->fd, .events = POLLOUT };
	ssize_t r;

	for (;;) {
		if (s->is_socket)
			r = send(s->fd, buf, len, MSG_NOSIGNAL);
		else
			r = write(s->fd, buf, len);
		if (r >= 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			poll(&pfd, 1, 1000);
			continue;
		}
		if (errno == EMSGSIZE && s->is_socket &&
		    len > sizeof(struct fuse_out_header)) {
			/*
			 * A datagram larger than the socket's send buffer (a
			 * test peer without the rights to raise it): answer
			 * with a valid error rather than not at all.
			 */
			struct fuse_out_header *oh = buf;

			srv_log(s, "   reply of %zu bytes too large for the socket, sending -EIO",
				len);
			oh->len = sizeof(*oh);
			oh->error = -EIO;
			len = sizeof(*oh);
			continue;
		}
		if (errno == ENOENT) {
			/* The request was interrupted or aborted meanwhile. */
			srv_log(s, "   reply dropped: request no longer pending");
			return;
		}
		if (errno == ENODEV || errno == EPIPE || errno == ECONNRESET ||
		    errno == ENOTCONN) {
			srv_end(s, 0);
			return;
		}
		srv_log(s, "   reply write failed: %s", strerror(errno));
		return;
	}
	if ((size_t)r != len)
		srv_log(s, "   short reply write (%zd of %zu bytes)", r, len);
}

void srv_reply(struct srv_worker *w, uint64_t unique, int err, size_t plen)
{
	struct fuse_out_header *oh = (struct fuse_out_header *)w->out;

	if (err < 0)
		err = -err;
	if (err > 511)
		err = EIO;	/* out of the FUSE core's range */
	if (err)
		plen = 0;	/* error replies are header only */
	oh->len = sizeof(*oh) + plen;
	oh->error = -err;
	oh->unique = unique;
	if (err)
		srv_log(w->s, "   unique: %" PRIu64 ", error: %d (%s), outsize: %u",
			unique, -err, strerror(err), oh->len);
	else
		srv_log(w->s, "   unique: %" PRIu64 ", success, outsize: %u",
			unique, oh->len);
	srv_send(w, w->out, oh->len);
}
