// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_record.c - the --record log and replay: records read back as
 * written, a torn tail (any truncation of the last record) is ignored, a
 * reopened log continues after its last whole record and refuses another
 * geometry or dump, a flipped payload byte ends the log there; replay at
 * every cut equals a reference model, a torn WRITE lies between the old
 * and the new page (bitwise), a torn ERASE leaves each page erased, as
 * before, or between the two, and the same seed gives the same bytes; with
 * an MLC pairing rule a torn upper page flips bits of its lower page among
 * the cells it was programming, and only there.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/muse/faults.h"
#include "../../core/muse/record.h"
#include "../../core/muse/replay.h"

#define PS	512
#define OOB	16
#define PPB	4
#define NB	8
#define NP	(PPB * NB)
#define PSZ	(PS + OOB)

static const struct mm_geom geom = {
	.page_size = PS, .oob_size = OOB, .pages_per_block = PPB,
	.block_count = NB, .bus_width = 8,
};
static struct mm_overlay_ident ident = { .dump_size = 4242, .format = "oob" };
static char path[64];
static char msg[256];
static uint8_t dump[NP][PSZ];	/* the recorded dump */

static void setup(void)
{
	int fd, p, i;

	snprintf(path, sizeof(path), "/tmp/check_record.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(path);
	memset(ident.sample, 0x5a, sizeof(ident.sample));
	for (p = 0; p < NP; p++)
		for (i = 0; i < PSZ; i++)
			dump[p][i] = (uint8_t)(p * 37 + i * 11 + 0x80) | 0x81;
}

static void teardown(void)
{
	unlink(path);
}

static int read_dump(void *arg, uint64_t page, uint8_t *data, uint8_t *oob)
{
	(void)arg;
	memcpy(data, dump[page], PS);
	memcpy(oob, dump[page] + PS, OOB);
	return 0;
}

/*
 * The workload: 0 WRITE p1 (2 pages), 1 SYNC, 2 ERASE b1+b2, 3 WRITE p5,
 * 4 MARKBAD b3, 5 WRITE p0, 6 SYNC. @model gets the chip after each.
 */
#define NREC	7
static uint8_t model[NREC + 1][NP][PSZ];
static bool model_bad[NREC + 1][NB];

static void pat(uint8_t *pg, uint64_t page, int v)
{
	int i;

	for (i = 0; i < PSZ; i++)
		pg[i] = (uint8_t)(page * 13 + i * v);
}

static void write_log(void)
{
	struct mm_record *r;
	uint8_t pg[PSZ];
	int n = 0, i, p;

	memcpy(model[0], dump, sizeof(dump));
	ck_assert_int_eq(mm_record_open(&r, path, &geom, &ident, msg,
					sizeof(msg)), 0);
#define NEXT() do { memcpy(model[n + 1], model[n], sizeof(dump));	\
		    memcpy(model_bad[n + 1], model_bad[n], NB); n++; } while (0)
	/* 0: two pages */
	mm_record_begin(r, MM_REC_WRITE, PS, 2 * PS, 1);
	NEXT();
	for (p = 1; p <= 2; p++) {
		pat(pg, p, 3);
		for (i = 0; i < PSZ; i++)
			pg[i] &= model[n - 1][p][i];
		memcpy(model[n][p], pg, PSZ);
		ck_assert_int_eq(mm_record_page(r, p, pg, pg + PS), 0);
	}
	ck_assert_int_eq(mm_record_end(r, 0), 0);
	/* 1 */
	mm_record_begin(r, MM_REC_SYNC, 0, 0, 0);
	NEXT();
	ck_assert_int_eq(mm_record_end(r, 0), 0);
	/* 2: blocks 1 and 2 */
	mm_record_begin(r, MM_REC_ERASE, PPB * PS, 2 * PPB * PS, 0);
	NEXT();
	for (p = PPB; p < 3 * PPB; p++)
		memset(model[n][p], 0xff, PSZ);
	ck_assert_int_eq(mm_record_block(r, 1), 0);
	ck_assert_int_eq(mm_record_block(r, 2), 0);
	ck_assert_int_eq(mm_record_end(r, 0), 0);
	/* 3: page 5 (erased) */
	mm_record_begin(r, MM_REC_WRITE, 5 * PS, PS, 1);
	NEXT();
	pat(pg, 5, 7);
	memcpy(model[n][5], pg, PSZ);
	ck_assert_int_eq(mm_record_page(r, 5, pg, pg + PS), 0);
	ck_assert_int_eq(mm_record_end(r, 0), 0);
	/* 4 */
	mm_record_begin(r, MM_REC_MARKBAD, 3 * PPB * PS, 0, 0);
	NEXT();
	model_bad[n][3] = true;
	ck_assert_int_eq(mm_record_end(r, 0), 0);
	/* 5: page 0, over the dump */
	mm_record_begin(r, MM_REC_WRITE, 0, PS, 1);
	NEXT();
	pat(pg, 0, 5);
	for (i = 0; i < PSZ; i++)
		pg[i] &= dump[0][i];
	memcpy(model[n][0], pg, PSZ);
	ck_assert_int_eq(mm_record_page(r, 0, pg, pg + PS), 0);
	ck_assert_int_eq(mm_record_end(r, 0), 0);
	/* 6 */
	mm_record_begin(r, MM_REC_SYNC, 0, 0, 0);
	NEXT();
	ck_assert_int_eq(mm_record_end(r, 0), 0);
	ck_assert_int_eq(mm_record_count(r), NREC);
	mm_record_close(r);
#undef NEXT
}

static off_t file_size(void)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return st.st_size;
}

static int count_records(uint64_t *torn)
{
	struct mm_rec_reader *rd;
	struct mm_rec_hdr hdr;
	struct mm_rec rec;
	int n = 0, ret;

	ck_assert_int_eq(mm_rec_open_read(&rd, path, &hdr, msg, sizeof(msg)),
			 0);
	while ((ret = mm_rec_next(rd, &rec)) > 0)
		n++;
	ck_assert_int_eq(ret, 0);
	if (torn)
		*torn = mm_rec_torn(rd);
	mm_rec_close_read(rd);
	return n;
}

START_TEST(test_record_reads_back)
{
	struct mm_rec_reader *rd;
	struct mm_rec_hdr hdr;
	struct mm_rec rec;
	static const uint32_t ops[NREC] = {
		MM_REC_WRITE, MM_REC_SYNC, MM_REC_ERASE, MM_REC_WRITE,
		MM_REC_MARKBAD, MM_REC_WRITE, MM_REC_SYNC,
	};
	int i;

	write_log();
	ck_assert_int_eq(mm_rec_open_read(&rd, path, &hdr, msg, sizeof(msg)),
			 0);
	ck_assert_uint_eq(hdr.geom.page_size, PS);
	ck_assert_uint_eq(hdr.geom.oob_size, OOB);
	ck_assert_uint_eq(hdr.geom.pages_per_block, PPB);
	ck_assert_uint_eq(hdr.geom.block_count, NB);
	ck_assert_uint_eq(hdr.id.dump_size, 4242);
	ck_assert_str_eq(hdr.id.format, "oob");
	for (i = 0; i < NREC; i++) {
		ck_assert_int_eq(mm_rec_next(rd, &rec), 1);
		ck_assert_uint_eq(rec.op, ops[i]);
		ck_assert_uint_eq(rec.seq, (uint64_t)i);
	}
	ck_assert_int_eq(mm_rec_next(rd, &rec), 0);
	ck_assert_uint_eq(mm_rec_torn(rd), 0);
	mm_rec_close_read(rd);
}
END_TEST

/* Every truncation inside the last record: that record is ignored. */
START_TEST(test_record_torn_tail_ignored)
{
	off_t full, cut;
	uint64_t torn;

	write_log();
	full = file_size();
	/* the last record is a SYNC: 48 bytes */
	for (cut = full - 1; cut > full - MM_REC_REC_SIZE; cut--) {
		ck_assert_int_eq(truncate(path, cut), 0);
		ck_assert_int_eq(count_records(&torn), NREC - 1);
		ck_assert_uint_eq(torn, (uint64_t)(cut - (full -
							  MM_REC_REC_SIZE)));
	}
}
END_TEST

START_TEST(test_record_corrupt_payload_ends_log)
{
	int fd;
	uint8_t b;

	write_log();
	/* a byte in the payload of record 0 (after header + record header) */
	fd = open(path, O_RDWR);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, &b, 1, MM_REC_HDR_SIZE + 48 + 100), 1);
	b ^= 1;
	ck_assert_int_eq(pwrite(fd, &b, 1, MM_REC_HDR_SIZE + 48 + 100), 1);
	close(fd);
	ck_assert_int_eq(count_records(NULL), 0);
}
END_TEST

START_TEST(test_record_reopen_appends)
{
	struct mm_overlay_ident other = ident;
	struct mm_geom g2 = geom;
	struct mm_record *r;

	write_log();
	ck_assert_int_eq(truncate(path, file_size() - 5), 0);
	ck_assert_int_eq(mm_record_open(&r, path, &geom, &ident, msg,
					sizeof(msg)), 0);
	ck_assert_uint_eq(mm_record_count(r), NREC - 1);
	mm_record_begin(r, MM_REC_SYNC, 0, 0, 0);
	ck_assert_int_eq(mm_record_end(r, 0), 0);
	mm_record_close(r);
	ck_assert_int_eq(count_records(NULL), NREC);
	g2.block_count = NB * 2;
	ck_assert_int_eq(mm_record_open(&r, path, &g2, &ident, msg,
					sizeof(msg)), -EINVAL);
	ck_assert_msg(strstr(msg, "another geometry"), "%s", msg);
	other.sample[0] ^= 1;
	ck_assert_int_eq(mm_record_open(&r, path, &geom, &other, msg,
					sizeof(msg)), -EINVAL);
	ck_assert_msg(strstr(msg, "another dump"), "%s", msg);
}
END_TEST

START_TEST(test_record_not_a_log)
{
	struct mm_rec_reader *rd;
	struct mm_rec_hdr hdr;
	FILE *f = fopen(path, "w");

	fputs("hello, this is not a log at all, but it is long enough to be read as one; padding padding padding padding padding padding padding", f);
	fclose(f);
	ck_assert_int_eq(mm_rec_open_read(&rd, path, &hdr, msg, sizeof(msg)),
			 -EINVAL);
	ck_assert_msg(strstr(msg, "not a muse-mount record log"), "%s", msg);
}
END_TEST

/* Replay the log at @cut into a fresh overlay; the chip, page by page. */
static void replay_mlc(uint64_t cut, bool torn, uint64_t seed,
		       const struct mm_pairing *pairing, uint8_t (*chip)[PSZ],
		       bool *bad, struct mm_replay_result *res)
{
	struct mm_replay_opts o = { .cut = cut, .torn = torn, .seed = seed,
				    .pairing = pairing };
	struct mm_rec_reader *rd;
	struct mm_overlay *ov;
	struct mm_rec_hdr hdr;
	int p, ret;

	ck_assert_int_eq(mm_rec_open_read(&rd, path, &hdr, msg, sizeof(msg)),
			 0);
	ck_assert_int_eq(mm_overlay_open(&ov, NULL, &geom, &ident, msg,
					 sizeof(msg)), 0);
	ret = mm_replay(rd, &geom, ov, read_dump, NULL, &o, res, msg,
			sizeof(msg));
	ck_assert_msg(ret == 0, "replay: %s", msg);
	for (p = 0; p < NP; p++) {
		ret = mm_overlay_read_page(ov, p, chip[p], chip[p] + PS);
		if (ret == MM_OVL_ERASED)
			memset(chip[p], 0xff, PSZ);
		else if (ret == MM_OVL_MISS)
			memcpy(chip[p], dump[p], PSZ);
	}
	for (p = 0; p < NB; p++)
		bad[p] = mm_overlay_is_bad(ov, p);
	mm_overlay_close(ov);
	mm_rec_close_read(rd);
}

static void replay(uint64_t cut, bool torn, uint64_t seed,
		   uint8_t (*chip)[PSZ], bool *bad,
		   struct mm_replay_result *res)
{
	replay_mlc(cut, torn, seed, NULL, chip, bad, res);
}

START_TEST(test_replay_every_cut)
{
	static uint8_t chip[NP][PSZ];
	struct mm_replay_result res;
	bool bad[NB];
	int cut;

	write_log();
	for (cut = 0; cut <= NREC; cut++) {
		replay((uint64_t)cut, false, 0, chip, bad, &res);
		ck_assert_uint_eq(res.total, NREC);
		ck_assert_uint_eq(res.cut, (uint64_t)cut);
		ck_assert_msg(!memcmp(chip, model[cut], sizeof(chip)),
			      "cut %d differs from the model", cut);
		ck_assert_int_eq(memcmp(bad, model_bad[cut], NB), 0);
	}
	ck_assert_uint_eq(res.syncs, 2);
}
END_TEST

static bool between(const uint8_t *old, const uint8_t *x, const uint8_t *nw,
		    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((x[i] & ~old[i]) || (nw[i] & ~x[i]))
			return false;
	return true;
}

START_TEST(test_replay_torn)
{
	static uint8_t chip[NP][PSZ], again[NP][PSZ];
	struct mm_replay_result res;
	bool bad[NB];
	uint64_t seed;
	int p, partial = 0, erased_seen = 0;

	write_log();
	for (seed = 0; seed < 40; seed++) {
		/* record 0: WRITE of pages 1, 2 */
		replay(0, true, seed, chip, bad, &res);
		ck_assert_uint_eq(res.torn_op, MM_REC_WRITE);
		for (p = 0; p < NP; p++)
			ck_assert(between(model[0][p], chip[p], model[1][p],
					  PSZ));
		ck_assert_uint_le(res.torn_bits, res.torn_of);
		partial += res.torn_bits && res.torn_bits < res.torn_of;
		/* the same seed: the same bytes */
		replay(0, true, seed, again, bad, &res);
		ck_assert_int_eq(memcmp(chip, again, sizeof(chip)), 0);
		/* record 2: ERASE of blocks 1, 2 */
		replay(2, true, seed, chip, bad, &res);
		ck_assert_uint_eq(res.torn_op, MM_REC_ERASE);
		for (p = 0; p < NP; p++) {
			bool ff = true;
			int i;

			for (i = 0; i < PSZ; i++)
				ff &= chip[p][i] == 0xff;
			erased_seen += ff && p >= PPB && p < 3 * PPB;
			/* erase only sets bits: between old and 0xFF */
			for (i = 0; i < PSZ; i++)
				ck_assert_uint_eq(chip[p][i] & model[2][p][i],
						  model[2][p][i]);
		}
		/* record 4: MARKBAD cut: not applied */
		replay(4, true, seed, chip, bad, &res);
		ck_assert(!bad[3]);
		ck_assert_int_eq(memcmp(chip, model[4], sizeof(chip)), 0);
	}
	ck_assert_int_gt(partial, 30);
	ck_assert_int_gt(erased_seen, 40);
}
END_TEST

/*
 * dist3 over 4 pages per block pairs (0,2) and (1,3). Record 0 programs
 * pages 1 (a lower page) and 2 (the upper page of page 0): torn at page 2,
 * page 0 gets flips exactly among the cells page 2's program moved (its
 * 1->0 bits), about half of them, either way; torn at page 1, page 0 is
 * left alone. Without --pairing page 0 never changes.
 */
START_TEST(test_replay_torn_mlc_pairing)
{
	static uint8_t chip[NP][PSZ], again[NP][PSZ], plain[NP][PSZ];
	struct mm_pairing dist3 = { .kind = MM_PAIRING_DIST3 };
	struct mm_replay_result res, res2;
	uint64_t seed, flipped = 0, moved = 0;
	int i, at2 = 0, at1 = 0, up = 0;
	bool bad[NB];

	write_log();
	for (seed = 0; seed < 40; seed++) {
		replay_mlc(0, true, seed, &dist3, chip, bad, &res);
		replay(0, true, seed, plain, bad, &res2);
		ck_assert_int_eq(memcmp(plain[0], model[0][0], PSZ), 0);
		/* the pairing changes page 0 only */
		ck_assert_int_eq(memcmp(chip[1], plain[1], (NP - 1) * PSZ), 0);
		ck_assert_uint_eq(res.torn_what, res2.torn_what);
		if (res.torn_what == 1) {
			at1++;
			ck_assert(!res.paired);
			ck_assert_int_eq(memcmp(chip[0], model[0][0], PSZ), 0);
			continue;
		}
		ck_assert_uint_eq(res.torn_what, 2);
		at2++;
		ck_assert(res.paired);
		ck_assert_uint_eq(res.paired_page, 0);
		{
			uint64_t n = 0, m = 0;

			for (i = 0; i < PSZ; i++) {
				uint8_t mask = model[0][2][i] & ~model[1][2][i];
				uint8_t x = chip[0][i] ^ model[0][0][i];

				ck_assert_msg(!(x & ~mask),
					      "seed %d: byte %d flipped outside the moved cells",
					      (int)seed, i);
				n += (uint64_t)__builtin_popcount(x);
				m += (uint64_t)__builtin_popcount(mask);
				up += !!(x & ~model[0][0][i]);
			}
			ck_assert_uint_eq(res.paired_bits, n);
			ck_assert_uint_eq(res.paired_of, m);
			flipped += n;
			moved += m;
		}
		/* the same seed: the same bytes */
		replay_mlc(0, true, seed, &dist3, again, bad, &res2);
		ck_assert_int_eq(memcmp(chip, again, sizeof(chip)), 0);
	}
	ck_assert_int_gt(at1, 5);
	ck_assert_int_gt(at2, 5);
	ck_assert_uint_gt(moved, 1000);
	/* about half: between 40 % and 60 % */
	ck_assert_uint_gt(flipped * 10, moved * 4);
	ck_assert_uint_lt(flipped * 10, moved * 6);
	ck_assert_int_gt(up, 0);	/* 0 -> 1 too */
}
END_TEST

START_TEST(test_replay_random_cut_is_seeded)
{
	static uint8_t chip[NP][PSZ];
	struct mm_replay_result a, b;
	bool bad[NB], seen[NREC + 1] = { false };
	uint64_t seed;
	int n = 0, i;

	write_log();
	for (seed = 0; seed < 60; seed++) {
		replay(MM_REPLAY_RANDOM, false, seed, chip, bad, &a);
		replay(MM_REPLAY_RANDOM, false, seed, chip, bad, &b);
		ck_assert_uint_eq(a.cut, b.cut);
		ck_assert_uint_le(a.cut, NREC);
		seen[a.cut] = true;
	}
	for (i = 0; i <= NREC; i++)
		n += seen[i];
	ck_assert_int_ge(n, 6);
}
END_TEST

START_TEST(test_replay_cut_past_the_end)
{
	struct mm_replay_opts o = { .cut = NREC + 1 };
	struct mm_replay_result res;
	struct mm_rec_reader *rd;
	struct mm_overlay *ov;
	struct mm_rec_hdr hdr;

	write_log();
	ck_assert_int_eq(mm_rec_open_read(&rd, path, &hdr, msg, sizeof(msg)),
			 0);
	ck_assert_int_eq(mm_overlay_open(&ov, NULL, &geom, &ident, msg,
					 sizeof(msg)), 0);
	ck_assert_int_eq(mm_replay(rd, &geom, ov, read_dump, NULL, &o, &res,
				   msg, sizeof(msg)), -EINVAL);
	ck_assert_msg(strstr(msg, "past the log's 7 records"), "%s", msg);
	mm_overlay_close(ov);
	mm_rec_close_read(rd);
}
END_TEST

Suite *record_suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("log");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_record_reads_back);
	tcase_add_test(tc, test_record_torn_tail_ignored);
	tcase_add_test(tc, test_record_corrupt_payload_ends_log);
	tcase_add_test(tc, test_record_reopen_appends);
	tcase_add_test(tc, test_record_not_a_log);
	tcase_add_test(tc, test_replay_every_cut);
	tcase_add_test(tc, test_replay_torn);
	tcase_add_test(tc, test_replay_torn_mlc_pairing);
	tcase_add_test(tc, test_replay_random_cut_is_seeded);
	tcase_add_test(tc, test_replay_cut_past_the_end);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
