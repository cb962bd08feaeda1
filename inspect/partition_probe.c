/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/partition_probe.h"

#include <stdbool.h>
#include <string.h>

/* The OEM ID after the 3-byte jump: mkntfs and Windows both write it. */
#define OEM_OFFSET 3
#define NTFS_OEM "NTFS    "

const char *fstype_from_boot_sector(const unsigned char *boot, size_t len)
{
  if (len < OEM_OFFSET + 8 || memcmp(boot + OEM_OFFSET, NTFS_OEM, 8) != 0)
    return NULL;
  return "ntfs";
}

static bool is_ntfs(const struct partition *p)
{
  return p->fstype && strcmp(p->fstype, "ntfs") == 0;
}

size_t windows_root_candidates(const struct disk *d, size_t *order)
{
  size_t n = 0;
  for (int small = 0; small < 2; small++)
    for (size_t i = 0; i < d->nparts; i++)
      if (is_ntfs(&d->parts[i]) &&
          (d->parts[i].size < SMALL_PARTITION_BYTES) == (small == 1))
        order[n++] = i;
  return n;
}
