// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mm-peer.c - plays the kernel's side of MUSE against `muse-mount --muse-fd`.
 *
 * It creates a socketpair(AF_UNIX, SOCK_SEQPACKET) (one message per read
 * and per write, like /dev/muse), starts $MM_BIN (or --bin) with the other
 * end as --muse-fd, sends the requests of a script and checks every reply
 * against the protocol's rules (shared docs/muse-protocol.md):
 *  - size >= 16, out.len == bytes received, unique == the request's;
 *  - error 0 or -1..-511; an error reply is exactly 16 bytes;
 *  - success sizes: INIT 32+L (L <= 4096, last byte NUL, §5.3/§5.4 checks),
 *    READ 32+n with len == n, WRITE 32 with len == n, ISBAD 24 with result
 *    0/1, ERASE/MARKBAD/SYNC 16;
 *  - soft_error 0, -EUCLEAN or -EBADMSG on reads, 0 on writes.
 * Data is compared with a model of the flash built from the dump file
 * (page + OOB records, or data only) and updated with the flash rules
 * (program = AND, erase = 0xFF) as the script writes and erases.
 *
 * Usage: mm-peer --page-size N --oob-size N --ppb N [--free OFF:LEN,...]
 *                [--no-model] [--bin PATH] [--script FILE] DUMP -- SERVER-ARGS...
 * (--no-model: only the dump's size is used; replies are checked for form,
 * not content — for benchmarks on large dumps)
 * The server is run as: BIN --muse-fd FD SERVER-ARGS...
 *
 * Script commands (one per line, '#' comments; numbers in C syntax;
 * a trailing !ERRNO, e.g. !EINVAL, expects that header-only error; on
 * reads ~EUCLEAN, ~EBADMSG or ~0 expects that soft_error, and ? skips the
 * comparison with the model):
 *   init [MINOR]            INIT 7.MINOR (default 33); check the reply
 *   expect KEY VALUE        the INIT blob has KEY=VALUE ("-": KEY absent)
 *   read ADDR LEN MODE      MODE: inband, raw, auto, place, oobraw or a
 *                           number; data compared with the model
 *   readhex ADDR LEN MODE HEX  also the bytes must be HEX (known values)
 *   write ADDR LEN MODE PAT PAT: a hex byte, inc, or rand:SEED
 *   erase ADDR LEN
 *   isbad ADDR RESULT
 *   markbad ADDR
 *   sync
 *   op OPCODE ARGLEN        any opcode with ARGLEN zero argument bytes
 *   short OPCODE NBYTES     a request of that opcode cut to NBYTES bytes
 *   badlen OPCODE DELTA     header len off by DELTA from the bytes sent
 *   interrupt               FUSE_INTERRUPT: no reply, or -ENOSYS/-EAGAIN
 *   random N SEED           N random reads in every mode
 *   burst N SEED            N reads outstanding at once, matched by unique
 *   wburst N SEED           N writes outstanding at once (AND commutes)
 *   fuzz N SEED             N random/malformed requests, each one valid reply
 *   term                    SIGTERM the server: it must exit 0
 *   rate SECS LEN MODE [write|random]  requests for SECS seconds; prints
 *                           the rate (benchmarks)
 *   rss                     print the server's VmHWM and VmRSS
 *   status                  print the server's Uid, Gid, Groups, CapEff,
 *                           NoNewPrivs and Seccomp lines (the sandbox)
 *   crash TRIALS SEED [WINDOW [LEDGER]]  the kill -9 campaign: writes and
 *                           erases (WINDOW outstanding), SIGKILL at a random
 *                           moment, restart, every acknowledged change there
 *                           and each one in doubt whole or absent (per page;
 *                           per block for an erase); LEDGER: one line per
 *                           change (ack, doubt, applied, dropped)
 *   fillup MAXPAGES SEED    program pages from page 0 on until one write is
 *                           refused with -EIO (overlay full or failing)
 *   shell CMD...            run CMD with sh -c; it must succeed
 *   kill                    SIGKILL the server and reap it
 *   restart                 start the server again (same arguments)
 *   close                   close our end; the server must exit 0
 *   silence MS              no message may arrive within MS ms
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The wire structs are declared here again on purpose: the peer is an
 * independent reading of the protocol document, not a copy of the server. */
struct in_hdr {
	uint32_t len, opcode;
	uint64_t unique, nodeid;
	uint32_t uid, gid, pid, padding;
};

struct out_hdr {
	uint32_t len;
	int32_t error;
	uint64_t unique;
};

_Static_assert(sizeof(struct in_hdr) == 40, "in_hdr");
_Static_assert(sizeof(struct out_hdr) == 16, "out_hdr");

enum {
	OP_INTERRUPT = 36, OP_INIT = 8192, OP_ERASE, OP_READ, OP_WRITE,
	OP_MARKBAD, OP_ISBAD, OP_SYNC,
};

#define IO_INBAND	1
#define IO_AUTO		2
#define IO_PLACE	4
#define IO_RAW		8

#define MAX_MSG		(1u << 20)
#define REPLY_TIMEOUT	10000	/* ms */

static struct {
	uint32_t ps, oob, ppb;
	uint64_t nblocks, npages, size;
	uint16_t free_off[16], free_len[16];
	unsigned int nfree;
	uint32_t oobavail;
	uint8_t *data;		/* npages * ps */
	uint8_t *spare;		/* npages * oob */
} m;

static const char *bin;
static bool no_model;		/* --no-model: sizes only, no data checks */
static char **srv_args;
static int nsrv_args;
static int sock = -1;
static pid_t child = -1;
static uint64_t next_unique = 2;
static unsigned long nreq, lineno;
static uint8_t *rbuf, *sbuf;
static char blob[4097];
static size_t blob_len;
static uint32_t max_read, max_write;
static bool inited;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						       noreturn));

static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mm-peer: line %lu: ", lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (child > 0)
		kill(child, SIGKILL);
	exit(1);
}

/* ---- the model ---- */

static void set_default_free(void)
{
	/* The kernel's layouts for software Hamming (nand_base.c). */
	m.nfree = 0;
	if (m.oob == 16) {
		m.free_off[0] = 8;
		m.free_len[0] = 8;
		m.nfree = 1;
	} else if (m.oob == 64 && m.ps == 2048) {
		m.free_off[0] = 2;
		m.free_len[0] = 38;
		m.nfree = 1;
	} else if (m.oob == 128 && m.ps == 4096) {
		m.free_off[0] = 2;
		m.free_len[0] = 78;
		m.nfree = 1;
	} else if (m.oob) {
		m.free_off[0] = 2;
		m.free_len[0] = m.oob - 2;
		m.nfree = 1;
	}
}

static int free_byte(uint32_t n)
{
	unsigned int i;

	for (i = 0; i < m.nfree; i++) {
		if (n < m.free_len[i])
			return m.free_off[i] + n;
		n -= m.free_len[i];
	}
	return -1;
}

static void load_model(const char *path)
{
	uint32_t rec = m.ps + m.oob;
	struct stat st;
	uint64_t p;
	FILE *f;

	f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &st))
		fail("%s: %s", path, strerror(errno));
	if (st.st_size % rec || !st.st_size)
		fail("%s: size %lld is not a multiple of %u", path,
		     (long long)st.st_size, rec);
	m.npages = st.st_size / rec;
	if (m.npages % m.ppb)
		fail("%s: not whole eraseblocks", path);
	m.nblocks = m.npages / m.ppb;
	m.size = m.npages * m.ps;
	if (no_model) {
		fclose(f);
		goto out_avail;
	}
	m.data = malloc(m.npages * m.ps);
	m.spare = malloc(m.npages * m.oob + 1);
	if (!m.data || !m.spare)
		fail("out of memory");
	for (p = 0; p < m.npages; p++) {
		if (fread(m.data + p * m.ps, 1, m.ps, f) != m.ps ||
		    fread(m.spare + p * m.oob, 1, m.oob, f) != m.oob)
			fail("%s: short read", path);
	}
	fclose(f);
out_avail:
	m.oobavail = 0;
	for (unsigned int i = 0; i < m.nfree; i++)
		m.oobavail += m.free_len[i];
}

/* Expected bytes of a read (or the model's update for a write). */
static void model_io(uint64_t addr, uint64_t len, uint32_t flags,
		     uint8_t *buf, bool write)
{
	uint64_t i;

	if (no_model)
		return;
	if (flags & IO_INBAND) {
		for (i = 0; i < len; i++) {
			uint8_t *b = &m.data[addr + i];

			if (write)
				*b &= buf[i];
			else
				buf[i] = *b;
		}
		return;
	}
	uint64_t page = addr / m.ps;
	uint32_t col = addr % m.ps;
	uint32_t per = flags & IO_AUTO ? m.oobavail : m.oob;

	for (i = 0; i < len; i++) {
		uint32_t c = col + i;
		uint64_t pg = page + c / per;
		int off = flags & IO_AUTO ? free_byte(c % per) : (int)(c % per);
		uint8_t *b = &m.spare[pg * m.oob + off];

		if (write)
			*b &= buf[i];
		else
			buf[i] = *b;
	}
}

/* ---- transport ---- */

static void start_server(void)
{
	int sv[2], i;
	char fdarg[16];
	char **argv;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		fail("socketpair: %s", strerror(errno));
	argv = calloc(nsrv_args + 4, sizeof(*argv));
	if (!argv)
		fail("out of memory");
	child = fork();
	if (child < 0)
		fail("fork: %s", strerror(errno));
	if (!child) {
		int fd = dup(sv[1]);	/* without O_CLOEXEC */

		snprintf(fdarg, sizeof(fdarg), "%d", fd);
		argv[0] = (char *)bin;
		argv[1] = "--muse-fd";
		argv[2] = fdarg;
		for (i = 0; i < nsrv_args; i++)
			argv[3 + i] = srv_args[i];
		execv(bin, argv);
		fprintf(stderr, "mm-peer: %s: %s\n", bin, strerror(errno));
		_exit(127);
	}
	free(argv);
	close(sv[1]);
	sock = sv[0];
	inited = false;
}

static void send_msg(const void *buf, size_t len)
{
	ssize_t r = send(sock, buf, len, MSG_NOSIGNAL);

	if (r < 0 || (size_t)r != len)
		fail("send of %zu bytes: %s", len, r < 0 ? strerror(errno) :
		     "short");
	nreq++;
}

/* Wait for one reply; returns its size, 0 on timeout. */
static size_t recv_msg(int timeout)
{
	struct pollfd pfd = { .fd = sock, .events = POLLIN };
	ssize_t r;
	int pr;

	pr = poll(&pfd, 1, timeout);
	if (pr < 0)
		fail("poll: %s", strerror(errno));
	if (!pr)
		return 0;
	r = recv(sock, rbuf, MAX_MSG + 4096, MSG_TRUNC);
	if (r < 0)
		fail("recv: %s", strerror(errno));
	if (r == 0)
		fail("the server closed the connection");
	if (r > (ssize_t)(MAX_MSG + 4096))
		fail("reply of %zd bytes is larger than any valid reply", r);
	return r;
}

/* The generic rules every reply must follow. */
static const struct out_hdr *check_reply(size_t n, uint64_t unique)
{
	const struct out_hdr *oh = (const void *)rbuf;

	if (n < sizeof(*oh))
		fail("reply of %zu bytes is shorter than the 16-byte header", n);
	if (oh->len != n)
		fail("reply header len %u but %zu bytes were written", oh->len,
		     n);
	if (oh->unique == 0)
		fail("reply with unique 0 (notifications are not defined)");
	if (unique && oh->unique != unique)
		fail("reply for unique %" PRIu64 ", expected %" PRIu64,
		     oh->unique, unique);
	if (oh->error > 0 || oh->error < -511)
		fail("reply error %d is not 0 or -1..-511", oh->error);
	if (oh->error && n != sizeof(*oh))
		fail("error reply (%d) of %zu bytes, must be exactly 16",
		     oh->error, n);
	return oh;
}

static const struct out_hdr *wait_reply(uint64_t unique)
{
	size_t n = recv_msg(REPLY_TIMEOUT);

	if (!n)
		fail("no reply to unique %" PRIu64 " within %d ms", unique,
		     REPLY_TIMEOUT);
	return check_reply(n, unique);
}

static size_t build(uint32_t opcode, const void *args, size_t alen,
		    const void *data, size_t dlen, uint64_t *unique)
{
	struct in_hdr *ih = (void *)sbuf;

	memset(ih, 0, sizeof(*ih));
	ih->len = sizeof(*ih) + alen + dlen;
	ih->opcode = opcode;
	ih->unique = *unique = next_unique;
	next_unique += 2;
	ih->nodeid = opcode == OP_INIT ? 0 : 1;
	ih->uid = getuid();
	ih->gid = getgid();
	ih->pid = getpid();
	ih->padding = 0xdeadbeef;	/* the kernel leaves padding as is */
	if (alen)
		memcpy(sbuf + sizeof(*ih), args, alen);
	if (dlen)
		memcpy(sbuf + sizeof(*ih) + alen, data, dlen);
	return ih->len;
}

/* ---- helpers for the commands ---- */

static int err_of(const char *s)
{
	static const struct {
		const char *n;
		int e;
	} t[] = {
		{ "EIO", EIO }, { "EINVAL", EINVAL }, { "EROFS", EROFS },
		{ "ENOSYS", ENOSYS }, { "EPROTO", EPROTO },
		{ "EBADMSG", EBADMSG }, { "EUCLEAN", EUCLEAN },
		{ "ENODEV", ENODEV }, { "ENOSPC", ENOSPC },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(s, t[i].n))
			return t[i].e;
	fail("unknown errno name '%s'", s);
}

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v;

	if (!s)
		fail("missing number");
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		fail("bad number '%s'", s);
	return v;
}

static uint32_t mode_of(const char *s)
{
	if (!s)
		fail("missing mode");
	if (!strcmp(s, "inband"))
		return IO_INBAND;
	if (!strcmp(s, "raw"))
		return IO_INBAND | IO_RAW;
	if (!strcmp(s, "auto"))
		return IO_AUTO;
	if (!strcmp(s, "place"))
		return IO_PLACE;
	if (!strcmp(s, "oobraw"))
		return IO_PLACE | IO_RAW;
	return num(s);
}

static void fill(uint8_t *buf, size_t len, const char *pat)
{
	size_t i;

	if (!pat)
		fail("missing pattern");
	if (!strcmp(pat, "inc")) {
		for (i = 0; i < len; i++)
			buf[i] = i;
	} else if (!strncmp(pat, "rand:", 5)) {
		srandom(num(pat + 5));
		for (i = 0; i < len; i++)
			buf[i] = random();
	} else {
		memset(buf, (int)num(pat), len);
	}
}

static void expect_err(const struct out_hdr *oh, int want, const char *what)
{
	if (want && oh->error != -want)
		fail("%s: error %d, expected %d", what, oh->error, -want);
	if (!want && oh->error)
		fail("%s: unexpected error %d (%s)", what, oh->error,
		     strerror(-oh->error));
}

/* ---- INIT ---- */

static const char *blob_get(const char *key)
{
	const char *p = blob, *end = blob + blob_len, *v = NULL;
	size_t kl = strlen(key);

	while (p < end) {
		size_t l = strnlen(p, end - p);

		if (l > kl && !strncmp(p, key, kl) && p[kl] == '=')
			v = p + kl + 1;	/* the last one wins */
		p += l + 1;
	}
	return v;
}

static uint64_t blob_num(const char *key, bool required, uint64_t def)
{
	const char *v = blob_get(key);
	uint64_t r = 0;
	const char *p;

	if (!v) {
		if (required)
			fail("INIT blob has no %s", key);
		return def;
	}
	if (!*v)
		fail("INIT %s is empty", key);
	for (p = *v == '+' ? v + 1 : v; *p; p++) {
		if (*p < '0' || *p > '9')
			fail("INIT %s='%s' is not decimal", key, v);
		r = r * 10 + (*p - '0');
	}
	return r;
}

static void check_init_reply(const struct out_hdr *oh, size_t n)
{
	const uint32_t *io = (const uint32_t *)(rbuf + sizeof(*oh));
	uint64_t size, ws, wbs, es, oob, avail, flags, type, sub;
	const char *p, *end;

	if (n < 32)
		fail("INIT reply of %zu bytes (< 32)", n);
	if (n - 32 > 4096)
		fail("INIT blob of %zu bytes (> 4096)", n - 32);
	if (io[0] != 7 || io[1] < 34)
		fail("INIT reply version %u.%u (need 7.>=34)", io[0], io[1]);
	blob_len = n - 32;
	memcpy(blob, rbuf + 32, blob_len);
	blob[blob_len] = '\0';
	if (blob_len && blob[blob_len - 1] != '\0')
		fail("INIT blob is not NUL-terminated");
	for (p = blob, end = blob + blob_len; p < end; p += strlen(p) + 1) {
		if (!*p)
			continue;
		if (strchr(p, '\t') || strchr(p, '\n'))
			fail("INIT entry '%s' has a tab or newline", p);
		if (*p == '=' || !strchr(p, '='))
			fail("INIT entry '%s' is not KEY=VALUE", p);
	}
	if (!blob_get("NAME"))
		fail("INIT blob has no NAME");
	size = blob_num("SIZE", true, 0);
	ws = blob_num("WRITESIZE", true, 0);
	es = blob_num("ERASESIZE", true, 0);
	wbs = blob_num("WRITEBUFSIZE", false, ws);
	oob = blob_num("OOBSIZE", false, 0);
	avail = blob_num("OOBAVAIL", false, 0);
	flags = blob_num("FLAGS", false, 0);
	type = blob_num("TYPE", true, 0);
	sub = blob_num("SUBPAGESHIFT", false, 0);
	if (!size || !ws || !es)
		fail("INIT SIZE/WRITESIZE/ERASESIZE must be non-zero");
	if (size % ws || size % es)
		fail("INIT SIZE is not a multiple of WRITESIZE and ERASESIZE");
	if (avail > oob || oob >= ws)
		fail("INIT OOBAVAIL %" PRIu64 " / OOBSIZE %" PRIu64 " / WRITESIZE %" PRIu64 " inconsistent",
		     avail, oob, ws);
	if (flags & ~(uint64_t)0x1c00)
		fail("INIT FLAGS %" PRIu64 " has bits outside 0x1c00", flags);
	if (sub > 2)
		fail("INIT SUBPAGESHIFT %" PRIu64 " > 2", sub);
	if (type != 1 && type != 2 && type != 3 && type != 4 && type != 6 &&
	    type != 8)
		fail("INIT TYPE %" PRIu64 " is not accepted by the kernel", type);
	max_read = io[2] < 4096 ? 4096 : io[2];
	max_write = io[3] < 4096 ? 4096 : io[3];
	if (max_read < wbs || max_write < wbs)
		fail("INIT max_read/max_write below WRITEBUFSIZE");
	if (size != m.size)
		fail("INIT SIZE %" PRIu64 ", the dump holds %" PRIu64, size,
		     m.size);
}

static void cmd_init(char **av, int ac, int want)
{
	uint32_t args[2] = { 7, ac > 1 ? (uint32_t)num(av[1]) : 33 };
	const struct out_hdr *oh;
	uint64_t u;
	size_t n;

	send_msg(sbuf, build(OP_INIT, args, sizeof(args), NULL, 0, &u));
	n = recv_msg(REPLY_TIMEOUT);
	if (!n)
		fail("no INIT reply");
	oh = check_reply(n, u);
	expect_err(oh, want, "INIT");
	if (!oh->error) {
		check_init_reply(oh, n);
		inited = true;
	}
}

static void cmd_expect(char **av, int ac)
{
	char want[1024] = "";
	const char *v;
	int i;

	if (ac < 3)
		fail("expect KEY VALUE");
	/* The value may hold spaces: the rest of the line, single-spaced. */
	for (i = 2; i < ac; i++) {
		if (i > 2)
			strncat(want, " ", sizeof(want) - strlen(want) - 1);
		strncat(want, av[i], sizeof(want) - strlen(want) - 1);
	}
	av[2] = want;
	v = blob_get(av[1]);
	if (!strcmp(av[2], "-")) {
		if (v)
			fail("INIT %s='%s', expected absent", av[1], v);
		return;
	}
	if (!v)
		fail("INIT has no %s, expected '%s'", av[1], av[2]);
	if (strcmp(v, av[2]))
		fail("INIT %s='%s', expected '%s'", av[1], v, av[2]);
}

/* ---- I/O ---- */

/* Set per command: ~ERR expects that soft_error, ? skips the data check. */
static int want_soft = -1;
static bool no_data_check;

static void check_read_reply(const struct out_hdr *oh, size_t n,
			     uint64_t addr, uint64_t len, uint32_t flags,
			     int want)
{
	const uint8_t *got = rbuf + 32;
	uint8_t *exp;
	uint64_t i;
	int32_t soft;

	expect_err(oh, want, "READ");
	if (oh->error)
		return;
	if (n != 32 + len)
		fail("READ reply of %zu bytes, expected %" PRIu64, n, 32 + len);
	if (*(const uint64_t *)(rbuf + 16) != len)
		fail("READ reply len %" PRIu64 ", requested %" PRIu64,
		     *(const uint64_t *)(rbuf + 16), len);
	soft = *(const int32_t *)(rbuf + 24);
	if (soft != 0 && soft != -EUCLEAN && soft != -EBADMSG)
		fail("READ soft_error %d", soft);
	if (want_soft >= 0 && soft != -want_soft)
		fail("READ 0x%" PRIx64 "+%" PRIu64 ": soft_error %d, expected %d",
		     addr, len, soft, -want_soft);
	if (no_data_check || no_model)
		return;
	exp = malloc(len);
	if (!exp)
		fail("out of memory");
	model_io(addr, len, flags, exp, false);
	for (i = 0; i < len; i++)
		if (got[i] != exp[i])
			fail("READ 0x%" PRIx64 "+%" PRIu64 " flags %u: byte %" PRIu64 " is 0x%02x, expected 0x%02x",
			     addr, len, flags, i, got[i], exp[i]);
	free(exp);
}

static void do_read(uint64_t addr, uint64_t len, uint32_t flags, int want)
{
	uint64_t args[3] = { addr, len, flags };
	const struct out_hdr *oh;
	uint64_t u;
	size_t n;

	send_msg(sbuf, build(OP_READ, args, 24, NULL, 0, &u));
	n = recv_msg(REPLY_TIMEOUT);
	if (!n)
		fail("no reply to READ");
	oh = check_reply(n, u);
	check_read_reply(oh, n, addr, len, flags, want);
}

static void cmd_write(char **av, int ac, int want)
{
	uint64_t args[3], u;
	const struct out_hdr *oh;
	uint8_t *data;
	uint64_t len;

	if (ac < 5)
		fail("write ADDR LEN MODE PATTERN");
	args[0] = num(av[1]);
	len = args[1] = num(av[2]);
	args[2] = mode_of(av[3]);
	if (len > 65536)
		fail("test writes are limited to 64 KiB");
	data = malloc(len + 1);
	if (!data)
		fail("out of memory");
	fill(data, len, av[4]);
	send_msg(sbuf, build(OP_WRITE, args, 24, data, len, &u));
	oh = wait_reply(u);
	expect_err(oh, want, "WRITE");
	if (!oh->error) {
		if (oh->len != 32)
			fail("WRITE reply of %u bytes, expected 32", oh->len);
		if (*(const uint64_t *)(rbuf + 16) != len)
			fail("WRITE reply len %" PRIu64 ", requested %" PRIu64,
			     *(const uint64_t *)(rbuf + 16), len);
		if (*(const int32_t *)(rbuf + 24))
			fail("WRITE soft_error %d", *(const int32_t *)(rbuf + 24));
		model_io(args[0], len, args[2], data, true);
	}
	free(data);
}

static void cmd_erase(char **av, int ac, int want)
{
	uint64_t args[2], u, b;
	const struct out_hdr *oh;

	if (ac < 3)
		fail("erase ADDR LEN");
	args[0] = num(av[1]);
	args[1] = num(av[2]);
	send_msg(sbuf, build(OP_ERASE, args, 16, NULL, 0, &u));
	oh = wait_reply(u);
	expect_err(oh, want, "ERASE");
	if (oh->error)
		return;
	if (oh->len != 16)
		fail("ERASE reply of %u bytes", oh->len);
	for (b = args[0] / (m.ps * m.ppb);
	     b < (args[0] + args[1]) / (m.ps * m.ppb); b++) {
		memset(m.data + b * m.ppb * m.ps, 0xff, m.ppb * m.ps);
		memset(m.spare + b * m.ppb * m.oob, 0xff, m.ppb * m.oob);
	}
}

static void cmd_isbad(char **av, int ac, int want)
{
	uint64_t a, u;
	const struct out_hdr *oh;

	if (ac < 3 && !want)
		fail("isbad ADDR RESULT");
	a = num(av[1]);
	send_msg(sbuf, build(OP_ISBAD, &a, 8, NULL, 0, &u));
	oh = wait_reply(u);
	expect_err(oh, want, "ISBAD");
	if (oh->error)
		return;
	if (oh->len != 24)
		fail("ISBAD reply of %u bytes, expected 24", oh->len);
	if (*(const uint32_t *)(rbuf + 16) > 1)
		fail("ISBAD result %u", *(const uint32_t *)(rbuf + 16));
	if (*(const uint32_t *)(rbuf + 16) != num(av[2]))
		fail("ISBAD 0x%" PRIx64 " = %u, expected %s", a,
		     *(const uint32_t *)(rbuf + 16), av[2]);
}

static void cmd_simple(uint32_t op, const void *args, size_t alen, int want)
{
	const struct out_hdr *oh;
	uint64_t u;

	send_msg(sbuf, build(op, args, alen, NULL, 0, &u));
	oh = wait_reply(u);
	expect_err(oh, want, op == OP_SYNC ? "SYNC" : op == OP_MARKBAD ?
		   "MARKBAD" : "request");
	if (!oh->error && (op == OP_SYNC || op == OP_MARKBAD) && oh->len != 16)
		fail("reply of %u bytes, expected 16", oh->len);
}

static void cmd_short(char **av, int ac, int want, int delta)
{
	uint8_t args[64] = { 0 };
	const struct out_hdr *oh;
	uint32_t op;
	size_t len, n;
	uint64_t u, v;

	if (ac < 3)
		fail("short|badlen OPCODE N");
	op = num(av[1]);
	v = 7;
	memcpy(args, &v, 4);	/* an INIT's fuse_major */
	len = build(op, args, op == OP_INIT ? 8 : op == OP_SYNC ? 0 :
		    op == OP_READ || op == OP_WRITE ? 24 : 16, NULL, 0, &u);
	if (delta) {
		((struct in_hdr *)sbuf)->len += strtol(av[2], NULL, 0);
	} else {
		n = num(av[2]);
		if (n > len)
			fail("short: %zu is not shorter than %zu", n, len);
		len = n;
	}
	send_msg(sbuf, len);
	if (len < 16)
		return;	/* no unique to answer to */
	oh = wait_reply(u);
	expect_err(oh, want ? want : EIO, "truncated request");
}

/* A cheap deterministic generator (xorshift). */
static uint64_t rnd_state;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void random_req(uint64_t *addr, uint64_t *len, uint32_t *flags)
{
	static const uint32_t modes[] = { 1, 9, 2, 4, 12 };

	*flags = m.oob ? modes[rnd() % 5] : modes[rnd() % 2];
	if (*flags & IO_INBAND) {
		*len = 1 + rnd() % (rnd() % 4 ? m.ps * 2 : 65536);
		if (*len > m.size)
			*len = m.size;
		*addr = rnd() % (m.size - *len + 1);
		return;
	}
	uint32_t per = *flags & IO_AUTO ? m.oobavail : m.oob;
	uint64_t page = rnd() % m.npages, maxlen;
	uint32_t col = rnd() % per;

	maxlen = (m.npages - page) * per - col;
	*len = 1 + rnd() % (4 * per);
	if (*len > maxlen)
		*len = maxlen;
	*addr = page * m.ps + col;
}

static void cmd_random(char **av, int ac)
{
	uint64_t i, n, addr, len;
	uint32_t flags;

	if (ac < 3)
		fail("random N SEED");
	n = num(av[1]);
	rnd_state = num(av[2]) | 1;
	for (i = 0; i < n; i++) {
		random_req(&addr, &len, &flags);
		do_read(addr, len, flags, 0);
	}
}

static void cmd_burst(char **av, int ac)
{
	struct req {
		uint64_t unique, addr, len;
		uint32_t flags;
		bool done;
	} *r;
	uint64_t i, n, j, args[3];
	const struct out_hdr *oh;
	size_t got;

	if (ac < 3)
		fail("burst N SEED");
	n = num(av[1]);
	rnd_state = num(av[2]) | 1;
	r = calloc(n, sizeof(*r));
	if (!r)
		fail("out of memory");
	for (i = 0; i < n; i++) {
		random_req(&r[i].addr, &r[i].len, &r[i].flags);
		args[0] = r[i].addr;
		args[1] = r[i].len;
		args[2] = r[i].flags;
		send_msg(sbuf, build(OP_READ, args, 24, NULL, 0,
				     &r[i].unique));
	}
	for (i = 0; i < n; i++) {
		got = recv_msg(REPLY_TIMEOUT);
		if (!got)
			fail("burst: %" PRIu64 " of %" PRIu64 " replies missing",
			     n - i, n);
		oh = check_reply(got, 0);
		for (j = 0; j < n; j++)
			if (r[j].unique == oh->unique && !r[j].done)
				break;
		if (j == n)
			fail("burst: reply for unknown or answered unique %" PRIu64,
			     oh->unique);
		r[j].done = true;
		check_read_reply(oh, got, r[j].addr, r[j].len, r[j].flags, 0);
	}
	free(r);
}

/* N writes outstanding at once. Programming is an AND, so the result does
 * not depend on the order the server applies them in. */
static void cmd_wburst(char **av, int ac)
{
	struct wreq {
		uint64_t unique, addr, len;
		uint32_t flags;
		uint8_t *data;
		bool done;
	} *r;
	uint64_t i, n, j, args[3];
	const struct out_hdr *oh;
	size_t got;

	if (ac < 3)
		fail("wburst N SEED");
	n = num(av[1]);
	rnd_state = num(av[2]) | 1;
	r = calloc(n, sizeof(*r));
	if (!r)
		fail("out of memory");
	for (i = 0; i < n; i++) {
		random_req(&r[i].addr, &r[i].len, &r[i].flags);
		r[i].data = malloc(r[i].len);
		if (!r[i].data)
			fail("out of memory");
		for (j = 0; j < r[i].len; j++)
			r[i].data[j] = rnd() | rnd();	/* mostly 1 bits */
		args[0] = r[i].addr;
		args[1] = r[i].len;
		args[2] = r[i].flags;
		send_msg(sbuf, build(OP_WRITE, args, 24, r[i].data, r[i].len,
				     &r[i].unique));
	}
	for (i = 0; i < n; i++) {
		got = recv_msg(REPLY_TIMEOUT);
		if (!got)
			fail("wburst: %" PRIu64 " of %" PRIu64 " replies missing",
			     n - i, n);
		oh = check_reply(got, 0);
		for (j = 0; j < n; j++)
			if (r[j].unique == oh->unique && !r[j].done)
				break;
		if (j == n)
			fail("wburst: reply for unknown or answered unique %" PRIu64,
			     oh->unique);
		r[j].done = true;
		expect_err(oh, 0, "WRITE");
		if (got != 32 || *(const uint64_t *)(rbuf + 16) != r[j].len)
			fail("wburst: WRITE reply of %zu bytes, len %" PRIu64,
			     got, *(const uint64_t *)(rbuf + 16));
		model_io(r[j].addr, r[j].len, r[j].flags, r[j].data, true);
	}
	for (i = 0; i < n; i++)
		free(r[i].data);
	free(r);
}

/*
 * N malformed or random requests: whatever they hold, each must get one
 * valid reply (messages under 16 bytes and interrupts get none), and the
 * server must go on serving. Changes are not sent (the model would not
 * follow): use it on a read-only server.
 */
static void cmd_fuzz(char **av, int ac)
{
	static const uint32_t ops[] = {
		OP_INIT, OP_ERASE, OP_READ, OP_WRITE, OP_MARKBAD, OP_ISBAD,
		OP_SYNC, 0, 15, 16, 8191, 8199, 0xffffffffu,
	};
	uint64_t i, n, u, a[3];
	struct in_hdr *ih = (void *)sbuf;
	const struct out_hdr *oh;
	size_t len, got, k;

	if (ac < 3)
		fail("fuzz N SEED");
	n = num(av[1]);
	rnd_state = num(av[2]) | 1;
	for (i = 0; i < n; i++) {
		uint32_t op = ops[rnd() % (sizeof(ops) / sizeof(ops[0]))];

		switch (rnd() % 4) {
		case 0:		/* anything */
			a[0] = rnd();
			a[1] = rnd();
			break;
		case 1:		/* near the end of the device */
			a[0] = m.size - rnd() % 4096;
			a[1] = rnd() % 8192;
			break;
		default:	/* plausible */
			a[0] = rnd() % m.size;
			a[1] = rnd() % 70000;
			break;
		}
		a[2] = rnd() % 4 ? rnd() % 16 : rnd();
		len = build(op, a, 24, NULL, 0, &u);
		if (rnd() % 3 == 0)
			len = 16 + rnd() % 80;		/* cut or padded */
		if (rnd() % 5 == 0)
			ih->len = rnd() % 200;		/* header lies */
		if (len > 64)
			memset(sbuf + 64, 0xa5, len - 64);
		send_msg(sbuf, len);
		got = recv_msg(len < 16 ? 100 : REPLY_TIMEOUT);
		if (!got) {
			if (len < 16)
				continue;
			fail("fuzz %" PRIu64 ": no reply to opcode %u, %zu bytes",
			     i, op, len);
		}
		oh = check_reply(got, u);
		if (oh->error)
			continue;
		k = got;
		if (op == OP_READ && (k != 32 + a[1] ||
				      *(const uint64_t *)(rbuf + 16) != a[1]))
			fail("fuzz %" PRIu64 ": READ of %" PRIu64 " answered with %zu bytes",
			     i, a[1], k);
		if (op == OP_ISBAD && k != 24)
			fail("fuzz %" PRIu64 ": ISBAD reply of %zu bytes", i, k);
		if ((op == OP_SYNC || op == OP_ERASE || op == OP_MARKBAD) &&
		    k != 16)
			fail("fuzz %" PRIu64 ": reply of %zu bytes", i, k);
		if (op == OP_WRITE)
			fail("fuzz %" PRIu64 ": a malformed WRITE succeeded", i);
		if (op != OP_READ && op != OP_ISBAD && op != OP_SYNC &&
		    op != OP_ERASE && op != OP_MARKBAD)
			fail("fuzz %" PRIu64 ": opcode %u succeeded", i, op);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* rate SECONDS LEN MODE [write|random]: sequential (or random) requests for
 * SECONDS; prints requests per second and MiB/s (a benchmark figure). */
static void cmd_rate(char **av, int ac)
{
	double secs, t0, t;
	uint64_t len, addr = 0, n = 0, args[3], u, span, nerase = 0;
	uint32_t flags;
	bool wr, rnd_addr;
	uint8_t *data;
	const struct out_hdr *oh;

	if (ac < 4)
		fail("rate SECONDS LEN MODE [write|random]");
	secs = num(av[1]);
	len = num(av[2]);
	flags = mode_of(av[3]);
	wr = ac > 4 && !strcmp(av[4], "write");
	rnd_addr = ac > 4 && !strcmp(av[4], "random");
	span = flags & IO_INBAND ? m.size : m.npages * m.ps;
	if (len > span || len > 65536 * 16)
		fail("rate: bad length");
	data = malloc(len);
	if (!data)
		fail("out of memory");
	memset(data, 0, len);
	rnd_state = 12345;
	t0 = now();
	do {
		if (rnd_addr && (flags & IO_INBAND))
			addr = rnd() % (span / len) * len;
		else if (rnd_addr)
			addr = rnd() % m.npages * m.ps;	/* column 0 */
		if (wr && addr % ((uint64_t)m.ps * m.ppb) == 0 &&
		    (flags & IO_INBAND)) {
			/* Program erased flash, as a real user would. */
			args[0] = addr;
			args[1] = (len + m.ps * m.ppb - 1) / (m.ps * m.ppb) *
				  m.ps * m.ppb;
			send_msg(sbuf, build(OP_ERASE, args, 16, NULL, 0, &u));
			expect_err(wait_reply(u), 0, "ERASE");
			nerase++;
		}
		args[0] = addr;
		args[1] = len;
		args[2] = flags;
		send_msg(sbuf, build(wr ? OP_WRITE : OP_READ, args, 24,
				     wr ? data : NULL, wr ? len : 0, &u));
		oh = wait_reply(u);
		expect_err(oh, 0, wr ? "WRITE" : "READ");
		if (wr)
			model_io(addr, len, flags, data, true);
		n++;
		addr += flags & IO_INBAND ? len : m.ps;
		if (addr + len > span)
			addr = 0;
		t = now() - t0;
	} while (t < secs);
	printf("rate: %s %" PRIu64 " bytes mode %u%s: %" PRIu64 " requests (+%" PRIu64 " erases) in %.2f s, %.0f/s, %.1f MiB/s\n",
	       wr ? "write" : "read", len, flags, rnd_addr ? " random" : "",
	       n, nerase, t, n / t, n * len / t / 1048576.0);
	fflush(stdout);
	free(data);
}

/* Print the lines of the server's /proc/PID/status that start with one
 * of @keys (NULL-terminated), each as "server LINE". */
static void print_status(const char *const *keys)
{
	char p[64], line[256];
	unsigned int i;
	FILE *f;

	snprintf(p, sizeof(p), "/proc/%d/status", (int)child);
	f = fopen(p, "r");
	if (!f)
		fail("%s: %s", p, strerror(errno));
	while (fgets(line, sizeof(line), f))
		for (i = 0; keys[i]; i++)
			if (!strncmp(line, keys[i], strlen(keys[i])))
				printf("server %s", line);
	fclose(f);
	fflush(stdout);
}

/* rss: print the server's peak and current resident set size. */
static void cmd_rss(void)
{
	static const char *const keys[] = { "VmHWM:", "VmRSS:", NULL };

	print_status(keys);
}

/* status: the server's identity and confinement (the sandbox). */
static void cmd_status(void)
{
	static const char *const keys[] = {
		"Uid:", "Gid:", "Groups:", "CapEff:", "NoNewPrivs:",
		"Seccomp:", NULL,
	};

	print_status(keys);
}

static void cmd_interrupt(void)
{
	uint64_t target = next_unique - 2, u;
	struct in_hdr *ih;
	size_t n, len;

	len = build(OP_INTERRUPT, &target, 8, NULL, 0, &u);
	ih = (void *)sbuf;
	ih->unique = target | 1;	/* as the kernel numbers interrupts */
	ih->nodeid = 0;
	send_msg(sbuf, len);
	n = recv_msg(300);
	if (!n)
		return;	/* ignored: allowed */
	const struct out_hdr *oh = check_reply(n, target | 1);

	if (oh->error != -ENOSYS && oh->error != -EAGAIN)
		fail("FUSE_INTERRUPT answered with error %d", oh->error);
}

static void reap(int want_status, bool killed)
{
	int st, i;
	pid_t r = 0;

	for (i = 0; i < 1000; i++) {
		r = waitpid(child, &st, WNOHANG);
		if (r)
			break;
		usleep(10000);
	}
	if (r != child)
		fail("the server did not exit within 10 s");
	child = -1;
	if (killed) {
		if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
			fail("the server was not killed by SIGKILL");
		return;
	}
	if (!WIFEXITED(st))
		fail("the server died from signal %d", WTERMSIG(st));
	if (WEXITSTATUS(st) != want_status)
		fail("the server exited with status %d, expected %d",
		     WEXITSTATUS(st), want_status);
}

/*
 * fillup MAXPAGES SEED: program whole pages (random data, the OOB too) from
 * page 0 on until the server refuses one with -EIO (its overlay is full or
 * failing); the acknowledged ones go into the model. Fails when MAXPAGES
 * pass without a refusal.
 */
static void cmd_fillup(char **av, int ac)
{
	uint64_t maxp, p, args[3], u, i;
	const struct out_hdr *oh;
	uint8_t *data;
	int pass;

	if (ac < 3)
		fail("fillup MAXPAGES SEED");
	maxp = num(av[1]);
	rnd_state = num(av[2]) | 1;
	data = malloc(m.ps + 1);
	if (!data)
		fail("out of memory");
	for (p = 0; p < maxp && p < m.npages; p++) {
		for (pass = 0; pass < (m.oob ? 2 : 1); pass++) {
			args[0] = p * m.ps;
			args[1] = pass ? m.oob : m.ps;
			args[2] = pass ? IO_PLACE : IO_INBAND;
			for (i = 0; i < args[1]; i++)
				data[i] = rnd() & 0xfe;	/* always a change */
			send_msg(sbuf, build(OP_WRITE, args, 24, data, args[1],
					     &u));
			oh = wait_reply(u);
			if (oh->error == -EIO) {
				printf("fillup: %" PRIu64 " pages stored, the write at 0x%" PRIx64 " refused with -EIO\n",
				       p, args[0]);
				fflush(stdout);
				free(data);
				return;
			}
			expect_err(oh, 0, "WRITE");
			model_io(args[0], args[1], args[2], data, true);
		}
	}
	fail("fillup: %" PRIu64 " pages written and none refused", p);
}

/* ---- the crash campaign ---- */

/*
 * One change sent and not yet answered. Outstanding changes always touch
 * distinct eraseblocks, so the order the server applies them in does not
 * matter and a block has at most one change in doubt at a kill.
 */
struct cop {
	uint64_t unique, addr, len, blk;
	uint32_t flags;		/* 0: erase */
	uint8_t *data;
	bool busy;
};

static struct {
	unsigned long trials, sent, acked, doubt, applied, dropped;
	unsigned long lost, half, pages_checked;
	FILE *ledger;
} cs;

static void cop_apply(const struct cop *c)
{
	if (!c->flags) {
		memset(m.data + c->blk * m.ppb * m.ps, 0xff, m.ppb * m.ps);
		memset(m.spare + c->blk * m.ppb * m.oob, 0xff, m.ppb * m.oob);
	} else {
		model_io(c->addr, c->len, c->flags, c->data, true);
	}
}

static void cop_ledger(const struct cop *c, const char *what)
{
	if (!cs.ledger)
		return;
	fprintf(cs.ledger, "%lu %s %s 0x%" PRIx64 " %" PRIu64 " unique %" PRIu64 "\n",
		cs.trials, what, !c->flags ? "erase" : c->flags == IO_INBAND ?
		"write" : "oobwrite", c->addr, c->len, c->unique);
}

/* A random change on a block that no outstanding change touches. */
static void cop_make(struct cop *c, const struct cop *all, int n)
{
	uint64_t blk, page, i;
	int k, r;

	do {
		blk = rnd() % m.nblocks;
		for (k = 0; k < n; k++)
			if (all[k].busy && all[k].blk == blk)
				break;
	} while (k < n);
	c->blk = blk;
	page = blk * m.ppb + rnd() % m.ppb;
	r = rnd() % 10;
	if (r < 2) {
		c->flags = 0;
		c->addr = blk * m.ppb * m.ps;
		c->len = (uint64_t)m.ppb * m.ps;
		return;
	}
	if (r < 7 || !m.oob) {
		/* 1-4 whole pages, or now and then a piece of one */
		c->flags = IO_INBAND;
		c->len = (uint64_t)m.ps * (1 + rnd() % 4);
		if (page % m.ppb + c->len / m.ps > m.ppb)
			c->len = (m.ppb - page % m.ppb) * (uint64_t)m.ps;
		c->addr = page * m.ps;
		if (rnd() % 4 == 0) {
			c->addr += rnd() % (m.ps / 2);
			c->len = 1 + rnd() % (m.ps / 2);
		}
	} else {
		uint32_t col = rnd() % m.oob;

		c->flags = IO_PLACE;
		c->addr = page * m.ps + col;
		c->len = 1 + rnd() % (m.oob - col);
	}
	c->data = malloc(c->len);
	if (!c->data)
		fail("out of memory");
	for (i = 0; i < c->len; i++)
		c->data[i] = rnd() | rnd() | rnd();	/* clear a few bits */
}

static void cop_send(struct cop *c)
{
	uint64_t args[3] = { c->addr, c->len, c->flags };

	if (!c->flags)
		send_msg(sbuf, build(OP_ERASE, args, 16, NULL, 0, &c->unique));
	else
		send_msg(sbuf, build(OP_WRITE, args, 24, c->data, c->len,
				     &c->unique));
	c->busy = true;
	cs.sent++;
}

/* A reply to one of the outstanding changes: acknowledged, into the model. */
static void cop_reply(size_t n, struct cop *all, int nall)
{
	const struct out_hdr *oh = check_reply(n, 0);
	int k;

	for (k = 0; k < nall; k++)
		if (all[k].busy && all[k].unique == oh->unique)
			break;
	if (k == nall)
		fail("crash: reply for unknown unique %" PRIu64, oh->unique);
	expect_err(oh, 0, all[k].flags ? "WRITE" : "ERASE");
	if (n != (all[k].flags ? 32u : 16u))
		fail("crash: reply of %zu bytes", n);
	cop_apply(&all[k]);
	cop_ledger(&all[k], "ack");
	cs.acked++;
	all[k].busy = false;
	free(all[k].data);
	all[k].data = NULL;
}

/* Read the whole device back: every page's data and OOB. */
static void crash_readback(uint8_t *data, uint8_t *spare)
{
	uint64_t blk, args[3], u, bs = (uint64_t)m.ppb * m.ps, len;
	const struct out_hdr *oh;
	size_t n;
	int pass;

	for (blk = 0; blk < m.nblocks; blk++) {
		for (pass = 0; pass < (m.oob ? 2 : 1); pass++) {
			len = pass ? (uint64_t)m.ppb * m.oob : bs;
			args[0] = blk * bs;
			args[1] = len;
			args[2] = pass ? IO_PLACE : IO_INBAND;
			send_msg(sbuf, build(OP_READ, args, 24, NULL, 0, &u));
			n = recv_msg(REPLY_TIMEOUT);
			if (!n)
				fail("crash: no reply to the read-back");
			oh = check_reply(n, u);
			expect_err(oh, 0, "READ");
			if (n != 32 + len)
				fail("crash: read-back of %zu bytes", n);
			memcpy(pass ? spare + blk * m.ppb * m.oob :
			       data + blk * bs, rbuf + 32, len);
		}
	}
}

static bool page_is(const uint8_t *d, const uint8_t *o, const uint8_t *wd,
		    const uint8_t *wo)
{
	return !memcmp(d, wd, m.ps) && !memcmp(o, wo, m.oob);
}

/*
 * After the restart: every page must hold the acknowledged state, or, on a
 * block with a change in doubt, the state with that change applied; per
 * page for a write, for the whole block for an erase. The model takes what
 * was found (the change in doubt happened or not).
 */
static void crash_verify(struct cop *all, int nall, uint8_t *data,
			 uint8_t *spare)
{
	size_t bd = (size_t)m.ppb * m.ps, bo = (size_t)m.ppb * m.oob;
	uint8_t *nd = malloc(bd), *no = malloc(bo + 1);
	uint64_t blk, p;
	int k;

	if (!nd || !no)
		fail("out of memory");
	crash_readback(data, spare);
	for (blk = 0; blk < m.nblocks; blk++) {
		uint8_t *md = m.data + blk * bd, *mo = m.spare + blk * bo;
		uint8_t *gd = data + blk * bd, *go = spare + blk * bo;
		unsigned int nold = 0, nnew = 0, nbad = 0;
		struct cop *c = NULL;

		for (k = 0; k < nall; k++)
			if (all[k].busy && all[k].blk == blk)
				c = &all[k];
		if (c) {
			/* the block with the change applied, in nd/no */
			uint8_t *sd = malloc(bd), *so = malloc(bo + 1);

			if (!sd || !so)
				fail("out of memory");
			memcpy(sd, md, bd);
			memcpy(so, mo, bo);
			cop_apply(c);
			memcpy(nd, md, bd);
			memcpy(no, mo, bo);
			memcpy(md, sd, bd);
			memcpy(mo, so, bo);
			free(sd);
			free(so);
		}
		for (p = 0; p < m.ppb; p++) {
			const uint8_t *d = gd + p * m.ps, *o = go + p * m.oob;
			bool old = page_is(d, o, md + p * m.ps, mo + p * m.oob);
			bool new = c && page_is(d, o, nd + p * m.ps,
						no + p * m.oob);

			cs.pages_checked++;
			if (old && new)
				continue;	/* the change did nothing here */
			if (old) {
				nold++;
			} else if (new) {
				nnew++;
			} else {
				nbad++;
				if (c) {
					cs.half++;
				} else {
					cs.lost++;
				}
				fprintf(stderr, "mm-peer: crash trial %lu: page %" PRIu64 " (block %" PRIu64 ") holds neither %s\n",
					cs.trials, blk * m.ppb + p, blk,
					c ? "its acknowledged content nor the change in doubt" :
					    "its acknowledged content");
			}
		}
		if (c && !c->flags && nold && nnew) {
			cs.half++;
			fprintf(stderr, "mm-peer: crash trial %lu: erase of block %" PRIu64 " half applied (%u pages erased, %u not)\n",
				cs.trials, blk, nnew, nold);
		}
		if (c) {
			if (nnew) {
				cs.applied++;
				cop_ledger(c, "applied");
			} else {
				cs.dropped++;
				cop_ledger(c, "dropped");
			}
		}
		memcpy(md, gd, bd);	/* what is there now is the state */
		memcpy(mo, go, bo);
	}
	free(nd);
	free(no);
}

/*
 * crash TRIALS SEED [WINDOW [LEDGER]]: TRIALS times: up to WINDOW (default
 * 4) writes and erases outstanding, SIGKILL of the server after a random
 * number of changes and a random delay, the replies it had sent are
 * acknowledged; restart, INIT, read everything back and check it (above).
 */
static void cmd_crash(char **av, int ac)
{
	uint64_t seed;
	unsigned long t, trials, k, nops, delay;
	uint8_t *data, *spare;
	struct cop *all;
	int window = 4, i;
	size_t n;

	if (ac < 3)
		fail("crash TRIALS SEED [WINDOW [LEDGER]]");
	if (no_model)
		fail("crash needs the model");
	trials = num(av[1]);
	seed = num(av[2]);
	if (ac > 3)
		window = num(av[3]);
	if (window < 1 || window > 64 || (uint64_t)window > m.nblocks)
		fail("crash: WINDOW must be 1-64 and at most the blocks");
	if (ac > 4) {
		cs.ledger = fopen(av[4], "w");
		if (!cs.ledger)
			fail("%s: %s", av[4], strerror(errno));
	}
	rnd_state = seed | 1;
	all = calloc(window, sizeof(*all));
	data = malloc(m.npages * m.ps);
	spare = malloc(m.npages * m.oob + 1);
	if (!all || !data || !spare)
		fail("out of memory");
	printf("crash: %lu trials, seed %" PRIu64 ", %d outstanding\n",
	       trials, seed, window);
	fflush(stdout);
	for (t = 0; t < trials; t++) {
		cs.trials = t + 1;
		if (!inited)
			fail("crash: send init first");
		nops = 1 + rnd() % 48;
		delay = rnd() % 4 ? rnd() % 3000 : 0;	/* microseconds */
		for (k = 0; k < nops;) {
			for (i = 0; i < window && k < nops; i++) {
				if (all[i].busy)
					continue;
				cop_make(&all[i], all, window);
				cop_send(&all[i]);
				k++;
			}
			if (k == nops)
				break;
			n = recv_msg(REPLY_TIMEOUT);
			if (!n)
				fail("crash: no reply within %d ms", REPLY_TIMEOUT);
			cop_reply(n, all, window);
		}
		if (delay)
			usleep(delay);
		kill(child, SIGKILL);
		reap(0, true);
		/* Replies written before the death are acknowledged. */
		for (;;) {
			struct pollfd pfd = { .fd = sock, .events = POLLIN };
			ssize_t r;

			if (poll(&pfd, 1, 0) <= 0)
				break;
			r = recv(sock, rbuf, MAX_MSG + 4096, MSG_TRUNC);
			if (r <= 0)
				break;
			cop_reply(r, all, window);
		}
		close(sock);
		sock = -1;
		for (i = 0; i < window; i++)
			if (all[i].busy) {
				cs.doubt++;
				cop_ledger(&all[i], "doubt");
			}
		start_server();
		cmd_init((char *[]){ "init", NULL }, 1, 0);
		crash_verify(all, window, data, spare);
		for (i = 0; i < window; i++) {
			all[i].busy = false;
			free(all[i].data);
			all[i].data = NULL;
		}
	}
	printf("crash: trials %lu, changes sent %lu, acknowledged %lu, in doubt at the kill %lu (applied %lu, not applied %lu), pages checked %lu, lost %lu, half-applied %lu\n",
	       cs.trials, cs.sent, cs.acked, cs.doubt, cs.applied, cs.dropped,
	       cs.pages_checked, cs.lost, cs.half);
	fflush(stdout);
	if (cs.ledger)
		fclose(cs.ledger);
	cs.ledger = NULL;
	free(all);
	free(data);
	free(spare);
	if (cs.lost || cs.half)
		fail("crash: %lu pages lost, %lu half-applied", cs.lost,
		     cs.half);
}

static void run_line(char *line)
{
	char *av[16], *save, *t;
	int ac = 0, want = 0;
	uint64_t a;

	want_soft = -1;
	no_data_check = false;
	for (t = strtok_r(line, " \t\n", &save); t && ac < 16;
	     t = strtok_r(NULL, " \t\n", &save)) {
		if (*t == '#')
			break;
		if (*t == '!')
			want = err_of(t + 1);
		else if (*t == '~')
			want_soft = strcmp(t + 1, "0") ? err_of(t + 1) : 0;
		else if (!strcmp(t, "?"))
			no_data_check = true;
		else
			av[ac++] = t;
	}
	if (!ac)
		return;
	av[ac] = NULL;
	if (!strcmp(av[0], "init")) {
		cmd_init(av, ac, want);
	} else if (!strcmp(av[0], "expect")) {
		cmd_expect(av, ac);
	} else if (!strcmp(av[0], "read")) {
		if (ac < 4)
			fail("read ADDR LEN MODE");
		do_read(num(av[1]), num(av[2]), mode_of(av[3]), want);
	} else if (!strcmp(av[0], "readhex")) {
		if (ac < 5)
			fail("readhex ADDR LEN MODE HEX");
		do_read(num(av[1]), num(av[2]), mode_of(av[3]), want);
		for (a = 0; a < num(av[2]); a++) {
			unsigned int x;

			if (sscanf(av[4] + 2 * a, "%2x", &x) != 1)
				fail("readhex: HEX too short");
			if (rbuf[32 + a] != x)
				fail("readhex: byte %" PRIu64 " is 0x%02x, expected 0x%02x",
				     a, rbuf[32 + a], x);
		}
	} else if (!strcmp(av[0], "write")) {
		cmd_write(av, ac, want);
	} else if (!strcmp(av[0], "erase")) {
		cmd_erase(av, ac, want);
	} else if (!strcmp(av[0], "isbad")) {
		cmd_isbad(av, ac, want);
	} else if (!strcmp(av[0], "markbad")) {
		a = num(av[1]);
		cmd_simple(OP_MARKBAD, &a, 8, want);
	} else if (!strcmp(av[0], "sync")) {
		cmd_simple(OP_SYNC, NULL, 0, want);
	} else if (!strcmp(av[0], "op")) {
		uint8_t z[256] = { 0 };

		if (ac < 3 || num(av[2]) > sizeof(z))
			fail("op OPCODE ARGLEN");
		cmd_simple(num(av[1]), z, num(av[2]), want);
	} else if (!strcmp(av[0], "short")) {
		cmd_short(av, ac, want, 0);
	} else if (!strcmp(av[0], "badlen")) {
		cmd_short(av, ac, want, 1);
	} else if (!strcmp(av[0], "interrupt")) {
		cmd_interrupt();
	} else if (!strcmp(av[0], "random")) {
		cmd_random(av, ac);
	} else if (!strcmp(av[0], "burst")) {
		cmd_burst(av, ac);
	} else if (!strcmp(av[0], "rate")) {
		cmd_rate(av, ac);
	} else if (!strcmp(av[0], "rss")) {
		cmd_rss();
	} else if (!strcmp(av[0], "status")) {
		cmd_status();
	} else if (!strcmp(av[0], "wburst")) {
		cmd_wburst(av, ac);
	} else if (!strcmp(av[0], "fuzz")) {
		cmd_fuzz(av, ac);
	} else if (!strcmp(av[0], "crash")) {
		cmd_crash(av, ac);
	} else if (!strcmp(av[0], "fillup")) {
		cmd_fillup(av, ac);
	} else if (!strcmp(av[0], "shell")) {
		/* the rest of the line, e.g. to make the overlay's disk fail */
		char cmd[1024] = "";

		for (int i = 1; i < ac; i++) {
			strncat(cmd, av[i], sizeof(cmd) - strlen(cmd) - 2);
			strcat(cmd, " ");
		}
		if (system(cmd))
			fail("shell: '%s' failed", cmd);
	} else if (!strcmp(av[0], "term")) {
		kill(child, SIGTERM);
		reap(0, false);
		close(sock);
		sock = -1;
	} else if (!strcmp(av[0], "silence")) {
		if (recv_msg(ac > 1 ? (int)num(av[1]) : 200))
			fail("unexpected message from the server");
	} else if (!strcmp(av[0], "kill")) {
		kill(child, SIGKILL);
		reap(0, true);
		close(sock);
		sock = -1;
	} else if (!strcmp(av[0], "restart")) {
		if (sock >= 0)
			fail("restart while the server is running");
		start_server();
	} else if (!strcmp(av[0], "close")) {
		close(sock);
		sock = -1;
		reap(ac > 1 ? (int)num(av[1]) : 0, false);
	} else {
		fail("unknown command '%s'", av[0]);
	}
}

static void parse_free(const char *s)
{
	char *copy = strdup(s), *t, *save;

	m.nfree = 0;
	for (t = strtok_r(copy, ",", &save); t && m.nfree < 16;
	     t = strtok_r(NULL, ",", &save)) {
		if (sscanf(t, "%hu:%hu", &m.free_off[m.nfree],
			   &m.free_len[m.nfree]) != 2)
			fail("bad --free '%s'", s);
		m.nfree++;
	}
	free(copy);
}

int main(int argc, char **argv)
{
	const char *script = NULL, *dump = NULL, *free_spec = NULL;
	char line[1024];
	FILE *f = stdin;
	int i;

	bin = getenv("MM_BIN");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (!strcmp(argv[i], "--page-size") && i + 1 < argc) {
			m.ps = num(argv[++i]);
		} else if (!strcmp(argv[i], "--oob-size") && i + 1 < argc) {
			m.oob = num(argv[++i]);
		} else if (!strcmp(argv[i], "--ppb") && i + 1 < argc) {
			m.ppb = num(argv[++i]);
		} else if (!strcmp(argv[i], "--free") && i + 1 < argc) {
			free_spec = argv[++i];
		} else if (!strcmp(argv[i], "--no-model")) {
			no_model = true;
		} else if (!strcmp(argv[i], "--bin") && i + 1 < argc) {
			bin = argv[++i];
		} else if (!strcmp(argv[i], "--script") && i + 1 < argc) {
			script = argv[++i];
		} else if (argv[i][0] != '-' && !dump) {
			dump = argv[i];
		} else {
			fail("usage: mm-peer --page-size N --oob-size N --ppb N [--free OFF:LEN,..] [--bin PATH] [--script FILE] DUMP -- SERVER-ARGS");
		}
	}
	if (!bin || !dump || !m.ps || !m.ppb)
		fail("usage: mm-peer --page-size N --oob-size N --ppb N [--free OFF:LEN,..] [--bin PATH] [--script FILE] DUMP -- SERVER-ARGS");
	srv_args = argv + i;
	nsrv_args = argc - i;
	set_default_free();
	if (free_spec)
		parse_free(free_spec);
	load_model(dump);
	rbuf = malloc(MAX_MSG + 4096 + 1);
	sbuf = malloc(MAX_MSG + 4096);
	if (!rbuf || !sbuf)
		fail("out of memory");
	if (script) {
		f = fopen(script, "r");
		if (!f)
			fail("%s: %s", script, strerror(errno));
	}
	signal(SIGPIPE, SIG_IGN);
	start_server();
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		run_line(line);
	}
	if (sock >= 0) {
		close(sock);
		sock = -1;
		reap(0, false);
	}
	printf("mm-peer: %lu requests, every reply valid\n", nreq);
	return 0;
}
