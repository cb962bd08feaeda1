/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/partition_table.h"

#include <stdlib.h>
#include <string.h>

#include "v2v/bcd.h"
#include "v2v/strlist.h"
#include "v2v/byteorder.h"

#define SECTOR 512

static bool has_mbr(const uint8_t *b, size_t len)
{
  return len >= SECTOR && b[510] == 0x55 && b[511] == 0xAA;
}

static bool is_protective(const uint8_t *b)
{
  for (int i = 0; i < 4; i++)
    if (b[0x1BE + 16 * i + 4] == 0xEE)
      return true;
  return false;
}

static bool has_gpt(const uint8_t *b, size_t len)
{
  return has_mbr(b, len) && is_protective(b) && len >= 2 * SECTOR &&
         memcmp(b + SECTOR, "EFI PART", 8) == 0;
}

static struct partition *add_part(struct disk *d, int num, const char *device)
{
  d->parts = xrealloc(d->parts, (d->nparts + 1) * sizeof *d->parts);
  struct partition *p = &d->parts[d->nparts++];
  memset(p, 0, sizeof *p);
  p->num = num;
  p->device = xasprintf("%s%d", device, num);
  p->mbr_type = -1;
  p->fstype = xstrdup("");
  return p;
}

static bool is_extended(int type)
{
  return type == 0x05 || type == 0x0F || type == 0x85;
}

int partition_table_parse(const uint8_t *b, size_t len, const char *device,
                          struct disk *d)
{
  if (!has_mbr(b, len))
    return -1;
  if (has_gpt(b, len)) {
    const uint8_t *h = b + SECTOR;
    uint64_t entries_lba = le64(h + 72);
    uint32_t count = le32(h + 80), size = le32(h + 84);
    d->style = PART_GPT;
    guid_format(h + 56, d->gpt_guid);
    for (uint32_t i = 0; i < count && size >= 128; i++) {
      uint64_t off = entries_lba * SECTOR + (uint64_t)i * size;
      if (off + 128 > len)
        return 1; /* entries beyond what was read */
      const uint8_t *e = b + off;
      static const uint8_t zero[16];
      if (memcmp(e, zero, 16) == 0)
        continue; /* unused slot; Linux numbers partitions by slot */
      struct partition *p = add_part(d, (int)i + 1, device);
      guid_format(e, p->gpt_type);
      guid_format(e + 16, p->gpt_guid);
      p->start = le64(e + 32) * SECTOR;
      p->size = (le64(e + 40) - le64(e + 32) + 1) * SECTOR;
    }
    return 0;
  }
  d->style = PART_MBR;
  d->mbr_signature = le32(b + 0x1B8);
  int r = 0;
  for (int i = 0; i < 4; i++) {
    const uint8_t *e = b + 0x1BE + 16 * i;
    if (e[4] == 0)
      continue;
    if (is_extended(e[4]))
      r = 1; /* logical partitions live in a chain elsewhere on disk */
    struct partition *p = add_part(d, i + 1, device);
    p->mbr_type = e[4];
    p->bootable = e[0] == 0x80;
    p->start = (uint64_t)le32(e + 8) * SECTOR;
    p->size = (uint64_t)le32(e + 12) * SECTOR;
  }
  return r;
}

uint64_t partition_table_extent(const uint8_t *b, size_t len)
{
  if (!has_mbr(b, len))
    return 0;
  if (has_gpt(b, len)) /* the backup header is the disk's last sector */
    return (le64(b + SECTOR + 32) + 1) * SECTOR;
  uint64_t end = 0;
  for (int i = 0; i < 4; i++) {
    const uint8_t *e = b + 0x1BE + 16 * i;
    uint64_t last = ((uint64_t)le32(e + 8) + le32(e + 12)) * SECTOR;
    if (e[4] && last > end)
      end = last;
  }
  return end;
}
