/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finds the paravirtual drivers and tools a guest carries, from the hives
 * and the driver packages already read: the Xen PV drivers
 * (doc/registry.md) and VMware Tools (doc/vmware-tools.md). Pure: hive
 * files in, a list of findings out, each tagged with its vendor. The
 * inventories are data/xen-inventory.conf and data/vmware-inventory.conf. */
#include "v2v/pv_scan.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/datafile.h"

void pv_inventory_load(struct pv_inventory *inv, enum pv_vendor vendor)
{
  memset(inv, 0, sizeof *inv);
  inv->vendor = vendor;
  const char *t = vendor == PV_XEN      ? data_xen_inventory
                  : vendor == PV_VMWARE ? data_vmware_inventory
                                        : "";
  inv->services = datafile_section(t, "services");
  inv->filters = datafile_section(t, "filters");
  inv->kept = datafile_section(t, "kept");
  inv->start_override = datafile_section(t, "start-override");
  inv->unplug = datafile_section(t, "unplug");
  inv->providers = datafile_section(t, "providers");
  inv->catalogs = datafile_section(t, "catalogs");
  inv->hwids = datafile_section(t, "hardware-ids");
  inv->publishers = datafile_section(t, "uninstall-publishers");
  inv->uninstall_names = datafile_section(t, "uninstall-names");
  inv->inf_names = datafile_section(t, "inf-names");
  const strlist *from[] = {&inv->filters, &inv->services};
  for (int i = 0; i < 2; i++)
    for (size_t j = 0; j < from[i]->n; j++)
      if (!strlist_contains_ci(&inv->kept, from[i]->v[j]) &&
          !strlist_contains_ci(&inv->removable, from[i]->v[j]))
        strlist_add(&inv->removable, from[i]->v[j]);
}

void pv_inventory_free(struct pv_inventory *inv)
{
  strlist *all[] = {&inv->services, &inv->filters, &inv->kept,
                    &inv->start_override, &inv->unplug, &inv->providers,
                    &inv->catalogs, &inv->hwids, &inv->publishers,
                    &inv->uninstall_names, &inv->inf_names, &inv->removable};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    strlist_free(all[i]);
}

void pv_inventories_load(struct pv_inventory invs[PV_VENDOR_COUNT])
{
  for (int v = 0; v < PV_VENDOR_COUNT; v++)
    pv_inventory_load(&invs[v], (enum pv_vendor)v);
}

void pv_inventories_free(struct pv_inventory invs[PV_VENDOR_COUNT])
{
  for (int v = 0; v < PV_VENDOR_COUNT; v++)
    pv_inventory_free(&invs[v]);
}

/* Whether NAME, up to its first dot, is one of LIST. */
static bool base_in(const strlist *list, const char *name)
{
  size_t n = strcspn(name, ".");
  for (size_t i = 0; i < list->n; i++)
    if (strlen(list->v[i]) == n && strncasecmp(name, list->v[i], n) == 0)
      return true;
  return false;
}

bool pv_name_kept(const struct pv_inventory *inv, const char *name)
{
  return name && base_in(&inv->kept, name);
}

void pv_package_classify(struct driver_package *p,
                         const struct pv_inventory invs[PV_VENDOR_COUNT])
{
  p->vendor = PV_NONE;
  p->kept = false;
  for (int v = PV_NONE + 1; v < PV_VENDOR_COUNT && !p->vendor; v++) {
    const struct pv_inventory *inv = &invs[v];
    if ((p->provider && strlist_contains_ci(&inv->providers, p->provider)) ||
        (p->catalog && strlist_contains_ci(&inv->catalogs, p->catalog))) {
      p->vendor = inv->vendor;
      p->kept = pv_name_kept(inv, p->catalog) || pv_name_kept(inv, p->inf_name);
    }
  }
}

strlist pv_db_packages(hive *const hives[HIVE_COUNT],
                       const struct pv_inventory invs[PV_VENDOR_COUNT])
{
  strlist names = {0};
  static const enum hive_id dbs[] = {HIVE_SYSTEM, HIVE_DRIVERS};
  for (int i = 0; i < 2; i++) {
    hive *h = hives[dbs[i]];
    hive_node_h pkgs = h ? hive_lookup(h, hive_root(h),
                                       "DriverDatabase\\DriverPackages")
                         : 0;
    hive_node_h *pk = pkgs ? hive_children(h, pkgs) : NULL;
    for (size_t j = 0; pk && pk[j]; j++) {
      char *provider = hive_get_string(h, pk[j], "Provider");
      bool ours = false;
      for (int v = PV_NONE + 1; provider && v < PV_VENDOR_COUNT && !ours; v++)
        ours = strlist_contains_ci(&invs[v].providers, provider);
      if (ours)
        strlist_take(&names, hive_node_name(h, pk[j]));
      free(provider);
    }
    free(pk);
  }
  return names;
}

bool pv_repo_candidate(const char *folder, const strlist *db_packages,
                       const struct pv_inventory invs[PV_VENDOR_COUNT])
{
  const char *dot = strcasestr(folder, ".inf_");
  if (!dot)
    return false;
  for (int v = PV_NONE + 1; v < PV_VENDOR_COUNT; v++)
    if (base_in(&invs[v].inf_names, folder))
      return true;
  return strlist_contains_ci(db_packages, folder);
}

struct scan {
  struct guest *g;
  hive *const *hives;
  const struct pv_inventory *inv;
};

static void add(struct scan *sc, enum pv_kind kind, bool kept, enum hive_id h,
                const char *key, const char *value, const char *path,
                const char *name, char *detail /* taken */)
{
  struct guest *g = sc->g;
  if (!key && !path) { /* the hive is damaged there (hive_corruption) */
    free(detail);
    return;
  }
  /* The same key can be reached twice (a package found by its inf file
   * and by its Provider): record it once. */
  for (size_t i = 0; i < g->npv; i++) {
    struct pv_finding *f = &g->pv[i];
    if (f->vendor == sc->inv->vendor && f->kind == kind && f->hive == h &&
        !strcasecmp(f->key ? f->key : "", key ? key : "") &&
        !strcasecmp(f->value ? f->value : "", value ? value : "") &&
        !strcmp(f->path ? f->path : "", path ? path : "")) {
      free(detail);
      return;
    }
  }
  g->pv = xrealloc(g->pv, (g->npv + 1) * sizeof *g->pv);
  g->pv[g->npv++] = (struct pv_finding){
      .vendor = sc->inv->vendor,
      .kind = kind,
      .kept = kept,
      .hive = h,
      .key = key ? xstrdup(key) : NULL,
      .value = value ? xstrdup(value) : NULL,
      .path = path ? xstrdup(path) : NULL,
      .name = xstrdup(name),
      .detail = detail,
  };
}

/* Upper/LowerFilters on KEY that name one of the vendor's drivers. */
static void scan_filters(struct scan *sc, hive *h, hive_node_h node)
{
  static const char *const values[] = {"UpperFilters", "LowerFilters", NULL};
  for (int i = 0; values[i]; i++) {
    char **list = hive_get_multi(h, node, values[i]);
    bool found = false;
    char **rest = strv_without_ci(list, sc->inv->removable.v, &found);
    if (found) {
      char *key = hive_node_path(h, node);
      add(sc, PV_FILTER, false, HIVE_SYSTEM, key, values[i], NULL, values[i],
          strv_join(list, ",", ""));
      free(key);
    }
    strv_free(rest);
    strv_free(list);
  }
}

/* Whether the vendor's drivers are (or were) installed: one of its
 * services is in SERVICES, or one of its packages was read. */
static bool vendor_installed(struct scan *sc, hive *h, hive_node_h services)
{
  for (size_t i = 0; i < sc->inv->services.n; i++)
    if (hive_lookup(h, services, sc->inv->services.v[i]))
      return true;
  for (size_t i = 0; i < sc->g->npackages; i++)
    if (sc->g->packages[i].vendor == sc->inv->vendor)
      return true;
  return false;
}

/* Services\<svc> of each name in NAMES that is not disabled. */
static void scan_service_list(struct scan *sc, hive *h, hive_node_h services,
                              const char *csname, const strlist *names,
                              bool kept)
{
  for (size_t i = 0; i < names->n; i++) {
    hive_node_h node = hive_lookup(h, services, names->v[i]);
    uint32_t start;
    if (!node)
      continue;
    if (hive_get_dword(h, node, "Start", &start) == 0 && start == 4)
      continue;
    char *name = hive_node_name(h, node);
    char *key = xasprintf("%s\\Services\\%s", csname, name);
    add(sc, PV_SERVICE, kept, HIVE_SYSTEM, key, "Start", NULL, name,
        hive_has_value(h, node, "Start") ? xasprintf("Start=%u", start)
                                         : xstrdup("no Start value"));
    free(key);
    free(name);
  }
}

static void scan_services(struct scan *sc, hive *h, hive_node_h cs,
                          const char *csname)
{
  hive_node_h services = hive_lookup(h, cs, "Services");
  if (!services)
    return;
  scan_service_list(sc, h, services, csname, &sc->inv->services, false);
  /* Windows' own services go by some of the same names (pvscsi): they
   * are the vendor's only where the vendor's drivers are (or were). */
  bool installed = vendor_installed(sc, h, services);
  if (installed)
    scan_service_list(sc, h, services, csname, &sc->inv->kept, true);

  /* Services\XEN\{Unplug,ForceUnplug}, as values or as keys: the
   * inventory's [unplug] lines, "service\name". */
  for (size_t i = 0; i < sc->inv->unplug.n; i++) {
    const char *line = sc->inv->unplug.v[i];
    const char *sep = strrchr(line, '\\');
    if (!sep)
      continue;
    char *svc = xasprintf("%.*s", (int)(sep - line), line);
    const char *what = sep + 1;
    hive_node_h node = hive_lookup(h, services, svc);
    char *key = xasprintf("%s\\Services\\%s", csname, svc);
    if (node && hive_has_value(h, node, what))
      add(sc, PV_UNPLUG, false, HIVE_SYSTEM, key, what, NULL, what,
          xstrdup("value"));
    if (node && hive_lookup(h, node, what)) {
      char *sub = xasprintf("%s\\%s", key, what);
      add(sc, PV_UNPLUG, false, HIVE_SYSTEM, sub, NULL, NULL, what,
          xstrdup("key"));
      free(sub);
    }
    free(key);
    free(svc);
  }

  /* Windows itself sets StartOverride on in-box storage drivers of
   * machines that never ran Xen: it is Xen's doing only where Xen's
   * drivers are (or were) installed. */
  for (size_t i = 0; installed && i < sc->inv->start_override.n; i++) {
    const char *svc = sc->inv->start_override.v[i];
    char *path = xasprintf("%s\\StartOverride", svc);
    hive_node_h node = hive_lookup(h, services, path);
    free(path);
    if (!node)
      continue;
    char *key = hive_node_path(h, node);
    add(sc, PV_START_OVERRIDE, false, HIVE_SYSTEM, key, NULL, NULL, svc,
        xstrdup("disables the in-box storage driver"));
    free(key);
  }
}

/* The vendor's package read from the inf named INF (oemN.inf), or NULL. */
static const struct driver_package *vendor_package(struct scan *sc,
                                                   const char *inf)
{
  for (size_t i = 0; inf && i < sc->g->npackages; i++) {
    const struct driver_package *p = &sc->g->packages[i];
    if (p->vendor == sc->inv->vendor && p->inf_name &&
        strcasecmp(p->inf_name, inf) == 0)
      return p;
  }
  return NULL;
}

/* Control\Class\{cls}: the vendor's filters on the class, and NNNN
 * instance keys installed from one of its oemN.inf. */
static void scan_classes(struct scan *sc, hive *h, hive_node_h control)
{
  hive_node_h classes = hive_lookup(h, control, "Class");
  hive_node_h *cls = classes ? hive_children(h, classes) : NULL;
  for (size_t i = 0; cls && cls[i]; i++) {
    scan_filters(sc, h, cls[i]);
    hive_node_h *inst = hive_children(h, cls[i]);
    for (size_t j = 0; inst[j]; j++) {
      char *inf = hive_get_string(h, inst[j], "InfPath");
      const struct driver_package *p = vendor_package(sc, inf);
      if (p) {
        char *key = hive_node_path(h, inst[j]);
        add(sc, PV_CLASS_INSTANCE, p->kept, HIVE_SYSTEM, key, NULL, NULL, inf,
            hive_get_string(h, inst[j], "DriverDesc"));
        free(key);
      }
      free(inf);
    }
    free(inst);
  }
  free(cls);
}

/* Device instances: Enum\<bus>\<device id>\<instance>. */
static void scan_enum(struct scan *sc, hive *h, hive_node_h cs)
{
  hive_node_h en = hive_lookup(h, cs, "Enum");
  hive_node_h *bus = en ? hive_children(h, en) : NULL;
  for (size_t i = 0; bus && bus[i]; i++) {
    hive_node_h *dev = hive_children(h, bus[i]);
    for (size_t j = 0; dev[j]; j++) {
      hive_node_h *inst = hive_children(h, dev[j]);
      for (size_t k = 0; inst[k]; k++)
        scan_filters(sc, h, inst[k]);
      free(inst);
    }
    free(dev);
  }
  free(bus);
}

/* A CriticalDeviceDatabase key names a hardware ID with '#' for '\'. */
static bool is_vendor_hwid(struct scan *sc, const char *id)
{
  for (size_t i = 0; i < sc->inv->hwids.n; i++) {
    const char *p = sc->inv->hwids.v[i];
    size_t k = 0;
    for (; p[k] && id[k]; k++) {
      char a = p[k] == '\\' ? '#' : p[k], b = id[k] == '\\' ? '#' : id[k];
      if ((a | 0x20) != (b | 0x20))
        break;
    }
    if (!p[k])
      return true;
  }
  return false;
}

static void scan_cdd(struct scan *sc, hive *h, hive_node_h control)
{
  hive_node_h cdd = hive_lookup(h, control, "CriticalDeviceDatabase");
  hive_node_h *ids = cdd ? hive_children(h, cdd) : NULL;
  for (size_t i = 0; ids && ids[i]; i++) {
    char *name = hive_node_name(h, ids[i]);
    char *svc = hive_get_string(h, ids[i], "Service");
    bool kept = svc && strlist_contains_ci(&sc->inv->kept, svc);
    if ((svc && strlist_contains_ci(&sc->inv->services, svc)) || kept ||
        is_vendor_hwid(sc, name)) {
      char *key = hive_node_path(h, ids[i]);
      add(sc, PV_CDD, kept, HIVE_SYSTEM, key, NULL, NULL, name,
          xasprintf("Service=%s", svc ? svc : "(none)"));
      free(key);
    }
    free(svc);
    free(name);
  }
  free(ids);
}

/* A DeviceIds\<hwid> key lists the infs that match the ID, one value
 * each: the vendor's values go, and the key too when nothing else is
 * left. INFS: the vendor's infs that go (kept ones count as others). */
static void scan_device_id(struct scan *sc, enum hive_id hid,
                           hive_node_h node, const strlist *infs)
{
  hive *h = sc->hives[hid];
  char **names = hive_value_names(h, node);
  size_t total = 0, ours = 0;
  for (; names[total]; total++)
    ours += strlist_contains_ci(infs, names[total]);
  char *key = ours ? hive_node_path(h, node) : NULL;
  hive_node_h *children = hive_children(h, node);
  bool has_subkeys = children[0] != 0;
  free(children);
  const char *label = pv_vendor_label(sc->inv->vendor);
  if (ours && ours == total && !has_subkeys)
    add(sc, PV_DRIVER_DB, false, hid, key, NULL, NULL, names[0],
        xasprintf("device ID matched only by %s packages", label));
  else
    for (size_t k = 0; ours && names[k]; k++)
      if (strlist_contains_ci(infs, names[k]))
        add(sc, PV_DRIVER_DB, false, hid, key, names[k], NULL, names[k],
            xstrdup("device ID match"));
  free(key);
  strv_free(names);
}

/* DriverDatabase (Windows 8+), in the SYSTEM root and the DRIVERS hive. */
static void scan_driver_db(struct scan *sc, enum hive_id hid)
{
  hive *h = sc->hives[hid];
  hive_node_h db = h ? hive_lookup(h, hive_root(h), "DriverDatabase") : 0;
  if (!db)
    return;
  strlist infs = {0}, kept_infs = {0};

  hive_node_h pkgs = hive_lookup(h, db, "DriverPackages");
  hive_node_h *pk = pkgs ? hive_children(h, pkgs) : NULL;
  for (size_t i = 0; pk && pk[i]; i++) {
    char *inf = hive_get_string(h, pk[i], "");
    char *provider = hive_get_string(h, pk[i], "Provider");
    const struct driver_package *p = vendor_package(sc, inf);
    if (p || (provider && strlist_contains_ci(&sc->inv->providers, provider))) {
      char *key = hive_node_path(h, pk[i]);
      char *name = hive_node_name(h, pk[i]);
      bool kept = p ? p->kept : pv_name_kept(sc->inv, name);
      add(sc, PV_DRIVER_DB, kept, hid, key, NULL, NULL, name,
          xasprintf("package of %s", inf ? inf : "?"));
      if (inf)
        strlist_add(kept ? &kept_infs : &infs, inf);
      free(name);
      free(key);
    }
    free(provider);
    free(inf);
  }
  free(pk);

  hive_node_h inf_files = hive_lookup(h, db, "DriverInfFiles");
  hive_node_h *in = inf_files ? hive_children(h, inf_files) : NULL;
  for (size_t i = 0; in && in[i]; i++) {
    char *name = hive_node_name(h, in[i]);
    const struct driver_package *p = vendor_package(sc, name);
    bool kept = p ? p->kept : strlist_contains_ci(&kept_infs, name);
    if (p || kept || strlist_contains_ci(&infs, name)) {
      char *key = hive_node_path(h, in[i]);
      add(sc, PV_DRIVER_DB, kept, hid, key, NULL, NULL, name,
          xstrdup("inf registration"));
      strlist *to = kept ? &kept_infs : &infs;
      if (!strlist_contains_ci(to, name))
        strlist_add(to, name);
      free(key);
    }
    free(name);
  }
  free(in);

  /* DeviceIds\<bus>\<hwid> (or DeviceIds\<hwid>): values named oemN.inf. */
  hive_node_h ids = hive_lookup(h, db, "DeviceIds");
  hive_node_h *lvl1 = ids ? hive_children(h, ids) : NULL;
  for (size_t i = 0; lvl1 && lvl1[i]; i++) {
    hive_node_h *lvl2 = hive_children(h, lvl1[i]);
    hive_node_h self[2] = {lvl1[i], 0};
    for (int pass = 0; pass < 2; pass++) {
      hive_node_h *nodes = pass ? lvl2 : self;
      for (size_t j = 0; nodes[j]; j++)
        scan_device_id(sc, hid, nodes[j], &infs);
    }
    free(lvl2);
  }
  free(lvl1);
  strlist_free(&infs);
  strlist_free(&kept_infs);
}

/* Uninstall entries of the vendor's publishers; with [uninstall-names],
 * only those of these products (a publisher makes other products too). */
static void scan_uninstall(struct scan *sc)
{
  hive *h = sc->hives[HIVE_SOFTWARE];
  static const char *const roots[] = {
      "Microsoft\\Windows\\CurrentVersion\\Uninstall",
      "Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall", NULL};
  for (int r = 0; h && roots[r]; r++) {
    hive_node_h un = hive_lookup(h, hive_root(h), roots[r]);
    hive_node_h *apps = un ? hive_children(h, un) : NULL;
    for (size_t i = 0; apps && apps[i]; i++) {
      char *pub = hive_get_string(h, apps[i], "Publisher");
      char *name = hive_get_string(h, apps[i], "DisplayName");
      if (pub && strlist_contains_ci(&sc->inv->publishers, pub) &&
          (!sc->inv->uninstall_names.n ||
           (name && strlist_contains_ci(&sc->inv->uninstall_names, name)))) {
        char *key = hive_node_path(h, apps[i]);
        add(sc, PV_UNINSTALL, false, HIVE_SOFTWARE, key, NULL, NULL,
            name ? name : key, hive_get_string(h, apps[i], "UninstallString"));
        free(key);
      }
      free(name);
      free(pub);
    }
    free(apps);
  }
}

void pv_scan(struct guest *g, hive *const hives[HIVE_COUNT],
             const struct pv_inventory *inv)
{
  struct scan sc = {.g = g, .hives = hives, .inv = inv};
  hive *sys = hives[HIVE_SYSTEM];
  for (size_t i = 0; sys && i < g->control_sets.n; i++) {
    const char *csname = g->control_sets.v[i];
    hive_node_h cs = hive_lookup(sys, hive_root(sys), csname);
    hive_node_h control = cs ? hive_lookup(sys, cs, "Control") : 0;
    if (!cs)
      continue;
    scan_services(&sc, sys, cs, csname);
    if (control) {
      scan_classes(&sc, sys, control);
      scan_cdd(&sc, sys, control);
    }
    scan_enum(&sc, sys, cs);
  }
  scan_driver_db(&sc, HIVE_SYSTEM);
  scan_driver_db(&sc, HIVE_DRIVERS);

  for (size_t i = 0; i < g->npackages; i++) {
    const struct driver_package *p = &g->packages[i];
    if (p->vendor != inv->vendor)
      continue;
    bool in_repo = strstr(p->path, "/FileRepository/") != NULL;
    if (in_repo) {
      char *dir = xstrdup(p->path);
      *strrchr(dir, '/') = '\0';
      add(&sc, PV_REPO_DIR, p->kept, HIVE_SYSTEM, NULL, NULL, dir, p->inf_name,
          xasprintf("Provider %s", p->provider ? p->provider : "?"));
      free(dir);
    } else {
      add(&sc, PV_INF_FILE, p->kept, HIVE_SYSTEM, NULL, NULL, p->path,
          p->inf_name,
          xasprintf("Provider %s", p->provider ? p->provider : "?"));
      if (p->pnf_path)
        add(&sc, PV_INF_FILE, p->kept, HIVE_SYSTEM, NULL, NULL, p->pnf_path,
            p->inf_name, xstrdup("precompiled inf"));
    }
  }
  scan_uninstall(&sc);
}
