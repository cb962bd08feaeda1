/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The VMware Tools scan and removal plan, on hives built here: every item
 * of doc/vmware-tools.md goes, the paravirtual SCSI driver is reported and
 * kept, and what is not VMware's (or is another VMware product) stays. A
 * filter list holding both Xen and VMware filters loses both. */
#include "check.h"
#include "v2v/apply.h"
#include "v2v/fixup.h"
#include "v2v/pv_scan.h"
#include "v2v/session.h"

extern const struct fixup fixup_xen_removal;
extern const struct fixup fixup_vmware_tools_removal;

#define MOUSE_CLASS "{4D36E96F-E325-11CE-BFC1-08002BE10318}"
#define NET_CLASS "{4D36E972-E325-11CE-BFC1-08002BE10318}"
#define SCSI_CLASS "{4D36E97B-E325-11CE-BFC1-08002BE10318}"
#define HDC_CLASS "{4D36E96A-E325-11CE-BFC1-08002BE10318}"
#define PS2_MOUSE "ACPI\\PNP0F13\\4&1bd7f811&0"
#define USB_MOUSE "HID\\VID_0E0F&PID_0003&MI_01\\7&2a4e1b5c&0&0000"
#define TOOLS_MSI "{1FF5D624-5515-4343-837A-E54C101573E6}"

static hive_node_h key(hive *h, const char *path)
{
  return hive_ensure(h, hive_root(h), path);
}

static void dword(hive *h, const char *path, const char *name, uint32_t v)
{
  CHECK(hive_set_dword(h, key(h, path), name, v) == 0);
}

static void sz(hive *h, const char *path, const char *name, const char *v)
{
  CHECK(hive_set_string(h, key(h, path), name, REGT_SZ, v) == 0);
}

static void multi(hive *h, const char *path, const char *name, char *a,
                  char *b, char *c)
{
  char *items[] = {a, b, c, NULL};
  CHECK(hive_set_multi(h, key(h, path), name, items) == 0);
}

static void build_control_set(hive *h)
{
  const char *cs = "ControlSet001";
  char p[512];
#define P(...) (snprintf(p, sizeof p, __VA_ARGS__), p)
  /* VMware Tools 12 on Windows Server 2016: services as installed. */
  const struct { const char *svc; uint32_t start; } svcs[] = {
      {"VMTools", 2}, {"VGAuthService", 2}, {"vm3dservice", 2}, {"vmvss", 3},
      {"vmci", 0}, {"vsock", 1}, {"vm3dmp", 3}, {"vm3dmp_loader", 3},
      {"vmmouse", 3}, {"vmusbmouse", 3}, {"vmmemctl", 2},
      {"vmxnet3ndis6", 3}, {"vsepflt", 0}, {"vnetWFP", 1}, {"vmhgfs", 1},
      {"vmrawdsk", 1}, {"vmwefifw", 3}};
  for (size_t i = 0; i < sizeof svcs / sizeof svcs[0]; i++)
    dword(h, P("%s\\Services\\%s", cs, svcs[i].svc), "Start", svcs[i].start);
  dword(h, P("%s\\Services\\vmaudio", cs), "Start", 4); /* already off */
  dword(h, P("%s\\Services\\pvscsi", cs), "Start", 0);  /* the boot disk's */
  /* Windows' own, and Hyper-V's look-alikes: they stay. */
  const char *inbox[] = {"i8042prt", "mouhid", "mouclass", "LSI_SAS",
                         "vmgencounter", "vmstorfl", "disk"};
  for (size_t i = 0; i < sizeof inbox / sizeof inbox[0]; i++)
    dword(h, P("%s\\Services\\%s", cs, inbox[i]), "Start", 3);

  multi(h, P("%s\\Control\\Class\\" MOUSE_CLASS, cs), "UpperFilters",
        "mouclass", NULL, NULL);
  /* A guest that ran on Xen before VMware: both filters in one list. */
  multi(h, P("%s\\Control\\Class\\" HDC_CLASS, cs), "UpperFilters",
        "xenfilt", "vmmouse", "acmefw");
  dword(h, P("%s\\Services\\xenfilt", cs), "Start", 0);
  multi(h, P("%s\\Enum\\" PS2_MOUSE, cs), "UpperFilters", "vmmouse", NULL,
        NULL);
  sz(h, P("%s\\Enum\\" PS2_MOUSE, cs), "Service", "i8042prt");
  multi(h, P("%s\\Enum\\" USB_MOUSE, cs), "UpperFilters", "vmusbmouse",
        "acmemou", NULL);
  sz(h, P("%s\\Control\\Class\\" NET_CLASS "\\0007", cs), "InfPath", "oem3.inf");
  sz(h, P("%s\\Control\\Class\\" NET_CLASS "\\0001", cs), "InfPath", "oem0.inf");
  sz(h, P("%s\\Control\\Class\\" SCSI_CLASS "\\0001", cs), "InfPath", "oem2.inf");
  sz(h, P("%s\\Control\\CriticalDeviceDatabase\\pci#ven_15ad&dev_07c0", cs),
     "Service", "pvscsi");
  sz(h, P("%s\\Control\\CriticalDeviceDatabase\\pci#ven_15ad&dev_07b0", cs),
     "Service", "vmxnet3ndis6");
  sz(h, P("%s\\Control\\CriticalDeviceDatabase\\pci#ven_1000&dev_0054", cs),
     "Service", "LSI_SAS");
#undef P
}

static void build_driver_db(hive *h)
{
  const struct { const char *pkg, *inf; } pkgs[] = {
      {"vmxnet3ndis6.inf_amd64_4a1e2b3c4d5e6f70", "oem3.inf"},
      {"pvscsi.inf_amd64_0f1e2d3c4b5a6978", "oem2.inf"},
      {"vm3d.inf_amd64_1234abcd5678ef90", "oem4.inf"}};
  for (int i = 0; i < 3; i++) {
    char *k = xasprintf("DriverDatabase\\DriverPackages\\%s", pkgs[i].pkg);
    sz(h, k, "", pkgs[i].inf);
    sz(h, k, "Provider", "VMware, Inc.");
    free(k);
    k = xasprintf("DriverDatabase\\DriverInfFiles\\%s", pkgs[i].inf);
    sz(h, k, "Active", pkgs[i].pkg);
    free(k);
  }
  sz(h, "DriverDatabase\\DriverPackages\\e1i63x64.inf_amd64_aa", "", "oem0.inf");
  sz(h, "DriverDatabase\\DriverPackages\\e1i63x64.inf_amd64_aa", "Provider", "Intel");
  key(h, "DriverDatabase\\DriverInfFiles\\oem0.inf");
  hive_node_h n = key(h, "DriverDatabase\\DeviceIds\\PCI\\VEN_15AD&DEV_07B0");
  CHECK(hive_set_raw(h, n, "oem3.inf", REGT_BINARY, "\x01\xff\x00\x00", 4) == 0);
  n = key(h, "DriverDatabase\\DeviceIds\\PCI\\VEN_15AD&DEV_07C0");
  CHECK(hive_set_raw(h, n, "oem2.inf", REGT_BINARY, "\x01\xff\x00\x00", 4) == 0);
  n = key(h, "DriverDatabase\\DeviceIds\\PCI\\VEN_15AD&DEV_0405");
  CHECK(hive_set_raw(h, n, "oem4.inf", REGT_BINARY, "\x01\xff\x00\x00", 4) == 0);
  CHECK(hive_set_raw(h, n, "display.inf", REGT_BINARY, "\x02\xff\x00\x00", 4) == 0);
}

static void build_software(hive *h)
{
  const char *un = "Microsoft\\Windows\\CurrentVersion\\Uninstall\\";
  char *k = xasprintf("%s" TOOLS_MSI, un);
  sz(h, k, "DisplayName", "VMware Tools");
  sz(h, k, "Publisher", "VMware, Inc.");
  sz(h, k, "UninstallString", "MsiExec.exe /I" TOOLS_MSI);
  free(k);
  /* Another VMware product: not VMware Tools, not ours to remove. */
  k = xasprintf("%s{B23352D8-AD44-4379-A56E-0E337F9C4036}", un);
  sz(h, k, "DisplayName", "VMware Horizon Agent");
  sz(h, k, "Publisher", "VMware, Inc.");
  free(k);
}

static struct driver_package pkg(const char *inf, const char *provider,
                                 const char *catalog,
                                 const struct pv_inventory invs[])
{
  struct driver_package p = {
      .path = xasprintf("/c/Windows/INF/%s", inf), .inf_name = xstrdup(inf),
      .provider = xstrdup(provider), .catalog = xstrdup(catalog)};
  pv_package_classify(&p, invs);
  return p;
}

static size_t count(const struct guest *g, enum pv_vendor v, enum pv_kind k,
                    bool kept)
{
  size_t n = 0;
  for (size_t i = 0; i < g->npv; i++)
    n += g->pv[i].vendor == v && g->pv[i].kind == k && g->pv[i].kept == kept;
  return n;
}

static void scan(struct session *s)
{
  struct pv_inventory invs[PV_VENDOR_COUNT];
  pv_inventories_load(invs);
  guest_free_windows_scan(&s->guest);
  s->guest.packages = xcalloc(3, sizeof *s->guest.packages);
  s->guest.packages[0] = pkg("oem0.inf", "Intel", "e1i63x64.cat", invs);
  s->guest.packages[1] = pkg("oem2.inf", "VMware, Inc.", "pvscsi.cat", invs);
  s->guest.packages[2] = pkg("oem3.inf", "VMware, Inc.", "vmxnet3ndis6.cat", invs);
  s->guest.npackages = 3;
  for (int v = PV_NONE + 1; v < PV_VENDOR_COUNT; v++)
    pv_scan(&s->guest, s->hives, &invs[v]);
  pv_inventories_free(invs);
}

static enum result plan_both(struct session *s, struct change_list *plan)
{
  strlist warnings = {0};
  enum result r = RESULT_OK;
  if (fixup_xen_removal.applies(&s->guest))
    r = fixup_xen_removal.plan(s, plan, &warnings);
  if (r == RESULT_OK && fixup_vmware_tools_removal.applies(&s->guest))
    r = fixup_vmware_tools_removal.plan(s, plan, &warnings);
  CHECK(warnings.n == 0);
  strlist_free(&warnings);
  return r;
}

/* Packages: by Provider, or by CatalogFile alone; pvscsi's is kept. */
static void test_classify(void)
{
  struct pv_inventory invs[PV_VENDOR_COUNT];
  pv_inventories_load(invs);
  struct driver_package p = pkg("oem9.inf", "Acme", "pvscsi.cat", invs);
  CHECK(p.vendor == PV_VMWARE && p.kept);
  struct driver_package q = pkg("oem8.inf", "VMware, Inc.", "vm3d.cat", invs);
  CHECK(q.vendor == PV_VMWARE && !q.kept);
  struct driver_package r = pkg("oem7.inf", "Citrix Systems, Inc.", "x.cat", invs);
  CHECK(r.vendor == PV_XEN && !r.kept);
  struct driver_package m = pkg("oem6.inf", "Microsoft", "pvscsii.cat", invs);
  CHECK(m.vendor == PV_NONE);
  CHECK(pv_repo_candidate("vmxnet3ndis6.inf_amd64_0123", &(strlist){0}, invs));
  CHECK(!pv_repo_candidate("netkvm.inf_amd64_0123", &(strlist){0}, invs));
  struct driver_package *all[] = {&p, &q, &r, &m};
  for (int i = 0; i < 4; i++)
    free(all[i]->path), free(all[i]->inf_name), free(all[i]->provider),
        free(all[i]->catalog);
  pv_inventories_free(invs);
}

/* A Windows that never had VMware Tools: its in-box pvscsi service is
 * nobody's component. */
static void test_inbox_pvscsi(void)
{
  char *file = check_hive_copy("SYSTEM-inbox");
  struct session s = {0};
  hive *h = s.hives[HIVE_SYSTEM] = hive_open(file, true);
  REQUIRE(h != NULL);
  dword(h, "ControlSet001\\Services\\pvscsi", "Start", 3);
  dword(h, "ControlSet001\\Services\\vmgencounter", "Start", 3);
  strlist_add(&s.guest.control_sets, "ControlSet001");
  struct pv_inventory inv;
  pv_inventory_load(&inv, PV_VMWARE);
  pv_scan(&s.guest, s.hives, &inv);
  pv_inventory_free(&inv);
  CHECK(s.guest.npv == 0);
  hive_close(h);
  guest_free(&s.guest);
  free(file);
}

int main(void)
{
  struct options o = {.image = "unit"};
  struct session s = {.opts = &o};
  char *sysf = check_hive_copy("SYSTEM-vmw"), *drvf = check_hive_copy("DRIVERS-vmw"),
       *swf = check_hive_copy("SOFTWARE-vmw");
  s.hives[HIVE_SYSTEM] = hive_open(sysf, true);
  s.hives[HIVE_DRIVERS] = hive_open(drvf, true);
  s.hives[HIVE_SOFTWARE] = hive_open(swf, true);
  REQUIRE(s.hives[HIVE_SYSTEM] && s.hives[HIVE_DRIVERS] && s.hives[HIVE_SOFTWARE]);
  build_control_set(s.hives[HIVE_SYSTEM]);
  build_driver_db(s.hives[HIVE_SYSTEM]);
  build_driver_db(s.hives[HIVE_DRIVERS]);
  build_software(s.hives[HIVE_SOFTWARE]);
  strlist_add(&s.guest.control_sets, "ControlSet001");

  scan(&s);
  /* 17 services less the disabled vmaudio; pvscsi reported, kept. */
  CHECK(count(&s.guest, PV_VMWARE, PV_SERVICE, false) == 17);
  CHECK(count(&s.guest, PV_VMWARE, PV_SERVICE, true) == 1);
  /* HDC (with xenfilt), the PS/2 and the USB mouse; not the Mouse class. */
  CHECK(count(&s.guest, PV_VMWARE, PV_FILTER, false) == 3);
  CHECK(count(&s.guest, PV_XEN, PV_FILTER, false) == 1);
  CHECK(count(&s.guest, PV_VMWARE, PV_CDD, false) == 1);
  CHECK(count(&s.guest, PV_VMWARE, PV_CDD, true) == 1);
  CHECK(count(&s.guest, PV_VMWARE, PV_CLASS_INSTANCE, false) == 1);
  CHECK(count(&s.guest, PV_VMWARE, PV_CLASS_INSTANCE, true) == 1);
  /* Per hive: vmxnet3 and vm3d packages and inf registrations, the
   * DEV_07B0 key, the DEV_0405 value; pvscsi's package and inf, kept. */
  CHECK(count(&s.guest, PV_VMWARE, PV_DRIVER_DB, false) == 12);
  CHECK(count(&s.guest, PV_VMWARE, PV_DRIVER_DB, true) == 4);
  CHECK(count(&s.guest, PV_VMWARE, PV_INF_FILE, false) == 1);
  CHECK(count(&s.guest, PV_VMWARE, PV_INF_FILE, true) == 1);
  CHECK(count(&s.guest, PV_VMWARE, PV_UNINSTALL, false) == 1);
  for (size_t i = 0; i < s.guest.npv; i++)
    if (s.guest.pv[i].kind == PV_UNINSTALL)
      CHECK_STR(s.guest.pv[i].name, "VMware Tools");

  struct change_list plan = {0};
  CHECK(plan_both(&s, &plan) == RESULT_OK);
  size_t files = 0, vmware = 0;
  for (size_t i = 0; i < plan.n; i++) {
    files += !change_is_registry(&plan.v[i]);
    vmware += strcmp(plan.v[i].fixup, "vmware-tools-removal") == 0;
  }
  CHECK(files == 1); /* oem3.inf; pvscsi's oem2.inf stays */
  CHECK(vmware == plan.n - 2); /* xen-removal: xenfilt's Start and filter */
  CHECK(apply_registry_changes(&s, &plan) == 0);
  change_list_free(&plan);

  const char *names[HIVE_COUNT] = {sysf, swf, drvf, NULL};
  for (int i = 0; i < HIVE_COUNT; i++)
    if (s.hives[i]) {
      CHECK(hive_commit(s.hives[i], hive_filename(s.hives[i])) == 0);
      hive_close(s.hives[i]);
      s.hives[i] = hive_open(names[i], true);
    }
  hive *sys = s.hives[HIVE_SYSTEM];
  hive_node_h root = hive_root(sys);
  char p[512];
#define AT(...) (snprintf(p, sizeof p, "ControlSet001\\" __VA_ARGS__), hive_lookup(sys, root, p))
  uint32_t v = 0;
  const char *off[] = {"VMTools", "vmci", "vmmouse", "vmusbmouse", "vmxnet3ndis6",
                       "vsepflt", "vnetWFP", "vm3dmp_loader", "vmwefifw", "xenfilt"};
  for (size_t i = 0; i < sizeof off / sizeof off[0]; i++)
    CHECK(hive_get_dword(sys, AT("Services\\%s", off[i]), "Start", &v) == 0 && v == 4);
  CHECK(hive_get_dword(sys, AT("Services\\pvscsi"), "Start", &v) == 0 && v == 0);
  CHECK(hive_get_dword(sys, AT("Services\\vmgencounter"), "Start", &v) == 0 && v == 3);
  CHECK(hive_get_dword(sys, AT("Services\\i8042prt"), "Start", &v) == 0 && v == 3);
  char **mouse = hive_get_multi(sys, AT("Control\\Class\\" MOUSE_CLASS), "UpperFilters");
  CHECK(mouse && mouse[0] && !strcmp(mouse[0], "mouclass") && !mouse[1]);
  strv_free(mouse);
  char **hdc = hive_get_multi(sys, AT("Control\\Class\\" HDC_CLASS), "UpperFilters");
  CHECK(hdc && hdc[0] && !strcmp(hdc[0], "acmefw") && !hdc[1]);
  strv_free(hdc);
  CHECK(!hive_has_value(sys, AT("Enum\\" PS2_MOUSE), "UpperFilters"));
  CHECK(hive_has_value(sys, AT("Enum\\" PS2_MOUSE), "Service"));
  char **usb = hive_get_multi(sys, AT("Enum\\" USB_MOUSE), "UpperFilters");
  CHECK(usb && usb[0] && !strcmp(usb[0], "acmemou") && !usb[1]);
  strv_free(usb);
  CHECK(AT("Control\\Class\\" NET_CLASS "\\0007") == 0);
  CHECK(AT("Control\\Class\\" NET_CLASS "\\0001") != 0);
  CHECK(AT("Control\\Class\\" SCSI_CLASS "\\0001") != 0);
  CHECK(AT("Control\\CriticalDeviceDatabase\\pci#ven_15ad&dev_07b0") == 0);
  CHECK(AT("Control\\CriticalDeviceDatabase\\pci#ven_15ad&dev_07c0") != 0);
  CHECK(AT("Control\\CriticalDeviceDatabase\\pci#ven_1000&dev_0054") != 0);
#undef AT
  for (int i = HIVE_SYSTEM; i <= HIVE_DRIVERS; i += HIVE_DRIVERS) {
    hive *h = s.hives[i];
    hive_node_h r = hive_root(h);
    CHECK(hive_lookup(h, r, "DriverDatabase\\DriverInfFiles\\oem3.inf") == 0);
    CHECK(hive_lookup(h, r, "DriverDatabase\\DriverInfFiles\\oem4.inf") == 0);
    CHECK(hive_lookup(h, r, "DriverDatabase\\DriverInfFiles\\oem2.inf") != 0);
    CHECK(hive_lookup(h, r, "DriverDatabase\\DriverInfFiles\\oem0.inf") != 0);
    CHECK(hive_lookup(h, r, "DriverDatabase\\DriverPackages\\pvscsi.inf_amd64_0f1e2d3c4b5a6978") != 0);
    CHECK(hive_lookup(h, r, "DriverDatabase\\DriverPackages\\vm3d.inf_amd64_1234abcd5678ef90") == 0);
    CHECK(hive_lookup(h, r, "DriverDatabase\\DeviceIds\\PCI\\VEN_15AD&DEV_07B0") == 0);
    CHECK(hive_lookup(h, r, "DriverDatabase\\DeviceIds\\PCI\\VEN_15AD&DEV_07C0") != 0);
    hive_node_h ids = hive_lookup(h, r, "DriverDatabase\\DeviceIds\\PCI\\VEN_15AD&DEV_0405");
    CHECK(!hive_has_value(h, ids, "oem4.inf") && hive_has_value(h, ids, "display.inf"));
  }

  /* A second pass finds the kept pvscsi, the uninstall entry (firstboot's)
   * and the file the unit test does not delete: the registry plans
   * nothing. */
  scan(&s);
  CHECK(count(&s.guest, PV_VMWARE, PV_SERVICE, false) == 0);
  CHECK(count(&s.guest, PV_VMWARE, PV_SERVICE, true) == 1);
  CHECK(count(&s.guest, PV_VMWARE, PV_FILTER, false) == 0);
  CHECK(count(&s.guest, PV_XEN, PV_FILTER, false) == 0);
  CHECK(plan_both(&s, &plan) == RESULT_OK);
  CHECK(plan.n == 1 && plan.v[0].op == CHG_DELETE_FILE);
  change_list_free(&plan);

  for (int i = 0; i < HIVE_COUNT; i++)
    hive_close(s.hives[i]);
  guest_free(&s.guest);
  free(sysf);
  free(drvf);
  free(swf);
  test_classify();
  test_inbox_pvscsi();
  return check_report("vmware-removal");
}
