/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Xen scan and the Xen removal plan, on hives built here: every item
 * of doc/registry.md goes, and everything that is not Xen's stays. */
#include "check.h"
#include "v2v/apply.h"
#include "v2v/fixup.h"
#include "v2v/session.h"
#include "v2v/pv_scan.h"

extern const struct fixup fixup_xen_removal;

#define SYSTEM_CLASS "{4D36E97D-E325-11CE-BFC1-08002BE10318}"
#define HDC_CLASS "{4D36E96A-E325-11CE-BFC1-08002BE10318}"
#define NET_CLASS "{4D36E972-E325-11CE-BFC1-08002BE10318}"
#define DISK_CLASS "{4D36E967-E325-11CE-BFC1-08002BE10318}"

static hive_node_h key(hive *h, const char *path)
{
  return hive_ensure(h, hive_root(h), path);
}

static void multi(hive *h, const char *path, const char *name, char *a,
                  char *b)
{
  char *items[] = {a, b, NULL};
  CHECK(hive_set_multi(h, key(h, path), name, items) == 0);
}

static void build_control_set(hive *h, const char *cs)
{
  char p[512];
#define P(...) (snprintf(p, sizeof p, __VA_ARGS__), p)
  const char *svcs[] = {"xenbus", "xenfilt", "xenvbd", "XENNET", NULL};
  for (int i = 0; svcs[i]; i++)
    CHECK(hive_set_dword(h, key(h, P("%s\\Services\\%s", cs, svcs[i])), "Start", i ? 3 : 0) == 0);
  CHECK(hive_set_dword(h, key(h, P("%s\\Services\\xeniface", cs)), "Start", 4) == 0);
  CHECK(hive_set_dword(h, key(h, P("%s\\Services\\disk", cs)), "Start", 0) == 0);
  CHECK(hive_set_multi(h, key(h, P("%s\\Services\\XEN", cs)), "Unplug", (char *[]){"DISKS", "NICS", NULL}) == 0);
  CHECK(hive_set_dword(h, key(h, P("%s\\Services\\XEN", cs)), "ForceUnplug", 1) == 0);
  CHECK(hive_set_dword(h, key(h, P("%s\\Services\\XEN\\ForceUnplug", cs)), "DISKS", 1) == 0);
  CHECK(hive_set_dword(h, key(h, P("%s\\Services\\storahci\\StartOverride", cs)), "0", 3) == 0);
  CHECK(hive_set_dword(h, key(h, P("%s\\Services\\storahci", cs)), "Start", 3) == 0);
  multi(h, P("%s\\Control\\Class\\" SYSTEM_CLASS, cs), "UpperFilters", "xenfilt", NULL);
  multi(h, P("%s\\Control\\Class\\" HDC_CLASS, cs), "UpperFilters", "XENFILT", NULL);
  multi(h, P("%s\\Control\\Class\\" NET_CLASS, cs), "UpperFilters", "XenPCI", "acmefw");
  multi(h, P("%s\\Control\\Class\\" DISK_CLASS, cs), "UpperFilters", "PartMgr", NULL);
  hive_node_h inst = key(h, P("%s\\Control\\Class\\" SYSTEM_CLASS "\\0042", cs));
  CHECK(hive_set_string(h, inst, "InfPath", REGT_SZ, "oem1.inf") == 0);
  inst = key(h, P("%s\\Control\\Class\\" SYSTEM_CLASS "\\0043", cs));
  CHECK(hive_set_string(h, inst, "InfPath", REGT_SZ, "oem0.inf") == 0);
  multi(h, P("%s\\Enum\\PCI\\VEN_8086&DEV_7010\\3&267a616a&0&09", cs), "UpperFilters", "xenfilt", NULL);
  CHECK(hive_set_string(h, key(h, P("%s\\Control\\CriticalDeviceDatabase\\pci#ven_5853&dev_0001", cs)),
                  "Service", REGT_SZ, "xenbus") == 0);
  CHECK(hive_set_string(h, key(h, P("%s\\Control\\CriticalDeviceDatabase\\xenbus#vbd", cs)),
                  "Service", REGT_SZ, "xenvbd") == 0);
  CHECK(hive_set_string(h, key(h, P("%s\\Control\\CriticalDeviceDatabase\\pci#ven_8086&dev_7010", cs)),
                  "Service", REGT_SZ, "intelide") == 0);
#undef P
}

static void build_driver_db(hive *h)
{
  hive_node_h n = key(h, "DriverDatabase\\DriverInfFiles\\oem1.inf");
  CHECK(hive_set_string(h, n, "Active", REGT_SZ, "xenbus.inf_amd64_0123456789abcdef") == 0);
  n = key(h, "DriverDatabase\\DriverPackages\\xenbus.inf_amd64_0123456789abcdef");
  CHECK(hive_set_string(h, n, "", REGT_SZ, "oem1.inf") == 0);
  CHECK(hive_set_string(h, n, "Provider", REGT_SZ, "XCP-ng") == 0);
  n = key(h, "DriverDatabase\\DriverPackages\\e1q62x64.inf_amd64_fedcba9876543210");
  CHECK(hive_set_string(h, n, "", REGT_SZ, "oem0.inf") == 0);
  CHECK(hive_set_string(h, n, "Provider", REGT_SZ, "Intel") == 0);
  key(h, "DriverDatabase\\DriverInfFiles\\oem0.inf");
  n = key(h, "DriverDatabase\\DeviceIds\\PCI\\VEN_5853&DEV_0001");
  CHECK(hive_set_raw(h, n, "oem1.inf", REGT_BINARY, "\x01\xff\x00\x00", 4) == 0);
  CHECK(hive_set_raw(h, n, "machine.inf", REGT_BINARY, "\x01\xff\x00\x00", 4) == 0);
  n = key(h, "DriverDatabase\\DeviceIds\\XENBUS\\VEN_XP0001&DEV_VBD");
  CHECK(hive_set_raw(h, n, "oem1.inf", REGT_BINARY, "\x01\xff\x00\x00", 4) == 0);
}

static struct driver_package pkg(const char *inf, const char *provider, bool xen)
{
  return (struct driver_package){
      .path = xasprintf("/c/Windows/INF/%s", inf), .inf_name = xstrdup(inf),
      .provider = xstrdup(provider), .vendor = xen ? PV_XEN : PV_NONE};
}

static size_t count_kind(const struct guest *g, enum pv_kind k)
{
  size_t n = 0;
  for (size_t i = 0; i < g->npv; i++)
    n += g->pv[i].kind == k;
  return n;
}

/* The Xen scan only: what xen-removal plans from. */
static void xen_scan(struct guest *g, hive *const hives[HIVE_COUNT])
{
  struct pv_inventory inv;
  pv_inventory_load(&inv, PV_XEN);
  pv_scan(g, hives, &inv);
  pv_inventory_free(&inv);
}

static void scan(struct session *s)
{
  guest_free_windows_scan(&s->guest);
  s->guest.packages = xcalloc(2, sizeof *s->guest.packages);
  s->guest.packages[0] = pkg("oem0.inf", "Intel", false);
  s->guest.packages[1] = pkg("oem1.inf", "Citrix Systems, Inc.", true);
  s->guest.npackages = 2;
  xen_scan(&s->guest, s->hives);
}

/* Driver store folders worth reading: a known Xen inf name, or a package
 * the driver database has from a Xen provider (read once for all). */
static void test_repo_candidates(void)
{
  char *f = check_hive_copy("DRIVERS-candidates");
  hive *hives[HIVE_COUNT] = {0};
  hive *h = hives[HIVE_DRIVERS] = hive_open(f, true);
  REQUIRE(h != NULL);
  CHECK(hive_set_string(h, key(h, "DriverDatabase\\DriverPackages\\pvdisk.inf_amd64_00aa"),
                        "Provider", REGT_SZ, "Xen Project") == 0);
  CHECK(hive_set_string(h, key(h, "DriverDatabase\\DriverPackages\\e1q62x64.inf_amd64_00bb"),
                        "Provider", REGT_SZ, "Intel") == 0);
  key(h, "DriverDatabase\\DriverPackages\\noprovider.inf_amd64_00cc");
  struct pv_inventory invs[PV_VENDOR_COUNT];
  pv_inventories_load(invs);
  strlist db = pv_db_packages(hives, invs);
  CHECK(db.n == 1 && strcmp(db.v[0], "pvdisk.inf_amd64_00aa") == 0);
  CHECK(pv_repo_candidate("pvdisk.inf_amd64_00aa", &db, invs));
  CHECK(pv_repo_candidate("PVDISK.INF_AMD64_00AA", &db, invs));
  CHECK(pv_repo_candidate("xenvbd.inf_amd64_1234", &db, invs)); /* by name */
  CHECK(!pv_repo_candidate("e1q62x64.inf_amd64_00bb", &db, invs));
  CHECK(!pv_repo_candidate("noprovider.inf_amd64_00cc", &db, invs));
  CHECK(!pv_repo_candidate("pvdisk", &db, invs));
  strlist_free(&db);
  pv_inventories_free(invs);
  hive_close(h);
  free(f);
}

/* A SYSTEM hive whose System class key, with xenfilt as its filter, is its
 * own parent (damaged or crafted):
 * the scan ends, records nothing from the loop, and the hive is marked so
 * that inspection refuses it. */
static void test_parent_loop(void)
{
  char *file = check_hive_copy("SYSTEM-loop");
  hive *h = hive_open(file, true);
  REQUIRE(h != NULL);
  hive_node_h x = hive_ensure(h, hive_root(h),
                              "ControlSet001\\Control\\Class\\" SYSTEM_CLASS);
  REQUIRE(x != 0);
  char *filters[] = {"xenfilt", NULL};
  CHECK(hive_set_multi(h, x, "UpperFilters", filters) == 0);
  CHECK(hive_commit(h, NULL) == RESULT_OK);
  hive_close(h);
  /* nk record: the parent offset (from the first bin, 0x1000) is 20 bytes
   * into the cell. */
  check_patch_le(file, (long)x + 20, (uint32_t)(x - 0x1000), 4);

  struct session s = {0};
  s.hives[HIVE_SYSTEM] = hive_open(file, false);
  REQUIRE(s.hives[HIVE_SYSTEM] != NULL);
  strlist_add(&s.guest.control_sets, "ControlSet001");
  xen_scan(&s.guest, s.hives);
  CHECK(count_kind(&s.guest, PV_FILTER) == 0);
  CHECK(hive_corruption(s.hives[HIVE_SYSTEM]) != NULL);
  hive_close(s.hives[HIVE_SYSTEM]);
  guest_free(&s.guest);
  free(file);
}

/* A machine that never ran Xen: Windows' own StartOverride on stornvme
 * and pciide is no Xen component and stays. */
static void test_no_xen_start_override(void)
{
  char *file = check_hive_copy("SYSTEM-noxen");
  struct session s = {0};
  hive *h = s.hives[HIVE_SYSTEM] = hive_open(file, true);
  REQUIRE(h != NULL);
  const char *drivers[] = {"stornvme", "pciide"};
  for (int i = 0; i < 2; i++) {
    char *k = xasprintf("ControlSet001\\Services\\%s\\StartOverride",
                        drivers[i]);
    CHECK(hive_set_dword(h, hive_ensure(h, hive_root(h), k), "0", 3) == 0);
    free(k);
  }
  strlist_add(&s.guest.control_sets, "ControlSet001");
  xen_scan(&s.guest, s.hives);
  CHECK(s.guest.npv == 0);
  hive_close(h);
  guest_free(&s.guest);
  free(file);
}

/* The older Citrix 5.x / 6.x driver set and XCP-ng's display driver are
 * Xen components too; so are XENVKBD\ device IDs. */
static void test_legacy_inventory(void)
{
  char *file = check_hive_copy("SYSTEM-legacy");
  struct session s = {0};
  hive *h = s.hives[HIVE_SYSTEM] = hive_open(file, true);
  REQUIRE(h != NULL);
  const char *svcs[] = {"xenevtchn", "xennet6", "xenv4v", "xstdvga"};
  for (int i = 0; i < 4; i++) {
    char *k = xasprintf("ControlSet001\\Services\\%s", svcs[i]);
    CHECK(hive_set_dword(h, hive_ensure(h, hive_root(h), k), "Start", 1) == 0);
    free(k);
  }
  hive_node_h cdd = hive_ensure(h, hive_root(h),
                                "ControlSet001\\Control\\CriticalDeviceDatabase\\"
                                "xenvkbd#vkbd");
  CHECK(hive_set_string(h, cdd, "Service", REGT_SZ, "somedriver") == 0);
  strlist_add(&s.guest.control_sets, "ControlSet001");
  xen_scan(&s.guest, s.hives);
  CHECK(count_kind(&s.guest, PV_SERVICE) == 4);
  CHECK(count_kind(&s.guest, PV_CDD) == 1);
  hive_close(h);
  guest_free(&s.guest);
  free(file);
}

int main(void)
{
  test_repo_candidates();
  struct options o = {.image = "unit"};
  struct session s = {.opts = &o};
  char *sysf = check_hive_copy("SYSTEM"), *drvf = check_hive_copy("DRIVERS");
  s.hives[HIVE_SYSTEM] = hive_open(sysf, true);
  s.hives[HIVE_DRIVERS] = hive_open(drvf, true);
  REQUIRE(s.hives[HIVE_SYSTEM] && s.hives[HIVE_DRIVERS]);
  hive *sys = s.hives[HIVE_SYSTEM];
  build_control_set(sys, "ControlSet001");
  build_control_set(sys, "ControlSet002");
  build_driver_db(sys);
  build_driver_db(s.hives[HIVE_DRIVERS]);
  strlist_add(&s.guest.control_sets, "ControlSet001");
  strlist_add(&s.guest.control_sets, "ControlSet002");

  scan(&s);
  /* Per control set: xenbus xenfilt xenvbd XENNET (xeniface is disabled). */
  CHECK(count_kind(&s.guest, PV_SERVICE) == 8);
  CHECK(count_kind(&s.guest, PV_FILTER) == 8); /* System HDC Net Enum x2 */
  CHECK(count_kind(&s.guest, PV_UNPLUG) == 6); /* 2 values + 1 key, x2 */
  CHECK(count_kind(&s.guest, PV_START_OVERRIDE) == 2);
  CHECK(count_kind(&s.guest, PV_CDD) == 4);
  CHECK(count_kind(&s.guest, PV_CLASS_INSTANCE) == 2);
  /* Per hive: DriverInfFiles, DriverPackages, a DeviceIds value, a
   * DeviceIds key that only Xen matched. */
  CHECK(count_kind(&s.guest, PV_DRIVER_DB) == 8);
  CHECK(count_kind(&s.guest, PV_INF_FILE) == 1);

  struct change_list plan = {0};
  strlist warnings = {0};
  CHECK(fixup_xen_removal.plan(&s, &plan, &warnings) == RESULT_OK);
  size_t registry = 0;
  for (size_t i = 0; i < plan.n; i++)
    registry += change_is_registry(&plan.v[i]);
  CHECK(registry == plan.n - 1);
  CHECK(apply_registry_changes(&s, &plan) == 0);
  change_list_free(&plan);

  /* Read the hives back the way a new run would. */
  for (int i = 0; i < HIVE_COUNT; i++)
    if (s.hives[i]) {
      CHECK(hive_commit(s.hives[i], hive_filename(s.hives[i])) == 0);
      hive_close(s.hives[i]);
      s.hives[i] = hive_open(i == HIVE_SYSTEM ? sysf : drvf, true);
    }
  sys = s.hives[HIVE_SYSTEM];
  hive_node_h root = hive_root(sys);
  const char *css[] = {"ControlSet001", "ControlSet002"};
  for (int c = 0; c < 2; c++) {
    char p[512];
#define AT(...) (snprintf(p, sizeof p, __VA_ARGS__), hive_lookup(sys, root, p))
    uint32_t v = 0;
    CHECK(hive_get_dword(sys, AT("%s\\Services\\xenbus", css[c]), "Start", &v) == 0 && v == 4);
    CHECK(hive_get_dword(sys, AT("%s\\Services\\XENNET", css[c]), "Start", &v) == 0 && v == 4);
    CHECK(hive_get_dword(sys, AT("%s\\Services\\disk", css[c]), "Start", &v) == 0 && v == 0);
    CHECK(hive_get_dword(sys, AT("%s\\Services\\storahci", css[c]), "Start", &v) == 0 && v == 3);
    CHECK(AT("%s\\Services\\storahci\\StartOverride", css[c]) == 0);
    CHECK(AT("%s\\Services\\XEN", css[c]) != 0);
    CHECK(!hive_has_value(sys, AT("%s\\Services\\XEN", css[c]), "Unplug"));
    CHECK(!hive_has_value(sys, AT("%s\\Services\\XEN", css[c]), "ForceUnplug"));
    CHECK(AT("%s\\Services\\XEN\\ForceUnplug", css[c]) == 0);
    CHECK(!hive_has_value(sys, AT("%s\\Control\\Class\\" SYSTEM_CLASS, css[c]), "UpperFilters"));
    CHECK(!hive_has_value(sys, AT("%s\\Control\\Class\\" HDC_CLASS, css[c]), "UpperFilters"));
    char **net = hive_get_multi(sys, AT("%s\\Control\\Class\\" NET_CLASS, css[c]), "UpperFilters");
    CHECK(net && net[0] && !net[1] && !strcmp(net[0], "acmefw"));
    strv_free(net);
    char **disk = hive_get_multi(sys, AT("%s\\Control\\Class\\" DISK_CLASS, css[c]), "UpperFilters");
    CHECK(disk && disk[0] && !strcmp(disk[0], "PartMgr"));
    strv_free(disk);
    CHECK(AT("%s\\Control\\Class\\" SYSTEM_CLASS "\\0042", css[c]) == 0);
    CHECK(AT("%s\\Control\\Class\\" SYSTEM_CLASS "\\0043", css[c]) != 0);
    CHECK(!hive_has_value(sys, AT("%s\\Enum\\PCI\\VEN_8086&DEV_7010\\3&267a616a&0&09", css[c]), "UpperFilters"));
    CHECK(AT("%s\\Control\\CriticalDeviceDatabase\\pci#ven_5853&dev_0001", css[c]) == 0);
    CHECK(AT("%s\\Control\\CriticalDeviceDatabase\\xenbus#vbd", css[c]) == 0);
    CHECK(AT("%s\\Control\\CriticalDeviceDatabase\\pci#ven_8086&dev_7010", css[c]) != 0);
#undef AT
  }
  for (int i = HIVE_SYSTEM; i <= HIVE_DRIVERS; i += HIVE_DRIVERS) {
    hive *h = s.hives[i];
    hive_node_h r = hive_root(h);
    CHECK(hive_lookup(h, r, "DriverDatabase\\DriverInfFiles\\oem1.inf") == 0);
    CHECK(hive_lookup(h, r, "DriverDatabase\\DriverInfFiles\\oem0.inf") != 0);
    CHECK(hive_lookup(h, r, "DriverDatabase\\DriverPackages\\xenbus.inf_amd64_0123456789abcdef") == 0);
    CHECK(hive_lookup(h, r, "DriverDatabase\\DriverPackages\\e1q62x64.inf_amd64_fedcba9876543210") != 0);
    hive_node_h ids = hive_lookup(h, r, "DriverDatabase\\DeviceIds\\PCI\\VEN_5853&DEV_0001");
    CHECK(!hive_has_value(h, ids, "oem1.inf") && hive_has_value(h, ids, "machine.inf"));
    CHECK(hive_lookup(h, r, "DriverDatabase\\DeviceIds\\XENBUS\\VEN_XP0001&DEV_VBD") == 0);
    CHECK(hive_lookup(h, r, "DriverDatabase\\DeviceIds\\XENBUS") != 0);
  }

  /* A second pass over the fixed hives finds only the file still to go
   * (the unit test deletes no files) and plans nothing for the registry. */
  scan(&s);
  CHECK(s.guest.npv == 1 && s.guest.pv[0].kind == PV_INF_FILE);
  CHECK(fixup_xen_removal.plan(&s, &plan, &warnings) == RESULT_OK);
  CHECK(plan.n == 1 && plan.v[0].op == CHG_DELETE_FILE);
  CHECK(warnings.n == 0);
  strlist_free(&warnings);
  change_list_free(&plan);

  for (int i = 0; i < HIVE_COUNT; i++)
    hive_close(s.hives[i]);
  guest_free(&s.guest);
  free(sysf);
  free(drvf);
  test_parent_loop();
  test_no_xen_start_override();
  test_legacy_inventory();
  return check_report("xen-removal");
}
