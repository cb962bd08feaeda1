/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /etc/fstab, resolved against the guest's own disks. libguestfs resolves
 * fstab too, but against every drive of the appliance: with several guests
 * in one appliance a /dev/xvda1 or a cloned filesystem's UUID would land on
 * another guest's disk. Pure. */
#ifndef V2V_FSTAB_H
#define V2V_FSTAB_H

#include <stddef.h>

struct fstab_entry {
  char *spec;        /* UUID=..., LABEL=..., /dev/xvda1, ... */
  char *mountpoint;  /* octal escapes (\040) decoded */
  char *fstype;
};

/* The local filesystems mounted below "/" (not "/" itself, swap, pseudo
 * or network filesystems, bind mounts), in file order. */
void fstab_parse(const char *text, struct fstab_entry **out, size_t *n);
void fstab_free(struct fstab_entry *e, size_t n);

/* One filesystem on the guest's own disks. */
struct guest_fs {
  const char *device;   /* appliance device: /dev/sdc1, /dev/VG/LV */
  const char *uuid;     /* or NULL */
  const char *label;    /* or NULL */
  const char *partuuid; /* GPT partition GUID, MBR "SSSSSSSS-NN"; or NULL */
  int disk;             /* the guest's disk index (0: boot); -1 for an LV */
  int part;             /* partition number; 0: the whole disk */
};

/* The appliance device SPEC names among FS (N of them), or NULL. Device
 * names (/dev/xvdb1, /dev/sdb1, /dev/vdb1, /dev/hdb1) count the guest's
 * own disks from "a"; UUID=, LABEL=, PARTUUID= and /dev/disk/by-* match
 * case-insensitively (UUIDs) or exactly (labels); /dev/VG/LV and
 * /dev/mapper/VG-LV name logical volumes. */
const char *fstab_resolve(const char *spec, const struct guest_fs *fs,
                          size_t n);

/* "a" -> 0, "z" -> 25, "aa" -> 26: the disk a device name's letters
 * count; -1 if LEN letters are not all a-z. */
int disk_index_of_letters(const char *letters, size_t len);

#endif
