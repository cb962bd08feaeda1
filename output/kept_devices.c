/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The source's devices in the libvirt domain (--keep-devices). */
#include "v2v/kept_devices.h"

#include <string.h>
#include <strings.h>

const char *kept_disk_bus(const char *controller, const char **note)
{
  *note = NULL;
  if (!controller)
    return NULL;
  static const char *const same[][2] = {
      {"lsilogic", "scsi:lsilogic"}, {"lsisas1068", "scsi:lsisas1068"},
      {"pvscsi", "scsi:vmpvscsi"},   {"sata", "sata"},
      {"ide", "ide"}};
  for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
    if (!strcmp(controller, same[i][0]))
      return same[i][1];
  if (!strcmp(controller, "buslogic"))
    *note = "qemu has no BusLogic controller: LSI Logic instead (the guest "
            "needs its driver)";
  else if (!strcmp(controller, "scsi"))
    *note = "the source does not name its SCSI model: LSI Logic, VMware's "
            "usual one";
  else if (!strcmp(controller, "nvme"))
    *note = "libvirt's domain schema has no emulated NVMe disk here: SATA "
            "instead (the guest's AHCI driver must start at boot)";
  else
    return NULL;
  return !strcmp(controller, "nvme") ? "sata" : "scsi:lsilogic";
}

const char *kept_nic_model(const char *model, const char **note)
{
  *note = NULL;
  static const char *const same[][2] = {
      {"e1000", "e1000"}, {"e1000e", "e1000e"}, {"vmxnet3", "vmxnet3"},
      {"vlance", "pcnet"}, {"pcnet32", "pcnet"}};
  for (size_t i = 0; model && i < sizeof same / sizeof same[0]; i++)
    if (!strcasecmp(model, same[i][0]))
      return same[i][1];
  *note = model ? "qemu has no such NIC: e1000 instead"
                : "the source names no NIC model (VMware chose one by guest "
                  "OS): e1000";
  return "e1000";
}

void kept_devices_apply(const struct ovf *ovf, struct domain_spec *d)
{
  bool unknown = false;
  for (size_t i = 0; i < d->disks.n; i++) {
    const struct ovf_disk *od = ovf && i < ovf->ndisks ? &ovf->disks[i] : NULL;
    const char *note;
    const char *bus = kept_disk_bus(od ? od->controller : NULL, &note);
    unknown |= !bus;
    strlist_add(&d->disk_buses, bus ? bus : d->disk_bus);
    if (note)
      strlist_addf(&d->warnings, "--keep-devices: disk %zu (%s, %s): %s",
                   i + 1, od->id ? od->id : od->href, od->controller, note);
    if (bus && !strcmp(bus, "ide"))
      d->machine = "pc";
  }
  if (unknown)
    strlist_addf(&d->warnings, "--keep-devices: the input does not say how "
                 "%s attached: %s kept for %s", d->disks.n > 1 ? "some disks "
                 "were" : "the disk was", d->disk_bus,
                 d->disks.n > 1 ? "them" : "it");
  for (size_t i = 0; i < d->nics; i++) {
    const struct ovf_nic *on = ovf && i < ovf->nnics ? &ovf->nics[i] : NULL;
    const char *note;
    const char *model = kept_nic_model(on ? on->model : NULL, &note);
    strlist_add(&d->nic_models, model);
    if (note)
      strlist_addf(&d->warnings, "--keep-devices: NIC %zu (%s): %s", i + 1,
                   on && on->model ? on->model : "no model", note);
  }
}
