/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finds the Xen PV components a guest carries (doc/registry.md), from the
 * hives and the driver packages already read. Pure: hive files in, a list
 * of findings out. The inventory is data/xen-inventory.conf. */
#include "v2v/xen_scan.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/datafile.h"

void xen_inventory_load(struct xen_inventory *inv)
{
  const char *t = data_xen_inventory;
  inv->services = datafile_section(t, "services");
  inv->filters = datafile_section(t, "filters");
  inv->start_override = datafile_section(t, "start-override");
  inv->providers = datafile_section(t, "providers");
  inv->catalogs = datafile_section(t, "catalogs");
  inv->hwids = datafile_section(t, "hardware-ids");
  inv->publishers = datafile_section(t, "uninstall-publishers");
  inv->inf_names = datafile_section(t, "inf-names");
}

void xen_inventory_free(struct xen_inventory *inv)
{
  strlist_free(&inv->services);
  strlist_free(&inv->filters);
  strlist_free(&inv->start_override);
  strlist_free(&inv->providers);
  strlist_free(&inv->catalogs);
  strlist_free(&inv->hwids);
  strlist_free(&inv->publishers);
  strlist_free(&inv->inf_names);
}

bool xen_package_is_xen(const struct driver_package *p,
                        const struct xen_inventory *inv)
{
  return (p->provider && strlist_contains_ci(&inv->providers, p->provider)) ||
         (p->catalog && strlist_contains_ci(&inv->catalogs, p->catalog));
}

strlist xen_db_packages(hive *const hives[HIVE_COUNT],
                        const struct xen_inventory *inv)
{
  strlist xen = {0};
  static const enum hive_id dbs[] = {HIVE_SYSTEM, HIVE_DRIVERS};
  for (int i = 0; i < 2; i++) {
    hive *h = hives[dbs[i]];
    hive_node_h pkgs = h ? hive_lookup(h, hive_root(h),
                                       "DriverDatabase\\DriverPackages")
                         : 0;
    hive_node_h *pk = pkgs ? hive_children(h, pkgs) : NULL;
    for (size_t j = 0; pk && pk[j]; j++) {
      char *provider = hive_get_string(h, pk[j], "Provider");
      if (provider && strlist_contains_ci(&inv->providers, provider))
        strlist_take(&xen, hive_node_name(h, pk[j]));
      free(provider);
    }
    free(pk);
  }
  return xen;
}

bool xen_repo_candidate(const char *folder, const strlist *xen_db,
                        const struct xen_inventory *inv)
{
  const char *dot = strcasestr(folder, ".inf_");
  if (!dot)
    return false;
  for (size_t i = 0; i < inv->inf_names.n; i++)
    if (strlen(inv->inf_names.v[i]) == (size_t)(dot - folder) &&
        strncasecmp(folder, inv->inf_names.v[i], (size_t)(dot - folder)) == 0)
      return true;
  return strlist_contains_ci(xen_db, folder);
}

struct scan {
  struct guest *g;
  hive *const *hives;
  const struct xen_inventory *inv;
};

static void add(struct scan *sc, enum xen_kind kind, enum hive_id h,
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
  for (size_t i = 0; i < g->nxen; i++) {
    struct xen_finding *f = &g->xen[i];
    if (f->kind == kind && f->hive == h && !strcasecmp(f->key ? f->key : "", key ? key : "") &&
        !strcasecmp(f->value ? f->value : "", value ? value : "") &&
        !strcmp(f->path ? f->path : "", path ? path : "")) {
      free(detail);
      return;
    }
  }
  g->xen = xrealloc(g->xen, (g->nxen + 1) * sizeof *g->xen);
  g->xen[g->nxen++] = (struct xen_finding){
      .kind = kind,
      .hive = h,
      .key = key ? xstrdup(key) : NULL,
      .value = value ? xstrdup(value) : NULL,
      .path = path ? xstrdup(path) : NULL,
      .name = xstrdup(name),
      .detail = detail,
  };
}

/* Upper/LowerFilters on KEY that name a Xen filter. */
static void scan_filters(struct scan *sc, hive *h, hive_node_h node)
{
  static const char *const values[] = {"UpperFilters", "LowerFilters", NULL};
  for (int i = 0; values[i]; i++) {
    char **list = hive_get_multi(h, node, values[i]);
    bool xen = false;
    char **rest = strv_without_ci(list, sc->inv->filters.v, &xen);
    if (xen) {
      char *key = hive_node_path(h, node);
      add(sc, XEN_FILTER, HIVE_SYSTEM, key, values[i], NULL, values[i],
          strv_join(list, ",", ""));
      free(key);
    }
    strv_free(rest);
    strv_free(list);
  }
}

static void scan_services(struct scan *sc, hive *h, hive_node_h cs,
                          const char *csname)
{
  hive_node_h services = hive_lookup(h, cs, "Services");
  if (!services)
    return;
  for (size_t i = 0; i < sc->inv->services.n; i++) {
    const char *svc = sc->inv->services.v[i];
    hive_node_h node = hive_lookup(h, services, svc);
    uint32_t start;
    if (!node)
      continue;
    if (hive_get_dword(h, node, "Start", &start) == 0 && start == 4)
      continue;
    char *name = hive_node_name(h, node);
    char *key = xasprintf("%s\\Services\\%s", csname, name);
    add(sc, XEN_SERVICE, HIVE_SYSTEM, key, "Start", NULL, name,
        hive_has_value(h, node, "Start") ? xasprintf("Start=%u", start)
                                         : xstrdup("no Start value"));
    free(key);
    free(name);
  }

  /* Services\XEN\{Unplug,ForceUnplug}, as values or as keys. */
  static const char *const unplug[] = {"Unplug", "ForceUnplug", NULL};
  hive_node_h xen = hive_lookup(h, services, "XEN");
  for (int i = 0; xen && unplug[i]; i++) {
    char *key = xasprintf("%s\\Services\\XEN", csname);
    if (hive_has_value(h, xen, unplug[i]))
      add(sc, XEN_UNPLUG, HIVE_SYSTEM, key, unplug[i], NULL, unplug[i],
          xstrdup("value"));
    if (hive_lookup(h, xen, unplug[i])) {
      char *sub = xasprintf("%s\\%s", key, unplug[i]);
      add(sc, XEN_UNPLUG, HIVE_SYSTEM, sub, NULL, NULL, unplug[i],
          xstrdup("key"));
      free(sub);
    }
    free(key);
  }

  /* Windows itself sets StartOverride on in-box storage drivers of
   * machines that never ran Xen: it is Xen's doing only where Xen's
   * drivers are (or were) installed. */
  bool xen_installed = false;
  for (size_t i = 0; i < sc->inv->services.n && !xen_installed; i++)
    xen_installed = hive_lookup(h, services, sc->inv->services.v[i]) != 0;
  for (size_t i = 0; i < sc->g->npackages && !xen_installed; i++)
    xen_installed = sc->g->packages[i].xen;
  for (size_t i = 0; xen_installed && i < sc->inv->start_override.n; i++) {
    const char *svc = sc->inv->start_override.v[i];
    char *path = xasprintf("%s\\StartOverride", svc);
    hive_node_h node = hive_lookup(h, services, path);
    free(path);
    if (!node)
      continue;
    char *key = hive_node_path(h, node);
    add(sc, XEN_START_OVERRIDE, HIVE_SYSTEM, key, NULL, NULL, svc,
        xstrdup("disables the in-box storage driver"));
    free(key);
  }
}

static bool is_xen_inf(struct scan *sc, const char *inf)
{
  for (size_t i = 0; i < sc->g->npackages; i++) {
    const struct driver_package *p = &sc->g->packages[i];
    if (p->xen && p->inf_name && strcasecmp(p->inf_name, inf) == 0)
      return true;
  }
  return false;
}

/* Control\Class\{cls}: Xen filters on the class, and NNNN instance keys
 * installed from a Xen oemN.inf. */
static void scan_classes(struct scan *sc, hive *h, hive_node_h control)
{
  hive_node_h classes = hive_lookup(h, control, "Class");
  hive_node_h *cls = classes ? hive_children(h, classes) : NULL;
  for (size_t i = 0; cls && cls[i]; i++) {
    scan_filters(sc, h, cls[i]);
    hive_node_h *inst = hive_children(h, cls[i]);
    for (size_t j = 0; inst[j]; j++) {
      char *inf = hive_get_string(h, inst[j], "InfPath");
      if (inf && is_xen_inf(sc, inf)) {
        char *key = hive_node_path(h, inst[j]);
        add(sc, XEN_CLASS_INSTANCE, HIVE_SYSTEM, key, NULL, NULL, inf,
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
static bool is_xen_hwid(struct scan *sc, const char *id)
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
    if ((svc && strlist_contains_ci(&sc->inv->services, svc)) ||
        is_xen_hwid(sc, name)) {
      char *key = hive_node_path(h, ids[i]);
      add(sc, XEN_CDD, HIVE_SYSTEM, key, NULL, NULL, name,
          xasprintf("Service=%s", svc ? svc : "(none)"));
      free(key);
    }
    free(svc);
    free(name);
  }
  free(ids);
}

/* A DeviceIds\<hwid> key lists the infs that match the ID, one value
 * each: Xen's values go, and the key too when nothing else is left. */
static void scan_device_id(struct scan *sc, enum hive_id hid,
                           hive_node_h node, const strlist *xen_infs)
{
  hive *h = sc->hives[hid];
  char **names = hive_value_names(h, node);
  size_t total = 0, xen = 0;
  for (; names[total]; total++)
    xen += strlist_contains_ci(xen_infs, names[total]);
  char *key = xen ? hive_node_path(h, node) : NULL;
  hive_node_h *children = hive_children(h, node);
  bool has_subkeys = children[0] != 0;
  free(children);
  if (xen && xen == total && !has_subkeys)
    add(sc, XEN_DRIVER_DB, hid, key, NULL, NULL, names[0],
        xstrdup("device ID matched only by Xen packages"));
  else
    for (size_t k = 0; xen && names[k]; k++)
      if (strlist_contains_ci(xen_infs, names[k]))
        add(sc, XEN_DRIVER_DB, hid, key, names[k], NULL, names[k],
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
  strlist xen_infs = {0};

  hive_node_h pkgs = hive_lookup(h, db, "DriverPackages");
  hive_node_h *pk = pkgs ? hive_children(h, pkgs) : NULL;
  for (size_t i = 0; pk && pk[i]; i++) {
    char *inf = hive_get_string(h, pk[i], "");
    char *provider = hive_get_string(h, pk[i], "Provider");
    if ((inf && is_xen_inf(sc, inf)) ||
        (provider && strlist_contains_ci(&sc->inv->providers, provider))) {
      char *key = hive_node_path(h, pk[i]);
      char *name = hive_node_name(h, pk[i]);
      add(sc, XEN_DRIVER_DB, hid, key, NULL, NULL, name,
          xasprintf("package of %s", inf ? inf : "?"));
      if (inf)
        strlist_add(&xen_infs, inf);
      free(name);
      free(key);
    }
    free(provider);
    free(inf);
  }
  free(pk);

  hive_node_h infs = hive_lookup(h, db, "DriverInfFiles");
  hive_node_h *in = infs ? hive_children(h, infs) : NULL;
  for (size_t i = 0; in && in[i]; i++) {
    char *name = hive_node_name(h, in[i]);
    if (is_xen_inf(sc, name) || strlist_contains_ci(&xen_infs, name)) {
      char *key = hive_node_path(h, in[i]);
      add(sc, XEN_DRIVER_DB, hid, key, NULL, NULL, name,
          xstrdup("inf registration"));
      if (!strlist_contains_ci(&xen_infs, name))
        strlist_add(&xen_infs, name);
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
        scan_device_id(sc, hid, nodes[j], &xen_infs);
    }
    free(lvl2);
  }
  free(lvl1);
  strlist_free(&xen_infs);
}

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
      if (pub && strlist_contains_ci(&sc->inv->publishers, pub)) {
        char *key = hive_node_path(h, apps[i]);
        char *name = hive_get_string(h, apps[i], "DisplayName");
        add(sc, XEN_UNINSTALL, HIVE_SOFTWARE, key, NULL, NULL,
            name ? name : key, hive_get_string(h, apps[i], "UninstallString"));
        free(name);
        free(key);
      }
      free(pub);
    }
    free(apps);
  }
}

void xen_scan(struct guest *g, hive *const hives[HIVE_COUNT],
              const struct xen_inventory *inv)
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
    if (!p->xen)
      continue;
    bool in_repo = strstr(p->path, "/FileRepository/") != NULL;
    if (in_repo) {
      char *dir = xstrdup(p->path);
      *strrchr(dir, '/') = '\0';
      add(&sc, XEN_REPO_DIR, HIVE_SYSTEM, NULL, NULL, dir, p->inf_name,
          xasprintf("Provider %s", p->provider ? p->provider : "?"));
      free(dir);
    } else {
      add(&sc, XEN_INF_FILE, HIVE_SYSTEM, NULL, NULL, p->path, p->inf_name,
          xasprintf("Provider %s", p->provider ? p->provider : "?"));
      if (p->pnf_path)
        add(&sc, XEN_INF_FILE, HIVE_SYSTEM, NULL, NULL, p->pnf_path,
            p->inf_name, xstrdup("precompiled inf"));
    }
  }
  scan_uninstall(&sc);
}
