/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Disables the Xen guest agents (xe-guest-utilities' xe-daemon and
 * xe-linux-distribution, ...): on KVM they fail or spin. Disabling is
 * what systemctl disable / update-rc.d remove do: the links go, the
 * package stays for the operator to remove. */
#include "v2v/fixup.h"
#include "v2v/linux_common.h"
#include "v2v/session.h"

#define NAME "linux-xen-agents"

static bool applies(const struct guest *g) { return guest_is_linux(g); }

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  (void)warnings; /* this fix-up has none */
  strlist agents = linux_table("agents");
  linux_plan_disable_units(s, out, NAME, &agents, "Xen guest agent", "Xen");
  strlist_free(&agents);
  return RESULT_OK;
}

const struct fixup fixup_linux_xen_agents = {
    .name = NAME,
    .summary = "disable the Xen guest agents (xe-daemon, ...)",
    .applies = applies,
    .plan = plan,
};
