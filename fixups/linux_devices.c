/* Moves Xen-era device names (xvdXN, and hdXN / sdXN when the new bus
 * renames them) to UUID= where the filesystem has one, else to the names
 * on the new bus: fstab, crypttab, resume and the grub defaults. */
#include <stdlib.h>
#include <string.h>

#include "v2v/fixup.h"
#include "v2v/linux.h"
#include "v2v/session.h"

#define NAME "linux-devices"
#define GRUB_DEFAULTS "/etc/default/grub"

static bool applies(const struct guest *g) { return guest_is_linux(g); }

static int plan(struct session *s, struct change_list *out)
{
  const struct guest *g = &s->guest;
  strlist files = linux_table("device-files");
  for (size_t i = 0; i < files.n; i++) {
    char *text = linux_planned_text(s, out, files.v[i]);
    char *fixed = text ? linux_rewrite_devices(text, linux_bus_prefix(s),
                                               &g->linux_os.fs_uuids)
                       : NULL;
    if (fixed) {
      char *why = xasprintf("Xen device names -> UUID= or /dev/%sX names",
                            linux_bus_prefix(s));
      linux_plan_edit(s, out, NAME, files.v[i], fixed, why);
      free(why);
    }
    free(fixed);
    free(text);
  }
  strlist_free(&files);

  /* grub-mkconfig run in the appliance would write the appliance's device
   * names where it is told not to use UUIDs. */
  if (g->linux_os.grub_mkconfig && g->linux_os.fs_uuids.n) {
    char *text = linux_planned_text(s, out, GRUB_DEFAULTS);
    char *fixed = text ? linux_grub_enable_uuid(text) : NULL;
    if (fixed)
      linux_plan_edit(s, out, NAME, GRUB_DEFAULTS, fixed,
                      "root=UUID= in the regenerated grub config (device "
                      "names change with the bus)");
    free(fixed);
    free(text);
  }
  return 0;
}

const struct fixup fixup_linux_devices = {
    .name = NAME,
    .summary = "Xen device names (xvdX) -> UUID= or the new bus names",
    .applies = applies,
    .plan = plan,
};
