/* SPDX-License-Identifier: GPL-2.0-or-later */
/* OVF descriptors of the three flavours, and the ones that must be refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "v2v/strbuf.h"
#include "v2v/ovf.h"

static char *slurp(const char *name, size_t *len)
{
  return check_slurp("V2V_OVF_DIR", name, len);
}

static int parse_file(const char *name, struct ovf *o, char **why)
{
  size_t len = 0;
  char *buf = slurp(name, &len);
  if (!buf) {
    *why = strdup("sample missing");
    return -1;
  }
  int r = ovf_parse(buf, len, NULL, o, why);
  free(buf);
  return r;
}

static void test_xenserver(void)
{
  struct ovf o;
  char *why;
  CHECK(parse_file("xenserver.ovf", &o, &why) == 0);
  CHECK_STR(o.flavour, "xenserver");
  CHECK_STR(o.name, "win2008r2-citrix");
  CHECK(o.vcpus == 4);
  CHECK(o.memory_mib == 8192);
  CHECK(o.firmware == FW_BIOS);
  /* Hardware order, not DiskSection order: the system disk first. */
  CHECK(o.ndisks == 2);
  if (o.ndisks == 2) {
    CHECK_STR(o.disks[0].href, "system.vmdk");
    CHECK(o.disks[0].capacity == 40ULL << 30);
    CHECK(o.disks[0].file_size == 1024);
    CHECK(!o.disks[0].gzip);
    CHECK_STR(o.disks[1].href, "data.vhd");
    CHECK(o.disks[1].capacity == 1ULL << 30);
  }
  CHECK(o.nnics == 1);
  if (o.nnics == 1) {
    CHECK_STR(o.nics[0].mac, "a2:4f:11:22:33:44");
    CHECK_STR(o.nics[0].network, "Pool-wide network associated with eth0");
  }
  ovf_free(&o);
}

static void test_vmware(void)
{
  struct ovf o;
  char *why;
  CHECK(parse_file("vmware.ovf", &o, &why) == 0);
  CHECK_STR(o.flavour, "vmware");
  CHECK_STR(o.name, "web01");
  CHECK(o.vcpus == 2);
  CHECK(o.memory_mib == 2048);
  CHECK(o.firmware == FW_UEFI);
  CHECK(o.ndisks == 1);
  if (o.ndisks == 1) {
    CHECK_STR(o.disks[0].href, "web01-disk1.vmdk");
    CHECK(o.disks[0].capacity == 16ULL << 30);
  }
  CHECK(o.nnics == 1);
  if (o.nnics == 1)
    CHECK_STR(o.nics[0].model, "VmxNet3");
  CHECK_STR(o.disks[0].controller, "lsisas1068"); /* lsilogicsas */
  CHECK(o.disks[0].bus == 0 && o.disks[0].unit == 0);
  ovf_free(&o);
}


/* ovftool's export of a Workstation VM (tests/unit/ovf/README.md). */
static void test_ovftool_workstation(void)
{
  struct ovf o;
  char *why;
  REQUIRE(parse_file("ovftool-workstation.ovf", &o, &why) == 0);
  CHECK_STR(o.flavour, "vmware");
  CHECK_STR(o.os_id, "debian10_64Guest");
  CHECK(o.vcpus == 4 && o.cores_per_socket == 2);
  CHECK(o.memory_mib == 2048);
  CHECK(o.firmware == FW_UNKNOWN); /* no firmware Config: inspection says */
  CHECK_STR(o.nvram, "kali-linux-2024.4-vmware-amd64.nvram");
  REQUIRE(o.ndisks == 1);
  CHECK_STR(o.disks[0].controller, "lsilogic");
  CHECK(o.disks[0].bus == 0 && o.disks[0].unit == 0);
  CHECK_STR(o.nics[0].model, "E1000");
  CHECK_STR(o.nics[0].network, "nat");
  /* nvram and cpuid.coresPerSocket read; the 5 others not. */
  CHECK(check_has(&o.ignored, "5 vmw:ExtraConfig settings"));
  ovf_free(&o);
}

/* Controllers by rasd:Parent, wherever their Items come. */
static void test_esxi_controllers(void)
{
  struct ovf o;
  char *why;
  REQUIRE(parse_file("esxi-controllers.ovf", &o, &why) == 0);
  CHECK_STR(o.os_id, "windows2019srvNext_64Guest");
  CHECK(o.firmware == FW_UEFI);
  CHECK(o.vcpus == 4 && o.cores_per_socket == 4);
  CHECK_STR(o.nvram, "win2022-file1.nvram");
  REQUIRE(o.ndisks == 3);
  CHECK_STR(o.disks[0].href, "win2022-disk1.vmdk");
  CHECK_STR(o.disks[0].controller, "lsisas1068");
  CHECK(o.disks[0].bus == 0 && o.disks[0].unit == 0);
  CHECK_STR(o.disks[1].controller, "pvscsi"); /* VirtualSCSI */
  CHECK(o.disks[1].bus == 1 && o.disks[1].unit == 3);
  CHECK_STR(o.disks[2].controller, "nvme");
  CHECK(o.disks[2].unit == 1);
  CHECK(o.nnics == 2);
  CHECK_STR(o.nics[1].model, "E1000e");
  CHECK_STR(o.nics[1].network, "Backup");
  CHECK(check_has(&o.ignored, "CD/DVD drive 1 (CD/DVD)"));
  CHECK(o.warnings.n == 0);
  ovf_free(&o);
  /* A SATA disk, an IDE disk, a parent that names nothing. */
  const char *more =
      "<Envelope xmlns:ovf='http://schemas.dmtf.org/ovf/envelope/1'>"
      "<References><File ovf:id='f1' ovf:href='a.vmdk'/>"
      "<File ovf:id='f2' ovf:href='b.vmdk'/><File ovf:id='f3' ovf:href='c.vmdk'/>"
      "</References><DiskSection><Disk ovf:diskId='d1' ovf:fileRef='f1'/>"
      "<Disk ovf:diskId='d2' ovf:fileRef='f2'/>"
      "<Disk ovf:diskId='d3' ovf:fileRef='f3'/></DiskSection>"
      "<VirtualSystem ovf:id='v'><VirtualHardwareSection>"
      "<Item><InstanceID>1</InstanceID><ResourceType>20</ResourceType>"
      "<ResourceSubType>AHCI</ResourceSubType><Address>2</Address></Item>"
      "<Item><InstanceID>2</InstanceID><ResourceType>5</ResourceType></Item>"
      "<Item><ResourceType>17</ResourceType><HostResource>ovf:/disk/d1"
      "</HostResource><Parent>1</Parent><AddressOnParent>4</AddressOnParent>"
      "</Item><Item><ResourceType>17</ResourceType><HostResource>"
      "ovf:/disk/d2</HostResource><Parent>2</Parent></Item>"
      "<Item><ResourceType>17</ResourceType><HostResource>ovf:/disk/d3"
      "</HostResource><Parent>99</Parent></Item>"
      "<Item><ResourceType>3</ResourceType><VirtualQuantity>3</VirtualQuantity>"
      "<CoresPerSocket>2</CoresPerSocket></Item>"
      "</VirtualHardwareSection></VirtualSystem></Envelope>";
  REQUIRE(ovf_parse(more, strlen(more), NULL, &o, &why) == 0);
  REQUIRE(o.ndisks == 3);
  CHECK_STR(o.disks[0].controller, "sata");
  CHECK(o.disks[0].bus == 2 && o.disks[0].unit == 4);
  CHECK_STR(o.disks[1].controller, "ide");
  CHECK(o.disks[1].unit == -1); /* no AddressOnParent */
  CHECK(o.disks[2].controller == NULL && o.disks[2].bus == -1);
  CHECK(o.cores_per_socket == 0 && check_has(&o.warnings, "do not divide"));
  ovf_free(&o);
}

static void test_virtualbox(void)
{
  struct ovf o;
  char *why;
  CHECK(parse_file("virtualbox.ovf", &o, &why) == 0);
  CHECK_STR(o.flavour, "virtualbox");
  CHECK_STR(o.name, "desk"); /* no <Name>: the VirtualSystem id */
  CHECK(o.vcpus == 1);
  CHECK(o.memory_mib == 2048);
  CHECK(o.firmware == FW_UEFI);
  CHECK(o.ndisks == 1);
  if (o.ndisks == 1) {
    CHECK(o.disks[0].gzip);
    CHECK(o.disks[0].capacity == 34359738368ULL);
  }
  CHECK(o.nnics == 1 && strcmp(o.nics[0].model, "E1000") == 0);
  ovf_free(&o);
}

static void test_refused(void)
{
  struct ovf o;
  char *why = NULL;
  CHECK(parse_file("xxe.ovf", &o, &why) == -1);
  CHECK(why && strstr(why, "DOCTYPE"));
  free(why);

  const char *notovf = "<?xml version='1.0'?><html/>";
  CHECK(ovf_parse(notovf, strlen(notovf), NULL, &o, &why) == -1);
  CHECK(why && strstr(why, "no Envelope"));
  free(why);

  const char *broken = "<Envelope><VirtualSystem>";
  CHECK(ovf_parse(broken, strlen(broken), NULL, &o, &why) == -1);
  CHECK(why && strstr(why, "not well-formed"));
  free(why);

  /* A disk whose fileRef names nothing cannot be found in the package. */
  const char *nofile =
      "<Envelope xmlns:ovf='http://schemas.dmtf.org/ovf/envelope/1'>"
      "<References/><DiskSection><Disk ovf:diskId='d1' ovf:fileRef='f9'/>"
      "</DiskSection><VirtualSystem ovf:id='v'/></Envelope>";
  CHECK(ovf_parse(nofile, strlen(nofile), NULL, &o, &why) == -1);
  CHECK(why && strstr(why, "disk 'd1'"));
  free(why);
}

static void test_units(void)
{
  CHECK(ovf_units("byte * 2^20") == 1ULL << 20);
  CHECK(ovf_units("byte*2^30") == 1ULL << 30);
  CHECK(ovf_units("MegaBytes") == 1ULL << 20);
  CHECK(ovf_units("GB") == 1ULL << 30);
  CHECK(ovf_units("byte") == 1);
  CHECK(ovf_units("byte * 1024") == 1024);
  CHECK(ovf_units("furlongs") == 0);
}

/* XenCenter writes UTF-8 bytes under encoding="utf-16": read as UTF-8,
 * the wrong label reported. A real UTF-16 file (BOM) still parses as such. */
static void test_encoding_label(void)
{
  size_t len = 0;
  char *buf = slurp("xenserver.ovf", &len);
  REQUIRE(buf != NULL);
  char *at = strstr(buf, "encoding=\"utf-8\"");
  REQUIRE(at != NULL);
  char *labelled = xasprintf("%.*sencoding=\"utf-16\"%s", (int)(at - buf), buf,
                             at + strlen("encoding=\"utf-8\""));
  struct ovf o;
  char *why = NULL;
  CHECK(ovf_parse(labelled, strlen(labelled), NULL, &o, &why) == RESULT_OK);
  CHECK_STR(o.name, "win2008r2-citrix");
  CHECK_STR(o.mislabeled_encoding, "utf-16");
  ovf_free(&o);

  size_t n = strlen(labelled);
  char *wide = xcalloc(2 * n + 2, 1);
  wide[0] = (char)0xFF, wide[1] = (char)0xFE;
  for (size_t i = 0; i < n; i++)
    wide[2 + 2 * i] = labelled[i];
  CHECK(ovf_parse(wide, 2 * n + 2, NULL, &o, &why) == RESULT_OK);
  CHECK_STR(o.name, "win2008r2-citrix");
  CHECK(o.mislabeled_encoding == NULL);
  ovf_free(&o);
  free(wide);
  free(labelled);
  free(buf);
}

/* XenCenter's own layout (disks as ResourceType 19 Items, the boot disk
 * marked on its Disk, "diskId,device=N" connections, a "utf-16" label on
 * UTF-8 bytes): the system disk first even though the data disk is listed
 * first everywhere, firmware from HVM_boot_params, the NIC's MAC. */
static void test_xencenter(void)
{
  struct ovf o;
  char *why = NULL;
  REQUIRE(parse_file("xencenter.ovf", &o, &why) == RESULT_OK);
  CHECK_STR(o.flavour, "xenserver");
  CHECK_STR(o.name, "win2019-xcpng");
  CHECK_STR(o.mislabeled_encoding, "utf-16");
  CHECK(o.vcpus == 2 && o.memory_mib == 4096);
  CHECK(o.firmware == FW_UEFI);
  CHECK(o.ndisks == 2);
  if (o.ndisks == 2) {
    CHECK_STR(o.disks[0].href, "@SYS_HREF@");
    CHECK_STR(o.disks[1].href, "@DATA_HREF@");
  }
  CHECK(o.nnics == 1 && o.nics[0].mac &&
        strcmp(o.nics[0].mac, "d6:2f:41:0a:9b:3c") == 0);
  /* The network by its name (ElementName), not the UUID it connects to. */
  CHECK(o.nnics == 1 && o.nics[0].network &&
        strcmp(o.nics[0].network, "Pool-wide network associated with eth0") == 0);
  ovf_free(&o);
}

/* A VirtualSystemCollection: refused unless one machine is chosen, and
 * then that machine's disks only. */
static void test_collection(void)
{
  const char *text =
      "<Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\">"
      "<References><File id=\"fa\" href=\"a.vmdk\"/>"
      "<File id=\"fb\" href=\"b.vmdk\"/></References>"
      "<DiskSection><Disk diskId=\"da\" fileRef=\"fa\" capacity=\"1\"/>"
      "<Disk diskId=\"db\" fileRef=\"fb\" capacity=\"1\"/></DiskSection>"
      "<VirtualSystemCollection id=\"app\">"
      "<VirtualSystem id=\"web\"><VirtualHardwareSection><Item>"
      "<ResourceType>17</ResourceType><HostResource>ovf:/disk/da</HostResource>"
      "</Item></VirtualHardwareSection></VirtualSystem>"
      "<VirtualSystem id=\"db\"><Name>database</Name><VirtualHardwareSection>"
      "<Item><ResourceType>17</ResourceType><HostResource>ovf:/disk/db"
      "</HostResource></Item></VirtualHardwareSection></VirtualSystem>"
      "</VirtualSystemCollection></Envelope>";
  struct ovf o;
  char *why = NULL;
  CHECK(ovf_parse(text, strlen(text), NULL, &o, &why) == RESULT_ERROR);
  CHECK(why && strstr(why, "2 virtual machines (web, database): choose one "
                           "with --vm NAME"));
  free(why);
  why = NULL;
  REQUIRE(ovf_parse(text, strlen(text), "database", &o, &why) == RESULT_OK);
  CHECK_STR(o.name, "database");
  CHECK(o.ndisks == 1 && strcmp(o.disks[0].href, "b.vmdk") == 0);
  ovf_free(&o);
  CHECK(ovf_parse(text, strlen(text), "mail", &o, &why) == RESULT_ERROR);
  CHECK(why && strstr(why, "no virtual machine named 'mail'"));
  free(why);
}

/* hrefs are URI references: percent-escapes are decoded. */
static void test_href_escapes(void)
{
  const char *text =
      "<Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\">"
      "<References><File id=\"f\" href=\"My%20Disk%231.vmdk\"/></References>"
      "<DiskSection><Disk diskId=\"d\" fileRef=\"f\" capacity=\"1\"/>"
      "</DiskSection><VirtualSystem id=\"vm\"/></Envelope>";
  struct ovf o;
  char *why = NULL;
  REQUIRE(ovf_parse(text, strlen(text), NULL, &o, &why) == RESULT_OK);
  CHECK(o.ndisks == 1 && o.disks[0].href &&
        strcmp(o.disks[0].href, "My Disk#1.vmdk") == 0);
  ovf_free(&o);
}

/* N disks, attached by Items in reverse order of the DiskSection. */
static char *many_disks(int n)
{
  struct strbuf b = {0};
  strbuf_adds(&b, "<Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\">"
                  "<References>");
  for (int i = 0; i < n; i++) {
    char *t = xasprintf("<File id=\"f%d\" href=\"disk%d.vmdk\"/>", i, i);
    strbuf_adds(&b, t);
    free(t);
  }
  strbuf_adds(&b, "</References><DiskSection>");
  for (int i = 0; i < n; i++) {
    char *t = xasprintf("<Disk diskId=\"d%d\" fileRef=\"f%d\" "
                        "capacity=\"1048576\"/>", i, i);
    strbuf_adds(&b, t);
    free(t);
  }
  strbuf_adds(&b, "</DiskSection><VirtualSystem id=\"vm\">"
                  "<VirtualHardwareSection>");
  for (int i = n - 1; i >= 0; i--) {
    char *t = xasprintf("<Item><ResourceType>17</ResourceType>"
                        "<HostResource>ovf:/disk/d%d</HostResource></Item>", i);
    strbuf_adds(&b, t);
    free(t);
  }
  strbuf_adds(&b, "</VirtualHardwareSection></VirtualSystem></Envelope>");
  return strbuf_finish(&b);
}

/* Disks are matched by id (sorted, not nested scans), and a descriptor
 * with more disks than a guest can have is refused at once. */
static void test_many_disks(void)
{
  struct ovf o;
  char *why = NULL;
  char *text = many_disks(64);
  REQUIRE(ovf_parse(text, strlen(text), NULL, &o, &why) == RESULT_OK);
  CHECK(o.ndisks == 64);
  CHECK_STR(o.disks[0].href, "disk63.vmdk");
  CHECK_STR(o.disks[63].href, "disk0.vmdk");
  ovf_free(&o);
  free(text);
  text = many_disks(3000);
  CHECK(ovf_parse(text, strlen(text), NULL, &o, &why) == RESULT_ERROR);
  CHECK(why && strstr(why, "describes 3000 disks; at most 64"));
  free(why);
  free(text);
}

int main(void)
{
  test_xenserver();
  test_many_disks();
  test_encoding_label();
  test_href_escapes();
  test_xencenter();
  test_collection();
  test_vmware();
  test_ovftool_workstation();
  test_esxi_controllers();
  test_virtualbox();
  test_refused();
  test_units();
  return check_report("ovf");
}
