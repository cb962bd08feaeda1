/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inspection of a Linux guest: mounts, kernels, initramfs, boot loader. */
#ifndef V2V_LINUX_INSPECT_H
#define V2V_LINUX_INSPECT_H

#include <stdbool.h>

#include "v2v/guest.h"
#include "v2v/own_fs.h"
#include "v2v/result.h"

struct session;
struct own_fs;

/* G->root known, nothing mounted. Mounts the
 * root at "/" (read-write on the overlay: the guest's own tools run there)
 * with the mount points of its fstab found among FS (the guest's own
 * filesystems), and fills g->linux_os and the refusals. */
MUST_CHECK enum result inspect_linux(struct session *s,
                                     const struct own_fs *fs);
/* Reads the kernels and their initramfs images again (verification). */
MUST_CHECK enum result inspect_linux_rescan(struct session *s);

/* What the firmware finds to boot and the guest's GRUB 2 installer
 * (inspect/linux_loader.c); again after the fix, to verify. */
void inspect_linux_loader(struct session *s);
/* Adds the refusal when the firmware finds no boot loader and v2v-fixup
 * cannot install the guest's own: no partition table, UEFI, no GRUB 2
 * installer or configuration in the guest, GPT without a BIOS boot
 * partition. */
void linux_refuse_no_loader(struct guest *g);

/* Not Xen-only, with the virtio PCI transport and a virtio block driver. */
bool linux_kernel_usable(const struct linux_kernel *k);
/* Adds the refusal when no kernel can boot on KVM (none at all, only Xen
 * PV kernels, or none with virtio block drivers). */
void linux_refuse_unbootable(struct guest *g);

#endif
