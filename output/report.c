/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The JSON report: inspection, plan, changes, warnings, result. */
#include "v2v/report.h"

#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/log.h"
#include "v2v/package.h"
#include "v2v/report_changes.h"
#include "v2v/session.h"
#include "v2v/target_hints.h"
#include "v2v/virtio_source.h"
#include "v2v/vmx.h"

struct report {
  json_object *root;
  json_object *warnings;
};

static json_object *jstr(const char *s)
{
  return s ? json_object_new_string(s) : json_object_new_null();
}

static json_object *jlist(const strlist *l)
{
  json_object *a = json_object_new_array();
  for (size_t i = 0; i < l->n; i++)
    json_object_array_add(a, json_object_new_string(l->v[i]));
  return a;
}

struct report *report_new(const struct options *o)
{
  struct report *r = xcalloc(1, sizeof *r);
  r->root = json_object_new_object();
  r->warnings = json_object_new_array();
  /* doc/report.schema.json describes this version of the layout. */
  json_object_object_add(r->root, "schema_version", json_object_new_int(2));
  json_object_object_add(r->root, "tool", json_object_new_string("v2v-fixup"));
  json_object_object_add(r->root, "version", json_object_new_string(V2V_VERSION));
  json_object_object_add(r->root, "image", jstr(o->image));
  json_object_object_add(r->root, "output", jstr(o->output_file));
  static const char *const modes[] = {"fix", "dry-run", "inspect"};
  json_object_object_add(r->root, "mode", json_object_new_string(modes[o->mode]));
  json_object_object_add(r->root, "warnings", r->warnings);
  return r;
}

static json_object *disk_json(const struct disk *d)
{
  json_object *o = json_object_new_object();
  json_object_object_add(o, "size", json_object_new_int64((int64_t)d->size));
  json_object_object_add(o, "partition_table",
                         json_object_new_string(d->style == PART_MBR ? "mbr"
                                                : d->style == PART_GPT ? "gpt"
                                                                       : "none"));
  if (d->style == PART_MBR) {
    char sig[16];
    snprintf(sig, sizeof sig, "%08X", d->mbr_signature);
    json_object_object_add(o, "mbr_signature", json_object_new_string(sig));
  } else if (d->style == PART_GPT) {
    json_object_object_add(o, "gpt_disk_guid", json_object_new_string(d->gpt_guid));
  }
  json_object *parts = json_object_new_array();
  for (size_t i = 0; i < d->nparts; i++) {
    const struct partition *p = &d->parts[i];
    json_object *jp = json_object_new_object();
    json_object_object_add(jp, "number", json_object_new_int(p->num));
    json_object_object_add(jp, "device", jstr(p->device));
    json_object_object_add(jp, "start", json_object_new_int64((int64_t)p->start));
    json_object_object_add(jp, "size", json_object_new_int64((int64_t)p->size));
    json_object_object_add(jp, "filesystem", jstr(p->fstype));
    if (d->style == PART_MBR) {
      json_object_object_add(jp, "mbr_type", json_object_new_int(p->mbr_type));
      json_object_object_add(jp, "active", json_object_new_boolean(p->bootable));
    } else {
      json_object_object_add(jp, "gpt_type", jstr(p->gpt_type));
      json_object_object_add(jp, "gpt_guid", jstr(p->gpt_guid));
    }
    json_object_array_add(parts, jp);
  }
  json_object_object_add(o, "partitions", parts);
  return o;
}

static json_object *linux_json(const struct linux_info *l)
{
  json_object *o = json_object_new_object();
  json_object_object_add(o, "family", jstr(l->family));
  json_object_object_add(o, "mounts", jlist(&l->mounts));
  json_object_object_add(o, "bootloader",
                         json_object_new_string(bootloader_name(l->bootloader)));
  json_object_object_add(o, "boot_config", jstr(l->boot_config));
  json_object_object_add(o, "grub_mkconfig", jstr(l->grub_mkconfig));
  json_object_object_add(o, "bls", json_object_new_boolean(l->bls));
  json_object_object_add(o, "initramfs_tool",
                         json_object_new_string(initramfs_tool_name(l->initramfs_tool)));
  json_object *bl = json_object_new_object();
  json_object_object_add(bl, "boot_code",
                         json_object_new_string(boot_code_name(l->boot_code)));
  json_object_object_add(bl, "installed",
                         json_object_new_boolean(l->loader_installed));
  json_object_object_add(bl, "found", jstr(l->loader_found));
  json_object_object_add(bl, "grub_install", jstr(l->grub_install));
  json_object_object_add(o, "boot_loader", bl);
  json_object *ks = json_object_new_array();
  for (size_t i = 0; i < l->nkernels; i++) {
    const struct linux_kernel *k = &l->kernels[i];
    json_object *jk = json_object_new_object();
    json_object_object_add(jk, "version", jstr(k->version));
    json_object_object_add(jk, "vmlinuz", jstr(k->vmlinuz));
    json_object_object_add(jk, "initramfs", jstr(k->initrd));
    json_object_object_add(jk, "xen_only", json_object_new_boolean(k->xen_only));
    json_object *v = json_object_new_object();
    for (int m = 0; m < VIRTIO_MOD_COUNT; m++)
      json_object_object_add(v, virtio_mod_name((enum virtio_mod)m),
                             json_object_new_string(kmod_state_name(k->virtio[m])));
    json_object_object_add(jk, "virtio", v);
    json_object_array_add(ks, jk);
  }
  json_object_object_add(o, "kernels", ks);
  return o;
}

static json_object *pv_components_json(const struct guest *g,
                                       enum pv_vendor vendor)
{
  json_object *a = json_object_new_array();
  for (size_t i = 0; i < g->npv; i++) {
    const struct pv_finding *f = &g->pv[i];
    if (f->vendor != vendor)
      continue;
    json_object *jf = json_object_new_object();
    json_object_object_add(jf, "vendor", jstr(pv_vendor_name(f->vendor)));
    json_object_object_add(jf, "kind", json_object_new_string(pv_kind_name(f->kind)));
    json_object_object_add(jf, "name", jstr(f->name));
    if (f->key) {
      json_object_object_add(jf, "hive", json_object_new_string(hive_id_name(f->hive)));
      json_object_object_add(jf, "key", jstr(f->key));
    }
    if (f->value)
      json_object_object_add(jf, "value", jstr(f->value));
    if (f->path)
      json_object_object_add(jf, "path", jstr(f->path));
    json_object_object_add(jf, "detail", jstr(f->detail));
    json_object_object_add(jf, "kept", json_object_new_boolean(f->kept));
    json_object_array_add(a, jf);
  }
  return a;
}

void report_guest(struct report *r, const struct guest *g)
{
  json_object *o = json_object_new_object();
  json_object_object_add(o, "type", jstr(g->os_type));
  json_object_object_add(o, "distro", jstr(g->distro));
  json_object_object_add(o, "product_name", jstr(g->product_name));
  json_object_object_add(o, "product_variant", jstr(g->product_variant));
  json_object_object_add(o, "edition", jstr(g->edition));
  json_object_object_add(o, "major", json_object_new_int(g->major));
  json_object_object_add(o, "minor", json_object_new_int(g->minor));
  json_object_object_add(o, "build", json_object_new_int(g->build));
  json_object_object_add(o, "arch", jstr(guest_arch_name(g)));
  json_object_object_add(o, "hostname", jstr(g->hostname));
  json_object_object_add(o, "root", jstr(g->root));
  json_object_object_add(o, "systemroot", jstr(g->systemroot));
  json_object_object_add(o, "current_control_set", jstr(g->control_set));
  json_object_object_add(o, "control_sets", jlist(&g->control_sets));
  json_object_object_add(o, "firmware", json_object_new_string(firmware_name(g->firmware)));
  json_object_object_add(o, "disk", disk_json(&g->disk));
  if (g->os_type && strcmp(g->os_type, "linux") == 0)
    json_object_object_add(o, "linux", linux_json(&g->linux_os));

  json_object *bcd = json_object_new_object();
  json_object_object_add(bcd, "partition", jstr(g->system_partition));
  json_object_object_add(bcd, "path", jstr(g->bcd_path));
  json_object_object_add(bcd, "readable", json_object_new_boolean(g->bcd_readable));
  json_object_object_add(bcd, "devices_match",
                         json_object_new_boolean(g->bcd_readable && !g->bcd_problems.n));
  json_object_object_add(bcd, "problems", jlist(&g->bcd_problems));
  json_object_object_add(o, "bcd", bcd);

  /* Each vendor's components in an array of their own: xen_components,
   * vmware_components. */
  for (int v = PV_NONE + 1; v < PV_VENDOR_COUNT; v++) {
    char *field = xasprintf("%s_components", pv_vendor_name((enum pv_vendor)v));
    json_object_object_add(o, field, pv_components_json(g, (enum pv_vendor)v));
    free(field);
  }

  json_object *pk = json_object_new_array();
  for (size_t i = 0; i < g->npackages; i++) {
    const struct driver_package *p = &g->packages[i];
    json_object *jp = json_object_new_object();
    json_object_object_add(jp, "path", jstr(p->path));
    json_object_object_add(jp, "provider", jstr(p->provider));
    json_object_object_add(jp, "catalog", jstr(p->catalog));
    json_object_object_add(jp, "class", jstr(p->class_name));
    json_object_object_add(jp, "driver_ver", jstr(p->driver_ver));
    json_object_object_add(jp, "xen", json_object_new_boolean(p->vendor == PV_XEN));
    json_object_object_add(jp, "vendor", jstr(pv_vendor_name(p->vendor)));
    json_object_object_add(jp, "kept", json_object_new_boolean(p->kept));
    json_object_array_add(pk, jp);
  }
  json_object_object_add(o, "driver_packages", pk);
  json_object_object_add(o, "virtio_drivers", jlist(&g->virtio_drivers));
  json_object_object_add(o, "refusals", jlist(&g->refusals));
  json_object_object_add(r->root, "guest", o);
}

void report_plan(struct report *r, const struct change_list *plan,
                 hive *const hives[HIVE_COUNT])
{
  json_object_object_add(r->root, "plan", report_changes_json(plan, hives));
}

void report_applied(struct report *r)
{
  json_object_object_add(r->root, "applied", json_object_new_boolean(true));
}

void report_virtio(struct report *r, const struct session *s)
{
  const struct virtio_source *v = &s->virtio;
  json_object *o = json_object_new_object();
  /* false: --no-virtio, nothing of virtio was looked for or changed */
  json_object_object_add(o, "enabled",
                         json_object_new_boolean(!s->opts->no_virtio));
  json_object_object_add(o, "source", jstr(v->path));
  json_object_object_add(o, "source_type",
                         v->path ? json_object_new_string(v->iso ? "iso" : "directory")
                                 : json_object_new_null());
  json_object_object_add(o, "block_driver", jstr(s->opts->block_driver));
  json_object_object_add(o, "os_folders", jlist(&v->os));
  json_object_object_add(o, "arch_folders", jlist(&v->arch));
  json_object *a = json_object_new_array();
  for (size_t i = 0; i < v->n; i++) {
    const struct virtio_driver *d = &v->drivers[i];
    json_object *jd = json_object_new_object();
    json_object_object_add(jd, "name", jstr(d->name));
    json_object_object_add(jd, "driver_ver", jstr(d->info.driver_ver));
    json_object_object_add(jd, "provider", jstr(d->info.provider));
    json_object_object_add(jd, "class", jstr(d->info.class_name));
    char *folder = xasprintf("%s/%s/%s", d->folder, d->os_folder, d->arch_folder);
    json_object_object_add(jd, "folder", json_object_new_string(folder));
    free(folder);
    bool boot = strcasecmp(d->name, s->opts->block_driver) == 0;
    json_object_object_add(jd, "role", json_object_new_string(boot ? "boot" : "staged"));
    json_object_array_add(a, jd);
  }
  json_object_object_add(o, "drivers", a);
  json_object_object_add(r->root, "virtio", o);
}

static json_object *package_json(const struct package *p)
{
  json_object *o = json_object_new_object();
  json_object_object_add(o, "path", jstr(p->path));
  json_object_object_add(o, "kind", json_object_new_string(p->vmx   ? "vmx"
                                                    : p->xva ? "xva"
                                                    : p->ova ? "ova"
                                                             : "ovf"));
  json_object_object_add(o, "descriptor", jstr(p->descriptor));
  json_object_object_add(o, "flavour", jstr(p->ovf.flavour));
  json_object *mf = json_object_new_object();
  json_object_object_add(mf, "file",
                         jstr(p->manifests.n ? p->manifests.v[0] : NULL));
  json_object_object_add(mf, "files", jlist(&p->manifests));
  json_object_object_add(mf, "verified",
                         json_object_new_boolean(p->manifests.n > 0));
  json_object_object_add(mf, "digests", json_object_new_int(p->manifest_entries));
  json_object_object_add(o, "manifest", mf);
  json_object_object_add(o, "name", jstr(p->ovf.name));
  json_object_object_add(o, "vcpus", json_object_new_int(p->ovf.vcpus));
  json_object_object_add(o, "cores_per_socket",
                         json_object_new_int(p->ovf.cores_per_socket));
  json_object_object_add(o, "guest_os", jstr(p->ovf.os_id));
  json_object_object_add(o, "guest_os_family",
                         jstr(vmware_guest_family(p->ovf.os_id)));
  json_object_object_add(o, "nvram", jstr(p->ovf.nvram));
  json_object_object_add(o, "ignored", jlist(&p->ovf.ignored));
  json_object_object_add(o, "memory_mib", json_object_new_int64((int64_t)p->ovf.memory_mib));
  json_object_object_add(o, "firmware", json_object_new_string(firmware_name(p->ovf.firmware)));
  json_object *nics = json_object_new_array();
  for (size_t i = 0; i < p->ovf.nnics; i++) {
    const struct ovf_nic *n = &p->ovf.nics[i];
    json_object *jn = json_object_new_object();
    json_object_object_add(jn, "network", jstr(n->network));
    json_object_object_add(jn, "model", jstr(n->model));
    json_object_object_add(jn, "mac", jstr(n->mac));
    json_object_array_add(nics, jn);
  }
  json_object_object_add(o, "nics", nics);
  return o;
}

/* Where the source attached disk D, and (a .vmx disk) its files: the
 * descriptor, then each snapshot's parent down to the base. */
static void add_source_device(json_object *d, const struct ovf_disk *od,
                              const strlist *chain)
{
  json_object_object_add(d, "controller", jstr(od->controller));
  json_object_object_add(d, "bus", od->bus >= 0 ? json_object_new_int(od->bus)
                                                : json_object_new_null());
  json_object_object_add(d, "unit", od->unit >= 0
                                        ? json_object_new_int(od->unit)
                                        : json_object_new_null());
  json_object *files = json_object_new_array();
  for (size_t i = 0; i < chain->n; i++) {
    const char *slash = strrchr(chain->v[i], '/');
    json_object_array_add(files,
                          json_object_new_string(slash ? slash + 1 : chain->v[i]));
  }
  json_object_object_add(d, "chain", files);
}

void report_input(struct report *r, const struct session *s)
{
  json_object *o = json_object_new_object();
  json_object *disks = json_object_new_array();
  const struct package *p = s->package;
  const struct options *opts = s->opts;
  size_t n = p ? p->ndisks : 1 + opts->more_disks.n;
  for (size_t i = 0; i < n; i++) {
    json_object *d = json_object_new_object();
    const char *file = p ? p->disks[i].href
                       : i ? opts->more_disks.v[i - 1] : opts->image;
    const char *format = p ? p->disks[i].format
                         : i ? s->more_formats[i - 1] : s->image_format;
    json_object_object_add(d, "file", jstr(file));
    json_object_object_add(d, "format", jstr(format));
    if (p) {
      json_object_object_add(d, "offset", json_object_new_int64((int64_t)p->disks[i].offset));
      json_object_object_add(d, "size", json_object_new_int64((int64_t)p->disks[i].size));
      json_object_object_add(d, "capacity", json_object_new_int64((int64_t)p->ovf.disks[i].capacity));
      json_object_object_add(d, "gzip", json_object_new_boolean(p->disks[i].gzip));
      json_object_object_add(d, "read_in_place", json_object_new_boolean(!p->disks[i].gzip));
      add_source_device(d, &p->ovf.disks[i], &p->disks[i].chain);
    }
    json_object_object_add(d, "boot", json_object_new_boolean(i == 0));
    json_object_array_add(disks, d);
  }
  json_object_object_add(o, "disks", disks);
  json_object_object_add(o, "package", p ? package_json(p) : json_object_new_null());
  json_object_object_add(r->root, "input", o);
}

void report_targets(struct report *r, const struct target_hints *h)
{
  json_object *t = json_object_new_object();
  json_object *os = json_object_new_object();
  json_object *props = json_object_new_object();
  for (size_t i = 0; i < h->glance.n; i++) {
    const char *eq = strchr(h->glance.v[i], '=');
    char *key = strndup(h->glance.v[i], (size_t)(eq - h->glance.v[i]));
    json_object_object_add(props, key, json_object_new_string(eq + 1));
    free(key);
  }
  json_object_object_add(os, "properties", props);
  json_object_object_add(os, "command", json_object_new_string(h->openstack));
  json_object_object_add(t, "openstack", os);
  json_object *pve = json_object_new_array();
  for (size_t i = 0; i < h->proxmox.n; i++)
    json_object_array_add(pve, json_object_new_string(h->proxmox.v[i]));
  json_object_object_add(t, "proxmox", pve);
  json_object_object_add(t, "virt_install",
                         json_object_new_string(h->virt_install));
  json_object_object_add(r->root, "targets", t);
}

void report_output(struct report *r, const strlist *disks, const char *format,
                   const char *libvirt_xml)
{
  json_object *o = json_object_new_object();
  json_object_object_add(o, "disks", jlist(disks));
  json_object_object_add(o, "format", jstr(format));
  json_object_object_add(o, "libvirt_xml", jstr(libvirt_xml));
  json_object_object_add(r->root, "written", o);
}

void report_refusals(struct report *r, const strlist *why)
{
  json_object_object_add(r->root, "refusals", jlist(why));
}

void report_warning(struct report *r, const char *msg)
{
  json_object_array_add(r->warnings, json_object_new_string(msg));
}

void report_result(struct report *r, const char *result, int exit_code,
                   const char *message)
{
  json_object_object_add(r->root, "result", json_object_new_string(result));
  json_object_object_add(r->root, "exit_code", json_object_new_int(exit_code));
  if (message)
    json_object_object_add(r->root, "message", json_object_new_string(message));
  /* A run that stopped before planning reports an empty plan, so that
   * every report has the same fields (doc/report.schema.json). */
  if (!json_object_object_get_ex(r->root, "plan", NULL))
    json_object_object_add(r->root, "plan", json_object_new_array());
  if (!json_object_object_get_ex(r->root, "applied", NULL))
    json_object_object_add(r->root, "applied", json_object_new_boolean(false));
}

void report_run(struct report *r, const struct run_stats *st)
{
  json_object *o = json_object_new_object();
  json_object_object_add(o, "appliance_launches", json_object_new_int(st->launches));
  json_object_object_add(o, "seconds", json_object_new_double(st->seconds));
  json_object_object_add(o, "peak_rss_kib", json_object_new_int64(st->peak_rss_kib));
  json_object_object_add(o, "overlay_bytes", json_object_new_int64(st->overlay_bytes));
  json_object_object_add(o, "guests", json_object_new_int64((int64_t)st->guests));
  json_object_object_add(o, "appliance_vcpus", json_object_new_int(st->vcpus));
  json_object_object_add(o, "appliance_memory_mib", json_object_new_int(st->memory_mib));
  json_object_object_add(r->root, "run", o);
}

enum result report_write(struct report *r, const char *file)
{
  if (strcmp(file, "-") == 0) { /* a pipeline reads it from stdout */
    fflush(stdout);
    puts(json_object_to_json_string_ext(r->root,
                                        JSON_C_TO_STRING_PRETTY |
                                            JSON_C_TO_STRING_NOSLASHESCAPE));
    return fflush(stdout) == 0 ? RESULT_OK : RESULT_ERROR;
  }
  if (json_object_to_file_ext(file, r->root,
                              JSON_C_TO_STRING_PRETTY |
                                  JSON_C_TO_STRING_NOSLASHESCAPE) == -1) {
    error_msg("cannot write the report %s: %s", file, json_util_get_last_err());
    return RESULT_ERROR;
  }
  return RESULT_OK;
}

void report_free(struct report *r)
{
  if (!r)
    return;
  json_object_put(r->root);
  free(r);
}
