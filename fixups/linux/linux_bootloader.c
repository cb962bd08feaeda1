/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Installs the guest's own GRUB 2 where the BIOS looks (MBR boot code and
 * the core image after it, or in the BIOS boot partition) when the disk
 * has none, as a guest booted by pygrub on Xen: grub-install or
 * grub2-install run chrooted in the guest. linux-grub then makes its
 * configuration anew. Guests where that cannot be done were refused at
 * inspection (linux_refuse_no_loader). */
#include <stdlib.h>

#include "v2v/fixup.h"
#include "v2v/linux_common.h"
#include "v2v/session.h"

#define NAME LINUX_BOOTLOADER_FIXUP

static bool applies(const struct guest *g) { return guest_is_linux(g); }

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  (void)warnings; /* this fix-up has none */
  const struct linux_info *l = &s->guest.linux_os;
  if (l->loader_installed || !l->grub_install)
    return RESULT_OK;
  char *why = xasprintf("%s: the guest's GRUB 2 goes where the BIOS looks",
                        l->loader_found);
  change_run_command(out, NAME, l->grub_install, why);
  free(why);
  return RESULT_OK;
}

const struct fixup fixup_linux_bootloader = {
    .name = NAME,
    .summary = "install the guest's GRUB 2 where the BIOS looks (pygrub guests)",
    .applies = applies,
    .plan = plan,
};
