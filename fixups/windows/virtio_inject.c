/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Injects the virtio-win drivers: the chosen storage driver (viostor or
 * vioscsi) made boot-critical so Windows finds its disk on the virtio bus,
 * the other drivers staged in the guest with DevicePath pointing at them
 * so that PnP installs them when their devices appear. The source was
 * opened and matched to the guest before planning (virtio/virtio_source.c). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "v2v/catalog.h"
#include "v2v/device_policy.h"
#include "v2v/fixup.h"
#include "v2v/log.h"
#include "v2v/session.h"
#include "v2v/virtio_folders.h"
#include "v2v/virtio_registry.h"
#include "v2v/virtio_source.h"

static bool applies(const struct guest *g)
{
  return g->os_type && strcmp(g->os_type, "windows") == 0;
}

/* PARENT/NAME in the case the guest has it, or as given if absent. */
static char *child(struct session *s, const char *parent, const char *name)
{
  char *want = xasprintf("%s/%s", parent, name);
  char *real = guest_path_resolve(s, want);
  free(want);
  return real;
}

/* Copies D's FILE to DEST unless DEST already has the same bytes. */
static void plan_copy(struct session *s, const struct virtio_driver *d,
                      const char *file, const char *dest, const char *why,
                      struct change_list *out)
{
  char *src = xasprintf("%s/%s", d->dir, file);
  char *real = guest_real_path(s, dest);
  if (!real || !guest_same_bytes(s, real, src))
    change_copy_file(out, VIRTIO_FIXUP, src, real ? real : dest, why);
  free(real), free(src);
}

/* The sizes of D's files and of those DIR has already, two calls, so
 * that files that differ in size need no digest. */
static void stat_both(struct session *s, const struct virtio_driver *d,
                      const char *dir)
{
  char *real_dir = guest_real_path(s, dir);
  if (!real_dir)
    return; /* all to copy */
  /* Files in subfolders are looked at one by one. */
  strlist have = {0}, from = {0};
  for (size_t i = 0; i < d->files.n; i++) {
    if (strchr(d->files.v[i], '/'))
      continue;
    char *want = xasprintf("%s/%s", real_dir, d->files.v[i]);
    char *real = guest_real_path(s, want);
    if (real) {
      strlist_add(&have, strrchr(real, '/') + 1);
      strlist_add(&from, d->files.v[i]);
    }
    free(real);
    free(want);
  }
  if (have.n) {
    guest_stat_names(s, real_dir, have.v, have.n);
    guest_stat_names(s, d->dir, from.v, from.n);
  }
  strlist_free(&have);
  strlist_free(&from);
  free(real_dir);
}

/* Copies every file of D into DIR. */
static void plan_copy_all(struct session *s, const struct virtio_driver *d,
                          const char *dir, const char *why,
                          struct change_list *out)
{
  stat_both(s, d, dir);
  for (size_t i = 0; i < d->files.n; i++) {
    char *dest = xasprintf("%s/%s", dir, d->files.v[i]);
    plan_copy(s, d, d->files.v[i], dest, why, out);
    free(dest);
  }
}

static const char *file_of(const struct virtio_driver *d, const char *suffix)
{
  char *want = xasprintf("%s%s", d->name, suffix);
  const char *r = NULL;
  for (size_t i = 0; i < d->files.n && !r; i++)
    if (strcasecmp(d->files.v[i], want) == 0)
      r = d->files.v[i];
  free(want);
  return r;
}

/* INF file names of Windows\INF, for the next free oemN.inf. */
static strlist inf_names(const struct guest *g)
{
  strlist l = {0};
  for (size_t i = 0; i < g->npackages; i++)
    if (strstr(g->packages[i].path, "/INF/") ||
        strstr(g->packages[i].path, "/inf/"))
      strlist_add(&l, g->packages[i].inf_name);
  return l;
}

/* The signer of D's catalog (CatalogFile of its [Version]), or NULL. */
static char *signer_of(struct session *s, const struct virtio_driver *d)
{
  const char *cat = NULL;
  for (size_t i = 0; d->info.catalog && i < d->files.n && !cat; i++)
    if (strcasecmp(d->files.v[i], d->info.catalog) == 0)
      cat = d->files.v[i];
  if (!cat)
    return NULL;
  char *path = xasprintf("%s/%s", d->dir, cat);
  size_t len = 0;
  char *der = guest_read_file(s, path, &len);
  char *who = der ? catalog_signer(der, len) : NULL;
  free(der);
  free(path);
  return who;
}

/* Bytes of D's files, as they will be in the package folder. */
static uint64_t size_of(struct session *s, const struct virtio_driver *d)
{
  uint64_t total = 0;
  guest_stat_names(s, d->dir, d->files.v, d->files.n);
  for (size_t i = 0; i < d->files.n; i++) {
    char *path = xasprintf("%s/%s", d->dir, d->files.v[i]);
    int64_t n = guest_file_size(s, path);
    total += n > 0 ? (uint64_t)n : 0;
    free(path);
  }
  return total;
}

/* Now as a FILETIME (100 ns units since 1601-01-01 UTC). */
static uint64_t filetime_now(void)
{
  return ((uint64_t)time(NULL) + 11644473600ULL) * 10000000ULL;
}

/* Windows 8+: the package in the driver store, as pnputil would leave it. */
static void plan_store(struct session *s, const char *win,
                       const struct virtio_driver *d,
                       const struct virtio_package *p, const char *why,
                       struct change_list *out)
{
  char *sys32 = child(s, win, "System32");
  char *store = child(s, sys32, "DriverStore");
  char *repo = child(s, store, "FileRepository");
  char *pkg_dir = child(s, repo, p->pkg);
  plan_copy_all(s, d, pkg_dir, why, out);
  char *inf_dir = child(s, win, "INF");
  char *oem = xasprintf("%s/%s", inf_dir, p->oem);
  plan_copy(s, d, d->inf_file, oem, why, out);
  free(oem), free(inf_dir), free(pkg_dir), free(repo), free(store), free(sys32);
}

static int plan_boot(struct session *s, const char *win,
                     const struct virtio_driver *d, struct change_list *out,
                     strlist *warnings)
{
  const char *sys = file_of(d, ".sys");
  if (!sys) {
    error_msg("%s has no %s.sys", d->dir, d->name);
    return -1;
  }
  char *why = xasprintf("boot storage driver %s %s (%s/%s)", d->name,
                        d->info.driver_ver ? d->info.driver_ver : "",
                        d->os_folder, d->arch_folder);
  char *sys32 = child(s, win, "System32");
  char *drivers = child(s, sys32, "drivers");
  char *dest = xasprintf("%s/%s.sys", drivers, d->name);
  plan_copy(s, d, sys, dest, why, out);

  char *inf_name = xasprintf("%s.inf", d->name);
  for (char *c = inf_name; *c; c++)
    *c = (char)tolower((unsigned char)*c);
  struct virtio_package p = {.service = d->name, .inf_name = inf_name,
                             .inf = d->inf, .inf_len = d->inf_len};
  p.hwids = virtio_storage_ids(data_virtio_win_folders, d->name);
  hive *hsys = s->hives[HIVE_SYSTEM];
  if (virtio_has_driver_database(hsys)) {
    p.pkg = virtio_package_name(inf_name, d->arch_folder, d->inf, d->inf_len);
    p.oem = virtio_registered_oem(hsys, p.pkg);
    if (!p.oem) {
      strlist used = inf_names(&s->guest);
      p.oem = xasprintf("oem%d.inf", virtio_next_oem(hsys,
                                                     s->hives[HIVE_DRIVERS],
                                                     &used));
      strlist_free(&used);
    }
    plan_store(s, win, d, &p, why, out);
    p.signer = signer_of(s, d);
    if (!p.signer)
      strlist_addf(warnings,
                   "%s/%s: no signer found in its catalog: registered as "
                   "unsigned; 64-bit Windows loads no unsigned boot driver",
                   d->dir, d->inf_file);
    p.file_size = size_of(s, d);
    p.import_time = filetime_now();
    /* Imported from where the fix-up stages it (plan_stage). */
    p.oem_path = xasprintf("C:%s\\%s\\%s", s->guest.systemroot,
                           VIRTIO_STAGE_DIR, d->name);
    for (char *c = p.oem_path; *c; c++)
      if (*c == '/')
        *c = '\\';
  }
  virtio_plan_storage_registry(hsys, s->hives[HIVE_DRIVERS],
                               &s->guest.control_sets, &p, out);
  strlist_free(&p.hwids);
  free(p.pkg), free(p.oem), free(p.signer), free(p.oem_path), free(inf_name);
  free(dest), free(drivers), free(sys32), free(why);
  return 0;
}

static void plan_stage(struct session *s, const char *win,
                       const struct virtio_driver *d, struct change_list *out)
{
  char *why = xasprintf("stage %s %s (%s/%s) for PnP", d->name,
                        d->info.driver_ver ? d->info.driver_ver : "",
                        d->os_folder, d->arch_folder);
  char *top = child(s, win, "Drivers");
  char *virtio = child(s, top, "VirtIO");
  char *dir = child(s, virtio, d->name);
  plan_copy_all(s, d, dir, why, out);
  free(dir), free(virtio), free(top), free(why);
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  if (s->opts->lift_device_restrictions)
    device_policy_plan_lift(s->hives[HIVE_SOFTWARE], VIRTIO_FIXUP, out);
  const struct virtio_driver *boot =
      virtio_source_driver(&s->virtio, s->opts->block_driver);
  if (!boot)
    return RESULT_OK; /* no source (warned) or --no-virtio */
  char *win = xasprintf("%s%s", MNT_WINDOWS, s->guest.systemroot);
  int r = plan_boot(s, win, boot, out, warnings);
  for (size_t i = 0; r == 0 && i < s->virtio.n; i++)
    plan_stage(s, win, &s->virtio.drivers[i], out);
  if (r == 0)
    virtio_plan_device_path(s->hives[HIVE_SOFTWARE], VIRTIO_DEVICE_PATH, out);
  free(win);
  return r;
}

const struct fixup fixup_virtio = {
    .name = VIRTIO_FIXUP,
    .summary = "inject virtio-win drivers: boot storage driver, staged others",
    .applies = applies,
    .plan = plan,
};
