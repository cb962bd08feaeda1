/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inspection of a Linux guest: mounts, kernels, initramfs, boot loader. */
#ifndef V2V_LINUX_INSPECT_H
#define V2V_LINUX_INSPECT_H

#include <stdbool.h>

#include "v2v/guest.h"
#include "v2v/result.h"

struct session;

/* G->root known, nothing mounted. Mounts the
 * root at "/" (read-write on the overlay: the guest's own tools run there)
 * with its mount points, and fills g->linux_os and the refusals. */
MUST_CHECK enum result inspect_linux(struct session *s);
/* Reads the kernels and their initramfs images again (verification). */
MUST_CHECK enum result inspect_linux_rescan(struct session *s);

/* Not Xen-only, with the virtio PCI transport and a virtio block driver. */
bool linux_kernel_usable(const struct linux_kernel *k);
/* Adds the refusal when no kernel can boot on KVM (none at all, only Xen
 * PV kernels, or none with virtio block drivers). */
void linux_refuse_unbootable(struct guest *g);

#endif
