/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The repair plan of a BCD store whose partition device elements name a
 * disk or partition this disk does not have. */
#include "v2v/bcd_repair.h"

#include <stdlib.h>

#include "v2v/bcd.h"

struct repair_ctx {
  const struct disk *disk;
  const struct partition *system, *os;
  const char *fixup;
  struct change_list *out;
};

static void repair_one(hive *bcd, struct bcd_device_element *de, void *ctx)
{
  struct repair_ctx *c = ctx;
  /* The boot managers, the memory test and firmware applications live on
   * the system partition (the ESP under UEFI);
   * everything else, and every OS device, on the Windows one. */
  bool on_system = !de->is_os_device &&
                   (de->object_type == BCD_TYPE_BOOTMGR ||
                    de->object_type == BCD_TYPE_MEMDIAG ||
                    de->object_type == BCD_TYPE_FWBOOTMGR ||
                    de->object_type == BCD_TYPE_FWAPP);
  const struct partition *target = on_system ? c->system : c->os;
  if (!target || bcd_device_partition(&de->device, c->disk))
    return;
  /* Only the location changes: the element's other bytes are kept. */
  struct bcd_device to = bcd_device_of(c->disk, target);
  bcd_device_set_location(de->data, &to);
  char *key = hive_node_path(bcd, de->element);
  char *was = bcd_device_describe(&de->device);
  char *why = xasprintf("names %s, not on this disk: point it at partition %d",
                        was, target->num);
  change_set_raw(c->out, c->fixup, HIVE_BCD, key, "Element", de->value_type,
                 de->data, de->len, why);
  free(why);
  free(was);
  free(key);
}

void bcd_plan_repair(hive *bcd, const struct disk *disk,
                     const struct partition *system,
                     const struct partition *os, const char *fixup,
                     struct change_list *out)
{
  struct repair_ctx c = {disk, system, os, fixup, out};
  bcd_for_each_device(bcd, repair_one, &c);
}
