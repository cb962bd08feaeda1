/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How a disk is named to qemu: never a bare file name that qemu would
 * probe and follow, but a json: description with the format fixed and no
 * backing file, optionally a byte range of a larger file (an OVA member). */
#ifndef V2V_DISK_SPEC_H
#define V2V_DISK_SPEC_H

#include <stdint.h>

/* json:{"driver":FMT,"backing":null,"file":...} for FILE (absolute), or
 * for SIZE bytes at OFFSET in it when SIZE is not 0. */
char *qemu_disk_spec(const char *file, const char *fmt, uint64_t offset,
                     uint64_t size);

#endif
