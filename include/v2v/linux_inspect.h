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

/* Not Xen-only, with the virtio PCI transport and a virtio block driver. */
bool linux_kernel_usable(const struct linux_kernel *k);
/* Adds the refusal when no kernel can boot on KVM (none at all, only Xen
 * PV kernels, or none with virtio block drivers). */
void linux_refuse_unbootable(struct guest *g);

#endif
