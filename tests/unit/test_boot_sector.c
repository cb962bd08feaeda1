/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Boot sectors built as GRUB 2's boot.img/diskboot.img and GRUB legacy's
 * stage1/stage1.5 lay them out (doc/linux-boot.md), other boot code and
 * none; and the refusals of guests the firmware could not boot. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "v2v/boot_sector.h"
#include "v2v/linux_inspect.h"

static uint8_t mbr[SECTOR_BYTES], next[SECTOR_BYTES];

static void put64(uint8_t *p, uint64_t v)
{
  for (int i = 0; i < 8; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

/* boot.img: jmp, load address 0x8000 at 0x5A, kernel_sector at 0x5C (as
 * Debian 12's grub-install writes it). */
static void grub2_mbr(uint64_t core)
{
  memset(mbr, 0, sizeof mbr);
  mbr[0] = 0xEB, mbr[1] = 0x63, mbr[2] = 0x90;
  mbr[0x5A] = 0x00, mbr[0x5B] = 0x80;
  put64(mbr + 0x5C, core);
  memcpy(mbr + 0x180, "GRUB \0Geom\0Hard Disk\0Read\0 Error\r\n", 35);
  mbr[0x1C2] = 0x83; /* a partition entry: not boot code */
  mbr[510] = 0x55, mbr[511] = 0xAA;
}

/* diskboot.img: "loading", then its block list in the last 12 bytes. */
static void diskboot(uint64_t start, uint16_t count)
{
  memset(next, 0, sizeof next);
  next[0] = 0x52;
  memcpy(next + 0x110, "loading\0.\0", 10);
  put64(next + 500, start);
  next[508] = (uint8_t)count, next[509] = (uint8_t)(count >> 8);
  next[510] = 0x20, next[511] = 0x08;
}

static void test_grub2(void)
{
  grub2_mbr(1);
  CHECK(boot_code_of(mbr, sizeof mbr) == BOOTCODE_GRUB2);
  CHECK(boot_code_next_sector(mbr, BOOTCODE_GRUB2) == 1);
  mbr[0x5B] = 0x00; /* no load address: not GRUB 2's */
  CHECK(boot_code_of(mbr, sizeof mbr) == BOOTCODE_OTHER);
  mbr[0x5B] = 0x80;
  diskboot(2, 105);
  CHECK(boot_code_next_stage_at(next, sizeof next, 1, BOOTCODE_GRUB2));
  /* Read elsewhere than where its list goes on: not that core image. */
  CHECK(!boot_code_next_stage_at(next, sizeof next, 2048, BOOTCODE_GRUB2));
  diskboot(2, 0); /* an empty block list */
  CHECK(!boot_code_next_stage_at(next, sizeof next, 1, BOOTCODE_GRUB2));
  memset(next, 0, sizeof next); /* the zeroed gap of a pygrub guest */
  CHECK(!boot_code_next_stage_at(next, sizeof next, 1, BOOTCODE_GRUB2));
  /* A BIOS boot partition on GPT. */
  grub2_mbr(34);
  CHECK(boot_code_next_sector(mbr, BOOTCODE_GRUB2) == 34);
  diskboot(35, 60);
  CHECK(boot_code_next_stage_at(next, sizeof next, 34, BOOTCODE_GRUB2));
  CHECK(!boot_code_next_stage_at(next, 100, 34, BOOTCODE_GRUB2));
}

static void test_legacy(void)
{
  memset(mbr, 0, sizeof mbr);
  mbr[0] = 0xEB, mbr[1] = 0x48, mbr[2] = 0x90;
  mbr[0x3E] = 3, mbr[0x3F] = 2;    /* stage1 version 3.2 */
  mbr[0x44] = 1;                   /* stage2_sector */
  memcpy(mbr + 0x17F, "GRUB \0Geom\0Hard Disk\0Read\0 Error\0", 33);
  mbr[510] = 0x55, mbr[511] = 0xAA;
  CHECK(boot_code_of(mbr, sizeof mbr) == BOOTCODE_GRUB_LEGACY);
  CHECK(boot_code_next_sector(mbr, BOOTCODE_GRUB_LEGACY) == 1);
  memset(next, 0, sizeof next);
  memcpy(next + 0x103, "Loading stage1.5\0", 17);
  CHECK(boot_code_next_stage_at(next, sizeof next, 1, BOOTCODE_GRUB_LEGACY));
  CHECK(!boot_code_next_stage_at(next, sizeof next, 1, BOOTCODE_GRUB2));
  memset(next, 0, sizeof next);
  CHECK(!boot_code_next_stage_at(next, sizeof next, 1, BOOTCODE_GRUB_LEGACY));
  /* "GRUB " with neither GRUB's parameters: someone else's code. */
  mbr[0x3E] = 0x12;
  CHECK(boot_code_of(mbr, sizeof mbr) == BOOTCODE_OTHER);
  CHECK(boot_code_next_sector(mbr, BOOTCODE_OTHER) == 0);
}

static void test_none_and_other(void)
{
  memset(mbr, 0, sizeof mbr);
  mbr[0x1B8] = 0x5E; /* disk signature and partition table only */
  mbr[0x1C2] = 0x83;
  mbr[510] = 0x55, mbr[511] = 0xAA;
  CHECK(boot_code_of(mbr, sizeof mbr) == BOOTCODE_NONE);
  CHECK(boot_code_of(mbr, 100) == BOOTCODE_NONE);
  mbr[0] = 0xFA, mbr[1] = 0x33, mbr[2] = 0xC0;
  memcpy(mbr + 0x100, "Missing operating system", 24);
  CHECK(boot_code_of(mbr, sizeof mbr) == BOOTCODE_OTHER);
}

static void test_refusals(void)
{
  struct guest g = {.root = "/dev/sda", .firmware = FW_BIOS};
  g.disk.style = PART_NONE;
  linux_refuse_no_loader(&g);
  CHECK(g.refusals.n == 1 && strstr(g.refusals.v[0], "no partition table"));
  strlist_free(&g.refusals);

  g.disk.style = PART_MBR;
  g.linux_os.loader_found = "no boot code in the MBR";
  linux_refuse_no_loader(&g);
  CHECK(g.refusals.n == 1 &&
        strstr(g.refusals.v[0], "no boot code in the MBR, and the guest has "
                                "no GRUB 2 to install"));
  strlist_free(&g.refusals);

  g.linux_os.grub_install = "grub-install --target=i386-pc /dev/sda";
  g.linux_os.bootloader = BOOT_GRUB_LEGACY; /* menu.lst only */
  linux_refuse_no_loader(&g);
  CHECK(g.refusals.n == 1 && strstr(g.refusals.v[0], "no GRUB 2 configuration"));
  strlist_free(&g.refusals);

  g.linux_os.bootloader = BOOT_GRUB2;
  g.linux_os.grub_mkconfig = "update-grub";
  linux_refuse_no_loader(&g); /* what linux-bootloader installs */
  CHECK(g.refusals.n == 0);

  g.disk.style = PART_GPT; /* and no BIOS boot partition */
  linux_refuse_no_loader(&g);
  CHECK(g.refusals.n == 1 && strstr(g.refusals.v[0], "BIOS boot partition"));
  strlist_free(&g.refusals);

  g.firmware = FW_UEFI;
  g.linux_os.loader_found = "UEFI: no loader (EFI/*/*.efi) in the ESP";
  linux_refuse_no_loader(&g);
  CHECK(g.refusals.n == 1 && strstr(g.refusals.v[0], "EFI boot loader"));
  strlist_free(&g.refusals);

  g.linux_os.loader_installed = true;
  linux_refuse_no_loader(&g);
  CHECK(g.refusals.n == 0);
}

int main(void)
{
  test_grub2();
  test_legacy();
  test_none_and_other();
  test_refusals();
  return check_report("boot_sector");
}
