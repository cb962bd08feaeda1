/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What makes a guest unfixable offline, seen before OS inspection:
 * BitLocker, dynamic disks, hibernation / Fast Startup. */
#ifndef V2V_REFUSALS_H
#define V2V_REFUSALS_H

#include <stddef.h>

#include "v2v/guest.h"

struct session;

void inspect_disk_refusals(struct session *s);
/* Why partition P cannot be fixed offline, from its type and the first 11
 * bytes of its boot sector; NULL if it can. Pure: the host uses it on raw
 * images before any launch. */
char *partition_refusal(const struct partition *p, const void *boot,
                        size_t len);
/* Hibernation / Fast Startup on the Windows root mounted at MNT. */
void inspect_hibernation(struct session *s, const char *mnt);

#endif
