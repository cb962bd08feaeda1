/* Moves the Xen PV console (hvc0, xvc0) to the first serial port, ttyS0:
 * kernel command line, inittab, securetty and getty units. */
#include <stdlib.h>
#include <string.h>

#include "v2v/fixup.h"
#include "v2v/linux.h"
#include "v2v/session.h"

#define NAME "linux-console"
#define UNIT_DIR "/etc/systemd/system"
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

static int plan(struct session *s, struct change_list *out)
{
  strlist consoles = linux_table("consoles");
  strlist files = linux_table("console-files");
  for (size_t i = 0; i < files.n; i++) {
    char *text = linux_planned_text(s, out, files.v[i]);
    char *fixed = text ? linux_replace_words(
                             text, (const char *const *)consoles.v, NEW_CONSOLE)
                       : NULL;
    if (fixed)
      linux_plan_edit(s, out, NAME, files.v[i], fixed,
                      "Xen console hvc0/xvc0 -> " NEW_CONSOLE);
    free(fixed);
    free(text);
  }
  char **units = guestfs_is_dir(s->g, UNIT_DIR) > 0
                     ? guestfs_ls(s->g, UNIT_DIR)
                     : NULL;
  for (size_t i = 0; units && units[i]; i++) {
    size_t n = strlen(units[i]);
    if (n > 6 && strcmp(units[i] + n - 6, ".wants") == 0) {
      char *dir = xasprintf(UNIT_DIR "/%s", units[i]);
      plan_getty_links(s, out, dir, &consoles);
      free(dir);
    }
  }
  strv_free(units);
  strlist_free(&files);
  strlist_free(&consoles);
  return 0;
}

const struct fixup fixup_linux_console = {
    .name = NAME,
    .summary = "move the Xen console hvc0/xvc0 to ttyS0",
    .applies = applies,
    .plan = plan,
};
