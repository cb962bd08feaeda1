/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Disables module aliases that name Xen-only drivers (alias eth0
 * xen-netfront, alias scsi_hostadapter xen-blkfront): on KVM they point
 * at drivers with no device, and old initramfs tools read them. */
#include <stdlib.h>
#include <string.h>

#include "v2v/fixup.h"
#include "v2v/linux_common.h"
#include "v2v/linux_text.h"
#include "v2v/session.h"

#define NAME "linux-modprobe"

static bool applies(const struct guest *g) { return guest_is_linux(g); }

static char *comment_aliases(const struct session *s, const char *text,
                             const void *xen_modules)
{
  (void)s;
  return linux_comment_aliases(text, xen_modules);
}

static void plan_file(struct session *s, struct change_list *out,
                      const char *path, const strlist *mods)
{
  linux_plan_fix(s, out, NAME, path, comment_aliases, mods,
                 "disable aliases naming Xen-only modules");
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  (void)warnings; /* this fix-up has none */
  strlist mods = linux_table("xen-modules");
  strlist files = linux_table("modprobe-files");
  strlist dirs = linux_table("modprobe-dirs");
  for (size_t i = 0; i < files.n; i++)
    plan_file(s, out, files.v[i], &mods);
  for (size_t i = 0; i < dirs.n; i++) {
    char **names = guestfs_is_dir(s->g, dirs.v[i]) > 0
                       ? guestfs_ls(s->g, dirs.v[i])
                       : NULL;
    for (size_t j = 0; names && names[j]; j++) {
      size_t n = strlen(names[j]);
      if (n < 5 || strcmp(names[j] + n - 5, ".conf") != 0)
        continue;
      char *path = xasprintf("%s/%s", dirs.v[i], names[j]);
      plan_file(s, out, path, &mods);
      free(path);
    }
    strv_free(names);
  }
  strlist_free(&dirs);
  strlist_free(&files);
  strlist_free(&mods);
  return RESULT_OK;
}

const struct fixup fixup_linux_modprobe = {
    .name = NAME,
    .summary = "disable module aliases naming Xen-only drivers",
    .applies = applies,
    .plan = plan,
};
