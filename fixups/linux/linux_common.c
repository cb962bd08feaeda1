/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the Linux fix-ups share: reading a file as the plan so far leaves
 * it (two fix-ups may edit /etc/default/grub), planning an edit with its
 * backup, and the systemd .wants directories where units are enabled. The
 * guest's root is mounted at "/" in the appliance. */
#include "v2v/linux_common.h"

#include <stdlib.h>
#include <string.h>

#include "v2v/datafile.h"
#include "v2v/session.h"

#define UNIT_DIR "/etc/systemd/system"

bool guest_is_linux(const struct guest *g)
{
  return g->os_type && strcmp(g->os_type, "linux") == 0;
}

const char *linux_bus_prefix(const struct session *s)
{
  /* --no-virtio: IDE/SATA disks, which libata names sdX too. */
  const char *d = s->opts->block_driver;
  return s->opts->no_virtio || (d && strcmp(d, "vioscsi") == 0) ? "sd" : "vd";
}

strlist linux_table(const char *section)
{
  return datafile_section(data_linux_xen, section);
}

char *linux_planned_text(struct session *s, const struct change_list *plan,
                         const char *path)
{
  const struct change *c = change_list_last_write(plan, path);
  if (c && c->op == CHG_WRITE_FILE) {
    char *t = xcalloc(1, c->len + 1);
    memcpy(t, c->data, c->len);
    return t;
  }
  if (c) /* deleted, copied or linked: not text we edit */
    return NULL;
  if (guestfs_is_file(s->g, path) <= 0)
    return NULL;
  size_t len;
  char *data = guest_read_file(s, path, &len);
  if (data && memchr(data, '\0', len)) { /* not a text file */
    free(data);
    return NULL;
  }
  return data;
}

bool linux_plan_touches(const struct change_list *plan, const char *prefix)
{
  size_t n = strlen(prefix);
  for (size_t i = 0; i < plan->n; i++)
    if (plan->v[i].path && strncmp(plan->v[i].path, prefix, n) == 0 &&
        strncmp(plan->v[i].path, LINUX_BACKUP_DIR, strlen(LINUX_BACKUP_DIR)))
      return true;
  return false;
}

void linux_plan_edit(struct session *s, struct change_list *out,
                     const char *fixup, const char *path, const char *text,
                     const char *why)
{
  char *backup = xasprintf(LINUX_BACKUP_DIR "%s", path);
  if (!change_list_last_write(out, backup) && !change_list_last_write(out, path) &&
      guestfs_is_file(s->g, path) > 0 &&
      guestfs_exists(s->g, backup) == 0) {
    char *bwhy = xasprintf("keep the original of %s", path);
    change_copy_file(out, fixup, path, backup, bwhy);
    free(bwhy);
  }
  change_write_file(out, fixup, path, text, strlen(text), why);
  free(backup);
}

void linux_plan_fix(struct session *s, struct change_list *out,
                    const char *fixup, const char *path, linux_text_fix *fix,
                    const void *arg, const char *why)
{
  char *text = linux_planned_text(s, out, path);
  char *fixed = text ? fix(s, text, arg) : NULL;
  if (fixed)
    linux_plan_edit(s, out, fixup, path, fixed, why);
  free(fixed);
  free(text);
}

void linux_plan_remove(struct change_list *out, const char *fixup,
                       const char *path, const char *why)
{
  char *backup = xasprintf(LINUX_BACKUP_DIR "%s", path);
  char *bwhy = xasprintf("keep the original of %s", path);
  change_copy_file(out, fixup, path, backup, bwhy);
  change_delete_path(out, fixup, CHG_DELETE_FILE, path, why);
  free(bwhy);
  free(backup);
}

/* The directories of UNIT_DIR whose names end in one of SUFFIXES. */
static strlist unit_dirs(struct session *s, const char *const *suffixes)
{
  strlist dirs = {0};
  char **units = guestfs_is_dir(s->g, UNIT_DIR) > 0
                     ? guestfs_ls(s->g, UNIT_DIR)
                     : NULL;
  for (size_t i = 0; units && units[i]; i++) {
    size_t n = strlen(units[i]);
    for (int j = 0; suffixes[j]; j++) {
      size_t k = strlen(suffixes[j]);
      if (n > k && strcmp(units[i] + n - k, suffixes[j]) == 0)
        strlist_addf(&dirs, UNIT_DIR "/%s", units[i]);
    }
  }
  strv_free(units);
  return dirs;
}

strlist linux_wants_dirs(struct session *s)
{
  static const char *const wants[] = {".wants", NULL};
  return unit_dirs(s, wants);
}

/* ENTRY (a link's name) is UNIT.service or UNIT itself for one of UNITS. */
static const char *named_unit(const char *entry, const strlist *units)
{
  for (size_t i = 0; i < units->n; i++) {
    size_t n = strlen(units->v[i]);
    if (strncmp(entry, units->v[i], n) == 0 &&
        (strcmp(entry + n, ".service") == 0 || entry[n] == '\0'))
      return units->v[i];
  }
  return NULL;
}

/* Every link in DIR naming one of UNITS, as NAME or, when SYSV, as
 * SNNname / KNNname. */
static void plan_unlink(struct session *s, struct change_list *out,
                        const char *fixup, const char *dir, bool sysv,
                        const strlist *units, const char *what,
                        const char *where)
{
  /* RHEL's /etc/rcN.d are links to /etc/rc.d/rcN.d. */
  char **names = guestfs_is_dir_opts(s->g, dir,
                                     GUESTFS_IS_DIR_OPTS_FOLLOWSYMLINKS, 1,
                                     -1) > 0
                     ? guestfs_ls(s->g, dir)
                     : NULL;
  for (size_t i = 0; names && names[i]; i++) {
    const char *e = names[i], *unit;
    if (sysv) {
      if ((e[0] != 'S' && e[0] != 'K') || strlen(e) < 4)
        continue;
      e += 3;
    }
    if (!(unit = named_unit(e, units)))
      continue;
    char *path = xasprintf("%s/%s", dir, names[i]);
    if (!change_list_last_write(out, path)) {
      char *why = xasprintf("disable %s %s (it only works on %s)", what, unit,
                            where);
      change_delete_path(out, fixup, CHG_DELETE_FILE, path, why);
      free(why);
    }
    free(path);
  }
  strv_free(names);
}

void linux_plan_disable_units(struct session *s, struct change_list *out,
                              const char *fixup, const strlist *units,
                              const char *what, const char *where)
{
  static const char *const enabling[] = {".wants", ".requires", NULL};
  strlist dirs = unit_dirs(s, enabling);
  for (size_t i = 0; i < dirs.n; i++)
    plan_unlink(s, out, fixup, dirs.v[i], false, units, what, where);
  strlist_free(&dirs);
  static const char levels[] = "0123456S";
  for (int i = 0; levels[i]; i++) {
    char *dir = xasprintf("/etc/rc%c.d", levels[i]);
    plan_unlink(s, out, fixup, dir, true, units, what, where);
    free(dir);
  }
}
