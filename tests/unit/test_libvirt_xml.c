/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The libvirt domain built from a spec, read back with XPath. */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "v2v/kept_devices.h"
#include "v2v/libvirt_xml.h"
#include "v2v/target_hints.h"

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
  /* --bridge Pool-wide=br0 maps the first NIC; the second keeps the
   * default network. */
  strlist maps = {0};
  strlist_add(&maps, "bridge:Pool-wide network=br0");
  strlist_add(&maps, "network:storage=san");
  strlist_take(&d.nic_sources, nic_source_for(&maps, "pool-wide NETWORK"));
  strlist_take(&d.nic_sources, nic_source_for(&maps, "other"));
  CHECK_STR(d.nic_sources.v[0], "bridge:br0");
  CHECK_STR(d.nic_sources.v[1], "network:default");
  strlist_add(&maps, "network:=lan");
  CHECK_STR_OWNED(nic_source_for(&maps, "other"), "network:lan");
  CHECK_STR_OWNED(nic_source_for(&maps, NULL), "network:lan");
  CHECK_STR_OWNED(nic_source_for(&maps, "Storage"), "network:san");
  strlist_free(&maps);
  load(&d);
  CHECK_XP("string(/domain/devices/interface[1]/@type)", "bridge");
  CHECK_XP("string(/domain/devices/interface[1]/source/@bridge)", "br0");
  CHECK_XP("string(/domain/devices/interface[2]/@type)", "network");
  CHECK_XP("string(/domain/devices/interface[2]/source/@network)", "default");
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
  /* Windows: Hyper-V enlightenments and timers; with virtio, the guest
   * agent's channel and a random source; the host's CPU. */
  CHECK_XP("string(/domain/features/hyperv/relaxed/@state)", "on");
  CHECK_XP("string(/domain/features/hyperv/spinlocks/@retries)", "8191");
  CHECK_XP("count(/domain/features/hyperv/*[@state='on'])", "9");
  CHECK_XP("string(/domain/clock/timer[@name='hypervclock']/@present)", "yes");
  CHECK_XP("string(/domain/clock/timer[@name='hpet']/@present)", "no");
  CHECK_XP("string(/domain/cpu/@mode)", "host-passthrough");
  CHECK_XP("count(/domain/cpu/topology)", "0"); /* none given */
  CHECK_XP("string(/domain/devices/channel/target/@name)",
           "org.qemu.guest_agent.0");
  CHECK_XP("string(/domain/devices/rng/@model)", "virtio");
  CHECK_XP("string(/domain/devices/rng/backend)", "/dev/urandom");
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
  CHECK_XP("count(/domain/features/hyperv)", "0"); /* not Windows */
  CHECK_XP("count(/domain/clock/timer)", "0");
  CHECK_XP("count(/domain/devices/rng)", "1"); /* virtio disks: drivers */
  domain_spec_free(&d);
  /* IDE disks (--no-virtio): no virtio channel or RNG to drive. */
  struct domain_spec ide = {
      .name = strdup("old"), .vcpus = 1, .memory_mib = 1024, .arch = "i686",
      .machine = "pc", .windows = true, .disk_bus = "ide",
      .disk_format = "raw", .nic_model = "e1000", .nics = 1};
  strlist_add(&ide.disks, "/out/c.img");
  strlist_add(&ide.macs, "");
  load(&ide);
  CHECK_XP("count(/domain/devices/rng)", "0");
  CHECK_XP("count(/domain/devices/channel)", "0");
  domain_spec_free(&ide);
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

/* The OpenStack, Proxmox and virt-install hints follow the domain. */
static void test_target_hints(void)
{
  struct domain_spec d = {
      .name = strdup("web 01"), .vcpus = 2, .memory_mib = 4096,
      .arch = "x86_64", .machine = "q35", .uefi = true, .windows = true,
      .disk_bus = "scsi", .disk_format = "qcow2", .nic_model = "virtio",
      .nics = 1};
  strlist_add(&d.disks, "/out/web.qcow2");
  struct guest g = {.os_type = "windows", .product_variant = "Server",
                    .major = 10, .minor = 0, .build = 17763};
  struct target_hints h;
  target_hints_make(&g, &d, &h);
  char *props = strv_join(h.glance.v, " ", "");
  CHECK_STR(props, "hw_disk_bus=scsi hw_scsi_model=virtio-scsi "
                   "hw_firmware_type=uefi hw_machine_type=q35 "
                   "hw_vif_model=virtio os_type=windows os_distro=windows "
                   "hw_qemu_guest_agent=no");
  free(props);
  CHECK(strstr(h.openstack, "--file /out/web.qcow2") &&
        strstr(h.openstack, "--property hw_firmware_type=uefi") &&
        strstr(h.openstack, "'web 01'"));
  CHECK(h.proxmox.n == 3 && strstr(h.proxmox.v[0], "--bios ovmf") &&
        strstr(h.proxmox.v[0], "--ostype win10") &&
        strstr(h.proxmox.v[1], "qm importdisk VMID /out/web.qcow2"));
  CHECK(strstr(h.virt_install, "--os-variant win2k19") &&
        strstr(h.virt_install, "--boot uefi") &&
        strstr(h.virt_install, "path=/out/web.qcow2,bus=scsi,format=qcow2"));
  target_hints_free(&h);
  domain_spec_free(&d);
}

/* --keep-devices: the source's controllers and NIC models, in libvirt's
 * words, qemu's missing ones replaced and said. */
static void test_keep_devices(void)
{
  const char *note;
  CHECK_STR(kept_disk_bus("lsilogic", &note), "scsi:lsilogic");
  CHECK(note == NULL);
  CHECK_STR(kept_disk_bus("lsisas1068", &note), "scsi:lsisas1068");
  CHECK_STR(kept_disk_bus("pvscsi", &note), "scsi:vmpvscsi");
  CHECK_STR(kept_disk_bus("ide", &note), "ide");
  CHECK_STR(kept_disk_bus("buslogic", &note), "scsi:lsilogic");
  CHECK(note && strstr(note, "BusLogic"));
  CHECK_STR(kept_disk_bus("nvme", &note), "sata");
  CHECK(note && strstr(note, "NVMe"));
  CHECK(kept_disk_bus(NULL, &note) == NULL);
  CHECK_STR(kept_nic_model("VmxNet3", &note), "vmxnet3"); /* OVF's case */
  CHECK(note == NULL);
  CHECK_STR(kept_nic_model("E1000e", &note), "e1000e");
  CHECK_STR(kept_nic_model("vlance", &note), "pcnet");
  CHECK_STR(kept_nic_model("vmxnet", &note), "e1000");
  CHECK(note != NULL);
  CHECK_STR(kept_nic_model(NULL, &note), "e1000");
  CHECK(note != NULL);

  /* A VMware machine: LSI Logic boot disk, a SATA and an IDE data disk,
   * two NICs. IDE needs the pc machine. */
  struct ovf src = {0};
  struct ovf_disk disks[] = {
      {.id = "scsi0:0", .controller = "lsilogic"},
      {.id = "sata0:1", .controller = "sata"},
      {.id = "ide0:0", .controller = "ide"}};
  struct ovf_nic nics[] = {{.model = "e1000"}, {.model = "vmxnet3"}};
  src.disks = disks, src.ndisks = 3, src.nics = nics, src.nnics = 2;
  struct domain_spec d = {
      .name = strdup("kept"), .vcpus = 8, .cores_per_socket = 4,
      .memory_mib = 2048,
      .arch = "x86_64", .machine = "q35", .windows = true,
      .disk_bus = "virtio", .disk_format = "qcow2", .nic_model = "virtio",
      .nics = 2};
  strlist_add(&d.disks, "/out/k.qcow2");
  strlist_add(&d.disks, "/out/k-disk2.qcow2");
  strlist_add(&d.disks, "/out/k-disk3.qcow2");
  kept_devices_apply(&src, &d);
  CHECK_STR(d.machine, "pc");
  CHECK(d.warnings.n == 0);
  load(&d);
  CHECK_XP("string(/domain/devices/disk[1]/target/@bus)", "scsi");
  CHECK_XP("string(/domain/devices/disk[1]/target/@dev)", "sda");
  CHECK_XP("string(/domain/devices/disk[2]/target/@bus)", "sata");
  CHECK_XP("string(/domain/devices/disk[3]/target/@bus)", "ide");
  CHECK_XP("string(/domain/devices/disk[3]/target/@dev)", "hdc");
  CHECK_XP("count(/domain/devices/controller)", "1");
  CHECK_XP("string(/domain/devices/controller[@type='scsi']/@model)",
           "lsilogic");
  CHECK_XP("count(/domain/devices/disk/address)", "0"); /* one controller */
  CHECK_XP("string(/domain/devices/interface[1]/model/@type)", "e1000");
  CHECK_XP("string(/domain/devices/interface[2]/model/@type)", "vmxnet3");
  CHECK_XP("string(/domain/os/type/@machine)", "pc");
  CHECK_XP("string(/domain/cpu/topology/@sockets)", "2");
  CHECK_XP("string(/domain/cpu/topology/@cores)", "4");
  /* Still virtio drivers in the guest: the agent's channel stays. */
  CHECK_XP("count(/domain/devices/channel)", "1");
  struct guest g = {.os_type = "windows", .product_variant = "Server",
                    .major = 6, .minor = 1};
  struct target_hints h;
  target_hints_make(&g, &d, &h);
  CHECK(strlist_contains_ci(&h.glance, "hw_disk_bus=scsi") &&
        strlist_contains_ci(&h.glance, "hw_scsi_model=lsilogic") &&
        strlist_contains_ci(&h.glance, "hw_vif_model=e1000"));
  CHECK(strstr(h.proxmox.v[0], "--scsihw lsi ") &&
        strstr(h.proxmox.v[0], "--net0 e1000,") &&
        strstr(h.proxmox.v[0], "--sockets 2 --cores 4 "));
  CHECK(strstr(h.virt_install, "--vcpus 8,sockets=2,cores=4,threads=1 "));
  CHECK(strstr(h.virt_install, "k-disk2.qcow2,bus=sata") &&
        strstr(h.virt_install, "k-disk3.qcow2,bus=ide") &&
        strstr(h.virt_install, "--controller type=scsi,model=lsilogic"));
  target_hints_free(&h);
  domain_spec_free(&d);

  /* Two SCSI models (pvscsi, BusLogic kept as LSI Logic), an NVMe disk
   * and an unknown one: two controllers, each disk addressed to its own;
   * every replacement said. */
  struct ovf_disk mixed[] = {
      {.id = "scsi0:0", .controller = "pvscsi"},
      {.id = "scsi1:0", .controller = "buslogic"},
      {.id = "nvme0:0", .controller = "nvme"},
      {.id = "d4", .href = "d4.vmdk"}};
  struct ovf_nic none[] = {{.model = NULL}};
  src.disks = mixed, src.ndisks = 4, src.nics = none, src.nnics = 1;
  struct domain_spec m = {
      .name = strdup("mixed"), .vcpus = 1, .memory_mib = 1024,
      .arch = "x86_64", .machine = "q35", .disk_bus = "virtio",
      .disk_format = "raw", .nic_model = "virtio", .nics = 1};
  for (int i = 0; i < 4; i++)
    strlist_addf(&m.disks, "/out/m%d.img", i);
  kept_devices_apply(&src, &m);
  CHECK_STR(m.machine, "q35");
  CHECK(m.warnings.n == 4); /* BusLogic, NVMe, d4 unknown, NIC model */
  load(&m);
  CHECK_XP("count(/domain/devices/controller[@type='scsi'])", "2");
  CHECK_XP("string(/domain/devices/controller[@index='0']/@model)",
           "vmpvscsi");
  CHECK_XP("string(/domain/devices/controller[@index='1']/@model)",
           "lsilogic");
  CHECK_XP("string(/domain/devices/disk[2]/address/@controller)", "1");
  CHECK_XP("string(/domain/devices/disk[3]/target/@bus)", "sata");
  CHECK_XP("string(/domain/devices/disk[4]/target/@bus)", "virtio");
  CHECK_XP("string(/domain/devices/interface/model/@type)", "e1000");
  domain_spec_free(&m);
}

int main(void)
{
  test_keep_devices();
  test_target_hints();
  test_windows_scsi();
  test_uefi_e1000();
  test_machine();
  xmlFreeDoc(doc);
  return check_report("libvirt_xml");
}
