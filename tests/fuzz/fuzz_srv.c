// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_srv.c - the MUSE server's request handling fed raw /dev/muse
 * messages. The server (mm_srv_run(), one worker) serves a small dump over
 * a SOCK_SEQPACKET socketpair, exactly as it serves /dev/muse; one thread
 * sends the input's messages, another reads the replies and checks each
 * against the FUSE core's rules (size, header length, errno range,
 * header-only errors, the opcode's payload size, a unique that was sent).
 *
 * Input: byte 0 the server's options (writable, ECC, faults, partitions,
 * record log, send INIT first), byte 1 max_io; then messages, each one of
 *	kind < 0x80: a well-formed request: opcode from @kind, addr
 *		(u16 x 16), len (u16), flags (u8), then for WRITE u16 data
 *		bytes
 *	kind >= 0x80: u16 length, then that many raw bytes (header and all)
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../core/dump.h"
#include "../../core/open.h"
#include "../../core/ecc/ecc.h"
#include "../../core/muse/muse_proto.h"
#include "../../core/muse/srv.h"
#include "../../core/overlay.h"
#include "fuzz.h"

#define PS	512
#define OOB	16
#define PPB	4
#define NB	8
#define MAX_MSGS	256
#define MSG_MAX		(1 << 17)

static struct mm_dump dump;
static struct mm_ecc *ecc;
static bool ready;

static const uint32_t opcodes[8] = {
	MUSE_INIT, MUSE_ERASE, MUSE_READ, MUSE_WRITE, MUSE_MARKBAD, MUSE_ISBAD,
	MUSE_SYNC, FUSE_INTERRUPT,
};
static const uint32_t max_ios[4] = { 2048, 4096, 16384, 65536 };
static const char *const parts[4] = {
	NULL, "2k(a),-(b)", "4k(boot)ro,-(rootfs)", "-(all)",
};

/* What was sent: the replies are checked against it. */
struct sent {
	size_t n;
	uint64_t unique[MAX_MSGS];
	uint32_t opcode[MAX_MSGS];
	uint8_t *msg[MAX_MSGS];
	size_t len[MAX_MSGS];
	int fd;
	uint32_t max_io;
};

/* The dump: pattern pages with valid Hamming ECC, a few flipped bits. */
static int setup(void)
{
	static uint8_t rec[PS + OOB];
	char msg[256];
	const char *path;
	struct mm_open_opts o;
	struct mm_geom g = { PS, OOB, PPB, NB, 0, 8 };
	FILE *f;
	uint64_t p;
	uint32_t i;

	path = fz_path("srv.bin");
	if (!path || mm_ecc_new(&ecc, "hamming", NULL, &g, msg, sizeof(msg)))
		return -1;
	f = fopen(path, "wb");
	if (!f)
		return -1;
	for (p = 0; p < NB * PPB; p++) {
		for (i = 0; i < PS; i++)
			rec[i] = (uint8_t)(p * 7 + i * 13 + (i >> 8));
		memset(rec + PS, 0xff, OOB);
		mm_ecc_encode(ecc, rec, rec + PS);
		if (p == 2 * PPB)
			rec[PS + 5] = 0;	/* block 2 bad */
		if (p % 3 == 1)
			rec[p % PS] ^= 0x10;	/* correctable */
		if (p % 7 == 5)
			rec[p % PS] ^= 0x0c;	/* uncorrectable */
		if (fwrite(rec, 1, sizeof(rec), f) != sizeof(rec))
			break;
	}
	if (fclose(f))
		return -1;
	memset(&o, 0, sizeof(o));
	o.format = "oob";
	o.geom = g;
	o.oob_size_set = true;
	o.bbm.offset = -1;
	o.bbm.pages = MM_BBM_DEFAULT_PAGES;
	return mm_dump_open(&dump, path, &o);
}

static int hook_correct(void *arg, uint64_t page, uint8_t *data, uint8_t *oob)
{
	struct mm_ecc_stat st = { 0 };
	enum mm_page_state state;
	int ret;

	ret = mm_ecc_correct_page(arg, page, data, oob, &st, &state);
	if (ret)
		return ret;
	if (state == MM_PAGE_UNCORRECTABLE)
		return -EBADMSG;
	if (state == MM_PAGE_CORRECTED)
		return st.corrected_bits ? (int)st.corrected_bits : 1;
	return 0;
}

static int hook_encode(void *arg, uint64_t page, const uint8_t *data,
		       uint8_t *oob)
{
	(void)page;
	return mm_ecc_encode(arg, data, oob);
}

static void *send_all(void *arg)
{
	struct sent *s = arg;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (send(s->fd, s->msg[i], s->len[i], MSG_NOSIGNAL) < 0)
			break;
	shutdown(s->fd, SHUT_WR);
	return NULL;
}

/* The payload a successful reply to @op may carry: [min, max] bytes. */
static void payload_size(uint32_t op, uint32_t max_io, size_t *min,
			 size_t *max)
{
	*min = *max = 0;
	switch (op) {
	case MUSE_INIT:
		*min = sizeof(struct muse_init_out);
		*max = *min + MUSE_INIT_INFO_MAX;
		break;
	case MUSE_READ:
		*min = sizeof(struct muse_read_out);
		*max = *min + max_io;
		break;
	case MUSE_WRITE:
		*min = *max = sizeof(struct muse_write_out);
		break;
	case MUSE_ISBAD:
		*min = *max = sizeof(struct muse_isbad_out);
		break;
	}
}

static void check_reply(const struct sent *s, const uint8_t *r, ssize_t n)
{
	const struct fuse_out_header *oh = (const void *)r;
	size_t i, min, max;

	if (n < (ssize_t)sizeof(*oh) || oh->len != (uint32_t)n)
		abort();
	if (oh->error > 0 || oh->error < -511)
		abort();
	if (oh->error && n != sizeof(*oh))
		abort();	/* an error is the header alone */
	for (i = 0; i < s->n; i++)
		if (s->unique[i] == oh->unique)
			break;
	if (i == s->n)
		abort();	/* a unique that was never sent */
	if (oh->error)
		return;
	payload_size(s->opcode[i], s->max_io, &min, &max);
	for (; i < s->n; i++)	/* a repeated unique: any of its opcodes */
		if (s->unique[i] == oh->unique) {
			payload_size(s->opcode[i], s->max_io, &min, &max);
			if ((size_t)n - sizeof(*oh) >= min &&
			    (size_t)n - sizeof(*oh) <= max)
				return;
		}
	abort();
}

static void *recv_all(void *arg)
{
	struct sent *s = arg;
	uint8_t *r = malloc(MSG_MAX + 4096);
	ssize_t n;

	if (!r)
		return NULL;
	while ((n = recv(s->fd, r, MSG_MAX + 4096, 0)) > 0)
		check_reply(s, r, n);
	free(r);
	return NULL;
}

static uint8_t *add(struct sent *s, size_t len)
{
	uint8_t *m;

	if (s->n == MAX_MSGS || !(m = calloc(1, len ? len : 1)))
		return NULL;
	s->msg[s->n] = m;
	s->len[s->n] = len;
	s->n++;
	return m;
}

/* One request as the kernel would send it. */
static void add_request(struct sent *s, struct fz *in, uint8_t kind)
{
	uint32_t op = opcodes[kind & 7];
	struct fuse_in_header *ih;
	size_t alen = 0, dlen = 0;
	uint64_t addr = (uint64_t)fz_u16(in) * 16, len = fz_u16(in);
	uint32_t flags = fz_u8(in);
	uint8_t *m, *a;

	switch (op) {
	case MUSE_INIT:
		alen = sizeof(struct muse_init_in);
		break;
	case MUSE_ERASE:
	case MUSE_READ:
		alen = 24;
		break;
	case MUSE_WRITE:
		alen = sizeof(struct muse_write_in);
		dlen = fz_u16(in) % (MSG_MAX / 2);
		break;
	case MUSE_MARKBAD:
	case MUSE_ISBAD:
	case FUSE_INTERRUPT:
		alen = 8;
		break;
	}
	m = add(s, sizeof(*ih) + alen + dlen);
	if (!m)
		return;
	ih = (void *)m;
	ih->len = (uint32_t)(sizeof(*ih) + alen + dlen);
	ih->opcode = op;
	ih->unique = 2 * s->n + (op == FUSE_INTERRUPT);
	ih->nodeid = op == MUSE_INIT || op == FUSE_INTERRUPT ? 0 : 1;
	a = m + sizeof(*ih);
	if (op == MUSE_INIT) {
		((struct muse_init_in *)a)->fuse_major = kind & 8 ? kind : 7;
		((struct muse_init_in *)a)->fuse_minor = 34;
	} else if (alen >= 8) {
		memcpy(a, &addr, 8);
	}
	if (alen >= 16)
		memcpy(a + 8, &len, 8);
	if (alen >= 24)
		memcpy(a + 16, &flags, 4);
	while (dlen--)
		a[alen + dlen] = fz_u8(in);
	s->unique[s->n - 1] = ih->unique;
	s->opcode[s->n - 1] = op;
}

static void add_raw(struct sent *s, struct fz *in)
{
	size_t len = fz_u16(in), i;
	const struct fuse_in_header *ih;
	uint8_t *m;

	if (len > in->n)
		len = in->n;
	m = add(s, len);
	if (!m)
		return;
	for (i = 0; i < len; i++)
		m[i] = fz_u8(in);
	ih = (const void *)m;
	s->unique[s->n - 1] = len >= 16 ? ih->unique : 0;
	s->opcode[s->n - 1] = len >= 8 ? ih->opcode : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mm_overlay_ident id = { .dump_size = 1, .format = "oob" };
	struct fz in = { data, size };
	struct mm_srv_opts o;
	struct mm_overlay *ov = NULL;
	struct mm_record *rec = NULL;
	struct mm_faults *faults = NULL;
	static struct sent s;
	struct mm_srv srv;
	pthread_t ts, tr;
	char msg[256];
	uint8_t flags, b1;
	int sv[2];
	size_t i;

	if (!ready) {
		if (setup())
			abort();
		ready = true;
	}
	if (size < 2)
		return 0;
	flags = fz_u8(&in);
	b1 = fz_u8(&in);
	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	o.name = "fuzz";
	o.threads = 1;
	o.subpage_shift = -1;
	o.max_io = max_ios[b1 & 3];
	o.mtdparts = parts[(b1 >> 2) & 3];
	o.writable = flags & 1;
	if (flags & 2) {
		o.ecc_correct = hook_correct;
		o.ecc_encode = hook_encode;
		o.ecc_arg = ecc;
		o.layout = mm_ecc_layout(ecc);
		o.ecc_strength = 1;
		o.ecc_step_size = 256;
	}
	if (o.writable &&
	    mm_overlay_open(&ov, NULL, &dump.geom, &id, msg, sizeof(msg)))
		return 0;
	if ((flags & 4) && !mm_faults_new(&faults)) {
		mm_faults_set_seed(faults, b1);
		if (mm_faults_add(faults, "flips:rate=1e-3", msg,
				  sizeof(msg)) ||
		    mm_faults_add(faults, "program-fail:p=0.1", msg,
				  sizeof(msg)) ||
		    mm_faults_add(faults, "grow-bad:block=5,erases=2", msg,
				  sizeof(msg)) ||
		    mm_faults_setup(faults, &dump.geom, 256, msg, sizeof(msg)))
			abort();
		o.faults = faults;
	}
	/* a new log each time: an input must not depend on the one before */
	if ((flags & 8) && o.writable && fz_path("srv.log") &&
	    (unlink(fz_path("srv.log")) == 0 || errno == ENOENT) &&
	    !mm_record_open(&rec, fz_path("srv.log"), &dump.geom, &id, msg,
			    sizeof(msg)))
		o.record = rec;
	if (mm_srv_init(&srv, &dump, ov, &o, msg, sizeof(msg)))
		goto out;
	s.max_io = srv.max_io;
	if (flags & 0x10)
		add_request(&s, &(struct fz){ (const uint8_t *)"\0\0\0\0\0",
					     5 }, 0);
	while (in.n && s.n < MAX_MSGS) {
		uint8_t kind = fz_u8(&in);

		if (kind < 0x80)
			add_request(&s, &in, kind);
		else
			add_raw(&s, &in);
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		goto out_srv;
	s.fd = sv[0];
	if (pthread_create(&ts, NULL, send_all, &s))
		goto out_close;
	if (pthread_create(&tr, NULL, recv_all, &s)) {
		pthread_join(ts, NULL);
		goto out_close;
	}
	(void)mm_srv_run(&srv, sv[1]);
	close(sv[1]);
	sv[1] = -1;
	pthread_join(ts, NULL);
	pthread_join(tr, NULL);
out_close:
	close(sv[0]);
	if (sv[1] >= 0)
		close(sv[1]);
out_srv:
	mm_srv_destroy(&srv);
out:
	for (i = 0; i < s.n; i++)
		free(s.msg[i]);
	mm_record_close(rec);
	mm_faults_free(faults);
	mm_overlay_close(ov);
	return 0;
}
