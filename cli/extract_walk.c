// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * extract_walk.c - muse-mount extract --guest-walk ROOT -o DEV: run inside
 * the extract guest (extract/guest-init.sh).  Writes every entry under ROOT
 * (the mounted file systems, as the guest kernel shows them) as one pax
 * tar onto DEV, under fs/, and then meta/ members for the host:
 *
 *   meta/walk.tsv   one record per line, fields separated by tabs, paths
 *                   %-escaped (bytes below 0x21, '%' and 0x7f):
 *                     damaged PATH RANGES PAGES ERROR  read errors in a file:
 *                       RANGES off+len,...  (unreadable, written as zeros)
 *                       PAGES  0xP,...      (pages the server logged as
 *                                            uncorrectable while reading it)
 *                     socket PATH MODE UID GID MTIME  (tar holds no sockets)
 *                     error PATH ERROR               (an entry left out)
 *                     mount - - PAGES -               (uncorrectable pages
 *                                            read before the walk: mounting)
 *   meta/<name>     each --meta file
 *   meta/dmesg.txt  the guest kernel's log, read last
 *
 * Files are read one after the other, so the pages the server logs
 * (--ecc-log) while one is read belong to it.  "MM-PROGRESS bytes files"
 * lines on standard output tell the host how far it is.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#ifdef HAVE_LIBARCHIVE
#include <archive.h>
#include <archive_entry.h>

#define WALK_CHUNK	(64u << 10)
#define WALK_SUB	4096u

struct walk {
	struct archive *ar;
	const char *root;
	int ecc_fd;
	FILE *tsv;			/* meta/walk.tsv, in memory */
	char *tsv_buf;
	size_t tsv_len;
	uint64_t bytes, files;
	struct timespec last;
	uint8_t *buf;
	int status;
};

static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if (c <= 0x20 || c == '%' || c == 0x7f)
			fprintf(f, "%%%02x", c);
		else
			fputc(c, f);
	}
}

static void walk_error(struct walk *w, const char *rel, const char *what,
		       int err)
{
	fputs("error\t", w->tsv);
	put_escaped(w->tsv, rel);
	fprintf(w->tsv, "\t%s: %s\n", what, strerror(err));
	w->status = MM_EXIT_INPUT;
}

static void progress(struct walk *w, bool force)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!force && (now.tv_sec - w->last.tv_sec) * 1000 +
	    (now.tv_nsec - w->last.tv_nsec) / 1000000 < 500)
		return;
	w->last = now;
	printf("MM-PROGRESS %" PRIu64 " %" PRIu64 "\n", w->bytes, w->files);
	fflush(stdout);
}

/* The pages the server logged since offset *pos, as "0xP,0xQ" (or "-"). */
static void logged_pages(struct walk *w, off_t *pos, FILE *out)
{
	char buf[4096];
	bool any = false, sep = false;
	ssize_t n, i;

	while (w->ecc_fd >= 0 &&
	       (n = pread(w->ecc_fd, buf, sizeof(buf), *pos)) > 0) {
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n') {
				sep = any;
				continue;
			}
			if (sep)
				fputc(',', out);
			sep = false;
			fputc(buf[i], out);
			any = true;
		}
		*pos += n;
	}
	if (!any)
		fputc('-', out);
}

static int add_xattrs(struct archive_entry *e, const char *full)
{
	char names[4096], val[65536];
	ssize_t n, vn;
	char *p;

	n = llistxattr(full, names, sizeof(names));
	if (n <= 0)
		return 0;
	for (p = names; p < names + n; p += strlen(p) + 1) {
		vn = lgetxattr(full, p, val, sizeof(val));
		if (vn >= 0)
			archive_entry_xattr_add_entry(e, p, val, vn);
	}
	return 0;
}

static int write_header(struct walk *w, struct archive_entry *e)
{
	if (archive_write_header(w->ar, e) < ARCHIVE_WARN) {
		fprintf(stderr, MM_PROG ": guest: %s: %s\n",
			archive_entry_pathname(e), archive_error_string(w->ar));
		return -EIO;
	}
	return 0;
}

/* A regular file's bytes; unreadable 4 KiB pieces become zeros. */
static int write_data(struct walk *w, int fd, const char *rel, uint64_t size)
{
	uint64_t off = 0, bad_off = 0, bad_len = 0;
	char *ranges = NULL, *pages = NULL;
	size_t rlen = 0, plen = 0;
	FILE *rf = open_memstream(&ranges, &rlen), *pf;
	off_t pos = w->ecc_fd >= 0 ? lseek(w->ecc_fd, 0, SEEK_END) : 0;
	int err = 0, ret = 0;
	ssize_t n;
	size_t k, s;

	if (!rf)
		return -ENOMEM;
	while (off < size) {
		k = size - off < WALK_CHUNK ? size - off : WALK_CHUNK;
		n = pread(fd, w->buf, k, off);
		if (n < 0) {
			/* again in small pieces: keep what can be read */
			for (s = 0; s < k; s += WALK_SUB) {
				size_t l = k - s < WALK_SUB ? k - s : WALK_SUB;

				if (pread(fd, w->buf + s, l, off + s) ==
				    (ssize_t)l)
					continue;
				if (!err)
					err = errno ? errno : EIO;
				memset(w->buf + s, 0, l);
				if (bad_len && bad_off + bad_len == off + s) {
					bad_len += l;
				} else {
					if (bad_len)
						fprintf(rf, "%s%" PRIu64 "+%" PRIu64,
							ftell(rf) ? "," : "",
							bad_off, bad_len);
					bad_off = off + s;
					bad_len = l;
				}
			}
			n = k;
		} else if (n == 0) {	/* shrank under us: zeros */
			memset(w->buf, 0, k);
			n = k;
		}
		if (archive_write_data(w->ar, w->buf, n) != n) {
			ret = -EIO;
			break;
		}
		off += n;
		w->bytes += n;
		progress(w, false);
	}
	if (bad_len)
		fprintf(rf, "%s%" PRIu64 "+%" PRIu64, ftell(rf) ? "," : "",
			bad_off, bad_len);
	fclose(rf);
	/* damaged: a read failed, or it touched an uncorrectable step
	 * (UBIFS does not check data CRCs unless asked: the bytes came) */
	pf = open_memstream(&pages, &plen);
	if (!pf) {
		free(ranges);
		return -ENOMEM;
	}
	logged_pages(w, &pos, pf);
	fclose(pf);
	if (err || strcmp(pages, "-")) {
		fputs("damaged\t", w->tsv);
		put_escaped(w->tsv, rel);
		fprintf(w->tsv, "\t%s\t%s\t%s\n", *ranges ? ranges : "-", pages,
			err ? strerror(err) : "uncorrectable ECC step read");
		w->status = MM_EXIT_ECC;
	}
	free(pages);
	free(ranges);
	return ret;
}

static int walk_dir(struct walk *w, int dfd, const char *rel);

static int walk_one(struct walk *w, int dfd, const char *name,
		    const char *rel)
{
	char full[PATH_MAX + 8], tpath[PATH_MAX + 4], target[PATH_MAX];
	struct archive_entry *e;
	struct stat st;
	ssize_t n;
	int fd = -1, ret = 0;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW)) {
		walk_error(w, rel, "stat", errno);
		return 0;
	}
	if (S_ISSOCK(st.st_mode)) {
		fputs("socket\t", w->tsv);
		put_escaped(w->tsv, rel);
		fprintf(w->tsv, "\t0%o\t%u\t%u\t%lld\n", st.st_mode & 07777,
			st.st_uid, st.st_gid, (long long)st.st_mtime);
		return 0;
	}
	snprintf(full, sizeof(full), "%s/%s", w->root, rel);
	if (S_ISREG(st.st_mode)) {
		fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			walk_error(w, rel, "open", errno);
			return 0;
		}
	}
	e = archive_entry_new();
	if (!e) {
		ret = -ENOMEM;
		goto out_close;
	}
	archive_entry_copy_stat(e, &st);
	snprintf(tpath, sizeof(tpath), "fs/%s", rel);
	archive_entry_set_pathname(e, tpath);
	if (S_ISLNK(st.st_mode)) {
		n = readlinkat(dfd, name, target, sizeof(target) - 1);
		if (n < 0) {
			walk_error(w, rel, "readlink", errno);
			goto out_free;
		}
		target[n] = '\0';
		archive_entry_set_symlink(e, target);
	}
	add_xattrs(e, full);
	ret = write_header(w, e);
	if (ret)
		goto out_free;
	w->files++;
	if (fd >= 0)
		ret = write_data(w, fd, rel, st.st_size);
	else if (S_ISDIR(st.st_mode))
		ret = walk_dir(w, dfd, rel);
out_free:
	archive_entry_free(e);
out_close:
	if (fd >= 0)
		close(fd);
	return ret;
}

static int walk_dir(struct walk *w, int pfd, const char *rel)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	char sub[PATH_MAX];
	struct dirent **list;
	int fd, n, i, ret = 0;

	fd = openat(pfd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		walk_error(w, rel, "open directory", errno);
		return 0;
	}
	/* scandir through /proc/self/fd: sorted, so runs compare equal */
	snprintf(sub, sizeof(sub), "/proc/self/fd/%d", fd);
	n = scandir(sub, &list, NULL, alphasort);
	if (n < 0) {
		walk_error(w, rel, "read directory", errno);
		close(fd);
		return 0;
	}
	for (i = 0; i < n; i++) {
		const char *nm = list[i]->d_name;

		if (!ret && strcmp(nm, ".") && strcmp(nm, "..")) {
			if (snprintf(sub, sizeof(sub), "%s/%s", rel, nm) >=
			    (int)sizeof(sub))
				walk_error(w, rel, nm, ENAMETOOLONG);
			else
				ret = walk_one(w, fd, nm, sub);
		}
		free(list[i]);
	}
	free(list);
	close(fd);
	return ret;
}

static int add_member(struct walk *w, const char *name, const void *data,
		      size_t len)
{
	struct archive_entry *e = archive_entry_new();
	int ret;

	if (!e)
		return -ENOMEM;
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, len);
	archive_entry_set_mtime(e, time(NULL), 0);
	ret = write_header(w, e);
	if (!ret && len && archive_write_data(w->ar, data, len) != (ssize_t)len)
		ret = -EIO;
	archive_entry_free(e);
	return ret;
}

static int add_meta_file(struct walk *w, const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char name[300], *buf = NULL;
	size_t len = 0;
	FILE *f, *m;
	int c, ret;

	f = fopen(path, "re");
	if (!f)
		return 0;	/* a missing log is no reason to lose the files */
	m = open_memstream(&buf, &len);
	if (!m) {
		fclose(f);
		return -ENOMEM;
	}
	while ((c = getc(f)) != EOF)
		putc(c, m);
	fclose(f);
	fclose(m);
	snprintf(name, sizeof(name), "meta/%s", base);
	ret = add_member(w, name, buf, len);
	free(buf);
	return ret;
}

static int add_dmesg(struct walk *w)
{
	int size = klogctl(10, NULL, 0);	/* SYSLOG_ACTION_SIZE_BUFFER */
	char *buf;
	int n, ret;

	if (size <= 0)
		size = 1 << 20;
	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	n = klogctl(3, buf, size);		/* SYSLOG_ACTION_READ_ALL */
	ret = add_member(w, "meta/dmesg.txt", buf, n > 0 ? n : 0);
	free(buf);
	return ret;
}

int mm_extract_walk(struct mm_args *a)
{
	struct walk w = { .root = a->dump, .ecc_fd = -1,
			  .status = MM_EXIT_OK };
	struct dirent **list;
	off_t pos = 0;
	size_t i;
	int rfd, n, k, ret = 0;

	w.buf = malloc(WALK_CHUNK);
	w.tsv = open_memstream(&w.tsv_buf, &w.tsv_len);
	if (!w.buf || !w.tsv)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "guest walk");
	if (a->ecc_log) {
		w.ecc_fd = open(a->ecc_log, O_RDONLY | O_CLOEXEC);
		if (w.ecc_fd < 0)
			mm_err(MM_EXIT_SYSTEM, errno, "%s", a->ecc_log);
		fputs("mount\t-\t-\t", w.tsv);
		logged_pages(&w, &pos, w.tsv);
		fputs("\t-\n", w.tsv);
	}
	w.ar = archive_write_new();
	if (!w.ar || archive_write_set_format_pax(w.ar) ||
	    archive_write_open_filename(w.ar, a->output))
		mm_err(MM_EXIT_SYSTEM, 0, "%s: %s", a->output,
		       w.ar ? archive_error_string(w.ar) : "out of memory");
	rfd = open(a->dump, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0)
		mm_err(MM_EXIT_SYSTEM, errno, "%s", a->dump);
	n = scandir(a->dump, &list, NULL, alphasort);
	if (n < 0)
		mm_err(MM_EXIT_SYSTEM, errno, "%s", a->dump);
	/* fs/NAME/...: archive_entry paths are ROOT-relative with "fs/" */
	for (k = 0; k < n; k++) {
		const char *nm = list[k]->d_name;

		if (!ret && strcmp(nm, ".") && strcmp(nm, ".."))
			ret = walk_one(&w, rfd, nm, nm);
		free(list[k]);
	}
	free(list);
	close(rfd);
	progress(&w, true);
	fclose(w.tsv);
	if (!ret)
		ret = add_member(&w, "meta/walk.tsv", w.tsv_buf, w.tsv_len);
	for (i = 0; !ret && i < a->n_meta; i++)
		ret = add_meta_file(&w, a->meta[i]);
	if (!ret)
		ret = add_dmesg(&w);
	if (archive_write_close(w.ar) && !ret)
		ret = -EIO;
	archive_write_free(w.ar);
	free(w.tsv_buf);
	free(w.buf);
	if (w.ecc_fd >= 0)
		close(w.ecc_fd);
	if (ret)
		mm_err(MM_EXIT_SYSTEM, -ret, "%s", a->output);
	fsync(STDOUT_FILENO);
	return w.status;
}

#else /* !HAVE_LIBARCHIVE */

int mm_extract_walk(struct mm_args *a)
{
	mm_err(MM_EXIT_SYSTEM, 0, "%s: built without libarchive", a->dump);
}

#endif /* HAVE_LIBARCHIVE */
