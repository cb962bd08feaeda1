/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The libvirt domain of a fixed guest, built with libxml2's tree API so
 * that every name and path is escaped. */
#include "v2v/libvirt_xml.h"

#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "v2v/kept_devices.h"
#include "v2v/log.h"
#include "v2v/package.h"
#include "v2v/session.h"
#include "v2v/virtio_source.h"

const char *machine_for_guest(const struct guest *g)
{
  bool windows = g->os_type && strcmp(g->os_type, "windows") == 0;
  /* Windows 7 / 2008 R2 and older predate q35's AHCI-and-PCIe layout in
   * their in-box drivers; 6.2 (8 / 2012) and later boot on it. */
  if (windows && (g->major < 6 || (g->major == 6 && g->minor < 2)))
    return "pc";
  return "q35";
}

static bool valid_unicast_mac(const char *m)
{
  unsigned b[6];
  char extra;
  return m && sscanf(m, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2],
                     &b[3], &b[4], &b[5], &extra) == 6 &&
         strlen(m) == 17 && !(b[0] & 1);
}

static char *domain_name(const struct session *s, const strlist *outputs)
{
  const char *n = s->opts->domain_name ? s->opts->domain_name
                  : s->package && s->package->ovf.name && *s->package->ovf.name
                      ? s->package->ovf.name
                  : s->guest.hostname && *s->guest.hostname ? s->guest.hostname
                                                            : NULL;
  char *name;
  if (n) {
    name = xstrdup(n);
  } else { /* the output's file name without its extension */
    const char *base = strrchr(outputs->v[0], '/');
    name = xstrdup(base ? base + 1 : outputs->v[0]);
    char *dot = strrchr(name, '.');
    if (dot && dot != name)
      *dot = '\0';
  }
  for (char *p = name; *p; p++)
    if (*p == '/' || (unsigned char)*p < 0x20)
      *p = '-';
  return name;
}

static bool has_netkvm(const struct session *s)
{
  if (virtio_source_driver(&s->virtio, "netkvm"))
    return true;
  for (size_t i = 0; i < s->guest.virtio_drivers.n; i++)
    if (strncasecmp(s->guest.virtio_drivers.v[i], "netkvm", 6) == 0)
      return true;
  return false;
}

void domain_spec_from_session(const struct session *s, const strlist *outputs,
                              const char *format, struct domain_spec *d)
{
  memset(d, 0, sizeof *d);
  const struct options *o = s->opts;
  const struct guest *g = &s->guest;
  const struct ovf *ovf = s->package ? &s->package->ovf : NULL;
  bool windows = g->os_type && strcmp(g->os_type, "windows") == 0;
  d->name = domain_name(s, outputs);
  d->vcpus = ovf && ovf->vcpus > 0 ? ovf->vcpus
             : o->vcpus            ? o->vcpus
                                   : DEFAULT_VCPUS;
  if (ovf && ovf->vcpus > 0 && ovf->cores_per_socket > 0 &&
      ovf->vcpus % ovf->cores_per_socket == 0)
    d->cores_per_socket = ovf->cores_per_socket;
  d->memory_mib = ovf && ovf->memory_mib ? (long long)ovf->memory_mib
                  : o->memory_mib        ? o->memory_mib
                                         : DEFAULT_MEMORY_MIB;
  const char *arch = guest_arch_name(g);
  d->arch = arch && strcmp(arch, "i686") == 0 ? "i686" : "x86_64";
  d->machine = machine_for_guest(g);
  /* What the guest boots with decides; the OVF only if inspection could
   * not tell. */
  d->uefi = g->firmware == FW_UEFI ||
            (g->firmware == FW_UNKNOWN && ovf && ovf->firmware == FW_UEFI);
  d->windows = windows;
  bool virtio = !windows || (!o->no_virtio && s->virtio.path);
  d->disk_bus = !virtio ? (strcmp(d->machine, "q35") == 0 ? "sata" : "ide")
                : windows && strcmp(o->block_driver, "vioscsi") == 0 ? "scsi"
                                                                     : "virtio";
  d->disk_format = format;
  for (size_t i = 0; i < outputs->n; i++) {
    char *abs = realpath(outputs->v[i], NULL);
    strlist_take(&d->disks, abs ? abs : xstrdup(outputs->v[i]));
  }
  d->nic_model = !windows || has_netkvm(s) ? "virtio" : "e1000";
  d->nics = ovf && ovf->nnics ? ovf->nnics : 1;
  if (o->keep_devices && ovf)
    kept_devices_apply(ovf, d);
  else if (o->keep_devices)
    strlist_addf(&d->warnings, "--keep-devices: %s is a disk image, which "
                 "names no source devices: nothing to keep", o->image);
  for (size_t i = 0; i < d->nics; i++) {
    const char *mac = ovf && i < ovf->nnics ? ovf->nics[i].mac : NULL;
    strlist_add(&d->macs, valid_unicast_mac(mac) ? mac : "");
    strlist_take(&d->nic_sources,
                 nic_source_for(&o->nic_maps, ovf && i < ovf->nnics
                                                  ? ovf->nics[i].network
                                                  : NULL));
  }
}

char *nic_source_for(const strlist *maps, const char *ovf_network)
{
  const char *any = NULL;
  for (size_t i = 0; i < maps->n; i++) {
    const char *colon = strchr(maps->v[i], ':');
    const char *eq = colon ? strchr(colon, '=') : NULL;
    if (!colon || !eq)
      continue;
    size_t from = (size_t)(eq - colon - 1);
    if (!from && !any)
      any = maps->v[i];
    if (from && ovf_network && strlen(ovf_network) == from &&
        strncasecmp(colon + 1, ovf_network, from) == 0)
      return xasprintf("%.*s:%s", (int)(colon - maps->v[i]), maps->v[i],
                       eq + 1);
  }
  if (any) {
    const char *colon = strchr(any, ':');
    return xasprintf("%.*s:%s", (int)(colon - any), any, strchr(any, '=') + 1);
  }
  return xstrdup("network:default");
}

static xmlNode *add(xmlNode *parent, const char *name, const char *text)
{
  return xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST text);
}

static void set(xmlNode *n, const char *attr, const char *value)
{
  xmlNewProp(n, BAD_CAST attr, BAD_CAST value);
}

/* vda, vdb... / sda, sdb... / hda (IDE) */
static char *target_dev(const char *bus, size_t i)
{
  const char *prefix = strcmp(bus, "virtio") == 0 ? "vd"
                       : strcmp(bus, "ide") == 0  ? "hd"
                                                  : "sd";
  return xasprintf("%s%c", prefix, (char)('a' + i));
}

const char *domain_disk_bus(const struct domain_spec *d, size_t i,
                            const char **model)
{
  const char *bus = i < d->disk_buses.n ? d->disk_buses.v[i] : d->disk_bus;
  *model = NULL;
  if (!strncmp(bus, "scsi:", 5)) {
    *model = bus + 5;
    return "scsi";
  }
  if (!strcmp(bus, "scsi"))
    *model = "virtio-scsi";
  return bus;
}

const char *domain_nic_model(const struct domain_spec *d, size_t i)
{
  return i < d->nic_models.n ? d->nic_models.v[i] : d->nic_model;
}

/* The SCSI controllers the disks need, one per model in the order first
 * used; with more than one, each disk says which is its own. */
static void add_disks(xmlNode *devs, const struct domain_spec *d)
{
  const char *models[26];
  size_t nmodels = 0, per[26] = {0};
  for (size_t i = 0; i < d->disks.n && i < 26; i++) {
    const char *model;
    if (strcmp(domain_disk_bus(d, i, &model), "scsi"))
      continue;
    size_t k = 0;
    while (k < nmodels && strcmp(models[k], model))
      k++;
    if (k == nmodels)
      models[nmodels++] = model;
  }
  for (size_t i = 0; i < d->disks.n && i < 26; i++) {
    const char *model;
    const char *bus = domain_disk_bus(d, i, &model);
    xmlNode *disk = add(devs, "disk", NULL);
    set(disk, "type", "file");
    set(disk, "device", "disk");
    xmlNode *drv = add(disk, "driver", NULL);
    set(drv, "name", "qemu");
    set(drv, "type", d->disk_format);
    set(add(disk, "source", NULL), "file", d->disks.v[i]);
    xmlNode *target = add(disk, "target", NULL);
    char *dev = target_dev(bus, i);
    set(target, "dev", dev);
    free(dev);
    set(target, "bus", bus);
    size_t k = 0;
    while (model && k < nmodels && strcmp(models[k], model))
      k++;
    if (model && nmodels > 1) {
      char num[24];
      xmlNode *a = add(disk, "address", NULL);
      set(a, "type", "drive");
      snprintf(num, sizeof num, "%zu", k);
      set(a, "controller", num);
      set(a, "bus", "0");
      set(a, "target", "0");
      snprintf(num, sizeof num, "%zu", per[k]++);
      set(a, "unit", num);
    }
  }
  for (size_t k = 0; k < nmodels; k++) {
    char num[24];
    snprintf(num, sizeof num, "%zu", k);
    xmlNode *c = add(devs, "controller", NULL);
    set(c, "type", "scsi");
    set(c, "index", num);
    set(c, "model", models[k]);
  }
}

static void add_devices(xmlNode *devs, const struct domain_spec *d)
{
  add_disks(devs, d);
  for (size_t i = 0; i < d->nics; i++) {
    xmlNode *nic = add(devs, "interface", NULL);
    const char *src = i < d->nic_sources.n ? d->nic_sources.v[i]
                                           : "network:default";
    bool bridge = strncmp(src, "bridge:", 7) == 0;
    set(nic, "type", bridge ? "bridge" : "network");
    if (i < d->macs.n && *d->macs.v[i])
      set(add(nic, "mac", NULL), "address", d->macs.v[i]);
    set(add(nic, "source", NULL), bridge ? "bridge" : "network",
        strchr(src, ':') + 1);
    set(add(nic, "model", NULL), "type", domain_nic_model(d, i));
  }
  /* With virtio drivers in the guest: the guest agent's channel (the
   * agent itself is installed in the guest later) and a random source. */
  if (strcmp(d->disk_bus, "virtio") == 0 || strcmp(d->disk_bus, "scsi") == 0) {
    xmlNode *ch = add(devs, "channel", NULL);
    set(ch, "type", "unix");
    xmlNode *t = add(ch, "target", NULL);
    set(t, "type", "virtio");
    set(t, "name", "org.qemu.guest_agent.0");
    xmlNode *rng = add(devs, "rng", NULL);
    set(rng, "model", "virtio");
    set(add(rng, "backend", "/dev/urandom"), "model", "random");
  }
  xmlNode *serial = add(devs, "serial", NULL);
  set(serial, "type", "pty");
  set(add(serial, "target", NULL), "port", "0");
  xmlNode *console = add(devs, "console", NULL);
  set(console, "type", "pty");
  xmlNode *ct = add(console, "target", NULL);
  set(ct, "type", "serial");
  set(ct, "port", "0");
  xmlNode *tablet = add(devs, "input", NULL);
  set(tablet, "type", "tablet");
  set(tablet, "bus", "usb");
  xmlNode *gfx = add(devs, "graphics", NULL);
  set(gfx, "type", "vnc");
  set(gfx, "autoport", "yes");
  set(add(add(devs, "video", NULL), "model", NULL), "type", "vga");
}

/* The Hyper-V enlightenments and timers Windows runs best with on KVM,
 * as virt-install and virt-v2v set them. */
static void add_hyperv(xmlNode *features, xmlNode *clock)
{
  xmlNode *hv = add(features, "hyperv", NULL);
  set(hv, "mode", "custom");
  static const char *const on[] = {"relaxed", "vapic", "spinlocks", "vpindex",
                                   "runtime", "synic", "stimer", "reset",
                                   "frequencies", NULL};
  for (int i = 0; on[i]; i++) {
    xmlNode *e = add(hv, on[i], NULL);
    set(e, "state", "on");
    if (strcmp(on[i], "spinlocks") == 0)
      set(e, "retries", "8191");
  }
  static const char *const timers[][3] = {{"rtc", "tickpolicy", "catchup"},
                                          {"pit", "tickpolicy", "delay"},
                                          {"hpet", "present", "no"},
                                          {"hypervclock", "present", "yes"}};
  for (size_t i = 0; i < sizeof timers / sizeof timers[0]; i++) {
    xmlNode *t = add(clock, "timer", NULL);
    set(t, "name", timers[i][0]);
    set(t, timers[i][1], timers[i][2]);
  }
}

char *domain_xml(const struct domain_spec *d)
{
  xmlDoc *doc = xmlNewDoc(BAD_CAST "1.0");
  xmlNode *dom = xmlNewNode(NULL, BAD_CAST "domain");
  xmlDocSetRootElement(doc, dom);
  set(dom, "type", "kvm");
  add(dom, "name", d->name);
  char num[32];
  snprintf(num, sizeof num, "%lld", d->memory_mib);
  set(add(dom, "memory", num), "unit", "MiB");
  set(add(dom, "currentMemory", num), "unit", "MiB");
  snprintf(num, sizeof num, "%d", d->vcpus);
  add(dom, "vcpu", num);
  xmlNode *os = add(dom, "os", NULL);
  if (d->uefi)
    set(os, "firmware", "efi");
  xmlNode *type = add(os, "type", "hvm");
  set(type, "arch", d->arch);
  set(type, "machine", d->machine);
  set(add(os, "boot", NULL), "dev", "hd");
  xmlNode *features = add(dom, "features", NULL);
  add(features, "acpi", NULL);
  add(features, "apic", NULL);
  xmlNode *clock = add(dom, "clock", NULL);
  set(clock, "offset", d->windows ? "localtime" : "utc");
  if (d->windows)
    add_hyperv(features, clock);
  /* The host's CPU as it is: the guest was not migrated to run elsewhere
   * (host-model is the choice for a cluster of mixed hosts). */
  xmlNode *cpu = add(dom, "cpu", NULL);
  set(cpu, "mode", "host-passthrough");
  /* The source's sockets and cores: Windows client editions use at most
   * two sockets, so 8 vCPUs as 8 sockets would leave 6 idle. */
  if (d->cores_per_socket > 0 && d->vcpus % d->cores_per_socket == 0) {
    xmlNode *topo = add(cpu, "topology", NULL);
    snprintf(num, sizeof num, "%d", d->vcpus / d->cores_per_socket);
    set(topo, "sockets", num);
    set(topo, "dies", "1");
    snprintf(num, sizeof num, "%d", d->cores_per_socket);
    set(topo, "cores", num);
    set(topo, "threads", "1");
  }
  add(dom, "on_poweroff", "destroy");
  add(dom, "on_reboot", "restart");
  add(dom, "on_crash", "restart");
  add_devices(add(dom, "devices", NULL), d);
  xmlChar *buf = NULL;
  int len = 0;
  xmlDocDumpFormatMemoryEnc(doc, &buf, &len, "UTF-8", 1);
  char *r = strndup((const char *)buf, (size_t)len);
  xmlFree(buf);
  xmlFreeDoc(doc);
  return r;
}

enum result domain_xml_write(const struct domain_spec *d, const char *file)
{
  char *xml = domain_xml(d);
  char *tmp = xasprintf("%s.v2v-partial", file);
  FILE *f = fopen(tmp, "w");
  int r = f && fputs(xml, f) >= 0 ? 0 : -1;
  if (f && fclose(f) == EOF)
    r = -1;
  if (r == 0 && rename(tmp, file) == -1)
    r = -1;
  if (r == -1) {
    error_msg("cannot write the domain XML %s", file);
    unlink(tmp);
  }
  free(tmp);
  free(xml);
  return r;
}

void domain_spec_free(struct domain_spec *d)
{
  free(d->name);
  strlist_free(&d->disks);
  strlist_free(&d->macs);
  strlist_free(&d->nic_sources);
  strlist_free(&d->disk_buses);
  strlist_free(&d->nic_models);
  strlist_free(&d->warnings);
  memset(d, 0, sizeof *d);
}
