/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A Linux guest identified from its own release files, without
 * libguestfs's inspection (see inspect/linux_identify.c). */
#ifndef V2V_LINUX_IDENTIFY_H
#define V2V_LINUX_IDENTIFY_H

#include <stdbool.h>

#include "v2v/own_fs.h"

struct session;

/* The first of FS that is a Linux root we know, mounted read-only and
 * unmounted again: sets the guest's root, type, distro, product name,
 * version, arch and host name. False (nothing set, nothing mounted) when
 * none is. */
bool linux_identify(struct session *s, const struct own_fs *fs);

#endif
