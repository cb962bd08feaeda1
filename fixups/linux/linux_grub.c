/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boot loader's configuration: regenerated with the guest's own
 * grub-mkconfig / update-grub when the defaults it is made from changed
 * or it still names Xen devices or consoles; edited directly (devices and
 * consoles) where there is no such tool (grub legacy) and in BLS entries. */
#include <stdlib.h>
#include <string.h>

#include "v2v/fixup.h"
#include "v2v/linux_common.h"
#include "v2v/linux_text.h"
#include "v2v/session.h"

#define NAME "linux-grub"
#define DIRECT_EDIT_WHY "boot entries: Xen devices and console"

static bool applies(const struct guest *g) { return guest_is_linux(g); }

/* TEXT with devices and consoles moved; NULL if it needs neither. */
static char *fix_boot_text(const struct session *s, const char *text,
                           const void *unused)
{
  (void)unused;
  strlist consoles = linux_table("consoles");
  char *devs = linux_rewrite_devices(text, linux_bus_prefix(s),
                                     &s->guest.linux_os.fs_uuids);
  char *cons = linux_replace_words(devs ? devs : text,
                                   (const char *const *)consoles.v, "ttyS0");
  strlist_free(&consoles);
  if (cons) {
    free(devs);
    return cons;
  }
  return devs;
}

/* A grubenv block with devices and consoles moved (RHEL 8 keeps the
 * kernel command line of its BLS entries there, as kernelopts=), kept at
 * its size; NULL if it needs nothing or the edit no longer fits. */
static char *fix_grubenv(const struct session *s, const char *text,
                         const void *unused)
{
  char *fixed = fix_boot_text(s, text, unused);
  char *block = fixed ? grubenv_repad(fixed, strlen(text)) : NULL;
  free(fixed);
  return block;
}

/* The grubenv next to the grub.cfg the loader reads, and RHEL's usual one;
 * a link (RHEL 8 on UEFI: /boot/grub2/grubenv -> the ESP's) is not
 * written through. */
static void plan_grubenv(struct session *s, struct change_list *out)
{
  static const char why[] = "kernelopts: Xen devices and console";
  static const char rhel[] = "/boot/grub2/grubenv";
  const char *cfg = s->guest.linux_os.boot_config;
  const char *slash = cfg ? strrchr(cfg, '/') : NULL;
  char *beside = slash ? xasprintf("%.*s/grubenv", (int)(slash - cfg), cfg)
                       : NULL;
  linux_plan_fix(s, out, NAME, rhel, fix_grubenv, NULL, why);
  if (beside && strcmp(beside, rhel) != 0)
    linux_plan_fix(s, out, NAME, beside, fix_grubenv, NULL, why);
  free(beside);
}

static bool plan_has_fixup(const struct change_list *plan, const char *name)
{
  for (size_t i = 0; i < plan->n; i++)
    if (!strcmp(plan->v[i].fixup, name))
      return true;
  return false;
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  (void)warnings; /* this fix-up has none */
  const struct linux_info *l = &s->guest.linux_os;
  plan_grubenv(s, out);
  if (l->bls) {
    char **names = guestfs_ls(s->g, "/boot/loader/entries");
    for (size_t i = 0; names && names[i]; i++) {
      char *path = xasprintf("/boot/loader/entries/%s", names[i]);
      linux_plan_fix(s, out, NAME, path, fix_boot_text, NULL,
                     DIRECT_EDIT_WHY);
      free(path);
    }
    strv_free(names);
  }
  if (!l->boot_config)
    return RESULT_OK;
  if (!l->grub_mkconfig) {
    linux_plan_fix(s, out, NAME, l->boot_config, fix_boot_text, NULL,
                   DIRECT_EDIT_WHY);
    return RESULT_OK;
  }
  char *text = linux_planned_text(s, out, l->boot_config);
  char *stale = text ? fix_boot_text(s, text, NULL) : NULL;
  bool defaults = linux_plan_touches(out, "/etc/default/grub") ||
                  linux_plan_touches(out, "/etc/sysconfig/grub");
  bool installed = plan_has_fixup(out, LINUX_BOOTLOADER_FIXUP);
  if (stale || defaults || installed) {
    char *why = xasprintf("%s %s", l->boot_config,
                          installed  ? "is made anew for the GRUB 2 just installed"
                          : defaults ? "is made from the changed /etc/default/grub"
                                     : "names Xen devices or consoles");
    change_run_command(out, NAME, l->grub_mkconfig, why);
    free(why);
  }
  free(stale);
  free(text);
  return RESULT_OK;
}

const struct fixup fixup_linux_grub = {
    .name = NAME,
    .summary = "regenerate or edit the grub configuration",
    .applies = applies,
    .plan = plan,
};
