/* SPDX-License-Identifier: GPL-2.0-or-later */
/* userspace stand-in for <linux/slab.h>: see kshim.h */
#include "kshim.h"
