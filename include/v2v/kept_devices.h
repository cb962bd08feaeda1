/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --keep-devices: the libvirt domain keeps the source's disk controllers
 * and NIC models (LSI Logic SCSI, SATA, IDE; e1000, e1000e, vmxnet3) for
 * a guest that must boot before its virtio drivers are in use. What the
 * .vmx or the OVF says, in libvirt's words; what qemu cannot emulate is
 * replaced by its nearest kin, with a warning. Pure; unit-tested in
 * tests/unit/test_libvirt_xml.c. */
#ifndef V2V_KEPT_DEVICES_H
#define V2V_KEPT_DEVICES_H

#include "v2v/libvirt_xml.h"
#include "v2v/ovf.h"

/* The disk bus for a disk the source attached to CONTROLLER (ovf.h's
 * words): "scsi:lsilogic", "scsi:lsisas1068", "scsi:vmpvscsi", "sata",
 * "ide"; NULL for an unknown controller. *NOTE says why it is not the
 * source's own (BusLogic, NVMe, an unnamed SCSI model), else NULL. */
const char *kept_disk_bus(const char *controller, const char **note);

/* The libvirt NIC model for the source's MODEL (a .vmx virtualDev or an
 * OVF ResourceSubType, any case): e1000, e1000e, vmxnet3, pcnet; e1000
 * with *NOTE for a model qemu lacks or none given. */
const char *kept_nic_model(const char *model, const char **note);

/* D's per-disk buses and per-NIC models from OVF (a package's machine),
 * the machine type "pc" when a disk stays on IDE (q35 has none), and a
 * warning in D->warnings for each device not kept as it was. */
void kept_devices_apply(const struct ovf *ovf, struct domain_spec *d);

#endif
