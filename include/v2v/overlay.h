/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The qcow2 overlays over the input disks: the appliance writes only to
 * them; the user's image is their read-only backing file. */
#ifndef V2V_OVERLAY_H
#define V2V_OVERLAY_H

#include "v2v/result.h"

struct session;

/* One overlay per input disk in s->tmpdir (s->overlay, s->more_overlays). */
MUST_CHECK enum result overlay_create(struct session *s);

#endif
