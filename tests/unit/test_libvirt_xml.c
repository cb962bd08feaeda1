/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The libvirt domain built from a spec, read back with XPath. */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "v2v/libvirt_xml.h"

static xmlDoc *doc;

/* The string value of an XPath expression over the current domain. */
static char *xp(const char *expr)
{
  xmlXPathContext *ctx = xmlXPathNewContext(doc);
  xmlXPathObject *o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
  xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
  char *r = strdup(s ? (const char *)s : "");
  xmlFree(s);
  xmlXPathFreeObject(o);
  xmlXPathFreeContext(ctx);
  return r;
}

#define CHECK_XP(expr, want)                                               \
  do {                                                                     \
    char *got_ = xp(expr);                                                 \
    CHECK_STR(got_, want);                                                 \
    free(got_);                                                            \
  } while (0)

static void load(const struct domain_spec *d)
{
  char *xml = domain_xml(d);
  xmlFreeDoc(doc);
  doc = xmlReadMemory(xml, (int)strlen(xml), "domain.xml", NULL, XML_PARSE_NONET);
  REQUIRE(doc != NULL);
  free(xml);
}

static void test_windows_scsi(void)
{
  struct domain_spec d = {
      .name = strdup("old <&> guest"), .vcpus = 4, .memory_mib = 8192,
      .arch = "x86_64", .machine = "pc", .uefi = false, .windows = true,
      .disk_bus = "scsi", .disk_format = "raw", .nic_model = "virtio",
      .nics = 2};
  strlist_add(&d.disks, "/out/a.img");
  strlist_add(&d.disks, "/out/a-disk2.img");
  strlist_add(&d.macs, "a2:4f:11:22:33:44");
  strlist_add(&d.macs, "");
  load(&d);
  CHECK_XP("string(/domain/name)", "old <&> guest");
  CHECK_XP("string(/domain/vcpu)", "4");
  CHECK_XP("string(/domain/memory)", "8192");
  CHECK_XP("string(/domain/memory/@unit)", "MiB");
  CHECK_XP("string(/domain/os/type/@machine)", "pc");
  CHECK_XP("count(/domain/os/@firmware)", "0");
  CHECK_XP("string(/domain/clock/@offset)", "localtime");
  CHECK_XP("count(/domain/devices/disk)", "2");
  CHECK_XP("string(/domain/devices/disk[1]/source/@file)", "/out/a.img");
  CHECK_XP("string(/domain/devices/disk[1]/driver/@type)", "raw");
  CHECK_XP("string(/domain/devices/disk[2]/target/@dev)", "sdb");
  CHECK_XP("string(/domain/devices/disk[2]/target/@bus)", "scsi");
  CHECK_XP("string(/domain/devices/controller[@type='scsi']/@model)", "virtio-scsi");
  CHECK_XP("count(/domain/devices/interface)", "2");
  CHECK_XP("string(/domain/devices/interface[1]/mac/@address)", "a2:4f:11:22:33:44");
  CHECK_XP("count(/domain/devices/interface[2]/mac)", "0");
  CHECK_XP("string(/domain/devices/interface[2]/model/@type)", "virtio");
  CHECK_XP("string(/domain/devices/serial/@type)", "pty");
  CHECK_XP("string(/domain/devices/console/target/@type)", "serial");
  domain_spec_free(&d);
}

static void test_uefi_e1000(void)
{
  struct domain_spec d = {
      .name = strdup("new"), .vcpus = 2, .memory_mib = 4096, .arch = "x86_64",
      .machine = "q35", .uefi = true, .windows = false, .disk_bus = "virtio",
      .disk_format = "qcow2", .nic_model = "e1000", .nics = 1};
  strlist_add(&d.disks, "/out/b.qcow2");
  strlist_add(&d.macs, "");
  load(&d);
  CHECK_XP("string(/domain/os/@firmware)", "efi");
  CHECK_XP("string(/domain/os/type/@machine)", "q35");
  CHECK_XP("string(/domain/clock/@offset)", "utc");
  CHECK_XP("string(/domain/devices/disk/target/@dev)", "vda");
  CHECK_XP("count(/domain/devices/controller)", "0");
  CHECK_XP("string(/domain/devices/interface/model/@type)", "e1000");
  domain_spec_free(&d);
}

static void test_machine(void)
{
  struct guest g = {.os_type = "windows", .major = 6, .minor = 1};
  CHECK_STR(machine_for_guest(&g), "pc");   /* 7 / 2008 R2 */
  g.major = 5, g.minor = 2;
  CHECK_STR(machine_for_guest(&g), "pc");   /* 2003 */
  g.major = 6, g.minor = 2;
  CHECK_STR(machine_for_guest(&g), "q35");  /* 8 / 2012 */
  g.major = 10, g.minor = 0;
  CHECK_STR(machine_for_guest(&g), "q35");
  struct guest l = {.os_type = "linux", .major = 2, .minor = 6};
  CHECK_STR(machine_for_guest(&l), "q35");
}

int main(void)
{
  test_windows_scsi();
  test_uefi_e1000();
  test_machine();
  xmlFreeDoc(doc);
  return check_report("libvirt_xml");
}
