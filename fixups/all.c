/* The fix-ups, in the order their changes are applied. */
#include "v2v/fixup.h"

extern const struct fixup fixup_xen_removal;
extern const struct fixup fixup_virtio;
extern const struct fixup fixup_boot_config;
extern const struct fixup fixup_firstboot;
extern const struct fixup fixup_linux_xen_agents;
extern const struct fixup fixup_linux_modprobe;
extern const struct fixup fixup_linux_console;
extern const struct fixup fixup_linux_devices;
extern const struct fixup fixup_linux_initramfs;
extern const struct fixup fixup_linux_grub;

const struct fixup *const all_fixups[] = {
    &fixup_xen_removal,
    &fixup_virtio,
    &fixup_boot_config,
    &fixup_firstboot, /* last: it schedules what the others leave for boot */
    /* Linux: file edits first; the guest's tools then build from them. */
    &fixup_linux_xen_agents,
    &fixup_linux_modprobe,
    &fixup_linux_console,
    &fixup_linux_devices,
    &fixup_linux_initramfs,
    &fixup_linux_grub,
    NULL,
};
