// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_preset_amlogic.c - the Amlogic Meson NFC layout: strengths chosen
 * as meson_nand.c does, the per-step [data][2 user][ECC] places, the
 * inverted code of aml-nand-ecc-bch, the common checks, t + 1 flips.
 */
#include <check.h>
#include <string.h>

#include "../../core/ecc/bch.h"
#include "preset_util.h"

static struct mm_pagelayout pl;

START_TEST(test_amlogic_geometries)
{
	/* 2 steps of 1024: BCH8 (2 × 16 <= 64; BCH24 needs 2 × 44) */
	preset_check_all(&pl, "amlogic", 2048, 64, 64);
	ck_assert_uint_eq(pl.m, 14);
	ck_assert_uint_eq(pl.t, 8);
	ck_assert_uint_eq(pl.poly, 0x402b);
	ck_assert(pl.xor_erased && !pl.oob_raw);
	ck_assert_uint_eq(pl.bbm_phys, MM_PL_NONE);
	/* meson_ooblayout_free/_ecc: 2 free at 0 and 16, ECC at 2 and 18 */
	ck_assert_uint_eq(pl.oob.oobavail, 4);
	ck_assert_uint_eq(pl.oob.free[1].off, 16);
	ck_assert_uint_eq(pl.oob.ecc[1].off, 18);
	ck_assert_uint_eq(pl.oob.ecc[1].len, 14);
	mm_pl_release(&pl);
	/* 4096+224: 4 × (2 + 54) = 224 exactly, BCH30 */
	preset_check_all(&pl, "amlogic", 4096, 224, 64);
	ck_assert_uint_eq(pl.t, 30);
	ck_assert_uint_eq(pl.oob.ecc[0].len, 54);
	mm_pl_release(&pl);
	/* 8192+640: BCH40 (8 × 72 = 576), BCH50 would need 720 */
	preset_check_all(&pl, "amlogic", 8192, 640, 128);
	ck_assert_uint_eq(pl.t, 40);
	mm_pl_release(&pl);
	preset_check_all(&pl, "amlogic:t=60", 8192, 1024, 128);
	ck_assert_uint_eq(pl.oob.ecc[0].len, 106);
	mm_pl_release(&pl);
	/* aml-nand-ecc-bch's chip: 4096+256, 8 × (512 + 2 + 14), 128 left */
	preset_check_all(&pl, "amlogic:step=512", 4096, 256, 64);
	ck_assert_uint_eq(pl.nsteps, 8);
	ck_assert_uint_eq(pl.t, 8);
	mm_pl_release(&pl);
	ck_assert_int_ne(mm_pl_from_arg(&pl, "amlogic:step=512,t=24",
					&(struct mm_pl_geom){ 4096, 256, 64 },
					NULL, 0), 0);
	ck_assert_int_ne(mm_pl_from_arg(&pl, "amlogic:t=16",
					&(struct mm_pl_geom){ 2048, 64, 64 },
					NULL, 0), 0);
	ck_assert_int_ne(mm_pl_from_arg(&pl, "amlogic:t=24",
					&(struct mm_pl_geom){ 2048, 64, 64 },
					NULL, 0), 0);
}
END_TEST

START_TEST(test_amlogic_places_and_inverted_code)
{
	struct mm_pl_geom g = { 4096, 256, 64 };
	uint8_t data[4096], oob[256], phys[4352], msg[514], ecc[16];
	struct mm_bch *b;
	unsigned int s, i;

	ck_assert_int_eq(mm_pl_from_arg(&pl, "amlogic:step=512", &g, NULL, 0), 0);
	preset_fill(data, sizeof(data), 9);
	memset(oob, 0xff, sizeof(oob));
	for (s = 0; s < 8; s++) {
		oob[16 * s] = (uint8_t)(0x10 + s);
		oob[16 * s + 1] = (uint8_t)(0x80 + s);
	}
	ck_assert_int_eq(mm_pl_encode(&pl, 0, data, oob, phys), 0);
	b = mm_bch_new(14, 8, 0x402b, 514);
	ck_assert_ptr_nonnull(b);
	for (s = 0; s < 8; s++) {
		const uint8_t *c = phys + 528 * s;

		ck_assert_mem_eq(c, data + 512 * s, 512);
		ck_assert_uint_eq(c[512], 0x10 + s);
		ck_assert_uint_eq(c[513], 0x80 + s);
		/* aml-nand-ecc-bch: ECC = ~bch(~(data + user bytes)) */
		for (i = 0; i < 514; i++)
			msg[i] = (uint8_t)~c[i];
		mm_bch_encode(b, msg, 514, ecc);
		for (i = 0; i < 14; i++)
			ck_assert_uint_eq(c[514 + i], (uint8_t)~ecc[i]);
	}
	for (i = 8 * 528; i < sizeof(phys); i++)
		ck_assert_uint_eq(phys[i], 0xff);
	mm_bch_free(b);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_amlogic_t_plus_one_is_uncorrectable)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	uint8_t data[2048], phys[2112];

	ck_assert_int_eq(mm_pl_from_arg(&pl, "amlogic", &g, NULL, 0), 0);
	preset_fill(data, sizeof(data), 4);
	ck_assert_int_eq(mm_pl_encode(&pl, 7, data, NULL, phys), 0);
	preset_check_uncorrectable(&pl, phys, 0, 9, 41);
	preset_check_uncorrectable(&pl, phys, 1, 9, 42);
	mm_pl_release(&pl);
}
END_TEST

START_TEST(test_amlogic_flips_in_every_step)
{
	static const char *const args[] = { "amlogic", "amlogic:t=24" };
	static const struct mm_pl_geom geos[] = {
		{ 2048, 64, 64 }, { 4096, 224, 64 },
	};
	unsigned int seed, i;

	for (seed = 1; seed <= 3; seed++)
		for (i = 0; i < 2; i++) {
			ck_assert_int_eq(mm_pl_from_arg(&pl, args[i], &geos[i],
							NULL, 0), 0);
			preset_check_every_step(&pl, seed);
			mm_pl_release(&pl);
		}
}
END_TEST

START_TEST(test_amlogic_spec_string)
{
	struct mm_pl_geom g = { 2048, 64, 64 };
	char spec[1024];

	ck_assert_int_eq(mm_pl_from_arg(&pl, "amlogic", &g, NULL, 0), 0);
	mm_pl_format(&pl, spec, sizeof(spec));
	ck_assert_str_eq(spec, "name=amlogic;data=2048;oob=64;phys=2112;xor-erased;bch=14/8/0x402b;oob-free=0-1;oob-free=16-17;oob-ecc=2-15;oob-ecc=18-31;fields=D1024,O2,E14,D1024,O2@16,E14,P32");
	mm_pl_release(&pl);
}
END_TEST

Suite *preset_amlogic_suite(void)
{
	Suite *s = suite_create("preset_amlogic");
	TCase *tc = tcase_create("amlogic");

	tcase_add_test(tc, test_amlogic_geometries);
	tcase_add_test(tc, test_amlogic_places_and_inverted_code);
	tcase_add_test(tc, test_amlogic_t_plus_one_is_uncorrectable);
	tcase_add_test(tc, test_amlogic_flips_in_every_step);
	tcase_add_test(tc, test_amlogic_spec_string);
	suite_add_tcase(s, tc);
	return s;
}
