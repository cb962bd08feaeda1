/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Linux guests: mounts the root at "/" with the guest's own mount points
 * (so that its tools can run chrooted there), then finds the kernels and
 * what each has of virtio, the boot loader and the initramfs tool. */
#include "v2v/linux_inspect.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/fstab.h"
#include "v2v/guest_files.h"
#include "v2v/linux_text.h"
#include "v2v/log.h"
#include "v2v/session.h"

static const char *const virtio_symbols[VIRTIO_MOD_COUNT] = {
    [VIRTIO_PCI] = "VIRTIO_PCI", [VIRTIO_BLK] = "VIRTIO_BLK",
    [VIRTIO_SCSI] = "SCSI_VIRTIO", [VIRTIO_NET] = "VIRTIO_NET"};

static const char *family_of(const char *distro)
{
  static const char *const map[][2] = {
      {"debian", "debian"},        {"ubuntu", "debian"},
      {"linuxmint", "debian"},     {"rhel", "rhel"},
      {"centos", "rhel"},          {"fedora", "rhel"},
      {"rocky", "rhel"},           {"almalinux", "rhel"},
      {"oraclelinux", "rhel"},     {"scientificlinux", "rhel"},
      {"redhat-based", "rhel"},    {"sles", "suse"},
      {"opensuse", "suse"},        {"suse-based", "suse"}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcmp(distro, map[i][0]) == 0)
      return map[i][1];
  return distro;
}

static int by_length(const void *a, const void *b)
{
  const struct fstab_entry *x = a, *y = b;
  return (int)strlen(x->mountpoint) - (int)strlen(y->mountpoint);
}

/* The root at "/", then the mount points of the guest's fstab (resolved
 * on its own disks only), shortest first. */
static int mount_all(struct session *s, const struct own_fs *fs)
{
  struct guest *g = &s->guest;
  guest_files_changed(s); /* and unknown again once this is done: */
  if (guestfs_mount(s->g, g->root, "/") == -1) {
    error_msg("cannot mount the root filesystem %s: %s", g->root,
              guestfs_last_error(s->g));
    return -1;
  }
  strlist_addf(&g->linux_os.mounts, "/ %s", g->root);
  char *text = guest_read_text(s, "/etc/fstab");
  struct fstab_entry *e = NULL;
  size_t n = 0;
  fstab_parse(text ? text : "", &e, &n);
  free(text);
  /* Stable: of two equal lengths, the file's order. */
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && by_length(&e[j - 1], &e[j]) > 0; j--) {
      struct fstab_entry t = e[j];
      e[j] = e[j - 1];
      e[j - 1] = t;
    }
  for (size_t i = 0; i < n; i++) {
    const char *dev = fstab_resolve(e[i].spec, fs->v, fs->n);
    /* A disk not converted with this one is reported, not fatal; nothing
     * is created in the guest to mount on. */
    guestfs_push_error_handler(s->g, NULL, NULL);
    int r = dev && guestfs_is_dir(s->g, e[i].mountpoint) > 0
                ? guestfs_mount(s->g, dev, e[i].mountpoint)
                : -1;
    guestfs_pop_error_handler(s->g);
    if (r == 0)
      strlist_addf(&g->linux_os.mounts, "%s %s", e[i].mountpoint, dev);
    else if (!dev)
      strlist_addf(&g->warnings, "cannot mount %s on %s (from the guest's "
                   "fstab): not on the disks given; its files are not "
                   "checked", e[i].spec, e[i].mountpoint);
    else
      strlist_addf(&g->warnings, "cannot mount %s (%s) on %s (from the "
                   "guest's fstab): its files are not checked", e[i].spec,
                   dev, e[i].mountpoint);
  }
  fstab_free(e, n);
  guest_files_changed(s);
  return 0;
}

/* "sdb1 UUID": each filesystem's UUID under the name the guest's own disk
 * order gives it, for the device-name rewrites (linux_text.h). */
static void read_fs_uuids(struct session *s, const struct own_fs *fs)
{
  struct guest *g = &s->guest;
  for (size_t i = 0; i < fs->n; i++) {
    if (fs->v[i].disk < 0 || !fs->v[i].uuid)
      continue;
    char *name = own_fs_relative_name(fs->v[i].disk, fs->v[i].part);
    strlist_addf(&g->linux_os.fs_uuids, "%s %s", name, fs->v[i].uuid);
    free(name);
  }
}

/* Kernel releases are put into shell commands: only the usual characters. */
static bool plain_release(const char *r)
{
  return *r && strspn(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "0123456789._+-~") == strlen(r);
}

static char *find_initrd(struct session *s, const char *release)
{
  /* Debian, dracut, SUSE / RHEL 5 */
  static const char *const forms[][2] = {{"/boot/initrd.img-", ""},
                                         {"/boot/initramfs-", ".img"},
                                         {"/boot/initrd-", ".img"},
                                         {"/boot/initrd-", ""}};
  for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
    char *p = xasprintf("%s%s%s", forms[i][0], release, forms[i][1]);
    if (guest_is_file(s, p))
      return p;
    free(p);
  }
  return NULL;
}

static void read_kernel(struct session *s, const char *release)
{
  struct linux_info *l = &s->guest.linux_os;
  l->kernels = xrealloc(l->kernels, (l->nkernels + 1) * sizeof *l->kernels);
  struct linux_kernel *k = &l->kernels[l->nkernels++];
  memset(k, 0, sizeof *k);
  k->version = xstrdup(release);
  k->vmlinuz = xasprintf("/boot/vmlinuz-%s", release);
  k->initrd = find_initrd(s, release);
  k->xen_only = kernel_is_xen_only(release);
  char *p = xasprintf("/boot/config-%s", release);
  char *config = guest_read_text(s, p);
  free(p);
  p = xasprintf("/lib/modules/%s/modules.builtin", release);
  char *builtin = guest_read_text(s, p);
  free(p);
  p = xasprintf("/lib/modules/%s/modules.dep", release);
  char *dep = guest_read_text(s, p);
  free(p);
  if (!config && !builtin && !dep)
    strlist_addf(&s->guest.warnings, "kernel %s: no config or module list "
                 "found: its virtio drivers are unknown", release);
  for (int m = 0; m < VIRTIO_MOD_COUNT; m++)
    k->virtio[m] = kmod_state_of(config, builtin, dep, virtio_symbols[m],
                                 virtio_mod_name((enum virtio_mod)m));
  free(config);
  free(builtin);
  free(dep);
}

static void find_kernels(struct session *s)
{
  linux_kernels_free(&s->guest.linux_os);
  char **names = guestfs_ls(s->g, "/boot");
  for (size_t i = 0; names && names[i]; i++) {
    if (strncmp(names[i], "vmlinuz-", 8) != 0)
      continue;
    const char *release = names[i] + 8;
    if (!plain_release(release)) {
      strlist_addf(&s->guest.warnings, "ignoring /boot/%s: unusual name",
                   names[i]);
      continue;
    }
    read_kernel(s, release);
  }
  strv_free(names);
}

static const char *first_file(struct session *s, const char *const *paths)
{
  for (int i = 0; paths[i]; i++)
    if (guest_is_file(s, paths[i]))
      return paths[i];
  return NULL;
}

/* On UEFI, the grub.cfg in the ESP (/boot/efi/EFI/VENDOR/grub.cfg) when it
 * holds the boot entries itself; NULL when there is none or it is a stub
 * that hands over to /boot/grub2/grub.cfg (Debian, RHEL 9). */
static char *esp_grub_cfg(struct session *s)
{
  guestfs_push_error_handler(s->g, NULL, NULL);
  char **cfgs = guestfs_glob_expand(s->g, "/boot/efi/EFI/*/grub.cfg");
  guestfs_pop_error_handler(s->g);
  char *found = NULL;
  for (size_t i = 0; cfgs && cfgs[i] && !found; i++) {
    char *text = guest_read_text(s, cfgs[i]);
    if (text && !grub_cfg_is_stub(text))
      found = xstrdup(cfgs[i]);
    free(text);
  }
  strv_free(cfgs);
  return found;
}

static void find_boot_tools(struct session *s)
{
  struct linux_info *l = &s->guest.linux_os;
  static const char *const grub2_cfgs[] = {"/boot/grub/grub.cfg",
                                           "/boot/grub2/grub.cfg", NULL};
  /* RHEL's grub.conf first: menu.lst and /etc/grub.conf link to it. */
  static const char *const legacy_cfgs[] = {"/boot/grub/grub.conf",
                                            "/boot/grub/menu.lst", NULL};
  /* RHEL 7 and 8 on UEFI: the ESP's grub.cfg holds the entries. */
  char *esp_cfg = s->guest.firmware == FW_UEFI ? esp_grub_cfg(s) : NULL;
  const char *cfg = esp_cfg ? esp_cfg : first_file(s, grub2_cfgs);
  if (cfg) {
    l->bootloader = BOOT_GRUB2;
    l->boot_config = xstrdup(cfg);
    if (guest_is_file(s, "/usr/sbin/update-grub") && !strcmp(cfg, grub2_cfgs[0]))
      l->grub_mkconfig = xstrdup("update-grub");
    else if (guest_is_file(s, "/usr/sbin/grub2-mkconfig") ||
             guest_is_file(s, "/sbin/grub2-mkconfig"))
      l->grub_mkconfig = xasprintf("grub2-mkconfig -o %s", cfg);
    else if (guest_is_file(s, "/usr/sbin/grub-mkconfig"))
      l->grub_mkconfig = xasprintf("grub-mkconfig -o %s", cfg);
  } else if ((cfg = first_file(s, legacy_cfgs))) {
    /* Edited in place: the file itself, not a link to it (written
     * through, the link would become a file of its own). */
    l->bootloader = BOOT_GRUB_LEGACY;
    l->boot_config = guestfs_is_symlink(s->g, cfg) > 0
                         ? guestfs_realpath(s->g, cfg)
                         : NULL;
    if (!l->boot_config)
      l->boot_config = xstrdup(cfg);
  }
  free(esp_cfg);
  char **entries = guestfs_is_dir(s->g, "/boot/loader/entries") > 0
                       ? guestfs_ls(s->g, "/boot/loader/entries")
                       : NULL;
  l->bls = entries && entries[0];
  strv_free(entries);

  static const char *const update_initramfs[] = {"/usr/sbin/update-initramfs",
                                                 "/sbin/update-initramfs", NULL};
  static const char *const dracut[] = {"/usr/bin/dracut", "/usr/sbin/dracut",
                                       "/sbin/dracut", NULL};
  static const char *const mkinitrd[] = {"/sbin/mkinitrd", "/usr/sbin/mkinitrd",
                                         NULL};
  l->initramfs_tool = first_file(s, update_initramfs) ? INITRAMFS_UPDATE_INITRAMFS
                      : first_file(s, dracut)         ? INITRAMFS_DRACUT
                      : first_file(s, mkinitrd)       ? INITRAMFS_MKINITRD
                                                      : INITRAMFS_NONE;
}

/* A kernel boots from a virtio disk if it has virtio-blk or virtio-scsi
 * (and the PCI transport), built in or as modules. */
bool linux_kernel_usable(const struct linux_kernel *k)
{
  return !k->xen_only && k->virtio[VIRTIO_PCI] != KMOD_ABSENT &&
         (k->virtio[VIRTIO_BLK] != KMOD_ABSENT ||
          k->virtio[VIRTIO_SCSI] != KMOD_ABSENT);
}

void linux_refuse_unbootable(struct guest *g)
{
  const struct linux_info *l = &g->linux_os;
  if (!l->nkernels) {
    strlist_add(&g->refusals, "no kernel found in /boot");
    return;
  }
  size_t xen = 0;
  for (size_t i = 0; i < l->nkernels; i++) {
    if (linux_kernel_usable(&l->kernels[i]))
      return;
    xen += l->kernels[i].xen_only;
  }
  strlist_addf(&g->refusals, "%s: install a kernel with virtio drivers "
               "before converting",
               xen == l->nkernels
                   ? "only Xen PV kernels are installed, none boots on KVM"
                   : "no installed kernel has virtio block drivers");
}

enum result inspect_linux(struct session *s, const struct own_fs *fs)
{
  struct guest *g = &s->guest;
  g->linux_os.family = xstrdup(family_of(g->distro));
  if (mount_all(s, fs) == -1)
    return RESULT_ERROR;
  read_fs_uuids(s, fs);
  find_kernels(s);
  find_boot_tools(s);
  inspect_linux_loader(s);
  linux_refuse_unbootable(g);
  linux_refuse_no_loader(g);
  return RESULT_OK;
}

/* The applied plan may have made initramfs images that did not exist
 * (a kernel that had none) and installed the boot loader: both are read
 * again for verification. */
enum result inspect_linux_rescan(struct session *s)
{
  find_kernels(s);
  inspect_linux_loader(s);
  return RESULT_OK;
}
