// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_pagelayout.c - the page-layout model: spec strings, decode and
 * encode round trips, bit flips up to and beyond t, erased pages, the
 * marker swap, LSB-first streams and a cross-check with the kernel's
 * software BCH as core/ecc/ecc.c computes it.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/ecc/bch.h"
#include "../../core/ecc/ecc.h"
#include "../../core/layout/pagelayout.h"

static struct mm_pagelayout pl;

static void fill(uint8_t *p, size_t n, uint32_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

static void parse_ok(const char *spec)
{
	char msg[160] = "";
	int ret = mm_pl_parse(&pl, spec, msg, sizeof(msg));

	ck_assert_msg(ret == 0, "%s: %s", spec, msg);
}

/* A 512+16 page: one step over 512 data + 9 user bytes, 7 ECC bytes. */
static const char *small = "data=512;oob=16;bch=13/4;fields=D512,O9,E7@9";

START_TEST(test_pl_spec_parses_and_formats_back)
{
	char buf[512], buf2[512];
	struct mm_pagelayout back;

	parse_ok("data=512;oob=16;bch=13/4;bbm=517;fields=D512,O9,E7");
	ck_assert_uint_eq(pl.phys_size, 528);
	ck_assert_uint_eq(pl.nsteps, 1);
	ck_assert_uint_eq(pl.msg_bits[0], 521 * 8);
	mm_pl_format(&pl, buf, sizeof(buf));
	ck_assert_int_eq(mm_pl_parse(&back, buf, NULL, 0), 0);
	mm_pl_format(&back, buf2, sizeof(buf2));
	ck_assert_str_eq(buf, buf2);
	mm_pl_release(&back);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_pl_spec_rejects_bad_layouts)
{
	char msg[160];

	/* data not covered, overlaps, short ECC, unknown items */
	ck_assert_int_eq(mm_pl_parse(&pl, "data=512;oob=16;bch=13/4;fields=D500,O21,E7", msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_pl_parse(&pl, "data=512;oob=16;bch=13/4;fields=D512,O9,O9@0/-,E7", msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_pl_parse(&pl, "data=512;oob=16;bch=13/8;fields=D512,O9,E7", msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_pl_parse(&pl, "data=512;oob=16;colour=red", msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(mm_pl_parse(&pl, "data=512;oob=16;bch=13/4;fields=D512,Q9,E7", msg, sizeof(msg)), -EINVAL);
	/* GF(2^13) holds at most 8191 bits */
	ck_assert_int_eq(mm_pl_parse(&pl, "data=1024;oob=16;bch=13/4;fields=D1024,O9,E7", msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "GF(2^13)"));
}
END_TEST

static void round_trip(const char *spec, unsigned int flips, bool expect_ok)
{
	uint8_t *data, *oob, *phys, *back, *boob;
	struct mm_ecc_stat st = { 0 };
	enum mm_page_state state;
	unsigned int i, j;

	parse_ok(spec);
	data = malloc(pl.data_size);
	oob = malloc(pl.oob_size);
	phys = malloc(pl.phys_size);
	back = malloc(pl.data_size);
	boob = malloc(pl.oob_size);
	fill(data, pl.data_size, 7);
	memset(oob, 0xff, pl.oob_size);
	ck_assert_int_eq(mm_pl_encode(&pl, 3, data, oob, phys), 0);
	/* distinct flips in step 0's fields, spread by a multiplicative hash */
	for (i = 0, j = 0; i < flips; j++) {
		uint32_t bit = (j * 2654435761u) % (8 * pl.phys_size);
		unsigned int k;

		for (k = 0; k < pl.nfields; k++)
			if (bit >= pl.f[k].phys && bit < pl.f[k].phys + pl.f[k].bits)
				break;
		if (k < pl.nfields && pl.f[k].step == 0) {
			phys[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			i++;
		}
	}
	ck_assert_int_eq(mm_pl_decode(&pl, 3, phys, back, boob, &st, &state), 0);
	if (expect_ok) {
		ck_assert_mem_eq(back, data, pl.data_size);
		ck_assert_int_eq(state, flips ? MM_PAGE_CORRECTED : MM_PAGE_CLEAN);
		ck_assert_uint_eq(st.corrected_bits, flips);
	} else {
		ck_assert_int_eq(state, MM_PAGE_UNCORRECTABLE);
		ck_assert_uint_ge(st.uncorrectable_steps, 1);
	}
	free(data);
	free(oob);
	free(phys);
	free(back);
	free(boob);
	mm_pl_release(&pl);
}

START_TEST(test_pl_round_trip_and_flips)
{
	round_trip(small, 0, true);
	round_trip(small, 4, true);
	round_trip(small, 5, false);
}
END_TEST

/* Unaligned fields, LSB-first stream: an i.MX-like two-chunk page. */
static const char *lsb = "data=1024;oob=64;pack=lsb;parity=lsb;bch=13/6;"
	"fields=O10,D512,E78b,D512,E78b,P276b";

START_TEST(test_pl_unaligned_lsb_stream)
{
	round_trip(lsb, 0, true);
	round_trip(lsb, 6, true);
	round_trip(lsb, 9, false);
}
END_TEST

START_TEST(test_pl_erased_page_reads_ff)
{
	uint8_t phys[528], data[512], oob[16];
	struct mm_ecc_stat st = { 0 };
	enum mm_page_state state;

	parse_ok(small);
	memset(phys, 0xff, sizeof(phys));
	ck_assert_int_eq(mm_pl_decode(&pl, 0, phys, data, oob, &st, &state), 0);
	ck_assert_int_eq(state, MM_PAGE_ERASED);
	ck_assert_uint_eq(st.erased_steps, 1);
	/* a few flips in an erased page: still erased, counted as corrected */
	phys[3] = 0xfe;
	phys[520] = 0x7f;
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(mm_pl_decode(&pl, 0, phys, data, oob, &st, &state), 0);
	ck_assert_int_eq(state, MM_PAGE_CORRECTED);
	ck_assert_uint_eq(st.erased_steps, 1);
	ck_assert_uint_eq(st.corrected_bits, 2);
	ck_assert_uint_eq(data[3], 0xff);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_pl_marker_swap)
{
	uint8_t data[512], oob[16], phys[528], back[512], boob[16];

	/* the physical byte 100 holds the marker; the data byte moves to O0 */
	parse_ok("data=512;oob=16;bch=13/4;bbm=100;swap=800:0;fields=D512,O9,E7");
	fill(data, sizeof(data), 1);
	memset(oob, 0xff, sizeof(oob));
	ck_assert_int_eq(mm_pl_encode(&pl, 0, data, oob, phys), 0);
	ck_assert_uint_eq(phys[100], 0xff);
	ck_assert_uint_eq(phys[512], data[100]);
	ck_assert(!mm_pl_is_bad(&pl, phys));
	ck_assert_int_eq(mm_pl_decode(&pl, 0, phys, back, boob, NULL, NULL), 0);
	ck_assert_mem_eq(back, data, sizeof(data));
	ck_assert_uint_eq(boob[0], 0xff);
	phys[100] = 0;
	ck_assert(mm_pl_is_bad(&pl, phys));
	mm_pl_release(&pl);
}
END_TEST

/*
 * The i.MX BCH convention as u-boot's arch/arm/mach-imx/cmd_nandbcb.c (from
 * kobs-ng) encodes an FCB page for i.MX6SX/7 ("62 bit BCH"): 32 zero
 * metadata bytes, then 8 blocks of 128 data bytes, each followed by the
 * kernel's encode_bch() of the block (default polynomial) with every ECC
 * byte bit-reversed, the whole packed LSB first, 806 bits per ECC. Built
 * here bit by bit, independently of the model.
 */
static void put_lsb(uint8_t *p, uint32_t *pos, unsigned int bit)
{
	if (bit)
		p[*pos / 8] |= (uint8_t)(1u << (*pos % 8));
	else
		p[*pos / 8] &= (uint8_t)~(1u << (*pos % 8));
	(*pos)++;
}

START_TEST(test_pl_matches_the_imx_fcb_encoder)
{
	uint8_t data[1024], want[1862], got[1862], ecc[104];
	struct mm_bch *b = mm_bch_new(13, 62, 0, 128);
	char spec[400];
	uint32_t pos = 0, i, k;
	int n;

	n = snprintf(spec, sizeof(spec), "data=1024;oob=32;pack=lsb;parity=lsb;bch=13/62;fields=O32");
	for (i = 0; i < 8; i++)
		n += snprintf(spec + n, sizeof(spec) - n, ",D128,E806b");
	parse_ok(spec);
	ck_assert_uint_eq(pl.phys_size, 1862);
	fill(data, sizeof(data), 21);
	memset(want, 0, sizeof(want));
	for (i = 0; i < 32 * 8; i++)
		put_lsb(want, &pos, 0);
	for (i = 0; i < 8; i++) {
		mm_bch_encode(b, data + 128 * i, 128, ecc);
		for (k = 0; k < 128 * 8; k++)
			put_lsb(want, &pos, data[128 * i + k / 8] >> (k % 8) & 1);
		/* reversed ECC bytes, LSB first: parity bit k in order */
		for (k = 0; k < 806; k++)
			put_lsb(want, &pos, ecc[k / 8] >> (7 - k % 8) & 1);
	}
	ck_assert_uint_eq(pos, 1862 * 8);
	{
		uint8_t oob[32];

		memset(oob, 0, sizeof(oob));
		ck_assert_int_eq(mm_pl_encode(&pl, 0, data, oob, got), 0);
	}
	ck_assert_mem_eq(got, want, sizeof(want));
	mm_bch_free(b);
	mm_pl_release(&pl);
}
END_TEST

/* The generic model reproduces Linux's software BCH byte for byte. */
START_TEST(test_pl_matches_kernel_soft_bch)
{
	struct mm_geom g = { .page_size = 2048, .oob_size = 64 };
	uint8_t data[2048], oob[64], phys[2112];
	struct mm_ecc *e;
	char msg[128];

	parse_ok("data=2048;oob=64;bch=13/4;oob-raw;xor-erased;"
		 "fields=D512/0,D512/1,D512/2,D512/3,P36,E7/0,E7/1,E7/2,E7/3");
	ck_assert_int_eq(mm_ecc_new(&e, "bch4", NULL, &g, msg, sizeof(msg)), 0);
	fill(data, sizeof(data), 9);
	memset(oob, 0xff, sizeof(oob));
	ck_assert_int_eq(mm_ecc_encode(e, data, oob), 0);
	ck_assert_int_eq(mm_pl_encode(&pl, 0, data, NULL, phys), 0);
	ck_assert_mem_eq(phys, data, 2048);
	ck_assert_mem_eq(phys + 2048, oob, 64);
	mm_ecc_free(e);
	mm_pl_release(&pl);
}
END_TEST

Suite *pagelayout_suite(void)
{
	Suite *s = suite_create("pagelayout");
	TCase *tc = tcase_create("spec");

	tcase_add_test(tc, test_pl_spec_parses_and_formats_back);
	tcase_add_test(tc, test_pl_spec_rejects_bad_layouts);
	suite_add_tcase(s, tc);
	tc = tcase_create("codec");
	tcase_add_test(tc, test_pl_round_trip_and_flips);
	tcase_add_test(tc, test_pl_unaligned_lsb_stream);
	tcase_add_test(tc, test_pl_erased_page_reads_ff);
	tcase_add_test(tc, test_pl_marker_swap);
	tcase_add_test(tc, test_pl_matches_kernel_soft_bch);
	tcase_add_test(tc, test_pl_matches_the_imx_fcb_encoder);
	suite_add_tcase(s, tc);
	return s;
}
