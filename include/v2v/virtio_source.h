/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The virtio-win source (a directory or an ISO): located on the host before
 * the launch, then made available in the appliance and read for the drivers
 * that fit the guest. The only virtio part that needs the appliance. */
#ifndef V2V_VIRTIO_SOURCE_H
#define V2V_VIRTIO_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "v2v/guest.h"
#include "v2v/result.h"
#include "v2v/strlist.h"

struct options;
struct session;

/* One driver found in the source. */
struct virtio_driver {
  char *folder;      /* driver folder in the source, e.g. NetKVM */
  char *name;        /* file name stem, e.g. netkvm */
  char *os_folder;   /* e.g. 2k19 */
  char *arch_folder; /* e.g. amd64 */
  char *dir;         /* appliance path of <folder>/<os>/<arch> */
  strlist files;     /* file names in dir (.pdb left out) */
  char *inf_file;    /* name of <name>.inf as it is in dir */
  char *inf;         /* its contents, NUL-terminated */
  size_t inf_len;
  struct driver_package info; /* [Version] of the inf */
};

/* Where the drivers come from, and what of it fits the guest. */
struct virtio_source {
  char *path;              /* host path: directory or ISO; NULL = none */
  bool iso;
  char *root;              /* appliance path of the tree, once prepared */
  strlist os, arch;        /* folders that fit the guest, in order */
  struct virtio_driver *drivers;
  size_t n;
};

/* Host side, before the launch: --virtio-win, else $VIRTIO_WIN, else
 * /usr/share/virtio-win (a directory holding virtio-win.iso means the
 * ISO). -1 (message printed) if a path was named and is not there;
 * 0 with v->path NULL if no default exists. */
MUST_CHECK enum result virtio_source_locate(const struct options *o,
                                            struct virtio_source *v);
/* After inspection: mounts the ISO (added as a read-only drive before the
 * launch) or uploads the fitting folders of a directory, then finds the
 * drivers for the guest. 0 ready (or nothing to do), 1 the source has no
 * storage driver for the guest (message printed), -1 error. */
MUST_CHECK enum result virtio_source_prepare(struct session *s);
const struct virtio_driver *virtio_source_driver(const struct virtio_source *v,
                                                 const char *name);
void virtio_source_free(struct virtio_source *v);

#endif
