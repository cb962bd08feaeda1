/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Boot configuration of a Windows guest: the BCD's devices must name this
 * disk, MountedDevices must give C: to the Windows partition, UEFI needs
 * the fallback loader (NVRAM entries do not migrate), and a stop code
 * should stay on screen instead of rebooting in a loop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/bcd.h"
#include "v2v/bcd_build.h"
#include "v2v/bcd_repair.h"
#include "v2v/datafile.h"
#include "v2v/fixup.h"
#include "v2v/log.h"
#include "v2v/session.h"

#define NAME "boot-config"

static bool applies(const struct guest *g)
{
  return g->os_type && strcmp(g->os_type, "windows") == 0;
}

static const struct partition *partition_of(const struct disk *d,
                                            const char *device)
{
  for (size_t i = 0; device && i < d->nparts; i++)
    if (strcmp(d->parts[i].device, device) == 0)
      return &d->parts[i];
  return NULL;
}

static void plan_auto_reboot(struct session *s, struct change_list *out)
{
  hive *h = s->hives[HIVE_SYSTEM];
  for (size_t i = 0; i < s->guest.control_sets.n; i++) {
    char *key = xasprintf("%s\\Control\\CrashControl",
                          s->guest.control_sets.v[i]);
    uint32_t v = 1;
    hive_get_dword(h, hive_lookup(h, hive_root(h), key), "AutoReboot", &v);
    if (v != 0)
      change_set_dword(out, NAME, HIVE_SYSTEM, key, "AutoReboot", 0,
                       "keep a stop code on screen instead of rebooting");
    free(key);
  }
}

static void plan_mounted_devices(struct session *s,
                                 const struct partition *os,
                                 struct change_list *out)
{
  hive *h = s->hives[HIVE_SYSTEM];
  uint8_t want[24];
  size_t len = mounted_device_value(&s->guest.disk, os, want);
  uint32_t type;
  void *have = NULL;
  size_t have_len = 0;
  hive_node_h md = hive_lookup(h, hive_root(h), "MountedDevices");
  bool same = md && hive_get_raw(h, md, "\\DosDevices\\C:", &type, &have,
                                 &have_len) == 0 &&
              have_len == len && memcmp(have, want, len) == 0;
  free(have);
  if (!same)
    change_set_raw(out, NAME, HIVE_SYSTEM, "MountedDevices",
                   "\\DosDevices\\C:", REGT_BINARY, want, len,
                   "C: must be the Windows partition of this disk");
}

/* The removable-media path UEFI firmware boots when no NVRAM entry names
 * a loader: it must be the Windows boot manager. */
static void plan_uefi_fallback(struct session *s, struct change_list *out)
{
  const char *name = strcmp(s->guest.arch, "i386") == 0      ? "BOOTIA32.EFI"
                     : strcmp(s->guest.arch, "aarch64") == 0 ? "BOOTAA64.EFI"
                                                             : "BOOTX64.EFI";
  char *want = xstrdup(MNT_BOOT "/EFI/Microsoft/Boot/bootmgfw.efi");
  char *bootmgr = guest_real_path(s, want);
  free(want);
  if (!bootmgr)
    return;
  char *dir = guest_real_path(s, MNT_BOOT "/EFI/Boot");
  char *fallback_want = xasprintf("%s/%s", dir ? dir : MNT_BOOT "/EFI/Boot",
                                  name);
  char *fallback = guest_real_path(s, fallback_want);
  if (!fallback || !guest_same_bytes(s, bootmgr, fallback))
    change_copy_file(out, NAME, bootmgr, fallback ? fallback : fallback_want,
                     "UEFI fallback loader = Windows boot manager (NVRAM "
                     "entries do not migrate)");
  free(fallback);
  free(fallback_want);
  free(dir);
  free(bootmgr);
}

/* graphicsmodedisabled on a UEFI loader gives a black screen on KVM's
 * UEFI display. */
static void plan_uefi_graphics(struct session *s, struct change_list *out)
{
  hive *bcd = s->hives[HIVE_BCD];
  hive_node_h objects = hive_lookup(bcd, hive_root(bcd), "Objects");
  hive_node_h *objs = objects ? hive_children(bcd, objects) : NULL;
  for (size_t i = 0; objs && objs[i]; i++) {
    uint32_t type = bcd_object_type(bcd, objs[i]);
    hive_node_h el = hive_lookup(bcd, objs[i], "Elements\\16000046");
    if (type == BCD_TYPE_OSLOADER && el) {
      char *key = hive_node_path(bcd, el);
      change_delete_key(out, NAME, HIVE_BCD, key,
                        "graphicsmodedisabled: black screen under UEFI");
      free(key);
    }
  }
  free(objs);
}

/* A missing or unreadable store is replaced by a complete new one; a
 * damaged one is kept beside it. */
static int plan_bcd_rebuild(struct session *s, const struct partition *system,
                            const struct partition *os,
                            struct change_list *out)
{
  const struct guest *g = &s->guest;
  char *file = xasprintf("%s/BCD.new", s->tmpdir);
  FILE *f = fopen(file, "wb");
  int r = f && fwrite(data_minimal_hive, 1, data_minimal_hive_len, f) ==
                   data_minimal_hive_len ? 0 : -1;
  if (f && fclose(f) != 0)
    r = -1;
  struct bcd_build b = {.firmware = g->firmware, .disk = &g->disk,
                        .system = system, .os = os,
                        .description = g->product_name};
  if (r == 0)
    r = bcd_build(file, &b);
  size_t len = 0;
  char *data = NULL;
  if (r == 0 && (f = fopen(file, "rb"))) {
    fseek(f, 0, SEEK_END);
    len = (size_t)ftell(f);
    rewind(f);
    data = xcalloc(1, len);
    if (fread(data, 1, len, f) != len)
      r = -1;
    fclose(f);
  }
  if (r == 0 && data) {
    if (g->bcd_path) {
      char *backup = xasprintf("%s.v2v-damaged", g->bcd_path);
      change_copy_file(out, NAME, g->bcd_path, backup,
                       "keep the unreadable BCD store");
      free(backup);
    }
    change_write_file(out, NAME, g->bcd_target, data, len,
                      g->bcd_path ? "the BCD store is not a readable hive: "
                                    "write a complete new one"
                                  : "no BCD store: write a complete one");
  } else {
    error_msg("cannot build a new BCD store in %s", file);
    r = -1;
  }
  free(data);
  free(file);
  return r;
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  (void)warnings; /* this fix-up has none */
  const struct guest *g = &s->guest;
  const struct partition *os = partition_of(&g->disk, g->root);
  const struct partition *system = partition_of(&g->disk, g->system_partition);
  plan_auto_reboot(s, out);
  if (os && g->disk.style != PART_NONE)
    plan_mounted_devices(s, os, out);
  if (!g->bcd_readable && g->bcd_target && os && system &&
      plan_bcd_rebuild(s, system, os, out) == -1)
    return RESULT_ERROR;
  if (s->hives[HIVE_BCD]) {
    bcd_plan_repair(s->hives[HIVE_BCD], &g->disk, system, os, NAME, out);
    if (g->firmware == FW_UEFI)
      plan_uefi_graphics(s, out);
  }
  if (g->firmware == FW_UEFI && g->system_partition)
    plan_uefi_fallback(s, out);
  return RESULT_OK;
}

const struct fixup fixup_boot_config = {
    .name = NAME,
    .summary = "check and repair the BCD, MountedDevices, UEFI fallback loader",
    .applies = applies,
    .plan = plan,
};
