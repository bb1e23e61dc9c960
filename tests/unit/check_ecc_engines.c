// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_ecc_engines.c - the ECC engine registry (core/ecc/engines.c): every
 * registered engine takes its scheme names, encodes, corrects up to its
 * strength and refuses beyond it through the same interface; unknown names
 * are refused with the list of every engine's schemes. The codes
 * themselves are checked against the kernel in check_hamming.c,
 * check_bch.c and check_ecc.c.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/ecc/engine.h"

/* One scheme per engine (in registry order) and how many bits it fixes. */
static const struct {
	const char *scheme, *engine;
	unsigned int step, strength;
} cases[] = {
	{ "hamming", "hamming", 256, 1 },
	{ "hamming512-sm", "hamming", 512, 1 },
	{ "bch8", "bch", 512, 8 },
	{ "bch16/1024", "bch", 1024, 16 },
};

START_TEST(test_every_engine_is_registered)
{
	const struct mm_ecc_engine *const *e;
	unsigned int n = 0;

	for (e = mm_ecc_engines; *e; e++, n++) {
		ck_assert_ptr_nonnull((*e)->name);
		ck_assert_ptr_nonnull((*e)->schemes);
		ck_assert_ptr_nonnull((*e)->parse);
		ck_assert_ptr_nonnull((*e)->setup);
		ck_assert_ptr_nonnull((*e)->encode);
		ck_assert_ptr_nonnull((*e)->correct);
	}
	ck_assert_uint_ge(n, 2);
}
END_TEST

START_TEST(test_engine_corrects_up_to_its_strength)
{
	const char *scheme = cases[_i].scheme;
	struct mm_ecc_params p;
	const struct mm_ecc_engine *e;
	uint8_t code[MM_ECC_BYTES_MAX], good[MM_ECC_BYTES_MAX];
	uint8_t *msg, *orig;
	unsigned int bytes, i, len;
	char why[256];
	void *st = NULL;
	int r;

	e = mm_ecc_engine_parse(scheme, &p, why, sizeof(why));
	ck_assert_msg(e != NULL, "%s: %s", scheme, why);
	ck_assert_str_eq(e->name, cases[_i].engine);
	ck_assert_uint_eq(p.step, cases[_i].step);
	ck_assert_uint_eq(p.strength, cases[_i].strength);
	len = p.step;
	ck_assert_int_eq(e->setup(&p, len, false, &st, &bytes, why,
				  sizeof(why)), 0);
	ck_assert_uint_eq(bytes, p.bytes);
	msg = malloc(len);
	orig = malloc(len);
	srand(11 + _i);
	for (i = 0; i < len; i++)
		orig[i] = (uint8_t)rand();
	e->encode(st, orig, len, good);

	/* Clean. */
	memcpy(msg, orig, len);
	memcpy(code, good, bytes);
	ck_assert_int_eq(e->correct(st, msg, len, code), 0);

	/* As many flips as it corrects, in distinct data bytes. */
	memcpy(msg, orig, len);
	for (i = 0; i < p.strength; i++)
		msg[(i * 37 + 5) % len] ^= (uint8_t)(1 << (i % 8));
	r = e->correct(st, msg, len, code);
	ck_assert_int_eq(r, (int)p.strength);
	ck_assert_mem_eq(msg, orig, len);
	ck_assert_mem_eq(code, good, bytes);

	/* An erased step (message and code all 0xFF) is a codeword. */
	memset(msg, 0xff, len);
	memset(code, 0xff, bytes);
	ck_assert_int_eq(e->correct(st, msg, len, code), 0);

	/* Hamming: two flips are seen, not miscorrected. */
	if (p.strength == 1) {
		memcpy(msg, orig, len);
		memcpy(code, good, bytes);
		msg[3] ^= 0x01;
		msg[100] ^= 0x10;
		ck_assert_int_eq(e->correct(st, msg, len, code), -EBADMSG);
	}
	e->free(st);
	free(msg);
	free(orig);
}
END_TEST

START_TEST(test_unknown_schemes_name_every_engine)
{
	struct mm_ecc_params p;
	char why[256];

	ck_assert_ptr_null(mm_ecc_engine_parse("reed-solomon", &p, why,
					       sizeof(why)));
	ck_assert_str_eq(why, "unknown ECC scheme 'reed-solomon' (none, hamming, hamming512, hamming-sm, bch<t>, bch<t>/1024, bch<t>@<poly>, auto)");
	/* Its engine's name, but malformed. */
	ck_assert_ptr_null(mm_ecc_engine_parse("bch0", &p, why, sizeof(why)));
	ck_assert_ptr_null(mm_ecc_engine_parse("hamming1024", &p, why,
					       sizeof(why)));
	ck_assert_ptr_null(mm_ecc_engine_parse("bch8@x", &p, why, sizeof(why)));
}
END_TEST

Suite *ecc_engines_suite(void)
{
	Suite *s = suite_create("ecc_engines");
	TCase *tc = tcase_create("registry");

	tcase_add_test(tc, test_every_engine_is_registered);
	tcase_add_loop_test(tc, test_engine_corrects_up_to_its_strength, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_unknown_schemes_name_every_engine);
	suite_add_tcase(s, tc);
	return s;
}
