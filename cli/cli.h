/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli.h - the command line front end: parsed arguments, subcommands and the
 * one printing path. Only cli/ prints to the user or calls exit().
 */
#ifndef MM_CLI_H
#define MM_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include "../core/flash.h"
#include "../core/muse/pairing.h"

#define MM_PROG		"muse-mount"
#ifndef MM_VERSION
#define MM_VERSION	"0.1.0"
#endif

/* Exit statuses (documented in muse-mount(8)). */
enum {
	MM_EXIT_OK = 0,
	MM_EXIT_USAGE = 1,	/* bad command line */
	MM_EXIT_INPUT = 2,	/* the dump cannot be read or understood */
	MM_EXIT_SYSTEM = 3,	/* system error: I/O, memory, /dev/muse, FUSE */
	MM_EXIT_ECC = 4,	/* finished, but uncorrectable ECC errors seen */
};

enum mm_cmd {
	MM_CMD_SERVE,		/* muse-mount [options] DUMP */
	MM_CMD_VIEW,		/* muse-mount [options] DUMP MOUNTPOINT */
	MM_CMD_INFO,		/* muse-mount info [options] DUMP */
	MM_CMD_CONVERT,		/* muse-mount convert [options] DUMP -o OUT */
	MM_CMD_REPLAY,		/* muse-mount replay [options] DUMP LOG -o OUT */
	MM_CMD_EXTRACT,		/* muse-mount extract [options] DUMP -o DIR */
};

#define MM_MAX_EXTRA_READS	16

/**
 * struct mm_args - everything the command line said
 */
struct mm_args {
	enum mm_cmd cmd;
	const char *dump;
	const char *mountpoint;
	struct mm_open_opts open;
	const char *extra_reads[MM_MAX_EXTRA_READS];

	/* info */
	bool json;
	bool verify;			/* --verify: check stored hashes */
	bool no_hash;			/* --no-hash: no SHA-256 of the bytes */

	/* convert */
	const char *output;
	const char *to;			/* "raw" or "oob" */
	enum mm_bb_mode out_bb;		/* convert --bb */
	bool reencode;
	bool force;

	/* ECC and OOB layout */
	const char *ecc;		/* --ecc, NULL = none */
	const char *oob_layout;		/* --oob-layout */
	const char *layout;		/* --layout: controller page layout */

	/* serve */
	const char *name;
	const char *type;
	bool writable;
	const char *overlay;
	const char *mtdparts;
	const char *muse_dev;
	int muse_fd;			/* -1 = open muse_dev */
	uint32_t subpage_shift;
	bool subpage_set;
	uint64_t max_io;		/* 0 = default */
	bool debug;

	/* faults and recording (serve), replay */
	struct mm_faults *faults;	/* --faults rules, NULL = none */
	uint64_t seed;			/* --seed */
	const char *record;		/* --record=LOG */
	const char *log;		/* replay: the log */
	uint64_t cut;			/* replay --cut (MM_REPLAY_RANDOM) */
	bool cut_set;
	bool torn;			/* replay --torn */
	bool list;			/* replay --list */
	struct mm_pairing pairing;	/* replay --pairing (kind 0: none) */

	/* the sandbox (serve) */
	const char *user;		/* --user, NULL = nobody when root */
	bool no_sandbox;		/* --no-sandbox */

	/* extract (cli/extract.c; --guest-walk: cli/extract_walk.c) */
	const char *tar;		/* --tar=FILE, "-" for stdout */
	const char *bodyfile;		/* --bodyfile=FILE */
	const char *kernel;		/* --kernel: the guest's kernel image */
	const char *modules;		/* --modules: its lib/modules/<release> */
	const char *muse_ko;		/* --muse-ko: muse.ko built for it */
	const char *ecc_log;		/* serve: log uncorrectable pages here */
	const char **meta;		/* --guest-walk --meta files */
	size_t n_meta;
	const char **fwd;		/* the dump options, for the guest */
	size_t n_fwd;
	unsigned int timeout;		/* --timeout, seconds */
	bool prepare;			/* --prepare */
	bool shell;			/* --shell */
	bool guest_walk;		/* --guest-walk (inside the guest) */

	/* FUSE view */
	bool foreground;
	char *fuse_opts;		/* -o, comma-joined; malloc'ed */

	bool quiet;
	bool progress;			/* stderr is a terminal and not -q */
};

/* msg.c */
void mm_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mm_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void mm_err(int status, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
noreturn void mm_errtryhelp(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void mm_set_quiet(bool quiet);

/**
 * mm_progress - draw a progress bar on stderr (callback for long work)
 * @arg: unused
 * @what: a short label ("scanning")
 * @done: units done; @total: all units (done == total ends the bar)
 */
void mm_progress(void *arg, const char *what, uint64_t done, uint64_t total);

/* open.c: mm_cli_open() flags */
#define MM_CLI_WRITES	0x1	/* writable (-w, --overlay): open the overlay */
#define MM_CLI_ECC_NOTE	0x2	/* say what --ecc=auto picked */
#define MM_CLI_ECC_INPUT 0x4	/* an ECC that does not fit is status 2 (info) */
#define MM_CLI_PROBE_LAYOUT 0x8	/* no ECC options: try the controller presets */

/**
 * mm_cli_open - open the dump the command line names, or exit
 * @f: filled; mm_flash_close() it
 * @a: the command line
 * @flags: MM_CLI_*
 *
 * Every subcommand opens its device here: the notes (data only assumed,
 * markers lost with padbad, the ECC picked) and the exit statuses are the
 * same everywhere.
 */
void mm_cli_open(struct mm_flash *f, const struct mm_args *a,
		 unsigned int flags);

/* opts.c */
void mm_parse_args(struct mm_args *a, int argc, char **argv);
void mm_args_free(struct mm_args *a);

/* usage.c */
noreturn void mm_usage(void);
void mm_list_formats(void);
void mm_list_layouts(void);

/* Subcommands: each returns an exit status. */
int mm_cmd_info(struct mm_args *a);
int mm_cmd_convert(struct mm_args *a);
int mm_cmd_serve(struct mm_args *a);

/* sandbox.c: mm_sandbox_enter() flags */
#define MM_SANDBOX_READ_OPEN	0x1	/* also open files read-only */

/**
 * mm_sandbox_enter - give up what the request loop does not need
 * @a: the command line (--user, --no-sandbox)
 * @flags: MM_SANDBOX_READ_OPEN for a loop that reads /sys and /proc
 *
 * As root: no supplementary groups, --user's (or nobody's) gid and uid,
 * checked not to be undoable; then PR_SET_NO_NEW_PRIVS and the seccomp
 * filter (a refused call: one line on stderr, exit status 3). Exits with
 * a message when any step fails; does nothing with --no-sandbox.
 */
void mm_sandbox_enter(const struct mm_args *a, unsigned int flags);
/* mm_sandbox_on - whether mm_sandbox_enter() will sandbox (no --no-sandbox,
 * not a sanitizer build) */
bool mm_sandbox_on(const struct mm_args *a);
/* mm_sandbox_errfd - where a refused call's line goes (default stderr; the
 * FUSE view's daemon passes the stderr it was started with) */
void mm_sandbox_errfd(int fd);
int mm_cmd_view(struct mm_args *a);
int mm_cmd_replay(struct mm_args *a);
int mm_cmd_extract(struct mm_args *a);
int mm_extract_walk(struct mm_args *a);

#endif /* MM_CLI_H */
