// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * view.c - 'muse-mount [options] DUMP MOUNTPOINT': the dump as read-only
 * files over FUSE (libfuse3, high-level API, multi-threaded loop).
 *
 * Order, so that every error is printed and the exit status is non-zero
 * before the daemon detaches: check the mountpoint -> open the dump ->
 * build the tree (--mtdparts, badblocks) -> fuse_new -> mount ->
 * daemonize -> loop -> unmount. info.json is made on first access. The
 * loop runs in a sandboxed child (loop_sandboxed()); its parent unmounts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifdef HAVE_FUSE3

#define FUSE_USE_VERSION 312
#include <dirent.h>
#include <fcntl.h>
#include <fuse.h>
#include <signal.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../core/ecc/ecc_scan.h"
#include "report.h"
#include "view_int.h"

/* Everything the FUSE callbacks need (fuse_get_context()->private_data). */
struct view_fs {
	struct view v;			/* first: the callbacks get &fs->v */
	struct mm_flash *flash;
	struct stat dump_st;
	uid_t uid;
	gid_t gid;
	int direct_io;
};

/*
 * Options of the view itself, taken out of -o before libfuse sees the rest.
 * direct_io: no page cache; every read reaches the daemon as asked.
 */
static const struct fuse_opt view_fs_opts[] = {
	{ "direct_io", offsetof(struct view_fs, direct_io), 1 },
	FUSE_OPT_END
};

static struct view_fs *get_fs(void)
{
	return fuse_get_context()->private_data;
}

static void *view_fs_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	/*
	 * No splice: libfuse would make a pipe (pipe2) per worker thread the
	 * first time a reply is large enough, a call the sandboxed loop may
	 * not make (found by the soak: a view that died mid-read); our
	 * replies are memory anyway, so splicing them saves nothing.
	 */
	conn->want &= ~(FUSE_CAP_SPLICE_READ | FUSE_CAP_SPLICE_WRITE |
			FUSE_CAP_SPLICE_MOVE);
	/* The tree and the bytes never change while mounted. */
	cfg->kernel_cache = !get_fs()->direct_io;
	cfg->entry_timeout = 86400;
	cfg->attr_timeout = 86400;
	cfg->negative_timeout = 86400;
	cfg->nullpath_ok = 1;
	return get_fs();
}

/* The name of @child's last component when @child sits directly in @dir. */
static const char *child_name(const char *dir, const char *child)
{
	size_t n = strlen(dir);
	const char *rest;

	if (strncmp(dir, child, n) || !child[n])
		return NULL;
	rest = child + n;
	if (n > 1) {
		if (*rest != '/')
			return NULL;
		rest++;
	}
	return *rest && !strchr(rest, '/') ? rest : NULL;
}

static void fill_stat(const struct view_fs *fs, const struct view_file *f,
		      struct stat *st)
{
	size_t i;

	memset(st, 0, sizeof(*st));
	st->st_ino = f - fs->v.files + 1;
	st->st_uid = fs->uid;
	st->st_gid = fs->gid;
	st->st_atim = fs->dump_st.st_atim;
	st->st_mtim = fs->dump_st.st_mtim;
	st->st_ctim = fs->dump_st.st_ctim;
	st->st_blksize = fs->v.d->geom.page_size;
	if (f->kind == VIEW_DIR) {
		st->st_mode = S_IFDIR | 0555;
		st->st_nlink = 2;
		for (i = 0; i < fs->v.n; i++)
			if (fs->v.files[i].kind == VIEW_DIR &&
			    child_name(f->path, fs->v.files[i].path))
				st->st_nlink++;
		return;
	}
	st->st_mode = S_IFREG | 0444;
	st->st_nlink = 1;
	st->st_size = f->size;
	st->st_blocks = (f->size + 511) / 512;
}

static int view_fs_getattr(const char *path, struct stat *st,
			   struct fuse_file_info *fi)
{
	struct view_fs *fs = get_fs();
	const struct view_file *f;

	if (fi && fi->fh)
		f = (const struct view_file *)(uintptr_t)fi->fh;
	else
		f = path ? view_find(&fs->v, path) : NULL;
	if (!f)
		return -ENOENT;
	if (view_prepare(&fs->v, f))
		return -EIO;
	fill_stat(fs, f, st);
	return 0;
}

static int view_fs_open(const char *path, struct fuse_file_info *fi)
{
	const struct view_file *f = view_find(&get_fs()->v, path);

	if (!f)
		return -ENOENT;
	if (f->kind == VIEW_DIR)
		return -EISDIR;
	if ((fi->flags & O_ACCMODE) != O_RDONLY ||
	    (fi->flags & (O_TRUNC | O_CREAT)))
		return -EROFS;
	if (view_prepare(&get_fs()->v, f))
		return -EIO;
	fi->fh = (uintptr_t)f;
	fi->direct_io = get_fs()->direct_io;
	fi->keep_cache = !fi->direct_io;
	return 0;
}

static int view_fs_read(const char *path, char *buf, size_t len, off_t off,
			struct fuse_file_info *fi)
{
	const struct view_file *f = (const struct view_file *)(uintptr_t)fi->fh;

	(void)path;
	if (off < 0)
		return -EINVAL;
	return view_read(&get_fs()->v, f, buf, len, off);
}

static int view_fs_opendir(const char *path, struct fuse_file_info *fi)
{
	const struct view_file *f = view_find(&get_fs()->v, path);

	if (!f)
		return -ENOENT;
	if (f->kind != VIEW_DIR)
		return -ENOTDIR;
	fi->fh = (uintptr_t)f;
	return 0;
}

/* With nullpath_ok, @path may be NULL: the node comes from opendir. */
static int view_fs_readdir(const char *path, void *buf, fuse_fill_dir_t fill,
			   off_t off, struct fuse_file_info *fi,
			   enum fuse_readdir_flags flags)
{
	struct view_fs *fs = get_fs();
	const struct view_file *d = (const struct view_file *)(uintptr_t)fi->fh;
	const char *name;
	struct stat st;
	size_t i;

	(void)path;
	(void)off;
	(void)flags;
	if (!d || d->kind != VIEW_DIR)
		return -EBADF;
	fill(buf, ".", NULL, 0, 0);
	fill(buf, "..", NULL, 0, 0);
	for (i = 0; i < fs->v.n; i++) {
		name = child_name(d->path, fs->v.files[i].path);
		if (!name)
			continue;
		/* Only the type: a lazy file is not made by a listing. */
		memset(&st, 0, sizeof(st));
		st.st_ino = i + 1;
		st.st_mode = fs->v.files[i].kind == VIEW_DIR ? S_IFDIR : S_IFREG;
		if (fill(buf, name, &st, 0, 0))
			break;
	}
	return 0;
}

static int view_fs_statfs(const char *path, struct statvfs *sv)
{
	struct view_fs *fs = get_fs();
	uint64_t bytes = 0;
	size_t i;

	(void)path;
	for (i = 0; i < fs->v.n; i++)
		bytes += fs->v.files[i].size;	/* lazy files not made yet: 0 */
	memset(sv, 0, sizeof(*sv));
	sv->f_bsize = 4096;
	sv->f_frsize = 4096;
	sv->f_blocks = (bytes + 4095) / 4096;
	sv->f_files = fs->v.n;
	sv->f_namemax = 255;
	sv->f_flag = ST_RDONLY;
	return 0;
}

static const struct fuse_operations view_fs_oper = {
	.getattr = view_fs_getattr,
	.open = view_fs_open,
	.read = view_fs_read,
	.statfs = view_fs_statfs,
	.opendir = view_fs_opendir,
	.readdir = view_fs_readdir,
	.init = view_fs_init,
};

/* A clear message before libfuse's own, for the usual mistakes. */
static void check_mountpoint(const char *mp)
{
	struct dirent *de;
	struct stat st;
	DIR *dir;

	if (stat(mp, &st)) {
		if (errno == ENOENT)
			mm_err(MM_EXIT_USAGE, 0, "%s: mountpoint does not exist", mp);
		mm_err(MM_EXIT_SYSTEM, errno, "%s", mp);
	}
	if (!S_ISDIR(st.st_mode))
		mm_err(MM_EXIT_USAGE, 0, "%s: mountpoint is not a directory", mp);
	dir = opendir(mp);
	if (!dir)
		mm_err(MM_EXIT_SYSTEM, errno, "%s", mp);
	while ((de = readdir(dir))) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			closedir(dir);
			mm_err(MM_EXIT_USAGE, 0, "%s: mountpoint is not empty", mp);
		}
	}
	closedir(dir);
}

static void add_parts(struct view_fs *fs, const struct mm_flash *f,
		      const struct mm_args *a)
{
	int ret;

	if (!f->nparts)
		return;
	ret = view_add_parts(&fs->v, f->parts, f->nparts);
	if (ret)
		mm_err(MM_EXIT_SYSTEM, -ret, "%s: cannot build the partition files",
		       a->dump);
}

/* /info.json: exactly what 'info --json' prints for the same options. */
static int gen_info_json(FILE *out, struct view *v, void *arg)
{
	const struct view_fs *fs = (const struct view_fs *)v;

	return mm_report_json(out, fs->flash, arg);
}

/* /ecc: every page checked, one line per block (mm_ecc_scan_text()). */
static int gen_ecc(FILE *out, struct view *v, void *arg)
{
	struct mm_ecc_scan sc;
	int ret = mm_ecc_scan(&sc, v->ecc, v->d, arg);

	if (ret)
		return ret;
	mm_ecc_scan_text(out, &sc, true);
	mm_ecc_scan_free(&sc);
	return 0;
}

/* --ecc / --oob-layout: corrected /data and /parts, and the /ecc file. */
static void add_ecc(struct view_fs *fs, struct mm_flash *f,
		    const struct mm_args *a)
{
	int ret;

	if (!mm_flash_ecc_on(f))
		return;
	fs->v.ecc = f->ecc;
	ret = view_add_lazy(&fs->v, "/ecc", gen_ecc, f->ecc_why);
	if (ret)
		mm_err(MM_EXIT_SYSTEM, -ret, "%s: ecc", a->dump);
}

/* argv for fuse_new(): the user's -o first, ours last so that ro wins. */
static int build_fuse_args(struct fuse_args *fa, const struct mm_args *a)
{
	if (fuse_opt_add_arg(fa, MM_PROG))
		return -ENOMEM;
	if (a->debug && fuse_opt_add_arg(fa, "-d"))
		return -ENOMEM;
	if (a->fuse_opts && (fuse_opt_add_arg(fa, "-o") ||
			     fuse_opt_add_arg(fa, a->fuse_opts)))
		return -ENOMEM;
	if (fuse_opt_add_arg(fa, "-o") ||
	    fuse_opt_add_arg(fa, "ro,default_permissions,fsname=" MM_PROG ",subtype=" MM_PROG))
		return -ENOMEM;
	return 0;
}

/* The request loop; an exit status. */
static int loop(struct fuse *f, const struct mm_args *a)
{
	struct fuse_loop_config *lc;
	int ret;

	lc = fuse_loop_cfg_create();
	if (!lc) {
		mm_warn("%s: FUSE loop: %s", a->mountpoint, strerror(ENOMEM));
		return MM_EXIT_SYSTEM;
	}
	fuse_loop_cfg_set_clone_fd(lc, 0);
	ret = fuse_loop_mt(f, lc);
	fuse_loop_cfg_destroy(lc);
	/* 0 after fusermount3 -u; a signal number after SIGINT/SIGTERM/SIGHUP. */
	if (ret < 0) {
		mm_warn("%s: FUSE loop failed: %s", a->mountpoint,
			strerror(-ret));
		return MM_EXIT_SYSTEM;
	}
	return MM_EXIT_OK;
}

/*
 * The loop in a sandboxed child, the unmount in its parent: once dropped
 * and filtered (sandbox.c), a process can neither umount2() nor run the
 * setuid fusermount3. The parent only waits, with SIGINT, SIGTERM, SIGHUP
 * and SIGCHLD blocked and taken by sigwaitinfo() (no race with the wait):
 * a signal to it is passed on to the child, and when the child ends, for
 * whatever reason - fusermount3 -u, a signal, a refused system call, a
 * crash - the parent unmounts, so no dead mount is left behind. The
 * parent's status is the child's; a child killed by a signal gives 3.
 */
static int loop_sandboxed(struct fuse *f, const struct mm_args *a,
			  int errfd)
{
	sigset_t wait_set, old_set;
	siginfo_t si;
	int wstatus, sig;
	pid_t pid, got = 0;

	sigemptyset(&wait_set);
	sigaddset(&wait_set, SIGINT);
	sigaddset(&wait_set, SIGTERM);
	sigaddset(&wait_set, SIGHUP);
	sigaddset(&wait_set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &wait_set, &old_set)) {
		mm_warn("%s: blocking signals: %s", a->mountpoint,
			strerror(errno));
		return MM_EXIT_SYSTEM;
	}
	pid = fork();
	if (pid < 0) {
		mm_warn("%s: cannot start the sandboxed daemon: %s",
			a->mountpoint, strerror(errno));
		sigprocmask(SIG_SETMASK, &old_set, NULL);
		return MM_EXIT_SYSTEM;
	}
	if (pid == 0) {
		/* libfuse's handlers (inherited) end the child's loop. */
		sigprocmask(SIG_SETMASK, &old_set, NULL);
		mm_sandbox_errfd(errfd);
		mm_sandbox_enter(a, 0);
		wstatus = loop(f, a);
		/* The parent unmounts and closes the dump: nothing to undo. */
		fflush(NULL);
		_exit(wstatus);
	}
	for (;;) {
		sig = sigwaitinfo(&wait_set, &si);
		if (sig < 0) {
			if (errno == EINTR)
				continue;
			kill(pid, SIGKILL);
			got = 0;
			break;
		}
		if (sig != SIGCHLD) {
			kill(pid, SIGTERM);
			continue;
		}
		got = waitpid(pid, &wstatus, WNOHANG);
		if (got == pid || (got < 0 && errno != EINTR))
			break;
	}
	while (got != pid && (got = waitpid(pid, &wstatus, 0)) < 0 &&
	       errno == EINTR)
		;
	sigprocmask(SIG_SETMASK, &old_set, NULL);
	if (got != pid) {
		mm_warn("%s: waiting for the sandboxed daemon: %s",
			a->mountpoint, strerror(errno));
		return MM_EXIT_SYSTEM;
	}
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (errfd >= 0)
		dprintf(errfd, MM_PROG ": %s: the sandboxed daemon was killed by signal %d (%s); unmounting\n",
			a->mountpoint, WTERMSIG(wstatus),
			strsignal(WTERMSIG(wstatus)));
	return MM_EXIT_SYSTEM;
}

static int run_fuse(struct view_fs *fs, const struct mm_args *a,
		    const char *mp)
{
	struct fuse_args fa = FUSE_ARGS_INIT(0, NULL);
	struct fuse *f;
	int status = MM_EXIT_SYSTEM, errfd = -1;

	if (build_fuse_args(&fa, a))
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "FUSE arguments");
	if (fuse_opt_parse(&fa, fs, view_fs_opts, NULL))
		mm_err(MM_EXIT_USAGE, 0, "invalid -o '%s'", a->fuse_opts);
	/* libfuse prints its own reason (e.g. an unknown -o option). */
	f = fuse_new(&fa, &view_fs_oper, sizeof(view_fs_oper), fs);
	if (!f) {
		mm_warn("%s: cannot set up FUSE (see above)", a->mountpoint);
		status = MM_EXIT_USAGE;
		goto out_args;
	}
	/* Absolute: the daemon runs in "/" and unmounts by this name. */
	if (fuse_mount(f, mp)) {
		mm_warn("%s: cannot mount", a->mountpoint);
		goto out_destroy;
	}
	if (fuse_set_signal_handlers(fuse_get_session(f))) {
		mm_warn("%s: cannot set signal handlers", a->mountpoint);
		goto out_unmount;
	}
	/*
	 * Past this point stderr is /dev/null unless -f or -d; a sandboxed
	 * loop that ends abnormally still says why on the stderr the view
	 * was started with (errfd), as before the detach.
	 */
	errfd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (fuse_daemonize(a->foreground)) {
		mm_warn("%s: cannot daemonize", a->mountpoint);
		goto out_signals;
	}
	if (mm_sandbox_on(a))
		status = loop_sandboxed(f, a, errfd);
	else
		status = loop(f, a);
out_signals:
	if (errfd >= 0)
		close(errfd);
	fuse_remove_signal_handlers(fuse_get_session(f));
out_unmount:
	fuse_unmount(f);
out_destroy:
	fuse_destroy(f);
out_args:
	fuse_opt_free_args(&fa);
	return status;
}

int mm_cmd_view(struct mm_args *a)
{
	struct view_fs fs;
	struct mm_flash fl;
	struct mm_dump *d = &fl.dump;
	int ret, status;
	char *mp;

	if (a->debug)
		a->foreground = true;
	check_mountpoint(a->mountpoint);
	mp = realpath(a->mountpoint, NULL);
	if (!mp)
		mm_err(MM_EXIT_SYSTEM, errno, "%s", a->mountpoint);
	mm_cli_open(&fl, a, MM_CLI_ECC_NOTE);
	memset(&fs, 0, sizeof(fs));
	fs.flash = &fl;
	fs.uid = getuid();
	fs.gid = getgid();
	if (fstat(d->src.fd, &fs.dump_st) && stat(a->dump, &fs.dump_st))
		mm_err(MM_EXIT_SYSTEM, errno, "%s", a->dump);
	ret = view_init(&fs.v, d);
	if (ret)
		mm_err(MM_EXIT_SYSTEM, -ret, "%s: cannot build the view", a->dump);
	fs.v.verbose = a->foreground;
	add_parts(&fs, &fl, a);
	ret = view_add_badblocks(&fs.v);
	if (ret)
		mm_err(MM_EXIT_SYSTEM, -ret, "%s: badblocks", a->dump);
	/* Made on first access: it hashes and scans the whole dump. */
	d->opts.progress = NULL;
	ret = view_add_lazy(&fs.v, "/info.json", gen_info_json, a);
	if (ret)
		mm_err(MM_EXIT_SYSTEM, -ret, "%s: info.json", a->dump);
	add_ecc(&fs, &fl, a);

	status = run_fuse(&fs, a, mp);
	free(mp);
	view_free(&fs.v);
	mm_flash_close(&fl);
	return status;
}

#else /* !HAVE_FUSE3 */

int mm_cmd_view(struct mm_args *a)
{
	(void)a;
	mm_err(MM_EXIT_USAGE, 0, "this build has no FUSE support (libfuse3 was not found)");
}

#endif /* HAVE_FUSE3 */
