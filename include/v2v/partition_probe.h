/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a partition is, judged before anything is mounted: from the first
 * bytes of its boot sector and from the partition table. Pure functions:
 * each mount, umount or blkid in the appliance costs a fraction of a
 * second under emulation, so these decide which ones are worth paying. */
#ifndef V2V_PARTITION_PROBE_H
#define V2V_PARTITION_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "v2v/guest.h"

/* Below this, a partition is not where Windows is installed (System
 * Reserved, recovery, OEM tools): tried last. */
#define SMALL_PARTITION_BYTES (2ULL << 30)

/* "ntfs" or "vfat" (as blkid names them) when BOOT, the first LEN bytes
 * of a partition, is an NTFS or a FAT boot sector; NULL when that cannot
 * tell (the appliance's blkid must say). */
const char *fstype_from_boot_sector(const unsigned char *boot, size_t len);

/* Whether P is a partition that never holds a filesystem: the Microsoft
 * Reserved partition (MSR) Windows makes on GPT disks. */
bool partition_never_formatted(const struct partition *p);

/* The indexes of D's NTFS partitions in the order to look for Windows:
 * those of SMALL_PARTITION_BYTES or more first, each group in table
 * order. ORDER holds D->nparts entries; returns how many were set. */
size_t windows_root_candidates(const struct disk *d, size_t *order);

#endif
