/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GRUB's boot sectors, recognised by their layout (doc/linux-boot.md):
 * both GRUB 2's boot.img and GRUB legacy's stage1 print "GRUB " and keep
 * their parameters after the BIOS parameter block, which ends at 0x5A in
 * GRUB 2 (room for a FAT32 BPB: then the core image's load address
 * 0x8000) and at 0x3E in legacy (then its version, 3.2); they also say
 * in different places where the next stage is. */
#include "v2v/boot_sector.h"

#include <string.h>

#include "v2v/byteorder.h"

#define BOOT_CODE_BYTES 440   /* then the disk signature at 0x1B8 */
#define GRUB2_LOAD_ADDRESS 0x5A /* 16 bits, after GRUB 2's BPB */
#define LEGACY_VERSION 0x3E     /* 2 bytes, after GRUB legacy's BPB */
#define GRUB2_KERNEL_SECTOR 0x5C
#define LEGACY_STAGE2_SECTOR 0x44
#define DISKBOOT_LIST (SECTOR_BYTES - 12) /* start (8), count (2), seg (2) */

static bool holds(const uint8_t *buf, size_t len, const char *text)
{
  size_t n = strlen(text) + 1; /* with its NUL, as the code stores it */
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(buf + i, text, n) == 0)
      return true;
  return false;
}

enum boot_code boot_code_of(const uint8_t *mbr, size_t len)
{
  if (len < SECTOR_BYTES)
    return BOOTCODE_NONE;
  size_t zero = 0;
  while (zero < BOOT_CODE_BYTES && mbr[zero] == 0)
    zero++;
  if (zero == BOOT_CODE_BYTES)
    return BOOTCODE_NONE;
  if (mbr[0] == 0xEB && holds(mbr, BOOT_CODE_BYTES, "GRUB ")) {
    if (mbr[GRUB2_LOAD_ADDRESS] == 0x00 && mbr[GRUB2_LOAD_ADDRESS + 1] == 0x80)
      return BOOTCODE_GRUB2;
    if (mbr[LEGACY_VERSION] == 3 && mbr[LEGACY_VERSION + 1] == 2)
      return BOOTCODE_GRUB_LEGACY;
  }
  return BOOTCODE_OTHER;
}

uint64_t boot_code_next_sector(const uint8_t *mbr, enum boot_code code)
{
  if (code == BOOTCODE_GRUB2)
    return le64(mbr + GRUB2_KERNEL_SECTOR);
  if (code == BOOTCODE_GRUB_LEGACY)
    return le32(mbr + LEGACY_STAGE2_SECTOR);
  return 0;
}

bool boot_code_next_stage_at(const uint8_t *sector, size_t len, uint64_t lba,
                             enum boot_code code)
{
  if (len < SECTOR_BYTES || !lba)
    return false;
  if (code == BOOTCODE_GRUB2)
    return holds(sector, DISKBOOT_LIST, "loading") &&
           le64(sector + DISKBOOT_LIST) == lba + 1 &&
           (sector[DISKBOOT_LIST + 8] | sector[DISKBOOT_LIST + 9]) != 0;
  if (code == BOOTCODE_GRUB_LEGACY)
    return holds(sector, SECTOR_BYTES, "Loading stage1.5") ||
           holds(sector, SECTOR_BYTES, "Loading stage2");
  return false;
}
