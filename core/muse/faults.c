// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * faults.c - the --faults rules: parsing, and the decisions the server's
 * handlers ask for (read damage, program and erase failures, latency).
 *
 * Determinism: a decision about a page read draws from
 * mm_rng_key(seed, rule, page, n) where n is how many times that page had
 * been read before (an atomic counter), so the same workload sees the same
 * flips whatever thread serves which request. Program and erase decisions
 * are keyed by the block's program or erase count in the same way.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "faults.h"

enum fault_kind {
	F_FLIPS,
	F_DISTURB,
	F_WEAR,
	F_STUCK,
	F_PROGRAM_FAIL,
	F_ERASE_FAIL,
	F_GROW_BAD,
	F_LATENCY,
};

#define MAX_COUNT	64	/* flips:count= per page or step */

struct fault_rule {
	enum fault_kind kind;
	double rate;		/* per bit and read (flips, disturb, wear) */
	unsigned int count;	/* flips per page or step; 0 = rate */
	bool per_step;
	int64_t block;		/* -1 = any */
	int64_t page;		/* -1 = any */
	uint64_t bit;		/* stuck: */
	int value;
	bool has_after;
	uint64_t after;		/* fail from the (after+1)-th operation on */
	bool has_p;
	double p;
	uint64_t erases;	/* grow-bad: */
	uint32_t lat[MM_FAULT_NOPS];
};

struct mm_faults {
	uint64_t seed;
	struct fault_rule *rules;
	size_t nrules;
	bool reads;		/* a rule that changes reads */
	struct mm_geom g;
	unsigned int step;
	uint32_t *page_reads;	/* reads of each page */
	uint32_t *blk_reads;	/* reads of each block since its erase */
	uint32_t *blk_erases;
	uint32_t *blk_programs;
	uint8_t *worn;		/* grown bad: erase and program fail */
	uint32_t lat[MM_FAULT_NOPS];
	struct mm_faults_stats st;
};

uint64_t mm_rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t mm_rng_key(uint64_t seed, uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t s = seed;

	s = mm_rng_next(&s) ^ a;
	s = mm_rng_next(&s) ^ b;
	s = mm_rng_next(&s) ^ c;
	mm_rng_next(&s);
	return s;
}

/* A uniform double in [0, 1). */
static double rng_unit(uint64_t *state)
{
	return (double)(mm_rng_next(state) >> 11) * 0x1.0p-53;
}

int mm_faults_new(struct mm_faults **f)
{
	*f = calloc(1, sizeof(**f));
	return *f ? 0 : -ENOMEM;
}

void mm_faults_set_seed(struct mm_faults *f, uint64_t seed)
{
	f->seed = seed;
}

/* --- parsing --- */

static const struct {
	const char *name;
	enum fault_kind kind;
} kinds[] = {
	{ "flips", F_FLIPS }, { "disturb", F_DISTURB }, { "wear", F_WEAR },
	{ "stuck", F_STUCK }, { "program-fail", F_PROGRAM_FAIL },
	{ "erase-fail", F_ERASE_FAIL }, { "grow-bad", F_GROW_BAD },
	{ "latency", F_LATENCY },
};

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || *end ? -EINVAL : 0;
}

static int parse_prob(const char *s, double *v)
{
	char *end;

	if (!*s)
		return -EINVAL;
	errno = 0;
	*v = strtod(s, &end);
	if (errno || *end || !(*v >= 0.0 && *v <= 1.0))
		return -EINVAL;
	return 0;
}

/* The keys each kind takes. */
static bool key_allowed(enum fault_kind k, const char *key)
{
	static const char *const allowed[] = {
		[F_FLIPS] = " rate count step block page ",
		[F_DISTURB] = " rate block page ",
		[F_WEAR] = " rate block page ",
		[F_STUCK] = " page bit value ",
		[F_PROGRAM_FAIL] = " block page after p ",
		[F_ERASE_FAIL] = " block after p ",
		[F_GROW_BAD] = " block erases ",
		[F_LATENCY] = " read write erase ",
	};
	char pat[32];

	if (strlen(key) > 20)
		return false;
	snprintf(pat, sizeof(pat), " %s ", key);
	return strstr(allowed[k], pat) != NULL;
}

static int parse_item(struct fault_rule *r, const char *kind, char *item,
		      char *msg, size_t len)
{
	char *val = strchr(item, '=');
	uint64_t u = 0;
	double d = 0;
	int ret = 0;

	if (val)
		*val++ = '\0';
	if (!key_allowed(r->kind, item)) {
		snprintf(msg, len, "%s: unknown key '%s'", kind, item);
		return -EINVAL;
	}
	if (!strcmp(item, "step")) {
		if (val) {
			snprintf(msg, len, "%s: 'step' takes no value", kind);
			return -EINVAL;
		}
		r->per_step = true;
		return 0;
	}
	if (!val) {
		snprintf(msg, len, "%s: '%s' needs a value (%s=...)", kind,
			 item, item);
		return -EINVAL;
	}
	if (!strcmp(item, "rate") || !strcmp(item, "p"))
		ret = parse_prob(val, &d);
	else
		ret = parse_u64(val, &u);
	if (ret) {
		snprintf(msg, len, "%s: invalid %s '%s'%s", kind, item, val,
			 !strcmp(item, "rate") || !strcmp(item, "p") ?
			 " (a probability from 0 to 1)" : "");
		return -EINVAL;
	}
	if (!strcmp(item, "rate")) {
		r->rate = d;
	} else if (!strcmp(item, "p")) {
		r->p = d;
		r->has_p = true;
	} else if (!strcmp(item, "count")) {
		if (!u || u > MAX_COUNT) {
			snprintf(msg, len, "%s: invalid count '%s' (1 to %d)",
				 kind, val, MAX_COUNT);
			return -EINVAL;
		}
		r->count = (unsigned int)u;
	} else if (!strcmp(item, "block")) {
		if (u > INT64_MAX)
			goto out_range;
		r->block = (int64_t)u;
	} else if (!strcmp(item, "page")) {
		if (u > INT64_MAX)
			goto out_range;
		r->page = (int64_t)u;
	} else if (!strcmp(item, "bit")) {
		r->bit = u;
	} else if (!strcmp(item, "value")) {
		if (u > 1)
			goto out_range;
		r->value = (int)u;
	} else if (!strcmp(item, "after")) {
		r->after = u;
		r->has_after = true;
	} else if (!strcmp(item, "erases")) {
		r->erases = u;
	} else {
		/* latency: read, write, erase (microseconds) */
		enum mm_fault_op op = !strcmp(item, "read") ? MM_FAULT_READ :
				      !strcmp(item, "write") ? MM_FAULT_WRITE :
				      MM_FAULT_ERASE;

		if (u > 10000000)
			goto out_range;
		r->lat[op] = (uint32_t)u;
	}
	return 0;
out_range:
	snprintf(msg, len, "%s: %s '%s' out of range", kind, item, val);
	return -EINVAL;
}

/* What each kind must have, once all its keys are read. */
static int check_rule(const struct fault_rule *r, const char *kind,
		      const char *seen, char *msg, size_t len)
{
	switch (r->kind) {
	case F_FLIPS:
		if (!strstr(seen, " rate ") == !strstr(seen, " count ")) {
			snprintf(msg, len, "%s: give rate=R or count=N", kind);
			return -EINVAL;
		}
		if (r->per_step && !r->count) {
			snprintf(msg, len, "%s: 'step' goes with count=N", kind);
			return -EINVAL;
		}
		return 0;
	case F_DISTURB:
	case F_WEAR:
		if (!strstr(seen, " rate ")) {
			snprintf(msg, len, "%s: needs rate=R", kind);
			return -EINVAL;
		}
		return 0;
	case F_STUCK:
		if (!strstr(seen, " page ") || !strstr(seen, " bit ")) {
			snprintf(msg, len, "%s: needs page=P and bit=B", kind);
			return -EINVAL;
		}
		return 0;
	case F_PROGRAM_FAIL:
	case F_ERASE_FAIL:
		if (r->has_after && r->has_p) {
			snprintf(msg, len, "%s: give after=N or p=X, not both",
				 kind);
			return -EINVAL;
		}
		if (r->block < 0 && r->page < 0 && !r->has_p) {
			snprintf(msg, len, "%s: needs block=B%s or p=X", kind,
				 r->kind == F_PROGRAM_FAIL ? ", page=P" : "");
			return -EINVAL;
		}
		return 0;
	case F_GROW_BAD:
		if (!strstr(seen, " block ") || !strstr(seen, " erases ")) {
			snprintf(msg, len, "%s: needs block=B and erases=N",
				 kind);
			return -EINVAL;
		}
		return 0;
	case F_LATENCY:
		if (!strstr(seen, " read ") && !strstr(seen, " write ") &&
		    !strstr(seen, " erase ")) {
			snprintf(msg, len, "%s: needs read=, write= or erase= (microseconds)",
				 kind);
			return -EINVAL;
		}
		return 0;
	}
	return 0;
}

int mm_faults_add(struct mm_faults *f, const char *spec, char *msg,
		  size_t len)
{
	struct fault_rule r, *n;
	char *copy, *args, *item, *save;
	char seen[256] = " ";
	const char *kind;
	size_t i;
	int ret = -EINVAL;

	copy = strdup(spec);
	if (!copy)
		return -ENOMEM;
	memset(&r, 0, sizeof(r));
	r.block = -1;
	r.page = -1;
	args = strchr(copy, ':');
	if (args)
		*args++ = '\0';
	kind = copy;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kind, kinds[i].name))
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0])) {
		snprintf(msg, len, "unknown fault '%s' (flips, disturb, wear, stuck, program-fail, erase-fail, grow-bad, latency)",
			 kind);
		goto out_free;
	}
	r.kind = kinds[i].kind;
	if (args && !*args) {
		snprintf(msg, len, "%s: nothing after ':'", kind);
		goto out_free;
	}
	for (item = args ? strtok_r(args, ",", &save) : NULL; item;
	     item = strtok_r(NULL, ",", &save)) {
		char key[32];

		snprintf(key, sizeof(key), "%.*s", (int)strcspn(item, "="),
			 item);
		if (strlen(seen) + strlen(key) + 2 < sizeof(seen)) {
			char pat[40];

			snprintf(pat, sizeof(pat), " %s ", key);
			if (strstr(seen, pat)) {
				snprintf(msg, len, "%s: '%s' given twice",
					 kind, key);
				ret = -EINVAL;
				goto out_free;
			}
			strcat(seen, key);
			strcat(seen, " ");
		}
		ret = parse_item(&r, kind, item, msg, len);
		if (ret)
			goto out_free;
	}
	ret = check_rule(&r, kind, seen, msg, len);
	if (ret)
		goto out_free;
	n = realloc(f->rules, (f->nrules + 1) * sizeof(*n));
	if (!n) {
		ret = -ENOMEM;
		goto out_free;
	}
	f->rules = n;
	f->rules[f->nrules++] = r;
	if (r.kind <= F_STUCK)
		f->reads = true;
	for (i = 0; i < MM_FAULT_NOPS; i++)
		f->lat[i] += r.lat[i];
	ret = 0;
out_free:
	free(copy);
	return ret;
}

int mm_faults_setup(struct mm_faults *f, const struct mm_geom *g,
		    unsigned int step_size, char *msg, size_t len)
{
	uint64_t pages = mm_geom_page_count(g);
	size_t i;

	f->g = *g;
	f->step = step_size ? step_size : 512;
	if (f->step > g->page_size)
		f->step = g->page_size;
	for (i = 0; i < f->nrules; i++) {
		const struct fault_rule *r = &f->rules[i];

		if (r->block >= 0 && (uint64_t)r->block >= g->block_count) {
			snprintf(msg, len, "fault %zu: block %lld past the last block (%llu)",
				 i + 1, (long long)r->block,
				 (unsigned long long)g->block_count - 1);
			return -EINVAL;
		}
		if (r->page >= 0 && (uint64_t)r->page >= pages) {
			snprintf(msg, len, "fault %zu: page %lld past the last page (%llu)",
				 i + 1, (long long)r->page,
				 (unsigned long long)pages - 1);
			return -EINVAL;
		}
		if (r->kind == F_STUCK &&
		    r->bit >= (uint64_t)(g->page_size + g->oob_size) * 8) {
			snprintf(msg, len, "fault %zu: bit %llu past the page and its OOB (%u bits)",
				 i + 1, (unsigned long long)r->bit,
				 (g->page_size + g->oob_size) * 8);
			return -EINVAL;
		}
	}
	free(f->page_reads);
	free(f->blk_reads);
	free(f->blk_erases);
	free(f->blk_programs);
	free(f->worn);
	f->page_reads = calloc(pages, sizeof(uint32_t));
	f->blk_reads = calloc(g->block_count, sizeof(uint32_t));
	f->blk_erases = calloc(g->block_count, sizeof(uint32_t));
	f->blk_programs = calloc(g->block_count, sizeof(uint32_t));
	f->worn = calloc(g->block_count, 1);
	if (!f->page_reads || !f->blk_reads || !f->blk_erases ||
	    !f->blk_programs || !f->worn)
		return -ENOMEM;
	return 0;
}

static bool rule_matches(const struct fault_rule *r, uint64_t blk,
			 uint64_t page)
{
	return (r->block < 0 || (uint64_t)r->block == blk) &&
	       (r->page < 0 || (uint64_t)r->page == page);
}

static void add_stat(uint64_t *c, uint64_t n)
{
	__atomic_fetch_add(c, n, __ATOMIC_RELAXED);
}

/* Flip bits of @data at @rate each (geometric skips: cheap at low rates). */
static unsigned int flip_rate(uint8_t *data, uint64_t nbits, double rate,
			      uint64_t *rng)
{
	unsigned int n = 0;
	double lq;
	uint64_t pos = 0;

	if (rate <= 0.0)
		return 0;
	if (rate > 0.5)
		rate = 0.5;
	lq = log1p(-rate);
	for (;;) {
		double skip = floor(log1p(-rng_unit(rng)) / lq);

		if (skip >= (double)(nbits - pos))
			break;
		pos += (uint64_t)skip;
		data[pos / 8] ^= (uint8_t)(1u << (pos % 8));
		n++;
		if (++pos >= nbits)
			break;
	}
	return n;
}

/* Flip @count distinct bits in @nbits bits from @data. */
static unsigned int flip_count(uint8_t *data, uint64_t nbits,
			       unsigned int count, uint64_t *rng)
{
	uint64_t at[MAX_COUNT];
	unsigned int n = 0, i;

	if (count > nbits)
		count = (unsigned int)nbits;
	while (n < count) {
		uint64_t b = mm_rng_next(rng) % nbits;

		for (i = 0; i < n && at[i] != b; i++)
			;
		if (i < n)
			continue;
		at[n++] = b;
		data[b / 8] ^= (uint8_t)(1u << (b % 8));
	}
	return n;
}

unsigned int mm_faults_read(struct mm_faults *f, uint64_t page,
			    uint8_t *data, uint8_t *oob)
{
	const struct mm_geom *g = &f->g;
	uint64_t blk = page / g->pages_per_block, rng;
	uint64_t nbits = (uint64_t)g->page_size * 8;
	uint32_t nread, bread, erases;
	unsigned int flips = 0, stuck = 0, s;
	size_t i;

	if (!f->page_reads || !f->reads)
		return 0;
	nread = __atomic_fetch_add(&f->page_reads[page], 1, __ATOMIC_RELAXED);
	bread = __atomic_fetch_add(&f->blk_reads[blk], 1, __ATOMIC_RELAXED);
	erases = __atomic_load_n(&f->blk_erases[blk], __ATOMIC_RELAXED);
	for (i = 0; i < f->nrules; i++) {
		const struct fault_rule *r = &f->rules[i];

		if (!rule_matches(r, blk, page))
			continue;
		rng = mm_rng_key(f->seed, i, page, nread);
		switch (r->kind) {
		case F_FLIPS:
			if (!data)
				break;
			if (!r->count) {
				flips += flip_rate(data, nbits, r->rate, &rng);
			} else if (!r->per_step) {
				flips += flip_count(data, nbits, r->count,
						    &rng);
			} else {
				for (s = 0; s + f->step <= g->page_size;
				     s += f->step)
					flips += flip_count(data + s,
							    (uint64_t)f->step * 8,
							    r->count, &rng);
			}
			break;
		case F_DISTURB:
			if (data)
				flips += flip_rate(data, nbits,
						   r->rate * bread, &rng);
			break;
		case F_WEAR:
			if (data)
				flips += flip_rate(data, nbits,
						   r->rate * erases, &rng);
			break;
		case F_STUCK: {
			uint8_t *p = NULL, m = (uint8_t)(1u << (r->bit % 8));
			uint64_t byte = r->bit / 8;

			if (byte < g->page_size)
				p = data ? data + byte : NULL;
			else
				p = oob ? oob + (byte - g->page_size) : NULL;
			if (!p || !!(*p & m) == r->value)
				break;
			*p ^= m;
			stuck++;
			break;
		}
		default:
			break;
		}
	}
	if (flips) {
		add_stat(&f->st.flipped_bits, flips);
		add_stat(&f->st.flipped_pages, 1);
	}
	if (stuck)
		add_stat(&f->st.stuck_bits, stuck);
	return flips + stuck;
}

/* after=N, p=X, or always: does the @n-th operation (0-based) fail? */
static bool decide(const struct mm_faults *f, const struct fault_rule *r,
		   size_t i, uint64_t what, uint64_t n)
{
	uint64_t rng;

	if (r->has_after)
		return n >= r->after;
	if (r->has_p) {
		rng = mm_rng_key(f->seed, i, what, n);
		return rng_unit(&rng) < r->p;
	}
	return true;
}

int mm_faults_program(struct mm_faults *f, uint64_t page)
{
	uint64_t blk = page / f->g.pages_per_block;
	uint32_t n;
	size_t i;

	if (!f->blk_programs)
		return 0;
	n = __atomic_fetch_add(&f->blk_programs[blk], 1, __ATOMIC_RELAXED);
	if (__atomic_load_n(&f->worn[blk], __ATOMIC_RELAXED))
		goto out_fail;
	for (i = 0; i < f->nrules; i++) {
		const struct fault_rule *r = &f->rules[i];

		if (r->kind == F_PROGRAM_FAIL && rule_matches(r, blk, page) &&
		    decide(f, r, i, page, n))
			goto out_fail;
	}
	return 0;
out_fail:
	add_stat(&f->st.program_fails, 1);
	return -EIO;
}

int mm_faults_erase(struct mm_faults *f, uint64_t blk)
{
	uint32_t n;
	size_t i;

	if (!f->blk_erases)
		return 0;
	n = __atomic_fetch_add(&f->blk_erases[blk], 1, __ATOMIC_RELAXED);
	if (__atomic_load_n(&f->worn[blk], __ATOMIC_RELAXED))
		goto out_fail;
	for (i = 0; i < f->nrules; i++) {
		const struct fault_rule *r = &f->rules[i];

		if (r->kind == F_GROW_BAD && (uint64_t)r->block == blk &&
		    n >= r->erases) {
			__atomic_store_n(&f->worn[blk], 1, __ATOMIC_RELAXED);
			add_stat(&f->st.grown_bad, 1);
			goto out_fail;
		}
		if (r->kind == F_ERASE_FAIL && rule_matches(r, blk, blk *
			    f->g.pages_per_block) && decide(f, r, i, blk, n))
			goto out_fail;
	}
	__atomic_store_n(&f->blk_reads[blk], 0, __ATOMIC_RELAXED);
	return 0;
out_fail:
	add_stat(&f->st.erase_fails, 1);
	return -EIO;
}

void mm_faults_delay(struct mm_faults *f, enum mm_fault_op op)
{
	struct timespec ts;
	uint32_t us = f->lat[op];

	if (!us)
		return;
	ts.tv_sec = us / 1000000;
	ts.tv_nsec = (long)(us % 1000000) * 1000;
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
	add_stat(&f->st.delays, 1);
	add_stat(&f->st.delay_us, us);
}

bool mm_faults_has_reads(const struct mm_faults *f)
{
	return f->reads;
}

void mm_faults_get_stats(const struct mm_faults *f,
			 struct mm_faults_stats *st)
{
	st->flipped_bits = __atomic_load_n(&f->st.flipped_bits, __ATOMIC_RELAXED);
	st->flipped_pages = __atomic_load_n(&f->st.flipped_pages, __ATOMIC_RELAXED);
	st->stuck_bits = __atomic_load_n(&f->st.stuck_bits, __ATOMIC_RELAXED);
	st->program_fails = __atomic_load_n(&f->st.program_fails, __ATOMIC_RELAXED);
	st->erase_fails = __atomic_load_n(&f->st.erase_fails, __ATOMIC_RELAXED);
	st->grown_bad = __atomic_load_n(&f->st.grown_bad, __ATOMIC_RELAXED);
	st->delays = __atomic_load_n(&f->st.delays, __ATOMIC_RELAXED);
	st->delay_us = __atomic_load_n(&f->st.delay_us, __ATOMIC_RELAXED);
}

void mm_faults_free(struct mm_faults *f)
{
	if (!f)
		return;
	free(f->rules);
	free(f->page_reads);
	free(f->blk_reads);
	free(f->blk_erases);
	free(f->blk_programs);
	free(f->worn);
	free(f);
}
