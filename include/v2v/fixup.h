/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fix-up interface. A fix-up looks at the guest description, the
 * session's hives and the plan built so far, and appends changes to it;
 * it never calls another fix-up and never writes to the guest: the
 * executor (guest/apply.c) does, for all of them.
 *
 * What planning may do, as it stands: read the guest through the
 * appliance (files, and the guest's own listing tools such as
 * lsinitramfs, which run chrooted and touch only the overlay); look at
 * the changes earlier fix-ups planned (all.c's order is part of the
 * contract); report warnings through WARNINGS. It must not change the
 * guest description. */
#ifndef V2V_FIXUP_H
#define V2V_FIXUP_H

#include <stdbool.h>

#include "v2v/change.h"
#include "v2v/guest.h"
#include "v2v/result.h"
#include "v2v/strlist.h"

struct session;

struct fixup {
  const char *name;      /* short id, used in the report */
  const char *summary;   /* one line for --help and the plan */
  bool (*applies)(const struct guest *g);
  /* Appends planned changes to OUT and warnings (one line each) to
   * WARNINGS. RESULT_ERROR (message printed) when the guest cannot be
   * planned for. Planning nothing means nothing to do. */
  MUST_CHECK enum result (*plan)(struct session *s, struct change_list *out,
                                 strlist *warnings);
};

/* All fix-ups, in the order they plan and their changes are applied;
 * NULL-terminated. */
extern const struct fixup *const all_fixups[];

#endif
