/* virtio injection, the pure parts: folder table, next oemN.inf, the
 * boot storage registry plan before Windows 8 (CriticalDeviceDatabase)
 * and from 8 (DriverDatabase), the Version value, DevicePath. Each plan is
 * applied and planned again: the second plan must be empty. */
#include "check.h"
#include "v2v/apply.h"
#include "v2v/session.h"
#include "v2v/virtio.h"

static const char VIOSTOR_INF[] =
    "[Version]\r\nSignature=\"$WINDOWS NT$\"\r\nClass=SCSIAdapter\r\n"
    "ClassGuid={4D36E97B-E325-11CE-BFC1-08002BE10318}\r\nProvider=%RHEL%\r\n"
    "DriverVer=06/12/2024,100.95.104.26200\r\nCatalogFile=viostor.cat\r\n"
    "[Manufacturer]\r\n%RHEL% = RHEL,NTamd64\r\n[RHEL.NTamd64]\r\n"
    "%Dev% = rhelscsi_inst, PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00\r\n"
    "%Dev% = rhelscsi_inst, PCI\\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01\r\n"
    "[Strings]\r\nRHEL = \"Red Hat, Inc.\"\r\nDev = \"Red Hat VirtIO SCSI\"\r\n";

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
  CHECK(h != NULL);
  hive_set_dword(h, hive_ensure(h, hive_root(h),
                                "ControlSet001\\Services\\viostor\\StartOverride"),
                 "0", 3);
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
  hive *both[] = {sys, drv};
  for (int i = 0; i < 2; i++) {
    hive_ensure(both[i], hive_root(both[i]), "DriverDatabase\\DriverInfFiles\\oem0.inf");
    hive_ensure(both[i], hive_root(both[i]), "DriverDatabase\\DriverInfFiles\\OEM1.INF");
    hive_set_raw(both[i], hive_lookup(both[i], hive_root(both[i]), "DriverDatabase"),
                 "OemInfMap", REGT_BINARY, "\xc0", 1);
  }
  hive_ensure(sys, hive_root(sys), "ControlSet001\\Services");
  strlist_add(&s.guest.control_sets, "ControlSet001");
  strlist used = {0};
  strlist_add(&used, "oem2.inf");
  strlist_add(&used, "OEM3.INF");
  strlist_add(&used, "machine.inf");
  CHECK(virtio_next_oem(sys, drv, &used) == 4);
  strlist_free(&used);
  CHECK(virtio_has_driver_database(sys));

  struct virtio_package p = package();
  p.pkg = virtio_package_name("viostor.inf", "amd64", p.inf, p.inf_len);
  CHECK(strncmp(p.pkg, "viostor.inf_amd64_", 18) == 0 && strlen(p.pkg) == 34);
  char *again = virtio_package_name("viostor.inf", "AMD64", p.inf, p.inf_len);
  CHECK_STR(again, p.pkg);
  free(again);
  p.oem = xstrdup("oem4.inf");
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
  /* No CriticalDeviceDatabase on 8+, but the service all the same. */
  CHECK(!hive_lookup(sys, hive_root(sys),
                     "ControlSet001\\Control\\CriticalDeviceDatabase"));
  CHECK(hive_lookup(sys, hive_root(sys), "ControlSet001\\Services\\viostor"));
  change_list_free(&plan);
  strlist_free(&p.hwids);
  free(p.pkg);
  free(p.oem);
  hive_close(sys);
  hive_close(drv);
  strlist_free(&s.guest.control_sets);
  free(f1);
  free(f2);
}

static void test_device_path(void)
{
  char *f = check_hive_copy("SOFTWARE-dp");
  hive *h = hive_open(f, true);
  struct change_list plan = {0};
  virtio_plan_device_path(h, VIRTIO_DEVICE_PATH, &plan);
  CHECK(plan.n == 1);
  char *d = plan.n ? reg_decode_utf16(plan.v[0].data, plan.v[0].len) : NULL;
  CHECK_STR(d, "%SystemRoot%\\inf;%SystemRoot%\\Drivers\\VirtIO");
  free(d);
  change_list_free(&plan);
  hive_node_h cv = hive_ensure(h, hive_root(h),
                               "Microsoft\\Windows\\CurrentVersion");
  hive_set_string(h, cv, "DevicePath", REGT_EXPAND_SZ,
                  "%SystemRoot%\\inf;C:\\Vendor");
  virtio_plan_device_path(h, VIRTIO_DEVICE_PATH, &plan);
  d = plan.n == 1 ? reg_decode_utf16(plan.v[0].data, plan.v[0].len) : NULL;
  CHECK_STR(d, "%SystemRoot%\\inf;C:\\Vendor;%SystemRoot%\\Drivers\\VirtIO");
  free(d);
  change_list_free(&plan);
  hive_set_string(h, cv, "DevicePath", REGT_EXPAND_SZ,
                  "%SystemRoot%\\inf;%systemroot%\\drivers\\virtio");
  virtio_plan_device_path(h, VIRTIO_DEVICE_PATH, &plan);
  CHECK(plan.n == 0); /* already there, in another case */
  change_list_free(&plan);
  hive_close(h);
  free(f);
}

int main(void)
{
  test_folders();
  test_version();
  test_pre8();
  test_win8();
  test_device_path();
  return check_report("virtio");
}
