// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * serve.c - 'muse-mount [options] DUMP': serve a dump as an MTD over MUSE.
 *
 * Opens /dev/muse (or serves --muse-fd), answers INIT, prints the MTD's
 * name and, once the kernel has registered it, its /dev/mtdN (and the
 * partitions'), then serves in the foreground until SIGINT/SIGTERM or the
 * end of the connection; exit status 0. The loop runs in the sandbox
 * (sandbox.c): unprivileged, under a seccomp filter.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/ecc/ecc.h"
#include "../core/muse/muse_proto.h"
#include "../core/overlay.h"
#include "../core/muse/srv.h"
#include "../formats/format.h"
#include "cli.h"

static struct mm_srv *srv_for_signals;

static void on_signal(int sig)
{
	(void)sig;
	if (srv_for_signals)
		mm_srv_stop(srv_for_signals);
}

static void debug_log(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "%s\n", line);
}

/* A change the overlay could not store: "muse-mount: OVERLAY: ..." */
static void overlay_warn(void *arg, const char *line)
{
	mm_warn("%s: %s", (const char *)arg, line);
}

/* --ecc-log: one line per uncorrectable page read, as it is served. */
static int ecc_log_fd = -1;

static void log_uncorrectable(uint64_t page)
{
	char line[32];
	int n;

	n = snprintf(line, sizeof(line), "0x%" PRIx64 "\n", page);
	if (write(ecc_log_fd, line, n) != n)
		ecc_log_fd = -1;	/* stop logging, keep serving */
}

static int ecc_correct(void *arg, uint64_t page, uint8_t *data, uint8_t *oob)
{
	struct mm_ecc_stat st = { 0 };
	enum mm_page_state state;
	int ret;

	ret = mm_ecc_correct_page(arg, page, data, oob, &st, &state);
	if (ret)
		return ret;
	if (state == MM_PAGE_UNCORRECTABLE) {
		if (ecc_log_fd >= 0)
			log_uncorrectable(page);
		return -EBADMSG;
	}
	if (state == MM_PAGE_CORRECTED)
		return st.corrected_bits ? (int)st.corrected_bits : 1;
	return 0;
}

static int ecc_encode(void *arg, uint64_t page, const uint8_t *data,
		      uint8_t *oob)
{
	(void)page;
	return mm_ecc_encode(arg, data, oob);
}

static int ecc_lay_out(void *arg, uint64_t page, uint8_t *data, uint8_t *oob)
{
	return mm_ecc_encode_page(arg, page, data, oob);
}

static const char *type_name(unsigned int type)
{
	switch (type) {
	case MTD_RAM:
		return "ram";
	case MTD_ROM:
		return "rom";
	case MTD_NORFLASH:
		return "nor";
	case MTD_NANDFLASH:
		return "nand";
	case MTD_DATAFLASH:
		return "dataflash";
	case MTD_MLCNANDFLASH:
		return "mlc-nand";
	}
	return "?";
}

/* --- finding our /dev/mtdN --- */

struct watch {
	struct mm_srv *s;
	pthread_t tid;
	volatile bool stop;
};

static bool read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	bool ok;

	if (!f)
		return false;
	ok = fgets(buf, len, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

/* Print every mtdN whose sysfs muse_pid is ours, each once. */
static unsigned int scan_sysfs(char (*seen)[32], unsigned int nseen,
			       unsigned int max, bool *have_attr)
{
	char path[300], buf[300];
	struct dirent *de;
	unsigned int i;
	DIR *dir;

	dir = opendir("/sys/class/mtd");
	if (!dir)
		return nseen;
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, "mtd", 3) ||
		    strspn(de->d_name + 3, "0123456789") !=
		    strlen(de->d_name + 3) || !de->d_name[3])
			continue;
		snprintf(path, sizeof(path), "/sys/class/mtd/%s/muse_pid",
			 de->d_name);
		if (!read_line(path, buf, sizeof(buf)))
			continue;
		*have_attr = true;
		if (strtol(buf, NULL, 10) != (long)getpid())
			continue;
		for (i = 0; i < nseen; i++)
			if (!strcmp(seen[i], de->d_name))
				break;
		if (i < nseen || nseen >= max)
			continue;
		snprintf(seen[nseen++], sizeof(seen[0]), "%.31s", de->d_name);
		snprintf(path, sizeof(path), "/sys/class/mtd/%s/name",
			 de->d_name);
		if (!read_line(path, buf, sizeof(buf)))
			buf[0] = '\0';
		printf("/dev/%s: %s\n", de->d_name, buf);
		fflush(stdout);
	}
	closedir(dir);
	return nseen;
}

/* Without muse_pid: /proc/mtd lines 'mtdN: size erasesize "name"'. */
static unsigned int scan_proc(struct mm_srv *s, char (*seen)[32],
			      unsigned int nseen, unsigned int max)
{
	char line[400], dev[32], name[300];
	unsigned int i;
	bool ours;
	FILE *f;

	f = fopen("/proc/mtd", "re");
	if (!f)
		return nseen;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%31[^:]: %*x %*x \"%299[^\"]\"", dev,
			   name) != 2)
			continue;
		ours = !strcmp(name, s->name);
		for (i = 0; i < s->nparts && !ours; i++)
			ours = s->parts[i].name[0] &&
			       !strcmp(name, s->parts[i].name);
		if (!ours)
			continue;
		for (i = 0; i < nseen; i++)
			if (!strcmp(seen[i], dev))
				break;
		if (i < nseen || nseen >= max)
			continue;
		snprintf(seen[nseen++], sizeof(seen[0]), "%s", dev);
		printf("/dev/%s: %s\n", dev, name);
		fflush(stdout);
	}
	fclose(f);
	return nseen;
}

static void *watch_main(void *arg)
{
	struct watch *wt = arg;
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	unsigned int max = wt->s->nparts + 1, n = 0, tries;
	char (*seen)[32] = calloc(max, sizeof(*seen));
	bool have_attr = false;

	if (!seen)
		return NULL;
	/* A few seconds: registration runs on a kernel workqueue. */
	for (tries = 0; tries < 50 && !wt->stop && n < max; tries++) {
		n = scan_sysfs(seen, n, max, &have_attr);
		if (!have_attr)
			n = scan_proc(wt->s, seen, n, max);
		if (n && n >= (wt->s->nparts ? wt->s->nparts : 1) &&
		    tries > 10)
			break;
		nanosleep(&ts, NULL);
	}
	if (!n && !wt->stop)
		mm_warn("MTD '%s' has not appeared in /proc/mtd yet",
			wt->s->name);
	free(seen);
	return NULL;
}

/* --- faults and recording --- */

/* --faults: the counters, one block of lines on stderr at the end. */
static void print_faults(const struct mm_faults *f)
{
	struct mm_faults_stats st;

	mm_faults_get_stats(f, &st);
	fprintf(stderr,
		MM_PROG ": faults: %" PRIu64 " bits flipped in %" PRIu64 " page reads\n"
		MM_PROG ": faults: %" PRIu64 " stuck bits read\n"
		MM_PROG ": faults: %" PRIu64 " programs failed\n"
		MM_PROG ": faults: %" PRIu64 " erases failed (%" PRIu64 " blocks grown bad)\n"
		MM_PROG ": faults: %" PRIu64 " requests delayed (%" PRIu64 " us)\n",
		st.flipped_bits, st.flipped_pages, st.stuck_bits,
		st.program_fails, st.erase_fails, st.grown_bad, st.delays,
		st.delay_us);
}

static struct mm_record *open_record(const struct mm_args *a,
				     const struct mm_flash *fl)
{
	struct mm_overlay_ident id;
	struct mm_record *r;
	char msg[512];
	int fd, ret;

	memset(&id, 0, sizeof(id));
	fd = open(a->dump, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		mm_err(MM_EXIT_INPUT, errno, "%s", a->dump);
	ret = mm_overlay_ident_fd(fd, &id);
	close(fd);
	if (ret)
		mm_err(MM_EXIT_SYSTEM, -ret, "%s: identifying the dump",
		       a->dump);
	snprintf(id.format, sizeof(id.format), "%s", fl->dump.fmt->name);
	ret = mm_record_open(&r, a->record, &fl->dump.geom, &id, msg,
			     sizeof(msg));
	if (ret)
		mm_err(ret == -EINVAL ? MM_EXIT_USAGE : MM_EXIT_SYSTEM, 0,
		       "%s: %s", a->record, msg);
	return r;
}

/* --- setup --- */

static int open_muse(const struct mm_args *a)
{
	int fd = open(a->muse_dev, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	switch (errno) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		mm_err(MM_EXIT_SYSTEM, errno, "%s: the MUSE module is not loaded (build and load it: make -C kmod && insmod kmod/muse.ko)",
		       a->muse_dev);
	case EPERM:
	case EACCES:
		mm_err(MM_EXIT_SYSTEM, errno, "%s: serving an MTD needs CAP_SYS_ADMIN (run as root)",
		       a->muse_dev);
	default:
		mm_err(MM_EXIT_SYSTEM, errno, "%s", a->muse_dev);
	}
}

/*
 * The step size the kernel's ECC keys announce: the driver's ecc.size,
 * which divides the page even where a layout's codewords do not
 * (qcom_nandc: 516-byte codewords, ecc->size = NANDC_STEP_SIZE 512).
 */
static unsigned int kernel_step_size(const struct mm_ecc *ecc,
				     uint32_t page_size)
{
	const struct mm_pagelayout *pl = mm_ecc_pagelayout(ecc);
	unsigned int step = mm_ecc_step_size(ecc);

	if (pl && pl->nsteps && step && page_size % step &&
	    !(page_size % pl->nsteps))
		return page_size / pl->nsteps;
	return step;
}

/* MM_PROFILE=1 in the environment: where a READ's time went. */
static void print_profile(const struct mm_srv *s)
{
	const struct mm_srv_stats *st = &s->stats;

	fprintf(stderr, MM_PROG ": profile: %" PRIu64 " requests, %" PRIu64
		" reads (%" PRIu64 " bytes; <=2K %" PRIu64 ", <=4K %" PRIu64
		", <128K %" PRIu64 ", 128K %" PRIu64 ", more %" PRIu64 ")\n",
		s->nreq, st->reads, st->read_bytes, st->read_size[0],
		st->read_size[1], st->read_size[2], st->read_size[3],
		st->read_size[4]);
	fprintf(stderr, MM_PROG ": profile: pages decoded %" PRIu64
		", verdicts cached %" PRIu64 "; page %.3f s, ecc %.3f s, reply %.3f s\n",
		st->decoded, st->cache_hits, st->ns_page / 1e9,
		st->ns_ecc / 1e9, st->ns_reply / 1e9);
}

int mm_cmd_serve(struct mm_args *a)
{
	struct mm_srv_opts o;
	struct mm_overlay *ov;
	struct mm_ecc *ecc;
	struct mm_flash fl;
	struct mm_srv s;
	struct sigaction sa;
	struct watch wt = { 0 };
	bool watching = false;
	char msg[512];
	int fd, ret;

	memset(&o, 0, sizeof(o));
	o.name = a->name;
	o.mtdparts = a->mtdparts;
	o.max_io = a->max_io;
	o.subpage_shift = a->subpage_set ? (int)a->subpage_shift : -1;
	o.debug = a->debug;
	o.log = debug_log;
	o.warn = overlay_warn;
	o.warn_arg = a->overlay ? (char *)a->overlay : "overlay (memory)";
	o.writable = a->writable || a->overlay;
	o.profile = getenv("MM_PROFILE") != NULL;
	if (a->type) {
		o.type = mm_srv_type_from_name(a->type);
		if (!o.type)
			mm_errtryhelp("invalid --type '%s' (nand, mlc-nand, nor, rom, ram, dataflash)",
				      a->type);
	}
	if (a->muse_fd >= 0 && fcntl(a->muse_fd, F_GETFD) < 0)
		mm_err(MM_EXIT_USAGE, errno, "--muse-fd %d", a->muse_fd);

	if (a->ecc_log) {
		ecc_log_fd = open(a->ecc_log, O_WRONLY | O_CREAT | O_APPEND |
				  O_CLOEXEC, 0644);
		if (ecc_log_fd < 0)
			mm_err(MM_EXIT_SYSTEM, errno, "%s", a->ecc_log);
	}
	mm_cli_open(&fl, a, MM_CLI_WRITES);
	if (fl.parts_spec[0])
		o.mtdparts = fl.parts_spec;	/* --mtdparts=auto: the one found */
	ecc = fl.ecc;
	ov = fl.ov;
	if (ecc) {
		o.layout = mm_ecc_layout(ecc);
		if (mm_ecc_enabled(ecc)) {
			o.ecc_correct = ecc_correct;
			if (mm_ecc_moves_bytes(ecc))
				o.ecc_lay_out = ecc_lay_out;
			else
				o.ecc_encode = ecc_encode;
			o.ecc_arg = ecc;
			o.ecc_strength = mm_ecc_strength(ecc);
			o.ecc_step_size = kernel_step_size(ecc,
							   fl.dump.geom.page_size);
		}
	}
	if (a->faults) {
		ret = mm_faults_setup(a->faults, &fl.dump.geom,
				      o.ecc_step_size, msg, sizeof(msg));
		if (ret)
			mm_err(ret == -ENOMEM ? MM_EXIT_SYSTEM : MM_EXIT_USAGE,
			       0, "%s: --faults: %s", a->dump, msg);
		o.faults = a->faults;
	}
	if (a->record)
		o.record = open_record(a, &fl);
	ret = mm_srv_init(&s, &fl.dump, ov, &o, msg, sizeof(msg));
	if (ret)
		mm_err(ret == -ENOMEM ? MM_EXIT_SYSTEM : MM_EXIT_USAGE, 0,
		       "%s: %s", a->dump, msg);

	fd = a->muse_fd >= 0 ? a->muse_fd : open_muse(a);

	srv_for_signals = &s;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	/* Everything the loop needs is open: give up the rest. */
	ret = mm_srv_attach(&s, fd);
	if (ret)
		mm_err(MM_EXIT_SYSTEM, -ret, "%s", a->muse_fd >= 0 ?
		       "--muse-fd" : a->muse_dev);
	mm_sandbox_enter(a, a->muse_fd < 0 && !a->quiet ?
			 MM_SANDBOX_READ_OPEN : 0);

	if (a->muse_fd < 0) {
		sigset_t all, old;

		if (!a->quiet) {
			printf("%s: serving as MTD '%s' (%s, %" PRIu64 " bytes, %s)\n",
			       a->dump, s.name, type_name(s.type), s.size,
			       s.flags ? (ov && mm_overlay_persistent(ov) ?
					  "writable, overlay" :
					  "writable, in memory") :
			       "read-only");
			fflush(stdout);
			/* The watcher leaves the signals to the server
			 * (SIGSYS, the sandbox's, is each thread's own). */
			wt.s = &s;
			sigfillset(&all);
			sigdelset(&all, SIGSYS);
			pthread_sigmask(SIG_BLOCK, &all, &old);
			watching = !pthread_create(&wt.tid, NULL, watch_main,
						   &wt);
			pthread_sigmask(SIG_SETMASK, &old, NULL);
		}
	}

	ret = mm_srv_run(&s, fd);
	if (watching) {
		wt.stop = true;
		pthread_join(wt.tid, NULL);
	}
	srv_for_signals = NULL;
	if (a->muse_fd < 0)
		close(fd);
	if (ret)
		mm_err(MM_EXIT_SYSTEM, -ret, "%s", a->muse_fd >= 0 ?
		       "--muse-fd" : a->muse_dev);
	/* INIT answered and then ENODEV with nothing else: §5.1 step 4. */
	if (s.kernel_ended && s.inited && s.nreq <= 1)
		mm_err(MM_EXIT_SYSTEM, 0, "%s: the kernel ended the connection right after INIT; it refused the MTD parameters (see dmesg)",
		       a->dump);
	if (o.profile)
		print_profile(&s);
	if (a->faults && !a->quiet)
		print_faults(a->faults);
	if (o.record) {
		if (!a->quiet)
			fprintf(stderr, MM_PROG ": %s: %" PRIu64 " records\n",
				a->record, mm_record_count(o.record));
		mm_record_close(o.record);
	}
	mm_srv_destroy(&s);
	mm_flash_close(&fl);
	return MM_EXIT_OK;
}
