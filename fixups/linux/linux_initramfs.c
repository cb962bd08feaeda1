/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Puts the virtio drivers into the initramfs of every kernel that can
 * boot on KVM, with the guest's own tool (update-initramfs, dracut,
 * mkinitrd) run in the appliance. The tool's configuration gets them too,
 * so that later kernel updates keep them. An initramfs that already lists
 * them (checked with the guest's lsinitramfs / lsinitrd) is left alone. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "v2v/fixup.h"
#include "v2v/linux_common.h"
#include "v2v/linux_inspect.h"
#include "v2v/linux_text.h"
#include "v2v/log.h"
#include "v2v/session.h"

#define NAME "linux-initramfs"
#define IT_MODULES "/etc/initramfs-tools/modules"
#define DRACUT_CONF "/etc/dracut.conf.d/v2v-fixup-virtio.conf"
#define DRACUT_MAIN_CONF "/etc/dracut.conf"
#define CONFIG_WHY "virtio drivers in every initramfs built from now on"

static bool applies(const struct guest *g) { return guest_is_linux(g); }

/* With --no-virtio the disks are IDE/SATA: nothing to add. */
static bool wanted(const struct session *s) { return !s->opts->no_virtio; }

/* dracut reads /etc/dracut.conf.d from release 005; RHEL 6 has 004. */
static bool dracut_reads_only_main_conf(const struct guest *g)
{
  return g->linux_os.family && !strcmp(g->linux_os.family, "rhel") &&
         g->major > 0 && g->major <= 6;
}

static char *add_lines(const struct session *s, const char *text,
                       const void *lines)
{
  (void)s;
  return linux_add_missing_lines(text, lines);
}

static void plan_config(struct session *s, struct change_list *out,
                        const strlist *mods)
{
  enum initramfs_tool tool = s->guest.linux_os.initramfs_tool;
  if (tool == INITRAMFS_UPDATE_INITRAMFS) {
    char *text = linux_planned_text(s, out, IT_MODULES);
    char *fixed = linux_add_missing_lines(text ? text : "", mods);
    if (fixed && text)
      linux_plan_edit(s, out, NAME, IT_MODULES, fixed, CONFIG_WHY);
    else if (fixed)
      change_write_file(out, NAME, IT_MODULES, fixed, strlen(fixed),
                        CONFIG_WHY);
    free(fixed);
    free(text);
  } else if (tool == INITRAMFS_DRACUT) {
    char *list = strv_join(mods->v, " ", "");
    strlist lines = {0};
    strlist_add(&lines, "# Added by v2v-fixup: boot from virtio disks.");
    strlist_addf(&lines, "add_drivers+=\" %s \"", list);
    if (dracut_reads_only_main_conf(&s->guest)) {
      linux_plan_fix(s, out, NAME, DRACUT_MAIN_CONF, add_lines, &lines,
                     CONFIG_WHY);
    } else {
      char *want = xasprintf("%s\n%s\n", lines.v[0], lines.v[1]);
      char *text = linux_planned_text(s, out, DRACUT_CONF);
      if (!text || strcmp(text, want) != 0)
        change_write_file(out, NAME, DRACUT_CONF, want, strlen(want),
                          CONFIG_WHY);
      free(text);
      free(want);
    }
    strlist_free(&lines);
    free(list);
  }
}

/* The guest's own listing of K's initramfs; NULL if it cannot list it. */
static char *list_initramfs(struct session *s, const struct linux_kernel *k,
                            strlist *warnings)
{
  const char *lister =
      s->guest.linux_os.initramfs_tool == INITRAMFS_UPDATE_INITRAMFS
          ? "lsinitramfs"
          : "lsinitrd";
  char *cmd = xasprintf("PATH=/usr/sbin:/usr/bin:/sbin:/bin; %s %s", lister,
                        k->initrd);
  time_t t0 = time(NULL);
  guestfs_push_error_handler(s->g, NULL, NULL);
  char *out = guestfs_sh(s->g, cmd);
  guestfs_pop_error_handler(s->g);
  debug("%s %s: %lld s", lister, k->initrd, (long long)(time(NULL) - t0));
  if (!out)
    strlist_addf(warnings, "cannot list %s with the guest's %s: %s",
                 k->initrd, lister, guestfs_last_error(s->g));
  free(cmd);
  return out;
}

/* The virtio drivers K has as modules that its initramfs lacks, as
 * "a, b"; NULL if none (or if it cannot be listed). */
static char *missing_modules(struct session *s, const struct linux_kernel *k,
                             strlist *warnings)
{
  static const enum virtio_mod needed[] = {VIRTIO_PCI, VIRTIO_BLK,
                                           VIRTIO_SCSI};
  if (!k->initrd)
    return xstrdup("all (no initramfs)");
  char *listing = NULL, *missing = NULL;
  for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
    if (k->virtio[needed[i]] != KMOD_MODULE)
      continue;
    if (!listing && !(listing = list_initramfs(s, k, warnings)))
      return NULL;
    const char *mod = virtio_mod_name(needed[i]);
    if (initramfs_lists_module(listing, mod))
      continue;
    char *m = missing ? xasprintf("%s, %s", missing, mod) : xstrdup(mod);
    free(missing);
    missing = m;
  }
  free(listing);
  return missing;
}

static char *rebuild_command(const struct guest *g,
                             const struct linux_kernel *k)
{
  switch (g->linux_os.initramfs_tool) {
  case INITRAMFS_UPDATE_INITRAMFS:
    return xasprintf("update-initramfs %s -k %s", k->initrd ? "-u" : "-c",
                     k->version);
  case INITRAMFS_DRACUT:
    return k->initrd ? xasprintf("dracut -f %s %s", k->initrd, k->version)
                     : xasprintf("dracut -f /boot/initramfs-%s.img %s",
                                 k->version, k->version);
  case INITRAMFS_MKINITRD:
    return xasprintf("mkinitrd -f --with=virtio_pci --with=virtio_blk "
                     "--with=virtio_scsi %s %s",
                     k->initrd ? k->initrd : "/boot/initrd.img", k->version);
  case INITRAMFS_NONE:
    break;
  }
  return NULL;
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  const struct guest *g = &s->guest;
  if (!wanted(s))
    return RESULT_OK;
  strlist mods = linux_table("initramfs-modules");
  /* Configuration another fix-up changed (resume=) is read at build time. */
  bool config_changed = linux_plan_touches(out, "/etc/initramfs-tools/") ||
                        linux_plan_touches(out, "/etc/dracut.conf");
  plan_config(s, out, &mods);
  config_changed = config_changed || linux_plan_touches(out, IT_MODULES) ||
                   linux_plan_touches(out, DRACUT_MAIN_CONF); /* and .d/ */
  strlist_free(&mods);

  for (size_t i = 0; i < g->linux_os.nkernels; i++) {
    const struct linux_kernel *k = &g->linux_os.kernels[i];
    if (!linux_kernel_usable(k))
      continue;
    /* A changed configuration rebuilds every image anyway: their
     * listings (seconds each) would only have named what they lack. The
     * verification lists them, with the configuration then unchanged. */
    char *missing = config_changed && k->initrd
                        ? NULL
                        : missing_modules(s, k, warnings);
    if (!missing && !config_changed)
      continue;
    char *cmd = rebuild_command(g, k);
    if (!cmd) {
      strlist_addf(warnings, "kernel %s: no initramfs tool found: "
                   "its initramfs lacks %s", k->version,
                   missing ? missing : "the new configuration");
      free(missing);
      continue;
    }
    char *why = missing ? xasprintf("initramfs of %s lacks %s", k->version,
                                    missing)
                        : xasprintf("initramfs of %s: made again for its "
                                    "changed configuration (virtio drivers)",
                                    k->version);
    change_run_command(out, NAME, cmd, why);
    free(why);
    free(cmd);
    free(missing);
  }
  return RESULT_OK;
}

const struct fixup fixup_linux_initramfs = {
    .name = NAME,
    .summary = "rebuild the initramfs with the virtio drivers",
    .applies = applies,
    .plan = plan,
};
