/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The qcow2 overlay that makes a run transactional: the appliance writes
 * only to the overlay, whose backing file is the user's image, so nothing
 * reaches the image before output/commit.c writes the overlay back. */
#include "v2v/overlay.h"

#include <fcntl.h>
#include <json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "v2v/disk_format.h"
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

/* The virtual size qemu gives OVERLAY (that of its backing disk), or 0. */
static uint64_t virtual_size(struct session *s, const char *overlay)
{
  char *log = xasprintf("%s/qemu-img-info.json", s->tmpdir);
  char *argv[] = {"qemu-img", "info", "--output=json", (char *)overlay, NULL};
  uint64_t size = 0;
  unlink(log);
  if (run_command_shown(argv, log, false) == 0) {
    json_object *info = json_object_from_file(log);
    json_object *v = NULL;
    if (info && json_object_object_get_ex(info, "virtual-size", &v))
      size = (uint64_t)json_object_get_int64(v);
    json_object_put(info);
  }
  unlink(log);
  free(log);
  return size;
}

/* SIZE bytes at BASE in FILE: if it is a VHD, qemu must see it as large as
 * its footer says (disk_spec.c asks it to), or the tail would be lost
 * without a word. */
static int check_vhd_size(struct session *s, const char *overlay,
                          const char *file, uint64_t base, uint64_t size,
                          const char *shown)
{
  int fd = open(file, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (size == UINT64_MAX && fd >= 0 && fstat(fd, &st) == 0)
    size = (uint64_t)st.st_size; /* the whole file */
  uint64_t want = fd >= 0 ? vhd_current_size(fd, base, size) : 0;
  if (fd >= 0)
    close(fd);
  uint64_t got = want ? virtual_size(s, overlay) : 0;
  if (!want || got == want)
    return 0;
  error_msg("%s: qemu reads the VHD as %llu bytes but its footer says %llu: "
            "refusing to lose the disk's end", shown, (unsigned long long)got,
            (unsigned long long)want);
  return -1;
}

static int create_one(struct session *s, const char *backing, const char *fmt,
                      const char *overlay)
{
  char *argv[] = {"qemu-img", "create", "-q", "-f", "qcow2", "-F",
                  (char *)fmt, "-b", (char *)backing, (char *)overlay, NULL};
  return qemu_img(s, argv, "creating the overlay");
}

/* An overlay over the image file PATH (FORMAT), named OVERLAY. */
static int overlay_over_file(struct session *s, const char *path,
                             const char *format, const char *overlay)
{
  char *real = realpath(path, NULL);
  if (!real) {
    error_msg("cannot resolve the path of %s", path);
    return -1;
  }
  char *backing = qemu_disk_spec(real, format, 0, 0);
  int r = create_one(s, backing, format, overlay);
  if (r == 0 && strcmp(format, "vpc") == 0)
    r = check_vhd_size(s, overlay, real, 0, UINT64_MAX, path);
  free(backing);
  free(real);
  return r;
}

/* A package's disk I. */
static int overlay_over_package(struct session *s, size_t i,
                                const char *overlay)
{
  char *backing = package_backing(s->package, i);
  const struct package_disk *d = &s->package->disks[i];
  int r = create_one(s, backing, d->format, overlay);
  if (r == 0 && strcmp(d->format, "vpc") == 0)
    r = check_vhd_size(s, overlay, d->unpacked ? d->unpacked : d->file,
                       d->unpacked ? 0 : d->offset,
                       d->unpacked ? UINT64_MAX : d->size, d->href);
  free(backing);
  return r;
}

enum result overlay_create(struct session *s)
{
  const struct options *o = s->opts;
  size_t n = s->package ? s->package->ndisks : 1 + o->more_disks.n;
  s->overlay = xasprintf("%s/overlay.qcow2", s->tmpdir);
  /* Each disk its own overlay, the boot disk first. */
  for (size_t i = 0; i < n; i++) {
    char *overlay = i == 0 ? xstrdup(s->overlay)
                           : xasprintf("%s/overlay-%zu.qcow2", s->tmpdir, i + 1);
    int r = s->package ? overlay_over_package(s, i, overlay)
            : i == 0   ? overlay_over_file(s, o->image, s->image_format, overlay)
                       : overlay_over_file(s, o->more_disks.v[i - 1],
                                           s->more_formats[i - 1], overlay);
    if (i > 0)
      strlist_take(&s->more_overlays, overlay);
    else
      free(overlay);
    if (r == -1)
      return RESULT_ERROR;
  }
  return RESULT_OK;
}
