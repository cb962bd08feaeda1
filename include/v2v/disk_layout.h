/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The partition table of one appliance disk, read into struct disk;
 * OVERLAY is the host file behind DEVICE (for its size). */
#ifndef V2V_DISK_LAYOUT_H
#define V2V_DISK_LAYOUT_H

#include "v2v/guest.h"
#include "v2v/result.h"

struct session;

MUST_CHECK enum result inspect_disk_layout(struct session *s,
                                           const char *device,
                                           const char *overlay,
                                           struct disk *out);

#endif
