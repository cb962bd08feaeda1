/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/target_hints.h"

#include <stdlib.h>
#include <string.h>

#include "v2v/strbuf.h"

/* A word for a shell line: quoted unless it is plain. */
static char *shell_word(const char *s)
{
  if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                      "0123456789-_./:=,@+") == strlen(s))
    return xstrdup(s);
  struct strbuf b = {0};
  strbuf_adds(&b, "'");
  for (const char *c = s; *c; c++)
    strbuf_adds(&b, *c == '\'' ? "'\\''" : (char[]){*c, '\0'});
  strbuf_adds(&b, "'");
  return strbuf_finish(&b);
}

static bool is_windows(const struct guest *g)
{
  return g->os_type && strcmp(g->os_type, "windows") == 0;
}

/* Proxmox's ostype for the guest. */
static const char *proxmox_ostype(const struct guest *g)
{
  if (!is_windows(g))
    return "l26";
  int v = g->major * 10 + g->minor;
  bool server = g->product_variant && strcmp(g->product_variant, "Server") == 0;
  if (v <= 51)
    return "wxp";
  if (v == 60)
    return server ? "w2k8" : "wvista";
  if (v == 61)
    return server ? "w2k8" : "win7";
  if (v <= 63)
    return "win8";
  return g->build >= 22000 && !server ? "win11" : "win10";
}

/* Proxmox's --scsihw for the boot disk's SCSI controller model. */
static const char *proxmox_scsihw(const char *model)
{
  if (model && !strcmp(model, "lsilogic"))
    return "lsi";
  if (model && !strcmp(model, "lsisas1068"))
    return "lsi"; /* Proxmox offers no SAS variant */
  if (model && !strcmp(model, "vmpvscsi"))
    return "pvscsi";
  return "virtio-scsi-pci";
}

/* virt-install's --os-variant (osinfo short id) for the guest. */
static char *os_variant(const struct guest *g)
{
  bool server = g->product_variant && strcmp(g->product_variant, "Server") == 0;
  if (is_windows(g)) {
    int v = g->major * 10 + g->minor;
    if (v == 61)
      return xstrdup(server ? "win2k8r2" : "win7");
    if (v == 62)
      return xstrdup(server ? "win2k12" : "win8");
    if (v == 63)
      return xstrdup(server ? "win2k12r2" : "win8.1");
    if (v < 61)
      return xstrdup(server ? "win2k8" : "winvista");
    if (!server)
      return xstrdup(g->build >= 22000 ? "win11" : "win10");
    return xstrdup(g->build >= 26100 ? "win2k25"
                   : g->build >= 20348 ? "win2k22"
                   : g->build >= 17763 ? "win2k19"
                                       : "win2k16");
  }
  if (g->distro && (!strcmp(g->distro, "debian") || !strcmp(g->distro, "rocky")))
    return xasprintf("%s%d", g->distro, g->major);
  return xstrdup("linux2022");
}

/* What the image or guest is, for os_distro. */
static const char *distro(const struct guest *g)
{
  if (is_windows(g))
    return "windows";
  return g->distro && *g->distro ? g->distro : "linux";
}

void target_hints_make(const struct guest *g, const struct domain_spec *d,
                       struct target_hints *h)
{
  memset(h, 0, sizeof *h);
  const char *disk = d->disks.n ? d->disks.v[0] : "DISK";
  /* The boot disk's bus and the first NIC's model (--keep-devices may
   * have kept the source's). */
  const char *scsi_model;
  const char *bus = domain_disk_bus(d, 0, &scsi_model);
  const char *nic = domain_nic_model(d, 0);
  bool scsi = strcmp(bus, "scsi") == 0;
  strlist_addf(&h->glance, "hw_disk_bus=%s", bus);
  if (scsi)
    strlist_addf(&h->glance, "hw_scsi_model=%s", scsi_model);
  strlist_addf(&h->glance, "hw_firmware_type=%s", d->uefi ? "uefi" : "bios");
  strlist_addf(&h->glance, "hw_machine_type=%s", d->machine);
  strlist_addf(&h->glance, "hw_vif_model=%s", nic);
  strlist_addf(&h->glance, "os_type=%s", is_windows(g) ? "windows" : "linux");
  strlist_addf(&h->glance, "os_distro=%s", distro(g));
  /* No guest agent is installed by the fix. */
  strlist_add(&h->glance, "hw_qemu_guest_agent=no");

  char *name = shell_word(d->name ? d->name : "guest");
  char *file = shell_word(disk);
  struct strbuf b = {0};
  char *t = xasprintf("openstack image create --disk-format %s "
                      "--container-format bare --file %s",
                      strcmp(d->disk_format, "vpc") == 0 ? "vhd"
                                                         : d->disk_format,
                      file);
  strbuf_adds(&b, t);
  free(t);
  for (size_t i = 0; i < h->glance.n; i++) {
    strbuf_adds(&b, " --property ");
    strbuf_adds(&b, h->glance.v[i]);
  }
  strbuf_adds(&b, " ");
  strbuf_adds(&b, name);
  h->openstack = strbuf_finish(&b);

  /* VMID and STORAGE are the user's: placeholders. */
  int cores = d->cores_per_socket > 0 ? d->cores_per_socket : d->vcpus;
  int sockets = d->vcpus / cores;
  strlist_addf(&h->proxmox, "qm create VMID --name %s --memory %lld "
               "--sockets %d --cores %d --ostype %s --machine %s --bios %s "
               "--scsihw %s --net0 %s,bridge=vmbr0", name, d->memory_mib,
               sockets, cores,
               proxmox_ostype(g), d->machine, d->uefi ? "ovmf" : "seabios",
               proxmox_scsihw(scsi_model), nic);
  for (size_t i = 0; i < d->disks.n; i++) {
    char *f = shell_word(d->disks.v[i]);
    strlist_addf(&h->proxmox, "qm importdisk VMID %s STORAGE", f);
    free(f);
  }
  const char *pbus = scsi || !strcmp(bus, "virtio") || !strcmp(bus, "ide")
                         ? bus
                         : "sata";
  strlist_addf(&h->proxmox, "qm set VMID --%s0 STORAGE:vm-VMID-disk-0 --boot "
               "order=%s0%s", pbus, pbus,
               d->uefi ? " --efidisk0 STORAGE:1,efitype=4m" : "");

  struct strbuf v = {0};
  char *variant = os_variant(g);
  char *topo = d->cores_per_socket > 0
                   ? xasprintf(",sockets=%d,cores=%d,threads=1", sockets, cores)
                   : xstrdup("");
  t = xasprintf("virt-install --import --name %s --memory %lld --vcpus %d%s "
                "--machine %s%s --os-variant %s", name, d->memory_mib,
                d->vcpus, topo, d->machine, d->uefi ? " --boot uefi" : "",
                variant);
  free(topo);
  free(variant);
  strbuf_adds(&v, t);
  free(t);
  for (size_t i = 0; i < d->disks.n; i++) {
    char *f = shell_word(d->disks.v[i]);
    const char *m;
    t = xasprintf(" --disk path=%s,bus=%s,format=%s", f,
                  domain_disk_bus(d, i, &m), d->disk_format);
    strbuf_adds(&v, t);
    free(t);
    free(f);
  }
  if (scsi && strcmp(scsi_model, "virtio-scsi")) {
    t = xasprintf(" --controller type=scsi,model=%s", scsi_model);
    strbuf_adds(&v, t);
    free(t);
  }
  t = xasprintf(" --network network=default,model=%s --graphics vnc", nic);
  strbuf_adds(&v, t);
  free(t);
  h->virt_install = strbuf_finish(&v);
  free(file);
  free(name);
}

void target_hints_free(struct target_hints *h)
{
  strlist_free(&h->glance);
  strlist_free(&h->proxmox);
  free(h->openstack);
  free(h->virt_install);
  memset(h, 0, sizeof *h);
}
