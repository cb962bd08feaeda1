/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How to run the fixed guest on the usual KVM targets: the OpenStack image
 * properties (and the `openstack image create` line), the Proxmox
 * `qm importdisk` / `qm set` lines, and a `virt-install --import` line,
 * all from the domain the run would write. Pure: printed after a fix
 * with -o and kept in the report. */
#ifndef V2V_TARGET_HINTS_H
#define V2V_TARGET_HINTS_H

#include "v2v/guest.h"
#include "v2v/libvirt_xml.h"
#include "v2v/strlist.h"

struct target_hints {
  strlist glance;      /* "hw_disk_bus=virtio", ... */
  char *openstack;     /* the image create command */
  strlist proxmox;     /* qm commands, in order */
  char *virt_install;
};

void target_hints_make(const struct guest *g, const struct domain_spec *d,
                       struct target_hints *out);
void target_hints_free(struct target_hints *h);

#endif
