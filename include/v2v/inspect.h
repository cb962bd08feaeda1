/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inspection: what the guest is. inspect_guest() fills s->guest once per
 * run; the pure parts (windows/inf.c, pv_scan.c) work on buffers and hive
 * files and are unit-tested without the appliance. */
#ifndef V2V_INSPECT_H
#define V2V_INSPECT_H

#include "v2v/guest.h"
#include "v2v/result.h"

struct session;

/* Runs the whole inspection. Returns 0, or -1 after printing an error.
 * Refusals are not errors: they land in s->guest.refusals. */
MUST_CHECK enum result inspect_guest(struct session *s);
/* Reads the Windows hives and driver packages again and rescans them:
 * used after applying changes, to verify. */
MUST_CHECK enum result inspect_windows_rescan(struct session *s);

#endif
