/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The .vmx parser on files VMware products wrote (tests/unit/vmx, see its
 * README), crafted lines it must refuse, and VMDK descriptors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "v2v/vmdk_descriptor.h"
#include "v2v/vmx.h"

static char *slurp(const char *name, size_t *len)
{
  return check_slurp("V2V_VMX_DIR", name, len);
}

static enum result parse_file(const char *name, struct ovf *o, char **why)
{
  size_t len = 0;
  char *buf = slurp(name, &len);
  REQUIRE(buf != NULL);
  enum result r = vmx_parse(buf, len, o, why);
  free(buf);
  if (r != RESULT_OK)
    fprintf(stderr, "%s: %s\n", name, *why);
  return r;
}

static enum result parse_str(const char *text, struct ovf *o, char **why)
{
  return vmx_parse(text, strlen(text), o, why);
}


static void test_esxi8_efi(void)
{
  struct ovf o;
  char *why = NULL;
  REQUIRE(parse_file("esxi8-efi-pvscsi.vmx", &o, &why) == RESULT_OK);
  CHECK_STR(o.name, "esx8.0-rhel9.3-efi");
  CHECK(o.vcpus == 1); /* no numvcpus: VMware's one */
  CHECK(o.memory_mib == 2048); /* written memSize: keys ignore case */
  CHECK(o.firmware == FW_UEFI);
  CHECK_STR(o.os_id, "rhel9-64");
  CHECK_STR(vmware_guest_family(o.os_id), "linux");
  CHECK_STR(o.nvram, "esx8.0-rhel9.3-efi.nvram");
  REQUIRE(o.ndisks == 1);
  CHECK_STR(o.disks[0].href, "esx8.0-rhel9.3-efi.vmdk");
  CHECK_STR(o.disks[0].id, "scsi0:0");
  CHECK_STR(o.disks[0].controller, "pvscsi");
  CHECK(o.disks[0].bus == 0 && o.disks[0].unit == 0);
  REQUIRE(o.nnics == 1);
  CHECK_STR(o.nics[0].model, "vmxnet3");
  CHECK_STR(o.nics[0].mac, "00:50:56:a0:cf:2f"); /* vpx: generatedAddress */
  CHECK_STR(o.nics[0].network, "VM Network");
  CHECK(check_has(&o.ignored, "sata0:0: CD-ROM (cdrom-image)"));
  CHECK(check_has(&o.warnings, "cleanShutdown = FALSE"));
  ovf_free(&o);
}

static void test_esxi7_nvme(void)
{
  struct ovf o;
  char *why = NULL;
  REQUIRE(parse_file("esxi7-nvme-escapes.vmx", &o, &why) == RESULT_OK);
  CHECK(o.firmware == FW_BIOS); /* no firmware key */
  CHECK(o.vcpus == 2);
  REQUIRE(o.ndisks == 2);
  CHECK_STR(o.disks[0].href, "dokuwiki.vmdk");
  CHECK_STR(o.disks[1].href, "dokuwiki_1.vmdk");
  CHECK_STR(o.disks[1].controller, "nvme");
  CHECK(o.disks[1].unit == 1);
  CHECK(check_has(&o.ignored, "ide0:0: CD-ROM (atapi-cdrom, /vmfs/devices/cdrom"));
  CHECK_STR(o.nics[0].network, "inside");
  CHECK_STR(vmware_guest_family(o.os_id), "linux");
  ovf_free(&o);
}

static void test_esxi_snapshot(void)
{
  struct ovf o;
  char *why = NULL;
  REQUIRE(parse_file("esxi-snapshot-pvscsi.vmx", &o, &why) == RESULT_OK);
  REQUIRE(o.ndisks == 1);
  CHECK_STR(o.disks[0].href, "el6-test-000001.vmdk");
  CHECK_STR(o.disks[0].controller, "pvscsi");
  CHECK(check_has(&o.ignored, "ide1:0: CD-ROM (cdrom-image, "
                        "/usr/lib/vmware/isoimages/linux.iso)"));
  CHECK_STR(o.nics[0].mac, "00:0c:29:2c:3a:fc");
  CHECK(o.warnings.n == 0); /* shut down cleanly */
  ovf_free(&o);
}

/* ESX 3: a second SCSI controller holding a CD-ROM, an IDE disk, an
 * empty checkpoint.vmState (not suspended), vlance. */
static void test_esx3(void)
{
  struct ovf o;
  char *why = NULL;
  REQUIRE(parse_file("esx3-ide-disk-scsi-cdrom.vmx", &o, &why) == RESULT_OK);
  REQUIRE(o.ndisks == 2);
  CHECK_STR(o.disks[0].id, "scsi0:0"); /* SCSI before IDE */
  CHECK_STR(o.disks[1].id, "ide1:1");
  CHECK_STR(o.disks[1].href, "Debian1-IDE.vmdk");
  CHECK_STR(o.disks[1].controller, "ide");
  CHECK(check_has(&o.ignored, "scsi1:0: CD-ROM (cdrom-image, Debian1-cdrom.iso)"));
  CHECK(check_has(&o.ignored, "ide0:1: CD-ROM (atapi-cdrom, /dev/scd0)"));
  CHECK(o.vcpus == 4 && o.memory_mib == 1000);
  CHECK_STR(o.nics[0].model, "vlance");
  ovf_free(&o);
}

static void test_fusion(void)
{
  struct ovf o;
  char *why = NULL;
  REQUIRE(parse_file("fusion-buslogic-two-nics.vmx", &o, &why) == RESULT_OK);
  CHECK(o.vcpus == 2);
  CHECK(o.memory_mib == 3572);
  CHECK_STR(vmware_guest_family(o.os_id), "windows"); /* winxppro */
  REQUIRE(o.ndisks == 1);
  CHECK_STR(o.disks[0].controller, "buslogic");
  REQUIRE(o.nnics == 2);
  CHECK(o.nics[0].model == NULL); /* VMware picks it by guest OS */
  CHECK_STR(o.nics[0].mac, "00:0c:29:3b:64:ea");
  CHECK_STR(o.nics[1].mac, "00:0c:29:3b:64:f4");
  /* "ide0:0.filename": a key written in another case */
  CHECK(check_has(&o.ignored, "ide0:0: CD-ROM (atapi-cdrom, auto detect)"));
  ovf_free(&o);
}

static void test_gsx(void)
{
  struct ovf o;
  char *why = NULL;
  REQUIRE(parse_file("gsx-ide-hidden-cdrom.vmx", &o, &why) == RESULT_OK);
  REQUIRE(o.ndisks == 1); /* no deviceType: a disk */
  CHECK_STR(o.disks[0].href, "Debian-System1-0-cl2.vmdk");
  CHECK_STR(o.disks[0].controller, "ide");
  CHECK(check_has(&o.ignored, "ide1:0 (/dev/hda): not present"));
  CHECK_STR(o.nics[0].network, "net2");
  CHECK(o.nics[0].model == NULL);
  CHECK(o.firmware == FW_BIOS);
  ovf_free(&o);
}

static void test_subfolder_and_absolute(void)
{
  struct ovf o;
  char *why = NULL;
  /* The parser keeps names as written; the folder check refuses these. */
  REQUIRE(parse_file("esxi8-win-subfolder.vmx", &o, &why) == RESULT_OK);
  REQUIRE(o.ndisks == 2);
  CHECK_STR(o.disks[1].href,
            "subfolder/esx8.0-win11-with-second-disk-in-subfolder_1.vmdk");
  CHECK_STR(o.disks[0].controller, "lsisas1068");
  CHECK_STR(o.nics[0].model, "e1000e");
  CHECK_STR(vmware_guest_family(o.os_id), "windows");
  CHECK(check_has(&o.ignored, "windows_11_x64_official_dvd.iso"));
  ovf_free(&o);
  REQUIRE(parse_file("workstation-absolute-disk.vmx", &o, &why) == RESULT_OK);
  CHECK_STR(o.disks[0].href, "/data/vmware/disk.vmdk");
  CHECK_STR(o.nics[0].mac, "00:50:56:2f:d3:46"); /* static, lower-cased */
  CHECK_STR(o.nics[0].network, "nat"); /* no networkName: connectionType */
  ovf_free(&o);
}

static void test_static_mac_and_escapes(void)
{
  struct ovf o;
  char *why = NULL;
  REQUIRE(parse_file("esxi7-static-mac-annotation.vmx", &o, &why) ==
          RESULT_OK);
  CHECK_STR(o.nics[0].mac, "fa:16:3e:bb:2c:4a");
  CHECK_STR(o.name, "Test-Mig-VM-1 (01ce57d0-4e20-41a5-8b6c-bcbf49a032ec)");
  CHECK_STR(o.disks[0].href,
            "Test-Mig-VM-1 (01ce57d0-4e20-41a5-8b6c-bcbf49a032ec)_2.vmdk");
  CHECK_STR(o.disks[0].controller, "lsilogic");
  CHECK_STR(vmware_guest_family(o.os_id), "other");
  ovf_free(&o);
  REQUIRE(parse_file("esxi7-two-disks-zero-mac.vmx", &o, &why) == RESULT_OK);
  CHECK(o.nics[0].mac == NULL); /* 00:00:00:00:00:00 is none */
  CHECK(o.ndisks == 2 && o.vcpus == 12 && o.memory_mib == 32768);
  ovf_free(&o);
}

static void test_cores(void)
{
  struct ovf o;
  char *why = NULL;
  REQUIRE(parse_file("esxi-win2012-cores.vmx", &o, &why) == RESULT_OK);
  CHECK(o.vcpus == 16 && o.cores_per_socket == 4);
  CHECK_STR(vmware_guest_family(o.os_id), "windows");
  CHECK(check_has(&o.ignored, "sata0:0: CD-ROM (atapi-cdrom, CD/DVD drive 0)"));
  ovf_free(&o);
  CHECK(parse_str("numvcpus = \"6\"\ncpuid.coresPerSocket = \"4\"\n"
                  "scsi0.present = \"TRUE\"\nscsi0:0.present = \"TRUE\"\n"
                  "scsi0:0.fileName = \"a.vmdk\"\n", &o, &why) == RESULT_OK);
  CHECK(o.cores_per_socket == 0 && check_has(&o.warnings, "does not divide"));
  ovf_free(&o);
}

/* Workstation on Windows: CRLF, the host's code page declared. */
static void test_encoding(void)
{
  struct ovf o;
  char *why = NULL;
  REQUIRE(parse_file("workstation-windows-1252.vmx", &o, &why) == RESULT_OK);
  CHECK_STR(o.name, "Caf\xc3\xa9 \"test\"");
  CHECK_STR(o.disks[0].href, "Caf\xc3\xa9.vmdk");
  CHECK_STR(o.nics[0].mac, "00:0c:29:12:34:56");
  ovf_free(&o);
  /* The same bytes undeclared are not UTF-8: refused, naming the line. */
  CHECK(parse_str("displayName = \"Caf\xe9\"\n", &o, &why) == RESULT_ERROR);
  CHECK(why && strstr(why, "line 1") && strstr(why, ".encoding"));
  free(why);
  /* A byte not in the declared encoding: refused, the encoding named
   * (its own line is converted too: the fuzzer found it used freed). */
  CHECK(parse_str(".encoding = \"ASCII\"\ndisplayName = \"Caf\xe9\"\n", &o,
                  &why) == RESULT_ERROR);
  CHECK(why && strstr(why, "line 2") && strstr(why, "not valid ASCII"));
  free(why);
  CHECK(parse_str(".encoding = \"no-such-charset\"\n", &o, &why) ==
        RESULT_ERROR);
  CHECK(why && strstr(why, "no-such-charset"));
  free(why);
}

#define DISK "scsi0.present = \"TRUE\"\nscsi0:0.present = \"TRUE\"\n" \
             "scsi0:0.fileName = \"a.vmdk\"\n"

static void test_crafted(void)
{
  struct ovf o;
  char *why = NULL;
  /* Escapes: |22 a quote, |7C a bar; a '|' not followed by hex stays. */
  REQUIRE(parse_str(DISK "displayName = \"say |22hi|22 |7C x|zz\"\n", &o,
                    &why) == RESULT_OK);
  CHECK_STR(o.name, "say \"hi\" | x|zz");
  ovf_free(&o);
  /* Keys are case-insensitive; file names keep their case; bare values. */
  REQUIRE(parse_str("SCSI0.Present = TRUE\nscsi0:0.PRESENT = \"true\"\n"
                    "Scsi0:0.FileName = \"Disk-A.VMDK\"\nmemsize = 512 # mb\n",
                    &o, &why) == RESULT_OK);
  CHECK_STR(o.disks[0].href, "Disk-A.VMDK");
  CHECK(o.memory_mib == 512);
  ovf_free(&o);
  /* A controller's present = FALSE hides its disks: none left. */
  CHECK(parse_str("scsi0.present = \"FALSE\"\nscsi0:0.present = \"TRUE\"\n"
                  "scsi0:0.fileName = \"a.vmdk\"\n", &o, &why) == RESULT_ERROR);
  CHECK(why && strstr(why, "names no disk"));
  free(why);
  /* No present = TRUE: not there (VMware's rule). */
  CHECK(parse_str("scsi0:0.fileName = \"a.vmdk\"\n", &o, &why) ==
        RESULT_ERROR);
  free(why);
  /* bios.hddOrder puts the IDE disk first. */
  REQUIRE(parse_str(DISK "ide0:0.present = \"TRUE\"\n"
                    "ide0:0.fileName = \"boot.vmdk\"\n"
                    "bios.hddOrder = \"ide0:0\"\n", &o, &why) == RESULT_OK);
  CHECK(o.ndisks == 2 && !strcmp(o.disks[0].href, "boot.vmdk"));
  ovf_free(&o);
  /* Without it: SCSI before IDE. */
  REQUIRE(parse_str("ide0:0.present = \"TRUE\"\nide0:0.fileName = \"i.vmdk\"\n"
                    DISK, &o, &why) == RESULT_OK);
  CHECK(o.ndisks == 2 && !strcmp(o.disks[0].href, "a.vmdk"));
  ovf_free(&o);
  /* "scsi00:0" is no device VMware writes: not a second scsi0:0. */
  REQUIRE(parse_str(DISK "scsi00:0.present = \"TRUE\"\n"
                    "scsi00:0.fileName = \"b.vmdk\"\n", &o, &why) == RESULT_OK);
  CHECK(o.ndisks == 1);
  ovf_free(&o);
  /* A second NIC hidden; the first kept, with its MAC. */
  REQUIRE(parse_str(DISK "ethernet0.present = \"TRUE\"\n"
                    "ethernet0.address = \"00:50:56:01:02:03\"\n"
                    "ethernet0.addressType = \"static\"\n"
                    "ethernet1.present = \"FALSE\"\n"
                    "ethernet1.generatedAddress = \"00:0c:29:00:00:01\"\n",
                    &o, &why) == RESULT_OK);
  CHECK(o.nnics == 1 && check_has(&o.ignored, "ethernet1: not present"));
  ovf_free(&o);

  static const struct { const char *text, *want; enum result r; } bad[] = {
      {DISK "displayName = \"a\"\ndisplayname = \"b\"\n",
       "both set displayname", RESULT_ERROR},
      {DISK "scsi0:1.present = \"TRUE\"\nscsi0:1.deviceType = \"rawDisk\"\n"
            "scsi0:1.fileName = \"p.vmdk\"\n", "physical disk", RESULT_ERROR},
      {DISK "scsi0:1.present = \"TRUE\"\nscsi0:1.deviceType = \"tape\"\n",
       "deviceType \"tape\"", RESULT_ERROR},
      {DISK "sata0:1.present = \"TRUE\"\n", "sata0:1 is a disk without a "
                                              "fileName", RESULT_ERROR},
      {DISK "checkpoint.vmState = \"vm-1.vmss\"\n", "suspended",
       RESULT_REFUSED},
      {DISK "this is not a vmx line\n", "line 4: not a key", RESULT_ERROR},
      {DISK "displayName = \"open\n", "line 4: the value has no closing",
       RESULT_ERROR},
      {DISK "displayName = \"a\" b\n", "text after the value", RESULT_ERROR},
      {DISK "displayName = \"a|00b\"\n", "|00", RESULT_ERROR},
      {DISK "memsize = \"lots\"\n", "memsize", RESULT_ERROR},
      {"memsize = \"512\"\n", "names no disk", RESULT_ERROR},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    why = NULL;
    enum result r = parse_str(bad[i].text, &o, &why);
    CHECK(r == bad[i].r);
    if (!why || !strstr(why, bad[i].want))
      fprintf(stderr, "case %zu: want '%s', got '%s'\n", i, bad[i].want,
              why ? why : "(none)");
    CHECK(why && strstr(why, bad[i].want));
    if (r == RESULT_OK)
      ovf_free(&o);
    free(why);
  }
  /* A NUL byte in the middle is no text file. */
  const char nul[] = DISK "a = \"b\0c\"\n";
  CHECK(vmx_parse(nul, sizeof nul - 1, &o, &why) == RESULT_ERROR);
  free(why);
}

static void test_families(void)
{
  CHECK_STR(vmware_guest_family("windows9srv-64"), "windows");
  CHECK_STR(vmware_guest_family("windows9Server64Guest"), "windows");
  CHECK_STR(vmware_guest_family("winNetStandard"), "windows");
  CHECK_STR(vmware_guest_family("rhel8_64Guest"), "linux");
  CHECK_STR(vmware_guest_family("ubuntu64Guest"), "linux");
  CHECK_STR(vmware_guest_family("other5xlinux-64"), "linux");
  CHECK_STR(vmware_guest_family("otherLinux64Guest"), "linux");
  CHECK_STR(vmware_guest_family("freebsd12-64"), "other");
  CHECK(vmware_guest_family(NULL) == NULL && vmware_guest_family("") == NULL);
  CHECK(vmware_guest_disagrees("rhel9-64", "windows"));
  CHECK(vmware_guest_disagrees("windows9srv-64", "linux"));
  CHECK(!vmware_guest_disagrees("windows9srv-64", "windows"));
  CHECK(!vmware_guest_disagrees("freebsd12-64", "linux")); /* "other" */
  CHECK(!vmware_guest_disagrees(NULL, "linux"));
  CHECK(!vmware_guest_disagrees("rhel9-64", NULL));
}

static struct vmdk_descriptor descriptor(const char *file)
{
  size_t len;
  char *text = slurp(file, &len);
  REQUIRE(text != NULL);
  struct vmdk_descriptor d;
  char *why = NULL;
  CHECK(vmdk_descriptor_parse(text, &d, &why) == RESULT_OK);
  free(text);
  return d;
}

static void test_descriptors(void)
{
  struct vmdk_descriptor d = descriptor("esxi-vmfs-base.vmdk");
  CHECK_STR(d.create_type, "vmfs");
  CHECK(d.has_cid && d.cid == 0x5352cace && !d.has_parent);
  REQUIRE(d.nextents == 1); /* changeTrackPath is no extent */
  CHECK_STR(d.extents[0].file, "sql-flat.vmdk");
  CHECK_STR(d.extents[0].type, "VMFS");
  CHECK(d.capacity == 268435456ULL * 512);
  vmdk_descriptor_free(&d);

  d = descriptor("esxi-vmfssparse-000001.vmdk");
  CHECK(d.has_parent && d.parent_cid == 0x5352cace);
  CHECK_STR(d.parent_hint, "sql.vmdk");
  CHECK_STR(d.extents[0].type, "VMFSSPARSE");
  CHECK(vmdk_extent_is_file(d.extents[0].type));
  vmdk_descriptor_free(&d);

  d = descriptor("esxi-sesparse-000002.vmdk");
  CHECK(d.has_parent && d.parent_cid == 0x1c8e4d2a && d.cid == 0x3729b687);
  CHECK_STR(d.extents[0].file, "sql-000002-sesparse.vmdk");
  vmdk_descriptor_free(&d);

  d = descriptor("workstation-split.vmdk");
  CHECK(d.nextents == 3 && !d.has_parent);
  CHECK(d.capacity == (4192256ULL * 2 + 10240) * 512);
  vmdk_descriptor_free(&d);

  d = descriptor("esxi-rdm.vmdk");
  CHECK_STR(d.create_type, "vmfsPassthroughRawDeviceMap");
  CHECK(!vmdk_extent_is_file(d.extents[0].type));
  vmdk_descriptor_free(&d);

  char *why = NULL;
  CHECK(vmdk_descriptor_parse("RW lots FLAT \"x\"\n", &d, &why) ==
        RESULT_ERROR);
  CHECK(why && strstr(why, "sector count"));
  free(why);
  CHECK(vmdk_descriptor_parse("RW 8 FLAT \"x 0\n", &d, &why) == RESULT_ERROR);
  CHECK(why && strstr(why, "no closing quote"));
  free(why);
  CHECK(vmdk_descriptor_parse("RW 18446744073709551615 FLAT \"x\" 0\n", &d,
                              &why) == RESULT_ERROR);
  free(why);
  /* ZERO names no file; the first parentCID is the one. */
  CHECK(vmdk_descriptor_parse("parentCID=ffffffff\nparentCID=1234\n"
                              "RW 8 ZERO\n", &d, &why) == RESULT_OK);
  CHECK(!d.has_parent && d.extents[0].file == NULL);
  vmdk_descriptor_free(&d);
}

int main(void)
{
  test_esxi8_efi();
  test_esxi7_nvme();
  test_esxi_snapshot();
  test_esx3();
  test_fusion();
  test_gsx();
  test_subfolder_and_absolute();
  test_static_mac_and_escapes();
  test_cores();
  test_encoding();
  test_crafted();
  test_families();
  test_descriptors();
  return check_report("vmx");
}
