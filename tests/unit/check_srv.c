// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_srv.c - the MUSE server over a SOCK_SEQPACKET socketpair, byte for
 * byte: the INIT reply and its blob, reply sizes, header-only errors,
 * ordering rules, the end of the connection, mm_srv_stop(), what
 * mm_srv_init() refuses before anything is sent, and serving through a
 * controller's page layout (logical pages, OOB, writes laid out again).
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../core/open.h"
#include "../../core/dump.h"
#include "../../core/ecc/ecc.h"
#include "../../core/muse/muse_proto.h"
#include "../../core/muse/srv.h"
#include "../gen/gen_vendor.h"

#define PS	512
#define OOB	16
#define PPB	4
#define NB	8

static char path[64];
static struct mm_dump d;
static struct mm_srv s;
static struct mm_overlay *ov;
static pthread_t tid;
static int sv[2] = { -1, -1 };
static int run_ret;
static uint8_t rbuf[1 << 17];
static uint64_t uniq = 100;

static uint8_t byte_at(uint64_t page, uint32_t off)
{
	return (uint8_t)(page * 7 + off * 13 + (off >> 8));
}

/* A controller layout's dump (2048 + 64, LPPB pages a block, LNB blocks). */
#define LPS	2048
#define LOOB_MAX	128
#define LPPB	8
#define LNB	4
static const char *layout_name;	/* NULL: the plain dump below */
static uint32_t loob = 64;	/* 128 for the presets 64 does not fit */
static struct mm_geom lgeom = { LPS, 64, LPPB, LNB, 0, 8 };
static struct mm_gen lgen = { .page_size = LPS, .oob_size = 64,
			      .pages_per_block = LPPB, .blocks = LNB,
			      .content = MM_GEN_PATTERN, .seed = 11 };

static void make_layout_dump(void)
{
	struct mm_gen_vendor v = { .layout = layout_name, .flips = 2,
				   .flip_seed = 3 };
	struct mm_open_opts o;
	char msg[256];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/check_srv.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "wb");
	ck_assert_msg(mm_gen_write_vendor(&lgen, &v, f, msg, sizeof(msg)) == 0,
		      "%s", msg);
	fclose(f);
	memset(&o, 0, sizeof(o));
	o.format = "oob";
	o.geom.page_size = LPS;
	o.geom.oob_size = loob;
	o.no_bbm_scan = true;	/* markers: the opener's job (core/flash.c) */
	o.oob_size_set = true;
	o.geom.pages_per_block = LPPB;
	o.bbm.offset = -1;
	ck_assert_int_eq(mm_dump_open(&d, path, &o), 0);
}

static void make_dump(void)
{
	static uint8_t rec[PS + OOB];
	struct mm_open_opts o;
	uint64_t p;
	uint32_t i;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/check_srv.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "wb");
	for (p = 0; p < NB * PPB; p++) {
		for (i = 0; i < PS + OOB; i++)
			rec[i] = byte_at(p, i);
		rec[PS + 5] = p == 2 * PPB ? 0x00 : 0xff; /* block 2 bad */
		ck_assert_int_eq(fwrite(rec, 1, sizeof(rec), f), sizeof(rec));
	}
	fclose(f);
	memset(&o, 0, sizeof(o));
	o.format = "oob";
	o.geom.page_size = PS;
	o.geom.oob_size = OOB;
	o.oob_size_set = true;
	o.geom.pages_per_block = PPB;
	o.bbm.offset = -1;
	ck_assert_int_eq(mm_dump_open(&d, path, &o), 0);
}

static void *run_thread(void *arg)
{
	(void)arg;
	run_ret = mm_srv_run(&s, sv[1]);
	return NULL;
}

static void start(const struct mm_srv_opts *o)
{
	char msg[256];
	struct mm_overlay_ident id = { .dump_size = 1, .format = "oob" };

	if (layout_name)
		make_layout_dump();
	else
		make_dump();
	ov = NULL;
	if (o->writable)
		ck_assert_int_eq(mm_overlay_open(&ov, NULL, &d.geom, &id, msg,
						 sizeof(msg)), 0);
	ck_assert_msg(mm_srv_init(&s, &d, ov, o, msg, sizeof(msg)) == 0,
		      "%s", msg);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	ck_assert_int_eq(pthread_create(&tid, NULL, run_thread, NULL), 0);
}

static void stop(void)
{
	close(sv[0]);
	pthread_join(tid, NULL);
	close(sv[1]);
	ck_assert_int_eq(run_ret, 0);
	mm_srv_destroy(&s);
	mm_overlay_close(ov);
	mm_dump_close(&d);
	unlink(path);
}

/* Send header + args (+ data); return the reply's size (in rbuf). */
static ssize_t xfer(uint32_t opcode, const void *args, size_t alen,
		    const void *data, size_t dlen)
{
	uint8_t msg[8192];
	struct fuse_in_header *ih = (void *)msg;
	ssize_t n;

	memset(ih, 0, sizeof(*ih));
	ih->len = sizeof(*ih) + alen + dlen;
	ih->opcode = opcode;
	ih->unique = uniq += 2;
	ih->nodeid = opcode == MUSE_INIT ? 0 : 1;
	if (alen)
		memcpy(msg + sizeof(*ih), args, alen);
	if (dlen)
		memcpy(msg + sizeof(*ih) + alen, data, dlen);
	ck_assert_int_eq(send(sv[0], msg, ih->len, 0), ih->len);
	n = recv(sv[0], rbuf, sizeof(rbuf), 0);
	ck_assert_int_ge(n, 16);
	ck_assert_uint_eq(((struct fuse_out_header *)rbuf)->len, n);
	ck_assert_uint_eq(((struct fuse_out_header *)rbuf)->unique, uniq);
	return n;
}

static int32_t err_of_reply(void)
{
	return ((struct fuse_out_header *)rbuf)->error;
}

static void do_init(void)
{
	struct muse_init_in in = { 7, 33 };

	xfer(MUSE_INIT, &in, sizeof(in), NULL, 0);
	ck_assert_int_eq(err_of_reply(), 0);
}

START_TEST(test_srv_init_reply_is_exact)
{
	static const char want[] =
		"NAME=flash\0TYPE=4\0FLAGS=0\0SIZE=16384\0WRITESIZE=512\0"
		"WRITEBUFSIZE=512\0ERASESIZE=2048\0OOBSIZE=16\0OOBAVAIL=8\0"
		"SUBPAGESHIFT=0\0PARTSCMDLINE=2k(a),-(b)";
	struct mm_srv_opts o = { .name = "flash", .subpage_shift = -1,
				 .mtdparts = "2k(a),-(b)" };
	struct muse_init_in in = { 7, 33 };
	const struct muse_init_out *io;
	ssize_t n;

	start(&o);
	n = xfer(MUSE_INIT, &in, sizeof(in), NULL, 0);
	ck_assert_int_eq(n, 32 + sizeof(want));
	ck_assert_int_eq(err_of_reply(), 0);
	io = (const void *)(rbuf + 16);
	ck_assert_uint_eq(io->fuse_major, 7);
	ck_assert_uint_eq(io->fuse_minor, 34);
	ck_assert_uint_eq(io->max_read, 1 << 20);
	ck_assert_uint_eq(io->max_write, 1 << 20);
	ck_assert(!memcmp(rbuf + 32, want, sizeof(want)));
	ck_assert_uint_eq(s.nparts, 2);
	/* A second INIT is refused. */
	n = xfer(MUSE_INIT, &in, sizeof(in), NULL, 0);
	ck_assert_int_eq(n, 16);
	ck_assert_int_eq(err_of_reply(), -EIO);
	stop();
}
END_TEST

START_TEST(test_srv_requests_before_init_get_eio)
{
	struct mm_srv_opts o = { .subpage_shift = -1 };
	struct muse_read_in r = { 0, 16, MUSE_IO_INBAND, 0 };
	struct muse_init_in bad = { 6, 33 };

	start(&o);
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), -EIO);
	ck_assert_int_eq(xfer(9999, NULL, 0, NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), -EIO);
	ck_assert_int_eq(xfer(MUSE_INIT, &bad, 4, NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), -EPROTO);
	ck_assert_int_eq(xfer(MUSE_INIT, &bad, sizeof(bad), NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), -EPROTO);
	do_init();
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 32 + 16);
	ck_assert_int_eq(xfer(9999, NULL, 0, NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), -ENOSYS);
	stop();
}
END_TEST

START_TEST(test_srv_read_reply_sizes_and_data)
{
	struct mm_srv_opts o = { .subpage_shift = -1 };
	struct muse_read_in r = { PS - 3, 10, MUSE_IO_INBAND, 0xdead };
	const struct muse_read_out *ro = (const void *)(rbuf + 16);
	struct muse_isbad_in ib = { 2 * PPB * PS + 77 };
	uint32_t i;

	start(&o);
	do_init();
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 32 + 10);
	ck_assert_uint_eq(ro->len, 10);
	ck_assert_uint_eq(ro->soft_error, 0);
	for (i = 0; i < 10; i++) {
		uint64_t a = PS - 3 + i;

		ck_assert_uint_eq(rbuf[32 + i], byte_at(a / PS, a % PS));
	}
	/* OOB AUTO for 512+16 (sp layout): free bytes 8..15, across pages. */
	r = (struct muse_read_in){ 3 * PS + 6, 4, MUSE_IO_OOB_AUTO, 0 };
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 32 + 4);
	ck_assert_uint_eq(rbuf[32], byte_at(3, PS + 14));
	ck_assert_uint_eq(rbuf[33], byte_at(3, PS + 15));
	ck_assert_uint_eq(rbuf[34], byte_at(4, PS + 8));
	ck_assert_uint_eq(rbuf[35], byte_at(4, PS + 9));
	r = (struct muse_read_in){ 3 * PS + 15, 2, MUSE_IO_OOB_PLACE, 0 };
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 32 + 2);
	ck_assert_uint_eq(rbuf[32], byte_at(3, PS + 15));
	ck_assert_uint_eq(rbuf[33], byte_at(4, PS + 0));
	/* ISBAD: 24 bytes, result 1 for the factory-bad block 2. */
	ck_assert_int_eq(xfer(MUSE_ISBAD, &ib, sizeof(ib), NULL, 0), 24);
	ck_assert_uint_eq(*(uint32_t *)(rbuf + 16), 1);
	/* Errors are exactly 16 bytes. */
	r = (struct muse_read_in){ NB * PPB * PS, 1, MUSE_IO_INBAND, 0 };
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), -EINVAL);
	r = (struct muse_read_in){ 0, 1, MUSE_IO_INBAND | MUSE_IO_OOB_AUTO, 0 };
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), -EINVAL);
	ck_assert_int_eq(xfer(MUSE_READ, &r, 16, NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), -EIO);
	/* Read-only. */
	ck_assert_int_eq(xfer(MUSE_ERASE, &r, 16, NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), -EROFS);
	ck_assert_int_eq(xfer(MUSE_SYNC, NULL, 0, NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), 0);
	stop();
}
END_TEST

START_TEST(test_srv_write_ands_and_erase_sets_ff)
{
	struct mm_srv_opts o = { .subpage_shift = -1, .writable = true };
	struct muse_write_in w = { PS * 5 + 100, 4, MUSE_IO_INBAND, 0 };
	struct muse_read_in r = { PS * 5 + 100, 4, MUSE_IO_INBAND, 0 };
	struct muse_erase_in e = { PPB * PS, 2 * PPB * PS };
	const uint8_t data[4] = { 0x0f, 0xf0, 0x00, 0xff };
	uint32_t i;

	start(&o);
	do_init();
	ck_assert_int_eq(xfer(MUSE_WRITE, &w, sizeof(w), data, 4), 32);
	ck_assert_uint_eq(*(uint64_t *)(rbuf + 16), 4);
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 36);
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(rbuf[32 + i],
				  byte_at(5, 100 + i) & data[i]);
	/* Truncated write data: EIO, nothing written. */
	ck_assert_int_eq(xfer(MUSE_WRITE, &w, sizeof(w), data, 3), 16);
	ck_assert_int_eq(err_of_reply(), -EIO);
	/* Erasing blocks 1-2 fails: block 2 is bad; block 1 unchanged. */
	ck_assert_int_eq(xfer(MUSE_ERASE, &e, sizeof(e), NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), -EIO);
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 36);
	ck_assert_uint_eq(rbuf[32], byte_at(5, 100) & data[0]);
	e.len = PPB * PS;
	ck_assert_int_eq(xfer(MUSE_ERASE, &e, sizeof(e), NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), 0);
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 36);
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(rbuf[32 + i], 0xff);
	e.addr = 1;
	ck_assert_int_eq(xfer(MUSE_ERASE, &e, sizeof(e), NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), -EINVAL);
	stop();
}
END_TEST

START_TEST(test_srv_stop_ends_run)
{
	struct mm_srv_opts o = { .subpage_shift = -1, .threads = 3 };

	start(&o);
	do_init();
	mm_srv_stop(&s);
	pthread_join(tid, NULL);
	ck_assert_int_eq(run_ret, 0);
	close(sv[0]);
	close(sv[1]);
	mm_srv_destroy(&s);
	mm_dump_close(&d);
	unlink(path);
}
END_TEST

START_TEST(test_srv_init_refuses_before_sending)
{
	struct mm_srv_opts o = { .subpage_shift = -1 };
	char msg[256];

	make_dump();
	o.mtdparts = "1k(a)";
	ck_assert_int_eq(mm_srv_init(&s, &d, NULL, &o, msg, sizeof(msg)),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "aligned"));
	o.mtdparts = NULL;
	o.writable = true;
	ck_assert_int_eq(mm_srv_init(&s, &d, NULL, &o, msg, sizeof(msg)),
			 -EINVAL);
	o.writable = false;
	o.type = 7;
	ck_assert_int_eq(mm_srv_init(&s, &d, NULL, &o, msg, sizeof(msg)),
			 -EINVAL);
	o.type = 0;
	o.name = " x";
	ck_assert_int_eq(mm_srv_init(&s, &d, NULL, &o, msg, sizeof(msg)),
			 -EINVAL);
	o.name = "a\nb";
	ck_assert_int_eq(mm_srv_init(&s, &d, NULL, &o, msg, sizeof(msg)),
			 -EINVAL);
	o.name = NULL;
	o.subpage_shift = 3;
	ck_assert_int_eq(mm_srv_init(&s, &d, NULL, &o, msg, sizeof(msg)),
			 -EINVAL);
	mm_dump_close(&d);
	unlink(path);
}
END_TEST

START_TEST(test_srv_default_name_and_types)
{
	char n[64];

	mm_srv_default_name("/a/b/nand.oob.bin.xz", n, sizeof(n));
	ck_assert_str_eq(n, "nand.oob");
	mm_srv_default_name("dump.bin", n, sizeof(n));
	ck_assert_str_eq(n, "dump");
	mm_srv_default_name("/x/my dump:1.img", n, sizeof(n));
	ck_assert_str_eq(n, "my_dump_1");
	mm_srv_default_name(".hidden", n, sizeof(n));
	ck_assert_str_eq(n, ".hidden");
	ck_assert_uint_eq(mm_srv_type_from_name("nand"), 4);
	ck_assert_uint_eq(mm_srv_type_from_name("mlc-nand"), 8);
	ck_assert_uint_eq(mm_srv_type_from_name("nor"), 3);
	ck_assert_uint_eq(mm_srv_type_from_name("dataflash"), 6);
	ck_assert_uint_eq(mm_srv_type_from_name("ubi"), 0);
	ck_assert_str_eq(mm_srv_opname(8194), "MUSE_READ");
}
END_TEST

/* The -d log, collected (lines end with '\n'). */
static char logbuf[4096];

static void log_line(void *arg, const char *line)
{
	size_t n = strlen(logbuf);

	(void)arg;
	snprintf(logbuf + n, sizeof(logbuf) - n, "%s\n", line);
}

/*
 * The opcode table: each opcode's fixed argument size (one byte short is
 * EIO), unknown opcodes next to the table (ENOSYS), FUSE_INTERRUPT (never
 * answered), and the request lines of the debug log.
 */
START_TEST(test_srv_dispatch_by_opcode_table)
{
	static const struct {
		uint32_t opcode;
		size_t alen;
		const char *name;
	} ops[] = {
		{ MUSE_ERASE, 16, "MUSE_ERASE" },
		{ MUSE_READ, 24, "MUSE_READ" },
		{ MUSE_WRITE, 24, "MUSE_WRITE" },
		{ MUSE_MARKBAD, 8, "MUSE_MARKBAD" },
		{ MUSE_ISBAD, 8, "MUSE_ISBAD" },
	};
	struct mm_srv_opts o = { .subpage_shift = -1, .debug = true,
				 .log = log_line, .threads = 1 };
	struct muse_read_in r = { 0x200, 16, MUSE_IO_INBAND, 0 };
	struct muse_erase_in e = { 0x800, 0x800 };
	struct muse_isbad_in b = { 0x1000 };
	uint8_t args[64] = { 0 };
	struct {
		struct fuse_in_header ih;
		uint64_t unique;	/* fuse_interrupt_in */
	} intr = { { .len = sizeof(struct fuse_in_header) + 8,
		     .opcode = FUSE_INTERRUPT, .unique = 1 }, 0 };
	unsigned long long u;
	char want[512];
	size_t i;

	start(&o);
	do_init();
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		ck_assert_str_eq(mm_srv_opname(ops[i].opcode), ops[i].name);
		ck_assert_int_eq(xfer(ops[i].opcode, args, ops[i].alen - 1,
				      NULL, 0), 16);
		ck_assert_int_eq(err_of_reply(), -EIO);
	}
	ck_assert_str_eq(mm_srv_opname(MUSE_INIT), "MUSE_INIT");
	ck_assert_str_eq(mm_srv_opname(MUSE_SYNC), "MUSE_SYNC");
	ck_assert_str_eq(mm_srv_opname(FUSE_INTERRUPT), "FUSE_INTERRUPT");
	ck_assert_str_eq(mm_srv_opname(MUSE_INIT - 1), "UNKNOWN");
	ck_assert_str_eq(mm_srv_opname(MUSE_SYNC + 1), "UNKNOWN");
	ck_assert_int_eq(xfer(MUSE_INIT - 1, NULL, 0, NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), -ENOSYS);
	ck_assert_int_eq(xfer(MUSE_SYNC + 1, NULL, 0, NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), -ENOSYS);
	/* No reply to the interrupt: the next reply is the SYNC's. */
	logbuf[0] = '\0';
	ck_assert_int_eq(send(sv[0], &intr, intr.ih.len, 0), intr.ih.len);
	ck_assert_int_eq(xfer(MUSE_SYNC, NULL, 0, NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), 0);
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 32 + 16);
	ck_assert_int_eq(xfer(MUSE_ERASE, &e, sizeof(e), NULL, 0), 16);
	ck_assert_int_eq(xfer(MUSE_ISBAD, &b, sizeof(b), NULL, 0), 24);
	u = uniq;
	snprintf(want, sizeof(want),
		 "unique: 1, opcode: FUSE_INTERRUPT (36), insize: 48\n"
		 "unique: %llu, opcode: MUSE_SYNC (8198), insize: 40\n"
		 "   unique: %llu, success, outsize: 16\n"
		 "unique: %llu, opcode: MUSE_READ (8194), addr 0x200, len 16, flags 1\n"
		 "   unique: %llu, success, outsize: 48\n"
		 "unique: %llu, opcode: MUSE_ERASE (8193), addr 0x800, len 2048\n"
		 "   unique: %llu, error: -30 (Read-only file system), outsize: 16\n"
		 "unique: %llu, opcode: MUSE_ISBAD (8197), addr 0x1000\n"
		 "   unique: %llu, success, outsize: 24\n",
		 u - 6, u - 6, u - 4, u - 4, u - 2, u - 2, u, u);
	ck_assert_str_eq(logbuf, want);
	stop();
}
END_TEST

/* The hooks cli/serve.c installs for a codec that moves bytes. */
static int layout_correct(void *arg, uint64_t page, uint8_t *data,
			  uint8_t *oob)
{
	struct mm_ecc_stat st = { 0 };
	enum mm_page_state state;
	int ret;

	ret = mm_ecc_correct_page(arg, page, data, oob, &st, &state);
	if (ret)
		return ret;
	if (state == MM_PAGE_UNCORRECTABLE)
		return -EBADMSG;
	return state == MM_PAGE_CORRECTED ? (int)st.corrected_bits : 0;
}

static int layout_lay_out(void *arg, uint64_t page, uint8_t *data,
			  uint8_t *oob)
{
	return mm_ecc_encode_page(arg, page, data, oob);
}

/*
 * Every preset served: in-band reads are the logical page (corrected, with
 * -EUCLEAN), RAW reads the physical bytes, OOB reads the logical OOB; a
 * page written in band and its AUTO OOB read back, and the overlay holds
 * the physical page the controller would have programmed (it decodes
 * clean to what was written).
 */
START_TEST(test_srv_layout_serves_logical_pages)
{
	static uint8_t want[LPPB * LPS], phys[LPS + LOOB_MAX], page_buf[LPS];
	static uint8_t lo[LOOB_MAX], ld[LPS];
	const struct muse_read_out *ro = (const void *)(rbuf + 16);
	struct mm_srv_opts o = { .subpage_shift = 0, .writable = true,
				 .ecc_correct = layout_correct,
				 .ecc_lay_out = layout_lay_out };
	struct muse_read_in r;
	struct muse_write_in w;
	struct muse_erase_in e = { LPPB * LPS, LPPB * LPS };
	const struct mm_ooblayout *l;
	enum mm_page_state state;
	uint8_t tag[8] = { 0x85, 0x19, 0x03, 0x20, 0x08, 0, 0, 0 };
	struct mm_ecc *ecc;
	char msg[256];
	uint32_t n, i;
	FILE *f;

	layout_name = mm_pl_presets()[_i]->name;
	for (loob = 64; loob <= LOOB_MAX; loob *= 2) {
		lgeom.oob_size = lgen.oob_size = loob;
		if (!mm_ecc_new_layout(&ecc, layout_name, &lgeom, msg,
				       sizeof(msg)))
			break;
	}
	ck_assert_msg(loob <= LOOB_MAX, "%s: %s", layout_name, msg);
	mm_gen_block(&lgen, 0, want, NULL);
	l = mm_ecc_layout(ecc);
	o.ecc_arg = ecc;
	o.layout = l;
	start(&o);
	do_init();
	/* page 1: logical data, corrected (2 flips per step) */
	r = (struct muse_read_in){ LPS, LPS, MUSE_IO_INBAND, 0 };
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 32 + LPS);
	ck_assert_int_eq(memcmp(rbuf + 32, want + LPS, LPS), 0);
	ck_assert_int_eq((int32_t)ro->soft_error,
			 mm_ecc_pagelayout(ecc)->m ? -EUCLEAN : 0);
	/* RAW: the physical bytes as in the file */
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, LPS + loob, SEEK_SET), 0);
	ck_assert_int_eq(fread(phys, 1, LPS + loob, f), LPS + loob);
	fclose(f);
	r = (struct muse_read_in){ LPS, LPS, MUSE_IO_INBAND | MUSE_IO_RAW, 0 };
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 32 + LPS);
	ck_assert_int_eq(memcmp(rbuf + 32, phys, LPS), 0);
	/* OOB (PLACE): the logical OOB of page 1 */
	memcpy(ld, phys, LPS);
	memcpy(lo, phys + LPS, loob);
	ck_assert_int_eq(mm_ecc_correct_page(ecc, 1, ld, lo, NULL, &state), 0);
	r = (struct muse_read_in){ LPS, loob, MUSE_IO_OOB_PLACE, 0 };
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 32 + loob);
	ck_assert_int_eq(memcmp(rbuf + 32, lo, loob), 0);
	ck_assert_int_eq((int32_t)ro->soft_error,
			 mm_ecc_pagelayout(ecc)->m ? -EUCLEAN : 0);

	/* erase block 1, program its page 0 and AUTO OOB bytes */
	ck_assert_int_eq(xfer(MUSE_ERASE, &e, sizeof(e), NULL, 0), 16);
	ck_assert_int_eq(err_of_reply(), 0);
	for (i = 0; i < LPS; i++)
		page_buf[i] = (uint8_t)(i * 31 + 7);
	w = (struct muse_write_in){ LPPB * LPS, LPS, MUSE_IO_INBAND, 0 };
	ck_assert_int_eq(xfer(MUSE_WRITE, &w, sizeof(w), page_buf, LPS), 32);
	n = l->oobavail < sizeof(tag) ? l->oobavail : sizeof(tag);
	w = (struct muse_write_in){ LPPB * LPS, n, MUSE_IO_OOB_AUTO, 0 };
	if (n)	/* hisi-balong declares no free bytes */
		ck_assert_int_eq(xfer(MUSE_WRITE, &w, sizeof(w), tag, n), 32);
	r = (struct muse_read_in){ LPPB * LPS, LPS, MUSE_IO_INBAND, 0 };
	ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0), 32 + LPS);
	ck_assert_int_eq(memcmp(rbuf + 32, page_buf, LPS), 0);
	ck_assert_uint_eq(ro->soft_error, 0);
	r = (struct muse_read_in){ LPPB * LPS, n, MUSE_IO_OOB_AUTO, 0 };
	if (n) {
		ck_assert_int_eq(xfer(MUSE_READ, &r, sizeof(r), NULL, 0),
				 32 + n);
		ck_assert_int_eq(memcmp(rbuf + 32, tag, n), 0);
	}
	/* the overlay: the controller's physical page, decoding clean */
	ck_assert_int_eq(mm_overlay_read_page(ov, LPPB, ld, lo),
			 MM_OVL_PROGRAMMED);
	ck_assert_int_eq(mm_ecc_correct_page(ecc, LPPB, ld, lo, NULL, &state),
			 0);
	ck_assert_int_eq(state, MM_PAGE_CLEAN);
	ck_assert_int_eq(memcmp(ld, page_buf, LPS), 0);
	stop();
	mm_ecc_free(ecc);
	layout_name = NULL;
}
END_TEST

Suite *srv_suite(void)
{
	Suite *s_ = suite_create("srv");
	TCase *tc = tcase_create("wire");
	int n;

	tcase_add_test(tc, test_srv_init_reply_is_exact);
	tcase_add_test(tc, test_srv_requests_before_init_get_eio);
	tcase_add_test(tc, test_srv_read_reply_sizes_and_data);
	tcase_add_test(tc, test_srv_write_ands_and_erase_sets_ff);
	tcase_add_test(tc, test_srv_stop_ends_run);
	tcase_add_test(tc, test_srv_init_refuses_before_sending);
	tcase_add_test(tc, test_srv_default_name_and_types);
	tcase_add_test(tc, test_srv_dispatch_by_opcode_table);
	for (n = 0; mm_pl_presets()[n]; n++)
		;
	tcase_add_loop_test(tc, test_srv_layout_serves_logical_pages, 0, n);
	suite_add_tcase(s_, tc);
	return s_;
}
