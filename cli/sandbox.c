// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sandbox.c - what the server gives up before its request loop: root (for
 * --user, default 'nobody'), new privileges (PR_SET_NO_NEW_PRIVS) and every
 * system call the loop does not make (a seccomp filter, libseccomp).
 *
 * Overview: mm_sandbox_enter() is called once everything the loop needs is
 * open (the dump, the overlay, the --record log, /dev/muse, the eventfd,
 * the signal handlers); the threads started after it inherit the filter.
 * A refused call raises SIGSYS, whose handler writes one line naming the
 * call and exits with status 3. docs/security.md lists the calls and why
 * each is needed.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <malloc.h>
#include <pwd.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "cli.h"

/* LeakSanitizer ptraces the process at exit: sanitizer builds serve
 * without the sandbox (make check-asan; tests/cli/serve-sandbox.sh). */
#ifdef __SANITIZE_ADDRESS__
#define SANDBOX_BUILD_OK	false
#else
#define SANDBOX_BUILD_OK	true
#endif

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define SANDBOX_NOBODY		65534
#define SANDBOX_MAX_NR		512
#define SANDBOX_SIGCANCEL	32	/* glibc's __SIGRTMIN */
#define SANDBOX_SIGSETXID	33

/*
 * The calls the request loop makes (core/muse/loop.c, srv.c, ops_*.c, the
 * overlay, the record log, the readers and containers below the model) and
 * what glibc does for them: threads, malloc, stdio, the end of the process.
 * Names missing on an architecture are skipped.
 */
static const char *const serve_calls[] = {
	/* the connection and the files opened before */
	"read", "readv", "write", "writev", "pread64", "pwrite64",
	"preadv", "pwritev", "recvfrom", "sendto", "recvmsg", "sendmsg",
	"poll", "ppoll", "epoll_create1", "epoll_ctl", "epoll_wait",
	"epoll_pwait", "lseek", "close", "fstat", "newfstatat",
	"fsync", "fdatasync", "fcntl",
	"getsockopt", "setsockopt",
	/* threads and memory */
	"futex", "set_robust_list", "rseq", "mmap", "munmap", "mremap",
	"mprotect", "madvise", "brk", "sched_yield", "getrandom",
	/* signals, time, identity, the end */
	"rt_sigprocmask", "rt_sigreturn", "restart_syscall",
	"nanosleep", "clock_nanosleep", "clock_gettime", "gettimeofday",
	"getpid", "gettid", "exit", "exit_group",
};

/* With MM_SANDBOX_READ_OPEN: the MTD watcher reads /sys/class/mtd. */
static const char *const read_open_calls[] = {
	"getdents64",
};

static char sc_names[SANDBOX_MAX_NR][24];
static int sigsys_fd = STDERR_FILENO;	/* where the refusal line goes */

void mm_sandbox_errfd(int fd)
{
	sigsys_fd = fd >= 0 ? fd : STDERR_FILENO;
}

static size_t put_str(char *buf, size_t at, size_t len, const char *s)
{
	while (*s && at + 1 < len)
		buf[at++] = *s++;
	return at;
}

/* Async-signal-safe: one write(2) and _exit(2). */
static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	char buf[200], num[12];
	int nr = si->si_syscall, i = 0;
	unsigned int v = nr < 0 ? 0 : (unsigned int)nr;
	size_t at = 0;

	(void)sig;
	(void)uc;
	do {
		num[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && i < (int)sizeof(num));
	at = put_str(buf, at, sizeof(buf), MM_PROG ": sandbox: system call ");
	while (i > 0 && at + 1 < sizeof(buf))
		buf[at++] = num[--i];
	if (nr >= 0 && nr < SANDBOX_MAX_NR && sc_names[nr][0]) {
		at = put_str(buf, at, sizeof(buf), " (");
		at = put_str(buf, at, sizeof(buf), sc_names[nr]);
		at = put_str(buf, at, sizeof(buf), ")");
	}
	at = put_str(buf, at, sizeof(buf), " refused (--no-sandbox turns the sandbox off)\n");
	if (write(sigsys_fd, buf, at) < 0)
		_exit(MM_EXIT_SYSTEM);
	_exit(MM_EXIT_SYSTEM);
}

/* The names for the SIGSYS line, resolved now: the handler cannot. */
static void fill_names(void)
{
	char *name;
	int nr;

	for (nr = 0; nr < SANDBOX_MAX_NR; nr++) {
		name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		if (!name)
			continue;
		snprintf(sc_names[nr], sizeof(sc_names[nr]), "%s", name);
		free(name);
	}
}

static bool parse_id(const char *s, unsigned long *v)
{
	char *end;

	if (!*s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return !errno && !*end && *v < 0xffffffffUL;
}

/*
 * --user=NAME|UID[:GID]: a name gives its uid and primary group; a number
 * the group of its passwd entry, or the same number. No --user: 'nobody',
 * or 65534:65534 where there is no such entry (the e2e guest).
 */
static void resolve_user(const char *spec, uid_t *uid, gid_t *gid)
{
	char user[256];
	const char *colon;
	struct passwd *pw;
	unsigned long v;

	if (!spec) {
		pw = getpwnam("nobody");
		*uid = pw ? pw->pw_uid : SANDBOX_NOBODY;
		*gid = pw ? pw->pw_gid : SANDBOX_NOBODY;
		return;
	}
	colon = strchr(spec, ':');
	snprintf(user, sizeof(user), "%.*s",
		 (int)(colon ? (size_t)(colon - spec) : strlen(spec)), spec);
	if (parse_id(user, &v)) {
		*uid = (uid_t)v;
		pw = getpwuid(*uid);
		*gid = pw ? pw->pw_gid : (gid_t)v;
	} else if (user[0] && (pw = getpwnam(user))) {
		*uid = pw->pw_uid;
		*gid = pw->pw_gid;
	} else {
		mm_errtryhelp("invalid --user '%s' (no such user)", spec);
	}
	if (colon) {
		if (!parse_id(colon + 1, &v))
			mm_errtryhelp("invalid --user '%s' (GID must be a number)",
				      spec);
		*gid = (gid_t)v;
	}
}

/* Give up root for @uid:@gid, and check that it cannot come back. */
static void drop_user(const struct mm_args *a)
{
	uid_t uid, ru, eu, su;
	gid_t gid;

	if (geteuid() != 0) {
		if (a->user)
			mm_err(MM_EXIT_USAGE, 0, "--user needs root (the server runs as uid %u already)",
			       (unsigned int)geteuid());
		return;
	}
	resolve_user(a->user, &uid, &gid);
	if (setgroups(0, NULL))
		mm_err(MM_EXIT_SYSTEM, errno, "sandbox: dropping the supplementary groups");
	if (setresgid(gid, gid, gid))
		mm_err(MM_EXIT_SYSTEM, errno, "sandbox: setting group %u",
		       (unsigned int)gid);
	if (setresuid(uid, uid, uid))
		mm_err(MM_EXIT_SYSTEM, errno, "sandbox: setting user %u",
		       (unsigned int)uid);
	if (getresuid(&ru, &eu, &su) || ru != uid || eu != uid || su != uid)
		mm_err(MM_EXIT_SYSTEM, 0, "sandbox: the user is not %u after setresuid",
		       (unsigned int)uid);
	if (uid != 0 && (setuid(0) == 0 || seteuid(0) == 0))
		mm_err(MM_EXIT_SYSTEM, 0, "sandbox: root could be regained after dropping it");
}

static int allow_list(scmp_filter_ctx ctx, const char *const *names,
		      size_t n)
{
	size_t i;
	int nr, ret;

	for (i = 0; i < n; i++) {
		nr = seccomp_syscall_resolve_name(names[i]);
		if (nr == __NR_SCMP_ERROR)
			continue;
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (ret)
			return ret;
	}
	return 0;
}

static int build_filter(scmp_filter_ctx ctx, unsigned int flags)
{
	int ret;

	ret = allow_list(ctx, serve_calls, ARRAY_SIZE(serve_calls));
	/* glibc's first pthread_create installs its SIGCANCEL and SIGSETXID
	 * handlers (SIGRTMIN, SIGRTMIN+1); no other handler may change. */
	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
				       SCMP_SYS(rt_sigaction), 1,
				       SCMP_A0(SCMP_CMP_EQ, SANDBOX_SIGCANCEL));
	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
				       SCMP_SYS(rt_sigaction), 1,
				       SCMP_A0(SCMP_CMP_EQ, SANDBOX_SIGSETXID));
	/* Threads only (pthread_create), never a new process ... */
	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
				       SCMP_A0(SCMP_CMP_MASKED_EQ,
					       CLONE_THREAD, CLONE_THREAD));
	/* ... and clone3's flags are out of the filter's reach: ENOSYS
	 * makes glibc fall back to clone. */
	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
				       SCMP_SYS(clone3), 0);
	/* Signals to the process's own threads only (pthread_cancel, as the
	 * FUSE view's loop does to its workers at the end). */
	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
				       SCMP_A0(SCMP_CMP_EQ,
					       (scmp_datum_t)getpid()));
	if (!ret && (flags & MM_SANDBOX_READ_OPEN))
		ret = allow_list(ctx, read_open_calls,
				 ARRAY_SIZE(read_open_calls));
	/*
	 * openat for reading: allowed while the MTD watcher runs; otherwise
	 * it fails with EACCES rather than trapping, because glibc's malloc
	 * opens /proc/sys/vm/overcommit_memory the first time a thread's heap
	 * shrinks and copes with a failure (the heap is then not shrunk).
	 * An openat that could write (any of O_WRONLY, O_RDWR, O_CREAT,
	 * O_TRUNC, O_APPEND) traps, like every call not listed.
	 */
	if (!ret)
		ret = seccomp_rule_add(ctx, flags & MM_SANDBOX_READ_OPEN ?
				       SCMP_ACT_ALLOW : SCMP_ACT_ERRNO(EACCES),
				       SCMP_SYS(openat), 1,
				       SCMP_A2(SCMP_CMP_MASKED_EQ,
					       O_ACCMODE | O_CREAT | O_TRUNC |
					       O_APPEND, 0));
	/*
	 * A pipe fails with EPERM rather than trapping: libfuse makes one per
	 * worker thread for splicing, and a worker that starts while the
	 * FUSE INIT is being answered can still see splicing wanted (the
	 * view turns it off in its init callback, after libfuse's defaults);
	 * without a pipe libfuse reads and writes /dev/fuse as usual.
	 */
	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
				       SCMP_SYS(pipe2), 0);
	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
				       SCMP_SYS(pipe), 0);
	return ret;
}

static void load_filter(unsigned int flags)
{
	struct sigaction sa;
	scmp_filter_ctx ctx;
	int ret;

	fill_names();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL))
		mm_err(MM_EXIT_SYSTEM, errno, "sandbox: SIGSYS handler");
	ctx = seccomp_init(SCMP_ACT_TRAP);
	if (!ctx)
		mm_err(MM_EXIT_SYSTEM, 0, "sandbox: seccomp_init failed");
	ret = build_filter(ctx, flags);
	if (!ret)
		ret = seccomp_load(ctx);
	seccomp_release(ctx);
	if (ret)
		mm_err(MM_EXIT_SYSTEM, -ret, "sandbox: loading the seccomp filter");
}

/* MM_SANDBOX_SELFTEST=execve|open|read|pipe (tests only): make one
 * refused call (read: a read-only open, which fails with EACCES, and pipe:
 * a pipe2, which fails with EPERM; neither traps). */
static void selftest(void)
{
	const char *what = getenv("MM_SANDBOX_SELFTEST");
	char *const argv[] = { "true", NULL };
	int fd;

	if (!what || !*what)
		return;
	if (!strcmp(what, "execve")) {
		execve("/bin/true", argv, NULL);
		mm_err(MM_EXIT_SYSTEM, errno, "sandbox: selftest: execve was not refused");
	} else if (!strcmp(what, "read")) {
		fd = open("/proc/sys/vm/overcommit_memory", O_RDONLY | O_CLOEXEC);
		if (fd >= 0 || errno != EACCES)
			mm_err(MM_EXIT_SYSTEM, fd < 0 ? errno : 0, "sandbox: selftest: a read-only open was not refused with EACCES");
		mm_err(MM_EXIT_SYSTEM, 0, "sandbox: selftest: a read-only open failed with EACCES");
	} else if (!strcmp(what, "pipe")) {
		int p[2];

		if (pipe2(p, O_CLOEXEC) == 0 || errno != EPERM)
			mm_err(MM_EXIT_SYSTEM, errno, "sandbox: selftest: pipe2 was not refused with EPERM");
		mm_err(MM_EXIT_SYSTEM, 0, "sandbox: selftest: pipe2 failed with EPERM");
	} else if (!strcmp(what, "open")) {
		fd = open("/tmp/mm-sandbox-selftest", O_WRONLY | O_CREAT |
			  O_CLOEXEC, 0600);
		mm_err(MM_EXIT_SYSTEM, fd < 0 ? errno : 0, "sandbox: selftest: opening for writing was not refused");
	}
	mm_err(MM_EXIT_USAGE, 0, "invalid MM_SANDBOX_SELFTEST '%s' (execve, open, read or pipe)",
	       what);
}

bool mm_sandbox_on(const struct mm_args *a)
{
	return !a->no_sandbox && SANDBOX_BUILD_OK;
}

void mm_sandbox_enter(const struct mm_args *a, unsigned int flags)
{
	if (!mm_sandbox_on(a))
		return;
	/* glibc's malloc counts the CPUs in /sys (an openat) when a thread
	 * first needs an arena of its own, unless the limit is set: set it
	 * now to glibc's own default, 8 per CPU. */
	mallopt(M_ARENA_MAX, 8 * get_nprocs());
	drop_user(a);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		mm_err(MM_EXIT_SYSTEM, errno, "sandbox: PR_SET_NO_NEW_PRIVS");
	load_filter(flags);
	selftest();
}
