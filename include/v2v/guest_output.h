/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The last step of a fixed guest, once the appliance has stopped and its
 * overlays are complete: committed into its images (in place), or written
 * as new files (-o) with the libvirt domain and the target hints. */
#ifndef V2V_GUEST_OUTPUT_H
#define V2V_GUEST_OUTPUT_H

#include <stdbool.h>

#include "v2v/report.h"
#include "v2v/result.h"
#include "v2v/session.h"

/* CHANGED: the plan was not empty (else -o copies the input as it is).
 * RESULT_ERROR after one line naming what failed. */
MUST_CHECK enum result guest_output_write(struct session *s, struct report *rep,
                                          bool changed);

#endif
