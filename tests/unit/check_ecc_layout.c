// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_ecc_layout.c - controller page layouts as the ECC codec every
 * front end uses (core/ecc/ecc.c: mm_ecc_new_layout, mm_ecc_correct_page,
 * mm_ecc_encode_page, mm_ecc_auto_layout): every preset of the registry
 * round-trips a logical page through its physical form, corrects flips,
 * and is picked by --layout=auto on a chip the encoder laid out
 * (tests/gen/gen_vendor.c), with no other preset verifying.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/ecc/ecc.h"
#include "../../core/open.h"
#include "../gen/gen_vendor.h"
#include "preset_util.h"

static const struct mm_geom g2k = { 2048, 64, 64, 32, 0, 8 };

/* The first of the common geometries the preset accepts. */
static struct mm_geom preset_geom(const char *name)
{
	static const uint32_t sizes[][2] = {
		{ 2048, 64 }, { 2048, 128 }, { 4096, 224 }, { 4096, 256 },
	};
	struct mm_geom g = g2k;
	struct mm_ecc *e;
	char msg[256];
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		g.page_size = sizes[i][0];
		g.oob_size = sizes[i][1];
		if (!mm_ecc_new_layout(&e, name, &g, msg, sizeof(msg))) {
			mm_ecc_free(e);
			return g;
		}
	}
	ck_abort_msg("%s: no common geometry fits (%s)", name, msg);
	return g;
}

static const char *preset_name(int i)
{
	return mm_pl_presets()[i]->name;
}

static int preset_count(void)
{
	int n = 0;

	while (mm_pl_presets()[n])
		n++;
	return n;
}

/* Every preset: logical -> physical -> logical, clean and with t flips. */
START_TEST(test_layout_codec_round_trip)
{
	const char *name = preset_name(_i);
	const struct mm_geom g = preset_geom(name);
	static uint8_t data[4096], oob[256], pd[4096], po[256], fd[4096];
	static uint8_t fo[256], want_free[256], got_free[256];
	const size_t ps = g.page_size, os = g.oob_size;
	const struct mm_pagelayout *pl;
	const struct mm_ooblayout *l;
	struct mm_ecc_stat st = { 0 };
	enum mm_page_state state;
	struct mm_ecc *e;
	char msg[256];
	unsigned int k;

	ck_assert_msg(mm_ecc_new_layout(&e, name, &g, msg, sizeof(msg)) == 0,
		      "%s: %s", name, msg);
	ck_assert(mm_ecc_moves_bytes(e));
	ck_assert(mm_ecc_enabled(e));
	pl = mm_ecc_pagelayout(e);
	ck_assert_ptr_nonnull(pl);
	l = mm_ecc_layout(e);
	ck_assert_str_eq(l->name, name);
	ck_assert_uint_eq(mm_ecc_strength(e), pl->t);
	ck_assert_int_eq(mm_ecc_encode(e, data, oob), -EINVAL);

	preset_fill(data, ps, 7);
	memset(oob, 0xff, os);
	preset_fill(want_free, l->oobavail, 9);
	mm_ooblayout_put_free(l, oob, 0, l->oobavail, want_free);
	memcpy(pd, data, ps);
	memcpy(po, oob, os);
	ck_assert_int_eq(mm_ecc_encode_page(e, 70, pd, po), 0);

	/* clean */
	memcpy(fd, pd, ps);
	memcpy(fo, po, os);
	ck_assert_int_eq(mm_ecc_correct_page(e, 70, fd, fo, &st, &state), 0);
	ck_assert_int_eq(state, MM_PAGE_CLEAN);
	ck_assert_int_eq(memcmp(fd, data, ps), 0);
	mm_ooblayout_get_free(l, fo, 0, l->oobavail, got_free);
	ck_assert_int_eq(memcmp(got_free, want_free, l->oobavail), 0);

	/* t flips (at most 4) in the physical bytes of the first step */
	if (pl->m) {
		memcpy(fd, pd, ps);
		memcpy(fo, po, os);
		for (k = 0; k < pl->t && k < 4; k++)
			fd[100 + 37 * k] ^= 1u << (k % 8);
		memset(&st, 0, sizeof(st));
		ck_assert_int_eq(mm_ecc_correct_page(e, 70, fd, fo, &st,
						     &state), 0);
		ck_assert_msg(state == MM_PAGE_CORRECTED, "%s: state %d", name,
			      state);
		ck_assert_uint_ge(st.corrected_bits, 1);
		ck_assert_uint_eq(st.uncorrectable_steps, 0);
		ck_assert_int_eq(memcmp(fd, data, ps), 0);
	}

	/* an erased page stays erased both ways */
	memset(fd, 0xff, ps);
	memset(fo, 0xff, os);
	ck_assert_int_eq(mm_ecc_encode_page(e, 3, fd, fo), 0);
	for (k = 0; k < ps; k++)
		ck_assert_uint_eq(fd[k], 0xff);
	ck_assert_int_eq(mm_ecc_correct_page(e, 3, fd, fo, NULL, &state), 0);
	if (pl->m)
		ck_assert_int_eq(state, MM_PAGE_ERASED);
	mm_ecc_free(e);
}
END_TEST

/*
 * One codec, many readers at once (the MUSE workers, FUSE threads): each
 * decode works in a buffer of the codec's pool, more readers than it keeps
 * (8) included. Pages with flips in every step, each thread its own pages.
 */
#define MT_THREADS	12
#define MT_PAGES	8

struct mt_arg {
	const struct mm_ecc *e;
	const uint8_t *phys;	/* MT_PAGES records of 2112 bytes */
	const uint8_t *data;	/* MT_PAGES × 2048 logical bytes */
	unsigned int bad;
};

static void *mt_reader(void *p)
{
	struct mt_arg *a = p;
	uint8_t buf[2112];
	unsigned int r, k;

	for (r = 0; r < 40; r++)
		for (k = 0; k < MT_PAGES; k++) {
			struct mm_ecc_stat st = { 0 };

			memcpy(buf, a->phys + k * 2112, 2112);
			if (mm_ecc_correct_page(a->e, k, buf, buf + 2048, &st,
						NULL) ||
			    st.uncorrectable_steps || !st.corrected_bits ||
			    memcmp(buf, a->data + k * 2048, 2048))
				a->bad++;
		}
	return NULL;
}

START_TEST(test_layout_codec_serves_many_readers_at_once)
{
	static uint8_t data[MT_PAGES * 2048], phys[MT_PAGES * 2112];
	struct mt_arg args[MT_THREADS];
	pthread_t th[MT_THREADS];
	struct mm_ecc *e;
	char msg[256];
	unsigned int i, k;

	/* sunxi: the randomizer's seed is the page, so each page differs */
	ck_assert_msg(mm_ecc_new_layout(&e, "sunxi:scramble", &g2k, msg,
					sizeof(msg)) == 0, "%s", msg);
	preset_fill(data, sizeof(data), 31);
	for (k = 0; k < MT_PAGES; k++) {
		uint8_t *d = phys + k * 2112;

		memcpy(d, data + k * 2048, 2048);
		memset(d + 2048, 0xff, 64);
		ck_assert_int_eq(mm_ecc_encode_page(e, k, d, d + 2048), 0);
		for (i = 0; i < 2; i++)		/* a flip in each 1024 step */
			d[100 + 1024 * i + k] ^= 0x08;
	}
	for (i = 0; i < MT_THREADS; i++) {
		args[i] = (struct mt_arg){ e, phys, data, 0 };
		ck_assert_int_eq(pthread_create(&th[i], NULL, mt_reader,
						&args[i]), 0);
	}
	for (i = 0; i < MT_THREADS; i++) {
		pthread_join(th[i], NULL);
		ck_assert_msg(args[i].bad == 0, "reader %u: %u pages wrong", i,
			      args[i].bad);
	}
	mm_ecc_free(e);
}
END_TEST

START_TEST(test_layout_codec_refuses_what_does_not_fit)
{
	const struct mm_geom nooob = { 2048, 0, 64, 32, 0, 8 };
	struct mm_ecc *e = NULL;
	char msg[256];

	ck_assert_int_eq(mm_ecc_new_layout(&e, "imx-gpmi", &nooob, msg,
					   sizeof(msg)), -EINVAL);
	ck_assert_ptr_null(e);
	ck_assert_int_eq(mm_ecc_new_layout(&e, "no-such-controller", &g2k, msg,
					   sizeof(msg)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(msg, "no-such-controller"));
	/* a spec for 512 + 16 pages on a 2048 + 64 dump */
	ck_assert_int_eq(mm_ecc_new_layout(&e, "data=512;oob=16;bch=13/4;fields=D512,O9,E7",
					   &g2k, msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "physical"));
}
END_TEST

/* Page 0's logical data, when set: laid out and written over page 0. */
static const uint8_t *page0_data;
/* Page 0 as raw bytes (2112), when set: written over page 0 as they are. */
static const uint8_t *page0_raw;

/* A chip laid out by the encoder, opened as a dump (2048 + 64, 16 blocks). */
static void open_vendor_dump_geom(struct mm_dump *d, const char *layout,
				  unsigned int flips, const struct mm_geom *dg)
{
	char path[] = "/tmp/mm-check-layout-XXXXXX", msg[256];
	struct mm_gen g = { 0 };
	struct mm_gen_vendor v = { .layout = layout, .flips = flips,
				   .flip_seed = 5 };
	struct mm_open_opts o;
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "wb");
	ck_assert_ptr_nonnull(f);
	g.page_size = dg->page_size;
	g.oob_size = dg->oob_size;
	g.pages_per_block = 64;
	g.blocks = 16;
	g.content = MM_GEN_JFFS2;
	g.seed = 3;
	ck_assert_msg(mm_gen_write_vendor(&g, &v, f, msg, sizeof(msg)) == 0,
		      "%s: %s", layout, msg);
	if (page0_data) {
		struct mm_pl_geom pg = { 2048, 64, 64 };
		struct mm_pagelayout pl;
		uint8_t phys[2112];

		ck_assert_uint_eq(dg->page_size + dg->oob_size, sizeof(phys));

		ck_assert_int_eq(mm_pl_from_arg(&pl, layout, &pg, msg,
						sizeof(msg)), 0);
		ck_assert_int_eq(mm_pl_encode(&pl, 0, page0_data, NULL, phys), 0);
		mm_pl_release(&pl);
		ck_assert_int_eq(fseek(f, 0, SEEK_SET), 0);
		ck_assert_int_eq(fwrite(phys, 1, sizeof(phys), f), sizeof(phys));
	}
	if (page0_raw) {
		ck_assert_int_eq(fseek(f, 0, SEEK_SET), 0);
		ck_assert_int_eq(fwrite(page0_raw, 1, 2112, f), 2112);
	}
	fclose(f);
	memset(&o, 0, sizeof(o));
	o.format = "oob";
	o.geom.page_size = dg->page_size;
	o.geom.oob_size = dg->oob_size;
	o.geom.pages_per_block = 64;
	o.oob_size_set = true;
	o.bbm.offset = -1;
	ck_assert_msg(mm_dump_open(d, path, &o) == 0, "open: %s",
		      mm_dump_error(d));
	unlink(path);
}

static void open_vendor_dump(struct mm_dump *d, const char *layout,
			     unsigned int flips)
{
	open_vendor_dump_geom(d, layout, flips, &g2k);
}

START_TEST(test_layout_auto_picks_the_controller)
{
	const char *name = preset_name(_i);
	struct mm_dump d;
	struct mm_ecc *e = NULL;
	unsigned int ok, checked;
	char why[512];
	int k;

	const struct mm_geom g = preset_geom(name);
	struct mm_ecc *probe;

	ck_assert_int_eq(mm_ecc_new_layout(&probe, name, &g, why, sizeof(why)),
			 0);
	open_vendor_dump_geom(&d, name, 2, &g);
	if (!mm_ecc_pagelayout(probe)->m) {
		/* no ECC (hisi-balong): nothing to verify, never picked */
		ck_assert_int_eq(mm_ecc_auto_layout(&e, &d, why, sizeof(why)),
				 -EINVAL);
		mm_ecc_free(probe);
		mm_dump_close(&d);
		return;
	}
	mm_ecc_free(probe);
	ck_assert_msg(mm_ecc_auto_layout(&e, &d, why, sizeof(why)) == 0,
		      "%s: %s", name, why);
	ck_assert_str_eq(mm_ecc_layout(e)->name, name);
	ck_assert_msg(strncmp(why, name, strlen(name)) == 0, "%s", why);
	mm_ecc_free(e);
	/* and no other preset verifies 90% of the steps */
	for (k = 0; k < preset_count(); k++) {
		if (k == _i || mm_ecc_layout_score(&d, preset_name(k), &ok,
						   &checked))
			continue;	/* does not fit this geometry */
		ck_assert_msg(!checked || ok * 10 < checked * 9,
			      "%s dump: %s verifies %u of %u", name,
			      preset_name(k), ok, checked);
	}
	mm_dump_close(&d);
}
END_TEST

/* Pages without any ECC: no controller layout is claimed. */
START_TEST(test_layout_auto_refuses_plain_data)
{
	struct mm_dump d;
	struct mm_ecc *e = NULL;
	char why[512];

	open_vendor_dump(&d, "data=2048;oob=64;oob-raw;fields=D2048/-,O64/-", 0);
	ck_assert_int_eq(mm_ecc_auto_layout(&e, &d, why, sizeof(why)),
			 -EINVAL);
	ck_assert_ptr_null(e);
	ck_assert_ptr_nonnull(strstr(why, "no controller layout verifies"));
	mm_dump_close(&d);
}
END_TEST

/*
 * The Atmel boot ROM header in page 0 (52 words: key 0xC, 4 x 512-byte
 * sectors, 64 spare bytes, 8 bits, ECC at 12) selects pmecc:t=8, which
 * the preset's default (t = 4) would not verify.
 */
START_TEST(test_layout_auto_reads_the_pmecc_header)
{
	static uint8_t data[2048];
	uint32_t w = 0xcu << 28 | 12u << 18 | 0u << 16 | 2u << 13 |
		     64u << 4 | 2u << 1 | 1u;
	struct mm_dump d;
	struct mm_ecc *e = NULL;
	unsigned int ok, checked, i;
	char why[512];

	memset(data, 0xa5, sizeof(data));
	for (i = 0; i < 52; i++) {
		data[4 * i] = (uint8_t)w;
		data[4 * i + 1] = (uint8_t)(w >> 8);
		data[4 * i + 2] = (uint8_t)(w >> 16);
		data[4 * i + 3] = (uint8_t)(w >> 24);
	}
	page0_data = data;
	open_vendor_dump(&d, "pmecc:t=8", 1);
	page0_data = NULL;
	ck_assert_int_eq(mm_ecc_layout_score(&d, "pmecc", &ok, &checked), 0);
	ck_assert_uint_lt(ok * 10, checked * 9);
	ck_assert_msg(mm_ecc_auto_layout(&e, &d, why, sizeof(why)) == 0, "%s",
		      why);
	ck_assert_str_eq(mm_ecc_layout(e)->name, "pmecc");
	ck_assert_uint_eq(mm_ecc_strength(e), 8);
	ck_assert_msg(strstr(why, "PMECC header in page 0 (52 of 52 words): 4 x 512-byte sectors, 64 spare bytes, 8 bits, ECC at 12"),
		      "%s", why);
	mm_ecc_free(e);
	mm_dump_close(&d);
}
END_TEST

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/*
 * An i.MX FCB in page 0 (struct fcb_block at raw byte 12: BCH-6 over
 * 512-byte blocks, 10 metadata bytes, 2048 / 2112) selects imx-gpmi:t=6,
 * which the legacy geometry (t = 8 on 2048 + 64) would not verify.
 */
START_TEST(test_layout_auto_reads_the_imx_fcb)
{
	static uint8_t raw[2112];
	uint8_t *f = raw + 12;
	struct mm_dump d;
	struct mm_ecc *e = NULL;
	unsigned int ok, checked;
	char why[512];

	memset(raw, 0xff, sizeof(raw));
	memset(f, 0, 128);
	put_le32(f + 4, 0x20424346);	/* "FCB " */
	put_le32(f + 8, 0x01000000);
	put_le32(f + 20, 2048);
	put_le32(f + 24, 2112);
	put_le32(f + 44, 3);		/* BCH-6 */
	put_le32(f + 48, 512);
	put_le32(f + 52, 512);
	put_le32(f + 56, 3);
	put_le32(f + 60, 10);
	put_le32(f + 64, 4);
	page0_raw = raw;
	open_vendor_dump(&d, "imx-gpmi:t=6", 2);
	page0_raw = NULL;
	ck_assert_int_eq(mm_ecc_layout_score(&d, "imx-gpmi", &ok, &checked), 0);
	ck_assert_uint_lt(ok * 10, checked * 9);
	ck_assert_msg(mm_ecc_auto_layout(&e, &d, why, sizeof(why)) == 0, "%s",
		      why);
	ck_assert_str_eq(mm_ecc_layout(e)->name, "imx-gpmi");
	ck_assert_uint_eq(mm_ecc_strength(e), 6);
	ck_assert_msg(strstr(why, "i.MX FCB at byte 12 of page 0: 2048-byte pages (2112 with spare), BCH-6 over 512-byte blocks, 10 metadata bytes; imx-gpmi:t=6,meta=10,chunk=512:"),
		      "%s", why);
	mm_ecc_free(e);
	mm_dump_close(&d);
}
END_TEST

Suite *ecc_layout_suite(void)
{
	Suite *s = suite_create("ecc_layout");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_layout_codec_round_trip, 0,
			    preset_count());
	tcase_add_test(tc, test_layout_codec_refuses_what_does_not_fit);
	tcase_add_test(tc, test_layout_codec_serves_many_readers_at_once);
	tcase_add_loop_test(tc, test_layout_auto_picks_the_controller, 0,
			    preset_count());
	tcase_add_test(tc, test_layout_auto_refuses_plain_data);
	tcase_add_test(tc, test_layout_auto_reads_the_pmecc_header);
	tcase_add_test(tc, test_layout_auto_reads_the_imx_fcb);
	suite_add_tcase(s, tc);
	return s;
}
