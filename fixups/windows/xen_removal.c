/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Removes the Xen PV drivers (Citrix / XCP-ng / Xen Project, GPLPV, Red Hat
 * PV) so that Windows no longer loads them on KVM (doc/registry.md). */
#include "v2v/fixup.h"
#include "v2v/pv_removal.h"

#define NAME "xen-removal"

static bool applies(const struct guest *g)
{
  return pv_removal_applies(g, PV_XEN);
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  (void)warnings; /* this fix-up has none */
  return pv_removal_plan(s, out, PV_XEN, NAME);
}

const struct fixup fixup_xen_removal = {
    .name = NAME,
    .summary = "remove the Xen PV drivers (services, filters, driver store)",
    .applies = applies,
    .plan = plan,
};
