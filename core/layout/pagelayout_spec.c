// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagelayout_spec.c - the spec string of a page layout: parsing and
 * printing (grammar in docs/layouts.md).
 *
 *   data=2048;oob=64;bch=13/4;bbm=2048;fields=D512,D512,...,O9.5...
 *
 * Items are separated by ';'. A field is KIND LEN [@OFF] [/STEP | /-]:
 * KIND one of D O E P, LEN and OFF in bytes or, with a 'b' suffix, in bits.
 * Without @OFF a D (O) field continues where the previous D (O) field
 * ended; without /STEP D, O and E fields belong to the current step, which
 * moves on after each E field.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagelayout.h"

static const char kinds[] = "DOEP";

/* A number in bytes, or bits with a 'b' suffix; *p moves past it. */
static int parse_len(const char **p, uint32_t *bits, bool allow_half)
{
	char *end;
	unsigned long long v;

	v = strtoull(*p, &end, 0);
	if (end == *p)
		return -EINVAL;
	if (*end == 'b') {
		end++;
	} else if (allow_half && *end == '.' && end[1] == '5') {
		v = v * 8 + 4;
		end += 2;
		goto done;
	} else {
		v *= 8;
	}
done:
	if (v > UINT32_MAX / 2)
		return -EINVAL;
	*bits = (uint32_t)v;
	*p = end;
	return 0;
}

static int parse_fields(struct mm_pagelayout *pl, const char *s, char *msg,
			size_t len)
{
	uint32_t dcur = 0, ocur = 0, bits, dst;
	unsigned int step = 0;
	const char *p = s;

	while (*p) {
		const char *k = strchr(kinds, *p), *tok = p;
		unsigned int kind, fstep;

		if (!k || !*p) {
			mm_pl_msg(msg, len, "invalid field '%.16s'", tok);
			return -EINVAL;
		}
		kind = (unsigned int)(k - kinds);
		p++;
		if (parse_len(&p, &bits, true) || !bits) {
			mm_pl_msg(msg, len, "invalid field length in '%.16s'", tok);
			return -EINVAL;
		}
		dst = kind == MM_PL_DATA ? dcur : ocur;
		if (*p == '@') {
			p++;
			if (parse_len(&p, &dst, false)) {
				mm_pl_msg(msg, len, "invalid field offset in '%.16s'", tok);
				return -EINVAL;
			}
		}
		fstep = kind == MM_PL_PAD ? MM_PL_NOSTEP : step;
		if (*p == '/') {
			char *end;

			p++;
			if (*p == '-') {
				fstep = MM_PL_NOSTEP;
				p++;
			} else {
				unsigned long v = strtoul(p, &end, 10);

				if (end == p || v >= MM_PL_MAX_STEPS) {
					mm_pl_msg(msg, len, "invalid step in '%.16s'", tok);
					return -EINVAL;
				}
				fstep = (unsigned int)v;
				p = end;
			}
		}
		if (*p && *p != ',') {
			mm_pl_msg(msg, len, "invalid field '%.16s'", tok);
			return -EINVAL;
		}
		if (*p)
			p++;
		if (mm_pl_add(pl, kind, bits, dst, fstep)) {
			mm_pl_msg(msg, len, "more than %d fields", MM_PL_MAX_FIELDS);
			return -EINVAL;
		}
		if (kind == MM_PL_DATA)
			dcur = dst + bits;
		else if (kind == MM_PL_OOB)
			ocur = dst + bits;
		else if (kind == MM_PL_ECC && fstep != MM_PL_NOSTEP)
			step = fstep + 1;
	}
	return 0;
}

/* "A-B" or "A" (bytes, inclusive) into @r. */
static int parse_range(const char *v, struct mm_oob_range *r)
{
	char *end;
	unsigned long a, b;

	a = strtoul(v, &end, 0);
	if (end == v)
		return -EINVAL;
	b = a;
	if (*end == '-') {
		v = end + 1;
		b = strtoul(v, &end, 0);
		if (end == v)
			return -EINVAL;
	}
	if (*end || b < a || b > 0xffff)
		return -EINVAL;
	r->off = (uint16_t)a;
	r->len = (uint16_t)(b - a + 1);
	return 0;
}

static int parse_u32(const char *v, uint32_t *out)
{
	char *end;
	unsigned long long x = strtoull(v, &end, 0);

	if (end == v || *end || x > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)x;
	return 0;
}

static int parse_item(struct mm_pagelayout *pl, char *key, char *v,
		      char *msg, size_t len)
{
	uint32_t x, y;

	if (!strcmp(key, "name") && v) {
		snprintf(pl->name, sizeof(pl->name), "%s", v);
		snprintf(pl->oob.name, sizeof(pl->oob.name), "%s", v);
	} else if (!strcmp(key, "data") && v && !parse_u32(v, &x)) {
		pl->data_size = x;
	} else if (!strcmp(key, "oob") && v && !parse_u32(v, &x)) {
		pl->oob_size = x;
		pl->oob.oob_size = x;
	} else if (!strcmp(key, "phys") && v && !parse_u32(v, &x)) {
		pl->phys_size = x;
	} else if (!strcmp(key, "pack") && v &&
		   (!strcmp(v, "lsb") || !strcmp(v, "msb"))) {
		pl->pack_lsb = !strcmp(v, "lsb");
	} else if (!strcmp(key, "codec") && v &&
		   (!strcmp(v, "lsb") || !strcmp(v, "msb"))) {
		pl->codec_lsb = !strcmp(v, "lsb");
	} else if (!strcmp(key, "parity") && v &&
		   (!strcmp(v, "lsb") || !strcmp(v, "msb"))) {
		pl->parity_lsb = !strcmp(v, "lsb");
	} else if (!strcmp(key, "xor-erased") && !v) {
		pl->xor_erased = true;
	} else if (!strcmp(key, "oob-raw") && !v) {
		pl->oob_raw = true;
	} else if ((!strcmp(key, "bch") || !strcmp(key, "rs")) && v) {
		unsigned int m, t, poly = 0;
		int n = sscanf(v, "%u/%u/%i", &m, &t, &poly);

		if (n < 2)
			goto bad;
		pl->m = m;
		pl->t = t;
		pl->poly = poly;
		pl->rs = key[0] == 'r';
	} else if (!strcmp(key, "bbm") && v) {
		unsigned int a, b = 1;
		int n = sscanf(v, "%i+%u", &a, &b);

		if (n < 1 || b < 1 || b > 2)
			goto bad;
		pl->bbm_phys = a;
		pl->bbm_len = b;
	} else if (!strcmp(key, "swap") && v &&
		   sscanf(v, "%u:%u", &x, &y) == 2) {
		pl->swap_data = x;
		pl->swap_oob = y;
	} else if (!strcmp(key, "scramble") && v && !strcmp(v, "sunxi")) {
		pl->scrambler = MM_PL_SCR_SUNXI;
	} else if (!strcmp(key, "ppb") && v && !parse_u32(v, &x)) {
		pl->pages_per_block = x;
	} else if (!strcmp(key, "oob-bbm") && v) {
		if (parse_range(v, &pl->oob.bbm))
			goto bad;
	} else if (!strcmp(key, "oob-free") && v) {
		if (pl->oob.nfree >= MM_OOB_MAX_RANGES ||
		    parse_range(v, &pl->oob.free[pl->oob.nfree]))
			goto bad;
		pl->oob.oobavail += pl->oob.free[pl->oob.nfree++].len;
	} else if (!strcmp(key, "oob-ecc") && v) {
		if (pl->oob.necc >= MM_OOB_MAX_RANGES ||
		    parse_range(v, &pl->oob.ecc[pl->oob.necc]))
			goto bad;
		pl->oob.necc++;
	} else if (!strcmp(key, "fields") && v) {
		return parse_fields(pl, v, msg, len);
	} else {
		goto bad;
	}
	return 0;
bad:
	mm_pl_msg(msg, len, "invalid layout item '%s%s%s'", key, v ? "=" : "",
	       v ? v : "");
	return -EINVAL;
}

int mm_pl_parse(struct mm_pagelayout *pl, const char *spec, char *msg,
		size_t len)
{
	char *copy, *item, *save = NULL;
	int ret = 0;

	mm_pl_init(pl, "custom", 0, 0);
	copy = strdup(spec);
	if (!copy)
		return -ENOMEM;
	for (item = strtok_r(copy, ";", &save); item && !ret;
	     item = strtok_r(NULL, ";", &save)) {
		char *v = strchr(item, '=');

		while (*item == ' ')
			item++;
		if (!*item)
			continue;
		if (v)
			*v++ = '\0';
		ret = parse_item(pl, item, v, msg, len);
	}
	free(copy);
	if (ret)
		return ret;
	return mm_pl_finalize(pl, msg, len);
}

struct out {
	char *buf;
	size_t len;
	size_t n;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(o->n < o->len ? o->buf + o->n : NULL,
		      o->n < o->len ? o->len - o->n : 0, fmt, ap);
	va_end(ap);
	if (k > 0)
		o->n += (size_t)k;
}

static void put_len(struct out *o, uint32_t bits)
{
	if (bits % 8)
		put(o, "%ub", bits);
	else
		put(o, "%u", bits / 8);
}

static void put_range(struct out *o, const char *key,
		      const struct mm_oob_range *r)
{
	if (r->len == 1)
		put(o, ";%s=%u", key, r->off);
	else
		put(o, ";%s=%u-%u", key, r->off, r->off + r->len - 1);
}

size_t mm_pl_format(const struct mm_pagelayout *pl, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	uint32_t dcur = 0, ocur = 0;
	unsigned int i, step = 0;

	if (len)
		buf[0] = '\0';
	put(&o, "name=%s;data=%u;oob=%u;phys=%u", pl->name, pl->data_size,
	    pl->oob_size, pl->phys_size);
	if (pl->pack_lsb)
		put(&o, ";pack=lsb");
	if (pl->codec_lsb)
		put(&o, ";codec=lsb");
	if (pl->parity_lsb)
		put(&o, ";parity=lsb");
	if (pl->xor_erased)
		put(&o, ";xor-erased");
	if (pl->oob_raw)
		put(&o, ";oob-raw");
	if (pl->m) {
		put(&o, pl->rs ? ";rs=%u/%u" : ";bch=%u/%u", pl->m, pl->t);
		if (pl->poly)
			put(&o, "/0x%x", pl->poly);
	}
	if (pl->bbm_phys != MM_PL_NONE) {
		put(&o, ";bbm=%u", pl->bbm_phys);
		if (pl->bbm_len != 1)
			put(&o, "+%u", pl->bbm_len);
	}
	if (pl->swap_data != MM_PL_NONE)
		put(&o, ";swap=%u:%u", pl->swap_data, pl->swap_oob);
	if (pl->scrambler == MM_PL_SCR_SUNXI)
		put(&o, ";scramble=sunxi");
	if (pl->pages_per_block)
		put(&o, ";ppb=%u", pl->pages_per_block);
	if (pl->oob.bbm.len)
		put_range(&o, "oob-bbm", &pl->oob.bbm);
	for (i = 0; i < pl->oob.nfree; i++)
		put_range(&o, "oob-free", &pl->oob.free[i]);
	for (i = 0; i < pl->oob.necc; i++)
		put_range(&o, "oob-ecc", &pl->oob.ecc[i]);
	put(&o, ";fields=");
	for (i = 0; i < pl->nfields; i++) {
		const struct mm_pl_field *f = &pl->f[i];
		unsigned int def = f->kind == MM_PL_PAD ? MM_PL_NOSTEP : step;

		put(&o, "%s%c", i ? "," : "", kinds[f->kind]);
		put_len(&o, f->bits);
		if (f->kind == MM_PL_DATA || f->kind == MM_PL_OOB) {
			uint32_t *cur = f->kind == MM_PL_DATA ? &dcur : &ocur;

			if (f->dst != *cur) {
				put(&o, "@");
				put_len(&o, f->dst);
			}
			*cur = f->dst + f->bits;
		}
		if (f->step != def) {
			if (f->step == MM_PL_NOSTEP)
				put(&o, "/-");
			else
				put(&o, "/%u", f->step);
		}
		if (f->kind == MM_PL_ECC && f->step != MM_PL_NOSTEP)
			step = f->step + 1u;
	}
	return o.n;
}
