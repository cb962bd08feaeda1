/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "v2v/guest.h"

const char *pv_kind_name(enum pv_kind k)
{
  static const char *const names[] = {
      [PV_SERVICE] = "service",
      [PV_FILTER] = "filter",
      [PV_UNPLUG] = "unplug",
      [PV_START_OVERRIDE] = "start-override",
      [PV_CDD] = "critical-device",
      [PV_CLASS_INSTANCE] = "class-instance",
      [PV_DRIVER_DB] = "driver-database",
      [PV_INF_FILE] = "inf-file",
      [PV_REPO_DIR] = "driver-store",
      [PV_UNINSTALL] = "uninstall-entry",
  };
  return names[k];
}

const char *pv_vendor_name(enum pv_vendor v)
{
  return v == PV_XEN ? "xen" : v == PV_VMWARE ? "vmware" : NULL;
}

const char *pv_vendor_label(enum pv_vendor v)
{
  return v == PV_XEN ? "Xen" : v == PV_VMWARE ? "VMware Tools" : "?";
}

const char *hive_id_name(enum hive_id h)
{
  static const char *const names[] = {"SYSTEM", "SOFTWARE", "DRIVERS", "BCD"};
  return h < HIVE_COUNT ? names[h] : "?";
}

const char *guest_arch_name(const struct guest *g)
{
  /* libguestfs says i386 for any 32-bit x86; libvirt, OpenStack and osinfo
   * call what these guests need i686. */
  return g->arch && strcmp(g->arch, "i386") == 0 ? "i686" : g->arch;
}

const char *firmware_name(enum firmware f)
{
  return f == FW_BIOS ? "bios" : f == FW_UEFI ? "uefi" : "unknown";
}

const char *virtio_mod_name(enum virtio_mod m)
{
  static const char *const names[] = {"virtio_pci", "virtio_blk",
                                      "virtio_scsi", "virtio_net"};
  return m < VIRTIO_MOD_COUNT ? names[m] : "?";
}

const char *kmod_state_name(enum kmod_state k)
{
  return k == KMOD_BUILTIN ? "built-in" : k == KMOD_MODULE ? "module" : "absent";
}

const char *initramfs_tool_name(enum initramfs_tool t)
{
  static const char *const names[] = {"none", "update-initramfs", "dracut",
                                      "mkinitrd"};
  return names[t];
}

const char *boot_code_name(enum boot_code c)
{
  static const char *const names[] = {"none", "grub2", "grub-legacy",
                                      "other"};
  return names[c];
}

const char *bootloader_name(enum bootloader b)
{
  return b == BOOT_GRUB2 ? "grub2" : b == BOOT_GRUB_LEGACY ? "grub-legacy"
                                                           : "unknown";
}

static void linux_info_free(struct linux_info *l)
{
  linux_kernels_free(l);
  free(l->family);
  free(l->boot_config);
  free(l->grub_mkconfig);
  free(l->loader_found);
  free(l->grub_install);
  strlist_free(&l->mounts);
  strlist_free(&l->fs_uuids);
}

void linux_kernels_free(struct linux_info *l)
{
  for (size_t i = 0; i < l->nkernels; i++) {
    free(l->kernels[i].version);
    free(l->kernels[i].vmlinuz);
    free(l->kernels[i].initrd);
  }
  free(l->kernels);
  l->kernels = NULL;
  l->nkernels = 0;
}

void guest_free_windows_scan(struct guest *g)
{
  for (size_t i = 0; i < g->npv; i++) {
    struct pv_finding *f = &g->pv[i];
    free(f->key);
    free(f->value);
    free(f->path);
    free(f->name);
    free(f->detail);
  }
  free(g->pv);
  g->pv = NULL;
  g->npv = 0;
  for (size_t i = 0; i < g->npackages; i++) {
    struct driver_package *p = &g->packages[i];
    free(p->path);
    free(p->inf_name);
    free(p->pnf_path);
    free(p->provider);
    free(p->catalog);
    free(p->class_name);
    free(p->driver_ver);
  }
  free(g->packages);
  g->packages = NULL;
  g->npackages = 0;
  strlist_free(&g->virtio_drivers);
  strlist_free(&g->bcd_problems);
}

void disk_free(struct disk *d)
{
  for (size_t i = 0; i < d->nparts; i++) {
    free(d->parts[i].device);
    free(d->parts[i].fstype);
  }
  free(d->parts);
  free(d->device);
  memset(d, 0, sizeof *d);
}

void guest_free(struct guest *g)
{
  guest_free_windows_scan(g);
  linux_info_free(&g->linux_os);
  free(g->root);
  free(g->os_type);
  free(g->distro);
  free(g->product_name);
  free(g->product_variant);
  free(g->edition);
  free(g->arch);
  free(g->hostname);
  free(g->systemroot);
  free(g->control_set);
  free(g->system_partition);
  free(g->bcd_path);
  free(g->bcd_target);
  strlist_free(&g->control_sets);
  strlist_free(&g->refusals);
  strlist_free(&g->warnings);
  disk_free(&g->disk);
  for (size_t i = 0; i < g->nmore_disks; i++)
    disk_free(&g->more_disks[i]);
  free(g->more_disks);
  memset(g, 0, sizeof *g);
}
