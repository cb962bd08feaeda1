/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Whether the firmware of a KVM machine finds a boot loader on a Linux
 * guest's disk. On Xen, pygrub read the guest's grub.cfg/menu.lst from
 * its filesystem and nothing had to be in the MBR: such a guest does not
 * boot on KVM until its own GRUB is installed (linux-bootloader).
 * BIOS: the first sector's code and the stage it loads; UEFI: a loader in
 * the ESP. Also which GRUB 2 installer the guest has. */
#include "v2v/linux_inspect.h"

#include <stdlib.h>
#include <string.h>

#include "v2v/boot_sector.h"
#include "v2v/session.h"

#define GPT_BIOS_BOOT "21686148-6449-6E6F-744E-656564454649"
#define GRUB2_PC_MODULES "/usr/lib/grub/i386-pc"

static const struct partition *bios_boot_partition(const struct disk *d)
{
  for (size_t i = 0; d->style == PART_GPT && i < d->nparts; i++)
    if (!strcmp(d->parts[i].gpt_type, GPT_BIOS_BOOT))
      return &d->parts[i];
  return NULL;
}

static uint8_t *read_sector(struct session *s, uint64_t lba, size_t *n)
{
  guestfs_push_error_handler(s->g, NULL, NULL);
  char *buf = guestfs_pread_device(s->g, s->guest.disk.device, SECTOR_BYTES,
                                   (int64_t)(lba * SECTOR_BYTES), n);
  guestfs_pop_error_handler(s->g);
  if (!buf)
    *n = 0;
  return (uint8_t *)buf;
}

/* Where LBA lies, in words. */
static char *place_of(const struct disk *d, uint64_t lba)
{
  const struct partition *bb = bios_boot_partition(d);
  uint64_t at = lba * SECTOR_BYTES, first = UINT64_MAX;
  if (bb && at >= bb->start && at < bb->start + bb->size)
    return xasprintf("sector %llu, in the BIOS boot partition %s",
                     (unsigned long long)lba, bb->device);
  for (size_t i = 0; i < d->nparts; i++)
    if (d->parts[i].start < first)
      first = d->parts[i].start;
  return xasprintf("sector %llu%s", (unsigned long long)lba,
                   at < first ? ", between the MBR and the first partition"
                              : "");
}

static void look_bios(struct session *s)
{
  struct linux_info *l = &s->guest.linux_os;
  size_t n;
  uint8_t *mbr = read_sector(s, 0, &n);
  l->boot_code = boot_code_of(mbr, n);
  static const char *const stage[] = {[BOOTCODE_GRUB2] = "core image",
                                      [BOOTCODE_GRUB_LEGACY] = "stage 1.5/2"};
  static const char *const loader[] = {[BOOTCODE_GRUB2] = "GRUB 2",
                                       [BOOTCODE_GRUB_LEGACY] = "GRUB legacy"};
  switch (l->boot_code) {
  case BOOTCODE_NONE:
    l->loader_installed = false;
    l->loader_found = xstrdup("no boot code in the MBR (pygrub or Xen "
                              "loaded the kernel)");
    break;
  case BOOTCODE_OTHER:
    l->loader_installed = true;
    l->loader_found = xstrdup("boot code of a loader other than GRUB in the "
                              "MBR: left as it is");
    break;
  case BOOTCODE_GRUB2:
  case BOOTCODE_GRUB_LEGACY: {
    uint64_t lba = boot_code_next_sector(mbr, l->boot_code);
    size_t m;
    uint8_t *next = lba ? read_sector(s, lba, &m) : NULL;
    l->loader_installed =
        next && boot_code_next_stage_at(next, m, lba, l->boot_code);
    char *where = place_of(&s->guest.disk, lba);
    l->loader_found =
        l->loader_installed
            ? xasprintf("%s: boot code in the MBR, %s at %s",
                        loader[l->boot_code], stage[l->boot_code], where)
            : xasprintf("%s boot code in the MBR, but no %s at %s where it "
                        "points", loader[l->boot_code], stage[l->boot_code],
                        where);
    free(where);
    free(next);
    break;
  }
  }
  free(mbr);
}

static bool has_efi_loader(struct session *s, strlist *found)
{
  static const char *const globs[] = {"/boot/efi/EFI/*/*.efi",
                                      "/boot/efi/EFI/*/*.EFI"};
  for (size_t g = 0; g < 2; g++) {
    guestfs_push_error_handler(s->g, NULL, NULL);
    char **paths = guestfs_glob_expand(s->g, globs[g]);
    guestfs_pop_error_handler(s->g);
    for (size_t i = 0; paths && paths[i]; i++)
      strlist_add(found, paths[i] + strlen("/boot/efi/"));
    strv_free(paths);
  }
  return found->n > 0;
}

static bool mounted(const struct linux_info *l, const char *point)
{
  size_t n = strlen(point);
  for (size_t i = 0; i < l->mounts.n; i++)
    if (!strncmp(l->mounts.v[i], point, n) && l->mounts.v[i][n] == ' ')
      return true;
  return false;
}

static void look_uefi(struct session *s)
{
  struct linux_info *l = &s->guest.linux_os;
  if (!mounted(l, "/boot/efi")) {
    l->loader_installed = true; /* not ours to judge */
    l->loader_found = xstrdup("UEFI: the guest does not mount its ESP at "
                              "/boot/efi: its loader is not checked");
    return;
  }
  strlist found = {0};
  l->loader_installed = has_efi_loader(s, &found);
  char *list = strv_join(found.v, ", ", "");
  l->loader_found = l->loader_installed
                        ? xasprintf("UEFI: loaders in the ESP: %s", list)
                        : xstrdup("UEFI: no loader (EFI/*/*.efi) in the ESP");
  free(list);
  strlist_free(&found);
}

/* GRUB 2's installer and its BIOS modules (grub-pc-bin on Debian,
 * grub2-pc-modules on RHEL); grub legacy's grub-install has no
 * i386-pc modules and is not taken. */
static char *find_grub_install(struct session *s)
{
  static const char *const tools[] = {"/usr/sbin/grub2-install",
                                      "/sbin/grub2-install",
                                      "/usr/sbin/grub-install",
                                      "/sbin/grub-install"};
  if (!guest_is_file(s, GRUB2_PC_MODULES "/boot.img"))
    return NULL;
  for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
    if (guest_is_file(s, tools[i]))
      return xasprintf("%s --target=i386-pc %s", strrchr(tools[i], '/') + 1,
                       s->guest.disk.device);
  return NULL;
}

void inspect_linux_loader(struct session *s)
{
  struct linux_info *l = &s->guest.linux_os;
  free(l->loader_found);
  free(l->grub_install);
  l->loader_found = NULL;
  l->grub_install = NULL;
  if (s->guest.disk.style == PART_NONE) {
    l->boot_code = BOOTCODE_NONE;
    l->loader_installed = false;
    l->loader_found = xstrdup("no partition table: the filesystem fills the "
                              "whole disk");
    return;
  }
  if (s->guest.firmware == FW_UEFI)
    look_uefi(s);
  else
    look_bios(s);
  l->grub_install = find_grub_install(s);
}

void linux_refuse_no_loader(struct guest *g)
{
  const struct linux_info *l = &g->linux_os;
  if (l->loader_installed)
    return;
  if (g->disk.style == PART_NONE)
    strlist_addf(&g->refusals, "the disk has no partition table (the "
                 "filesystem %s fills it, as pygrub could boot it on Xen): "
                 "there is no room for a boot loader; copy the filesystem "
                 "into a partition of a new disk first", g->root);
  else if (g->firmware == FW_UEFI)
    strlist_addf(&g->refusals, "%s: reinstall the guest's EFI boot loader "
                 "(shim/grub-efi) before converting", l->loader_found);
  else if (!l->grub_install)
    strlist_addf(&g->refusals, "%s, and the guest has no GRUB 2 to install "
                 "(grub-install or grub2-install with " GRUB2_PC_MODULES
                 "): install grub-pc (Debian) or grub2-pc (RHEL) in it "
                 "first", l->loader_found);
  else if (l->bootloader != BOOT_GRUB2 || !l->grub_mkconfig)
    strlist_addf(&g->refusals, "%s, and no GRUB 2 configuration to boot "
                 "(a grub.cfg and grub-mkconfig): run update-grub or "
                 "grub2-mkconfig in the guest first", l->loader_found);
  else if (g->disk.style == PART_GPT && !bios_boot_partition(&g->disk))
    strlist_addf(&g->refusals, "%s, and the GPT disk has no BIOS boot "
                 "partition to hold GRUB's core image", l->loader_found);
}
