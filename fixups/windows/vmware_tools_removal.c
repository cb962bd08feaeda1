/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Removes VMware Tools' drivers and services (VMCI, vSockets, SVGA,
 * pointing devices, balloon, VMXNET NICs, NSX introspection filters, the
 * tools' own services) so that Windows no longer loads them on KVM
 * (doc/vmware-tools.md). The MSI itself is uninstalled at first boot
 * (firstboot); the paravirtual SCSI driver is reported and kept. */
#include "v2v/fixup.h"
#include "v2v/pv_removal.h"

#define NAME "vmware-tools-removal"

static bool applies(const struct guest *g)
{
  return pv_removal_applies(g, PV_VMWARE);
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  (void)warnings; /* this fix-up has none */
  return pv_removal_plan(s, out, PV_VMWARE, NAME);
}

const struct fixup fixup_vmware_tools_removal = {
    .name = NAME,
    .summary = "remove VMware Tools' drivers and services (filters, driver "
               "store)",
    .applies = applies,
    .plan = plan,
};
