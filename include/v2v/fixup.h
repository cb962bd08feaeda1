/* The fix-up interface. A fix-up looks at the guest description and the
 * session's hives, and plans changes; it never calls another fix-up and
 * never writes: the executor in src/apply.c does, for all of them. */
#ifndef V2V_FIXUP_H
#define V2V_FIXUP_H

#include <stdbool.h>

#include "v2v/change.h"
#include "v2v/guest.h"

struct session;

struct fixup {
  const char *name;      /* short id, used in the report */
  const char *summary;   /* one line for --help and the plan */
  bool (*applies)(const struct guest *g);
  /* Appends planned changes to OUT; returns -1 (message printed) when the
   * guest cannot be planned for. Planning nothing means nothing to do. */
  int (*plan)(struct session *s, struct change_list *out);
};

/* All fix-ups, in the order their plans are applied; NULL-terminated. */
extern const struct fixup *const all_fixups[];

#endif
