/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The qcow2 overlay that makes a run transactional: the appliance writes
 * only to the overlay, whose backing file is the user's image, so nothing
 * reaches the image before output/commit.c writes the overlay back. */
#include "v2v/overlay.h"

#include <stdlib.h>

#include "v2v/disk_spec.h"
#include "v2v/log.h"
#include "v2v/package.h"
#include "v2v/process.h"
#include "v2v/session.h"

static int qemu_img(struct session *s, char *const argv[], const char *what)
{
  char *log = xasprintf("%s/qemu-img.log", s->tmpdir);
  int r = run_qemu_img(argv, log, what);
  free(log);
  return r;
}

static int create_one(struct session *s, const char *backing, const char *fmt,
                      const char *overlay)
{
  char *argv[] = {"qemu-img", "create", "-q", "-f", "qcow2", "-F",
                  (char *)fmt, "-b", (char *)backing, (char *)overlay, NULL};
  return qemu_img(s, argv, "creating the overlay");
}

enum result overlay_create(struct session *s)
{
  s->overlay = xasprintf("%s/overlay.qcow2", s->tmpdir);
  if (!s->package) {
    char *path = realpath(s->opts->image, NULL);
    if (!path) {
      error_msg("cannot resolve the path of %s", s->opts->image);
      return RESULT_ERROR;
    }
    char *backing = qemu_disk_spec(path, s->image_format, 0, 0);
    int r = create_one(s, backing, s->image_format, s->overlay);
    free(backing);
    free(path);
    return r == 0 ? RESULT_OK : RESULT_ERROR;
  }
  /* A package's disks: each its own overlay, the boot disk first. */
  for (size_t i = 0; i < s->package->ndisks; i++) {
    char *backing = package_backing(s->package, i);
    char *overlay = i == 0 ? xstrdup(s->overlay)
                           : xasprintf("%s/overlay-%zu.qcow2", s->tmpdir, i + 1);
    int r = create_one(s, backing, s->package->disks[i].format, overlay);
    free(backing);
    if (i > 0)
      strlist_take(&s->more_overlays, overlay);
    else
      free(overlay);
    if (r == -1)
      return RESULT_ERROR;
  }
  return RESULT_OK;
}
