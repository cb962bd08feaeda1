/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Planning the repair of a BCD store whose device elements name another
 * disk: pure, over the hive file; used by the boot-config fix-up. */
#ifndef V2V_BCD_REPAIR_H
#define V2V_BCD_REPAIR_H

#include "v2v/change.h"
#include "v2v/guest.h"
#include "v2v/hive.h"

/* Plans the repair of every partition device element that names a disk or
 * partition this disk does not have: the boot manager and the memory
 * diagnostic (which live on the system partition) are pointed at SYSTEM,
 * everything else at OS. Unknown bytes of each element are kept. */
void bcd_plan_repair(hive *bcd, const struct disk *disk,
                     const struct partition *system,
                     const struct partition *os, const char *fixup,
                     struct change_list *out);

#endif
