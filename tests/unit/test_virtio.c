/* SPDX-License-Identifier: GPL-2.0-or-later */
/* virtio injection, the pure parts: folder table, next oemN.inf, the
 * boot storage registry plan before Windows 8 (CriticalDeviceDatabase)
 * and from 8 (DriverDatabase), the Version value, DevicePath. Each plan is
 * applied and planned again: the second plan must be empty. */
#include <ctype.h>
#include <stdarg.h>
#include <strings.h>

#include "check.h"
#include "v2v/apply.h"
#include "v2v/bcd.h"
#include "v2v/catalog.h"
#include "v2v/device_policy.h"
#include "v2v/session.h"
#include "v2v/virtio_folders.h"
#include "v2v/virtio_registry.h"

/* As virtio-win's viostor.inf is laid out: the service's Parameters and its
 * event-log source from AddReg sections (flags as [Strings] tokens), the
 * device's interrupt management from the .HW section, one device line
 * continued on the next. */
static const char VIOSTOR_INF[] =
    "[Version]\r\nSignature=\"$WINDOWS NT$\"\r\nClass=SCSIAdapter\r\n"
    "ClassGuid={4D36E97B-E325-11CE-BFC1-08002BE10318}\r\nProvider=%RHEL%\r\n"
    "DriverVer=06/12/2024,100.95.104.26200\r\nCatalogFile=viostor.cat\r\n"
    "[Manufacturer]\r\n%RHEL% = RHEL,NTamd64\r\n[RHEL.NTamd64]\r\n"
    "%Dev% = rhelscsi_inst, PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00, "
    "PCI\\VEN_1AF4&DEV_1001\r\n"
    "%Dev% = rhelscsi_inst, \\\r\n    PCI\\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01, "
    "PCI\\VEN_1AF4&DEV_1042\r\n"
    "[rhelscsi_inst]\r\nFeatureScore = F9\r\n"
    "[rhelscsi_inst.HW]\r\nAddReg = msi_addreg\r\n"
    "[rhelscsi_inst.Services]\r\n"
    "AddService = viostor, 0x00000002, viostor_Service_Inst, "
    "viostor_EventLog_Inst\r\n"
    "[viostor_Service_Inst]\r\nServiceType = 1\r\nStartType = 0\r\n"
    "AddReg = pnpsafe_pci_addreg\r\n"
    "[viostor_EventLog_Inst]\r\nAddReg = viostor_EventLog_AddReg\r\n"
    "[viostor_EventLog_AddReg]\r\n"
    "HKR,,EventMessageFile,%REG_EXPAND_SZ%,"
    "\"%%SystemRoot%%\\System32\\IoLogMsg.dll\"\r\n"
    "HKR,,TypesSupported,%REG_DWORD%,7\r\n"
    "[pnpsafe_pci_addreg]\r\n"
    "HKR, \"Parameters\\PnpInterface\", \"5\", %REG_DWORD%, 0x00000001\r\n"
    "HKR, \"Parameters\", \"BusType\", %REG_DWORD%, 0x00000001\r\n"
    "[msi_addreg]\r\n"
    "HKR, \"Interrupt Management\",, 0x00000010\r\n"
    "HKR, \"Interrupt Management\\MessageSignaledInterruptProperties\",, "
    "0x00000010\r\n"
    "HKR, \"Interrupt Management\\MessageSignaledInterruptProperties\", "
    "MSISupported, 0x00010001, 1\r\n"
    "HKR, \"Interrupt Management\\MessageSignaledInterruptProperties\", "
    "MessageNumberLimit, 0x00010001, 2\r\n"
    "HKR, \"Interrupt Management\\Affinity Policy\",, 0x00000010\r\n"
    "HKR, \"Interrupt Management\\Affinity Policy\", DevicePolicy, "
    "0x00010001, 5\r\n"
    "[Strings]\r\nRHEL = \"Red Hat, Inc.\"\r\nDev = \"Red Hat VirtIO SCSI\"\r\n"
    "REG_DWORD = 0x00010001\r\nREG_EXPAND_SZ = 0x00020000\r\n";

static bool typed(hive *h, hive_node_h node, const char *name, uint32_t type,
                  size_t want_len);
static uint32_t dword_at(hive *h, hive_node_h node, const char *sub,
                         const char *name);

static char *joined(strlist l)
{
  char *s = xstrdup("");
  for (size_t i = 0; i < l.n; i++) {
    char *t = xasprintf("%s%s%s", s, i ? " " : "", l.v[i]);
    free(s);
    s = t;
  }
  strlist_free(&l);
  return s;
}

static void test_folders(void)
{
  const char *t = data_virtio_win_folders;
  struct { int ma, mi; const char *var; int build; const char *want; } c[] = {
      {6, 1, "Server", 7601, "2k8R2"},  {6, 1, "Client", 7601, "w7"},
      {6, 3, "Server", 9600, "2k12R2"}, {10, 0, "Server", 14393, "2k16"},
      {10, 0, "Server", 17763, "2k19"}, {10, 0, "Server", 20348, "2k22"},
      {10, 0, "Server", 26100, "2k25"}, {10, 0, "Client", 19045, "w10"},
      {10, 0, "Client", 22631, "w11 w10"}, {6, 0, "Server", 6002, ""},
  };
  for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
    char *got = joined(virtio_os_folders(t, c[i].ma, c[i].mi, c[i].var,
                                         c[i].build));
    CHECK_STR(got, c[i].want);
    free(got);
  }
  char *a = joined(virtio_arch_folders(t, "x86_64"));
  CHECK_STR(a, "amd64");
  free(a);
  a = joined(virtio_arch_folders(t, "i386"));
  CHECK_STR(a, "x86 i386");
  free(a);
  a = joined(virtio_storage_ids(t, "vioscsi"));
  CHECK_STR(a, "PCI\\VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00 "
               "PCI\\VEN_1AF4&DEV_1048&SUBSYS_11001AF4&REV_01");
  free(a);
}

static void test_version(void)
{
  unsigned char v[48];
  CHECK(virtio_version_value("{4D36E97B-E325-11CE-BFC1-08002BE10318}",
                             "06/12/2024,100.95.104.26200", v) == 0);
  static const unsigned char head[24] = {
      0x00, 0xff, 0x09, 0, 0, 0, 0, 0, 0x7B, 0xE9, 0x36, 0x4D, 0x25, 0xE3,
      0xCE, 0x11, 0xBF, 0xC1, 0x08, 0x00, 0x2B, 0xE1, 0x03, 0x18};
  static const unsigned char ver[8] = {0x58, 0x66, 0x68, 0, 0x5f, 0, 0x64, 0};
  CHECK(memcmp(v, head, 24) == 0);
  CHECK(memcmp(v + 32, ver, 8) == 0);
  /* 2024-06-12 00:00 UTC as FILETIME. */
  uint64_t ft = 0;
  for (int i = 7; i >= 0; i--)
    ft = ft << 8 | v[24 + i];
  CHECK(ft == (1718150400ULL + 11644473600ULL) * 10000000ULL);
  CHECK(virtio_version_value("{bad}", "06/12/2024,1.2.3.4", v) == -1);
}

static size_t replan(struct session *s, const struct virtio_package *p,
                     struct change_list *plan)
{
  CHECK(apply_registry_changes(s, plan) == 0);
  struct change_list again = {0};
  virtio_plan_storage_registry(s->hives[HIVE_SYSTEM], s->hives[HIVE_DRIVERS],
                               &s->guest.control_sets, p, &again);
  size_t n = again.n;
  change_list_free(&again);
  return n;
}

static struct virtio_package package(void)
{
  struct virtio_package p = {.service = "viostor", .inf_name = "viostor.inf",
                             .inf = VIOSTOR_INF,
                             .inf_len = sizeof VIOSTOR_INF - 1};
  p.hwids = virtio_storage_ids(data_virtio_win_folders, "viostor");
  return p;
}

static void test_pre8(void)
{
  struct options o = {.image = "unit"};
  struct session s = {.opts = &o};
  char *f = check_hive_copy("SYSTEM-pre8");
  hive *h = s.hives[HIVE_SYSTEM] = hive_open(f, true);
  REQUIRE(h != NULL);
  CHECK(hive_set_dword(h, hive_ensure(h, hive_root(h),
                                "ControlSet001\\Services\\viostor\\StartOverride"),
                 "0", 3) == 0);
  hive_ensure(h, hive_root(h), "ControlSet002\\Services");
  strlist_add(&s.guest.control_sets, "ControlSet001");
  strlist_add(&s.guest.control_sets, "ControlSet002");
  CHECK(!virtio_has_driver_database(h));
  struct virtio_package p = package();
  struct change_list plan = {0};
  virtio_plan_storage_registry(h, NULL, &s.guest.control_sets, &p, &plan);
  CHECK(replan(&s, &p, &plan) == 0);
  for (int cs = 1; cs <= 2; cs++) {
    char k[256];
    snprintf(k, sizeof k, "ControlSet%03d\\Services\\viostor", cs);
    hive_node_h svc = hive_lookup(h, hive_root(h), k);
    uint32_t v = 99;
    CHECK(hive_get_dword(h, svc, "Start", &v) == 0 && v == 0);
    CHECK(hive_get_dword(h, svc, "Type", &v) == 0 && v == 1);
    CHECK(hive_get_dword(h, svc, "ErrorControl", &v) == 0 && v == 1);
    char *s1 = hive_get_string(h, svc, "Group");
    CHECK_STR(s1, "SCSI miniport");
    free(s1);
    uint32_t type = 0;
    void *d = NULL;
    size_t len;
    CHECK(hive_get_raw(h, svc, "ImagePath", &type, &d, &len) == 0 &&
          type == REGT_EXPAND_SZ);
    free(d);
    CHECK(!hive_lookup(h, svc, "StartOverride"));
    CHECK(dword_at(h, svc, "Parameters", "BusType") == 1);
    CHECK(dword_at(h, svc, "Parameters\\PnpInterface", "5") == 1);
    CHECK(!hive_has_value(h, svc, "Owners")); /* no driver store before 8 */
    snprintf(k, sizeof k, "ControlSet%03d\\Services\\EventLog\\System\\viostor",
             cs);
    CHECK(dword_at(h, hive_lookup(h, hive_root(h), k), NULL,
                   "TypesSupported") == 7);
    const char *ids[] = {"pci#ven_1af4&dev_1001&subsys_00021af4&rev_00",
                         "pci#ven_1af4&dev_1001",
                         "pci#ven_1af4&dev_1042&subsys_11001af4&rev_01",
                         "pci#ven_1af4&dev_1042"};
    for (int i = 0; i < 4; i++) {
      snprintf(k, sizeof k, "ControlSet%03d\\Control\\CriticalDeviceDatabase\\%s",
               cs, ids[i]);
      hive_node_h n = hive_lookup(h, hive_root(h), k);
      char *svcname = hive_get_string(h, n, "Service");
      char *cls = hive_get_string(h, n, "ClassGUID");
      CHECK_STR(svcname, "viostor");
      CHECK_STR(cls, "{4D36E97B-E325-11CE-BFC1-08002BE10318}");
      free(svcname);
      free(cls);
    }
  }
  CHECK(!hive_lookup(h, hive_root(h), "DriverDatabase"));
  change_list_free(&plan);
  strlist_free(&p.hwids);
  hive_close(h);
  strlist_free(&s.guest.control_sets);
  free(f);
}

static void test_win8(void)
{
  struct options o = {.image = "unit"};
  struct session s = {.opts = &o};
  char *f1 = check_hive_copy("SYSTEM-8"), *f2 = check_hive_copy("DRIVERS-8");
  hive *sys = s.hives[HIVE_SYSTEM] = hive_open(f1, true);
  hive *drv = s.hives[HIVE_DRIVERS] = hive_open(f2, true);
  REQUIRE(sys != NULL && drv != NULL);
  hive *both[] = {sys, drv};
  for (int i = 0; i < 2; i++) {
    hive_ensure(both[i], hive_root(both[i]), "DriverDatabase\\DriverInfFiles\\oem0.inf");
    hive_ensure(both[i], hive_root(both[i]), "DriverDatabase\\DriverInfFiles\\OEM1.INF");
    CHECK(hive_set_raw(both[i], hive_lookup(both[i], hive_root(both[i]), "DriverDatabase"),
                 "OemInfMap", REGT_BINARY, "\xc0", 1) == 0);
  }
  hive_ensure(sys, hive_root(sys), "ControlSet001\\Services");
  strlist_add(&s.guest.control_sets, "ControlSet001");
  strlist used = {0};
  strlist_add(&used, "oem2.inf");
  strlist_add(&used, "OEM3.INF");
  strlist_add(&used, "machine.inf");
  CHECK(virtio_next_oem(sys, drv, &used) == 4);
  /* A number Windows gave out (its OemInfMap bit set) is not reused even
   * when its oemN.inf is gone: with bits 0-5 set, oem6 comes next. */
  hive_node_h db = hive_lookup(sys, hive_root(sys), "DriverDatabase");
  CHECK(hive_set_raw(sys, db, "OemInfMap", REGT_BINARY, "\xfc", 1) == 0);
  CHECK(virtio_next_oem(sys, drv, &used) == 6);
  CHECK(hive_set_raw(sys, db, "OemInfMap", REGT_BINARY, "\xc0", 1) == 0);
  strlist_free(&used);
  CHECK(virtio_has_driver_database(sys));

  struct virtio_package p = package();
  p.pkg = virtio_package_name("viostor.inf", "amd64", p.inf, p.inf_len);
  CHECK(strncmp(p.pkg, "viostor.inf_amd64_", 18) == 0 && strlen(p.pkg) == 34);
  char *again = virtio_package_name("viostor.inf", "AMD64", p.inf, p.inf_len);
  CHECK_STR(again, p.pkg);
  free(again);
  p.oem = xstrdup("oem4.inf");
  p.signer = xstrdup(MICROSOFT_HW_PUBLISHER);
  p.file_size = 76206;
  p.import_time = 0x01d8589269c446d0ULL;
  p.oem_path = xstrdup("C:\\Windows\\Drivers\\VirtIO\\viostor");
  struct change_list plan = {0};
  virtio_plan_storage_registry(sys, drv, &s.guest.control_sets, &p, &plan);
  CHECK(replan(&s, &p, &plan) == 0);
  char *oem = virtio_registered_oem(sys, p.pkg);
  CHECK_STR(oem, "oem4.inf");
  free(oem);
  for (int i = 0; i < 2; i++) {
    hive *h = both[i];
    char k[256];
    snprintf(k, sizeof k, "DriverDatabase\\DriverInfFiles\\oem4.inf");
    char *active = hive_get_string(h, hive_lookup(h, hive_root(h), k), "Active");
    CHECK_STR(active, p.pkg);
    free(active);
    snprintf(k, sizeof k, "DriverDatabase\\DriverPackages\\%s", p.pkg);
    hive_node_h pk = hive_lookup(h, hive_root(h), k);
    char *prov = hive_get_string(h, pk, "Provider");
    CHECK_STR(prov, "Red Hat, Inc.");
    free(prov);
    uint32_t type;
    void *d = NULL;
    size_t len = 0;
    CHECK(hive_get_raw(h, pk, "Version", &type, &d, &len) == 0 && len == 48);
    free(d);
    char *svc = hive_get_string(
        h, hive_lookup(h, pk, "Configurations\\rhelscsi_inst"), "Service");
    CHECK_STR(svc, "viostor");
    free(svc);
    const char *ids[] = {"PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00",
                         "PCI\\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01"};
    for (int j = 0; j < 2; j++) {
      snprintf(k, sizeof k, "Descriptors\\%s", ids[j]);
      char *cfg = hive_get_string(h, hive_lookup(h, pk, k), "Configuration");
      CHECK_STR(cfg, "rhelscsi_inst");
      free(cfg);
      snprintf(k, sizeof k, "DriverDatabase\\DeviceIds\\%s", ids[j]);
      CHECK(hive_has_value(h, hive_lookup(h, hive_root(h), k), "oem4.inf"));
    }
    d = NULL;
    CHECK(hive_get_raw(h, hive_lookup(h, hive_root(h), "DriverDatabase"),
                       "OemInfMap", &type, &d, &len) == 0 &&
          len == 1 && ((unsigned char *)d)[0] == 0xc8);
    free(d);
  }
  /* No CriticalDeviceDatabase on 8+, but the service all the same, with
   * what its INF's AddReg sections write, its event-log source and the
   * package that owns it; the device's interrupt management from the INF's
   * .HW section in the configuration; DeviceIds\{ClassGUID}. */
  CHECK(!hive_lookup(sys, hive_root(sys),
                     "ControlSet001\\Control\\CriticalDeviceDatabase"));
  hive_node_h svc = hive_lookup(sys, hive_root(sys),
                                "ControlSet001\\Services\\viostor");
  CHECK(svc != 0);
  CHECK(dword_at(sys, svc, "Parameters", "BusType") == 1);
  CHECK(dword_at(sys, svc, "Parameters\\PnpInterface", "5") == 1);
  char **owners = hive_get_multi(sys, svc, "Owners");
  CHECK(owners && owners[0] && !strcmp(owners[0], "oem4.inf") && !owners[1]);
  strv_free(owners);
  hive_node_h log = hive_lookup(
      sys, hive_root(sys), "ControlSet001\\Services\\EventLog\\System\\viostor");
  CHECK(dword_at(sys, log, NULL, "TypesSupported") == 7);
  char *msgs = hive_get_string(sys, log, "EventMessageFile");
  CHECK_STR(msgs, "%SystemRoot%\\System32\\IoLogMsg.dll");
  free(msgs);
  for (int i = 0; i < 2; i++) {
    char k[256];
    snprintf(k, sizeof k,
             "DriverDatabase\\DriverPackages\\%s\\Configurations\\rhelscsi_inst",
             p.pkg);
    hive_node_h cfg = hive_lookup(both[i], hive_root(both[i]), k);
    const char *msi = "Device\\Interrupt Management\\"
                      "MessageSignaledInterruptProperties";
    CHECK(dword_at(both[i], cfg, msi, "MSISupported") == 1);
    CHECK(dword_at(both[i], cfg, msi, "MessageNumberLimit") == 2);
    CHECK(dword_at(both[i], cfg, "Device\\Interrupt Management\\Affinity Policy",
                   "DevicePolicy") == 5);
    CHECK(dword_at(both[i], cfg, "Services\\viostor\\Parameters", "BusType") ==
          1);
    hive_node_h cls = hive_lookup(
        both[i], hive_root(both[i]),
        "DriverDatabase\\DeviceIds\\{4D36E97B-E325-11CE-BFC1-08002BE10318}");
    CHECK(cls && typed(both[i], cls, "oem4.inf", REGT_NONE, 0));
    /* FeatureScore "F9" (no 0x) is byte 1 of the DeviceIds entries. */
    hive_node_h dev = hive_lookup(
        both[i], hive_root(both[i]),
        "DriverDatabase\\DeviceIds\\PCI\\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01");
    uint32_t type;
    void *d = NULL;
    size_t len = 0;
    CHECK(hive_get_raw(both[i], dev, "oem4.inf", &type, &d, &len) == 0 &&
          len == 4 && ((unsigned char *)d)[1] == 0xF9);
    free(d);
  }
  change_list_free(&plan);
  strlist_free(&p.hwids);
  free(p.pkg);
  free(p.oem);
  free(p.signer);
  free(p.oem_path);
  hive_close(sys);
  hive_close(drv);
  strlist_free(&s.guest.control_sets);
  free(f1);
  free(f2);
}

/* Group Policy device-install restrictions that would keep the virtio
 * devices from installing: found, and lifted on request. */
static void test_device_policy(void)
{
  char *f = check_hive_copy("SOFTWARE-policy");
  hive *h = hive_open(f, true);
  REQUIRE(h != NULL);
  CHECK(device_policy_block(h) == NULL);
  hive_node_h r = hive_ensure(h, hive_root(h), DEVICE_RESTRICTIONS);
  CHECK(hive_set_dword(h, r, "DenyUnspecified", 1) == 0);
  char *why = device_policy_block(h);
  CHECK(why && strstr(why, "DenyUnspecified") &&
        strstr(why, "--lift-device-restrictions"));
  free(why);
  /* Allowed by ID: no block. */
  CHECK(hive_set_dword(h, r, "AllowDeviceIDs", 1) == 0);
  CHECK(hive_set_string(h, hive_ensure(h, r, "AllowDeviceIDs"), "1", REGT_SZ,
                        "PCI\\VEN_1AF4&DEV_1001") == 0);
  CHECK(device_policy_block(h) == NULL);
  /* Denied by ID or by class: blocked whatever is allowed. */
  CHECK(hive_set_dword(h, r, "DenyDeviceIDs", 1) == 0);
  CHECK(hive_set_string(h, hive_ensure(h, r, "DenyDeviceIDs"), "1", REGT_SZ,
                        "PCI\\VEN_1AF4&DEV_1048") == 0);
  why = device_policy_block(h);
  CHECK(why && strstr(why, "DenyDeviceIDs"));
  free(why);
  CHECK(hive_set_dword(h, r, "DenyDeviceIDs", 0) == 0);
  CHECK(hive_set_dword(h, r, "DenyDeviceClasses", 1) == 0);
  CHECK(hive_set_string(h, hive_ensure(h, r, "DenyDeviceClasses"), "1",
                        REGT_SZ, "{4D36E972-E325-11CE-BFC1-08002BE10318}") == 0);
  why = device_policy_block(h);
  CHECK(why && strstr(why, "DenyDeviceClasses"));
  free(why);
  struct change_list plan = {0};
  device_policy_plan_lift(h, "virtio", &plan);
  CHECK(plan.n == 2); /* DenyUnspecified and DenyDeviceClasses were on */
  struct options o = {.image = "unit"};
  struct session s = {.opts = &o};
  s.hives[HIVE_SOFTWARE] = h;
  CHECK(apply_registry_changes(&s, &plan) == RESULT_OK);
  CHECK(device_policy_block(h) == NULL);
  change_list_free(&plan);
  hive_close(h);
  free(f);
}

static void test_device_path(void)
{
  char *f = check_hive_copy("SOFTWARE-dp");
  hive *h = hive_open(f, true);
  REQUIRE(h != NULL);
  struct change_list plan = {0};
  virtio_plan_device_path(h, VIRTIO_DEVICE_PATH, &plan);
  CHECK(plan.n == 1);
  char *d = plan.n ? reg_decode_utf16(plan.v[0].data, plan.v[0].len) : NULL;
  CHECK_STR(d, "%SystemRoot%\\inf;%SystemRoot%\\Drivers\\VirtIO");
  free(d);
  change_list_free(&plan);
  hive_node_h cv = hive_ensure(h, hive_root(h),
                               "Microsoft\\Windows\\CurrentVersion");
  CHECK(hive_set_string(h, cv, "DevicePath", REGT_EXPAND_SZ,
                  "%SystemRoot%\\inf;C:\\Vendor") == 0);
  virtio_plan_device_path(h, VIRTIO_DEVICE_PATH, &plan);
  d = plan.n == 1 ? reg_decode_utf16(plan.v[0].data, plan.v[0].len) : NULL;
  CHECK_STR(d, "%SystemRoot%\\inf;C:\\Vendor;%SystemRoot%\\Drivers\\VirtIO");
  free(d);
  change_list_free(&plan);
  CHECK(hive_set_string(h, cv, "DevicePath", REGT_EXPAND_SZ,
                  "%SystemRoot%\\inf;%systemroot%\\drivers\\virtio") == 0);
  virtio_plan_device_path(h, VIRTIO_DEVICE_PATH, &plan);
  CHECK(plan.n == 0); /* already there, in another case */
  change_list_free(&plan);
  hive_close(h);
  free(f);
}

/* --- Driver-database consistency --------------------------------------
 * A checker over a whole DriverDatabase: every name points at something
 * that exists and points back, with the value types Windows uses. It
 * returns the number of problems (each printed), so a test can also show
 * that it catches a broken registration. */

static int problems;

static void problem(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static void problem(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  problems++;
  fprintf(stderr, "  driver database: ");
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

/* Whether NODE\NAME exists with TYPE and (LEN unless 0) bytes. */
static bool typed(hive *h, hive_node_h node, const char *name, uint32_t type,
                  size_t want_len)
{
  uint32_t t;
  void *d = NULL;
  size_t len = 0;
  bool ok = node && hive_get_raw(h, node, name, &t, &d, &len) == 0 &&
            t == type && (!want_len || len == want_len);
  free(d);
  return ok;
}

static size_t get_len(hive *h, hive_node_h node, const char *name)
{
  uint32_t t;
  void *d = NULL;
  size_t len = 0;
  if (hive_get_raw(h, node, name, &t, &d, &len) == -1)
    return (size_t)-1;
  free(d);
  return len;
}

static uint32_t dword_at(hive *h, hive_node_h node, const char *sub,
                         const char *name)
{
  uint32_t v = 0xFFFFFFFF;
  if (hive_get_dword(h, sub ? hive_lookup(h, node, sub) : node, name, &v) == -1)
    return 0xFFFFFFFF;
  return v;
}

static hive_node_h db_key(hive *h, const char *sub, const char *name)
{
  char *k = xasprintf("DriverDatabase\\%s\\%s", sub, name);
  hive_node_h n = hive_lookup(h, hive_root(h), k);
  free(k);
  return n;
}

/* Calls FN on every key below NODE that has values, with its path
 * relative to ROOT_LEN characters of the full path. */
static void leaves(hive *h, hive_node_h node, size_t root_len,
                   void (*fn)(hive *, hive_node_h, const char *, void *),
                   void *arg)
{
  char **vals = hive_value_names(h, node);
  if (vals && vals[0]) {
    char *path = hive_node_path(h, node);
    fn(h, node, strlen(path) > root_len ? path + root_len + 1 : "", arg);
    free(path);
  }
  strv_free(vals);
  hive_node_h *kids = hive_children(h, node);
  for (size_t i = 0; kids[i]; i++)
    leaves(h, kids[i], root_len, fn, arg);
  free(kids);
}

/* DeviceIds\<id>: each value is an inf that is registered, whose active
 * package describes <id>. */
static void check_device_id(hive *h, hive_node_h node, const char *id,
                            void *arg)
{
  (void)arg;
  char **infs = hive_value_names(h, node);
  /* DeviceIds\{ClassGUID}: one empty REG_NONE per registered inf. */
  if (id[0] == '{') {
    for (size_t i = 0; infs && infs[i]; i++) {
      if (!typed(h, node, infs[i], REGT_NONE, 0) ||
          get_len(h, node, infs[i]) != 0)
        problem("DeviceIds\%s\%s is not an empty REG_NONE", id, infs[i]);
      if (!db_key(h, "DriverInfFiles", infs[i]))
        problem("DeviceIds\%s names %s, not in DriverInfFiles", id, infs[i]);
    }
    strv_free(infs);
    return;
  }
  for (size_t i = 0; infs && infs[i]; i++) {
    if (!typed(h, node, infs[i], REGT_BINARY, 4))
      problem("DeviceIds\\%s\\%s is not 4 binary bytes", id, infs[i]);
    hive_node_h inf = db_key(h, "DriverInfFiles", infs[i]);
    char *active = inf ? hive_get_string(h, inf, "Active") : NULL;
    hive_node_h pkg = active ? db_key(h, "DriverPackages", active) : 0;
    char *desc_path = xasprintf("Descriptors\\%s", id);
    if (!inf)
      problem("DeviceIds\\%s names %s, not in DriverInfFiles", id, infs[i]);
    else if (!pkg)
      problem("DeviceIds\\%s: %s has no active package", id, infs[i]);
    else if (!hive_lookup(h, pkg, desc_path))
      problem("DeviceIds\\%s: package %s has no descriptor for it", id,
              active);
    free(desc_path);
    free(active);
  }
  strv_free(infs);
}

struct pkg_ctx {
  hive_node_h pkg;
  const char *pkg_name, *oem;
};

/* Descriptors\<id> of a package: a configuration it has, and a DeviceIds
 * entry naming the package's inf. */
static void check_descriptor(hive *h, hive_node_h node, const char *id,
                             void *arg)
{
  struct pkg_ctx *c = arg;
  char *cfg = hive_get_string(h, node, "Configuration");
  char *cfg_path = cfg ? xasprintf("Configurations\\%s", cfg) : NULL;
  if (!cfg || !hive_lookup(h, c->pkg, cfg_path))
    problem("%s: descriptor %s names no configuration", c->pkg_name, id);
  if (!typed(h, node, "Description", REGT_SZ, 0) ||
      !typed(h, node, "Manufacturer", REGT_SZ, 0))
    problem("%s: descriptor %s lacks Description/Manufacturer", c->pkg_name,
            id);
  hive_node_h dev = db_key(h, "DeviceIds", id);
  if (!dev || !hive_has_value(h, dev, c->oem))
    problem("%s: no DeviceIds entry for %s", c->oem, id);
  free(cfg_path);
  free(cfg);
}

static bool oem_bit_set(hive *h, const char *oem)
{
  int n = -1;
  if (sscanf(oem, "%*1[oO]%*1[eE]%*1[mM]%d", &n) != 1)
    return true; /* not an oemN.inf: no bit */
  uint32_t t;
  void *d = NULL;
  size_t len = 0;
  bool set = hive_get_raw(h, hive_lookup(h, hive_root(h), "DriverDatabase"),
                          "OemInfMap", &t, &d, &len) == 0 &&
             (size_t)n / 8 < len &&
             (((unsigned char *)d)[n / 8] & (0x80 >> (n % 8)));
  free(d);
  return set;
}

/* "<inf>_<arch>_<16 hex>" for the package's InfName. */
static bool folder_name_ok(const char *pkg, const char *inf_name)
{
  size_t n = inf_name ? strlen(inf_name) : 0;
  if (!n || strncasecmp(pkg, inf_name, n) || pkg[n] != '_')
    return false;
  const char *arch = pkg + n + 1, *us = strchr(arch, '_');
  if (!us || us == arch || strlen(us + 1) != 16)
    return false;
  for (const char *c = us + 1; *c; c++)
    if (!isxdigit((unsigned char)*c))
      return false;
  return true;
}

static void check_package(hive *h, hive_node_h pkg, const char *name)
{
  char *oem = hive_get_string(h, pkg, "");
  char *inf_name = hive_get_string(h, pkg, "InfName");
  hive_node_h inf = oem ? db_key(h, "DriverInfFiles", oem) : 0;
  char *active = inf ? hive_get_string(h, inf, "Active") : NULL;
  if (!inf)
    problem("%s names %s, not in DriverInfFiles", name, oem ? oem : "nothing");
  else if (!active || strcasecmp(active, name))
    problem("%s: DriverInfFiles\\%s is not active for it", name, oem);
  if (!folder_name_ok(name, inf_name))
    problem("%s is not <InfName>_<arch>_<16 hex> (InfName %s)", name,
            inf_name ? inf_name : "(none)");
  const char *sz[] = {"InfName", "Catalog", "Provider", "OemPath"};
  for (size_t i = 0; i < 4; i++)
    if (!typed(h, pkg, sz[i], REGT_SZ, 0))
      problem("%s: %s missing or not REG_SZ", name, sz[i]);
  if (hive_has_value(h, pkg, "SignerName") &&
      !typed(h, pkg, "SignerName", REGT_SZ, 0))
    problem("%s: %s not REG_SZ", name, "SignerName");
  if (!typed(h, pkg, "SignerScore", REGT_DWORD, 4) ||
      !typed(h, pkg, "StatusFlags", REGT_DWORD, 4))
    problem("%s: SignerScore/StatusFlags missing or not DWORD", name);
  if (!typed(h, pkg, "FileSize", REGT_QWORD, 8))
    problem("%s: FileSize missing or not an 8-byte QWORD", name);
  if (!typed(h, pkg, "ImportDate", REGT_BINARY, 8))
    problem("%s: ImportDate missing or not an 8-byte FILETIME", name);
  if (!typed(h, pkg, "Version", REGT_BINARY, 48))
    problem("%s: Version missing or not 48 bytes", name);
  hive_node_h cfgs = hive_lookup(h, pkg, "Configurations");
  hive_node_h *kids = cfgs ? hive_children(h, cfgs) : xcalloc(1, sizeof *kids);
  if (!kids[0])
    problem("%s: no configuration", name);
  for (size_t i = 0; kids[i]; i++) {
    if (!typed(h, kids[i], "Service", REGT_SZ, 0))
      problem("%s: a configuration has no Service", name);
    /* A boot storage driver's configuration carries what its INF
     * installs: the service's Parameters and the device's MSI settings. */
    char *svc = hive_get_string(h, kids[i], "Service");
    if (svc && (!strcasecmp(svc, "viostor") || !strcasecmp(svc, "vioscsi"))) {
      char *p = xasprintf("Services\\%s\\Parameters", svc);
      char *pnp = xasprintf("%s\\PnpInterface", p);
      if (dword_at(h, kids[i], p, "BusType") == 0xFFFFFFFF ||
          dword_at(h, kids[i], pnp, "5") != 1)
        problem("%s: configuration lacks %s BusType / PnpInterface\\5", name,
                p);
      if (dword_at(h, kids[i],
                   "Device\\Interrupt Management\\"
                   "MessageSignaledInterruptProperties",
                   "MSISupported") != 1)
        problem("%s: configuration lacks MSISupported", name);
      free(pnp);
      free(p);
    }
    free(svc);
  }
  free(kids);
  /* The package's class (Version bytes 8-23) lists its inf. */
  uint32_t vt;
  void *ver = NULL;
  size_t vlen = 0;
  if (oem && hive_get_raw(h, pkg, "Version", &vt, &ver, &vlen) == 0 &&
      vlen == 48) {
    char guid[40], key[48];
    guid_format((unsigned char *)ver + 8, guid);
    snprintf(key, sizeof key, "{%s}", guid);
    hive_node_h cls = db_key(h, "DeviceIds", key);
    if (!cls || !typed(h, cls, oem, REGT_NONE, 0))
      problem("%s: DeviceIds\\%s does not list %s", name, key, oem);
  }
  free(ver);
  hive_node_h descs = hive_lookup(h, pkg, "Descriptors");
  if (!descs)
    problem("%s: no descriptors", name);
  else if (oem) {
    struct pkg_ctx c = {pkg, name, oem};
    char *path = hive_node_path(h, descs);
    leaves(h, descs, strlen(path), check_descriptor, &c);
    free(path);
  }
  free(active), free(inf_name), free(oem);
}

static void check_inf_file(hive *h, hive_node_h inf, const char *name)
{
  char *active = hive_get_string(h, inf, "Active");
  char **pkgs = hive_get_multi(h, inf, "");
  hive_node_h pkg = active ? db_key(h, "DriverPackages", active) : 0;
  if (!typed(h, inf, "", REGT_MULTI_SZ, 0) || !typed(h, inf, "Active", REGT_SZ, 0))
    problem("DriverInfFiles\\%s: default/Active of the wrong type", name);
  bool listed = false;
  for (size_t i = 0; pkgs && pkgs[i]; i++)
    listed = listed || (active && !strcasecmp(pkgs[i], active));
  if (!listed)
    problem("DriverInfFiles\\%s does not list its active package %s", name,
            active ? active : "(none)");
  if (!pkg)
    problem("DriverInfFiles\\%s: active package %s missing", name,
            active ? active : "(none)");
  char **cfgs = hive_get_multi(h, inf, "Configurations");
  if (!cfgs || !typed(h, inf, "Configurations", REGT_MULTI_SZ, 0))
    problem("DriverInfFiles\\%s: no Configurations list", name);
  for (size_t i = 0; pkg && cfgs && cfgs[i]; i++) {
    char *k = xasprintf("Configurations\\%s", cfgs[i]);
    if (!hive_lookup(h, pkg, k))
      problem("DriverInfFiles\\%s lists configuration %s the package lacks",
              name, cfgs[i]);
    free(k);
  }
  if (!oem_bit_set(h, name))
    problem("DriverInfFiles\\%s: its OemInfMap bit is clear", name);
  strv_free(cfgs);
  strv_free(pkgs);
  free(active);
}

static int db_problems(hive *h)
{
  problems = 0;
  hive_node_h db = hive_lookup(h, hive_root(h), "DriverDatabase");
  if (!db)
    return 1;
  const char *subs[] = {"DriverInfFiles", "DriverPackages"};
  for (int s = 0; s < 2; s++) {
    hive_node_h top = hive_lookup(h, db, subs[s]);
    hive_node_h *kids = top ? hive_children(h, top) : xcalloc(1, sizeof *kids);
    for (size_t i = 0; kids[i]; i++) {
      char *name = hive_node_name(h, kids[i]);
      if (s == 0)
        check_inf_file(h, kids[i], name);
      else
        check_package(h, kids[i], name);
      free(name);
    }
    free(kids);
  }
  hive_node_h ids = hive_lookup(h, db, "DeviceIds");
  if (ids) {
    char *path = hive_node_path(h, ids);
    leaves(h, ids, strlen(path), check_device_id, NULL);
    free(path);
  }
  if (!typed(h, db, "UpdateDate", REGT_BINARY, 8))
    problem("UpdateDate missing or not an 8-byte FILETIME");
  return problems;
}

static const char VIOSCSI_INF[] =
    "[Version]\r\nSignature=\"$WINDOWS NT$\"\r\nClass=SCSIAdapter\r\n"
    "ClassGuid={4D36E97B-E325-11CE-BFC1-08002BE10318}\r\nProvider=%VENDOR%\r\n"
    "DriverVer=06/12/2024,100.95.104.26200\r\nCatalogFile=vioscsi.cat\r\n"
    "[Manufacturer]\r\n%VENDOR% = VENDOR,NTamd64.10.0\r\n"
    "[VENDOR.NTamd64.10.0]\r\n"
    "%Scsi% = scsi_inst, PCI\\VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00, "
    "PCI\\VEN_1AF4&DEV_1004\r\n"
    "%Scsi% = scsi_inst, PCI\\VEN_1AF4&DEV_1048&SUBSYS_11001AF4&REV_01, "
    "PCI\\VEN_1AF4&DEV_1048\r\n"
    "[scsi_inst.NT.HW]\r\nAddReg = pnpsafe_msi\r\n"
    "[scsi_inst.NT.Services]\r\n"
    "AddService = vioscsi, 0x00000002, vioscsi_Service_Inst\r\n"
    "[vioscsi_Service_Inst]\r\nAddReg = pnpsafe_pci_addreg\r\n"
    "[pnpsafe_pci_addreg]\r\n"
    "HKR, \"Parameters\\PnpInterface\", \"5\", 0x00010001, 1\r\n"
    "HKR, \"Parameters\", \"BusType\", 0x00010001, 0x0000000A\r\n"
    "[pnpsafe_msi]\r\n"
    "HKR, \"Interrupt Management\\MessageSignaledInterruptProperties\", "
    "MSISupported, 0x00010001, 1\r\n"
    "[Strings]\r\nVENDOR = \"Red Hat, Inc.\"\r\nScsi = \"Red Hat VirtIO SCSI "
    "pass-through controller\"\r\n";

static uint64_t get_le(hive *h, hive_node_h n, const char *v, size_t len)
{
  uint32_t t;
  void *d = NULL;
  size_t got = 0;
  uint64_t r = 0;
  if (hive_get_raw(h, n, v, &t, &d, &got) == 0 && got == len)
    for (size_t i = len; i-- > 0;)
      r = r << 8 | ((unsigned char *)d)[i];
  free(d);
  return r;
}

/* Two packages (viostor signed by Microsoft's publisher, vioscsi by
 * another signer) in one hive: the whole database stays consistent, the
 * values are those asked for, a second plan with a later clock changes
 * nothing, and the checker catches three kinds of breakage. */
static void test_store_consistency(void)
{
  struct options o = {.image = "unit"};
  struct session s = {.opts = &o};
  char *f = check_hive_copy("SYSTEM-db");
  hive *h = s.hives[HIVE_SYSTEM] = hive_open(f, true);
  REQUIRE(h != NULL);
  hive_ensure(h, hive_root(h), "DriverDatabase\\DriverInfFiles");
  hive_ensure(h, hive_root(h), "ControlSet001\\Services");
  strlist_add(&s.guest.control_sets, "ControlSet001");

  struct virtio_package a = package(), b = {
      .service = "vioscsi", .inf_name = "vioscsi.inf", .inf = VIOSCSI_INF,
      .inf_len = sizeof VIOSCSI_INF - 1};
  b.hwids = virtio_storage_ids(data_virtio_win_folders, "vioscsi");
  a.pkg = virtio_package_name("viostor.inf", "amd64", a.inf, a.inf_len);
  b.pkg = virtio_package_name("vioscsi.inf", "amd64", b.inf, b.inf_len);
  strlist none = {0};
  a.oem = xasprintf("oem%d.inf", virtio_next_oem(h, NULL, &none));
  a.signer = xstrdup(MICROSOFT_HW_PUBLISHER);
  a.file_size = 1234;
  a.import_time = 0x01d8589269c446d0ULL;
  a.oem_path = xstrdup("C:\\Windows\\Drivers\\VirtIO\\viostor");
  struct change_list plan = {0};
  virtio_plan_storage_registry(h, NULL, &s.guest.control_sets, &a, &plan);
  CHECK(apply_registry_changes(&s, &plan) == 0);
  change_list_free(&plan);
  CHECK_STR(a.oem, "oem0.inf");
  b.oem = xasprintf("oem%d.inf", virtio_next_oem(h, NULL, &none));
  CHECK_STR(b.oem, "oem1.inf"); /* the next free N after the first */
  b.signer = xstrdup("Red Hat, Inc.");
  b.file_size = 99;
  b.import_time = a.import_time + 10000000ULL;
  b.oem_path = xstrdup("C:\\Windows\\Drivers\\VirtIO\\vioscsi");
  virtio_plan_storage_registry(h, NULL, &s.guest.control_sets, &b, &plan);
  CHECK(apply_registry_changes(&s, &plan) == 0);
  change_list_free(&plan);

  CHECK(db_problems(h) == 0);
  /* A later clock on a second run: nothing to do, ImportDate kept. */
  a.import_time += 99 * 10000000ULL;
  virtio_plan_storage_registry(h, NULL, &s.guest.control_sets, &a, &plan);
  CHECK(plan.n == 0);
  change_list_free(&plan);

  hive_node_h pa = db_key(h, "DriverPackages", a.pkg);
  hive_node_h pb = db_key(h, "DriverPackages", b.pkg);
  CHECK_STR_OWNED(hive_get_string(h, pa, "SignerName"), MICROSOFT_HW_PUBLISHER);
  CHECK_STR_OWNED(hive_get_string(h, pa, "InfName"), "viostor.inf");
  CHECK_STR_OWNED(hive_get_string(h, pa, "Catalog"), "viostor.cat");
  CHECK_STR_OWNED(hive_get_string(h, pa, "OemPath"), "C:\\Windows\\Drivers\\VirtIO\\viostor");
  uint32_t d = 0;
  CHECK(hive_get_dword(h, pa, "SignerScore", &d) == 0 && d == SIGNERSCORE_WHQL);
  CHECK(hive_get_dword(h, pb, "SignerScore", &d) == 0 &&
        d == SIGNERSCORE_AUTHENTICODE);
  CHECK(hive_get_dword(h, pa, "StatusFlags", &d) == 0 && d == 0x12);
  CHECK(get_le(h, pa, "FileSize", 8) == 1234);
  CHECK(get_le(h, pa, "ImportDate", 8) == 0x01d8589269c446d0ULL);
  CHECK(get_le(h, pb, "ImportDate", 8) == b.import_time);
  CHECK(get_le(h, hive_lookup(h, hive_root(h), "DriverDatabase"), "UpdateDate",
               8) == b.import_time);
  char **cfgs = hive_get_multi(h, db_key(h, "DriverInfFiles", "oem0.inf"),
                               "Configurations");
  CHECK(cfgs && cfgs[0] && !strcmp(cfgs[0], "rhelscsi_inst") && !cfgs[1]);
  strv_free(cfgs);
  /* DeviceIds bytes: rank 1 for the hardware ID, 2 for the compatible ID
   * after it; byte 1 the INF's FeatureScore (F9 for the viostor INF here,
   * FF when an INF has none, as vioscsi's). */
  struct { const char *id, *oem; unsigned char want[4]; } dv[] = {
      {"PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00", "oem0.inf", {1, 0xf9, 0, 0}},
      {"PCI\\VEN_1AF4&DEV_1001", "oem0.inf", {2, 0xf9, 0, 0}},
      {"PCI\\VEN_1AF4&DEV_1048&SUBSYS_11001AF4&REV_01", "oem1.inf", {1, 0xff, 0, 0}},
      {"PCI\\VEN_1AF4&DEV_1048", "oem1.inf", {2, 0xff, 0, 0}},
  };
  for (size_t i = 0; i < 4; i++) {
    uint32_t t;
    void *bytes = NULL;
    size_t len = 0;
    CHECK(hive_get_raw(h, db_key(h, "DeviceIds", dv[i].id), dv[i].oem, &t,
                       &bytes, &len) == 0 && len == 4 &&
          !memcmp(bytes, dv[i].want, 4));
    free(bytes);
  }
  uint32_t t;
  void *map = NULL;
  size_t len = 0;
  CHECK(hive_get_raw(h, hive_lookup(h, hive_root(h), "DriverDatabase"),
                     "OemInfMap", &t, &map, &len) == 0 && len == 1 &&
        ((unsigned char *)map)[0] == 0xc0);
  free(map);

  /* The checker itself fails on broken registrations. */
  CHECK(hive_set_raw(h, db_key(h, "DeviceIds", "PCI\\VEN_1AF4&DEV_1001"), "oem7.inf",
               REGT_BINARY, "\x01\xff\x00\x00", 4) == 0);
  CHECK(db_problems(h) > 0); /* DeviceIds names an unregistered inf */
  CHECK(hive_delete_value(h, db_key(h, "DeviceIds", "PCI\\VEN_1AF4&DEV_1001"),
                    "oem7.inf") == 0);
  CHECK(db_problems(h) == 0);
  CHECK(hive_set_dword(h, pb, "FileSize", 99) == 0);
  CHECK(db_problems(h) > 0); /* wrong type */
  CHECK(hive_set_qword(h, pb, "FileSize", 99) == 0);
  CHECK(hive_delete_key(h, hive_lookup(h, pb, "Descriptors\\PCI\\VEN_1AF4&DEV_1048")) == 0);
  CHECK(db_problems(h) > 0); /* a DeviceIds entry without its descriptor */
  CHECK(hive_delete_key(h, pb) == 0);
  CHECK(db_problems(h) > 0); /* half a registration */

  /* Unsigned catalog: no SignerName, the unsigned score. */
  free(b.signer);
  b.signer = NULL;
  virtio_plan_storage_registry(h, NULL, &s.guest.control_sets, &b, &plan);
  CHECK(apply_registry_changes(&s, &plan) == 0);
  change_list_free(&plan);
  pb = db_key(h, "DriverPackages", b.pkg);
  CHECK(!hive_has_value(h, pb, "SignerName"));
  CHECK(hive_get_dword(h, pb, "SignerScore", &d) == 0 &&
        d == SIGNERSCORE_UNSIGNED);

  struct virtio_package *both[] = {&a, &b};
  for (int i = 0; i < 2; i++) {
    strlist_free(&both[i]->hwids);
    free(both[i]->pkg), free(both[i]->oem), free(both[i]->signer),
        free(both[i]->oem_path);
  }
  hive_close(h);
  strlist_free(&s.guest.control_sets);
  free(f);
}

static char *read_data(const char *name, size_t *len)
{
  const char *dir = check_env("V2V_UNIT_DATA");
  char *path = dir ? xasprintf("%s/%s", dir, name) : NULL;
  FILE *fp = path ? fopen(path, "rb") : NULL;
  char *buf = xcalloc(1, 65536);
  *len = fp ? fread(buf, 1, 65536, fp) : 0;
  if (fp)
    fclose(fp);
  free(path);
  return buf;
}

/* The signer of a catalog: the certificate the SignerInfo names by issuer
 * and serial (the bundles put the CA first), not just any CN. */
static void test_catalog(void)
{
  size_t len;
  char *der = read_data("microsoft.cat", &len);
  CHECK(len > 500);
  char *who = catalog_signer(der, len);
  CHECK_STR(who, MICROSOFT_HW_PUBLISHER);
  free(who);
  who = catalog_signer(der, len / 2); /* truncated */
  CHECK(who == NULL);
  free(who);
  free(der);
  der = read_data("redhat.cat", &len);
  who = catalog_signer(der, len);
  CHECK_STR(who, "Red Hat, Inc.");
  free(who);
  free(der);
  const char stub[] = "\x30\x82\x01\x00\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01"
                      "\x07\x02 not a catalog";
  CHECK(catalog_signer(stub, sizeof stub - 1) == NULL);
  CHECK(catalog_signer("", 0) == NULL);
}

int main(void)
{
  test_folders();
  test_version();
  test_pre8();
  test_win8();
  test_store_consistency();
  test_catalog();
  test_device_path();
  test_device_policy();
  return check_report("virtio");
}
