// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * extract.c - muse-mount extract [dump options] DUMP -o DIR: get the files
 * out of a dump with the kernel's own file-system code, in a throwaway
 * QEMU guest, as an ordinary user.
 *
 * The guest (kernel, modules, muse.ko, initramfs) is made and cached by
 * extract/prepare.sh; its /init is extract/guest-init.sh.  The dump is the
 * guest's read-only /dev/vda, a blank host temp file its /dev/vdb, onto
 * which the guest writes one tar (cli/extract_walk.c); nothing else of the
 * host is shared and the guest has no network.  Here the tar is unpacked
 * with libarchive, refusing names that would leave DIR, never creating
 * device nodes or FIFOs, never following symbolic links, and
 * DIR/manifest.json is written from what was unpacked.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../core/util/json.h"
#include "../core/util/sha256.h"
#include "cli.h"

#ifndef MM_EXTRACT_DIR
#define MM_EXTRACT_DIR	"/usr/local/lib/muse-mount"
#endif

#define EXTRACT_TIMEOUT	600	/* seconds, default --timeout */
#define EXTRACT_MEM	"512"	/* MiB of guest memory */

#ifdef HAVE_LIBARCHIVE
#include <archive.h>
#include <archive_entry.h>

/* One entry of the tree, for the manifest and the body file. */
struct xent {
	char *path;			/* relative to DIR */
	char type;			/* f d l c b p s */
	uint64_t size;
	unsigned int mode, uid, gid;
	int64_t at, mt, ct;
	long atn, mtn, ctn;
	char *link;
	unsigned int rmaj, rmin;
	char *xattrs;			/* JSON members, or NULL */
	char sha[MM_SHA256_HEX];
	const char *status;		/* extracted, listed, refused */
	const char *why;
	char *damage;			/* walk.tsv fields: ranges\tpages\terror */
	bool verified;
};

struct extract {
	struct mm_args *a;
	const char *tooldir;
	char guest[PATH_MAX + 64];
	char work[PATH_MAX];
	char outdir[PATH_MAX];
	struct archive *tarw;		/* --tar: the output archive */
	struct xent *ents;
	size_t n_ents, cap_ents;
	char *meta_walk, *meta_mounts, *meta_dmesg, *meta_versions;
	char *meta_serve_err;
	size_t dmesg_len;
	char in_before[MM_SHA256_HEX], in_after[MM_SHA256_HEX];
	uint64_t in_size;
	const char *accel;
	int guest_rc;
	char guest_err[512];
	unsigned int n_mounted, n_failed, n_damaged, n_refused, n_listed;
	char *problems;			/* kernel_problems(): lines, '\n' */
	unsigned int n_problems;
	uint64_t bytes;
	double secs;
};

/* ---------------------------------------------------------------- helpers */

static bool is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

/* Where prepare.sh and guest-init.sh are: the environment, the source
 * tree above the binary (build/muse-mount, build/asan/muse-mount), or the
 * installed place. */
static const char *find_tooldir(void)
{
	static char dir[PATH_MAX];
	char path[PATH_MAX + 32], *slash;
	const char *env = getenv("MUSE_MOUNT_EXTRACT_DIR");
	ssize_t n;
	int up;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	if (n <= 0)
		return MM_EXTRACT_DIR;
	dir[n] = '\0';
	for (up = 0; up < 3; up++) {
		slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = '\0';
		if (snprintf(path, sizeof(path), "%s/../extract/prepare.sh",
			     dir) >= (int)sizeof(path))
			break;
		if (is_file(path)) {
			strcat(dir, "/../extract");
			return dir;
		}
	}
	return MM_EXTRACT_DIR;
}

static void cache_dir(char *out, size_t len)
{
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (x && *x == '/')
		snprintf(out, len, "%s/muse-mount", x);
	else if (home && *home)
		snprintf(out, len, "%s/.cache/muse-mount", home);
	else
		mm_err(MM_EXIT_SYSTEM, 0, "extract: no cache directory (set XDG_CACHE_HOME or HOME)");
}

static bool in_path(const char *prog)
{
	const char *p = getenv("PATH");
	char buf[PATH_MAX];
	size_t l;

	if (strchr(prog, '/'))
		return !access(prog, X_OK);
	if (!p)
		p = "/usr/bin:/bin";
	while (*p) {
		l = strcspn(p, ":");
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)l, p, prog);
		if (!access(buf, X_OK))
			return true;
		p += l;
		if (*p)
			p++;
	}
	return false;
}

/* A QEMU option value: commas doubled. */
static char *qemu_escape(const char *s)
{
	char *o = malloc(2 * strlen(s) + 1), *d = o;

	if (!o)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
	for (; *s; s++) {
		*d++ = *s;
		if (*s == ',')
			*d++ = ',';
	}
	*d = '\0';
	return o;
}

static char *xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
	return s;
}

static char *read_file_all(FILE *f, size_t *lenp)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int c;

	if (!m)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
	while ((c = getc(f)) != EOF)
		putc(c, m);
	fclose(m);
	*lenp = len;
	return buf;
}

static void hash_input(struct extract *x, char *out)
{
	uint8_t md[MM_SHA256_LEN];
	struct stat st;
	int fd, ret;

	fd = open(x->a->dump, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		mm_err(MM_EXIT_INPUT, errno, "%s", x->a->dump);
	if (fstat(fd, &st) || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)))
		mm_err(MM_EXIT_INPUT, 0, "%s: not a regular file or block device",
		       x->a->dump);
	x->in_size = st.st_size;
	ret = mm_sha256_fd(fd, md, NULL, NULL);
	close(fd);
	if (ret)
		mm_err(MM_EXIT_INPUT, -ret, "%s", x->a->dump);
	mm_sha256_hex(md, out);
}

/* ---------------------------------------------------------------- prepare */

static void run_prepare(struct extract *x)
{
	struct mm_args *a = x->a;
	char cache[PATH_MAX], self[PATH_MAX], prep[PATH_MAX + 16];
	char init[PATH_MAX + 16], ksrc[PATH_MAX + 16], buf[PATH_MAX + 64];
	const char *argv[24];
	int pfd[2], argc = 0, st;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	cache_dir(cache, sizeof(cache));
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		mm_err(MM_EXIT_SYSTEM, errno, "/proc/self/exe");
	self[n] = '\0';
	snprintf(prep, sizeof(prep), "%s/prepare.sh", x->tooldir);
	snprintf(init, sizeof(init), "%s/guest-init.sh", x->tooldir);
	if (!is_file(prep) || !is_file(init))
		mm_err(MM_EXIT_SYSTEM, 0, "extract: %s: the guest scripts are missing (run make install, or set MUSE_MOUNT_EXTRACT_DIR)",
		       x->tooldir);
	snprintf(ksrc, sizeof(ksrc), "%s/kmod", x->tooldir);
	if (!is_file(strcat(strcpy(buf, ksrc), "/muse_dev.c")))
		snprintf(ksrc, sizeof(ksrc), "%s/../kmod", x->tooldir);
	argv[argc++] = "bash";
	argv[argc++] = prep;
	argv[argc++] = "--cache";
	argv[argc++] = cache;
	argv[argc++] = "--muse-mount";
	argv[argc++] = self;
	argv[argc++] = "--init";
	argv[argc++] = init;
	argv[argc++] = "--kmod-src";
	argv[argc++] = ksrc;
	if (a->kernel) {
		argv[argc++] = "--kernel";
		argv[argc++] = a->kernel;
	}
	if (a->modules) {
		argv[argc++] = "--modules";
		argv[argc++] = a->modules;
	}
	if (a->muse_ko) {
		argv[argc++] = "--muse-ko";
		argv[argc++] = a->muse_ko;
	}
	argv[argc] = NULL;

	if (pipe2(pfd, O_CLOEXEC))
		mm_err(MM_EXIT_SYSTEM, errno, "pipe");
	pid = fork();
	if (pid < 0)
		mm_err(MM_EXIT_SYSTEM, errno, "fork");
	if (!pid) {
		dup2(pfd[1], STDOUT_FILENO);
		execvp("bash", (char *const *)argv);
		execv("/bin/bash", (char *const *)argv);
		fprintf(stderr, MM_PROG ": extract: bash: %s\n", strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	while (len < sizeof(buf) - 1 &&
	       (n = read(pfd[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(pfd[0]);
	buf[len] = '\0';
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		exit(MM_EXIT_SYSTEM);	/* prepare.sh said why */
	while (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	snprintf(x->guest, sizeof(x->guest), "%s",
		 strrchr(buf, '\n') ? strrchr(buf, '\n') + 1 : buf);
}

/* ---------------------------------------------------------------- the guest */

static void write_file(const char *path, const char *data)
{
	FILE *f = fopen(path, "we");

	if (!f || fputs(data, f) < 0 || fclose(f))
		mm_err(MM_EXIT_SYSTEM, errno, "%s", path);
}

/* The serve arguments for the guest: the dump options, one per line. */
static void write_args(struct extract *x, const char *path)
{
	char *buf = NULL, name[256], *dot;
	const char *base = strrchr(x->a->dump, '/');
	bool have_name = false;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
	for (i = 0; i < x->a->n_fwd; i++) {
		fprintf(f, "%s\n", x->a->fwd[i]);
		have_name |= !strncmp(x->a->fwd[i], "--name=", 7);
	}
	if (!have_name) {
		snprintf(name, sizeof(name), "%s", base ? base + 1 : x->a->dump);
		dot = strchr(name, '.');
		if (dot && dot != name)
			*dot = '\0';
		if (strchr(name, '\n'))
			snprintf(name, sizeof(name), "dump");
		fprintf(f, "--name=%s\n", name);
	}
	fclose(f);
	write_file(path, buf);
	free(buf);
}

static void show(struct extract *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void show(struct extract *x, const char *fmt, ...)
{
	va_list ap;

	if (x->a->quiet)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "%s" MM_PROG ": extract: ", x->a->progress ? "\r\033[K" : "");
	vfprintf(stderr, fmt, ap);
	fputc(x->a->progress ? ' ' : '\n', stderr);
	va_end(ap);
}

/* One console line: the guest's MM-* markers, anywhere in the line. */
static void console_line(struct extract *x, char *line, bool *done)
{
	char *m;
	uint64_t b, f;

	if ((m = strstr(line, "MM-STAGE "))) {
		m += 9;
		if (!strncmp(m, "booted", 6))
			show(x, "guest booted (%s)", x->accel);
		else if (!strncmp(m, "serve", 5))
			show(x, "serving the dump in the guest");
		else if (!strncmp(m, "mount", 5))
			show(x, "mounting");
		else if (!strncmp(m, "copy", 4))
			show(x, "copying");
	} else if ((m = strstr(line, "MM-MOUNT "))) {
		show(x, "%s", m + 9);
		if (x->a->progress && !x->a->quiet)
			fputc('\n', stderr);
	} else if ((m = strstr(line, "MM-PROGRESS "))) {
		if (sscanf(m + 12, "%" SCNu64 " %" SCNu64, &b, &f) == 2) {
			x->bytes = b;
			if (x->a->progress)
				show(x, "copied %.1f MiB, %" PRIu64 " entries",
				     b / 1048576.0, f);
		}
	} else if ((m = strstr(line, "MM-ERROR "))) {
		snprintf(x->guest_err, sizeof(x->guest_err), "%s", m + 9);
	} else if ((m = strstr(line, "MM-DONE rc="))) {
		x->guest_rc = atoi(m + 11);
		*done = true;
	}
}

/* On a failure: the console into DIR (if there is one); its path. */
static const char *keep_console(struct extract *x, const char *logp)
{
	static char kept[PATH_MAX + 64];
	char *data;
	size_t len;
	FILE *in, *out;

	if (!x->outdir[0])
		return logp;
	snprintf(kept, sizeof(kept), "%s/console.log", x->outdir);
	in = fopen(logp, "re");
	out = fopen(kept, "we");
	if (!in || !out) {
		if (in)
			fclose(in);
		if (out)
			fclose(out);
		return logp;
	}
	data = read_file_all(in, &len);
	fwrite(data, 1, len, out);
	free(data);
	fclose(in);
	fclose(out);
	return kept;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/*
 * Run the guest; false if it did not boot under KVM within KVM_BOOT_S
 * (nested or broken KVM hangs or aborts: software emulation then works).
 */
#define KVM_BOOT_S	45

static bool run_guest(struct extract *x, const char *outimg)
{
	struct mm_args *a = x->a;
	char args[PATH_MAX + 8], mode[PATH_MAX + 8], logp[PATH_MAX + 16];
	char sizep[PATH_MAX + 8];
	char line[4096], buf[4096];
	const char *qemu = getenv("MM_QEMU") ? getenv("MM_QEMU") :
						"qemu-system-x86_64";
	const char *argv[48];
	unsigned int timeout = a->timeout ? a->timeout : EXTRACT_TIMEOUT;
	double start = now_s();
	const char *cl = NULL;
	size_t ll = 0;
	bool done = false, timed_out = false, booted = false;
	int argc = 0, pfd[2] = { -1, -1 }, st;
	struct pollfd p;
	FILE *log;
	pid_t pid;
	ssize_t n;

	if (!x->accel)
		x->accel = !access("/dev/kvm", R_OK | W_OK) ? "kvm" : "tcg";
	snprintf(args, sizeof(args), "%s/args", x->work);
	snprintf(mode, sizeof(mode), "%s/mode", x->work);
	write_args(x, args);
	write_file(mode, a->shell ? "shell" : "walk");
	snprintf(sizep, sizeof(sizep), "%s/size", x->work);
	snprintf(line, sizeof(line), "%" PRIu64, x->in_size);
	write_file(sizep, line);

	argv[argc++] = qemu;
	argv[argc++] = "-machine";
	argv[argc++] = "q35";
	argv[argc++] = "-accel";
	argv[argc++] = x->accel;
	argv[argc++] = "-m";
	argv[argc++] = EXTRACT_MEM;
	argv[argc++] = "-smp";
	argv[argc++] = "1";
	argv[argc++] = "-display";
	argv[argc++] = "none";
	argv[argc++] = "-monitor";
	argv[argc++] = "none";
	argv[argc++] = "-serial";
	argv[argc++] = "stdio";
	argv[argc++] = "-no-reboot";
	argv[argc++] = "-nic";
	argv[argc++] = "none";
	argv[argc++] = "-kernel";
	argv[argc++] = xasprintf("%s/vmlinuz", x->guest);
	argv[argc++] = "-initrd";
	argv[argc++] = xasprintf("%s/initramfs.cpio", x->guest);
	argv[argc++] = "-append";
	argv[argc++] = "console=ttyS0 panic=-1 quiet log_buf_len=4M";
	argv[argc++] = "-drive";
	argv[argc++] = xasprintf("file=%s,format=raw,if=virtio,readonly=on",
				 qemu_escape(a->dump));
	argv[argc++] = "-drive";
	argv[argc++] = xasprintf("file=%s,format=raw,if=virtio",
				 qemu_escape(outimg));
	argv[argc++] = "-fw_cfg";
	argv[argc++] = xasprintf("name=opt/muse-mount/args,file=%s",
				 qemu_escape(args));
	argv[argc++] = "-fw_cfg";
	argv[argc++] = xasprintf("name=opt/muse-mount/mode,file=%s",
				 qemu_escape(mode));
	argv[argc++] = "-fw_cfg";
	argv[argc++] = xasprintf("name=opt/muse-mount/size,file=%s",
				 qemu_escape(sizep));
	argv[argc] = NULL;

	if (!a->shell && pipe2(pfd, O_CLOEXEC))
		mm_err(MM_EXIT_SYSTEM, errno, "pipe");
	pid = fork();
	if (pid < 0)
		mm_err(MM_EXIT_SYSTEM, errno, "fork");
	if (!pid) {
		if (!a->shell) {
			int nul = open("/dev/null", O_RDONLY);

			dup2(nul, STDIN_FILENO);
			dup2(pfd[1], STDOUT_FILENO);
			dup2(pfd[1], STDERR_FILENO);
		}
		setpgid(0, 0);
		execvp(qemu, (char *const *)argv);
		fprintf(stderr, MM_PROG ": extract: %s: %s\n", qemu,
			strerror(errno));
		_exit(127);
	}
	show(x, "booting the guest (%s%s)", x->accel,
	     strcmp(x->accel, "kvm") ? ", no KVM: software emulation" : "");
	if (a->shell) {
		if (waitpid(pid, &st, 0) < 0)
			mm_err(MM_EXIT_SYSTEM, errno, "waitpid");
		return true;
	}
	close(pfd[1]);
	snprintf(logp, sizeof(logp), "%s/console.log", x->work);
	log = fopen(logp, "we");
	if (!log)
		mm_err(MM_EXIT_SYSTEM, errno, "%s", logp);
	p.fd = pfd[0];
	p.events = POLLIN;
	for (;;) {
		if (now_s() - start > timeout) {
			timed_out = true;
			kill(pid, SIGKILL);
			break;
		}
		if (!booted && !strcmp(x->accel, "kvm") &&
		    now_s() - start > KVM_BOOT_S) {
			kill(pid, SIGKILL);
			break;
		}
		if (poll(&p, 1, 1000) <= 0)
			continue;
		n = read(pfd[0], buf, sizeof(buf));
		if (n <= 0)
			break;
		fwrite(buf, 1, n, log);
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n' || ll == sizeof(line) - 1) {
				line[ll] = '\0';
				booted |= strstr(line, "MM-STAGE booted") != NULL;
				console_line(x, line, &done);
				ll = 0;
			} else if (buf[i] != '\r') {
				line[ll++] = buf[i];
			}
		}
	}
	close(pfd[0]);
	fclose(log);
	waitpid(pid, &st, 0);
	x->secs = now_s() - start;
	if (!booted && !done && !timed_out && !strcmp(x->accel, "kvm")) {
		show(x, "the guest did not boot with KVM; again with software emulation");
		if (x->a->progress && !x->a->quiet)
			fputc('\n', stderr);
		x->accel = "tcg";
		return false;
	}
	if (x->a->progress && !x->a->quiet)
		fputc('\n', stderr);
	if (timed_out || !done || x->guest_err[0] ||
	    (x->guest_rc && x->guest_rc != MM_EXIT_ECC &&
	     x->guest_rc != MM_EXIT_INPUT))
		cl = keep_console(x, logp);
	if (timed_out)
		mm_err(MM_EXIT_SYSTEM, 0, "%s: the guest timed out after %u s (console: %s)",
		       a->dump, timeout, cl);
	if (!done)
		mm_err(MM_EXIT_SYSTEM, 0, "%s: the guest stopped without a result (qemu %s %d; console: %s)",
		       a->dump, WIFEXITED(st) ? "status" : "signal",
		       WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st), cl);
	if (x->guest_err[0])
		mm_err(x->guest_rc ? x->guest_rc : MM_EXIT_SYSTEM, 0,
		       "%s: %s (console: %s)", a->dump, x->guest_err, cl);
	if (x->guest_rc && x->guest_rc != MM_EXIT_ECC &&
	    x->guest_rc != MM_EXIT_INPUT)
		mm_err(MM_EXIT_SYSTEM, 0, "%s: the guest could not copy the files (status %d; console: %s)",
		       a->dump, x->guest_rc, cl);
	return true;
}

/* ---------------------------------------------------------------- unpack */

/* A name from the guest that stays inside DIR: relative, no "..", no "". */
static bool safe_name(const char *p)
{
	const char *c = p;
	size_t l;

	if (!*p || *p == '/')
		return false;
	while (*c) {
		l = strcspn(c, "/");
		if (!l || (l == 1 && c[0] == '.') ||
		    (l == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += l;
		if (*c)
			c++;
		if (!*c && c[-1] == '/')
			return false;
	}
	return true;
}

static char type_of(unsigned int ft)
{
	switch (ft) {
	case AE_IFREG: return 'f';
	case AE_IFDIR: return 'd';
	case AE_IFLNK: return 'l';
	case AE_IFCHR: return 'c';
	case AE_IFBLK: return 'b';
	case AE_IFIFO: return 'p';
	case AE_IFSOCK: return 's';
	default: return '?';
	}
}

static struct xent *new_ent(struct extract *x)
{
	if (x->n_ents == x->cap_ents) {
		size_t cap = x->cap_ents ? 2 * x->cap_ents : 256;
		struct xent *e = realloc(x->ents, cap * sizeof(*e));

		if (!e)
			mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
		x->ents = e;
		x->cap_ents = cap;
	}
	memset(&x->ents[x->n_ents], 0, sizeof(x->ents[0]));
	return &x->ents[x->n_ents++];
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
	return d;
}

static char *read_member(struct archive *ar, size_t *lenp)
{
	char *buf = NULL, tmp[65536];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	la_ssize_t n;

	if (!m)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
	while ((n = archive_read_data(ar, tmp, sizeof(tmp))) > 0)
		fwrite(tmp, 1, n, m);
	fclose(m);
	if (lenp)
		*lenp = len;
	return buf;
}

static void ent_xattrs(struct xent *t, struct archive_entry *e)
{
	const char *name;
	const void *val;
	size_t sz, i;
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	if (!archive_entry_xattr_reset(e))
		return;
	m = open_memstream(&buf, &len);
	if (!m)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
	while (archive_entry_xattr_next(e, &name, &val, &sz) == ARCHIVE_OK) {
		fprintf(m, "%s", ftell(m) ? "\t" : "");
		/* name<NUL>hex, joined by tabs; the manifest writes them */
		fputs(name, m);
		fputc('=', m);
		for (i = 0; i < sz; i++)
			fprintf(m, "%02x", ((const uint8_t *)val)[i]);
	}
	fclose(m);
	t->xattrs = buf;
}

/* The data of the entry into @disk (a write_disk, or with @tar a tar). */
static int copy_data(struct archive *ar, struct archive *disk, bool tar,
		     struct xent *t)
{
	struct mm_sha256 s;
	uint8_t md[MM_SHA256_LEN];
	const void *blk;
	size_t sz;
	la_int64_t off;
	int r;

	mm_sha256_init(&s);
	while ((r = archive_read_data_block(ar, &blk, &sz, &off)) ==
	       ARCHIVE_OK) {
		mm_sha256_update(&s, blk, sz);
		if (disk && tar && archive_write_data(disk, blk, sz) !=
		    (la_ssize_t)sz)
			return -EIO;
		if (disk && !tar && archive_write_data_block(disk, blk, sz,
							      off) < ARCHIVE_WARN)
			return -EIO;
	}
	if (r != ARCHIVE_EOF)
		return -EIO;
	mm_sha256_final(&s, md);
	mm_sha256_hex(md, t->sha);
	return 0;
}

/* Hash the file as it now is in DIR, through no symbolic link. */
static bool verify_file(const struct xent *t)
{
	uint8_t md[MM_SHA256_LEN];
	char hex[MM_SHA256_HEX];
	int fd = open(t->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return false;
	ret = mm_sha256_fd(fd, md, NULL, NULL);
	close(fd);
	if (ret)
		return false;
	mm_sha256_hex(md, hex);
	return !strcmp(hex, t->sha);
}

static void unpack(struct extract *x, const char *outimg)
{
	int flags = ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM |
		    ARCHIVE_EXTRACT_SECURE_SYMLINKS |
		    ARCHIVE_EXTRACT_SECURE_NODOTDOT |
		    ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS |
		    ARCHIVE_EXTRACT_NO_OVERWRITE;
	struct archive *ar, *disk;
	struct archive_entry *e;
	const char *p;
	struct xent *t;
	int cwd, r;
	size_t i;

	ar = archive_read_new();
	disk = x->tarw ? x->tarw : archive_write_disk_new();
	if (!ar || !disk)
		mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
	archive_read_support_format_tar(ar);
	if (!x->tarw)
		archive_write_disk_set_options(disk, flags);
	if (archive_read_open_filename(ar, outimg, 1 << 20))
		mm_err(MM_EXIT_SYSTEM, 0, "%s: the guest's output: %s",
		       x->a->dump, archive_error_string(ar));
	cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cwd < 0 || (!x->tarw && chdir(x->outdir)))
		mm_err(MM_EXIT_SYSTEM, errno, "%s", x->outdir);
	while ((r = archive_read_next_header(ar, &e)) == ARCHIVE_OK) {
		p = archive_entry_pathname(e);
		if (!p)
			continue;
		if (!strncmp(p, "meta/", 5)) {
			char **dst = NULL;

			if (!strcmp(p + 5, "walk.tsv"))
				dst = &x->meta_walk;
			else if (!strcmp(p + 5, "mounts.tsv"))
				dst = &x->meta_mounts;
			else if (!strcmp(p + 5, "dmesg.txt"))
				dst = &x->meta_dmesg;
			else if (!strcmp(p + 5, "mm-versions"))
				dst = &x->meta_versions;
			else if (!strcmp(p + 5, "serve.err"))
				dst = &x->meta_serve_err;
			if (dst) {
				free(*dst);
				*dst = read_member(ar, dst == &x->meta_dmesg ?
						   &x->dmesg_len : NULL);
			}
			continue;
		}
		if (strncmp(p, "fs/", 3))
			continue;
		t = new_ent(x);
		t->path = xstrdup(p + 3);
		for (i = strlen(t->path); i > 1 && t->path[i - 1] == '/'; i--)
			t->path[i - 1] = '\0';	/* pax: "dir/" */
		t->type = type_of(archive_entry_filetype(e));
		t->size = archive_entry_size(e);
		t->mode = archive_entry_mode(e) & 07777;
		t->uid = archive_entry_uid(e);
		t->gid = archive_entry_gid(e);
		t->at = archive_entry_atime(e);
		t->atn = archive_entry_atime_nsec(e);
		t->mt = archive_entry_mtime(e);
		t->mtn = archive_entry_mtime_nsec(e);
		t->ct = archive_entry_ctime(e);
		t->ctn = archive_entry_ctime_nsec(e);
		if (archive_entry_symlink(e))
			t->link = xstrdup(archive_entry_symlink(e));
		t->rmaj = archive_entry_rdevmajor(e);
		t->rmin = archive_entry_rdevminor(e);
		ent_xattrs(t, e);
		t->status = "extracted";
		if (!safe_name(t->path) || archive_entry_hardlink(e)) {
			t->status = "refused";
			t->why = archive_entry_hardlink(e) ?
				 "hard link entry" : "name outside the output directory";
			x->n_refused++;
			copy_data(ar, NULL, false, t);
			continue;
		}
		if (t->type == 'c' || t->type == 'b' || t->type == 'p' ||
		    t->type == '?') {
			t->status = "listed";
			t->why = "not created on the host";
			x->n_listed++;
			continue;
		}
		archive_entry_set_pathname(e, t->path);
		if (archive_write_header(disk, e) < ARCHIVE_WARN) {
			t->status = "refused";
			t->why = xstrdup(archive_error_string(disk));
			x->n_refused++;
			continue;
		}
		if (t->type == 'f' && copy_data(ar, disk, x->tarw, t))
			mm_err(MM_EXIT_SYSTEM, 0, "%s: %s: %s", x->tarw ?
			       x->a->tar : x->outdir, t->path,
			       archive_error_string(disk));
		if (!x->tarw)
			archive_write_finish_entry(disk);
	}
	if (r != ARCHIVE_EOF)
		mm_err(MM_EXIT_SYSTEM, 0, "%s: the guest's output: %s",
		       x->a->dump, archive_error_string(ar));
	archive_read_free(ar);
	if (x->tarw)
		goto out_cwd;	/* closed after the manifest */
	if (archive_write_close(disk) < ARCHIVE_WARN)
		mm_err(MM_EXIT_SYSTEM, 0, "%s: %s", x->outdir,
		       archive_error_string(disk));
	archive_write_free(disk);
	for (i = 0; i < x->n_ents; i++)
		if (x->ents[i].type == 'f' &&
		    !strcmp(x->ents[i].status, "extracted"))
			x->ents[i].verified = verify_file(&x->ents[i]);
out_cwd:
	if (fchdir(cwd))
		mm_err(MM_EXIT_SYSTEM, errno, "fchdir");
	close(cwd);
}

/* ---------------------------------------------------------------- manifest */

static void unescape(char *s)
{
	char *d = s;
	unsigned int c;

	for (; *s; s++) {
		if (*s == '%' && sscanf(s + 1, "%2x", &c) == 1) {
			*d++ = (char)c;
			s += 2;
		} else {
			*d++ = *s;
		}
	}
	*d = '\0';
}

/* walk.tsv: attach "damaged" records to their entries, add sockets. */
static void apply_walk(struct extract *x, char **mount_pages)
{
	char *line, *save = NULL, *f[6];
	size_t i;
	int nf;

	if (!x->meta_walk)
		return;
	for (line = strtok_r(x->meta_walk, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *q = line;

		for (nf = 0; nf < 6 && q; nf++) {
			f[nf] = q;
			q = strchr(q, '\t');
			if (q)
				*q++ = '\0';
		}
		if (nf < 2)
			continue;
		unescape(f[1]);
		if (!strcmp(f[0], "mount") && nf >= 4) {
			*mount_pages = f[3];
		} else if (!strcmp(f[0], "damaged") && nf >= 5) {
			for (i = 0; i < x->n_ents; i++) {
				if (strcmp(x->ents[i].path, f[1]))
					continue;
				x->ents[i].damage = xasprintf("%s\t%s\t%s",
							      f[2], f[3], f[4]);
				x->n_damaged++;
				break;
			}
		} else if (!strcmp(f[0], "socket") && nf >= 6) {
			struct xent *t = new_ent(x);

			t->path = xstrdup(f[1]);
			t->type = 's';
			t->mode = strtoul(f[2], NULL, 8);
			t->uid = strtoul(f[3], NULL, 10);
			t->gid = strtoul(f[4], NULL, 10);
			t->mt = strtoll(f[5], NULL, 10);
			t->status = "listed";
			t->why = "sockets are not created";
			x->n_listed++;
		} else if (!strcmp(f[0], "error") && nf >= 3) {
			struct xent *t = new_ent(x);

			t->path = xstrdup(f[1]);
			t->type = '?';
			t->status = "error";
			t->why = xstrdup(f[2]);
			x->n_refused++;
		}
	}
}

static const char *type_name(char t)
{
	switch (t) {
	case 'f': return "file";
	case 'd': return "directory";
	case 'l': return "symlink";
	case 'c': return "char-device";
	case 'b': return "block-device";
	case 'p': return "fifo";
	case 's': return "socket";
	default: return "unknown";
	}
}

static void json_time(struct mm_json *j, const char *key, int64_t s, long ns)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%" PRId64 ".%09ld", s, ns);
	mm_json_str(j, key, buf);
}

/* "a,b,a" as ["a", "b"]: each once (UBI retries a failed read) */
static void json_list(struct mm_json *j, const char *key, char *list)
{
	char *p, *q, *save = NULL;
	size_t l;

	mm_json_array_begin(j, key);
	if (list && strcmp(list, "-")) {
		for (p = strtok_r(list, ",", &save); p;
		     p = strtok_r(NULL, ",", &save)) {
			l = strlen(p);
			for (q = list; q < p; q += strlen(q) + 1)
				if (strlen(q) == l && !memcmp(q, p, l))
					break;
			if (q >= p)
				mm_json_str(j, NULL, p);
		}
	}
	mm_json_array_end(j);
}

static void json_entry(struct mm_json *j, struct xent *t, bool tar)
{
	char *r, *pg, *err, *p, *save = NULL;

	mm_json_object_begin(j, NULL);
	mm_json_str(j, "path", t->path);
	mm_json_str(j, "type", type_name(t->type));
	mm_json_u64(j, "size", t->size);
	{
		char m[8];

		snprintf(m, sizeof(m), "%04o", t->mode);
		mm_json_str(j, "mode", m);
	}
	mm_json_u64(j, "uid", t->uid);
	mm_json_u64(j, "gid", t->gid);
	json_time(j, "mtime", t->mt, t->mtn);
	json_time(j, "atime", t->at, t->atn);
	json_time(j, "ctime", t->ct, t->ctn);
	if (t->type == 'l')
		mm_json_str(j, "link", t->link ? t->link : "");
	if (t->type == 'c' || t->type == 'b') {
		mm_json_u64(j, "major", t->rmaj);
		mm_json_u64(j, "minor", t->rmin);
	}
	if (t->xattrs) {
		mm_json_object_begin(j, "xattrs");
		for (p = strtok_r(t->xattrs, "\t", &save); p;
		     p = strtok_r(NULL, "\t", &save)) {
			char *eq = strrchr(p, '=');

			if (!eq)
				continue;
			*eq = '\0';
			mm_json_str(j, p, eq + 1);	/* value in hex */
		}
		mm_json_object_end(j);
	}
	if (t->type == 'f' && t->sha[0])
		mm_json_str(j, "sha256", t->sha);
	mm_json_str(j, "status", t->status);
	if (t->why)
		mm_json_str(j, "reason", t->why);
	if (t->type == 'f' && !strcmp(t->status, "extracted") && !tar)
		mm_json_bool(j, "verified", t->verified);
	mm_json_bool(j, "damaged", t->damage != NULL);
	if (t->damage) {
		r = t->damage;
		pg = strchr(r, '\t');
		*pg++ = '\0';
		err = strchr(pg, '\t');
		*err++ = '\0';
		json_list(j, "unreadable", r);	/* offset+length, zeros */
		json_list(j, "pages", pg);	/* uncorrectable pages */
		mm_json_str(j, "read_error", err);
	}
	mm_json_object_end(j);
}

static void json_lines(struct mm_json *j, const char *key, const char *text)
{
	char *copy = xstrdup(text), *p, *save = NULL;

	mm_json_array_begin(j, key);
	for (p = strtok_r(copy, "\n", &save); p; p = strtok_r(NULL, "\n", &save))
		mm_json_str(j, NULL, p);
	mm_json_array_end(j);
	free(copy);
}

static void json_mounts(struct extract *x, struct mm_json *j)
{
	char *copy = xstrdup(x->meta_mounts), *line, *save = NULL, *f[5];
	int nf;

	mm_json_array_begin(j, "filesystems");
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *q = line;

		for (nf = 0; nf < 5 && q; nf++) {
			f[nf] = q;
			q = nf < 4 ? strchr(q, '\t') : NULL;
			if (q)
				*q++ = '\0';
		}
		if (nf < 4)
			continue;
		mm_json_object_begin(j, NULL);
		mm_json_str(j, "name", f[0]);
		mm_json_str(j, "mtd", f[1]);
		mm_json_str(j, "type", f[2]);
		mm_json_str(j, "status", f[3]);
		mm_json_str(j, "detail", nf > 4 ? f[4] : "");
		mm_json_object_end(j);
		if (!strcmp(f[3], "mounted") || !strcmp(f[3], "copied"))
			x->n_mounted++;
		else if (!strcmp(f[3], "failed"))
			x->n_failed++;
	}
	mm_json_array_end(j);
	free(copy);
}

/*
 * Whether a guest kernel line, L and N bytes long, its "<level>[ seconds]"
 * taken off (not terminated: the log goes on), reports a
 * problem of UBI, UBIFS or JFFS2: their error and warning prefixes, and
 * every jffs2 line but those a clean mount prints (the version banner,
 * the xattr summary, and, on NOR, a clean-marker whose size is not the
 * kernel's: mkfs.jffs2 writes 12 bytes, the kernel 16; JFFS2 counts the
 * difference as dirty space). UBI's warning that it cannot reserve PEBs
 * for bad block handling is about the device's size, not its content.
 */
static bool is_problem(const char *l, size_t n)
{
	static const char *const ok[] = {
		"jffs2: version ", "xattr subsystem", "cannot reserve enough PEBs",
		"CLEANMARKER node found at",
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (memmem(l, n, ok[i], strlen(ok[i])))
			return false;
	if (!strncmp(l, "UBIFS error", 11) || !strncmp(l, "UBIFS warning", 13) ||
	    !strncmp(l, "jffs2: ", 7))
		return true;
	if (!strncmp(l, "ubi", 3)) {
		l += 3;
		while (*l >= '0' && *l <= '9')
			l++;
		return !strncmp(l, " error", 6) || !strncmp(l, " warning", 8);
	}
	return false;
}

/* The problems the guest kernel reported from the first mount on (the
 * guest writes MM_KMSG_MOUNT into the kernel log just before it). */
#define MM_KMSG_MOUNT	"muse-mount extract: mounting"

static void kernel_problems(struct extract *x)
{
	const char *p = x->meta_dmesg, *end, *l, *q;
	size_t cap = 0, len = 0, n;

	if (!p || !(p = strstr(p, MM_KMSG_MOUNT)))
		return;
	for (p = strchr(p, '\n'); p && *++p; p = end) {
		end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		l = p;			/* "<5>[    9.781820] jffs2: ..." */
		if (*l == '<' && (q = memchr(l, '>', (size_t)(end - l))))
			l = q + 1;
		if (*l == '[' && (q = memchr(l, ']', (size_t)(end - l))))
			l = q + (q[1] == ' ' ? 2 : 1);
		n = (size_t)(end - l);
		if (!n || !is_problem(l, n))
			continue;
		if (len + n + 2 > cap) {
			cap = (len + n + 2) * 2;
			x->problems = realloc(x->problems, cap);
			if (!x->problems)
				mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
		}
		memcpy(x->problems + len, l, n);
		len += n;
		x->problems[len++] = '\n';
		x->problems[len] = '\0';
		x->n_problems++;
	}
}

static void write_manifest(struct extract *x, FILE *f)
{
	char *mount_pages = NULL;
	struct mm_json j;
	size_t i;

	apply_walk(x, &mount_pages);
	mm_json_init(&j, f);
	mm_json_object_begin(&j, NULL);
	mm_json_str(&j, "tool", MM_PROG " " MM_VERSION " extract");
	mm_json_object_begin(&j, "input");
	mm_json_str(&j, "path", x->a->dump);
	mm_json_u64(&j, "size", x->in_size);
	mm_json_str(&j, "sha256_before", x->in_before);
	mm_json_str(&j, "sha256_after", x->in_after);
	mm_json_bool(&j, "unchanged", !strcmp(x->in_before, x->in_after));
	mm_json_array_begin(&j, "options");
	for (i = 0; i < x->a->n_fwd; i++)
		mm_json_str(&j, NULL, x->a->fwd[i]);
	mm_json_array_end(&j);
	mm_json_object_end(&j);
	mm_json_object_begin(&j, "guest");
	mm_json_str(&j, "accel", x->accel);
	json_lines(&j, "versions", x->meta_versions ? x->meta_versions : "");
	mm_json_str(&j, "kernel_log", "kernel.log");
	mm_json_str(&j, "console_log", "console.log");
	{
		char s[32];

		snprintf(s, sizeof(s), "%.1f", x->secs);
		mm_json_str(&j, "seconds", s);
	}
	json_list(&j, "uncorrectable_pages_while_mounting", mount_pages);
	json_lines(&j, "kernel_problems", x->problems ? x->problems : "");
	mm_json_object_end(&j);
	json_mounts(x, &j);
	mm_json_array_begin(&j, "entries");
	for (i = 0; i < x->n_ents; i++)
		json_entry(&j, &x->ents[i], x->tarw != NULL);
	mm_json_array_end(&j);
	mm_json_object_begin(&j, "summary");
	mm_json_u64(&j, "entries", x->n_ents);
	mm_json_u64(&j, "damaged", x->n_damaged);
	mm_json_u64(&j, "refused", x->n_refused);
	mm_json_u64(&j, "listed_not_created", x->n_listed);
	mm_json_u64(&j, "filesystems_failed", x->n_failed);
	mm_json_u64(&j, "kernel_problems", x->n_problems);
	mm_json_object_end(&j);
	mm_json_object_end(&j);
	mm_json_end(&j);
}

/* The Sleuth Kit body format (mactime): MD5|name|inode|mode|UID|GID|size|
 * atime|mtime|ctime|crtime; no MD5 (the manifest has SHA-256). */
static void write_bodyfile(struct extract *x)
{
	static const char perms[] = "rwxrwxrwx";
	FILE *f = strcmp(x->a->bodyfile, "-") ? fopen(x->a->bodyfile, "we") :
						 stdout;
	char mode[13];
	size_t i;
	int b;

	if (!f)
		mm_err(MM_EXIT_SYSTEM, errno, "%s", x->a->bodyfile);
	for (i = 0; i < x->n_ents; i++) {
		const struct xent *t = &x->ents[i];
		char tc = t->type == 'f' ? 'r' : t->type;

		mode[0] = tc;
		mode[1] = '/';
		mode[2] = tc;
		for (b = 0; b < 9; b++)
			mode[3 + b] = t->mode & (0400 >> b) ? perms[b] : '-';
		mode[12] = '\0';
		fprintf(f, "0|/%s%s%s|0|%s|%u|%u|%" PRIu64 "|%" PRId64 "|%" PRId64 "|%" PRId64 "|0\n",
			t->path, t->link ? " -> " : "", t->link ? t->link : "",
			mode, t->uid, t->gid, t->size, t->at, t->mt, t->ct);
	}
	if (f != stdout && fclose(f))
		mm_err(MM_EXIT_SYSTEM, errno, "%s", x->a->bodyfile);
}

static void save_text(struct extract *x, const char *name, const char *data,
		      size_t len)
{
	char path[PATH_MAX + 32];
	FILE *f;

	if (x->tarw) {	/* a member at the end of the tar */
		struct archive_entry *e = archive_entry_new();

		if (!e)
			mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
		archive_entry_set_pathname(e, name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, len);
		archive_entry_set_mtime(e, time(NULL), 0);
		if (archive_write_header(x->tarw, e) < ARCHIVE_WARN ||
		    (len && archive_write_data(x->tarw, data, len) !=
		     (la_ssize_t)len))
			mm_err(MM_EXIT_SYSTEM, 0, "%s: %s", x->a->tar,
			       archive_error_string(x->tarw));
		archive_entry_free(e);
		return;
	}

	snprintf(path, sizeof(path), "%s/%s", x->outdir, name);
	f = fopen(path, "wxe");
	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f))
		mm_err(MM_EXIT_SYSTEM, errno, "%s", path);
}

static void make_outdir(struct extract *x)
{
	const char *o = x->a->output;

	if (mkdir(o, 0755) && errno != EEXIST)
		mm_err(MM_EXIT_SYSTEM, errno, "%s", o);
	if (rmdir(o) == 0) {	/* it was empty */
		if (mkdir(o, 0755))
			mm_err(MM_EXIT_SYSTEM, errno, "%s", o);
	} else if (errno == ENOTEMPTY || errno == EEXIST) {
		mm_err(MM_EXIT_USAGE, 0, "%s: exists and is not empty", o);
	} else {
		mm_err(MM_EXIT_SYSTEM, errno, "%s", o);
	}
	if (!realpath(o, x->outdir))
		mm_err(MM_EXIT_SYSTEM, errno, "%s", o);
}

static void cleanup_work(struct extract *x)
{
	char p[PATH_MAX + 32];
	static const char *const names[] = { "args", "mode", "size", "out.img",
					     "console.log" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", x->work, names[i]);
		unlink(p);
	}
	rmdir(x->work);
}

int mm_cmd_extract(struct mm_args *a)
{
	struct extract x = { .a = a };
	char outimg[PATH_MAX + 16], src[PATH_MAX + 96], *con;
	const char *tmp = getenv("TMPDIR");
	uint64_t outsize;
	size_t conlen;
	FILE *cf;
	int fd, status = MM_EXIT_OK;

	x.tooldir = find_tooldir();
	if (!a->prepare || a->dump) {
		const char *qemu = getenv("MM_QEMU") ? getenv("MM_QEMU") :
							"qemu-system-x86_64";

		if (!in_path(qemu))
			mm_err(MM_EXIT_SYSTEM, 0, "extract: %s not found (Debian: apt-get install qemu-system-x86)",
			       qemu);
	}
	if (a->tar && a->bodyfile && !strcmp(a->tar, "-") &&
	    !strcmp(a->bodyfile, "-"))
		mm_errtryhelp("--tar=- and --bodyfile=- both on standard output");
	if (!a->prepare || a->dump)
		hash_input(&x, x.in_before);
	if (a->output)
		make_outdir(&x);
	if (a->tar) {
		x.tarw = archive_write_new();
		if (!x.tarw || archive_write_set_format_pax(x.tarw) ||
		    (strcmp(a->tar, "-") ?
		     archive_write_open_filename(x.tarw, a->tar) :
		     archive_write_open_fd(x.tarw, STDOUT_FILENO)))
			mm_err(MM_EXIT_SYSTEM, 0, "%s: %s", a->tar,
			       x.tarw ? archive_error_string(x.tarw) :
			       "out of memory");
	}
	run_prepare(&x);
	if (a->prepare && !a->dump) {
		printf("guest ready: %s\n", x.guest);
		snprintf(src, sizeof(src), "%s/versions.txt", x.guest);
		cf = fopen(src, "re");
		if (cf) {
			int c;

			while ((c = getc(cf)) != EOF)
				putchar(c);
			fclose(cf);
		}
		return MM_EXIT_OK;
	}

	snprintf(x.work, sizeof(x.work), "%s/muse-mount-extract.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(x.work))
		mm_err(MM_EXIT_SYSTEM, errno, "%s", x.work);
	snprintf(outimg, sizeof(outimg), "%s/out.img", x.work);
	/* sparse: the files may be bigger than the dump (compression) */
	outsize = x.in_size * 16 + (512ull << 20);
	fd = open(outimg, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || ftruncate(fd, outsize) || close(fd))
		mm_err(MM_EXIT_SYSTEM, errno, "%s", outimg);

	x.accel = getenv("MM_EXTRACT_ACCEL");	/* kvm or tcg: no guessing */
	while (!run_guest(&x, outimg))
		;
	if (a->shell) {
		cleanup_work(&x);
		return MM_EXIT_OK;
	}
	show(&x, "unpacking into %s", a->tar ? a->tar : a->output);
	if (a->progress && !a->quiet)
		fputc('\n', stderr);
	unpack(&x, outimg);
	hash_input(&x, x.in_after);

	snprintf(src, sizeof(src), "%s/console.log", x.work);
	cf = fopen(src, "re");
	con = cf ? read_file_all(cf, &conlen) : NULL;
	if (cf)
		fclose(cf);
	save_text(&x, "console.log", con ? con : "", con ? conlen : 0);
	free(con);
	save_text(&x, "kernel.log", x.meta_dmesg ? x.meta_dmesg : "",
		  x.meta_dmesg ? x.dmesg_len : 0);
	kernel_problems(&x);
	{
		char *mf = NULL;
		size_t mlen = 0;
		FILE *m = open_memstream(&mf, &mlen);

		if (!m)
			mm_err(MM_EXIT_SYSTEM, ENOMEM, "extract");
		write_manifest(&x, m);
		fclose(m);
		save_text(&x, "manifest.json", mf, mlen);
		free(mf);
	}
	if (x.tarw && (archive_write_close(x.tarw) < ARCHIVE_WARN))
		mm_err(MM_EXIT_SYSTEM, 0, "%s: %s", a->tar,
		       archive_error_string(x.tarw));
	if (x.tarw)
		archive_write_free(x.tarw);
	if (a->bodyfile)
		write_bodyfile(&x);
	cleanup_work(&x);

	if (strcmp(x.in_before, x.in_after))
		mm_err(MM_EXIT_SYSTEM, 0, "%s: the input changed while it was extracted (sha256 %s, now %s)",
		       a->dump, x.in_before, x.in_after);
	if (!a->quiet)
		fprintf(stderr, MM_PROG ": extract: %zu entries from %u file system(s) into %s in %.1f s (%s); %u damaged, %u refused, %u listed only\n",
			x.n_ents, x.n_mounted, a->tar ? a->tar : a->output,
			x.secs, x.accel,
			x.n_damaged, x.n_refused, x.n_listed);
	if (x.n_failed)
		status = MM_EXIT_INPUT;
	if (!x.n_mounted) {
		mm_warn("%s: no file system found or mounted (see manifest.json and kernel.log in %s)",
			a->dump, a->tar ? a->tar : a->output);
		status = MM_EXIT_INPUT;
	}
	if (x.n_failed)
		mm_warn("%s: %u file system(s) failed to mount (see manifest.json and kernel.log in %s)",
			a->dump, x.n_failed, a->tar ? a->tar : a->output);
	if (x.n_damaged) {
		mm_warn("%s: %u file(s) damaged: unreadable parts written as zeros (see manifest.json in %s)",
			a->dump, x.n_damaged, a->tar ? a->tar : a->output);
		if (status == MM_EXIT_OK)
			status = MM_EXIT_ECC;
	}
	if (x.n_problems) {
		mm_warn("%s: the guest kernel reported %u problem(s) with the file systems, the first: '%.*s': files may be missing or incomplete (see manifest.json and kernel.log in %s)",
			a->dump, x.n_problems,
			(int)strcspn(x.problems, "\n"), x.problems,
			a->tar ? a->tar : a->output);
		if (status == MM_EXIT_OK)
			status = MM_EXIT_ECC;
	}
	return status;
}

#else /* !HAVE_LIBARCHIVE */

int mm_cmd_extract(struct mm_args *a)
{
	mm_err(MM_EXIT_SYSTEM, 0, "%s: extract needs libarchive (this muse-mount was built without it)",
	       a->dump ? a->dump : "extract");
}

#endif /* HAVE_LIBARCHIVE */
