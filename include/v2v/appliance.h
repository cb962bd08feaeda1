/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The libguestfs appliance of a run: launched once for every guest of the
 * run. Its drives are each guest's overlays in turn (boot disk first), then
 * the virtio-win ISO, read-only, last; a guest's disks are the devices from
 * its first drive on. */
#ifndef V2V_APPLIANCE_H
#define V2V_APPLIANCE_H

#include <guestfs.h>
#include <stdbool.h>
#include <stddef.h>

#include "v2v/result.h"

struct appliance_drive {
  const char *file;   /* host file: an overlay or the ISO */
  const char *format; /* qemu driver of FILE */
  bool readonly;
  const char *shown;  /* what the user named, for messages */
};

struct appliance {
  guestfs_h *g;
  int launches;       /* the goal is one per run */
  int smp;            /* vCPUs it ran with */
  int memsize_mib;    /* memory it ran with */
  char **roots;       /* guestfs_inspect_os, read once (appliance_roots) */
  bool inspected;
};

/* vCPUs and memory for the appliance. Two vCPUs launch faster than one
 * under TCG and share the guest tools' work (dracut, compressors); more do
 * not help a run that is mostly one step after another. Memory is
 * libguestfs's own default, which the guest's initramfs tools fit in,
 * unless the host has less than twice that available; LIBGUESTFS_MEMSIZE
 * (MEMSIZE_ENV_MIB > 0) is the user's and wins, as V2V_FIXUP_VCPUS
 * (VCPUS_ENV > 0, at most HOST_CPUS) is for the vCPUs: a host running
 * several conversions at once gives each one. Pure. */
void appliance_size(long host_cpus, long long host_avail_mib,
                    long long memsize_env_mib, long vcpus_env,
                    int default_mib, int *smp, int *memsize_mib);

/* Adds the drives and launches (once more under TCG if KVM fails).
 * RESULT_ERROR after one line naming what failed. */
MUST_CHECK enum result appliance_launch(struct appliance *a,
                                        const struct appliance_drive *drives,
                                        size_t n, int verbosity);
/* Every operating system root libguestfs finds on every drive, read once
 * per launch (the scan mounts each filesystem: call it with nothing
 * mounted). NULL-terminated; owned by A; NULL after an error. */
char *const *appliance_roots(struct appliance *a);
/* Flushes and stops it: required before the overlays are committed. */
MUST_CHECK enum result appliance_shutdown(struct appliance *a);
void appliance_close(struct appliance *a);

#endif
