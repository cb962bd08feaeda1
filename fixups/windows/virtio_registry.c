/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The registry half of virtio injection: a boot-start storage driver
 * (doc/virtio-win.md) and the DevicePath that lets PnP find the staged drivers.
 * Pure functions over hive files; they plan only what differs, so a fixed
 * guest plans nothing. */
#include "v2v/virtio_registry.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "v2v/bcd.h"
#include "v2v/inf.h"
#include "v2v/virtio_inf_regs.h"

#define SCSI_ADAPTER_CLASS "{4D36E97B-E325-11CE-BFC1-08002BE10318}"

void virtio_ensure_raw(hive *h, enum hive_id id, const char *key,
                       const char *value, uint32_t type, const void *data,
                       size_t len, const char *why, struct change_list *out)
{
  hive_node_h node = hive_lookup(h, hive_root(h), key);
  uint32_t have_type;
  void *have = NULL;
  size_t have_len = 0;
  bool same = node &&
              hive_get_raw(h, node, value, &have_type, &have, &have_len) == 0 &&
              have_type == type && have_len == len &&
              memcmp(have, data, len) == 0;
  free(have);
  /* Devices sharing an install section plan its values once. */
  for (size_t i = 0; !same && i < out->n; i++) {
    const struct change *c = &out->v[i];
    same = c->op == CHG_SET_VALUE && c->hive == id && c->len == len &&
           !strcasecmp(c->key, key) && !strcasecmp(c->value, value) &&
           !memcmp(c->data, data, len);
  }
  if (!same)
    change_set_raw(out, VIRTIO_FIXUP, id, key, value, type, data, len, why);
}

static void ensure_string(hive *h, enum hive_id id, const char *key,
                          const char *value, uint32_t type, const char *s,
                          const char *why, struct change_list *out)
{
  size_t len;
  char *data = reg_encode_sz(s, &len);
  virtio_ensure_raw(h, id, key, value, type, data, len, why, out);
  free(data);
}

static void ensure_dword(hive *h, enum hive_id id, const char *key,
                         const char *value, uint32_t v, const char *why,
                         struct change_list *out)
{
  unsigned char b[4] = {v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24};
  virtio_ensure_raw(h, id, key, value, REGT_DWORD, b, 4, why, out);
}

bool virtio_has_driver_database(hive *sys)
{
  return sys && hive_lookup(sys, hive_root(sys), "DriverDatabase") != 0;
}

static void mark_used(hive *h, bool *used, int max)
{
  hive_node_h files = h ? hive_lookup(h, hive_root(h),
                                      "DriverDatabase\\DriverInfFiles") : 0;
  hive_node_h *kids = files ? hive_children(h, files) : NULL;
  for (size_t i = 0; kids && kids[i]; i++) {
    char *name = hive_node_name(h, kids[i]);
    int n;
    char dot[5] = "";
    if (sscanf(name, "%*1[oO]%*1[eE]%*1[mM]%d%4s", &n, dot) == 2 &&
        strcasecmp(dot, ".inf") == 0 && n >= 0 && n < max)
      used[n] = true;
    free(name);
  }
  free(kids);
}

/* OemInfMap: a set bit is a number Windows has given out, whether or not
 * its oemN.inf is still registered (oem0 is the top bit of byte 0). */
static void mark_map(hive *h, bool *used, int max)
{
  hive_node_h db = h ? hive_lookup(h, hive_root(h), "DriverDatabase") : 0;
  uint32_t type;
  void *map = NULL;
  size_t len = 0;
  if (!db || hive_get_raw(h, db, "OemInfMap", &type, &map, &len) == -1)
    return;
  for (size_t i = 0; i < len && (int)(i * 8) < max; i++)
    for (int b = 0; b < 8; b++)
      if (((unsigned char *)map)[i] & (0x80 >> b))
        used[i * 8 + (size_t)b] = true;
  free(map);
}

int virtio_next_oem(hive *sys, hive *drivers, const strlist *used_files)
{
  enum { MAX = 100000 };
  bool *used = xcalloc(MAX, sizeof *used);
  mark_used(sys, used, MAX);
  mark_used(drivers, used, MAX);
  mark_map(sys, used, MAX);
  mark_map(drivers, used, MAX);
  for (size_t i = 0; i < used_files->n; i++) {
    int n;
    char dot[5] = "";
    if (sscanf(used_files->v[i], "%*1[oO]%*1[eE]%*1[mM]%d%4s", &n, dot) == 2 &&
        strcasecmp(dot, ".inf") == 0 && n >= 0 && n < MAX)
      used[n] = true;
  }
  int n = 0;
  while (n < MAX - 1 && used[n])
    n++;
  free(used);
  return n;
}

char *virtio_registered_oem(hive *sys, const char *pkg)
{
  char *key = xasprintf("DriverDatabase\\DriverPackages\\%s", pkg);
  hive_node_h node = sys ? hive_lookup(sys, hive_root(sys), key) : 0;
  free(key);
  return node ? hive_get_string(sys, node, "") : NULL;
}

int virtio_version_value(const char *class_guid, const char *driver_ver,
                         unsigned char out[48])
{
  int mon, day, year;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!class_guid || !driver_ver ||
      sscanf(driver_ver, "%d/%d/%d , %u.%u.%u.%u", &mon, &day, &year, &a, &b,
             &c, &d) < 3)
    return -1;
  memset(out, 0, 48);
  out[1] = 0xff;
  out[2] = 0x09;
  if (guid_parse(class_guid, out + 8) == -1)
    return -1;
  struct tm tm = {.tm_year = year - 1900, .tm_mon = mon - 1, .tm_mday = day};
  /* FILETIME: 100 ns units since 1601-01-01 UTC. */
  uint64_t ft = ((uint64_t)timegm(&tm) + 11644473600ULL) * 10000000ULL;
  uint64_t ver = (uint64_t)a << 48 | (uint64_t)b << 32 | (uint64_t)c << 16 | d;
  for (int i = 0; i < 8; i++) {
    out[24 + i] = (unsigned char)(ft >> (8 * i));
    out[32 + i] = (unsigned char)(ver >> (8 * i));
  }
  return 0;
}

static void plan_service(hive *sys, const char *cs, const char *svc,
                         struct change_list *out)
{
  char *key = xasprintf("%s\\Services\\%s", cs, svc);
  char *why = xasprintf("make %s boot-start for the system disk on virtio",
                        svc);
  char *image = xasprintf("system32\\drivers\\%s.sys", svc);
  ensure_dword(sys, HIVE_SYSTEM, key, "Type", 1, why, out);
  ensure_dword(sys, HIVE_SYSTEM, key, "Start", 0, why, out);
  ensure_dword(sys, HIVE_SYSTEM, key, "ErrorControl", 1, why, out);
  ensure_string(sys, HIVE_SYSTEM, key, "Group", REGT_SZ, "SCSI miniport", why,
                out);
  ensure_string(sys, HIVE_SYSTEM, key, "ImagePath", REGT_EXPAND_SZ, image, why,
                out);
  char *so = xasprintf("%s\\StartOverride", key);
  if (hive_lookup(sys, hive_root(sys), so))
    change_delete_key(out, VIRTIO_FIXUP, HIVE_SYSTEM, so,
                      "a StartOverride would keep it from loading at boot");
  free(so);
  free(image);
  free(why);
  free(key);
}

/* "PCI\VEN_1AF4&DEV_1001&SUBSYS_..." -> "pci#ven_1af4&dev_1001&subsys_..." */
static char *cdd_name(const char *hwid, bool with_subsys)
{
  char *s = xstrdup(hwid);
  for (char *c = s; *c; c++)
    *c = *c == '\\' ? '#' : (char)tolower((unsigned char)*c);
  char *sub = with_subsys ? NULL : strstr(s, "&subsys_");
  if (sub)
    *sub = '\0';
  return s;
}

static void plan_cdd(hive *sys, const char *cs, const struct virtio_package *p,
                     struct change_list *out)
{
  char *why = xasprintf("critical device: %s drives the virtio disk at boot",
                        p->service);
  for (size_t i = 0; i < p->hwids.n; i++) {
    for (int full = 1; full >= 0; full--) {
      char *id = cdd_name(p->hwids.v[i], full);
      char *key = xasprintf("%s\\Control\\CriticalDeviceDatabase\\%s", cs, id);
      ensure_string(sys, HIVE_SYSTEM, key, "Service", REGT_SZ, p->service, why,
                    out);
      ensure_string(sys, HIVE_SYSTEM, key, "ClassGUID", REGT_SZ,
                    SCSI_ADAPTER_CLASS, why, out);
      free(key);
      free(id);
    }
  }
  free(why);
}

/* "%RHEL%" -> "rhel": Strings value names are the lower-case tokens. */
static char *token(const char *t)
{
  size_t n = strlen(t);
  char *s = n >= 2 && t[0] == '%' && t[n - 1] == '%' ? strndup(t + 1, n - 2)
                                                      : xstrdup(t);
  for (char *c = s; *c; c++)
    *c = (char)tolower((unsigned char)*c);
  return s;
}

/* OemInfMap: one bit per oemN.inf in use, oem0 the top bit of byte 0.
 * Consistent with a registry captured from a real Windows install with one
 * OEM package (OemInfMap = 80, lxc/distrobuilder windows/driver_viostor.go);
 * not confirmed for N > 0 on a real guest. */
static void plan_oem_map(hive *h, enum hive_id id, int n, const char *why,
                         struct change_list *out)
{
  hive_node_h db = hive_lookup(h, hive_root(h), "DriverDatabase");
  uint32_t type;
  void *have = NULL;
  size_t len = 0;
  if (hive_get_raw(h, db, "OemInfMap", &type, &have, &len) == -1)
    type = REGT_BINARY;
  size_t need = (size_t)n / 8 + 1;
  unsigned char *map = xcalloc(1, need > len ? need : len);
  if (have)
    memcpy(map, have, len);
  unsigned char bit = (unsigned char)(0x80 >> (n % 8));
  if (len < need || !(map[n / 8] & bit)) {
    map[n / 8] |= bit;
    change_set_raw(out, VIRTIO_FIXUP, id, "DriverDatabase", "OemInfMap", type,
                   map, need > len ? need : len, why);
  }
  free(map);
  free(have);
}

static void le64(unsigned char b[8], uint64_t v)
{
  for (int i = 0; i < 8; i++)
    b[i] = (unsigned char)(v >> (8 * i));
}

/* Plans KEY\VALUE only if the hive has no such value: a first-import
 * fact (the import date) that a second run must not move. */
static bool ensure_present(hive *h, enum hive_id id, const char *key,
                           const char *value, uint32_t type, const void *data,
                           size_t len, const char *why,
                           struct change_list *out)
{
  hive_node_h node = hive_lookup(h, hive_root(h), key);
  if (node && hive_has_value(h, node, value))
    return false;
  for (size_t i = 0; i < out->n; i++)
    if (out->v[i].op == CHG_SET_VALUE && out->v[i].hive == id &&
        !strcasecmp(out->v[i].key, key) && !strcasecmp(out->v[i].value, value))
      return false;
  change_set_raw(out, VIRTIO_FIXUP, id, key, value, type, data, len, why);
  return true;
}

/* FeatureScore of an install section (byte 1 of a DeviceIds value; 0xFF
 * when the INF gives none, as in the captured registries). */
static unsigned feature_score(const struct virtio_package *p,
                              const char *install)
{
  char *nt = xasprintf("%s.NT", install);
  char *v = inf_get(p->inf, p->inf_len, install, "FeatureScore");
  if (!v)
    v = inf_get(p->inf, p->inf_len, nt, "FeatureScore");
  /* Hexadecimal, with or without 0x (Xen INFs write "F9"). */
  unsigned score = v ? (unsigned)strtoul(v, NULL, 16) & 0xFF : 0xFF;
  free(v);
  free(nt);
  return score;
}

/* One device ID of the package: its descriptor, its string tokens and the
 * DeviceIds entry naming the oemN.inf. RANK is 1 for a line's hardware ID,
 * 2 for the compatible IDs after it (observed values, see below). */
static void plan_device_id(hive *h, enum hive_id id,
                           const struct virtio_package *p, const char *pkg_key,
                           const char *dev_id, int rank, const char *install,
                           const char *desc, const char *mfg, const char *why,
                           struct change_list *out)
{
  char *k = xasprintf("%s\\Descriptors\\%s", pkg_key, dev_id);
  char *tok_desc = token(desc), *tok_mfg = token(mfg);
  char *v_desc = xasprintf("%%%s%%", tok_desc);
  char *v_mfg = xasprintf("%%%s%%", tok_mfg);
  ensure_string(h, id, k, "Configuration", REGT_SZ, install, why, out);
  ensure_string(h, id, k, "Manufacturer", REGT_SZ, v_mfg, why, out);
  ensure_string(h, id, k, "Description", REGT_SZ, v_desc, why, out);
  free(k);
  k = xasprintf("%s\\Strings", pkg_key);
  char *s_desc = inf_get(p->inf, p->inf_len, "Strings", tok_desc);
  char *s_mfg = inf_get(p->inf, p->inf_len, "Strings", tok_mfg);
  if (s_mfg)
    ensure_string(h, id, k, tok_mfg, REGT_SZ, s_mfg, why, out);
  if (s_desc)
    ensure_string(h, id, k, tok_desc, REGT_SZ, s_desc, why, out);
  free(k);
  /* DeviceIds\<id>\oemN.inf: 4 bytes. Captured registries of installed
   * virtio-win packages show 01 ff 00 00 for a line's hardware ID, 02 ff
   * 00 00 for the compatible ID after it, and 01 f9 00 00 for viogpudo
   * whose INF declares FeatureScore 0xF9: byte 1 is the feature score.
   * What bytes 2-3 hold was not found. */
  unsigned char rank_bytes[4] = {(unsigned char)rank,
                                 (unsigned char)feature_score(p, install), 0,
                                 0};
  k = xasprintf("DriverDatabase\\DeviceIds\\%s", dev_id);
  virtio_ensure_raw(h, id, k, p->oem, REGT_BINARY, rank_bytes, 4, why, out);
  free(k);
  free(s_desc), free(s_mfg), free(v_desc), free(v_mfg);
  free(tok_desc), free(tok_mfg);
}

/* The package key's own values, as Windows writes them for an imported
 * package (value set and types from captured registries of installed
 * virtio-win packages, lxc/distrobuilder windows/driver_*.go). */
static void plan_package_values(hive *h, enum hive_id id,
                                const struct virtio_package *p,
                                const char *pkg_key,
                                const struct driver_package *info,
                                const unsigned char version[48],
                                const char *why, struct change_list *out)
{
  ensure_string(h, id, pkg_key, "", REGT_SZ, p->oem, why, out);
  ensure_string(h, id, pkg_key, "InfName", REGT_SZ, p->inf_name, why, out);
  ensure_string(h, id, pkg_key, "Catalog", REGT_SZ,
                info->catalog ? info->catalog : "", why, out);
  ensure_string(h, id, pkg_key, "Provider", REGT_SZ,
                info->provider ? info->provider : "", why, out);
  ensure_string(h, id, pkg_key, "OemPath", REGT_SZ,
                p->oem_path ? p->oem_path : "", why, out);
  virtio_ensure_raw(h, id, pkg_key, "Version", REGT_BINARY, version, 48, why, out);
  unsigned char b[8];
  le64(b, p->file_size);
  virtio_ensure_raw(h, id, pkg_key, "FileSize", REGT_QWORD, b, 8, why, out);
  /* The signer of the catalog. Microsoft's hardware publisher signs WHQL
   * and attestation packages alike; captures show 0x0D000005 (WHQL) for
   * one and 0x0D000004 (unclassified) for another, which the catalog's
   * name alone cannot tell apart: WHQL is assumed. */
  uint32_t score = !p->signer ? SIGNERSCORE_UNSIGNED
                   : strcmp(p->signer, MICROSOFT_HW_PUBLISHER) == 0
                       ? SIGNERSCORE_WHQL
                       : SIGNERSCORE_AUTHENTICODE;
  if (p->signer)
    ensure_string(h, id, pkg_key, "SignerName", REGT_SZ, p->signer, why, out);
  ensure_dword(h, id, pkg_key, "SignerScore", score, why, out);
  /* 0x12 in every captured package; its bits are not documented. */
  ensure_dword(h, id, pkg_key, "StatusFlags", 0x12, why, out);
  le64(b, p->import_time);
  if (ensure_present(h, id, pkg_key, "ImportDate", REGT_BINARY, b, 8, why,
                     out))
    virtio_ensure_raw(h, id, "DriverDatabase", "UpdateDate", REGT_BINARY, b, 8, why,
               out);
}

/* One driver-database registration (doc/virtio-win.md), mirroring what Windows
 * writes for an imported package: DriverInfFiles, DriverPackages (values,
 * Configurations, Descriptors, Strings), DeviceIds and OemInfMap, all
 * naming each other. No .pnf is written or referenced: Windows compiles
 * the .inf into one itself when it first opens it ("It is generated at
 * installation time by the OS. You don't create it yourself.",
 * https://learn.microsoft.com/en-us/answers/a/1832036). */
static int plan_driver_db(hive *h, enum hive_id id,
                          const struct virtio_package *p,
                          const struct virtio_inf_regs *regs,
                          struct change_list *out)
{
  struct driver_package info = {0};
  inf_parse_version(p->inf, p->inf_len, &info);
  char *class_guid = inf_get(p->inf, p->inf_len, "Version", "ClassGuid");
  unsigned char version[48];
  char *why = xasprintf("register %s (%s, %s) in the driver store",
                        p->inf_name, p->oem, info.driver_ver ? info.driver_ver
                                                             : "no DriverVer");
  int registered = 0;
  strlist configs = {0};
  if (virtio_version_value(class_guid, info.driver_ver, version) == -1)
    goto done;
  char *pkg_key = xasprintf("DriverDatabase\\DriverPackages\\%s", p->pkg);
  for (size_t i = 0; i < p->hwids.n; i++) {
    char *install, *desc, *mfg;
    if (inf_find_device(p->inf, p->inf_len, p->hwids.v[i], &install, &desc,
                        &mfg) == -1)
      continue;
    registered++;
    if (!strlist_contains_ci(&configs, install))
      strlist_add(&configs, install);
    char *k = xasprintf("%s\\Configurations\\%s", pkg_key, install);
    ensure_string(h, id, k, "Service", REGT_SZ, p->service, why, out);
    ensure_dword(h, id, k, "ConfigFlags", 0, why, out);
    ensure_dword(h, id, k, "ConfigScope", 7, why, out); /* as captured */
    /* The configuration carries what installing it writes: the device's
     * hardware key (interrupt management) and the service's values. */
    char *dev = xasprintf("%s\\Device", k);
    virtio_plan_inf_regs(h, id, dev, regs->device, regs->ndevice, why, out);
    char *svc = xasprintf("%s\\Services\\%s", k, p->service);
    virtio_plan_inf_regs(h, id, svc, regs->service, regs->nservice, why, out);
    free(svc);
    free(dev);
    free(k);
    strlist ids = inf_device_ids(p->inf, p->inf_len, p->hwids.v[i]);
    for (size_t j = 0; j < ids.n; j++)
      plan_device_id(h, id, p, pkg_key, ids.v[j], j == 0 ? 1 : 2, install,
                     desc, mfg, why, out);
    strlist_free(&ids);
    free(install), free(desc), free(mfg);
  }
  if (registered) {
    plan_package_values(h, id, p, pkg_key, &info, version, why, out);
    /* DeviceIds\{ClassGUID}\oemN.inf, empty REG_NONE: every third-party
     * package in captured driver databases has one for its class. */
    char *cls = xasprintf("DriverDatabase\\DeviceIds\\%s", class_guid);
    virtio_ensure_raw(h, id, cls, p->oem, REGT_NONE, "", 0, why, out);
    free(cls);
    char *inf_key = xasprintf("DriverDatabase\\DriverInfFiles\\%s", p->oem);
    char *items[] = {p->pkg, NULL};
    size_t len;
    char *multi = reg_encode_multi(items, &len);
    virtio_ensure_raw(h, id, inf_key, "", REGT_MULTI_SZ, multi, len, why, out);
    free(multi);
    ensure_string(h, id, inf_key, "Active", REGT_SZ, p->pkg, why, out);
    multi = reg_encode_multi(configs.v, &len);
    virtio_ensure_raw(h, id, inf_key, "Configurations", REGT_MULTI_SZ, multi, len,
               why, out);
    free(multi);
    free(inf_key);
    int n = -1;
    sscanf(p->oem, "%*3s%d", &n);
    if (n >= 0)
      plan_oem_map(h, id, n, why, out);
  }
  free(pkg_key);
done:
  strlist_free(&configs);
  free(why);
  free(class_guid);
  free(info.provider), free(info.catalog), free(info.class_name),
      free(info.driver_ver);
  return registered;
}

/* What installing the INF writes beside the service's own values: its
 * AddReg entries (Parameters), its event-log source and, from Windows 8,
 * the package that owns it. */
static void plan_service_extras(hive *sys, const char *cs,
                                const struct virtio_package *p,
                                const struct virtio_inf_regs *regs, bool win8,
                                struct change_list *out)
{
  char *why = xasprintf("%s as its INF installs it", p->service);
  char *key = xasprintf("%s\\Services\\%s", cs, p->service);
  virtio_plan_inf_regs(sys, HIVE_SYSTEM, key, regs->service, regs->nservice,
                       why, out);
  if (win8 && p->oem) {
    char *owners[] = {p->oem, NULL};
    size_t len;
    char *multi = reg_encode_multi(owners, &len);
    virtio_ensure_raw(sys, HIVE_SYSTEM, key, "Owners", REGT_MULTI_SZ, multi, len, why,
               out);
    free(multi);
  }
  char *log = xasprintf("%s\\Services\\EventLog\\System\\%s", cs,
                        p->service);
  virtio_plan_inf_regs(sys, HIVE_SYSTEM, log, regs->eventlog, regs->neventlog,
                       why, out);
  free(log);
  free(key);
  free(why);
}

void virtio_plan_storage_registry(hive *sys, hive *drivers,
                                  const strlist *control_sets,
                                  const struct virtio_package *p,
                                  struct change_list *out)
{
  bool win8 = virtio_has_driver_database(sys);
  struct virtio_inf_regs regs;
  virtio_inf_regs_read(p, &regs);
  for (size_t i = 0; i < control_sets->n; i++) {
    plan_service(sys, control_sets->v[i], p->service, out);
    plan_service_extras(sys, control_sets->v[i], p, &regs, win8, out);
    if (!win8)
      plan_cdd(sys, control_sets->v[i], p, out);
  }
  if (win8) {
    plan_driver_db(sys, HIVE_SYSTEM, p, &regs, out);
    if (drivers)
      plan_driver_db(drivers, HIVE_DRIVERS, p, &regs, out);
  }
  virtio_inf_regs_free(&regs);
}

void virtio_plan_device_path(hive *sw, const char *dir,
                             struct change_list *out)
{
  const char *key = "Microsoft\\Windows\\CurrentVersion";
  hive_node_h node = hive_lookup(sw, hive_root(sw), key);
  char *have = node ? hive_get_string(sw, node, "DevicePath") : NULL;
  char *copy = xstrdup(have ? have : ""), *save = NULL;
  for (char *p = strtok_r(copy, ";", &save); p; p = strtok_r(NULL, ";", &save))
    if (strcasecmp(p, dir) == 0)
      goto done;
  char *want = have && *have ? xasprintf("%s;%s", have, dir)
                             : xasprintf("%%SystemRoot%%\\inf;%s", dir);
  size_t len;
  char *data = reg_encode_sz(want, &len);
  change_set_raw(out, VIRTIO_FIXUP, HIVE_SOFTWARE, key, "DevicePath",
                 REGT_EXPAND_SZ, data, len,
                 "let PnP find the staged virtio drivers");
  free(data);
  free(want);
done:
  free(copy);
  free(have);
}
