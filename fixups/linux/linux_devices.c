/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Moves Xen-era device names (xvdXN, and hdXN / sdXN when the new bus
 * renames them) to UUID= where the filesystem has one, else to the names
 * on the new bus: fstab, crypttab, resume and the grub defaults. */
#include <stdlib.h>
#include <string.h>

#include "v2v/fixup.h"
#include "v2v/linux_common.h"
#include "v2v/linux_text.h"
#include "v2v/session.h"

#define NAME "linux-devices"
#define GRUB_DEFAULTS "/etc/default/grub"

static bool applies(const struct guest *g) { return guest_is_linux(g); }

static char *rewrite_devices(const struct session *s, const char *text,
                             const void *unused)
{
  (void)unused;
  return linux_rewrite_devices(text, linux_bus_prefix(s),
                               &s->guest.linux_os.fs_uuids);
}

static char *enable_uuid(const struct session *s, const char *text,
                         const void *unused)
{
  (void)s, (void)unused;
  return linux_grub_enable_uuid(text);
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  (void)warnings; /* this fix-up has none */
  const struct guest *g = &s->guest;
  strlist files = linux_table("device-files");
  char *why = xasprintf("Xen device names -> UUID= or /dev/%sX names",
                        linux_bus_prefix(s));
  for (size_t i = 0; i < files.n; i++)
    linux_plan_fix(s, out, NAME, files.v[i], rewrite_devices, NULL, why);
  free(why);
  strlist_free(&files);

  /* grub-mkconfig run in the appliance would write the appliance's device
   * names where it is told not to use UUIDs. */
  if (g->linux_os.grub_mkconfig && g->linux_os.fs_uuids.n)
    linux_plan_fix(s, out, NAME, GRUB_DEFAULTS, enable_uuid, NULL,
                   "root=UUID= in the regenerated grub config (device "
                   "names change with the bus)");
  return RESULT_OK;
}

const struct fixup fixup_linux_devices = {
    .name = NAME,
    .summary = "Xen device names (xvdX) -> UUID= or the new bus names",
    .applies = applies,
    .plan = plan,
};
