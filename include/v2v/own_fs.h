/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filesystems on one guest's own disks (partitions, whole disks and the
 * logical volumes whose physical volumes all lie there), with what fstab
 * may name them by. With several guests in the appliance, this is what
 * keeps a guest's root and mount points on its own disks. */
#ifndef V2V_OWN_FS_H
#define V2V_OWN_FS_H

#include <stdbool.h>

#include "v2v/fstab.h"
#include "v2v/strlist.h"

struct session;

struct own_fs {
  struct guest_fs *v;
  size_t n;
  strlist strings; /* what the entries point into */
};

/* Reads them from the appliance (after the disk layouts are inspected). */
void own_fs_collect(struct session *s, struct own_fs *t);
/* Whether DEVICE (an appliance device, as inspection names roots) is one
 * of them. */
bool own_fs_has(const struct own_fs *t, const char *device);
void own_fs_free(struct own_fs *t);

/* The guest's own name for disk DISK, partition PART: "/dev/sdb1" for the
 * second disk's first partition (as it would be were it alone). */
char *own_fs_relative_name(int disk, int part);

#endif
