/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv.h - the MUSE server: answers MUSE_INIT with the MTD's parameters and
 * then serves MUSE_READ/WRITE/ERASE/ISBAD/MARKBAD/SYNC from a dump, with
 * changes going to a copy-on-write overlay (never to the dump).
 *
 * Threading: until INIT has been answered one thread reads and answers
 * (so "INIT must come first" is exact even when requests are pipelined).
 * Then a pool of workers (default 4) each does poll + read() + handle +
 * write() on the shared fd; the kernel may have several requests
 * outstanding (UBI's background thread next to mtdchar). A rwlock orders
 * them: reads and ISBAD share it, changes (WRITE, ERASE, MARKBAD, SYNC)
 * take it exclusively, so a read-modify-write of a page is atomic and a
 * change is on stable storage before its reply is written. The dump reader
 * is called under its own mutex (readers need not be thread-safe).
 *
 * The read path, where ECC slots in: srv_get_page() returns the raw page
 * (overlay, else erased 0xFF, else the dump); an in-band read without RAW
 * then goes through @ecc_correct (when set), whose verdict becomes the
 * reply's soft_error (-EUCLEAN corrected, -EBADMSG uncorrectable).
 * Likewise an in-band write without RAW gets its ECC bytes from
 * @ecc_encode (when set).
 *
 * FUSE_INTERRUPT (opcode 36) is ignored, which the protocol allows: every
 * request is answered in full anyway, and not replying leaves no stray
 * message for the kernel (or a test peer) to match.
 */
#ifndef MM_SRV_H
#define MM_SRV_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../dump.h"
#include "../util/mtdparts.h"
#include "../layout/ooblayout.h"
#include "../overlay.h"
#include "faults.h"
#include "record.h"
#include "vcache.h"

#define MM_SRV_DEFAULT_IO	(1u << 20)
#define MM_SRV_DEFAULT_THREADS	4
#define MM_SRV_MAX_THREADS	16
/* corrected pages the verdict cache keeps (vcache.h) */
#define MM_SRV_VCACHE_ENTRIES	256

/**
 * struct mm_srv_opts - how to present the dump
 * @name: MTD name (NAME); NULL = the dump's file name without directory
 *	and extension
 * @type: MTD type (MTD_NANDFLASH, ...); 0 = NAND for dumps with OOB, NOR
 *	for data-only dumps
 * @writable: advertise a writable MTD (needs an overlay); else FLAGS 0 and
 *	every change gets -EROFS
 * @mtdparts: PARTSCMDLINE (cmdlinepart list without "<mtd-id>:"), or NULL
 * @max_io: max_read = max_write; 0 = 1 MiB
 * @subpage_shift: SUBPAGESHIFT 0-2; -1 = from the geometry's sub-page size,
 *	or when that is unknown (0) from the VID header offset of a UBI image
 *	(UBI refuses to attach when the sub-page is larger than that offset)
 * @threads: worker threads after INIT; 0 = MM_SRV_DEFAULT_THREADS
 * @layout: the OOB layout (OOBAVAIL, AUTO_OOB bytes); NULL = the kernel's
 *	default for the geometry (mm_ooblayout_default())
 * @debug: log every request and reply through @log
 * @log: debug line sink (no newline at the end); NULL = none
 * @log_arg: passed to @log
 * @ecc_correct: correct one raw page in place; returns 0 (clean), the
 *	number of corrected bitflips (>0), -EBADMSG (uncorrectable) or another
 *	-errno (hard failure of the read); NULL = no ECC
 * @ecc_encode: compute the OOB for programming @data; @oob comes in as
 *	0xFF and the server ANDs the result into the page's OOB; 0 or -errno
 * @ecc_lay_out: set (instead of @ecc_encode) when the codec moves bytes,
 *	a controller's page layout: the MTD's pages are the logical pages
 *	@ecc_correct decodes from the physical records, OOB reads decode the
 *	page too (unless RAW), and a write programs the logical page (new =
 *	old AND written) which this hook lays out again in place (@data and
 *	@oob in: logical, out: physical); 0 or -errno
 * @ecc_arg: passed to the ECC hooks
 * @ecc_strength, @ecc_step_size: the ECC's bits per step and step size,
 *	sent as the ECC INIT keys with the layout's ranges (a muse.ko
 *	extension, kmod/README.md); 0 = not sent
 * @faults: fault injection (--faults), set up for the geometry; NULL = none
 * @record: the change log (--record); NULL = none. Every WRITE, ERASE,
 *	MARKBAD and SYNC is appended and durable before its reply
 * @profile: time the phases of each READ (struct mm_srv_stats' ns_*)
 * @warn: sink for the one-line notices the user must see without -d (no
 *	newline at the end): a change the overlay could not store (the
 *	kernel gets -EIO), and storing working again; NULL = none
 * @warn_arg: passed to @warn
 */
struct mm_srv_opts {
	const char *name;
	unsigned int type;
	bool writable;
	const char *mtdparts;
	uint32_t max_io;
	int subpage_shift;
	unsigned int threads;
	const struct mm_ooblayout *layout;
	bool debug;
	void (*log)(void *arg, const char *line);
	void *log_arg;
	int (*ecc_correct)(void *arg, uint64_t page, uint8_t *data,
			   uint8_t *oob);
	int (*ecc_encode)(void *arg, uint64_t page, const uint8_t *data,
			  uint8_t *oob);
	int (*ecc_lay_out)(void *arg, uint64_t page, uint8_t *data,
			   uint8_t *oob);
	void *ecc_arg;
	unsigned int ecc_strength;
	unsigned int ecc_step_size;
	struct mm_faults *faults;
	struct mm_record *record;
	bool profile;
	void (*warn)(void *arg, const char *line);
	void *warn_arg;
};

/**
 * struct mm_srv_stats - what the server did (counters, for profiling)
 * @reads, @read_bytes: MUSE_READ requests and their data bytes
 * @read_size: READs of <= 2 KiB, <= 4 KiB, < 128 KiB, 128 KiB, larger
 * @decoded: pages through the ECC codec; @cache_hits: pages whose verdict
 *	came from the verdict cache instead (vcache.h)
 * @ns_page, @ns_ecc, @ns_reply: with opts.profile, nanoseconds spent
 *	getting raw pages (overlay, dump), in the codec and sending replies
 */
struct mm_srv_stats {
	uint64_t reads;
	uint64_t read_bytes;
	uint64_t read_size[5];
	uint64_t decoded;
	uint64_t cache_hits;
	uint64_t ns_page;
	uint64_t ns_ecc;
	uint64_t ns_reply;
};

/**
 * struct mm_srv - a server instance (fill with mm_srv_init())
 * @d: the dump
 * @ov: the overlay, NULL for a read-only MTD
 * @o: options (copied; strings must outlive the server)
 * @layout: the OOB layout (free bytes for AUTO_OOB, OOBAVAIL)
 * @name: the MTD name sent
 * @type: MTD type sent
 * @flags: FLAGS sent
 * @size, @writesize, @writebufsize, @erasesize, @oobsize, @oobavail,
 * @subpage_shift: the MTD geometry sent
 * @parts: the parsed @o.mtdparts (NULL when none); @nparts entries
 * @blob: the key/value blob; @blob_len bytes, the last one NUL
 * @max_io: max_read = max_write sent
 * @bufsize: read() buffer per worker
 * @fd: the connection (set by mm_srv_attach() or mm_srv_run())
 * @is_socket: @fd is a socket (replies use send(MSG_NOSIGNAL))
 * @attached: mm_srv_attach() has set up @fd
 * @stop_fd: eventfd written by mm_srv_stop()
 * @inited: INIT answered
 * @ecc_ext: the kernel took muse.ko's ECC keys (READ replies count bits)
 * @lock: reads shared, changes exclusive
 * @dump_lock: serialises the dump reader
 * @end_lock, @ended, @end_ret: first worker to see the end records why
 * @kernel_ended: read() failed with ENODEV (the kernel ended or aborted the
 *	connection; right after INIT this means the parameters were refused)
 * @nreq: requests handled (statistics)
 * @stats: more of them
 * @vc, @vc_on: the ECC verdict cache, used when there is a codec and no
 *	fault injection
 * @store_err: the errno of the last change the overlay could not store, 0
 *	while changes are stored (under @lock, exclusive)
 * @store_fails: changes refused since @store_err was set
 */
struct mm_srv {
	struct mm_dump *d;
	struct mm_overlay *ov;
	struct mm_srv_opts o;
	struct mm_ooblayout layout;
	char name[256];
	unsigned int type;
	uint32_t flags;
	uint64_t size;
	uint32_t writesize;
	uint32_t writebufsize;
	uint32_t erasesize;
	uint32_t oobsize;
	uint32_t oobavail;
	unsigned int subpage_shift;
	struct mm_part *parts;
	size_t nparts;
	char blob[4096];
	size_t blob_len;
	uint32_t max_io;
	size_t bufsize;
	int fd;
	bool is_socket;
	bool attached;
	int stop_fd;
	bool inited;
	bool ecc_ext;
	pthread_rwlock_t lock;
	pthread_mutex_t dump_lock;
	pthread_mutex_t end_lock;
	bool ended;
	int end_ret;
	bool kernel_ended;
	uint64_t nreq;
	struct mm_srv_stats stats;
	struct mm_vcache vc;
	bool vc_on;
	int store_err;
	uint64_t store_fails;
};

/**
 * mm_srv_type_from_name - "nand", "mlc-nand", "nor", "rom", "ram",
 * "dataflash" to the MTD type number
 * Return: the type, or 0 for an unknown name.
 */
unsigned int mm_srv_type_from_name(const char *name);

/**
 * mm_srv_default_name - the NAME for a dump path: basename without a
 * compression suffix and one further extension; characters other than
 * letters, digits, '.', '_' and '-' become '_'
 */
void mm_srv_default_name(const char *path, char *buf, size_t len);

/**
 * mm_srv_init - check the options against the dump and build the INIT blob
 * @s: the server, filled
 * @d: the open dump (must outlive @s)
 * @ov: the overlay (may be NULL when !@o->writable)
 * @o: options
 * @msg: a one-line reason on failure; @len its size
 *
 * Everything the kernel would reject (§5.4 of the protocol) is refused
 * here, before anything is sent: a bad PARTSCMDLINE (mm_parts_parse()),
 * max_io below the write buffer, a blob over 4096 bytes, a name the kernel
 * would trim or that breaks "<NAME>:<parts>".
 *
 * Return: 0, -EINVAL with @msg, -ENOMEM.
 */
int mm_srv_init(struct mm_srv *s, struct mm_dump *d, struct mm_overlay *ov,
		const struct mm_srv_opts *o, char *msg, size_t len);

/**
 * mm_srv_attach - set up the connection @fd for mm_srv_run()
 * @s: an initialised server
 * @fd: as for mm_srv_run()
 *
 * Non-blocking /dev/muse, or a socket's send buffer for the largest reply
 * (beyond wmem_max with CAP_NET_ADMIN). mm_srv_run() does it when it has
 * not been done; a caller that gives up privileges first calls it before.
 *
 * Return: 0, or -errno when @fd cannot be set up.
 */
int mm_srv_attach(struct mm_srv *s, int fd);

/**
 * mm_srv_run - serve the connection @fd until it ends
 * @s: an initialised server
 * @fd: /dev/muse, or one end of a SOCK_SEQPACKET socketpair (one message
 *	per read and write)
 *
 * Returns when the kernel ends the connection (read() ENODEV), the peer
 * closes it (read() returns 0) or mm_srv_stop() is called; requests being
 * handled are finished and answered first.
 *
 * Return: 0 on a clean end, -errno when the fd failed.
 */
int mm_srv_run(struct mm_srv *s, int fd);

/**
 * mm_srv_stop - make mm_srv_run() return (async-signal-safe)
 */
void mm_srv_stop(struct mm_srv *s);

/** mm_srv_destroy - free what mm_srv_init() allocated (not @d or @ov) */
void mm_srv_destroy(struct mm_srv *s);

/** mm_srv_opname - "MUSE_READ" etc., "FUSE_INTERRUPT", or "UNKNOWN" */
const char *mm_srv_opname(uint32_t opcode);

#endif /* MM_SRV_H */
