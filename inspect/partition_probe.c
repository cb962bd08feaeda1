/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/partition_probe.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* The OEM ID after the 3-byte jump: mkntfs and Windows both write it. */
#define OEM_OFFSET 3
#define NTFS_OEM "NTFS    "
/* FAT's BPB names its type: at 0x36 on FAT12/16, at 0x52 on FAT32. */
#define FAT16_TYPE_OFFSET 0x36
#define FAT32_TYPE_OFFSET 0x52
#define SECTOR 512
#define GPT_MSR "E3C9E316-0B5C-4DB8-817D-F92DF00215AE"

static bool is_fat(const unsigned char *b, size_t len)
{
  if (len < SECTOR || b[SECTOR - 2] != 0x55 || b[SECTOR - 1] != 0xAA)
    return false;
  return memcmp(b + FAT32_TYPE_OFFSET, "FAT32   ", 8) == 0 ||
         memcmp(b + FAT16_TYPE_OFFSET, "FAT12   ", 8) == 0 ||
         memcmp(b + FAT16_TYPE_OFFSET, "FAT16   ", 8) == 0;
}

const char *fstype_from_boot_sector(const unsigned char *boot, size_t len)
{
  if (len >= OEM_OFFSET + 8 && memcmp(boot + OEM_OFFSET, NTFS_OEM, 8) == 0)
    return "ntfs";
  return is_fat(boot, len) ? "vfat" : NULL;
}

bool partition_never_formatted(const struct partition *p)
{
  return strcasecmp(p->gpt_type, GPT_MSR) == 0;
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
