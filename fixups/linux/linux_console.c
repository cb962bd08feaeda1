/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Moves the Xen PV console (hvc0, xvc0) to the first serial port, ttyS0:
 * kernel command line, inittab, securetty and getty units; on RHEL 6
 * (upstart) getty jobs and ACTIVE_CONSOLES naming it are dropped. */
#include <stdlib.h>
#include <string.h>

#include "v2v/fixup.h"
#include "v2v/linux_common.h"
#include "v2v/linux_text.h"
#include "v2v/session.h"

#define NAME "linux-console"
#define NEW_CONSOLE "ttyS0"

static bool applies(const struct guest *g) { return guest_is_linux(g); }

/* getty@hvc0.service / serial-getty@hvc0.service in UNIT_DIR/X.wants. */
static void plan_getty_links(struct session *s, struct change_list *out,
                             const char *dir, const strlist *consoles)
{
  char **names = guestfs_ls(s->g, dir);
  for (size_t i = 0; names && names[i]; i++) {
    const char *at = strchr(names[i], '@');
    if (!at || (strncmp(names[i], "getty@", 6) &&
                strncmp(names[i], "serial-getty@", 13)))
      continue;
    for (size_t c = 0; c < consoles->n; c++) {
      size_t n = strlen(consoles->v[c]);
      if (strncmp(at + 1, consoles->v[c], n) || strcmp(at + 1 + n, ".service"))
        continue;
      char *path = xasprintf("%s/%s", dir, names[i]);
      char *target = guestfs_readlink(s->g, path);
      char *link = xasprintf("%s/%.*s@" NEW_CONSOLE ".service", dir,
                             (int)(at - names[i]), names[i]);
      char *why = xasprintf("getty on the Xen console %s: move it to "
                            NEW_CONSOLE, consoles->v[c]);
      change_delete_path(out, NAME, CHG_DELETE_FILE, path, why);
      if (target && guestfs_is_symlink(s->g, link) <= 0)
        change_symlink(out, NAME, target, link, why);
      free(why);
      free(link);
      free(target);
      free(path);
    }
  }
  strv_free(names);
}

static char *move_console(const struct session *s, const char *text,
                          const void *consoles);

/* RHEL 6's upstart starts a getty on the primary console itself
 * (/etc/init/serial.conf), ttyS0 once the kernel is told so: a job for a
 * getty on the Xen console would, moved, be a second one there. Other
 * upstart systems (Ubuntu 14.04) start none: their job is moved. */
static void plan_upstart_jobs(struct session *s, struct change_list *out,
                              const char *dir, const strlist *consoles)
{
  const char *family = s->guest.linux_os.family;
  bool rhel = family && !strcmp(family, "rhel");
  char **names = guestfs_is_dir(s->g, dir) > 0 ? guestfs_ls(s->g, dir) : NULL;
  for (size_t i = 0; names && names[i]; i++) {
    size_t n = strlen(names[i]);
    if (n < 6 || strcmp(names[i] + n - 5, ".conf"))
      continue;
    char *path = xasprintf("%s/%s", dir, names[i]);
    char *text = linux_planned_text(s, out, path);
    bool getty = text && upstart_job_runs_getty_on(
                             text, (const char *const *)consoles->v);
    if (getty && !rhel)
      linux_plan_fix(s, out, NAME, path, move_console, consoles,
                     "Xen console hvc0/xvc0 -> " NEW_CONSOLE);
    else if (getty)
      linux_plan_remove(out, NAME, path, "upstart job for a getty on the Xen "
                        "console: on KVM serial.conf starts one on the "
                        "primary console, " NEW_CONSOLE);
    free(text);
    free(path);
  }
  strv_free(names);
}

static char *drop_consoles(const struct session *s, const char *text,
                           const void *consoles)
{
  const strlist *xen = consoles;
  (void)s;
  return linux_drop_active_consoles(text, (const char *const *)xen->v);
}

static char *move_console(const struct session *s, const char *text,
                          const void *consoles)
{
  const strlist *xen = consoles;
  (void)s;
  return linux_replace_words(text, (const char *const *)xen->v, NEW_CONSOLE);
}

static enum result plan(struct session *s, struct change_list *out,
                        strlist *warnings)
{
  (void)warnings; /* this fix-up has none */
  strlist consoles = linux_table("consoles");
  strlist files = linux_table("console-files");
  for (size_t i = 0; i < files.n; i++)
    linux_plan_fix(s, out, NAME, files.v[i], move_console, &consoles,
                   "Xen console hvc0/xvc0 -> " NEW_CONSOLE);
  strlist jobs = linux_table("upstart-dirs");
  for (size_t i = 0; i < jobs.n; i++)
    plan_upstart_jobs(s, out, jobs.v[i], &consoles);
  strlist_free(&jobs);
  strlist active = linux_table("active-consoles-files");
  for (size_t i = 0; i < active.n; i++)
    linux_plan_fix(s, out, NAME, active.v[i], drop_consoles, &consoles,
                   "Xen console hvc0/xvc0 no longer started by start-ttys");
  strlist_free(&active);
  strlist wants = linux_wants_dirs(s);
  for (size_t i = 0; i < wants.n; i++)
    plan_getty_links(s, out, wants.v[i], &consoles);
  strlist_free(&wants);
  strlist_free(&files);
  strlist_free(&consoles);
  return RESULT_OK;
}

const struct fixup fixup_linux_console = {
    .name = NAME,
    .summary = "move the Xen console hvc0/xvc0 to ttyS0",
    .applies = applies,
    .plan = plan,
};
