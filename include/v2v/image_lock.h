/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One run at a time per image: a fix in place holds the image exclusively,
 * a run that only reads it (-o, -n, --inspect) holds it shared, and -o
 * holds its first output's partial file. A second run is refused at once,
 * not at commit time minutes later. (flock locks: qemu's own byte-range
 * locks are separate and do not conflict with them.) */
#ifndef V2V_IMAGE_LOCK_H
#define V2V_IMAGE_LOCK_H

#include "v2v/cli.h"
#include "v2v/result.h"

struct image_lock {
  int image_fd;
  int *more_fds;        /* the guest's other disks (--disk) */
  size_t nmore;
  int output_fd;
  char *output_partial; /* the -o partial file we created, or NULL */
};

MUST_CHECK enum result image_lock_take(const struct options *o,
                                       struct image_lock *l);
/* Drops the locks; an empty partial file we created is removed. */
void image_lock_release(struct image_lock *l);

#endif
