/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Human forms of the guest description and of the plan (stdout). */
#ifndef V2V_PRINT_H
#define V2V_PRINT_H

#include <stdio.h>

#include "v2v/change.h"
#include "v2v/guest.h"

void print_guest(FILE *f, const struct guest *g);
/* ALL: every change with its reason; else a line per fix-up. */
void print_plan(FILE *f, const struct change_list *plan, bool all);

#endif
