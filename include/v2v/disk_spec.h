/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How a disk is named to qemu: never a bare file name that qemu would
 * probe and follow, but a json: description with the format fixed and no
 * backing file, optionally a byte range of a larger file (an OVA member). */
#ifndef V2V_DISK_SPEC_H
#define V2V_DISK_SPEC_H

#include <stdint.h>

#include "v2v/strlist.h"

/* json:{"driver":FMT,"backing":null,"file":...} for FILE (absolute), or
 * for SIZE bytes at OFFSET in it when SIZE is not 0. */
char *qemu_disk_spec(const char *file, const char *fmt, uint64_t offset,
                     uint64_t size);

/* The same for a snapshot chain: CHAIN's files (absolute, the top first,
 * the base last), all in FMT, each the backing of the one before and the
 * base's backing null. qemu opens exactly these files (and the extents
 * their descriptors name), never a name an image stores. */
char *qemu_chain_spec(const strlist *chain, const char *fmt);

#endif
