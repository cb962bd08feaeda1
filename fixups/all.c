/* The fix-ups, in the order their changes are applied. */
#include "v2v/fixup.h"

extern const struct fixup fixup_xen_removal;

const struct fixup *const all_fixups[] = {
    &fixup_xen_removal,
    NULL,
};
