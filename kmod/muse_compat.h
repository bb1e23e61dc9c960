/* SPDX-License-Identifier: GPL-2.0 */
/*
 * muse_compat.h - the kernel API differences muse.ko builds across, in one
 * place (tested: Debian 12's 6.1 and 6.12).
 *
 * Overview: each difference is one macro or inline named for what it does;
 * the .c files use only these names.
 */
#ifndef MUSE_COMPAT_H
#define MUSE_COMPAT_H

#include <linux/fs.h>
#include <linux/version.h>

/*
 * 6.12 removed no_llseek(): a NULL .llseek now means "no seeking".  Before,
 * stream_open() cleared FMODE_LSEEK so that lseek() got no_llseek's
 * -ESPIPE; either way /dev/muse cannot seek.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define MUSE_NO_LLSEEK	NULL
#else
#define MUSE_NO_LLSEEK	no_llseek
#endif

#endif /* MUSE_COMPAT_H */
