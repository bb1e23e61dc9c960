// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_preset_omap.c - the TI GPMC/ELM layouts omap-bch8 and omap-bch16:
 * OOB places from omap2.c, the driver's erased-step vectors, the common
 * checks, t + 1 flips.
 */
#include <check.h>
#include <string.h>

#include "../../core/ecc/bch.h"
#include "../../core/ecc/ecc.h"
#include "preset_util.h"

static struct mm_pagelayout pl;

/* omap2.c: the syndrome of an erased step, the code of 0xFF × (512 + 26) */
static const uint8_t bch16_vector[26] = {
	0xf5, 0x24, 0x1c, 0xd0, 0x61, 0xb3, 0xf1, 0x55, 0x2e, 0x2c, 0x86,
	0xa3, 0xed, 0x36, 0x1b, 0x78, 0x48, 0x76, 0xa9, 0x3b, 0x97, 0xd1,
	0x7a, 0x93, 0x07, 0x0e,
};

/* omap2.c: bch8_polynomial = ~BCH-8(512 × 0xFF) */
static const uint8_t bch8_polynomial[13] = {
	0xef, 0x51, 0x2e, 0x09, 0xed, 0x93, 0x9a, 0xc2, 0x97, 0x79, 0xe5,
	0x24, 0xb5,
};

/* @phys: the page for @data (@ps bytes, or random when NULL), OOB all 0xFF */
static void encode(const char *arg, uint32_t ps, uint32_t os,
		   const uint8_t *data, uint8_t *phys)
{
	struct mm_pl_geom g = { ps, os, 64 };
	uint8_t rnd[4096];
	char msg[160];

	ck_assert_int_eq(mm_pl_from_arg(&pl, arg, &g, msg, sizeof(msg)), 0);
	if (!data) {
		preset_fill(rnd, ps, 21);
		data = rnd;
	}
	ck_assert_int_eq(mm_pl_encode(&pl, 7, data, NULL, phys), 0);
}

START_TEST(test_omap_bch8_geometries)
{
	preset_check_all(&pl, "omap-bch8", 2048, 64, 64);
	ck_assert_uint_eq(pl.m, 13);
	ck_assert_uint_eq(pl.t, 8);
	ck_assert_uint_eq(pl.poly, 0);
	ck_assert(pl.oob_raw && !pl.xor_erased && !pl.codec_lsb && !pl.parity_lsb);
	ck_assert_uint_eq(pl.bbm_phys, 2048);
	/* omap_ooblayout_ecc/free: ECC 2..57, free 58..63 */
	ck_assert_uint_eq(pl.oob.bbm.off, 0);
	ck_assert_uint_eq(pl.oob.bbm.len, 2);
	ck_assert_uint_eq(pl.oob.ecc[0].off, 2);
	ck_assert_uint_eq(pl.oob.ecc[0].len, 56);
	ck_assert_uint_eq(pl.oob.free[0].off, 58);
	ck_assert_uint_eq(pl.oob.oobavail, 6);
	mm_pl_release(&pl);
	preset_check_all(&pl, "omap-bch8", 4096, 224, 64);
	ck_assert_uint_eq(pl.nsteps, 8);
	ck_assert_uint_eq(pl.oob.ecc[0].len, 112);
	ck_assert_uint_eq(pl.oob.free[0].off, 114);
	ck_assert_uint_eq(pl.oob.oobavail, 110);
	mm_pl_release(&pl);
	/* 2 + 4 × 14 = 58 bytes: a 16-byte OOB per 512 is too small for 4K+128 */
	ck_assert_int_ne(mm_pl_from_arg(&pl, "omap-bch8",
					&(struct mm_pl_geom){ 4096, 64, 64 },
					NULL, 0), 0);
	ck_assert_int_ne(mm_pl_from_arg(&pl, "omap-bch8:t=4",
					&(struct mm_pl_geom){ 2048, 64, 64 },
					NULL, 0), 0);
}
END_TEST

START_TEST(test_omap_bch16_geometries)
{
	/* 2 + 4 × 26 = 106 > 64 */
	ck_assert_int_ne(mm_pl_from_arg(&pl, "omap-bch16",
					&(struct mm_pl_geom){ 2048, 64, 64 },
					NULL, 0), 0);
	preset_check_all(&pl, "omap-bch16", 2048, 128, 64);
	ck_assert_uint_eq(pl.t, 16);
	ck_assert_uint_eq(pl.oob.ecc[0].len, 104);
	ck_assert_uint_eq(pl.oob.free[0].off, 106);
	mm_pl_release(&pl);
	preset_check_all(&pl, "omap-bch16", 4096, 224, 64);
	ck_assert_uint_eq(pl.oob.ecc[0].off, 2);
	ck_assert_uint_eq(pl.oob.ecc[0].len, 208);
	ck_assert_uint_eq(pl.oob.free[0].off, 210);
	ck_assert_uint_eq(pl.oob.oobavail, 14);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_omap_vectors_of_the_driver)
{
	uint8_t ff[538], ecc[32], data[2048], phys[2112];
	struct mm_bch *b;
	unsigned int i, s;

	/* bch16_vector: GF(2^13), the kernel's polynomial, MSB first */
	memset(ff, 0xff, sizeof(ff));
	b = mm_bch_new(13, 16, 0, 538);
	ck_assert_ptr_nonnull(b);
	mm_bch_encode(b, ff, 538, ecc);
	ck_assert_mem_eq(ecc, bch16_vector, 26);
	mm_bch_free(b);

	/* a step of 512 × 0xFF stores ~bch8_polynomial (plain code), then 0x00 */
	preset_fill(data, sizeof(data), 22);
	memset(data + 512, 0xff, 512);
	encode("omap-bch8", 2048, 64, data, phys);
	for (i = 0; i < 13; i++)
		ck_assert_uint_eq((uint8_t)~phys[2048 + 2 + 14 + i],
				  bch8_polynomial[i]);
	for (s = 0; s < 4; s++)
		ck_assert_uint_eq(phys[2048 + 2 + 14 * s + 13], 0);
	ck_assert_uint_eq(phys[2048], 0xff);
	ck_assert_uint_eq(phys[2049], 0xff);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_omap_t_plus_one_is_uncorrectable)
{
	uint8_t phys[4096 + 224];

	encode("omap-bch8", 2048, 64, NULL, phys);
	preset_check_uncorrectable(&pl, phys, 0, 9, 31);
	preset_check_uncorrectable(&pl, phys, 3, 9, 32);
	mm_pl_release(&pl);
	encode("omap-bch16", 4096, 224, NULL, phys);
	preset_check_uncorrectable(&pl, phys, 0, 17, 33);
	preset_check_uncorrectable(&pl, phys, 7, 17, 34);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_omap_flips_in_every_step)
{
	uint8_t phys[4096 + 224];
	unsigned int seed;

	for (seed = 1; seed <= 4; seed++) {
		encode("omap-bch8", 2048, 64, NULL, phys);
		preset_check_every_step(&pl, seed);
		mm_pl_release(&pl);
		encode("omap-bch16", 4096, 224, NULL, phys);
		preset_check_every_step(&pl, seed);
		mm_pl_release(&pl);
	}
}
END_TEST

/*
 * The same page through core/ecc: --ecc=bch8 with --oob-layout omap-bch8
 * (ooblayout.c, plain code). Its slots list the 13 code bytes only, so the
 * 14th byte keeps the OOB's 0xFF there; this layout writes the driver's 0.
 */
START_TEST(test_omap_bch8_matches_the_ecc_engine)
{
	struct mm_geom g = { 2048, 64, 64, 16, 0, 8 };
	uint8_t data[2048], oob[64], phys[2112];
	struct mm_ecc *e;
	char msg[160];
	unsigned int k, s;

	preset_fill(data, sizeof(data), 23);
	encode("omap-bch8", 2048, 64, data, phys);
	ck_assert_msg(mm_ecc_new(&e, "bch8", "omap-bch8", &g, msg,
				 sizeof(msg)) == 0, "%s", msg);
	memset(oob, 0xff, sizeof(oob));
	ck_assert_int_eq(mm_ecc_encode(e, data, oob), 0);
	for (s = 0; s < 4; s++) {
		ck_assert_uint_eq(oob[2 + 14 * s + 13], 0xff);
		oob[2 + 14 * s + 13] = 0;
	}
	for (k = 0; k < 64; k++)
		ck_assert_msg(phys[2048 + k] == oob[k], "OOB byte %u: %02x, core/ecc %02x",
			      k, phys[2048 + k], oob[k]);
	mm_ecc_free(e);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_omap_spec_string)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	char spec[1024];

	ck_assert_int_eq(mm_pl_from_arg(&pl, "omap-bch8", &g, NULL, 0), 0);
	mm_pl_format(&pl, spec, sizeof(spec));
	ck_assert_str_eq(spec, "name=omap-bch8;data=2048;oob=64;phys=2112;oob-raw;bch=13/8;bbm=2048;oob-bbm=0-1;oob-free=58-63;oob-ecc=2-57;fields=D512,D512/1,D512/2,D512/3,P2,E14,E14,E14,E14,P6");
	mm_pl_release(&pl);
	/* docs/layouts.md: 2048+128, the chip the CLI and e2e fixtures use */
	g.oob_size = 128;
	ck_assert_int_eq(mm_pl_from_arg(&pl, "omap-bch16", &g, NULL, 0), 0);
	mm_pl_format(&pl, spec, sizeof(spec));
	ck_assert_str_eq(spec, "name=omap-bch16;data=2048;oob=128;phys=2176;oob-raw;bch=13/16;bbm=2048;oob-bbm=0-1;oob-free=106-127;oob-ecc=2-105;fields=D512,D512/1,D512/2,D512/3,P2,E26,E26,E26,E26,P22");
	mm_pl_release(&pl);
}
END_TEST

Suite *preset_omap_suite(void)
{
	Suite *s = suite_create("preset_omap");
	TCase *tc = tcase_create("omap");

	tcase_add_test(tc, test_omap_bch8_geometries);
	tcase_add_test(tc, test_omap_bch16_geometries);
	tcase_add_test(tc, test_omap_vectors_of_the_driver);
	tcase_add_test(tc, test_omap_t_plus_one_is_uncorrectable);
	tcase_add_test(tc, test_omap_flips_in_every_step);
	tcase_add_test(tc, test_omap_bch8_matches_the_ecc_engine);
	tcase_add_test(tc, test_omap_spec_string);
	suite_add_tcase(s, tc);
	return s;
}
