/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Removes a hypervisor's drivers and tools (the Xen PV drivers, VMware
 * Tools) so that Windows no longer loads them on KVM: every finding of the
 * inspector's scan for that vendor becomes the change that undoes it.
 * Kept findings (pvscsi) and uninstall entries (firstboot's) plan nothing. */
#include "v2v/pv_removal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/pv_scan.h"
#include "v2v/session.h"

bool pv_removal_applies(const struct guest *g, enum pv_vendor vendor)
{
  for (size_t i = 0; i < g->npv; i++)
    if (g->pv[i].vendor == vendor && !g->pv[i].kept)
      return true;
  return false;
}

/* The multi-string F names as the plan so far leaves it: the other
 * vendor's removal may have edited the same filter list already. */
static char **planned_multi(struct session *s, const struct change_list *out,
                            const struct pv_finding *f)
{
  for (size_t i = out->n; i-- > 0;) {
    const struct change *c = &out->v[i];
    if (!change_is_registry(c) || c->hive != f->hive || !c->key ||
        strcasecmp(c->key, f->key) != 0)
      continue;
    if (c->op == CHG_DELETE_KEY)
      return NULL;
    if (!c->value || strcasecmp(c->value, f->value) != 0)
      continue;
    if (c->op == CHG_DELETE_VALUE)
      return NULL;
    if (c->op == CHG_SET_VALUE && c->type == REGT_MULTI_SZ)
      return reg_decode_multi(c->data, c->len);
  }
  hive *h = s->hives[f->hive];
  return hive_get_multi(h, hive_lookup(h, hive_root(h), f->key), f->value);
}

/* The filter list without the vendor's drivers; an emptied list goes
 * away, as Windows would rather have no value than an empty one. */
static void plan_filter(struct session *s, const struct pv_finding *f,
                        const struct pv_inventory *inv, const char *fixup,
                        struct change_list *out)
{
  char **list = planned_multi(s, out, f);
  bool removed;
  char **rest = strv_without_ci(list, inv->removable.v, &removed);
  char *why = xasprintf("%s filter in %s [%s]",
                        pv_vendor_label(inv->vendor), f->value, f->detail);
  if (removed && !rest[0])
    change_delete_value(out, fixup, f->hive, f->key, f->value, why);
  else if (removed)
    change_set_multi(out, fixup, f->hive, f->key, f->value, rest, why);
  free(why);
  strv_free(rest);
  strv_free(list);
}

enum result pv_removal_plan(struct session *s, struct change_list *out,
                            enum pv_vendor vendor, const char *fixup)
{
  struct pv_inventory inv;
  pv_inventory_load(&inv, vendor);
  const char *who = pv_vendor_label(vendor);
  const struct guest *g = &s->guest;
  for (size_t i = 0; i < g->npv; i++) {
    const struct pv_finding *f = &g->pv[i];
    if (f->vendor != vendor || f->kept)
      continue;
    char *why = NULL;
    switch (f->kind) {
    case PV_SERVICE:
      why = xasprintf("disable %s service %s (was %s)", who, f->name,
                      f->detail);
      change_set_dword(out, fixup, f->hive, f->key, "Start", 4, why);
      break;
    case PV_FILTER:
      plan_filter(s, f, &inv, fixup, out);
      break;
    case PV_UNPLUG:
      why = xasprintf("%s emulated-device unplug setting %s", who, f->name);
      if (f->value)
        change_delete_value(out, fixup, f->hive, f->key, f->value, why);
      else
        change_delete_key(out, fixup, f->hive, f->key, why);
      break;
    case PV_START_OVERRIDE:
      why = xasprintf("re-enable in-box storage driver %s", f->name);
      change_delete_key(out, fixup, f->hive, f->key, why);
      break;
    case PV_CDD:
      why = xasprintf("critical device %s routed to %s (%s)", f->name, who,
                      f->detail);
      change_delete_key(out, fixup, f->hive, f->key, why);
      break;
    case PV_CLASS_INSTANCE:
      why = xasprintf("device class driver installed from %s %s", who,
                      f->name);
      change_delete_key(out, fixup, f->hive, f->key, why);
      break;
    case PV_DRIVER_DB:
      why = xasprintf("%s driver package %s (%s)", who, f->name, f->detail);
      if (f->value)
        change_delete_value(out, fixup, f->hive, f->key, f->value, why);
      else
        change_delete_key(out, fixup, f->hive, f->key, why);
      break;
    case PV_INF_FILE:
      why = xasprintf("%s driver package %s (%s)", who, f->name, f->detail);
      change_delete_path(out, fixup, CHG_DELETE_FILE, f->path, why);
      break;
    case PV_REPO_DIR:
      why = xasprintf("%s driver package %s in the driver store (%s)", who,
                      f->name, f->detail);
      change_delete_path(out, fixup, CHG_DELETE_TREE, f->path, why);
      break;
    case PV_UNINSTALL:
      /* An MSI cannot be run offline: the firstboot fix-up schedules it
       * (and the report lists the entry). */
      break;
    }
    free(why);
  }
  pv_inventory_free(&inv);
  return RESULT_OK;
}
