/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz.h - what the libFuzzer harnesses in tests/fuzz/ share: a cursor
 * that takes option bytes off the front of an input, and the private
 * directory their temporary files go to. Test code only: nothing here is
 * linked into muse-mount.
 *
 * Each harness defines LLVMFuzzerTestOneInput(); `make fuzz` links it with
 * libFuzzer (clang, ASan + UBSan), the replay build with tests/fuzz/replay.c.
 */
#ifndef MM_FUZZ_H
#define MM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* struct fz - the unread rest of an input */
struct fz {
	const uint8_t *p;
	size_t n;
};

/* fz_u8 - the next byte, 0 once the input is used up */
static inline uint8_t fz_u8(struct fz *f)
{
	if (!f->n)
		return 0;
	f->n--;
	return *f->p++;
}

/* fz_u16, fz_u32, fz_u64 - little-endian, missing bytes read as 0 */
static inline uint16_t fz_u16(struct fz *f)
{
	uint16_t v = fz_u8(f);

	return v | (uint16_t)fz_u8(f) << 8;
}

static inline uint32_t fz_u32(struct fz *f)
{
	uint32_t v = fz_u16(f);

	return v | (uint32_t)fz_u16(f) << 16;
}

static inline uint64_t fz_u64(struct fz *f)
{
	uint64_t v = fz_u32(f);

	return v | (uint64_t)fz_u32(f) << 32;
}

/* fz_pick - one of @n entries of a table, chosen by the next byte */
#define fz_pick(f, tab) ((tab)[fz_u8(f) % (sizeof(tab) / sizeof((tab)[0]))])

/**
 * fz_str - take a string: bytes up to a NUL (taken too) or the end of the
 * input, at most @max - 1 of them; @buf is NUL terminated
 * Return: its length.
 */
size_t fz_str(struct fz *f, char *buf, size_t max);

/**
 * fz_path - a path in the harnesses' private temporary directory (made on
 * first use under $TMPDIR or /tmp, removed at exit unless MM_FUZZ_KEEP is
 * set)
 * @name: the file's name in it
 * Return: a static buffer, or NULL when the directory cannot be made.
 */
const char *fz_path(const char *name);

/**
 * fz_write - make @path hold exactly @n bytes of @buf
 * Return: 0 or -errno.
 */
int fz_write(const char *path, const void *buf, size_t n);

#endif /* MM_FUZZ_H */
