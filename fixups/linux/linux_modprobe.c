/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Disables module aliases that name Xen-only drivers (alias eth0
 * xen-netfront, alias scsi_hostadapter xen-blkfront) or VMware's (alias
 * scsi_hostadapter vmw_pvscsi, alias eth0 vmxnet3): on KVM they point at
 * drivers with no device, and old initramfs tools read them. */
#include <stdlib.h>
#include <string.h>

#include "v2v/fixup.h"
#include "v2v/linux_common.h"
#include "v2v/linux_text.h"
#include "v2v/session.h"

#define NAME "linux-modprobe"

static bool applies(const struct guest *g) { return guest_is_linux(g); }

struct tables {
  strlist xen, vmware;
};

/* One edit for both tables: a file gets one write. */
static char *comment_aliases(const struct session *s, const char *text,
                             const void *arg)
{
  const struct tables *t = arg;
  (void)s;
  char *xen = linux_comment_aliases(text, &t->xen, "Xen");
  char *vmw = linux_comment_aliases(xen ? xen : text, &t->vmware, "VMware");
  if (!vmw)
    return xen;
  free(xen);
  return vmw;
}

static void plan_file(struct session *s, struct change_list *out,
                      const char *path, const struct tables *mods)
{
  linux_plan_fix(s, out, NAME, path, comment_aliases, mods,
                 "disable aliases naming Xen-only or VMware-only modules");
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  (void)warnings; /* this fix-up has none */
  struct tables mods = {linux_table("xen-modules"),
                        linux_table("vmware-modules")};
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
  strlist_free(&mods.xen);
  strlist_free(&mods.vmware);
  return RESULT_OK;
}

const struct fixup fixup_linux_modprobe = {
    .name = NAME,
    .summary = "disable module aliases naming Xen-only or VMware drivers",
    .applies = applies,
    .plan = plan,
};
