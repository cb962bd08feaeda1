/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Everything one guest of a run holds: its overlays, its share of the
 * appliance, the guest description and the hives downloaded to the host.
 * A run fixes one or several guests in one appliance (appliance.h). */
#ifndef V2V_SESSION_H
#define V2V_SESSION_H

#include <guestfs.h>

#include "v2v/appliance.h"
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
  const struct options *opts; /* this guest's (pipeline.h) */
  char *tmpdir;             /* host scratch dir, removed at exit */
  char *overlay;            /* qcow2 overlay backed by the image */
  const char *image_format; /* qemu driver of the (boot) disk */
  struct package *package; /* an OVF package as input, else NULL */
  strlist more_overlays;    /* overlays of the guest's other disks */
  const char **more_formats; /* qemu drivers of opts->more_disks */
  struct appliance *appliance; /* the run's, once launched */
  guestfs_h *g;             /* its handle; NULL when not running */
  size_t first_drive;       /* the boot disk's index among its drives */
  struct guest guest;
  hive *hives[HIVE_COUNT];  /* host copies; NULL when the guest has none */
  char *hive_paths[HIVE_COUNT]; /* appliance paths they came from */
  struct hive_write hive_writes[HIVE_COUNT]; /* what apply wrote there */
  long long overlay_bytes;  /* overlay size on disk at commit time */
  bool keep_scratch;        /* a failed commit needs the overlay later */
  bool committed;           /* the image (or -o output) is written */
  struct virtio_source virtio;
  struct path_cache paths;  /* listings of guest directories */
  struct file_facts facts;  /* sizes and digests of files compared */
};

/* Before the launch: the scratch dir, unpacked package disks and an
 * overlay over each disk. RESULT_ERROR after one line naming the problem. */
MUST_CHECK enum result session_prepare(struct session *s);
/* Appends the drives the appliance needs for this guest (its overlays,
 * boot disk first) to *DRIVES (*N of them so far). */
void session_drives(const struct session *s, struct appliance_drive **drives,
                    size_t *n);
/* The guest's disks are the appliance's drives from FIRST_DRIVE on. */
void session_attach(struct session *s, struct appliance *a, size_t first_drive);
/* The appliance devices of the guest's disks, boot disk first;
 * NULL-terminated, malloc'ed (strv_free). */
char **session_devices(struct session *s);
/* Leaves the appliance as the next guest needs it: everything unmounted,
 * the mount points and uploads this guest made removed; with NEXT_GUEST
 * false (the appliance stops next, which unmounts and syncs) nothing.
 * Errors are only logged: the guest's own result stands. */
void session_release(struct session *s, bool next_guest);
/* The appliance is gone (shut down or closed): no more guest calls. */
void session_detach(struct session *s);
/* Frees everything and removes the scratch dir. */
void session_close(struct session *s);

#endif
