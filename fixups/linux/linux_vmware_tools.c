/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Disables VMware Tools' services in a Linux guest (open-vm-tools'
 * vmtoolsd and VGAuth, the vmblock FUSE mount, the tar installer's
 * vmware-tools script; doc/vmware-tools.md): they only work on VMware.
 * As for the Xen agents, the links go and the packages (and
 * /etc/vmware-tools) stay for the operator to remove. */
#include "v2v/fixup.h"
#include "v2v/linux_common.h"
#include "v2v/session.h"

#define NAME "linux-vmware-tools"

static bool applies(const struct guest *g) { return guest_is_linux(g); }

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  (void)warnings; /* this fix-up has none */
  strlist units = linux_table("vmware-agents");
  linux_plan_disable_units(s, out, NAME, &units, "VMware Tools service",
                           "VMware");
  strlist_free(&units);
  return RESULT_OK;
}

const struct fixup fixup_linux_vmware_tools = {
    .name = NAME,
    .summary = "disable VMware Tools' services (open-vm-tools, ...)",
    .applies = applies,
    .plan = plan,
};
