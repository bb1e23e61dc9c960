// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * container.c - what the container decoders share: their kinds' names, the
 * limits on what they may produce, the cache directory, the identity keys.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"

static const char *const kind_names[] = {
	[MM_CONT_NONE] = "none",
	[MM_CONT_GZIP] = "gzip",
	[MM_CONT_XZ] = "xz",
	[MM_CONT_BZIP2] = "bzip2",
	[MM_CONT_ZSTD] = "zstd",
	[MM_CONT_ZIP] = "zip",
	[MM_CONT_7Z] = "7z",
	[MM_CONT_TAR] = "tar",
};

const char *mm_container_kind_name(enum mm_container_kind k)
{
	if ((size_t)k >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "?";
	return kind_names[k];
}

uint64_t mm_container_max_expanded(void)
{
	const char *s = getenv("MM_MAX_EXPANDED");
	uint64_t v;

	if (s && *s && mm_parse_size(s, &v) == 0 && v)
		return v;
	return MM_MAX_EXPANDED_DEFAULT;
}

int mm_container_check_size(struct mm_input *d, const char *what,
			    uint64_t produced, uint64_t input)
{
	uint64_t max = mm_container_max_expanded();

	if (produced > max) {
		mm_set_error(d, "%s: refusing to decode more than %" PRIu64 " bytes (set MM_MAX_EXPANDED to raise the limit)",
			     what, max);
		return -EFBIG;
	}
	if (produced > (1ull << 30) && input &&
	    produced / input > MM_MAX_RATIO) {
		mm_set_error(d, "%s: expands more than %llu times (%" PRIu64 " bytes from %" PRIu64 "); refusing a likely decompression bomb",
			     what, MM_MAX_RATIO, produced, input);
		return -EFBIG;
	}
	return 0;
}

const char *mm_cache_dir(void)
{
	const char *s = getenv("MM_CACHE_DIR");

	if (s && *s)
		return s;
	s = getenv("TMPDIR");
	if (s && *s)
		return s;
	return "/tmp";
}

int mm_container_key_append(struct mm_input *d, char *key, size_t keylen,
			    const char *fmt, const char *arg)
{
	size_t l = strlen(key);
	int n = snprintf(key + l, keylen - l, fmt, arg);

	if (n < 0 || (size_t)n >= keylen - l) {
		mm_set_error(d, "containers nested too deeply");
		return -EINVAL;
	}
	return 0;
}
