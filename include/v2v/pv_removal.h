/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the removal fix-ups of the hypervisors' drivers share: every
 * finding of one vendor's scan (pv_scan.h) becomes the change that undoes
 * it. xen-removal and vmware-tools-removal are this, for their vendor. */
#ifndef V2V_PV_REMOVAL_H
#define V2V_PV_REMOVAL_H

#include <stdbool.h>

#include "v2v/change.h"
#include "v2v/guest.h"
#include "v2v/result.h"

struct session;

/* Whether G has a component of VENDOR that is not kept. */
bool pv_removal_applies(const struct guest *g, enum pv_vendor vendor);
/* Plans, as FIXUP, the removal of VENDOR's components found in the
 * guest. */
MUST_CHECK enum result pv_removal_plan(struct session *s, struct change_list *out,
                            enum pv_vendor vendor, const char *fixup);

#endif
