/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inspection: one pass over the guest, filling s->guest. libguestfs tells
 * the OS; the hives (downloaded once to the host) tell the rest. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/bcd.h"
#include "v2v/device_policy.h"
#include "v2v/disk_layout.h"
#include "v2v/hive_copy.h"
#include "v2v/inf.h"
#include "v2v/inspect.h"
#include "v2v/linux_identify.h"
#include "v2v/linux_inspect.h"
#include "v2v/log.h"
#include "v2v/pv_scan.h"
#include "v2v/refusals.h"
#include "v2v/session.h"
#include "v2v/windows_detect.h"

#define ESP_GUID "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"

static const char *const virtio_services[] = {
    "viostor", "vioscsi", "netkvm", "balloon", "vioser", "viorng",
    "pvpanic", "vioinput", "fwcfg", "viofs", "qxldod", "viogpudo", NULL};

static const struct partition *find_esp(const struct disk *d)
{
  for (size_t i = 0; i < d->nparts; i++)
    if (!strcasecmp(d->parts[i].gpt_type, ESP_GUID) ||
        d->parts[i].mbr_type == 0xEF)
      return &d->parts[i];
  return NULL;
}

static int mount_at(struct session *s, const char *dev, const char *mnt)
{
  guest_files_changed(s);
  if (s->opts->mode == MODE_FIX)
    return guestfs_mount(s->g, dev, mnt);
  return guestfs_mount_ro(s->g, dev, mnt);
}

static void unmount(struct session *s, const char *mnt)
{
  guest_files_changed(s);
  guestfs_umount(s->g, mnt);
}

/* BIOS: the partition holding \Boot\BCD, active one first. UEFI: the ESP.
 * Leaves the partition mounted at MNT_BOOT unless it is the Windows one.
 * Without a store, remembers where one belongs: the ESP, else the active
 * partition, else the Windows one. */
static void locate_bcd(struct session *s)
{
  struct guest *g = &s->guest;
  const struct partition *esp = find_esp(&g->disk);
  const char *store = esp ? "/EFI/Microsoft/Boot/BCD" : "/Boot/BCD";
  const struct partition *fallback = esp;
  for (int pass = 0; pass < 2 && !g->bcd_path; pass++) {
    for (size_t i = 0; i < g->disk.nparts && !g->bcd_path; i++) {
      const struct partition *p = &g->disk.parts[i];
      if (esp ? p != esp : p->bootable != (pass == 0))
        continue;
      if (!fallback && p->bootable)
        fallback = p;
      bool is_root = strcmp(p->device, g->root) == 0;
      const char *mnt = is_root ? MNT_WINDOWS : MNT_BOOT;
      if (!is_root && mount_at(s, p->device, MNT_BOOT) == -1)
        continue;
      char *want = xasprintf("%s%s", mnt, store);
      g->bcd_path = guest_real_path(s, want);
      free(want);
      if (g->bcd_path)
        g->system_partition = xstrdup(p->device);
      else if (!is_root)
        unmount(s, MNT_BOOT);
    }
  }
  if (g->bcd_path) {
    g->bcd_target = xstrdup(g->bcd_path);
    return;
  }
  bool on_root = !fallback || strcmp(fallback->device, g->root) == 0;
  g->system_partition = xstrdup(on_root ? g->root : fallback->device);
  if (!on_root && mount_at(s, fallback->device, MNT_BOOT) == -1)
    return;
  char *dir = xasprintf("%s%.*s", on_root ? MNT_WINDOWS : MNT_BOOT,
                        (int)(strrchr(store, '/') - store), store);
  char *real = guest_real_path(s, dir);
  g->bcd_target = xasprintf("%s/BCD", real ? real : dir);
  free(real);
  free(dir);
}

/* The package read from PATH, added to the guest's; NULL (a warning) if
 * it cannot be read. */
static struct driver_package *read_package(
    struct session *s, const char *path, const char *inf_name,
    const struct pv_inventory invs[PV_VENDOR_COUNT])
{
  size_t len;
  char *data = guest_read_file(s, path, &len);
  if (!data) {
    strlist_addf(&s->guest.warnings, "cannot read %s: %s", path,
                 guestfs_last_error(s->g));
    return NULL;
  }
  struct guest *g = &s->guest;
  g->packages = xrealloc(g->packages, (g->npackages + 1) * sizeof *g->packages);
  struct driver_package *p = &g->packages[g->npackages++];
  memset(p, 0, sizeof *p);
  p->path = xstrdup(path);
  p->inf_name = xstrdup(inf_name);
  inf_parse_version(data, len, p);
  pv_package_classify(p, invs);
  free(data);
  return p;
}

static bool has_suffix_ci(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static bool is_oem_inf(const char *name)
{
  return strncasecmp(name, "oem", 3) == 0 && has_suffix_ci(name, ".inf");
}

static const char *find_ci(char *const *names, const char *want)
{
  for (size_t i = 0; names && names[i]; i++)
    if (strcasecmp(names[i], want) == 0)
      return names[i];
  return NULL;
}

/* Windows\INF\oemN.inf (with the .pnf beside it) and the driver store
 * folders that may hold Xen or VMware packages. Every appliance call
 * counts: one listing per folder, one read per file. */
static void read_driver_packages(struct session *s,
                                 const struct pv_inventory invs[PV_VENDOR_COUNT])
{
  char *want = xasprintf("%s%s/INF", MNT_WINDOWS, s->guest.systemroot);
  char *inf_dir = guest_real_path(s, want);
  free(want);
  char **names = inf_dir ? guestfs_ls(s->g, inf_dir) : NULL;
  strlist oem = {0};
  for (size_t i = 0; names && names[i]; i++)
    if (is_oem_inf(names[i]))
      strlist_add(&oem, names[i]);
  if (oem.n) /* their sizes in one call: then one read each */
    guest_stat_names(s, inf_dir, oem.v, oem.n);
  strlist_free(&oem);
  for (size_t i = 0; names && names[i]; i++) {
    if (!is_oem_inf(names[i]))
      continue;
    char *path = xasprintf("%s/%s", inf_dir, names[i]);
    struct driver_package *p = read_package(s, path, names[i], invs);
    free(path);
    char *pnf = xasprintf("%.*s.pnf", (int)strlen(names[i]) - 4, names[i]);
    const char *real = find_ci(names, pnf);
    if (p && real)
      p->pnf_path = xasprintf("%s/%s", inf_dir, real);
    free(pnf);
  }
  strv_free(names);
  free(inf_dir);

  want = xasprintf("%s%s/System32/DriverStore/FileRepository", MNT_WINDOWS,
                   s->guest.systemroot);
  char *repo = guest_real_path(s, want);
  free(want);
  char **dirs = repo ? guestfs_ls(s->g, repo) : NULL;
  strlist db_packages = pv_db_packages(s->hives, invs);
  for (size_t i = 0; dirs && dirs[i]; i++) {
    if (!pv_repo_candidate(dirs[i], &db_packages, invs))
      continue;
    char *dir = xasprintf("%s/%s", repo, dirs[i]);
    char **files = guestfs_ls(s->g, dir);
    for (size_t j = 0; files && files[j]; j++) {
      if (!has_suffix_ci(files[j], ".inf"))
        continue;
      char *path = xasprintf("%s/%s", dir, files[j]);
      read_package(s, path, files[j], invs);
      free(path);
    }
    strv_free(files);
    free(dir);
  }
  strlist_free(&db_packages);
  strv_free(dirs);
  free(repo);
}

static void read_version_details(struct session *s)
{
  struct guest *g = &s->guest;
  hive *sw = s->hives[HIVE_SOFTWARE];
  hive_node_h cv = hive_lookup(sw, hive_root(sw),
                               "Microsoft\\Windows NT\\CurrentVersion");
  char *build = hive_get_string(sw, cv, "CurrentBuildNumber");
  if (!build)
    build = hive_get_string(sw, cv, "CurrentBuild");
  g->build = build ? atoi(build) : 0;
  free(build);
  free(g->edition);
  g->edition = hive_get_string(sw, cv, "EditionID");

  hive *sys = s->hives[HIVE_SYSTEM];
  strlist_free(&g->control_sets);
  hive_node_h *top = hive_children(sys, hive_root(sys));
  for (size_t i = 0; top[i]; i++) {
    char *name = hive_node_name(sys, top[i]);
    if (strncasecmp(name, "ControlSet", 10) == 0 && strlen(name) == 13)
      strlist_take(&g->control_sets, name);
    else
      free(name);
  }
  free(top);

  hive_node_h services = hive_lookup(sys, hive_root(sys), g->control_set);
  services = services ? hive_lookup(sys, services, "Services") : 0;
  for (int i = 0; services && virtio_services[i]; i++) {
    hive_node_h svc = hive_lookup(sys, services, virtio_services[i]);
    uint32_t start = 0;
    if (!svc)
      continue;
    if (hive_get_dword(sys, svc, "Start", &start) == 0)
      strlist_addf(&g->virtio_drivers, "%s (Start=%u)", virtio_services[i],
                   start);
    else
      strlist_addf(&g->virtio_drivers, "%s", virtio_services[i]);
  }
}

/* A hive that a walk found damaged (a parent loop, unreadable names) is
 * not planned on: what was found in it cannot be trusted. */
static enum result refuse_corrupt_hives(struct session *s)
{
  for (int i = 0; i < HIVE_COUNT; i++) {
    const char *why = s->hives[i] ? hive_corruption(s->hives[i]) : NULL;
    if (why) {
      error_msg("the %s registry hive of %s is damaged: %s", hive_id_name(i),
                s->opts->image, why);
      return RESULT_ERROR;
    }
  }
  return RESULT_OK;
}

enum result inspect_windows_rescan(struct session *s)
{
  struct guest *g = &s->guest;
  guest_free_windows_scan(g);
  char *cfg = xasprintf("%s%s/System32/config", MNT_WINDOWS, g->systemroot);
  static const char *const names[] = {"SYSTEM", "SOFTWARE", "DRIVERS"};
  for (int i = HIVE_SYSTEM; i <= HIVE_DRIVERS; i++) {
    char *want = xasprintf("%s/%s", cfg, names[i]);
    char *path = guest_real_path(s, want);
    if (path) {
      s->hives[i] = hive_copy_read(s, (enum hive_id)i, path);
    } else {
      hive_close(s->hives[i]);
      s->hives[i] = NULL;
    }
    free(path);
    free(want);
  }
  free(cfg);
  if (!s->hives[HIVE_SYSTEM] || !s->hives[HIVE_SOFTWARE]) {
    error_msg("cannot read the SYSTEM and SOFTWARE registry hives of the "
              "Windows guest in %s", s->opts->image);
    return RESULT_ERROR;
  }
  windows_describe(s);
  read_version_details(s);

  g->bcd_readable = false;
  if (!g->bcd_path && g->bcd_target)  /* written since the first look? */
    g->bcd_path = guest_real_path(s, g->bcd_target);
  if (g->bcd_path) {
    s->hives[HIVE_BCD] = hive_copy_read(s, HIVE_BCD, g->bcd_path);
    g->bcd_readable = s->hives[HIVE_BCD] != NULL;
    if (g->bcd_readable)
      bcd_check(s->hives[HIVE_BCD], &g->disk, &g->bcd_problems);
  } else {
    hive_close(s->hives[HIVE_BCD]);
    s->hives[HIVE_BCD] = NULL;
  }

  struct pv_inventory invs[PV_VENDOR_COUNT];
  pv_inventories_load(invs);
  read_driver_packages(s, invs);
  for (int v = PV_NONE + 1; v < PV_VENDOR_COUNT; v++)
    pv_scan(g, s->hives, &invs[v]);
  pv_inventories_free(invs);
  return refuse_corrupt_hives(s);
}

static char *inspect_string(struct session *s, char *(*fn)(guestfs_h *,
                                                          const char *))
{
  char *v = fn(s->g, s->guest.root);
  return v ? v : xstrdup("unknown");
}

/* The hives are long files read front to back (a real SOFTWARE is
 * 50-150 MB): with a large readahead on the disk (the setting is the
 * disk's, whichever partition names it), its reads run ahead of ntfs-3g
 * instead of 128 KiB at a time. Under TCG a cold 148 MB SOFTWARE took
 * 3.9-4.3 s instead of 4.4-6.5 s, for a call of 0.2 s. */
#define HIVE_READAHEAD_SECTORS 16384 /* 8 MiB */

static void read_ahead_for_hives(struct session *s)
{
  guestfs_push_error_handler(s->g, NULL, NULL);
  if (guestfs_blockdev_setra(s->g, s->guest.root, HIVE_READAHEAD_SECTORS) ==
      -1)
    debug("readahead on %s: %s", s->guest.root, guestfs_last_error(s->g));
  guestfs_pop_error_handler(s->g);
}

/* Windows was found on g->root, mounted read-only at MNT_WINDOWS. */
static int inspect_windows(struct session *s)
{
  struct guest *g = &s->guest;
  guestfs_h *gh = s->g;
  /* Look for hibernation before any read-write mount. */
  inspect_hibernation(s, MNT_WINDOWS);
  if (g->refusals.n)
    return 0;
  guest_files_changed(s);
  if (s->opts->mode == MODE_FIX &&
      (guestfs_umount(gh, MNT_WINDOWS) == -1 ||
       guestfs_mount(gh, g->root, MNT_WINDOWS) == -1)) {
    error_msg("cannot mount %s read-write: %s", g->root,
              guestfs_last_error(gh));
    return -1;
  }
  read_ahead_for_hives(s);
  locate_bcd(s);
  if (inspect_windows_rescan(s) == RESULT_ERROR)
    return -1;
  if (s->hives[HIVE_BCD])
    bcd_check_ramdisk(s->hives[HIVE_BCD], &g->disk, &g->warnings);
  char *blocked = s->opts->lift_device_restrictions || s->opts->no_virtio
                      ? NULL
                      : device_policy_block(s->hives[HIVE_SOFTWARE]);
  if (blocked)
    strlist_take(&g->refusals, blocked);
  return 0;
}

/* Any other OS: a Linux we know from its release files, else
 * libguestfs's own inspection, of the roots on the guest's own
 * filesystems FS (the appliance may hold other guests too). */
static int inspect_other(struct session *s, const struct own_fs *fs)
{
  struct guest *g = &s->guest;
  if (linux_identify(s, fs))
    return 0;
  char *const *all = appliance_roots(s->appliance);
  strlist roots = {0};
  for (size_t i = 0; all && all[i]; i++)
    if (own_fs_has(fs, all[i]))
      strlist_add(&roots, all[i]);
  if (!roots.n) {
    error_msg("no operating system found in %s", s->opts->image);
    return -1;
  }
  if (roots.n > 1)
    strlist_addf(&g->warnings, "several operating systems found; using the "
                 "one on %s", roots.v[0]);
  g->root = xstrdup(roots.v[0]);
  strlist_free(&roots);
  g->os_type = inspect_string(s, guestfs_inspect_get_type);
  g->distro = inspect_string(s, guestfs_inspect_get_distro);
  g->product_name = inspect_string(s, guestfs_inspect_get_product_name);
  g->product_variant = inspect_string(s, guestfs_inspect_get_product_variant);
  g->arch = inspect_string(s, guestfs_inspect_get_arch);
  g->hostname = inspect_string(s, guestfs_inspect_get_hostname);
  g->major = guestfs_inspect_get_major_version(s->g, g->root);
  g->minor = guestfs_inspect_get_minor_version(s->g, g->root);
  return 0;
}

enum result inspect_guest(struct session *s)
{
  struct guest *g = &s->guest;
  char **devices = session_devices(s);
  if (!devices) {
    error_msg("the appliance sees no disk in %s", s->opts->image);
    return RESULT_ERROR;
  }
  int r = inspect_disk_layout(s, devices[0], s->overlay, &g->disk);
  for (size_t i = 1; r == 0 && devices[i]; i++) {
    g->more_disks = xrealloc(g->more_disks,
                             (g->nmore_disks + 1) * sizeof *g->more_disks);
    memset(&g->more_disks[g->nmore_disks], 0, sizeof *g->more_disks);
    r = inspect_disk_layout(s, devices[i], s->more_overlays.v[i - 1],
                            &g->more_disks[g->nmore_disks++]);
  }
  strv_free(devices);
  if (r == -1)
    return RESULT_ERROR;
  inspect_disk_refusals(s);
  if (g->refusals.n)
    return RESULT_OK;
  /* Windows boots UEFI from an ESP; without one, BIOS. */
  g->firmware = find_esp(&g->disk) ? FW_UEFI : FW_BIOS;

  guest_files_changed(s);
  if (guestfs_mkmountpoint(s->g, MNT_WINDOWS) == -1 ||
      guestfs_mkmountpoint(s->g, MNT_BOOT) == -1) {
    error_msg("appliance: %s", guestfs_last_error(s->g));
    return RESULT_ERROR;
  }
  if (windows_find_root(s))
    return inspect_windows(s);
  /* The Windows mount points would be hidden under a root mounted at "/". */
  guest_files_changed(s);
  if (guestfs_rmmountpoint(s->g, MNT_BOOT) == -1 ||
      guestfs_rmmountpoint(s->g, MNT_WINDOWS) == -1) {
    error_msg("appliance: %s", guestfs_last_error(s->g));
    return RESULT_ERROR;
  }
  struct own_fs fs = {0};
  own_fs_collect(s, &fs);
  enum result r2 = inspect_other(s, &fs) == -1       ? RESULT_ERROR
                   : strcmp(g->os_type, "linux") == 0 ? inspect_linux(s, &fs)
                                                      : RESULT_OK;
  own_fs_free(&fs);
  return r2;
}
