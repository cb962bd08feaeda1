/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding the Windows root partition and describing the Windows guest. */
#ifndef V2V_WINDOWS_DETECT_H
#define V2V_WINDOWS_DETECT_H

#include "v2v/result.h"

struct session;

/* Finds the partition holding \Windows, trying the likely ones first
 * (windows_root_candidates), and leaves it mounted read-only at
 * MNT_WINDOWS (1), or finds none (0). */
int windows_find_root(struct session *s);
/* Fills version, variant, hostname, control set and arch from the hives
 * already in s->hives. */
void windows_describe(struct session *s);

#endif
