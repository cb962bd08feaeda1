/* The fix-ups, in the order their changes are applied. */
#include "v2v/fixup.h"

extern const struct fixup fixup_xen_removal;
extern const struct fixup fixup_virtio;
extern const struct fixup fixup_boot_config;
extern const struct fixup fixup_firstboot;

const struct fixup *const all_fixups[] = {
    &fixup_xen_removal,
    &fixup_virtio,
    &fixup_boot_config,
    &fixup_firstboot, /* last: it schedules what the others leave for boot */
    NULL,
};
