/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Group Policy device-installation restrictions (SOFTWARE\Policies\
 * Microsoft\Windows\DeviceInstall\Restrictions) that would keep Windows
 * from installing the virtio devices at the first boot on KVM: the guest
 * would come up without its disk or network driver. Pure, over the
 * SOFTWARE hive. */
#ifndef V2V_DEVICE_POLICY_H
#define V2V_DEVICE_POLICY_H

#include "v2v/change.h"
#include "v2v/hive.h"

#define DEVICE_RESTRICTIONS \
  "Policies\\Microsoft\\Windows\\DeviceInstall\\Restrictions"

/* Why the policy blocks virtio devices (one line naming the setting), or
 * NULL: DenyUnspecified without the virtio IDs or classes allowed,
 * DenyDeviceIDs naming a virtio ID, DenyDeviceClasses naming the storage
 * or network class. */
char *device_policy_block(hive *sw);
/* Plans turning those settings off (DenyUnspecified, DenyDeviceIDs,
 * DenyDeviceClasses set to 0), for --lift-device-restrictions. */
void device_policy_plan_lift(hive *sw, const char *fixup,
                             struct change_list *out);

#endif
