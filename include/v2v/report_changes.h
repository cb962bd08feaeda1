/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The plan as JSON, registry values structured (type and data), each with
 * the value it replaces. */
#ifndef V2V_REPORT_CHANGES_H
#define V2V_REPORT_CHANGES_H

#include <json.h>
#include <stddef.h>
#include <stdint.h>

#include "v2v/change.h"
#include "v2v/hive.h"

/* {"type": "REG_DWORD", "data": 4}: DWORD/QWORD as numbers, SZ and
 * EXPAND_SZ as strings, MULTI_SZ as an array, anything else as hex. */
json_object *reg_value_json(uint32_t type, const void *data, size_t len);
/* HIVES as the plan found them (before apply); NULL, or a NULL entry, when
 * there are none: "old" is then null. */
json_object *report_changes_json(const struct change_list *plan,
                                 hive *const hives[HIVE_COUNT]);

#endif
