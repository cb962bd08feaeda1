/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/own_fs.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "v2v/session.h"

/* An appliance string kept in T, or NULL for none or "". */
static const char *keep(struct own_fs *t, char *s)
{
  if (!s || !*s) {
    free(s);
    return NULL;
  }
  strlist_take(&t->strings, s);
  return s;
}

static void add(struct session *s, struct own_fs *t, const char *device,
                int disk, int part, char *partuuid)
{
  guestfs_push_error_handler(s->g, NULL, NULL);
  char *uuid = guestfs_vfs_uuid(s->g, device);
  char *label = guestfs_vfs_label(s->g, device);
  guestfs_pop_error_handler(s->g);
  t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
  t->v[t->n++] = (struct guest_fs){
      .device = keep(t, xstrdup(device)), .uuid = keep(t, uuid),
      .label = keep(t, label), .partuuid = keep(t, partuuid), .disk = disk,
      .part = part};
}

static char *lower(const char *s)
{
  char *l = xstrdup(s);
  for (char *p = l; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return l;
}

static void add_disk(struct session *s, struct own_fs *t, const struct disk *d,
                     int index)
{
  if (!d->nparts) /* a filesystem on the whole disk, if any */
    add(s, t, d->device, index, 0, NULL);
  for (size_t i = 0; i < d->nparts; i++) {
    const struct partition *p = &d->parts[i];
    char *partuuid = d->style == PART_GPT
                         ? lower(p->gpt_guid)
                         : xasprintf("%08x-%02d", d->mbr_signature, p->num);
    add(s, t, p->device, index, p->num, partuuid);
  }
}

/* Whether DEVICE is a disk or partition of the guest. */
static bool on_own_disks(const struct guest *g, const char *device)
{
  for (size_t i = 0; i <= g->nmore_disks; i++) {
    const struct disk *d = i ? &g->more_disks[i - 1] : &g->disk;
    if (d->device && !strcmp(d->device, device))
      return true;
    for (size_t j = 0; j < d->nparts; j++)
      if (!strcmp(d->parts[j].device, device))
        return true;
  }
  return false;
}

/* Whether every physical volume of LV's volume group is on the guest's
 * disks (a volume group split over two guests belongs to neither). */
static bool lv_is_own(struct session *s, const char *lv,
                      const struct guestfs_lvm_pv_list *pvs)
{
  const char *vg = lv + strlen("/dev/");
  char *name = strndup(vg, strcspn(vg, "/"));
  char **uuids = guestfs_vgpvuuids(s->g, name);
  free(name);
  bool own = uuids && uuids[0];
  for (size_t i = 0; own && uuids[i]; i++) {
    bool found = false;
    for (uint32_t j = 0; pvs && j < pvs->len && !found; j++)
      if (!strncmp(pvs->val[j].pv_uuid, uuids[i], 32)) {
        found = true;
        own = on_own_disks(&s->guest, pvs->val[j].pv_name);
      }
    own = own && found;
  }
  strv_free(uuids);
  return own;
}

void own_fs_collect(struct session *s, struct own_fs *t)
{
  const struct guest *g = &s->guest;
  add_disk(s, t, &g->disk, 0);
  for (size_t i = 0; i < g->nmore_disks; i++)
    add_disk(s, t, &g->more_disks[i], (int)i + 1);
  guestfs_push_error_handler(s->g, NULL, NULL);
  char **lvs = guestfs_lvs(s->g);
  struct guestfs_lvm_pv_list *pvs = lvs && lvs[0] ? guestfs_pvs_full(s->g)
                                                  : NULL;
  guestfs_pop_error_handler(s->g);
  for (size_t i = 0; lvs && lvs[i]; i++)
    if (lv_is_own(s, lvs[i], pvs))
      add(s, t, lvs[i], -1, 0, NULL);
  if (pvs)
    guestfs_free_lvm_pv_list(pvs);
  strv_free(lvs);
}

bool own_fs_has(const struct own_fs *t, const char *device)
{
  for (size_t i = 0; i < t->n; i++)
    if (strcmp(t->v[i].device, device) == 0)
      return true;
  return false;
}

void own_fs_free(struct own_fs *t)
{
  free(t->v);
  strlist_free(&t->strings);
  memset(t, 0, sizeof *t);
}

char *own_fs_relative_name(int disk, int part)
{
  char letters[4];
  int n = 0, i = disk + 1;
  char rev[4];
  while (i > 0 && n < 3) {
    rev[n++] = (char)('a' + (i - 1) % 26);
    i = (i - 1) / 26;
  }
  for (int k = 0; k < n; k++)
    letters[k] = rev[n - 1 - k];
  letters[n] = '\0';
  return part ? xasprintf("/dev/sd%s%d", letters, part)
              : xasprintf("/dev/sd%s", letters);
}
