/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/device_policy.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/strlist.h"

#define SCSI_ADAPTER_CLASS "{4D36E97B-E325-11CE-BFC1-08002BE10318}"
#define NET_CLASS "{4D36E972-E325-11CE-BFC1-08002BE10318}"
#define VIRTIO_PREFIX "PCI\\VEN_1AF4"

static bool enabled(hive *h, hive_node_h r, const char *name)
{
  uint32_t v = 0;
  return hive_get_dword(h, r, name, &v) == 0 && v != 0;
}

/* The string values of the list subkey NAME (the policy keeps one item per
 * value, named 1, 2, ...). */
static strlist items(hive *h, hive_node_h r, const char *name)
{
  strlist out = {0};
  hive_node_h k = hive_lookup(h, r, name);
  char **names = k ? hive_value_names(h, k) : NULL;
  for (size_t i = 0; names && names[i]; i++) {
    char *v = hive_get_string(h, k, names[i]);
    if (v)
      strlist_take(&out, v);
  }
  strv_free(names);
  return out;
}

static bool any_prefix(const strlist *l, const char *prefix)
{
  for (size_t i = 0; i < l->n; i++)
    if (strncasecmp(l->v[i], prefix, strlen(prefix)) == 0)
      return true;
  return false;
}

char *device_policy_block(hive *sw)
{
  hive_node_h r = sw ? hive_lookup(sw, hive_root(sw), DEVICE_RESTRICTIONS) : 0;
  if (!r)
    return NULL;
  char *why = NULL;
  strlist deny_ids = items(sw, r, "DenyDeviceIDs");
  strlist deny_cls = items(sw, r, "DenyDeviceClasses");
  strlist allow_ids = items(sw, r, "AllowDeviceIDs");
  strlist allow_cls = items(sw, r, "AllowDeviceClasses");
  if (enabled(sw, r, "DenyDeviceIDs") && any_prefix(&deny_ids, VIRTIO_PREFIX))
    why = xstrdup("DenyDeviceIDs lists virtio device IDs");
  else if (enabled(sw, r, "DenyDeviceClasses") &&
           (strlist_contains_ci(&deny_cls, SCSI_ADAPTER_CLASS) ||
            strlist_contains_ci(&deny_cls, NET_CLASS)))
    why = xstrdup("DenyDeviceClasses lists the storage or network class");
  else if (enabled(sw, r, "DenyUnspecified") &&
           !(enabled(sw, r, "AllowDeviceIDs") &&
             any_prefix(&allow_ids, VIRTIO_PREFIX)) &&
           !(enabled(sw, r, "AllowDeviceClasses") &&
             strlist_contains_ci(&allow_cls, SCSI_ADAPTER_CLASS)))
    why = xstrdup("DenyUnspecified is set and virtio devices are not "
                  "allowed");
  strlist_free(&deny_ids), strlist_free(&deny_cls);
  strlist_free(&allow_ids), strlist_free(&allow_cls);
  if (!why)
    return NULL;
  char *line = xasprintf("Group Policy blocks installing the virtio devices "
                         "(SOFTWARE\\%s: %s): lift the policy in Windows "
                         "first, or use --lift-device-restrictions",
                         DEVICE_RESTRICTIONS, why);
  free(why);
  return line;
}

void device_policy_plan_lift(hive *sw, const char *fixup,
                             struct change_list *out)
{
  hive_node_h r = sw ? hive_lookup(sw, hive_root(sw), DEVICE_RESTRICTIONS) : 0;
  static const char *const settings[] = {"DenyUnspecified", "DenyDeviceIDs",
                                         "DenyDeviceClasses", NULL};
  for (int i = 0; r && settings[i]; i++)
    if (enabled(sw, r, settings[i]))
      change_set_dword(out, fixup, HIVE_SOFTWARE, DEVICE_RESTRICTIONS,
                       settings[i], 0,
                       "--lift-device-restrictions: let Windows install the "
                       "virtio devices");
}
