/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A guest's resources in a run: scratch dir, overlays, its share of the
 * appliance. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "v2v/overlay.h"
#include "v2v/log.h"
#include "v2v/package.h"
#include "v2v/scratch_space.h"
#include "v2v/session.h"

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static void remove_scratch(const char *dir)
{
  if (dir)
    nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* What the scratch dir must hold: the overlay's growth (hives, drivers,
 * rebuilt initramfs images), the unpacked gzip disks and assembled XVA
 * disks (at most their size: they are sparse). */
static uint64_t scratch_need(const struct session *s)
{
  uint64_t need = SCRATCH_OVERLAY_BYTES;
  /* unpack_limit is 0 for a disk read in place. */
  for (size_t i = 0; s->package && i < s->package->ndisks; i++)
    need += s->package->disks[i].unpack_limit;
  return need;
}

enum result session_prepare(struct session *s)
{
  const char *env = getenv("TMPDIR");
  const char *base = env && *env ? env : "/tmp";
  if (scratch_space_check(base, scratch_need(s)) == RESULT_ERROR)
    return RESULT_ERROR;
  char *tmpl = xasprintf("%s/v2v-fixup.XXXXXX", base);
  if (!mkdtemp(tmpl)) {
    error_msg("cannot create a scratch directory in %s: %s", base,
              strerror(errno));
    free(tmpl);
    return RESULT_ERROR;
  }
  s->tmpdir = tmpl;
  if (s->package && package_unpack(s->package, s->tmpdir) == -1)
    return RESULT_ERROR;
  return overlay_create(s);
}

static void add_drive(struct appliance_drive **drives, size_t *n,
                      const char *file, const char *shown)
{
  *drives = xrealloc(*drives, (*n + 1) * sizeof **drives);
  (*drives)[(*n)++] = (struct appliance_drive){
      .file = file, .format = "qcow2", .shown = shown};
}

void session_drives(const struct session *s, struct appliance_drive **drives,
                    size_t *n)
{
  add_drive(drives, n, s->overlay, s->opts->image);
  for (size_t i = 0; i < s->more_overlays.n; i++)
    add_drive(drives, n, s->more_overlays.v[i],
              s->package ? s->package->disks[i + 1].href
                         : s->opts->more_disks.v[i]);
}

void session_attach(struct session *s, struct appliance *a, size_t first_drive)
{
  s->appliance = a;
  s->g = a->g;
  s->first_drive = first_drive;
  guest_files_changed(s);
}

char **session_devices(struct session *s)
{
  char **all = guestfs_list_devices(s->g);
  size_t n = 0, want = s->more_overlays.n + 1;
  while (all && all[n])
    n++;
  if (!all || n < s->first_drive + want) {
    strv_free(all);
    return NULL;
  }
  char **mine = xcalloc(want + 1, sizeof *mine);
  for (size_t i = 0; i < want; i++)
    mine[i] = xstrdup(all[s->first_drive + i]);
  strv_free(all);
  return mine;
}

/* A virtio-win directory was copied into the appliance under MNT_VIRTIO:
 * its files go while a guest filesystem is still mounted (the appliance
 * refuses file calls with nothing mounted). */
static void remove_virtio_upload(struct session *s)
{
  if (!s->virtio.root || s->virtio.iso)
    return;
  char **entries = guestfs_ls(s->g, MNT_VIRTIO);
  for (size_t i = 0; entries && entries[i]; i++) {
    char *path = xasprintf(MNT_VIRTIO "/%s", entries[i]);
    guestfs_rm_rf(s->g, path);
    free(path);
  }
  strv_free(entries);
}

void session_release(struct session *s, bool next_guest)
{
  if (!s->g)
    return;
  /* The appliance stopping next unmounts and syncs everything itself
   * (guestfs_shutdown), and its files go with it. */
  if (!next_guest) {
    guest_files_changed(s);
    return;
  }
  guestfs_push_error_handler(s->g, NULL, NULL);
  remove_virtio_upload(s);
  if (guestfs_umount_all(s->g) == -1)
    debug("unmounting %s's filesystems: %s", s->opts->image,
          guestfs_last_error(s->g));
  /* Those that were never made fail, quietly. */
  static const char *const points[] = {MNT_VIRTIO, MNT_BOOT, MNT_WINDOWS};
  for (size_t i = 0; i < sizeof points / sizeof points[0]; i++)
    guestfs_rmmountpoint(s->g, points[i]);
  guestfs_pop_error_handler(s->g);
  guest_files_changed(s);
}

void session_detach(struct session *s)
{
  s->g = NULL;
  s->appliance = NULL;
}

void session_close(struct session *s)
{
  session_detach(s); /* the appliance is the run's to close */
  hive_copy_close_all(s);
  guest_free(&s->guest);
  guest_files_free(s);
  virtio_source_free(&s->virtio);
  /* Kept when a failed commit left the image half-written: the overlay
   * there is what completes it (output/commit.c). */
  if (!s->keep_scratch)
    remove_scratch(s->tmpdir);
  free(s->tmpdir);
  free(s->overlay);
  strlist_free(&s->more_overlays);
  free(s->more_formats);
  if (s->package)
    package_free(s->package);
  free(s->package);
  memset(s, 0, sizeof *s);
}
