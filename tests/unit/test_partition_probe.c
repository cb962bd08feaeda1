/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Partitions judged before any mount: NTFS known from its boot sector as
 * mkntfs and Windows write it (BitLocker, FAT and others left to blkid),
 * and the order Windows is looked for on the layouts Windows setup and
 * operators make. */
#include <string.h>

#include "check.h"
#include "v2v/partition_probe.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static unsigned char sector[512];

/* A boot sector: the x86 jump, then the OEM ID. */
static const unsigned char *boot(unsigned char jump, const char *oem)
{
  memset(sector, 0, sizeof sector);
  sector[0] = 0xEB, sector[1] = jump, sector[2] = 0x90;
  memcpy(sector + 3, oem, 8);
  sector[510] = 0x55, sector[511] = 0xAA;
  return sector;
}

static struct partition part(const char *fstype, unsigned long long size)
{
  return (struct partition){.fstype = (char *)fstype, .size = size};
}

/* The candidates of PARTS as a string of indexes, e.g. "10". */
static const char *order_of(struct partition *parts, size_t n)
{
  static char out[16];
  size_t order[8];
  struct disk d = {.parts = parts, .nparts = n};
  size_t k = windows_root_candidates(&d, order);
  for (size_t i = 0; i < k; i++)
    out[i] = (char)('0' + order[i]);
  out[k] = '\0';
  return out;
}

int main(void)
{
  /* NTFS as mkntfs (jump 0x52) and Windows setup write it. */
  CHECK_STR(fstype_from_boot_sector(boot(0x52, "NTFS    "), 512), "ntfs");
  CHECK_STR(fstype_from_boot_sector(boot(0x52, "NTFS    "), 11), "ntfs");
  /* Too short to hold the whole OEM ID: not known. */
  CHECK(!fstype_from_boot_sector(boot(0x52, "NTFS    "), 10));
  /* FAT32 as Windows formats an ESP (OEM "MSDOS5.0", type at 0x52) and as
   * mkfs.fat does ("mkfs.fat"); FAT16 (type at 0x36). */
  boot(0x58, "MSDOS5.0");
  memcpy(sector + 0x52, "FAT32   ", 8);
  CHECK_STR(fstype_from_boot_sector(sector, 512), "vfat");
  CHECK(!fstype_from_boot_sector(sector, 511)); /* no 55 AA in reach */
  sector[511] = 0;
  CHECK(!fstype_from_boot_sector(sector, 512)); /* no boot signature */
  boot(0x3C, "mkfs.fat");
  memcpy(sector + 0x36, "FAT16   ", 8);
  CHECK_STR(fstype_from_boot_sector(sector, 512), "vfat");
  boot(0x3C, "mkfs.fat");
  memcpy(sector + 0x36, "FAT12   ", 8);
  CHECK_STR(fstype_from_boot_sector(sector, 512), "vfat");
  /* BitLocker's volume header, exFAT, a FAT-like OEM with no type: blkid
   * says. */
  CHECK(!fstype_from_boot_sector(boot(0x58, "-FVE-FS-"), 512));
  CHECK(!fstype_from_boot_sector(boot(0x76, "EXFAT   "), 512));
  CHECK(!fstype_from_boot_sector(boot(0x58, "MSDOS5.0"), 512));
  /* "NTFS" elsewhere, or lower case: not an NTFS boot sector. */
  CHECK(!fstype_from_boot_sector(boot(0x52, "ntfs    "), 512));
  memset(sector, 0, sizeof sector);
  memcpy(sector + 0x36, "NTFS    ", 8);
  CHECK(!fstype_from_boot_sector(sector, 512));
  CHECK(!fstype_from_boot_sector((const unsigned char *)"", 0));

  /* The MSR, by its GPT type (any case), and nothing else. */
  struct partition msr = {.gpt_type = "E3C9E316-0B5C-4DB8-817D-F92DF00215AE"};
  CHECK(partition_never_formatted(&msr));
  strcpy(msr.gpt_type, "e3c9e316-0b5c-4db8-817d-f92df00215ae");
  CHECK(partition_never_formatted(&msr));
  struct partition basic = {.gpt_type = "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"};
  CHECK(!partition_never_formatted(&basic));
  struct partition mbr = {.mbr_type = 0x07};
  CHECK(!partition_never_formatted(&mbr));

  /* 2008 R2 to 2019 on BIOS: System Reserved (100-500 MiB), then C:. */
  struct partition bios[] = {part("ntfs", 100 * MiB), part("ntfs", 40 * GiB)};
  CHECK_STR(order_of(bios, 2), "10");
  /* Windows 10 / 2019 on UEFI as setup lays it out: recovery first, the
   * ESP, the MSR (no filesystem), C:. */
  struct partition uefi[] = {part("ntfs", 529 * MiB), part("vfat", 100 * MiB),
                             part("", 16 * MiB), part("ntfs", 60 * GiB)};
  CHECK_STR(order_of(uefi, 4), "30");
  /* C: and a larger data volume: table order among the large ones. */
  struct partition data[] = {part("ntfs", 60 * GiB), part("ntfs", 500 * GiB)};
  CHECK_STR(order_of(data, 2), "01");
  /* All small (a test image): table order, nothing skipped. */
  struct partition tiny[] = {part("ntfs", 100 * MiB), part("ntfs", 900 * MiB)};
  CHECK_STR(order_of(tiny, 2), "01");
  /* Exactly the limit counts as large. */
  struct partition edge[] = {part("ntfs", 1 * GiB),
                             part("ntfs", SMALL_PARTITION_BYTES)};
  CHECK_STR(order_of(edge, 2), "10");
  /* Linux partitions, swap, unknown: none. */
  struct partition linux_[] = {part("ext4", 1 * GiB), part("swap", 2 * GiB),
                               part("xfs", 20 * GiB)};
  CHECK_STR(order_of(linux_, 3), "");
  return check_report("partition_probe");
}
