// SPDX-License-Identifier: GPL-2.0
/*
 * muse_init.c - MUSE_INIT: key/value blob, PARTSCMDLINE, MTD registration and teardown
 */

#define pr_fmt(fmt) "MUSE: " fmt

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "muse.h"

static const char * const muse_probe_cmdline[] = { "cmdlinepart", NULL };
static const char * const muse_probe_none[] = { NULL };

static ssize_t muse_pid_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct mtd_info *mtd = container_of(dev, struct mtd_info, dev);

	return sysfs_emit(buf, "%d\n", mtd_to_conn(mtd)->server_pid);
}
static DEVICE_ATTR_RO(muse_pid);

static struct attribute *muse_attrs[] = {
	&dev_attr_muse_pid.attr,
	NULL,
};
ATTRIBUTE_GROUPS(muse);

/* ------------------------------------------------------------------ */
/* Registration and teardown                                           */
/* ------------------------------------------------------------------ */

static void muse_add_part_attrs(struct muse_conn *conn)
{
	struct mtd_info *master = &conn->mtd;
	struct mtd_info *child;

	mutex_lock(&master->master.partitions_lock);
	list_for_each_entry(child, &master->partitions, part.node) {
		if (!device_is_registered(&child->dev))
			continue;
		if (device_create_file(&child->dev, &dev_attr_muse_pid))
			pr_warn("%s: cannot create muse_pid attribute\n",
				child->name);
	}
	mutex_unlock(&master->master.partitions_lock);
}

/*
 * Count the bad blocks of an unpartitioned NAND master, as the NAND core's
 * bad block scan does for a real chip, so that sysfs bad_blocks and
 * ECCGETSTATS (nanddump's "Number of bad blocks") tell the truth. The MTD
 * core counts partitions itself when it adds them. Runs in the registration
 * worker: every ISBAD goes to the server, which is already serving.
 */
static void muse_count_bad_blocks(struct muse_conn *conn)
{
	struct mtd_info *mtd = &conn->mtd;
	unsigned int bad = 0;
	loff_t ofs;
	int ret;

	/* bad block ops are wired for NAND types only */
	if (!mtd->_block_isbad || conn->nr_parts)
		return;
	for (ofs = 0; ofs < mtd->size; ofs += mtd->erasesize) {
		ret = muse_mtd_block_isbad(mtd, ofs);
		if (ret < 0)
			return;	/* the server failed or left: count nothing */
		if (ret)
			bad++;
	}
	mtd->ecc_stats.badblocks = bad;
}

void muse_reg_work(struct work_struct *work)
{
	struct muse_conn *conn = container_of(work, struct muse_conn,
					      reg_work);
	const char * const *types;
	int i, ret;

	muse_bb_setup(conn);
	muse_count_bad_blocks(conn);
	types = conn->cmdline_fallback ? muse_probe_cmdline : muse_probe_none;
	ret = mtd_device_parse_register(&conn->mtd, types, NULL, conn->parts,
					conn->nr_parts);

	/* the MTD core copied the partition names */
	for (i = 0; i < conn->nr_parts; i++)
		kfree(conn->parts[i].name);
	kfree(conn->parts);
	conn->parts = NULL;
	conn->nr_parts = 0;

	if (ret) {
		pr_warn("%s: registering the MTD failed (%d)\n", conn->name,
			ret);
		muse_abort(conn);
		muse_conn_put(conn);
		return;
	}

	muse_add_part_attrs(conn);

	/* the registration reference now belongs to the registered MTD */
	spin_lock(&conn->lock);
	conn->registered = true;
	muse_try_unregister_locked(conn);
	spin_unlock(&conn->lock);
}

void muse_unreg_work(struct work_struct *work)
{
	struct muse_conn *conn = container_of(work, struct muse_conn,
					      unreg_work);
	int ret;

	ret = mtd_device_unregister(&conn->mtd);
	if (ret) {
		/* keep everything (and the module) rather than free in use */
		pr_err("%s: cannot unregister the MTD (%d), leaking it\n",
		       conn->name, ret);
		return;
	}
	muse_conn_put(conn);
}

/* ------------------------------------------------------------------ */
/* MUSE_INIT                                                           */
/* ------------------------------------------------------------------ */

/*
 * Next KEY=VALUE pair of a blob of NUL-terminated strings.  Returns 1 for
 * a pair, 0 at the end, -EINVAL for an unterminated blob or an empty key.
 * Modifies the blob in place.
 */
static int muse_kv_next(char **pp, char *end, char **keyp, char **valp)
{
	char *p = *pp;
	char *key, *val;

	while (p < end && !*p)
		p++;
	if (p >= end)
		return 0;
	if (end[-1]) {
		pr_err("info not properly terminated\n");
		return -EINVAL;
	}

	key = p;
	p += strlen(p) + 1;
	val = strchr(key, '=');
	if (val)
		*val++ = '\0';
	else
		val = key + strlen(key);
	key = strstrip(key);
	val = strstrip(val);
	if (!*key) {
		pr_err("zero length info key specified\n");
		return -EINVAL;
	}

	*pp = p;
	*keyp = key;
	*valp = val;
	return 1;
}

static int muse_parse_info(char *blob, size_t len, struct muse_params *p)
{
	char *pos = blob, *end = blob + len;
	char *key, *val;
	int ret;

	for (;;) {
		ret = muse_kv_next(&pos, end, &key, &val);
		if (ret <= 0)
			return ret;

		ret = 0;
		if (!strcmp(key, "NAME"))
			p->name = val;
		else if (!strcmp(key, "PARTSCMDLINE"))
			p->parts = val;
		else if (!strcmp(key, "TYPE"))
			ret = kstrtouint(val, 10, &p->type);
		else if (!strcmp(key, "FLAGS"))
			ret = kstrtou32(val, 10, &p->flags);
		else if (!strcmp(key, "SIZE"))
			ret = kstrtou64(val, 10, &p->size);
		else if (!strcmp(key, "WRITESIZE"))
			ret = kstrtou32(val, 10, &p->writesize);
		else if (!strcmp(key, "WRITEBUFSIZE"))
			ret = kstrtou32(val, 10, &p->writebufsize);
		else if (!strcmp(key, "ERASESIZE"))
			ret = kstrtou32(val, 10, &p->erasesize);
		else if (!strcmp(key, "OOBSIZE"))
			ret = kstrtou32(val, 10, &p->oobsize);
		else if (!strcmp(key, "OOBAVAIL"))
			ret = kstrtou32(val, 10, &p->oobavail);
		else if (!strcmp(key, "SUBPAGESHIFT"))
			ret = kstrtouint(val, 10, &p->subpage_sft);
		else if (!strcmp(key, "ECCSTRENGTH"))
			ret = kstrtou32(val, 10, &p->ecc_strength);
		else if (!strcmp(key, "ECCSTEPSIZE"))
			ret = kstrtou32(val, 10, &p->ecc_step_size);
		else if (!strcmp(key, "BITFLIPTHRESHOLD"))
			ret = kstrtou32(val, 10, &p->bitflip_threshold);
		else if (!strcmp(key, "OOBFREE"))
			p->oobfree = val;
		else if (!strcmp(key, "OOBECC"))
			p->oobecc = val;
		else
			pr_warn_ratelimited("Ignoring unknown MTD param \"%s\"\n",
					    key);
		if (ret)
			return ret;
	}
}

static bool muse_type_ok(unsigned int type)
{
	switch (type) {
	case MTD_RAM:
	case MTD_ROM:
	case MTD_NORFLASH:
	case MTD_NANDFLASH:
	case MTD_DATAFLASH:
	case MTD_MLCNANDFLASH:
		return true;
	default:
		return false;
	}
}

static bool muse_is_nand(unsigned int type)
{
	return type == MTD_NANDFLASH || type == MTD_MLCNANDFLASH;
}

static int muse_verify_params(const struct muse_params *p, u32 max_read,
			      u32 max_write)
{
	u64 tmp;

	if (!p->name)
		return -EINVAL;
	if (!p->size || !p->writesize || !p->erasesize)
		return -EINVAL;
	tmp = p->size;
	if (do_div(tmp, p->writesize))
		return -EINVAL;
	tmp = p->size;
	if (do_div(tmp, p->erasesize))
		return -EINVAL;
	if (p->oobavail > p->oobsize)
		return -EINVAL;
	if (p->oobsize >= p->writesize)
		return -EINVAL;
	if (p->flags & ~MUSE_FLAGS_ALLOWED)
		return -EINVAL;
	if (p->subpage_sft > MUSE_SUBPAGE_SFT_MAX)
		return -EINVAL;
	if (!muse_type_ok(p->type))
		return -EINVAL;
	if (max_read < p->writebufsize || max_write < p->writebufsize)
		return -EINVAL;
	/* ECC keys (extension): a step divides the page, threshold <= strength */
	if (p->ecc_strength &&
	    (!p->ecc_step_size || p->writesize % p->ecc_step_size))
		return -EINVAL;
	if (p->bitflip_threshold > p->ecc_strength)
		return -EINVAL;
	return 0;
}

/*
 * OOBFREE / OOBECC: "OFFSET:LENGTH,..." in decimal, regions of the OOB
 * area (at most MUSE_MAX_OOB_REGIONS, inside OOBSIZE).  Returns the number
 * of regions or -EINVAL.
 */
static int muse_parse_regions(const char *s, u32 oobsize,
			      struct mtd_oob_region *r, u32 *total)
{
	unsigned int off, len;
	int n = 0, used;

	*total = 0;
	while (*s) {
		if (n >= MUSE_MAX_OOB_REGIONS ||
		    sscanf(s, "%u:%u%n", &off, &len, &used) != 2 || !len ||
		    off >= oobsize || len > oobsize - off)
			return -EINVAL;
		r[n].offset = off;
		r[n].length = len;
		*total += len;
		n++;
		s += used;
		if (*s == ',')
			s++;
		else if (*s)
			return -EINVAL;
	}
	return n;
}

static int muse_ooblayout_ecc(struct mtd_info *mtd, int section,
			      struct mtd_oob_region *r)
{
	struct muse_conn *conn = mtd_to_conn(mtd);

	if (section < 0 || section >= conn->nr_oobecc)
		return -ERANGE;
	*r = conn->oobecc[section];
	return 0;
}

static int muse_ooblayout_free(struct mtd_info *mtd, int section,
			       struct mtd_oob_region *r)
{
	struct muse_conn *conn = mtd_to_conn(mtd);

	if (section < 0 || section >= conn->nr_oobfree)
		return -ERANGE;
	*r = conn->oobfree[section];
	return 0;
}

static const struct mtd_ooblayout_ops muse_ooblayout_ops = {
	.ecc	= muse_ooblayout_ecc,
	.free	= muse_ooblayout_free,
};

/* ECC geometry and OOB layout of the ECC keys; 0 or -EINVAL */
static int muse_set_ecc(struct muse_conn *conn, const struct muse_params *p)
{
	struct mtd_info *mtd = &conn->mtd;
	u32 total;
	int n;

	mtd->ecc_strength = p->ecc_strength;
	mtd->ecc_step_size = p->ecc_strength ? p->ecc_step_size : 0;
	/* the NAND core's default: 3/4 of the strength */
	mtd->bitflip_threshold = p->bitflip_threshold ? :
				 DIV_ROUND_UP(p->ecc_strength * 3, 4);
	if (p->oobfree) {
		n = muse_parse_regions(p->oobfree, p->oobsize, conn->oobfree,
				       &total);
		/* AUTO_OOB bytes are the free regions: they must agree */
		if (n < 0 || total != p->oobavail)
			return -EINVAL;
		conn->nr_oobfree = n;
	}
	if (p->oobecc) {
		n = muse_parse_regions(p->oobecc, p->oobsize, conn->oobecc,
				       &total);
		if (n < 0)
			return -EINVAL;
		conn->nr_oobecc = n;
	}
	if (p->oobfree || p->oobecc)
		mtd_set_ooblayout(mtd, &muse_ooblayout_ops);
	return 0;
}

/*
 * PARTSCMDLINE, cmdlinepart grammar without the leading "<mtd-id>:":
 *   <size>[@<offset>][(<name>)][ro][lk] {,...}
 * <size> is a memparse() number (k/M/G... suffixes) or "-" for the rest.
 */
static int muse_parse_parts(const char *name, const char *s, u64 mtd_size,
			    struct mtd_partition **partsp, int *nrp)
{
	struct mtd_partition *parts;
	const char *p;
	u64 offset = 0;
	int max = 1, nr = 0, i, ret = -EINVAL;

	for (p = s; *p; p++)
		if (*p == ',')
			max++;
	parts = kcalloc(max, sizeof(*parts), GFP_KERNEL);
	if (!parts)
		return -ENOMEM;

	for (;;) {
		struct mtd_partition *part = &parts[nr];
		bool rest = false, has_ofs = false;
		char *end;

		if (*s == '-') {
			rest = true;
			part->size = MTDPART_SIZ_FULL;
			s++;
		} else {
			part->size = memparse(s, &end);
			if (end == s) {
				pr_err("%s: partition size missing\n", name);
				goto out_free;
			}
			if (part->size < PAGE_SIZE) {
				pr_err("%s: partition size too small (%llx)\n",
				       name, part->size);
				goto out_free;
			}
			s = end;
		}
		if (*s == '@') {
			s++;
			part->offset = memparse(s, &end);
			if (end == s) {
				pr_err("%s: partition offset missing\n", name);
				goto out_free;
			}
			has_ofs = true;
			s = end;
		}
		if (*s == '(') {
			p = strchr(s + 1, ')');
			if (!p) {
				pr_err("%s: no closing ) found in partition name\n",
				       name);
				goto out_free;
			}
			part->name = kstrndup(s + 1, p - s - 1, GFP_KERNEL);
			s = p + 1;
		} else {
			part->name = kasprintf(GFP_KERNEL, "Partition_%03d",
					       nr);
		}
		if (!part->name) {
			ret = -ENOMEM;
			goto out_free;
		}
		nr++;
		if (!strncmp(s, "ro", 2)) {
			part->mask_flags |= MTD_WRITEABLE;
			s += 2;
		}
		if (!strncmp(s, "lk", 2)) {
			part->mask_flags |= MTD_POWERUP_LOCK;
			s += 2;
		}

		/* resolve offset and size like the cmdlinepart parser */
		if (has_ofs)
			offset = part->offset;
		else
			part->offset = offset;
		if (offset >= mtd_size) {
			part->size = 0;
		} else {
			if (rest || part->size > mtd_size - offset) {
				if (!rest)
					pr_warn("%s: partitioning exceeds flash size, truncating\n",
						name);
				part->size = mtd_size - offset;
			}
			offset += part->size;
		}
		if (!part->size) {
			pr_warn("%s: skipping zero sized partition\n", name);
			kfree(part->name);
			part->name = NULL;
			memset(part, 0, sizeof(*part));
			nr--;
		}

		if (!*s)
			break;
		if (*s != ',') {
			pr_err("%s: bad character after partition (%c)\n",
			       name, *s);
			goto out_free;
		}
		if (rest) {
			pr_err("%s: no partitions allowed after a fill-up partition\n",
			       name);
			goto out_free;
		}
		s++;
		if (nr >= max)	/* cannot happen: one entry per comma */
			goto out_free;
	}

	if (!nr) {
		kfree(parts);
		parts = NULL;
	}
	*partsp = parts;
	*nrp = nr;
	return 0;

out_free:
	for (i = 0; i < max; i++)
		kfree(parts[i].name);
	kfree(parts);
	return ret;
}

/* Process the INIT reply (in the server's write()).  0 or -errno. */
int muse_init_reply(struct muse_conn *conn, struct muse_req *req)
{
	struct muse_params p = { };
	struct mtd_info *mtd = &conn->mtd;
	const struct muse_init_out *out = &req->out.init;
	u32 max_read, max_write;
	int ret;

	if (req->error)
		return req->error;
	if (out->fuse_major != MUSE_KERNEL_VERSION ||
	    out->fuse_minor < MUSE_MIN_MINOR)
		return -EPROTO;

	ret = muse_parse_info(req->buf, req->out_data_len, &p);
	if (ret)
		return ret;
	if (!p.writebufsize)
		p.writebufsize = p.writesize;
	max_read = max_t(u32, out->max_read, MUSE_MIN_IO);
	max_write = max_t(u32, out->max_write, MUSE_MIN_IO);
	ret = muse_verify_params(&p, max_read, max_write);
	if (ret)
		return ret;

	ret = muse_set_ecc(conn, &p);
	if (ret)
		return ret;

	conn->name = kstrdup(p.name, GFP_KERNEL);
	if (!conn->name)
		return -ENOMEM;

	if (p.parts && *p.parts) {
		ret = muse_parse_parts(conn->name, p.parts, p.size,
				       &conn->parts, &conn->nr_parts);
		if (ret == -ENOMEM)
			return ret;
		if (ret)
			pr_warn("%s: bad PARTSCMDLINE, registering unpartitioned\n",
				conn->name);
	} else {
		conn->cmdline_fallback = true;
	}

	mtd->name = conn->name;
	mtd->type = p.type;
	mtd->flags = p.flags | MTD_MUSE;
	mtd->size = p.size;
	mtd->writesize = p.writesize;
	mtd->writebufsize = p.writebufsize;
	mtd->erasesize = p.erasesize;
	mtd->oobsize = p.oobsize;
	mtd->oobavail = p.oobavail;
	mtd->subpage_sft = p.subpage_sft;
	mtd->owner = THIS_MODULE;
	mtd->dev.groups = muse_groups;
	mtd->_erase = muse_mtd_erase;
	mtd->_read_oob = muse_mtd_read_oob;
	mtd->_write_oob = muse_mtd_write_oob;
	mtd->_sync = muse_mtd_sync;
	mtd->_get_device = muse_mtd_get_device;
	mtd->_put_device = muse_mtd_put_device;
	if (muse_is_nand(p.type)) {
		mtd->_block_isbad = muse_mtd_block_isbad;
		mtd->_block_markbad = muse_mtd_block_markbad;
	}

	spin_lock(&conn->lock);
	if (!conn->connected) {
		spin_unlock(&conn->lock);
		return -ENOTCONN;
	}
	conn->max_read = max_read;
	conn->max_write = max_write;
	conn->server_pid = task_tgid_vnr(current);
	kref_get(&conn->kref);		/* for the registration */
	spin_unlock(&conn->lock);
	muse_ra_setup(conn);

	/* registration may issue I/O: never do it in the server's write() */
	queue_work(muse_wq, &conn->reg_work);
	return 0;
}

/* Completion of a background request (only MUSE_INIT); no lock held. */
void muse_req_end_background(struct muse_conn *conn,
				    struct muse_req *req)
{
	if (muse_init_reply(conn, req))
		muse_abort(conn);
	muse_req_put(req);
}
