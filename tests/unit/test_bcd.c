/* SPDX-License-Identifier: GPL-2.0-or-later */
/* BCD partition device elements and the check against the disk. */
#include "check.h"
#include "v2v/bcd.h"
#include "v2v/bcd_build.h"
#include "v2v/bcd_repair.h"

static struct partition mbr_parts[] = {
    {.num = 1, .start = 1048576, .mbr_type = 7, .bootable = true},
    {.num = 2, .start = 26214400, .mbr_type = 7},
};

static struct disk mbr_disk = {
    .style = PART_MBR, .mbr_signature = 0x5EED2008,
    .parts = mbr_parts, .nparts = 2};

static void test_guid(void)
{
  uint8_t b[16];
  char text[40];
  CHECK(guid_parse("{9dea862c-5cdd-4e70-acc1-f32b344d4795}", b) == 0);
  /* Windows byte order: the first three fields little-endian. */
  CHECK(b[0] == 0x2c && b[3] == 0x9d && b[4] == 0xdd && b[6] == 0x70 &&
        b[8] == 0xac && b[15] == 0x95);
  guid_format(b, text);
  CHECK_STR(text, "9DEA862C-5CDD-4E70-ACC1-F32B344D4795");
  CHECK(guid_parse("not-a-guid", b) == -1);
}

static void test_roundtrip(void)
{
  struct bcd_device in = {.style = PART_MBR, .offset = 26214400,
                          .mbr_signature = 0x5EED2008}, out;
  uint8_t buf[BCD_DEVICE_LEN];
  bcd_device_encode(&in, buf);
  /* doc/bcd.md layout, checked byte by byte where it matters. */
  CHECK(buf[0x10] == 6 && buf[0x18] == 0x48 && buf[0x34] == 1);
  CHECK(buf[0x20] == 0x00 && buf[0x22] == 0x90 && buf[0x23] == 0x01);
  CHECK(buf[0x38] == 0x08 && buf[0x3B] == 0x5E);
  CHECK(bcd_device_decode(buf, sizeof buf, &out) == 0);
  CHECK(out.style == PART_MBR && out.offset == 26214400 &&
        out.mbr_signature == 0x5EED2008);
  CHECK(bcd_device_partition(&out, &mbr_disk) == &mbr_parts[1]);
  out.mbr_signature = 0x12345678;
  CHECK(bcd_device_partition(&out, &mbr_disk) == NULL);

  struct bcd_device g = {.style = PART_GPT};
  strcpy(g.part_guid, "11111111-2222-3333-4444-555555555555");
  strcpy(g.disk_guid, "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE");
  bcd_device_encode(&g, buf);
  CHECK(buf[0x34] == 0 && buf[0x20] == 0x11 && buf[0x38] == 0xAA);
  CHECK(bcd_device_decode(buf, sizeof buf, &out) == 0);
  CHECK(out.style == PART_GPT);
  CHECK_STR(out.part_guid, g.part_guid);
  CHECK_STR(out.disk_guid, g.disk_guid);

  buf[0x10] = 5; /* "boot" device: not a partition, not checked */
  CHECK(bcd_device_decode(buf, sizeof buf, &out) == -1);
  CHECK(bcd_device_decode(buf, 40, &out) == -1);
}

static void put_device(hive *h, const char *object, const char *element,
                       uint32_t signature, uint64_t offset)
{
  struct bcd_device d = {.style = PART_MBR, .offset = offset,
                         .mbr_signature = signature};
  uint8_t buf[BCD_DEVICE_LEN];
  bcd_device_encode(&d, buf);
  char *path = xasprintf("Objects\\%s\\Elements\\%s", object, element);
  hive_node_h n = hive_ensure(h, hive_root(h), path);
  CHECK(hive_set_raw(h, n, "Element", REGT_BINARY, buf, sizeof buf) == 0);
  free(path);
}

static void test_check(void)
{
  char *file = check_hive_copy("bcd.hive");
  hive *h = hive_open(file, true);
  REQUIRE(h != NULL);
  const char *bootmgr = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";
  const char *loader = "{3b5e9c7e-3a2c-11e0-9d5b-00155d000001}";
  put_device(h, bootmgr, "11000001", 0x5EED2008, 1048576);
  put_device(h, loader, "11000001", 0x5EED2008, 26214400);
  put_device(h, loader, "21000001", 0x5EED2008, 26214400);
  strlist problems = {0};
  bcd_check(h, &mbr_disk, &problems);
  CHECK(problems.n == 0);

  /* A store copied from another disk: stale signature on the loader. */
  put_device(h, loader, "21000001", 0xDEADBEEF, 26214400);
  put_device(h, bootmgr, "11000001", 0x5EED2008, 4096); /* no partition there */
  bcd_check(h, &mbr_disk, &problems);
  CHECK(problems.n == 2);
  bool saw_loader = false, saw_bootmgr = false;
  for (size_t i = 0; i < problems.n; i++) {
    saw_loader |= strstr(problems.v[i], "21000001") &&
                  strstr(problems.v[i], "DEADBEEF");
    saw_bootmgr |= strstr(problems.v[i], "9dea862c") &&
                   strstr(problems.v[i], "byte 4096");
  }
  CHECK(saw_loader && saw_bootmgr);
  strlist_free(&problems);
  hive_close(h);
  free(file);
}

static void set_type(hive *h, const char *object, uint32_t type)
{
  char *path = xasprintf("Objects\\%s\\Description", object);
  CHECK(hive_set_dword(h, hive_ensure(h, hive_root(h), path), "Type", type) == 0);
  free(path);
}

/* A store from another disk: every element is re-pointed, the boot
 * manager at the system partition, the loader at the Windows one. */
static void test_repair(void)
{
  char *file = check_hive_copy("repair.hive");
  hive *h = hive_open(file, true);
  REQUIRE(h != NULL);
  const char *bootmgr = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";
  const char *loader = "{3b5e9c7e-3a2c-11e0-9d5b-00155d000001}";
  /* A firmware application (a vendor's \EFI\ tool): it belongs with the
   * boot manager on the system partition, not with Windows. */
  const char *fwapp = "{3b5e9c7e-3a2c-11e0-9d5b-00155d000009}";
  set_type(h, bootmgr, BCD_TYPE_BOOTMGR);
  set_type(h, loader, BCD_TYPE_OSLOADER);
  set_type(h, fwapp, BCD_TYPE_FWAPP);
  put_device(h, bootmgr, "11000001", 0xDEADBEEF, 1048576);
  put_device(h, loader, "11000001", 0xDEADBEEF, 26214400);
  put_device(h, loader, "21000001", 0x5EED2008, 26214400); /* already right */
  put_device(h, fwapp, "11000001", 0xDEADBEEF, 26214400);

  struct change_list plan = {0};
  bcd_plan_repair(h, &mbr_disk, &mbr_parts[0], &mbr_parts[1], "t", &plan);
  CHECK(plan.n == 3);
  /* Windows RE's ramdisk options on a partition of the old disk: warned
   * about (reagentc re-registers it), not repointed. */
  const char *rd = "{ae5534e0-a924-466c-b836-758539a3ee3a}";
  set_type(h, rd, 0x30000000);
  put_device(h, rd, BCD_RAMDISK_SDI_DEVICE, 0xDEADBEEF, 1048576);
  strlist warnings = {0};
  bcd_check_ramdisk(h, &mbr_disk, &warnings);
  CHECK(warnings.n == 1 && strstr(warnings.v[0], rd) &&
        strstr(warnings.v[0], "reagentc"));
  strlist_free(&warnings);
  put_device(h, rd, BCD_RAMDISK_SDI_DEVICE, 0x5EED2008, 1048576);
  bcd_check_ramdisk(h, &mbr_disk, &warnings);
  CHECK(warnings.n == 0);
  for (size_t i = 0; i < plan.n; i++) {
    struct bcd_device d;
    CHECK(plan.v[i].hive == HIVE_BCD && plan.v[i].len == BCD_DEVICE_LEN);
    CHECK(bcd_device_decode(plan.v[i].data, plan.v[i].len, &d) == 0);
    CHECK(d.mbr_signature == 0x5EED2008);
    bool on_system = strstr(plan.v[i].key, "9dea862c") ||
                     strstr(plan.v[i].key, "00155d000009");
    CHECK(d.offset == (on_system ? mbr_parts[0].start : mbr_parts[1].start));
  }
  change_list_free(&plan);
  hive_close(h);
  free(file);
}

static void test_mounted_devices(void)
{
  uint8_t v[24];
  CHECK(mounted_device_value(&mbr_disk, &mbr_parts[1], v) == 12);
  CHECK(v[0] == 0x08 && v[3] == 0x5E && v[4] == 0x00 && v[6] == 0x90 &&
        v[7] == 0x01 && v[11] == 0);
  struct partition gp = {.num = 3};
  strcpy(gp.gpt_guid, "5EED2019-D47A-4F16-A3C5-000000000003");
  struct disk gd = {.style = PART_GPT, .parts = &gp, .nparts = 1};
  CHECK(mounted_device_value(&gd, &gp, v) == 24);
  CHECK(memcmp(v, "DMIO:ID:", 8) == 0 && v[8] == 0x19 && v[11] == 0x5E &&
        v[23] == 0x03);
}

static char *element_string(hive *h, const char *object, const char *id)
{
  char *path = xasprintf("Objects\\%s\\Elements\\%s", object, id);
  char *v = hive_get_string(h, hive_lookup(h, hive_root(h), path), "Element");
  free(path);
  return v;
}

/* A store rebuilt from the template: every object a boot needs, devices
 * that match the disk, the loader that fits the firmware. */
static void test_build(void)
{
  struct bcd_build b = {.firmware = FW_BIOS, .disk = &mbr_disk,
                        .system = &mbr_parts[0], .os = &mbr_parts[1],
                        .description = "Windows Server 2008 R2"};
  char *file = check_hive_copy("built.hive");
  CHECK(bcd_build(file, &b) == 0);
  hive *h = hive_open(file, false);
  REQUIRE(h != NULL);
  char *v = hive_get_string(h, hive_lookup(h, hive_root(h), "Description"), "KeyName");
  CHECK_STR(v, "BCD00000000");
  free(v);
  strlist problems = {0};
  bcd_check(h, &mbr_disk, &problems);
  CHECK(problems.n == 0);
  strlist_free(&problems);
  char loader[40], again[40];
  bcd_object_guid(&mbr_disk, "loader", loader);
  bcd_object_guid(&mbr_disk, "loader", again);
  CHECK_STR(loader, again); /* the same disk, the same GUID */
  const char *bootmgr = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";
  CHECK_STR_OWNED(element_string(h, bootmgr, "23000003"), loader);
  CHECK_STR_OWNED(element_string(h, loader, "12000002"), "\\Windows\\system32\\winload.exe");
  CHECK_STR_OWNED(element_string(h, loader, "12000004"), "Windows Server 2008 R2");
  CHECK_STR_OWNED(element_string(h, "{b2721d73-1db4-4c62-bf78-c548a880142d}", "12000002"), "\\boot\\memtest.exe");
  CHECK(hive_lookup(h, hive_root(h), "Objects\\{a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba}") == 0);
  /* The loader boots from the Windows partition, the boot manager from
   * the system partition. */
  uint32_t type;
  void *data;
  size_t len;
  char *path = xasprintf("Objects\\%s\\Elements\\21000001", loader);
  CHECK(hive_get_raw(h, hive_lookup(h, hive_root(h), path), "Element", &type, &data, &len) == 0);
  struct bcd_device d;
  CHECK(bcd_device_decode(data, len, &d) == 0 && d.offset == mbr_parts[1].start);
  free(data);
  free(path);
  uint32_t t = 0;
  CHECK(hive_get_dword(h, hive_lookup(h, hive_root(h), "Objects\\{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}\\Description"), "Type", &t) == 0 && t == 0x20200003);
  hive_close(h);
  free(file);

  struct partition gp[2] = {{.num = 1, .start = 1048576}, {.num = 3, .start = 51380224}};
  strcpy(gp[0].gpt_guid, "5EED2019-E5F0-4A1B-8C2D-000000000001");
  strcpy(gp[1].gpt_guid, "5EED2019-D47A-4F16-A3C5-000000000003");
  struct disk gd = {.style = PART_GPT, .parts = gp, .nparts = 2};
  strcpy(gd.gpt_guid, "5EED2019-0B5C-4D3A-9E1F-7A6B5C4D3E2F");
  b = (struct bcd_build){.firmware = FW_UEFI, .disk = &gd, .system = &gp[0],
                         .os = &gp[1], .description = "Windows Server"};
  file = check_hive_copy("built-uefi.hive");
  CHECK(bcd_build(file, &b) == 0);
  h = hive_open(file, false);
  REQUIRE(h != NULL);
  bcd_check(h, &gd, &problems);
  CHECK(problems.n == 0);
  strlist_free(&problems);
  bcd_object_guid(&gd, "loader", loader);
  CHECK_STR_OWNED(element_string(h, loader, "12000002"), "\\Windows\\system32\\winload.efi");
  CHECK(hive_lookup(h, hive_root(h), "Objects\\{a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba}") != 0);
  hive_close(h);
  free(file);
}

int main(void)
{
  test_guid();
  test_roundtrip();
  test_check();
  test_repair();
  test_mounted_devices();
  test_build();
  return check_report("bcd");
}
