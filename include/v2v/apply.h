/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one executor of planned changes. */
#ifndef V2V_APPLY_H
#define V2V_APPLY_H

#include "v2v/change.h"
#include "v2v/result.h"

struct session;

/* Registry changes go to the host copies of the hives, which are then
 * uploaded (only those that changed); file changes go through the
 * appliance. All of it lands in the overlay: a failure here leaves the
 * user's image as it was. Returns 0, or -1 after printing an error. */
MUST_CHECK enum result apply_changes(struct session *s,
                                     const struct change_list *l);

/* The registry half alone: edits s->hives on the host, uploads nothing.
 * Needs no appliance (unit tests use it directly). */
MUST_CHECK enum result
apply_registry_changes(struct session *s, const struct change_list *l);

#endif
