// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mm-stress - read random ranges of a file from several threads at once and
 * compare every byte with a reference file (for the FUSE view).
 *
 *   mm-stress [-t THREADS] [-n READS] [-m MAXLEN] [-s SEED] [-d]
 *	FILE REF [REF_OFFSET]
 *
 * REF must hold at least FILE's size in bytes from REF_OFFSET on. Half of the threads share one descriptor, the others open
 * their own. Some ranges run past the end of FILE to check short reads.
 * With -d, every thread drops FILE's page cache now and then
 * (POSIX_FADV_DONTNEED), so that later reads reach the file system again.
 * Exit: 0 all equal, 1 a mismatch or error (the first is printed), 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct stress {
	const char *path;
	const char *ref_path;
	int shared_fd;
	int ref_fd;
	uint64_t ref_off;
	uint64_t size;
	unsigned long reads;
	size_t max_len;
	unsigned long seed;
	bool drop;
	pthread_mutex_t lock;
	bool failed;
	uint64_t bytes;
};

struct worker {
	struct stress *s;
	unsigned int id;
	pthread_t tid;
};

/* xorshift64*: deterministic per thread, no shared state. */
static uint64_t rnd(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 2685821657736338717ull;
}

static void fail(struct stress *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct stress *s, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&s->lock);
	if (!s->failed) {
		fprintf(stderr, "mm-stress: %s: ", s->path);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	s->failed = true;
	pthread_mutex_unlock(&s->lock);
}

/* pread until @len bytes or the end; returns bytes read or -errno. */
static ssize_t read_full(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, (char *)buf + done, len - done, off + done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			break;
		done += n;
	}
	return done;
}

static bool one_read(struct stress *s, int fd, uint64_t *x, char *got,
		     char *want)
{
	uint64_t off, r = rnd(x);
	size_t len, expect, i;
	ssize_t n;

	len = 1 + rnd(x) % s->max_len;
	/* One read in eight starts near the end, to see short reads. */
	if (r % 8 == 0 && s->size > len)
		off = s->size - len / 2;
	else
		off = rnd(x) % s->size;
	expect = off >= s->size ? 0 : (s->size - off < len ? s->size - off : len);
	n = read_full(fd, got, len, off);
	if (n < 0) {
		fail(s, "read of %zu bytes at 0x%" PRIx64 ": %s", len, off,
		     strerror(-n));
		return false;
	}
	if ((size_t)n != expect) {
		fail(s, "read of %zu bytes at 0x%" PRIx64 " gave %zd, expected %zu",
		     len, off, n, expect);
		return false;
	}
	if (read_full(s->ref_fd, want, expect, s->ref_off + off) != (ssize_t)expect) {
		fail(s, "%s: short read at 0x%" PRIx64, s->ref_path,
		     s->ref_off + off);
		return false;
	}
	if (memcmp(got, want, expect)) {
		for (i = 0; got[i] == want[i]; i++)
			;
		fail(s, "byte at 0x%" PRIx64 " is 0x%02x, expected 0x%02x (read of %zu at 0x%" PRIx64 ")",
		     off + i, (unsigned char)got[i], (unsigned char)want[i],
		     len, off);
		return false;
	}
	__atomic_add_fetch(&s->bytes, expect, __ATOMIC_RELAXED);
	return true;
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	struct stress *s = w->s;
	uint64_t x = s->seed * 0x9e3779b97f4a7c15ull + w->id + 1;
	char *got = malloc(s->max_len), *want = malloc(s->max_len);
	unsigned long i;
	int fd = s->shared_fd;

	if (!got || !want) {
		fail(s, "out of memory");
		goto out;
	}
	if (w->id % 2) {
		fd = open(s->path, O_RDONLY);
		if (fd < 0) {
			fail(s, "open: %s", strerror(errno));
			goto out;
		}
	}
	for (i = 0; i < s->reads && !__atomic_load_n(&s->failed, __ATOMIC_RELAXED); i++) {
		if (!one_read(s, fd, &x, got, want))
			break;
		if (s->drop && i % 64 == 63)
			posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	}
	if (fd != s->shared_fd)
		close(fd);
out:
	free(got);
	free(want);
	return NULL;
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "mm-stress: invalid number '%s'\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	struct stress s = { .reads = 2000, .max_len = 300000, .seed = 1 };
	unsigned int threads = 8, i;
	struct worker *w;
	struct stat st, rst;
	int c;

	while ((c = getopt(argc, argv, "dm:n:s:t:")) != -1) {
		switch (c) {
		case 'd':
			s.drop = true;
			break;
		case 'm':
			s.max_len = num(optarg);
			break;
		case 'n':
			s.reads = num(optarg);
			break;
		case 's':
			s.seed = num(optarg);
			break;
		case 't':
			threads = num(optarg);
			break;
		default:
			return 2;
		}
	}
	if (argc - optind < 2 || argc - optind > 3 || !threads || !s.max_len) {
		fprintf(stderr, "usage: mm-stress [-t THREADS] [-n READS] [-m MAXLEN] [-s SEED] [-d] FILE REF [REF_OFFSET]\n");
		return 2;
	}
	s.path = argv[optind];
	s.ref_path = argv[optind + 1];
	if (argc - optind == 3)
		s.ref_off = num(argv[optind + 2]);
	s.shared_fd = open(s.path, O_RDONLY);
	s.ref_fd = open(s.ref_path, O_RDONLY);
	if (s.shared_fd < 0 || s.ref_fd < 0 || fstat(s.shared_fd, &st) ||
	    fstat(s.ref_fd, &rst)) {
		fprintf(stderr, "mm-stress: cannot open %s or %s: %s\n", s.path,
			s.ref_path, strerror(errno));
		return 1;
	}
	s.size = st.st_size;
	if (!s.size || (uint64_t)rst.st_size < s.ref_off + s.size) {
		fprintf(stderr, "mm-stress: %s: size %" PRIu64 " does not fit %s (%" PRIu64 " bytes from 0x%" PRIx64 ")\n",
			s.path, s.size, s.ref_path, (uint64_t)rst.st_size,
			s.ref_off);
		return 1;
	}
	pthread_mutex_init(&s.lock, NULL);
	w = calloc(threads, sizeof(*w));
	if (!w)
		return 1;
	for (i = 0; i < threads; i++) {
		w[i].s = &s;
		w[i].id = i;
		if (pthread_create(&w[i].tid, NULL, worker_run, &w[i])) {
			fprintf(stderr, "mm-stress: cannot start thread %u\n", i);
			return 1;
		}
	}
	for (i = 0; i < threads; i++)
		pthread_join(w[i].tid, NULL);
	free(w);
	if (s.failed)
		return 1;
	printf("mm-stress: %s: %u threads, %lu reads each, %" PRIu64 " bytes compared, all equal\n",
	       s.path, threads, s.reads, s.bytes);
	return 0;
}
