// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_overlay.c - the copy-on-write overlay: persistence across reopen,
 * erase and markbad records, the newest record winning, slot reuse, torn
 * records and block entries, refusal of a foreign overlay, the lock, and a
 * randomised comparison against a plain in-memory reference.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/overlay.h"

#define PS	512
#define OOB	16
#define PPB	4
#define NB	8
#define SLOT	(32 + PS + OOB)

static const struct mm_geom geom = {
	.page_size = PS, .oob_size = OOB, .pages_per_block = PPB,
	.block_count = NB, .bus_width = 8,
};
static struct mm_overlay_ident ident = { .dump_size = 4242, .format = "oob" };
static char path[64];
static char msg[256];

static void setup(void)
{
	int fd;

	snprintf(path, sizeof(path), "/tmp/check_overlay.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(path);	/* let the overlay create it */
	memset(ident.sample, 0x5a, sizeof(ident.sample));
}

static void teardown(void)
{
	unlink(path);
}

static struct mm_overlay *open_ov(void)
{
	struct mm_overlay *ov;
	int ret = mm_overlay_open(&ov, path, &geom, &ident, msg, sizeof(msg));

	ck_assert_msg(ret == 0, "open: %d %s", ret, msg);
	return ov;
}

static void page_fill(uint8_t *d, uint8_t *o, int v)
{
	memset(d, v, PS);
	memset(o, v ^ 0xff, OOB);
}

static void expect_page(struct mm_overlay *ov, uint64_t page, int v)
{
	uint8_t d[PS], o[OOB], ed[PS], eo[OOB];

	ck_assert_int_eq(mm_overlay_read_page(ov, page, d, o),
			 MM_OVL_PROGRAMMED);
	page_fill(ed, eo, v);
	ck_assert(!memcmp(d, ed, PS));
	ck_assert(!memcmp(o, eo, OOB));
}

static void write_v(struct mm_overlay *ov, uint64_t page, int v)
{
	uint8_t d[PS], o[OOB];

	page_fill(d, o, v);
	ck_assert_int_eq(mm_overlay_write_page(ov, page, d, o, true), 0);
}

START_TEST(test_overlay_pages_survive_reopen)
{
	struct mm_overlay *ov = open_ov();

	ck_assert(mm_overlay_persistent(ov));
	ck_assert_int_eq(mm_overlay_read_page(ov, 3, NULL, NULL), MM_OVL_MISS);
	write_v(ov, 3, 0x11);
	write_v(ov, 31, 0x22);
	expect_page(ov, 3, 0x11);
	mm_overlay_close(ov);
	ov = open_ov();
	expect_page(ov, 3, 0x11);
	expect_page(ov, 31, 0x22);
	ck_assert_int_eq(mm_overlay_read_page(ov, 4, NULL, NULL), MM_OVL_MISS);
	ck_assert_int_eq(mm_overlay_read_page(ov, 32, NULL, NULL), -EINVAL);
	mm_overlay_close(ov);
}
END_TEST

START_TEST(test_overlay_erase_and_markbad_survive_reopen)
{
	struct mm_overlay *ov = open_ov();
	struct mm_overlay_stats st;

	write_v(ov, 4, 0x33);
	write_v(ov, 5, 0x34);
	write_v(ov, 8, 0x35);
	ck_assert_int_eq(mm_overlay_erase_block(ov, 1, true), 0);
	ck_assert_int_eq(mm_overlay_read_page(ov, 4, NULL, NULL),
			 MM_OVL_ERASED);
	ck_assert_int_eq(mm_overlay_read_page(ov, 7, NULL, NULL),
			 MM_OVL_ERASED);
	write_v(ov, 6, 0x36);	/* programmed after the erase */
	ck_assert_int_eq(mm_overlay_markbad(ov, 7, true), 0);
	ck_assert(mm_overlay_is_bad(ov, 7));
	ck_assert(!mm_overlay_is_bad(ov, 1));
	ck_assert(mm_overlay_is_erased(ov, 1));
	mm_overlay_close(ov);

	ov = open_ov();
	ck_assert_int_eq(mm_overlay_read_page(ov, 4, NULL, NULL),
			 MM_OVL_ERASED);
	ck_assert_int_eq(mm_overlay_read_page(ov, 5, NULL, NULL),
			 MM_OVL_ERASED);
	expect_page(ov, 6, 0x36);
	expect_page(ov, 8, 0x35);
	ck_assert(mm_overlay_is_bad(ov, 7));
	ck_assert(!mm_overlay_is_erased(ov, 7));
	ck_assert(mm_overlay_is_erased(ov, 1));
	/* A second erase after the markbad keeps the bad mark. */
	ck_assert_int_eq(mm_overlay_erase_block(ov, 7, true), 0);
	ck_assert(mm_overlay_is_bad(ov, 7));
	mm_overlay_get_stats(ov, &st);
	ck_assert_uint_eq(st.pages, 2);
	mm_overlay_close(ov);
	ov = open_ov();
	ck_assert(mm_overlay_is_bad(ov, 7));
	ck_assert(mm_overlay_is_erased(ov, 7));
	mm_overlay_close(ov);
}
END_TEST

START_TEST(test_overlay_rewrites_reuse_slots)
{
	struct mm_overlay *ov = open_ov();
	struct mm_overlay_stats st;
	int i;

	for (i = 0; i < 100; i++)
		write_v(ov, 9, i);
	expect_page(ov, 9, 99);
	mm_overlay_get_stats(ov, &st);
	ck_assert_uint_eq(st.pages, 1);
	ck_assert_uint_le(st.slots, 2);	/* the file does not grow */
	mm_overlay_close(ov);
	ov = open_ov();
	expect_page(ov, 9, 99);
	mm_overlay_close(ov);
}
END_TEST

START_TEST(test_overlay_torn_newest_record_falls_back)
{
	struct mm_overlay *ov = open_ov();
	struct mm_overlay_stats st;
	uint64_t slot_off;
	uint8_t b;
	int fd;

	write_v(ov, 2, 0x41);	/* slot 0 */
	write_v(ov, 2, 0x42);	/* slot 1; slot 0 free but not reused */
	mm_overlay_get_stats(ov, &st);
	ck_assert_uint_eq(st.slots, 2);
	mm_overlay_close(ov);
	/* A power cut in the middle of slot 1: one byte of it is wrong. */
	slot_off = st.file_bytes - SLOT;
	fd = open(path, O_RDWR);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, &b, 1, slot_off + 100), 1);
	b ^= 0x80;
	ck_assert_int_eq(pwrite(fd, &b, 1, slot_off + 100), 1);
	/* ... and half a slot appended after it. */
	ck_assert_int_eq(ftruncate(fd, st.file_bytes + SLOT / 2), 0);
	close(fd);
	ov = open_ov();
	expect_page(ov, 2, 0x41);
	write_v(ov, 2, 0x43);
	mm_overlay_close(ov);
	ov = open_ov();
	expect_page(ov, 2, 0x43);
	mm_overlay_close(ov);
}
END_TEST

START_TEST(test_overlay_torn_block_entry_keeps_previous_state)
{
	struct mm_overlay *ov = open_ov();
	uint8_t b;
	int fd;

	write_v(ov, 12, 0x51);
	ck_assert_int_eq(mm_overlay_erase_block(ov, 3, true), 0); /* copy 0 */
	write_v(ov, 13, 0x52);
	ck_assert_int_eq(mm_overlay_markbad(ov, 3, true), 0);	   /* copy 1 */
	mm_overlay_close(ov);
	/* Tear copy 1 (the newest): the erase (copy 0) must remain. */
	fd = open(path, O_RDWR);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, &b, 1, 4096 + (3 * 2 + 1) * 32 + 20), 1);
	b ^= 1;
	ck_assert_int_eq(pwrite(fd, &b, 1, 4096 + (3 * 2 + 1) * 32 + 20), 1);
	close(fd);
	ov = open_ov();
	ck_assert(mm_overlay_is_erased(ov, 3));
	ck_assert(!mm_overlay_is_bad(ov, 3));
	ck_assert_int_eq(mm_overlay_read_page(ov, 12, NULL, NULL),
			 MM_OVL_ERASED);
	expect_page(ov, 13, 0x52);
	mm_overlay_close(ov);
}
END_TEST

START_TEST(test_overlay_refuses_foreign_files)
{
	struct mm_overlay *ov, *ov2;
	struct mm_geom g2 = geom;
	struct mm_overlay_ident id2 = ident;
	int fd;

	ov = open_ov();
	/* Locked while open. */
	ck_assert_int_eq(mm_overlay_open(&ov2, path, &geom, &ident, msg,
					 sizeof(msg)), -EBUSY);
	mm_overlay_close(ov);
	g2.block_count = NB * 2;
	ck_assert_int_eq(mm_overlay_open(&ov2, path, &g2, &ident, msg,
					 sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "geometry"));
	id2.sample[5] ^= 1;
	ck_assert_int_eq(mm_overlay_open(&ov2, path, &geom, &id2, msg,
					 sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "another dump"));
	id2 = ident;
	snprintf(id2.format, sizeof(id2.format), "nanddump");
	ck_assert_int_eq(mm_overlay_open(&ov2, path, &geom, &id2, msg,
					 sizeof(msg)), -EINVAL);
	/* Not an overlay at all. */
	fd = open(path, O_WRONLY | O_TRUNC);
	ck_assert_int_eq(write(fd, "hello, world, this is not an overlay", 36),
			 36);
	close(fd);
	ck_assert_int_eq(mm_overlay_open(&ov2, path, &geom, &ident, msg,
					 sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "not a muse-mount overlay"));
	/* An empty file becomes a new overlay. */
	fd = open(path, O_WRONLY | O_TRUNC);
	close(fd);
	ov = open_ov();
	mm_overlay_close(ov);
}
END_TEST

/* Random programs/erases compared with a flat reference, then reopened. */
static void random_against_reference(const char *p)
{
	static uint8_t ref[NB * PPB][PS + OOB];
	static int state[NB * PPB];	/* 0 miss, 1 erased, 2 programmed */
	uint8_t d[PS], o[OOB];
	struct mm_overlay *ov;
	unsigned int seed = 1, i, pg, k;
	int pass, r;

	memset(state, 0, sizeof(state));
	for (pass = 0; pass < 2; pass++) {
		ck_assert_int_eq(mm_overlay_open(&ov, p, &geom, &ident, msg,
						 sizeof(msg)), 0);
		for (i = 0; i < 2000; i++) {
			pg = rand_r(&seed) % (NB * PPB);
			if (rand_r(&seed) % 8 == 0) {
				unsigned int blk = pg / PPB;

				ck_assert_int_eq(mm_overlay_erase_block(ov,
						 blk, i % 3 == 0), 0);
				for (k = 0; k < PPB; k++)
					state[blk * PPB + k] = 1;
				continue;
			}
			for (k = 0; k < PS; k++)
				d[k] = rand_r(&seed);
			for (k = 0; k < OOB; k++)
				o[k] = rand_r(&seed);
			ck_assert_int_eq(mm_overlay_write_page(ov, pg, d, o,
							       i % 5 == 0), 0);
			memcpy(ref[pg], d, PS);
			memcpy(ref[pg] + PS, o, OOB);
			state[pg] = 2;
		}
		ck_assert_int_eq(mm_overlay_sync(ov), 0);
		if (p) {
			mm_overlay_close(ov);
			ck_assert_int_eq(mm_overlay_open(&ov, p, &geom, &ident,
							 msg, sizeof(msg)), 0);
		}
		for (pg = 0; pg < NB * PPB; pg++) {
			r = mm_overlay_read_page(ov, pg, d, o);
			if (state[pg] == 2) {
				ck_assert_int_eq(r, MM_OVL_PROGRAMMED);
				ck_assert(!memcmp(d, ref[pg], PS));
				ck_assert(!memcmp(o, ref[pg] + PS, OOB));
			} else {
				ck_assert_int_eq(r, state[pg] ? MM_OVL_ERASED :
						 MM_OVL_MISS);
			}
		}
		mm_overlay_close(ov);
		if (!p)
			break;
	}
}

START_TEST(test_overlay_random_file)
{
	random_against_reference(path);
}
END_TEST

START_TEST(test_overlay_random_memory)
{
	random_against_reference(NULL);
}
END_TEST

START_TEST(test_overlay_ident_hashes_ends_and_size)
{
	struct mm_overlay_ident a, b;
	char p2[64];
	uint8_t buf[3000];
	int fd;

	snprintf(p2, sizeof(p2), "/tmp/check_ovident.XXXXXX");
	fd = mkstemp(p2);
	ck_assert_int_ge(fd, 0);
	memset(buf, 7, sizeof(buf));
	ck_assert_int_eq(write(fd, buf, sizeof(buf)), sizeof(buf));
	ck_assert_int_eq(mm_overlay_ident_fd(fd, &a), 0);
	ck_assert_uint_eq(a.dump_size, sizeof(buf));
	ck_assert_int_eq(pwrite(fd, "x", 1, 1500), 1);
	ck_assert_int_eq(mm_overlay_ident_fd(fd, &b), 0);
	ck_assert(memcmp(a.sample, b.sample, sizeof(a.sample)));
	close(fd);
	unlink(p2);
}
END_TEST

Suite *overlay_suite(void)
{
	Suite *s = suite_create("overlay");
	TCase *tc = tcase_create("file");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_overlay_pages_survive_reopen);
	tcase_add_test(tc, test_overlay_erase_and_markbad_survive_reopen);
	tcase_add_test(tc, test_overlay_rewrites_reuse_slots);
	tcase_add_test(tc, test_overlay_torn_newest_record_falls_back);
	tcase_add_test(tc, test_overlay_torn_block_entry_keeps_previous_state);
	tcase_add_test(tc, test_overlay_refuses_foreign_files);
	tcase_add_test(tc, test_overlay_random_file);
	tcase_add_test(tc, test_overlay_random_memory);
	tcase_add_test(tc, test_overlay_ident_hashes_ends_and_size);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
