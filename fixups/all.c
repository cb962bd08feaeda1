/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fix-ups, in the order they plan and their changes are applied.
 * The order matters: a fix-up sees the plan built before it. virtio's
 * storage driver and boot-config's BCD come after xen-removal and
 * vmware-tools-removal have disabled the hypervisors' drivers (the second
 * edits filter lists as the first left them); firstboot schedules what
 * the others leave for boot; on Linux, the guest's initramfs and grub
 * tools run last, after the file edits they build from (linux-initramfs
 * reads the plan to see whether the configuration changed). */
#include "v2v/fixup.h"

extern const struct fixup fixup_xen_removal;
extern const struct fixup fixup_vmware_tools_removal;
extern const struct fixup fixup_virtio;
extern const struct fixup fixup_boot_config;
extern const struct fixup fixup_firstboot;
extern const struct fixup fixup_linux_xen_agents;
extern const struct fixup fixup_linux_vmware_tools;
extern const struct fixup fixup_linux_modprobe;
extern const struct fixup fixup_linux_console;
extern const struct fixup fixup_linux_devices;
extern const struct fixup fixup_linux_network;
extern const struct fixup fixup_linux_initramfs;
extern const struct fixup fixup_linux_bootloader;
extern const struct fixup fixup_linux_grub;

const struct fixup *const all_fixups[] = {
    &fixup_xen_removal,
    &fixup_vmware_tools_removal,
    &fixup_virtio,
    &fixup_boot_config,
    &fixup_firstboot, /* last: it schedules what the others leave for boot */
    /* Linux: file edits first; the guest's tools then build from them. */
    &fixup_linux_xen_agents,
    &fixup_linux_vmware_tools,
    &fixup_linux_modprobe,
    &fixup_linux_console,
    &fixup_linux_devices,
    &fixup_linux_network,
    &fixup_linux_initramfs,
    &fixup_linux_bootloader, /* before linux-grub, which then runs mkconfig */
    &fixup_linux_grub,
    NULL,
};
