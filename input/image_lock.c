/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/image_lock.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "v2v/alloc.h"
#include "v2v/commit.h"
#include "v2v/log.h"

static enum result lock_fd(int fd, bool exclusive, const char *what)
{
  if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0)
    return RESULT_OK;
  if (errno == EWOULDBLOCK)
    error_msg("%s is in use by another v2v-fixup run: refused (wait for it "
              "to finish)", what);
  else
    error_msg("cannot lock %s: %s", what, strerror(errno));
  return RESULT_ERROR;
}

enum result image_lock_take(const struct options *o, struct image_lock *l)
{
  *l = (struct image_lock){.image_fd = -1, .output_fd = -1};
  /* A missing input is reported by the checks that follow, by name. */
  l->image_fd = open(o->image, O_RDONLY | O_CLOEXEC);
  bool in_place = o->mode == MODE_FIX && !o->output_file;
  if (l->image_fd >= 0 &&
      lock_fd(l->image_fd, in_place, o->image) == RESULT_ERROR)
    return RESULT_ERROR;
  l->more_fds = xcalloc(o->more_disks.n + 1, sizeof *l->more_fds);
  for (size_t i = 0; i < o->more_disks.n; i++) {
    int fd = open(o->more_disks.v[i], O_RDONLY | O_CLOEXEC);
    l->more_fds[l->nmore++] = fd;
    if (fd >= 0 && lock_fd(fd, in_place, o->more_disks.v[i]) == RESULT_ERROR)
      return RESULT_ERROR;
  }
  if (!o->output_file || o->mode != MODE_FIX)
    return RESULT_OK;
  char *first = output_disk_name(o->output_file, 0);
  char *partial = xasprintf("%s.v2v-partial", first);
  free(first);
  l->output_fd = open(partial, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (l->output_fd == -1) {
    error_msg("cannot create %s: %s", partial, strerror(errno));
    free(partial);
    return RESULT_ERROR;
  }
  if (lock_fd(l->output_fd, true, o->output_file) == RESULT_ERROR) {
    free(partial);
    return RESULT_ERROR;
  }
  /* One left by a run that was killed is ours to reuse now. */
  l->output_partial = partial;
  return RESULT_OK;
}

void image_lock_release(struct image_lock *l)
{
  if (l->output_partial) {
    struct stat mine, now;
    /* Still the file we locked, and never written (a conversion renames
     * it into place or removes it itself). */
    if (fstat(l->output_fd, &mine) == 0 && stat(l->output_partial, &now) == 0 &&
        mine.st_ino == now.st_ino && mine.st_dev == now.st_dev &&
        now.st_size == 0)
      unlink(l->output_partial);
    free(l->output_partial);
  }
  if (l->output_fd >= 0)
    close(l->output_fd);
  if (l->image_fd >= 0)
    close(l->image_fd);
  for (size_t i = 0; i < l->nmore; i++)
    if (l->more_fds[i] >= 0)
      close(l->more_fds[i]);
  free(l->more_fds);
  *l = (struct image_lock){.image_fd = -1, .output_fd = -1};
}
