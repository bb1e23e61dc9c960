// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * partmap.c - partition maps found in the dump (--mtdparts=auto).
 *
 * Sources and their facts:
 *  - mtdparts= strings, as Linux's cmdlinepart parses them
 *    ("<mtd-id>:<list>[;<mtd-id>:<list>]", drivers/mtd/parsers/
 *    cmdlinepart.c); inside a U-Boot environment the content scan has
 *    checked its CRC32;
 *  - flattened device trees (devicetree specification: big-endian header,
 *    structure block of FDT_BEGIN_NODE 1, FDT_END_NODE 2, FDT_PROP 3,
 *    FDT_NOP 4, FDT_END 9 tokens, 4-byte aligned), the partitions being the
 *    children with "reg" of a node whose "compatible" holds
 *    "fixed-partitions" (Documentation/devicetree/bindings/mtd/partitions/
 *    fixed-partitions.yaml) or, in older trees, "partition@" nodes; "reg"
 *    is #address-cells + #size-cells of the parent (default 2 + 1) cells;
 *    the name is "label", else the node name before '@'. Device trees are
 *    read where the scan found them (at a block start, FIT images
 *    included) and inside uImages (an appended DTB);
 *  - the Qualcomm MIBIB: a page starting with the SMEM flash partition
 *    table, magic 0x55ee73aa 0xe35ebddb, version 3 or 4, numparts, then
 *    28-byte entries {name[16], offset, length (in eraseblocks, little
 *    endian; length 0xffffffff: the rest), attr x3, which_flash}
 *    (drivers/mtd/parsers/qcomsmempart.c); names lose a "0:" prefix, as
 *    that parser does;
 *  - the RedBoot FIS directory (drivers/mtd/parsers/redboot.c, struct
 *    fis_image_desc): 256-byte entries {name[16], flash_base, mem_base,
 *    size, entry_point, data_length, ..., desc_cksum, file_cksum} at the
 *    start of an eraseblock, one of them named "FIS directory", ended by an
 *    entry whose name starts with 0xff; either byte order (the one in
 *    which the directory's own entry points at its block); offsets are
 *    flash_base within the device (masked by its size, as the kernel
 *    does);
 *  - the i.MX DBBT (core/dbbt.c): a map of bad blocks, compared here with
 *    the dump's bad-block map (markers, tables, --bad-blocks).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partmap.h"
#include "probe/prober.h"

#define FDT_MAX		(4u << 20)
#define UIMAGE_SEARCH	(8u << 20)
#define MIBIB_BLOCKS	64

struct finder {
	struct mm_dump *d;
	struct mm_ecc *e;
	const struct mm_scan *scan;
	struct mm_partmap *maps;
	size_t max, n;
	uint8_t *page;
};

/* Device data bytes at @off (absent pages read as 0xFF). */
static int dev_read(struct finder *fd, uint64_t off, uint8_t *buf, size_t len)
{
	const struct mm_geom *g = &fd->d->geom;
	uint64_t total = mm_geom_size(g);
	int ret;

	while (len) {
		uint64_t page = off / g->page_size;
		uint32_t col = off % g->page_size;
		size_t k = g->page_size - col < len ? g->page_size - col : len;

		if (off >= total) {
			memset(buf, 0xff, len);
			return 0;
		}
		if (fd->e && mm_ecc_enabled(fd->e))
			ret = mm_ecc_read_page(fd->e, fd->d, page, fd->page,
					       NULL, NULL, NULL);
		else
			ret = mm_dump_read_page(fd->d, page, fd->page, NULL);
		if (ret < 0)
			return ret;
		memcpy(buf, fd->page + col, k);
		buf += k;
		off += k;
		len -= k;
	}
	return 0;
}

static void add_map(struct finder *fd, const char *source, uint64_t where,
		    const char *check, const char *mtd_id, const char *spec)
{
	const struct mm_geom *g = &fd->d->geom;
	struct mm_partmap *m;
	size_t i;

	if (fd->n >= fd->max || !*spec)
		return;
	for (i = 0; i < fd->n; i++)	/* the same map seen twice */
		if (!strcmp(fd->maps[i].source, source) &&
		    !strcmp(fd->maps[i].spec, spec) &&
		    !strcmp(fd->maps[i].mtd_id, mtd_id))
			return;
	m = &fd->maps[fd->n++];
	memset(m, 0, sizeof(*m));
	snprintf(m->source, sizeof(m->source), "%s", source);
	m->where = where;
	snprintf(m->check, sizeof(m->check), "%s", check);
	snprintf(m->mtd_id, sizeof(m->mtd_id), "%s", mtd_id);
	snprintf(m->spec, sizeof(m->spec), "%s", spec);
	if (mm_parts_parse(spec, mm_geom_size(g), mm_geom_eb_size(g),
			   &m->parts, &m->nparts, m->err, sizeof(m->err))) {
		m->parts = NULL;
		m->nparts = 0;
		if (!m->err[0])
			snprintf(m->err, sizeof(m->err), "out of memory");
	}
}

static bool is(const struct mm_content *c, const char *name)
{
	return c->prober && !strcmp(c->prober->name, name);
}

/* --- mtdparts= strings --- */

static void from_string(struct finder *fd, const struct mm_content *c)
{
	static const char needle[] = "mtdparts=";
	const char *source = "mtdparts", *check = "no checksum";
	char buf[MM_PARTMAP_SPEC_MAX + 64], *v, *def, *save = NULL;
	size_t i, k;

	if (dev_read(fd, c->offset, (uint8_t *)buf, sizeof(buf) - 1))
		return;
	buf[sizeof(buf) - 1] = '\0';
	v = memmem(buf, 64, needle, sizeof(needle) - 1);
	if (!v)
		return;
	while (!strncmp(v, needle, sizeof(needle) - 1))
		v += sizeof(needle) - 1;
	for (k = 0; v[k] > 0x20 && v[k] < 0x7f; k++)
		;
	v[k] = '\0';
	for (i = 0; i < fd->scan->n_items; i++) {
		const struct mm_content *env = &fd->scan->items[i];

		if (is(env, "uboot-env") && env->first_block <= c->first_block &&
		    c->first_block <= env->last_block &&
		    env->offset <= c->offset) {
			source = "uboot-env";
			check = "crc32 ok";
			break;
		}
	}
	for (def = strtok_r(v, ";", &save); def; def = strtok_r(NULL, ";", &save)) {
		char *colon = strchr(def, ':');

		if (!colon)
			continue;
		*colon = '\0';
		add_map(fd, source, c->offset, check, def, colon + 1);
	}
}

/* --- device trees --- */

struct fdt_walk {
	const uint8_t *b;
	uint32_t size, off_struct, size_struct, off_strings, size_strings;
	char spec[MM_PARTMAP_SPEC_MAX];
	size_t len;
	bool bad;
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t cells(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--) {
		v = v << 32 | be32(p);
		p += 4;
	}
	return v;
}

/* Is @s (@n bytes of NUL-separated strings) holding @want? */
static bool strlist_has(const char *s, uint32_t n, const char *want)
{
	uint32_t i = 0;

	while (i < n) {
		size_t l = strnlen(s + i, n - i);

		if (l == strlen(want) && !memcmp(s + i, want, l))
			return true;
		i += (uint32_t)l + 1;
	}
	return false;
}

#define FDT_DEPTH	16

struct fdt_node {
	unsigned int acells, scells;	/* for its children */
	bool parts;			/* fixed-partitions container */
	bool has_reg;
	uint64_t reg_off, reg_size;
	char name[64];
};

static void fdt_emit(struct fdt_walk *w, const struct fdt_node *n)
{
	int k;

	k = snprintf(w->spec + w->len, sizeof(w->spec) - w->len,
		     "%s0x%" PRIx64 "@0x%" PRIx64 "(%s)", w->len ? "," : "",
		     n->reg_size, n->reg_off, n->name);
	if (k < 0 || (size_t)k >= sizeof(w->spec) - w->len)
		w->bad = true;
	else
		w->len += (size_t)k;
}

/* Walk the structure block; the partitions end up in @w->spec. */
static void fdt_walk(struct fdt_walk *w)
{
	struct fdt_node st[FDT_DEPTH];
	uint32_t p = w->off_struct, end = w->off_struct + w->size_struct;
	int depth = -1;

	while (p + 4 <= end && !w->bad) {
		uint32_t tok = be32(w->b + p);

		p += 4;
		if (tok == 1) {			/* FDT_BEGIN_NODE */
			const char *nm = (const char *)w->b + p;
			size_t l = strnlen(nm, end - p);
			struct fdt_node *n;

			if (p + l >= end || ++depth >= FDT_DEPTH) {
				w->bad = true;
				return;
			}
			n = &st[depth];
			memset(n, 0, sizeof(*n));
			n->acells = 2;
			n->scells = 1;
			snprintf(n->name, sizeof(n->name), "%.*s",
				 (int)strcspn(nm, "@"), nm);
			/* old trees: partition@N nodes without a container */
			if (depth > 0 && !strncmp(nm, "partition@", 10))
				st[depth - 1].parts = true;
			p += (uint32_t)((l + 1 + 3) & ~3u);
		} else if (tok == 2) {		/* FDT_END_NODE */
			if (depth < 0) {
				w->bad = true;
				return;
			}
			if (depth > 0 && st[depth - 1].parts && st[depth].has_reg)
				fdt_emit(w, &st[depth]);
			depth--;
		} else if (tok == 3) {		/* FDT_PROP */
			uint32_t len, nameoff;
			const char *pname;
			const uint8_t *val;

			if (p + 8 > end || depth < 0) {
				w->bad = true;
				return;
			}
			len = be32(w->b + p);
			nameoff = be32(w->b + p + 4);
			p += 8;
			if (len > end - p || nameoff >= w->size_strings) {
				w->bad = true;
				return;
			}
			pname = (const char *)w->b + w->off_strings + nameoff;
			val = w->b + p;
			if (!strcmp(pname, "#address-cells") && len == 4)
				st[depth].acells = be32(val);
			else if (!strcmp(pname, "#size-cells") && len == 4)
				st[depth].scells = be32(val);
			else if (!strcmp(pname, "compatible") &&
				 strlist_has((const char *)val, len,
					     "fixed-partitions"))
				st[depth].parts = true;
			else if (!strcmp(pname, "label") && len > 1)
				snprintf(st[depth].name, sizeof(st[depth].name),
					 "%.*s", (int)strnlen((const char *)val, len),
					 (const char *)val);
			else if (!strcmp(pname, "reg") && depth > 0) {
				const struct fdt_node *par = &st[depth - 1];

				if (par->acells >= 1 && par->acells <= 2 &&
				    par->scells >= 1 && par->scells <= 2 &&
				    len >= 4 * (par->acells + par->scells)) {
					st[depth].reg_off = cells(val, par->acells);
					st[depth].reg_size = cells(val + 4 * par->acells,
								   par->scells);
					st[depth].has_reg = true;
				}
			}
			p += (len + 3) & ~3u;
		} else if (tok == 4) {		/* FDT_NOP */
			continue;
		} else if (tok == 9) {		/* FDT_END */
			return;
		} else {
			w->bad = true;
			return;
		}
	}
}

/* A device tree at device offset @off: its partitions, if any. */
static void from_fdt(struct finder *fd, uint64_t off)
{
	uint8_t hdr[40];
	struct fdt_walk w;
	uint8_t *blob;

	if (dev_read(fd, off, hdr, sizeof(hdr)) || be32(hdr) != 0xd00dfeedu)
		return;
	memset(&w, 0, sizeof(w));
	w.size = be32(hdr + 4);
	w.off_struct = be32(hdr + 8);
	w.off_strings = be32(hdr + 12);
	w.size_strings = be32(hdr + 32);
	w.size_struct = be32(hdr + 36);
	if (w.size < 40 || w.size > FDT_MAX || w.off_struct < 40 ||
	    w.off_strings < 40 || (uint64_t)w.off_struct + w.size_struct > w.size ||
	    (uint64_t)w.off_strings + w.size_strings > w.size)
		return;
	blob = malloc(w.size + 1);
	if (!blob)
		return;
	if (!dev_read(fd, off, blob, w.size)) {
		blob[w.size] = '\0';
		w.b = blob;
		fdt_walk(&w);
		if (!w.bad && w.len)
			add_map(fd, "fdt", off, "no checksum", "", w.spec);
	}
	free(blob);
}

/* Device trees appended inside a uImage: every aligned FDT magic in it. */
static void from_uimage(struct finder *fd, const struct mm_content *c)
{
	const struct mm_geom *g = &fd->d->geom;
	uint64_t len = c->blocks * mm_geom_eb_size(g), off;
	uint8_t *buf;

	if (len > UIMAGE_SEARCH)
		len = UIMAGE_SEARCH;
	buf = malloc(len);
	if (!buf)
		return;
	if (!dev_read(fd, c->offset, buf, len))
		for (off = 64; off + 40 <= len; off += 4)
			if (be32(buf + off) == 0xd00dfeedu)
				from_fdt(fd, c->offset + off);
	free(buf);
}

/* --- the Qualcomm MIBIB --- */

static void from_mibib_page(struct finder *fd, uint64_t off, const uint8_t *p,
			    uint32_t len)
{
	const struct mm_geom *g = &fd->d->geom;
	uint64_t eb = mm_geom_eb_size(g);
	uint32_t ver = le32(p + 8), n = le32(p + 12), i;
	char spec[MM_PARTMAP_SPEC_MAX];
	size_t sl = 0;

	if (le32(p) != 0x55ee73aau || le32(p + 4) != 0xe35ebddbu ||
	    (ver != 3 && ver != 4) || !n || n > 128 || 16 + 28 * n > len)
		return;
	for (i = 0; i < n; i++) {
		const uint8_t *e = p + 16 + 28 * i;
		char name[17];
		const char *nm = name;
		uint32_t o = le32(e + 16), l = le32(e + 20);
		int k;

		snprintf(name, sizeof(name), "%.16s", (const char *)e);
		if (!strncmp(nm, "0:", 2))
			nm += 2;
		if (l == 0xffffffffu)
			k = snprintf(spec + sl, sizeof(spec) - sl,
				     "%s-@0x%" PRIx64 "(%s)", sl ? "," : "",
				     (uint64_t)o * eb, nm);
		else
			k = snprintf(spec + sl, sizeof(spec) - sl,
				     "%s0x%" PRIx64 "@0x%" PRIx64 "(%s)",
				     sl ? "," : "", (uint64_t)l * eb,
				     (uint64_t)o * eb, nm);
		if (k < 0 || (size_t)k >= sizeof(spec) - sl)
			return;
		sl += (size_t)k;
	}
	add_map(fd, "mibib", off, "magic ok", "", spec);
}

static int from_mibib(struct finder *fd)
{
	const struct mm_geom *g = &fd->d->geom;
	uint64_t blk, page;
	uint32_t p;
	int ret;

	for (blk = 0; blk < g->block_count && blk < MIBIB_BLOCKS; blk++) {
		if (mm_bbt_is_bad(&fd->d->bbt, blk))
			continue;
		for (p = 0; p < g->pages_per_block && p < 4; p++) {
			page = blk * g->pages_per_block + p;
			ret = dev_read(fd, page * g->page_size, fd->page + g->page_size,
				       g->page_size);
			if (ret)
				return ret;
			from_mibib_page(fd, page * g->page_size,
					fd->page + g->page_size, g->page_size);
		}
	}
	return 0;
}

/* --- RedBoot FIS --- */

#define FIS_ENTRY	256
#define FIS_HEAD	(16 * FIS_ENTRY)	/* where its own entry must be */

static uint32_t fis32(const uint8_t *p, bool be)
{
	return be ? be32(p) : le32(p);
}

static void from_fis_block(struct finder *fd, uint64_t off, const uint8_t *b,
			   uint64_t eb)
{
	uint64_t size = mm_geom_size(&fd->d->geom), mask = size - 1;
	char spec[MM_PARTMAP_SPEC_MAX];
	bool be, found = false;
	size_t sl = 0;
	uint32_t i, n = (uint32_t)(eb / FIS_ENTRY);
	int k;

	for (i = 0; i < n && b[i * FIS_ENTRY] != 0xff; i++)
		if (!memcmp(b + i * FIS_ENTRY, "FIS directory", 14))
			found = true;
	if (!found)
		return;
	/* the byte order in which the directory's own size fits */
	for (i = 0; memcmp(b + i * FIS_ENTRY, "FIS directory", 14); i++)
		;
	if (size & mask)
		mask = UINT64_MAX;	/* not a power of two: as stored */
	/* its own entry places it here (or is one eraseblock) in one order */
	be = (fis32(b + i * FIS_ENTRY + 16, true) & mask) == off ||
	     fis32(b + i * FIS_ENTRY + 24, true) == eb;
	for (i = 0; i < n && b[i * FIS_ENTRY] != 0xff; i++) {
		const uint8_t *e = b + i * FIS_ENTRY;
		uint64_t base = fis32(e + 16, be) & mask;
		uint32_t len = fis32(e + 24, be);

		if (!e[0] || !len)
			continue;
		k = snprintf(spec + sl, sizeof(spec) - sl,
			     "%s0x%x@0x%" PRIx64 "(%.16s)", sl ? "," : "", len,
			     base, (const char *)e);
		if (k < 0 || (size_t)k >= sizeof(spec) - sl)
			return;
		sl += (size_t)k;
	}
	add_map(fd, "redboot", off, "no checksum", "", spec);
}

static int from_fis(struct finder *fd)
{
	const struct mm_geom *g = &fd->d->geom;
	uint64_t eb = mm_geom_eb_size(g), blk;
	uint8_t *b, head[FIS_HEAD];
	uint32_t i;
	int ret = 0;
	bool dir;

	if (eb < FIS_HEAD)
		return 0;
	b = malloc(eb);
	if (!b)
		return -ENOMEM;
	for (blk = 0; blk < g->block_count; blk++) {
		if (mm_bbt_is_bad(&fd->d->bbt, blk))
			continue;
		ret = dev_read(fd, blk * eb, head, 1);
		if (ret)
			break;
		/* a directory starts with its first entry's name */
		if (head[0] < 0x20 || head[0] > 0x7e)
			continue;
		ret = dev_read(fd, blk * eb, head, sizeof(head));
		if (ret)
			break;
		for (i = 0, dir = false; i < FIS_HEAD / FIS_ENTRY && !dir; i++)
			dir = !memcmp(head + i * FIS_ENTRY, "FIS directory", 14);
		if (!dir)
			continue;
		ret = dev_read(fd, blk * eb, b, eb);
		if (ret)
			break;
		from_fis_block(fd, blk * eb, b, eb);
	}
	free(b);
	return ret;
}

/* --- the i.MX DBBT: bad blocks --- */

/* "3, 7-9" of the blocks in @v (sorted, unique) into @buf. */
static void block_list(char *buf, size_t len, const uint64_t *v, size_t n)
{
	size_t i, j, k = 0;
	int w;

	buf[0] = '\0';
	for (i = 0; i < n && k < len; i = j + 1) {
		for (j = i; j + 1 < n && v[j + 1] == v[j] + 1; j++)
			;
		if (j > i)
			w = snprintf(buf + k, len - k, "%s%" PRIu64 "-%" PRIu64,
				     k ? ", " : "", v[i], v[j]);
		else
			w = snprintf(buf + k, len - k, "%s%" PRIu64,
				     k ? ", " : "", v[i]);
		if (w < 0)
			return;
		k += (size_t)w;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Where the DBBT and the dump's bad-block map part: @m->note. */
static int dbbt_compare(struct finder *fd, struct mm_partmap *m)
{
	const struct mm_geom *g = &fd->d->geom;
	const struct mm_dbbt *t = &m->dbbt;
	uint64_t *only_t, *only_m, b;
	size_t nt = 0, nm = 0, i;
	char lt[96], lm[96];
	bool *listed;

	listed = calloc(g->block_count ? g->block_count : 1, sizeof(*listed));
	only_t = calloc(t->nbad + 1, sizeof(*only_t));
	only_m = calloc(g->block_count + 1, sizeof(*only_m));
	if (!listed || !only_t || !only_m) {
		free(listed);
		free(only_t);
		free(only_m);
		return -ENOMEM;
	}
	for (i = 0; i < t->nbad; i++)
		listed[t->bad[i]] = true;
	for (b = 0; b < g->block_count; b++) {
		if (listed[b] && !mm_bbt_is_bad(&fd->d->bbt, b))
			only_t[nt++] = b;
		else if (!listed[b] && mm_bbt_is_bad(&fd->d->bbt, b))
			only_m[nm++] = b;
	}
	block_list(lt, sizeof(lt), only_t, nt);
	block_list(lm, sizeof(lm), only_m, nm);
	if (nt || nm)
		snprintf(m->note, sizeof(m->note),
			 "the DBBT and the bad-block map disagree: %s%s%s%s%s%s",
			 nt ? "listed only by the DBBT: " : "", lt,
			 nt && nm ? "; " : "",
			 nm ? "bad in the map, not in the DBBT: " : "", lm,
			 nm ? " (a DBBT lists what its writer found bad, often only the boot partition's blocks)" : "");
	free(listed);
	free(only_t);
	free(only_m);
	return 0;
}

static int from_dbbt(struct finder *fd)
{
	struct mm_partmap *m;
	struct mm_dbbt t;
	int ret;

	ret = mm_dbbt_find(fd->d, fd->e, &t);
	if (ret || !t.found)
		return ret;
	if (fd->n >= fd->max) {
		mm_dbbt_free(&t);
		return 0;
	}
	m = &fd->maps[fd->n++];
	memset(m, 0, sizeof(*m));
	snprintf(m->source, sizeof(m->source), "dbbt");
	m->where = t.where;
	m->bad_map = true;
	if (t.table_ok)
		snprintf(m->check, sizeof(m->check), "fingerprint ok");
	else
		snprintf(m->check, sizeof(m->check),
			 "fingerprint ok, table invalid: %s", t.err);
	if (t.from_fcb)
		snprintf(m->found_by, sizeof(m->found_by),
			 "the FCB at 0x%" PRIx64 ": DBBT search area from page %" PRIu32,
			 t.fcb_where, t.search_page);
	else
		snprintf(m->found_by, sizeof(m->found_by),
			 "fingerprint scan of the boot area");
	if (t.nbad)
		qsort(t.bad, t.nbad, sizeof(*t.bad), cmp_u64);
	m->dbbt = t;
	return t.table_ok ? dbbt_compare(fd, m) : 0;
}

int mm_partmaps_find(struct mm_dump *d, struct mm_ecc *e,
		     const struct mm_scan *scan, struct mm_partmap *maps,
		     size_t max, size_t *n)
{
	struct finder fd = { d, e, scan, maps, max, 0, NULL };
	size_t i;
	int ret;

	*n = 0;
	fd.page = malloc(2 * (size_t)d->geom.page_size);
	if (!fd.page)
		return -ENOMEM;
	for (i = 0; i < scan->n_items; i++) {
		const struct mm_content *c = &scan->items[i];

		if (is(c, "mtdparts"))
			from_string(&fd, c);
		else if (is(c, "fdt"))
			from_fdt(&fd, c->offset);
		else if (is(c, "uimage"))
			from_uimage(&fd, c);
	}
	ret = from_mibib(&fd);
	if (!ret)
		ret = from_fis(&fd);
	if (!ret)
		ret = from_dbbt(&fd);
	free(fd.page);
	*n = fd.n;
	if (ret)
		mm_partmaps_free(maps, fd.n);
	return ret;
}

void mm_partmaps_free(struct mm_partmap *maps, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(maps[i].parts);
		maps[i].parts = NULL;
		mm_dbbt_free(&maps[i].dbbt);
	}
}

static bool same_parts(const struct mm_partmap *a, const struct mm_partmap *b)
{
	size_t i;

	if (a->nparts != b->nparts)
		return false;
	for (i = 0; i < a->nparts; i++)
		if (a->parts[i].offset != b->parts[i].offset ||
		    a->parts[i].size != b->parts[i].size)
			return false;
	return true;
}

static size_t names(const struct mm_partmap *maps, size_t n,
		    const bool *cand, char *buf, size_t len)
{
	size_t i, k = 0;

	buf[0] = '\0';
	for (i = 0; i < n && k < len; i++)
		if (cand[i])
			k += (size_t)snprintf(buf + k, len - k, "%s%s at 0x%" PRIx64,
					      k ? ", " : "", maps[i].source,
					      maps[i].where);
	return k;
}

int mm_partmaps_choose(const struct mm_partmap *maps, size_t n,
		       const char *arg, const char *mtd_name, char *msg,
		       size_t len)
{
	const char *src = !strncmp(arg, "auto:", 5) ? arg + 5 : NULL;
	bool cand[MM_PARTMAP_MAX] = { false }, ids = false;
	char list[400];
	size_t i, k, valid = 0;
	int first = -1;

	if (src && !strcmp(src, "dbbt")) {
		snprintf(msg, len, "--mtdparts=%s: the i.MX DBBT lists bad blocks, not partitions",
			 arg);
		return -EINVAL;
	}
	for (i = 0; i < n && i < MM_PARTMAP_MAX; i++)
		cand[i] = !maps[i].bad_map &&
			  (!src || !strcmp(maps[i].source, src));
	/* several mtd-ids: the one named like the MTD, if any is */
	for (i = 0; i < n && i < MM_PARTMAP_MAX; i++)
		if (cand[i] && maps[i].mtd_id[0] && mtd_name &&
		    !strcmp(maps[i].mtd_id, mtd_name))
			ids = true;
	for (i = 0; i < n && i < MM_PARTMAP_MAX; i++)
		if (ids && cand[i] && maps[i].mtd_id[0] &&
		    strcmp(maps[i].mtd_id, mtd_name))
			cand[i] = false;
	for (i = 0; i < n && i < MM_PARTMAP_MAX; i++) {
		if (!cand[i])
			continue;
		if (!maps[i].parts) {
			if (first < 0)
				first = (int)i;
			cand[i] = false;
			continue;
		}
		valid++;
	}
	if (!valid) {
		if (first >= 0) {
			snprintf(msg, len, "--mtdparts=%s: the %s map at 0x%" PRIx64 " does not fit the device: %s",
				 arg, maps[first].source, maps[first].where,
				 maps[first].err);
			return -EINVAL;
		}
		if (src)
			snprintf(msg, len, "--mtdparts=%s: the dump holds no %s partition map",
				 arg, src);
		else
			snprintf(msg, len, "--mtdparts=auto: no partition map found in the dump (U-Boot env mtdparts=, FDT fixed-partitions, Qualcomm MIBIB)");
		return -ENOENT;
	}
	for (i = 0; i < n && !cand[i]; i++)
		;
	for (k = i + 1; k < n && k < MM_PARTMAP_MAX; k++)
		if (cand[k] && !same_parts(&maps[i], &maps[k])) {
			names(maps, n, cand, list, sizeof(list));
			snprintf(msg, len, "--mtdparts=%s: the dump's partition maps disagree (%s); choose one with --mtdparts=auto:SOURCE or give --mtdparts",
				 arg, list);
			return -EINVAL;
		}
	return (int)i;
}
