/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Everything one run holds: the appliance, the overlay, the guest
 * description and the hives downloaded to the host. */
#ifndef V2V_SESSION_H
#define V2V_SESSION_H

#include <guestfs.h>

#include "v2v/cli.h"
#include "v2v/guest.h"
#include "v2v/guest_files.h"
#include "v2v/hive.h"
#include "v2v/hive_copy.h"
#include "v2v/virtio_source.h"
#include "v2v/result.h"

/* Where the Windows filesystems are mounted in the appliance. */
#define MNT_WINDOWS "/c"
#define MNT_BOOT "/boot"
/* Where the virtio-win tree is in the appliance (not in the guest). */
#define MNT_VIRTIO "/virtio"

struct session {
  const struct options *opts;
  char *tmpdir;             /* host scratch dir, removed at exit */
  char *overlay;            /* qcow2 overlay backed by the image */
  const char *image_format; /* qemu driver of the (boot) disk */
  struct package *package; /* an OVF package as input, else NULL */
  strlist more_overlays;    /* overlays of a package's other disks */
  guestfs_h *g;
  struct guest guest;
  hive *hives[HIVE_COUNT];  /* host copies; NULL when the guest has none */
  char *hive_paths[HIVE_COUNT]; /* appliance paths they came from */
  struct hive_write hive_writes[HIVE_COUNT]; /* what apply wrote there */
  int launches;             /* appliance launches (the goal is one) */
  long long overlay_bytes;  /* overlay size on disk at commit time */
  bool keep_scratch;        /* a failed commit needs the overlay later */
  bool committed;           /* the image (or -o output) is written */
  struct virtio_source virtio;
  struct path_cache paths;  /* listings of guest directories */
  struct file_facts facts;  /* sizes and digests of files compared */
};

/* Scratch dir, overlay over the image, one appliance launch (retried once
 * under TCG if KVM fails). Returns 0 or -1 after printing an error. */
MUST_CHECK enum result session_open(struct session *s);
/* Flushes and stops the appliance: required before committing. */
MUST_CHECK enum result session_shutdown(struct session *s);
/* Frees everything and removes the scratch dir. */
void session_close(struct session *s);

#endif
